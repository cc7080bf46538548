package output

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/stats"
)

// File names of the output contract.
const (
	SummaryFile      = "summary.csv"
	ReplicationsFile = "replications.csv"
	DailyFile        = "daily.csv"
	ComparisonFile   = "comparison.csv"
	ManifestFile     = "manifest.json"
	// CheckpointDir is the run directory's checkpoint directory: one
	// subdirectory per scenario, named by the first 16 hex digits of its
	// checkpoint key (ScenarioEntry.Checkpoints), and run.json.
	CheckpointDir = "reps"
	// CensusFile is the census of replication 0 that flowsim run
	// --write-census writes, in the format a scenario's census field reads
	// (census.Write).
	CensusFile = "census.csv"
)

// RunFiles lists every result file a run may write beside its manifest,
// so that a run directory reused with --force keeps none of an earlier
// run's.
func RunFiles() []string {
	return []string{SummaryFile, ReplicationsFile, DailyFile, PatientsFile, PatientsGzipFile, CensusFile, ComparisonFile}
}

// Exact formats x with the fewest digits that parse back to exactly x, so
// files can be merged or re-summarised without loss, and without exponent
// notation for ordinary magnitudes (1591150, not 1.59115e+06; 0.00021, not
// 2.1e-04): from 1e-4 to 1e15 a number is written in full. NaN is written
// NA.
func Exact(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	if a := math.Abs(x); a == 0 || (a >= 1e-4 && a < 1e15) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Rounded formats x to 6 significant digits for human-facing tables. NaN is
// written NA.
func Rounded(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// Pence formats an amount of money to the penny, without an exponent
// (£448,570,633.27 as 448570633.27), for the money rows of comparison.csv:
// six significant digits would round a system's annual cost to £1,000 and
// write it 4.48571e+08. NaN is written NA.
func Pence(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// Keys are the values of extra key columns written right after the scenario
// column: a sweep's parameter values, one per swept path. Plain runs and
// comparisons have none.
type Keys []string

// header returns the columns: scenario, the key columns, then rest.
func header(keyCols []string, rest ...string) []string {
	return append(append([]string{"scenario"}, keyCols...), rest...)
}

// row returns the fields: scenario, the keys, then rest.
func row(scenario string, keys Keys, rest ...string) []string {
	return append(append([]string{scenario}, keys...), rest...)
}

// Period says which part of the recorded period a row is about: the
// whole run (the zero Period) or one financial year of a scenario with
// financial_years.
type Period struct {
	// Label is the financial year, "2025/26"; empty for the whole run.
	Label string
	// Days is the part's length in days (the recorded period's for the
	// whole run, when the run has years).
	Days float64
	// Partial is true for a year only partly inside the recorded period.
	Partial bool
}

// WholeRun is the period column's value on rows about the whole run.
const WholeRun = "all"

// fields returns the period columns' values.
func (p Period) fields() []string {
	label, partial := p.Label, "no"
	if label == "" {
		label = WholeRun
	}
	if p.Partial {
		partial = "yes"
	}
	return []string{label, Exact(p.Days), partial}
}

// SummaryRow is one line of summary.csv.
type SummaryRow struct {
	Scenario     string
	Keys         Keys
	Metric, Site string
	stats.Summary
	// Period is the part of the recorded period summarised: the whole run
	// unless the scenario reports financial years.
	Period Period
}

// WriteSummary writes summary.csv rows in the order given. keyCols names
// the extra key columns (nil for none); every row's Keys must match it.
// When any row is about a financial year, every row ends with the
// PeriodColumns.
func WriteSummary(w io.Writer, keyCols []string, rows []SummaryRow) error {
	periods := slices.ContainsFunc(rows, func(r SummaryRow) bool { return r.Period.Label != "" })
	cw := csv.NewWriter(w)
	cols := SummaryColumns()
	if periods {
		cols = append(cols, PeriodColumns()...)
	}
	cw.Write(header(keyCols, cols...))
	for _, r := range rows {
		s := r.Summary
		f := row(r.Scenario, r.Keys, r.Metric, r.Site, Rounded(s.Mean), Rounded(s.SD), Rounded(s.CILow),
			Rounded(s.CIHigh), Rounded(s.P05), Rounded(s.P50), Rounded(s.P95), strconv.Itoa(s.N))
		if periods {
			f = append(f, r.Period.fields()...)
		}
		cw.Write(f)
	}
	cw.Flush()
	return cw.Error()
}

// RunPeriod returns the whole run's Period for results with financial
// years: the zero Period, lasting as long as the years together.
func RunPeriod(periods []model.Period) Period {
	days := 0.0
	for _, p := range periods {
		days += p.Days
	}
	return Period{Days: days}
}

// YearPeriod returns the Period of a financial year.
func YearPeriod(p *model.Period) Period {
	return Period{Label: p.Label, Days: p.Days, Partial: p.Partial()}
}

// Replication is one replication's result, tagged with its scenario, key
// values and number.
type Replication struct {
	Scenario string
	Keys     Keys
	Rep      int
	*model.Result
}

// WriteReplications writes replications.csv: every metric of every
// replication, exactly. When any replication reports financial years,
// every row ends with the PeriodColumns and each replication's years
// follow its whole-run rows.
func WriteReplications(w io.Writer, keyCols []string, reps []Replication) error {
	periods := slices.ContainsFunc(reps, func(r Replication) bool { return len(r.Periods) > 0 })
	cw := csv.NewWriter(w)
	cols := ReplicationsColumns()
	if periods {
		cols = append(cols, PeriodColumns()...)
	}
	cw.Write(header(keyCols, cols...))
	for _, r := range reps {
		rep := strconv.Itoa(r.Rep)
		write := func(ms []model.Metric, p Period) {
			for _, m := range ms {
				f := row(r.Scenario, r.Keys, rep, m.Name, m.Site, Exact(m.Value))
				if periods {
					f = append(f, p.fields()...)
				}
				cw.Write(f)
			}
		}
		write(r.Metrics, RunPeriod(r.Periods))
		for i := range r.Periods {
			write(r.Periods[i].Metrics, YearPeriod(&r.Periods[i]))
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteDaily writes daily.csv: one row per replication, day, site and unit.
func WriteDaily(w io.Writer, keyCols []string, reps []Replication) error {
	dw := NewDailyWriter(w, keyCols)
	for _, r := range reps {
		dw.Write(r)
	}
	return dw.Flush()
}

// DailyWriter writes daily.csv one replication at a time, so that a run's
// daily rows need not all be in memory at once.
type DailyWriter struct {
	cw     *csv.Writer
	fields []string // reused for every row
}

// DailyDelayColumns returns the columns of daily.csv that split delayed by
// reason, delayed_<reason> in model.DelayReasons order.
func DailyDelayColumns() []string {
	reasons := model.DelayReasons()
	cols := make([]string, len(reasons))
	for i, r := range reasons {
		cols[i] = "delayed_" + r
	}
	return cols
}

// NewDailyWriter writes the header of daily.csv to w.
func NewDailyWriter(w io.Writer, keyCols []string) *DailyWriter {
	cw := csv.NewWriter(w)
	cols := append(append(DailyColumns(), DailyDelayColumns()...), DailyTailColumns()...)
	cw.Write(header(keyCols, cols...))
	return &DailyWriter{cw: cw}
}

// Write writes r's daily rows. The delayed_<reason> columns are zero but
// on beds rows.
func (dw *DailyWriter) Write(r Replication) {
	rep := strconv.Itoa(r.Rep)
	for _, d := range r.Daily {
		f := append(dw.fields[:0], r.Scenario)
		f = append(f, r.Keys...)
		f = append(f, rep, strconv.Itoa(d.Day), d.Date, d.Site, d.Unit,
			strconv.FormatFloat(d.Occupied, 'f', 4, 64), strconv.Itoa(d.Arrivals),
			strconv.Itoa(d.Admissions), strconv.Itoa(d.Discharges), strconv.FormatFloat(d.Delayed, 'f', 4, 64))
		for _, x := range d.DelayedBy {
			f = append(f, strconv.FormatFloat(x, 'f', 4, 64))
		}
		f = append(f, strconv.FormatFloat(d.Boarding, 'f', 4, 64))
		dw.cw.Write(f)
		dw.fields = f
	}
}

// Flush finishes the file and returns the first error writing it.
func (dw *DailyWriter) Flush() error {
	dw.cw.Flush()
	return dw.cw.Error()
}

// ComparisonRow is one line of comparison.csv: a metric of an alternative
// scenario against the base, over paired replications.
type ComparisonRow struct {
	// Scenario is the alternative's name.
	Scenario     string
	Metric, Site string
	// BaseMean and AltMean are the scenarios' means over the pairs.
	BaseMean, AltMean float64
	// Diff summarises base − alt over the pairs: its mean and 95% t-interval.
	Diff stats.Summary
	// Period is the part of the recorded period compared: the whole run
	// unless the scenarios report financial years.
	Period Period
}

// WriteComparison writes comparison.csv rows in the order given. When any
// row is about a financial year, every row ends with the PeriodColumns.
func WriteComparison(w io.Writer, rows []ComparisonRow) error {
	periods := slices.ContainsFunc(rows, func(r ComparisonRow) bool { return r.Period.Label != "" })
	cw := csv.NewWriter(w)
	cols := ComparisonColumns()
	if periods {
		cols = append(cols, PeriodColumns()...)
	}
	cw.Write(header(nil, cols...))
	for _, r := range rows {
		better, verdict := "", ""
		num := Rounded
		if d, ok := metric.Lookup(r.Metric); ok {
			// diff is base − alternative: the alternative's change is −diff.
			better, verdict = d.Better.String(), d.Better.Judge(-r.Diff.CIHigh, -r.Diff.CILow)
			if d.Format == metric.Money {
				num = Pence
			}
		}
		f := []string{r.Scenario, r.Metric, r.Site, num(r.BaseMean), num(r.AltMean),
			num(r.Diff.Mean), num(r.Diff.CILow), num(r.Diff.CIHigh), strconv.Itoa(r.Diff.N), better, verdict}
		if periods {
			f = append(f, r.Period.fields()...)
		}
		cw.Write(f)
	}
	cw.Flush()
	return cw.Error()
}
