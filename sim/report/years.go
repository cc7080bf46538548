package report

import (
	"fmt"
	"math"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/plot"
)

// yearMetrics are the columns of the table by financial year.
var yearMetrics = []string{metric.Arrivals, metric.Admissions, metric.BedDays, metric.DelayedBedDays,
	metric.DelayedShare, metric.BedsOccupiedMean, metric.OccupancyMean, metric.BoardingHoursMean}

// YearTable is one scenario's system-wide metrics by financial year: a
// row per year, partial years labelled with their days.
type YearTable struct {
	Scenario string
	SweepTable
}

// yearTables returns a table by financial year for each scenario of a run
// that reports them; none otherwise.
func yearTables(run *plot.Run) []YearTable {
	if len(run.Years) == 0 {
		return nil
	}
	var tables []YearTable
	for _, g := range run.Groups {
		id := g.ID()
		t := YearTable{Scenario: g.Label(run.KeyCols), SweepTable: SweepTable{KeyCols: []string{"Financial year"}}}
		var defs []metric.Def
		for _, name := range yearMetrics {
			d, _ := metric.Lookup(name)
			defs = append(defs, d)
			t.Metrics = append(t.Metrics, MetricRow{Label: d.Label, Unit: d.Unit, Def: d.Description})
		}
		byYear := map[string]map[string]plot.SummaryRow{}
		var years []plot.YearPeriod
		for _, s := range run.Years {
			if s.Group.ID() != id || s.Site != plot.SystemSite {
				continue
			}
			if byYear[s.Year.Label] == nil {
				byYear[s.Year.Label] = map[string]plot.SummaryRow{}
				years = append(years, s.Year)
			}
			byYear[s.Year.Label][s.Metric] = s
		}
		for _, y := range years {
			row := SweepRow{Keys: []string{yearLabel(y)}}
			for _, d := range defs {
				s, ok := byYear[y.Label][d.Name]
				row.Cells = append(row.Cells, cell(d, s, ok))
			}
			t.Rows = append(t.Rows, row)
		}
		if len(t.Rows) > 0 {
			tables = append(tables, t)
		}
	}
	return tables
}

// yearLabel names a financial year: "2025/26", or "2025/26 (partial: 172
// days)".
func yearLabel(y plot.YearPeriod) string {
	if !y.Partial {
		return y.Label
	}
	return fmt.Sprintf("%s (partial: %g days)", y.Label, math.Round(y.Days*10)/10)
}
