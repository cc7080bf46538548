package report

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/plot"
)

// How a metric's numbers are written.
const (
	fmtCount   = iota // 12,345
	fmtShare          // 93.4%
	fmtDecimal        // 5.32
	fmtFlag           // 1 of 20 replications
)

// metricDef describes a key metric for readers.
type metricDef struct {
	name, label, unit, def string
	format                 int
	// ifAny shows the metric only where it is non-zero for some scenario
	// and site: it measures a part of the model (hub, interim places,
	// deaths, electives) that many scenarios leave out.
	ifAny bool
}

// keyMetrics are the report's metrics, in order; those a run lacks are
// left out.
var keyMetrics = []metricDef{
	{"admissions", "Emergency admissions", "patients", "emergency patients admitted to a G&A bed after the warm-up (planned admissions are elective_admissions)", fmtCount, false},
	{"bed_days", "Bed-days used", "bed-days", "occupied general and acute bed-days after the warm-up", fmtCount, false},
	{"delayed_bed_days", "Delayed bed-days", "bed-days", "bed-days of medically safe patients still in a bed, whatever they wait for (the reasons below add up to it)", fmtCount, false},
	{"delayed_hub_bed_days", "… waiting for the hub", "bed-days", "for the transfer-of-care hub to assess them and arrange the discharge", fmtCount, true},
	{"delayed_d2a_bed_days", "… waiting for an interim place", "bed-days", "for a discharge-to-assess (interim) place", fmtCount, true},
	{"delayed_acceptance_bed_days", "… provider not accepting", "bed-days", "their place or turn is ready but the provider is not taking patients then (acceptance hours, days, weekends)", fmtCount, true},
	{"delayed_p1_bed_days", "… waiting for a P1 start", "bed-days", "for home care to start (pathway 1)", fmtCount, true},
	{"delayed_p2_bed_days", "… waiting for a P2 bed", "bed-days", "for a rehabilitation bed (pathway 2)", fmtCount, true},
	{"delayed_p3_bed_days", "… waiting for a P3 placement", "bed-days", "for a care home placement (pathway 3)", fmtCount, true},
	{"delayed_p0_bed_days", "… going home (P0)", "bed-days", "going home without new support, outside discharge hours or waiting for a weekend discharge", fmtCount, true},
	{"nctr_mean", "Medically safe in beds at midnight", "patients", "mean number of medically safe patients in a G&A bed at midnight (the no-criteria-to-reside count)", fmtDecimal, false},
	{"occupancy_mean", "Mean bed occupancy", "% of beds", "time-average beds in use as a share of capacity", fmtShare, false},
	{"mean_los_days", "Mean length of stay", "days", "mean time in a G&A bed of emergency patients discharged", fmtDecimal, false},
	{"elective_mean_los_days", "Mean elective length of stay", "days", "mean time in a G&A bed of planned patients discharged", fmtDecimal, true},
	{"deaths", "Deaths in hospital", "patients", "patients who died in hospital at the end of their acute stay", fmtCount, true},
	{"ed_4h_share", "ED within 4 hours", "% of attendances", "ED attendances admitted, transferred or discharged within 4 hours", fmtShare, false},
	{"boarding_hours_mean", "Mean wait for a bed", "hours", "wait from the decision to admit to a bed, zero waits included", fmtDecimal, false},
	{"sdec_attendances", "SDEC attendances", "patients", "same-day emergency care attendances", fmtCount, false},
	{"vw_admissions", "Virtual ward admissions", "patients", "step-up from the front door and step-down from a bed", fmtCount, false},
	{"hub_wait_hours_mean", "Mean wait for the hub", "working hours", "from referral to a member of the hub team starting the assessment, counted in the hub's working hours", fmtDecimal, true},
	{"hub_queue_mean", "Mean hub queue", "referrals", "time-average referrals waiting for a member of the hub team", fmtDecimal, true},
	{"hub_utilisation", "Hub utilisation", "% of staff time", "assessment work as a share of the hub team's working hours", fmtShare, true},
	{"d2a_starts", "Discharge-to-assess starts", "patients", "patients who left the acute bed for an interim place", fmtCount, true},
	{"d2a_occupied_mean", "Interim places in use", "places", "time-average discharge-to-assess places in use", fmtDecimal, true},
	{"p1_starts", "Pathway 1 starts", "patients", "discharges home with support", fmtCount, false},
	{"p2_starts", "Pathway 2 starts", "patients", "discharges to a rehabilitation bed", fmtCount, false},
	{"p3_starts", "Pathway 3 starts", "patients", "discharges to a care home placement", fmtCount, false},
	{"weekend_pathway_starts", "Weekend pathway starts", "patients", "pathway 1–3 services started on a Saturday or Sunday", fmtCount, true},
	{"pathway_wait_days_mean", "Mean discharge delay", "days", "from medically safe to the start of the pathway 1–3 service (hub, interim place and wait for a place)", fmtDecimal, false},
	{"unstable", "Unstable replications", "replications", "a queue that kept growing, or a pathway with no capacity: its averages describe the run length, not a steady state", fmtFlag, false},
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
	var defs []metricDef
	for _, d := range keyMetrics {
		if present[d.name] && (!d.ifAny || nonZero[d.name]) {
			defs = append(defs, d)
		}
	}
	if len(run.KeyCols) > 0 && len(run.Groups) > maxMetricTables {
		t := &SweepTable{KeyCols: run.KeyCols}
		for _, d := range defs {
			t.Metrics = append(t.Metrics, MetricRow{Label: d.label, Unit: d.unit, Def: d.def})
		}
		for _, g := range run.Groups {
			row := SweepRow{Keys: g.Keys}
			for _, d := range defs {
				s, ok := run.Metric(g, d.name, plot.SystemSite)
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
			row := MetricRow{Label: d.label, Unit: d.unit, Def: d.def}
			for _, site := range sites {
				s, ok := run.Metric(g, d.name, site)
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
func cell(d metricDef, s plot.SummaryRow, ok bool) Cell {
	if !ok || math.IsNaN(s.Mean) {
		return Cell{Mean: "–"}
	}
	if d.format == fmtFlag {
		k := int(math.Round(s.Mean * float64(s.N)))
		return Cell{Mean: strconv.Itoa(k) + " of " + strconv.Itoa(s.N), Warn: k > 0}
	}
	c := Cell{Mean: formatValue(d.format, s.Mean)}
	if !math.IsNaN(s.CILow) && !math.IsNaN(s.CIHigh) {
		c.CI = formatValue(d.format, s.CILow) + " – " + formatValue(d.format, s.CIHigh)
	}
	return c
}

// formatValue writes v for a table.
func formatValue(format int, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	switch format {
	case fmtShare:
		return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
	case fmtDecimal:
		return sig(v, 3)
	}
	return group(v, 0)
}

// sig writes v with n significant digits (at least the integer part).
func sig(v float64, n int) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	digits := n - int(math.Floor(math.Log10(math.Abs(v)))) - 1
	if digits < 0 {
		digits = 0
	}
	return group(v, digits)
}

// group writes v with the given decimals and thousands separators.
func group(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if s == "-0" {
		s = "0"
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
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
}

// ComparisonRow is one metric of one alternative against the base.
type ComparisonRow struct {
	Alternative, Metric, Unit, Site string
	Base, Alt, Diff, CI             string
	// Clear says the interval excludes zero; Better that the difference
	// is an improvement (fewer bed-days, shorter waits, more within 4h).
	Clear, Better bool
	First         bool // first row of its alternative
}

// comparisonMetrics are the comparison table's metrics: with higherBetter
// set, a positive base − alternative difference is a worsening.
var comparisonMetrics = []struct {
	name         string
	perSite      bool
	higherBetter bool
}{
	{"bed_days", true, false},
	{"delayed_bed_days", true, false},
	{"occupancy_mean", false, false},
	{"boarding_hours_mean", false, false},
	{"pathway_wait_days_mean", false, false},
	{"ed_4h_share", false, true},
}

func comparisonTable(run *plot.Run) *ComparisonTable {
	if run.Comparison == nil {
		return nil
	}
	t := &ComparisonTable{Base: run.Manifest.Scenario}
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
	defs := map[string]metricDef{}
	for _, d := range keyMetrics {
		defs[d.name] = d
	}
	for _, alt := range alts {
		first := true
		for _, cm := range comparisonMetrics {
			sites := []string{plot.SystemSite}
			if cm.perSite {
				sites = append(slices.Clone(run.Sites), plot.SystemSite)
			}
			d := defs[cm.name]
			for _, site := range sites {
				i := slices.IndexFunc(run.Comparison, func(c plot.ComparisonRow) bool {
					return c.Scenario == alt && c.Metric == cm.name && c.Site == site
				})
				if i < 0 {
					continue
				}
				c := run.Comparison[i]
				f := d.format
				row := ComparisonRow{Alternative: alt, Metric: d.label, Unit: d.unit, Site: site,
					Base: formatValue(f, c.BaseMean), Alt: formatValue(f, c.AltMean),
					Diff: signed(f, c.DiffMean), First: first}
				if f == fmtShare {
					row.Diff = signedPoints(c.DiffMean)
				}
				if !math.IsNaN(c.DiffLow) {
					row.CI = signed(f, c.DiffLow) + " to " + signed(f, c.DiffHigh)
					if f == fmtShare {
						row.CI = signedPoints(c.DiffLow) + " to " + signedPoints(c.DiffHigh)
					}
					row.Clear = c.DiffLow > 0 || c.DiffHigh < 0
				}
				row.Better = (c.DiffMean > 0) != cm.higherBetter
				first = false
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t
}

func signed(format int, v float64) string {
	s := formatValue(format, v)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// signedPoints writes a difference of shares in percentage points.
func signedPoints(v float64) string {
	s := strconv.FormatFloat(100*v, 'f', 1, 64) + " pt"
	if v > 0 {
		s = "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}
