package report

import (
	"math"
	"slices"
	"strconv"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/plot"
)

// keyMetrics are the report's metrics, in order; those a run lacks are
// left out, and optional ones (see metric.Def) where every value is zero,
// and the four-hour share over types 1 and 3 where no scenario has an
// urgent treatment centre.
// Labels, units, definitions and formats come from the metric registry.
var keyMetrics = []string{
	metric.Admissions, metric.BedDays, metric.DelayedBedDays, metric.DelayedHubBedDays,
	metric.DelayedD2ABedDays, metric.DelayedAcceptanceBedDays, metric.DelayedP1BedDays, metric.DelayedP2BedDays,
	metric.DelayedP3BedDays, metric.DelayedP0BedDays, metric.NCTRMean, metric.OccupancyMean,
	metric.MeanLOSDays, metric.ElectiveMeanLOSDays, metric.Deaths, metric.ED4hShare,
	metric.AE4hShare, metric.UTCAttendances, metric.UTC4hShare, metric.UTCWaitMean, metric.UTCUtilisation, metric.UTCClinicianHours,
	metric.BoardingHoursMean, metric.SDECAttendances, metric.VWAdmissions, metric.VWUtilisation,
	metric.HubWaitHoursMean, metric.HubQueueMean, metric.HubUtilisation, metric.D2AStarts, metric.D2AOccupiedMean,
	metric.P1Starts, metric.P2Starts, metric.P3Starts, metric.P1Utilisation, metric.P2Utilisation,
	metric.P3Utilisation, metric.WeekendPathwayStarts, metric.PathwayWaitDaysMean, metric.Unstable,
	metric.EscalationBedDays, metric.EscalatedShare,
	metric.CostBedDays, metric.CostDelayedBedDays, metric.CostP1, metric.CostP2, metric.CostP3, metric.CostVirtualWard, metric.CostSDEC,
	metric.CostHub, metric.CostEscalationBedDays, metric.CostUTC, metric.CostServices, metric.CostTotal,
}

// MetricTable is one scenario's key metrics: a row per metric, a column
// per site and the whole system.
type MetricTable struct {
	Scenario string
	Sites    []string
	Rows     []MetricRow
	Reps     int
}

// MetricRow is one metric across the sites.
type MetricRow struct {
	Label, Unit, Def string
	Cells            []Cell
}

// Cell is a mean and its 95% interval, written for reading.
type Cell struct {
	Mean, CI string
	// Warn marks a cell that needs attention (unstable replications).
	Warn bool
}

// SweepTable is the system-wide key metrics of every sweep point: a row
// per point, a column per metric.
type SweepTable struct {
	KeyCols []string
	Metrics []MetricRow // Label, Unit and Def only
	Rows    []SweepRow
}

// SweepRow is one sweep point.
type SweepRow struct {
	Keys  []string
	Cells []Cell
}

// maxMetricTables is how many scenarios get a full table; sweeps with
// more points get one SweepTable.
const maxMetricTables = 6

func metricTables(run *plot.Run) ([]MetricTable, *SweepTable) {
	present, nonZero := map[string]bool{}, map[string]bool{}
	for _, s := range run.Summary {
		present[s.Metric] = true
		if s.Mean != 0 && !math.IsNaN(s.Mean) {
			nonZero[s.Metric] = true
		}
	}
	var defs []metric.Def
	for _, name := range keyMetrics {
		d, _ := metric.Lookup(name)
		if d.Name == metric.AE4hShare && !nonZero[metric.UTCAttendances] {
			continue // without a UTC it is ed_4h_share again
		}
		if present[d.Name] && (!d.Optional || nonZero[d.Name]) {
			defs = append(defs, d)
		}
	}
	if len(run.KeyCols) > 0 && len(run.Groups) > maxMetricTables {
		t := &SweepTable{KeyCols: run.KeyCols}
		for _, d := range defs {
			t.Metrics = append(t.Metrics, MetricRow{Label: d.Label, Unit: d.Unit, Def: d.Description})
		}
		for _, g := range run.Groups {
			row := SweepRow{Keys: g.Keys}
			for _, d := range defs {
				s, ok := run.Metric(g, d.Name, plot.SystemSite)
				row.Cells = append(row.Cells, cell(d, s, ok))
			}
			t.Rows = append(t.Rows, row)
		}
		return nil, t
	}
	var tables []MetricTable
	sites := append(slices.Clone(run.Sites), plot.SystemSite)
	for _, g := range run.Groups {
		t := MetricTable{Scenario: g.Label(run.KeyCols), Sites: sites}
		for _, d := range defs {
			row := MetricRow{Label: d.Label, Unit: d.Unit, Def: d.Description}
			for _, site := range sites {
				s, ok := run.Metric(g, d.Name, site)
				row.Cells = append(row.Cells, cell(d, s, ok))
				if ok && s.N > t.Reps {
					t.Reps = s.N
				}
			}
			t.Rows = append(t.Rows, row)
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// cell writes a summary row's mean and interval.
func cell(d metric.Def, s plot.SummaryRow, ok bool) Cell {
	if !ok || math.IsNaN(s.Mean) {
		return Cell{Mean: "–"}
	}
	if d.Format == metric.Flag {
		k := int(math.Round(s.Mean * float64(s.N)))
		return Cell{Mean: strconv.Itoa(k) + " of " + strconv.Itoa(s.N), Warn: k > 0}
	}
	c := Cell{Mean: d.Format.Value(s.Mean)}
	if !math.IsNaN(s.CILow) && !math.IsNaN(s.CIHigh) {
		mean, lo, hi := d.Format.Interval(s.Mean, s.CILow, s.CIHigh)
		c.Mean, c.CI = mean, lo+" – "+hi
	}
	return c
}

// num writes a number of days or seconds plainly: 425, 4.17.
func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// ComparisonTable is comparison.csv for reading.
type ComparisonTable struct {
	Base string
	Rows []ComparisonRow
	// PlanningOccupancy is metric.PlanningOccupancy in per cent, for the
	// beds column's heading.
	PlanningOccupancy string
}

// ComparisonRow is one metric of one alternative against the base.
type ComparisonRow struct {
	Alternative, Metric, Unit, Site string
	Base, Alt, Diff, CI             string
	// Beds and BedsCI give a bed-day difference as beds at
	// metric.PlanningOccupancy over the days reported; empty for other
	// metrics.
	Beds, BedsCI string
	// Clear says the interval excludes zero; Better that the difference
	// is an improvement (fewer bed-days, shorter waits, more within 4h).
	Clear, Better bool
	First         bool // first row of its alternative
}

// comparisonMetrics are the comparison table's metrics, per site or for
// the system only; which direction is better comes from the registry.
var comparisonMetrics = []struct {
	name    string
	perSite bool
}{
	{metric.BedDays, true},
	{metric.DelayedBedDays, true},
	{metric.OccupancyMean, false},
	{metric.BoardingHoursMean, false},
	{metric.PathwayWaitDaysMean, false},
	{metric.ED4hShare, false},
	{metric.CostBedDays, true},
	{metric.CostServices, true},
	{metric.CostTotal, true},
}

func comparisonTable(run *plot.Run) *ComparisonTable {
	if run.Comparison == nil {
		return nil
	}
	t := &ComparisonTable{Base: run.Manifest.Scenario}
	days := run.Manifest.HorizonDays - run.Manifest.WarmupDays
	t.PlanningOccupancy = strconv.FormatFloat(100*metric.PlanningOccupancy, 'f', -1, 64) + "%"
	for _, sc := range run.Manifest.Scenarios {
		if sc.Role == "base" {
			t.Base = sc.Name
		}
	}
	var alts []string
	for _, c := range run.Comparison {
		if !slices.Contains(alts, c.Scenario) {
			alts = append(alts, c.Scenario)
		}
	}
	for _, alt := range alts {
		first := true
		for _, cm := range comparisonMetrics {
			sites := []string{plot.SystemSite}
			if cm.perSite {
				sites = append(slices.Clone(run.Sites), plot.SystemSite)
			}
			d, _ := metric.Lookup(cm.name)
			for _, site := range sites {
				i := slices.IndexFunc(run.Comparison, func(c plot.ComparisonRow) bool {
					return c.Scenario == alt && c.Metric == cm.name && c.Site == site
				})
				if i < 0 {
					continue
				}
				c := run.Comparison[i]
				if d.Optional && math.IsNaN(c.BaseMean) && math.IsNaN(c.AltMean) {
					continue // a part neither scenario has (costs unpriced)
				}
				f := d.Format
				row := ComparisonRow{Alternative: alt, Metric: d.Label, Unit: d.Unit, Site: site,
					Base: f.Value(c.BaseMean), Alt: f.Value(c.AltMean),
					Diff: f.Signed(c.DiffMean), First: first}
				if !math.IsNaN(c.DiffLow) {
					diff, lo, hi := f.SignedInterval(c.DiffMean, c.DiffLow, c.DiffHigh)
					row.Diff, row.CI = diff, lo+" to "+hi
					row.Clear = c.DiffLow > 0 || c.DiffHigh < 0
				}
				if d.Unit == "bed-days" && days > 0 {
					beds := func(bd float64) float64 { return metric.Beds(bd, days) }
					row.Beds = metric.Decimal.Signed(beds(c.DiffMean))
					if !math.IsNaN(c.DiffLow) {
						var lo, hi string
						row.Beds, lo, hi = metric.Decimal.SignedInterval(beds(c.DiffMean), beds(c.DiffLow), beds(c.DiffHigh))
						row.BedsCI = lo + " to " + hi
					}
				}
				// diff is base − alternative: the alternative's change is −diff.
				row.Better = d.Better.Improves(-c.DiffMean)
				first = false
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t
}
