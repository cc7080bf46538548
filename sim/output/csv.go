package output

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/stats"
)

// File names of the output contract.
const (
	SummaryFile      = "summary.csv"
	ReplicationsFile = "replications.csv"
	DailyFile        = "daily.csv"
	ManifestFile     = "manifest.json"
)

// Exact formats x with the fewest digits that parse back to exactly x, so
// files can be merged or re-summarised without loss. NaN is written NA.
func Exact(x float64) string {
	if math.IsNaN(x) {
		return "NA"
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

// SummaryRow is one line of summary.csv.
type SummaryRow struct {
	Scenario, Metric, Site string
	stats.Summary
}

// WriteSummary writes summary.csv rows in the order given.
func WriteSummary(w io.Writer, rows []SummaryRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "metric", "site", "mean", "sd", "ci_low", "ci_high", "p05", "p50", "p95", "n"})
	for _, r := range rows {
		s := r.Summary
		cw.Write([]string{r.Scenario, r.Metric, r.Site, Rounded(s.Mean), Rounded(s.SD), Rounded(s.CILow),
			Rounded(s.CIHigh), Rounded(s.P05), Rounded(s.P50), Rounded(s.P95), strconv.Itoa(s.N)})
	}
	cw.Flush()
	return cw.Error()
}

// Replication is one replication's result, tagged with its scenario and
// number.
type Replication struct {
	Scenario string
	Rep      int
	*model.Result
}

// WriteReplications writes replications.csv: every metric of every
// replication, exactly.
func WriteReplications(w io.Writer, reps []Replication) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "rep", "metric", "site", "value"})
	for _, r := range reps {
		rep := strconv.Itoa(r.Rep)
		for _, m := range r.Metrics {
			cw.Write([]string{r.Scenario, rep, m.Name, m.Site, Exact(m.Value)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteDaily writes daily.csv: one row per replication, day, site and unit.
func WriteDaily(w io.Writer, reps []Replication) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "rep", "day", "site", "unit", "occupied", "arrivals", "admissions", "discharges", "delayed"})
	for _, r := range reps {
		rep := strconv.Itoa(r.Rep)
		for _, d := range r.Daily {
			cw.Write([]string{r.Scenario, rep, strconv.Itoa(d.Day), d.Site, d.Unit,
				strconv.FormatFloat(d.Occupied, 'f', 4, 64), strconv.Itoa(d.Arrivals),
				strconv.Itoa(d.Admissions), strconv.Itoa(d.Discharges), strconv.FormatFloat(d.Delayed, 'f', 4, 64)})
		}
	}
	cw.Flush()
	return cw.Error()
}
