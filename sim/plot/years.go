package plot

import (
	"fmt"
	"math"
	"slices"

	"github.com/flowsim/flowsim/sim/metric"
)

// yearsMetrics are the years figure's panels: rates and means, which
// compare across a partial year and a whole one (bed-days would not).
var yearsMetrics = []string{metric.BedsOccupiedMean, metric.OccupancyMean, metric.DelayedShare, metric.BoardingHoursMean}

// YearsData computes the years figure of group g: each metric by financial
// year, per site and in all, with 95% intervals. It is a sweep figure
// whose parameter is the financial year; a partial year's label ends in
// "*" with its days.
func YearsData(r *Run, g Group) SweepFigure {
	id := g.ID()
	var rows []SummaryRow
	for _, row := range r.Years {
		if row.Group.ID() == id {
			rows = append(rows, row)
		}
	}
	f := SweepFigure{Param: "financial year (April–March)"}
	var years []string
	for _, row := range rows {
		if !slices.Contains(years, row.Year.Label) {
			years = append(years, row.Year.Label)
			label := row.Year.Label
			if row.Year.Partial {
				label = fmt.Sprintf("%s*\n(%g days)", label, math.Round(row.Year.Days*10)/10)
			}
			f.Labels = append(f.Labels, label)
			f.X = append(f.X, float64(len(f.X)))
		}
	}
	sites := append(slices.Clone(r.Sites), SystemSite)
	for _, m := range yearsMetrics {
		p := SweepPanel{Metric: m}
		for _, site := range sites {
			at := func(row SummaryRow) int { return slices.Index(years, row.Year.Label) }
			if s, ok := seriesOf(rows, m, site, len(years), at); ok {
				p.Series = append(p.Series, s)
			}
		}
		if len(p.Series) > 0 {
			f.Panels = append(f.Panels, p)
		}
	}
	return f
}

// yearsFigure draws d as a sweep over the financial years.
func yearsFigure(r *Run, d SweepFigure) *Figure {
	fig := seriesFigure(r, d, KindYears, "By financial year")
	fig.Caption = "Each metric by financial year (1 April to 31 March), per site and in all: points are means over the " +
		"replications with 95% confidence intervals. Years marked * were only partly inside the recorded period " +
		"(their days are given); the metrics are means and shares, so they compare across years of any length."
	return fig
}
