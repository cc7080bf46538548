package run

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/flowsim/flowsim/sim/output"
)

// TestDirReadsWhatTheRunWrote: opening a run directory gives back the
// manifest, rows and journeys the run wrote.
func TestDirReadsWhatTheRunWrote(t *testing.T) {
	dir := t.TempDir()
	o := quick(filepath.Join(dir, "c"), 3)
	res, err := Compare(context.Background(), mmcFile, []string{"../../cmd/flowsim/testdata/alt-6beds.yaml"}, o)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Open(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Integrity.ManifestSHA256 != res.Manifest.Integrity.ManifestSHA256 || len(d.Manifest.Scenarios) != 2 {
		t.Fatalf("manifest read back differs: %+v", d.Manifest.Integrity)
	}
	keys, sum, err := d.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 || len(sum) != len(res.Summary) {
		t.Fatalf("%d summary rows with keys %v, want %d and none", len(sum), keys, len(res.Summary))
	}
	for i, s := range sum {
		w := res.Summary[i]
		if s.Scenario != w.Scenario || s.Metric != w.Metric || s.Site != w.Site || s.N != w.N ||
			output.Rounded(s.Mean) != output.Rounded(w.Mean) {
			t.Errorf("summary row %d: %+v, want %+v", i, s, w)
		}
	}
	reps, err := d.Replications()
	if err != nil {
		t.Fatal(err)
	}
	metrics := 0
	for _, s := range res.Summary {
		if s.Scenario == res.Manifest.Scenarios[0].Name {
			metrics++
		}
	}
	if len(reps) != 2*3*metrics {
		t.Errorf("%d replication values, want 2 scenarios × 3 replications × %d metrics", len(reps), metrics)
	}
	cmp, err := d.Comparison()
	if err != nil || len(cmp) != len(res.Comparison) {
		t.Errorf("%d comparison rows (%v), want %d", len(cmp), err, len(res.Comparison))
	}
	// Every day of every replication of both scenarios, from day 0.
	days := map[string]int{}
	err = d.EachDaily(nil, func(r DailyRow) error {
		if r.Unit == "beds" {
			days[r.Scenario+"/"+strconv.Itoa(r.Rep)]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 6 {
		t.Errorf("daily rows for %d scenario-replications, want 6", len(days))
	}
	patients := 0
	if err := d.EachPatient(func(PatientRow) error { patients++; return nil }); err != nil || patients == 0 {
		t.Errorf("%d patients (%v), want some", patients, err)
	}
	// A result file edited after the run is refused.
	os.WriteFile(filepath.Join(res.Dir, output.SummaryFile), []byte("scenario,metric\n"), 0o644)
	if _, err := Open(res.Dir); !errors.Is(err, output.ErrTampered) {
		t.Errorf("opened an edited run: %v", err)
	}
}

// TestOpenOlderLayout: a manifest from before per-scenario entries and
// checkpoints is read, its resolved scenario moved into Scenarios; a
// missing manifest is fs.ErrNotExist.
func TestOpenOlderLayout(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no manifest: %v, want fs.ErrNotExist", err)
	}
	os.WriteFile(filepath.Join(dir, output.ManifestFile), []byte(`{"tool": "flowsim", "command": "run", "scenario": "tiny",
		"resolved_scenario": {"name": "tiny"}, "files": ["summary.csv"]}`), 0o644)
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Manifest.Scenarios) != 1 || string(d.Manifest.Scenarios[0].Resolved) != `{"name": "tiny"}` || d.Manifest.Sealed() {
		t.Errorf("older manifest read as %+v", d.Manifest.Scenarios)
	}
	os.WriteFile(filepath.Join(dir, output.ManifestFile), []byte(`{"tool": "flowsim", "command": "run", "scenario": "tiny",
		"files": ["../summary.csv"]}`), 0o644)
	if _, err := Open(dir); err == nil {
		t.Error("an older manifest listing a file outside the run was accepted")
	}
}
