package run

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
)

// finish writes a run's output files and manifest into dir.
// results[j][i] is scenario j's result for replication reps[i], whose
// metrics suffice; fetch(j, i) returns the same result whole, daily rows
// and journeys included, one at a time as the files are written. m
// describes the run (without Run and Files). The files depend only on m
// (Run aside) and the results, so a merge of shards or a resumed run
// writes the same bytes as an uninterrupted run on one machine.
func finish(dir string, m *output.Manifest, reps []int, results [][]*model.Result,
	fetch func(j, i int) (*model.Result, error), info output.RunInfo) (*Result, error) {
	keyCols := make([]string, len(m.Sets))
	for i, s := range m.Sets {
		keyCols[i] = s.Path
	}
	var tagged []output.Replication
	var summary []output.SummaryRow
	for j, e := range m.Scenarios {
		t := batch.Tag(e.Name, e.Values, reps, results[j])
		tagged = append(tagged, t...)
		summary = append(summary, batch.Summaries(t)...)
	}
	var comparison []output.ComparisonRow
	for j := 1; m.Command == "compare" && j < len(m.Scenarios); j++ {
		comparison = append(comparison, batch.Compare(m.Scenarios[j].Name, results[0], results[j])...)
	}
	for _, rs := range results {
		for _, r := range rs {
			info.Events += r.Events
		}
	}
	info.FinishedAt = time.Now().UTC()
	if info.StartedAt.IsZero() {
		info.StartedAt = info.FinishedAt
	}
	info.WallSeconds = info.FinishedAt.Sub(info.StartedAt).Seconds()
	m.Run = info
	type write struct {
		name  string
		write func(io.Writer) error
	}
	writes := []write{
		{output.SummaryFile, func(w io.Writer) error { return output.WriteSummary(w, keyCols, summary) }},
		{output.ReplicationsFile, func(w io.Writer) error { return output.WriteReplications(w, keyCols, tagged) }},
		{output.DailyFile, func(w io.Writer) error {
			dw := output.NewDailyWriter(w, keyCols)
			if err := eachFull(m, reps, fetch, dw.Write); err != nil {
				return err
			}
			return dw.Flush()
		}},
	}
	if m.Patients {
		patients := func(w io.Writer) error {
			pw := output.NewPatientsWriter(w, keyCols)
			if err := eachFull(m, reps, fetch, pw.Write); err != nil {
				return err
			}
			return pw.Flush()
		}
		if m.PatientsGzip {
			plain := patients
			patients = func(w io.Writer) error { return output.Gzip(w, plain) }
		}
		writes = append(writes, write{output.PatientsFileName(m.PatientsGzip), patients})
	}
	if i := slices.Index(reps, 0); m.CensusDay != nil && i >= 0 {
		// Replication 0's census, taken by the first scenario (a run has
		// one); a shard without replication 0 writes none.
		writes = append(writes, write{output.CensusFile, func(w io.Writer) error {
			res, err := fetch(0, i)
			if err != nil {
				return err
			}
			return census.Write(w, res.Census)
		}})
	}
	if m.Command == "compare" {
		writes = append(writes, write{output.ComparisonFile, func(w io.Writer) error { return output.WriteComparison(w, comparison) }})
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &InputError{fmt.Errorf("create output directory: %w", err)}
	}
	m.Files = nil
	m.Integrity = &output.Integrity{Files: map[string]string{}}
	for _, f := range writes {
		m.Files = append(m.Files, f.name)
		sum, err := output.WriteFileHashed(filepath.Join(dir, f.name), f.write)
		if err != nil {
			return nil, err
		}
		m.Integrity.Files[f.name] = sum
	}
	// The manifest goes last: its presence marks a finished run, and it
	// records the hashes of the files above and of itself.
	if err := m.Seal(); err != nil {
		return nil, err
	}
	if err := output.WriteFile(filepath.Join(dir, output.ManifestFile), func(w io.Writer) error { return output.WriteManifest(w, m) }); err != nil {
		return nil, err
	}
	res := &Result{Dir: dir, Manifest: m, Reps: len(reps)}
	res.Summary, res.YearSummary = splitYears(summary, func(r output.SummaryRow) bool { return r.Period.Label != "" })
	res.Comparison, res.YearComparison = splitYears(comparison, func(r output.ComparisonRow) bool { return r.Period.Label != "" })
	return res, nil
}

// splitYears returns the rows about the whole run and those about a
// financial year (nil when there are none), each in their order.
func splitYears[R any](rows []R, year func(R) bool) (whole, years []R) {
	for _, r := range rows {
		if year(r) {
			years = append(years, r)
		} else {
			whole = append(whole, r)
		}
	}
	return whole, years
}

// eachFull calls f with every replication's full result, in output order.
func eachFull(m *output.Manifest, reps []int, fetch func(j, i int) (*model.Result, error), f func(output.Replication)) error {
	for j, e := range m.Scenarios {
		for i, r := range reps {
			res, err := fetch(j, i)
			if err != nil {
				return err
			}
			f(output.Replication{Scenario: e.Name, Keys: e.Values, Rep: r, Result: res})
		}
	}
	return nil
}
