package experiment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
)

// fitDir writes the M/M/5 example with priors and targets beside it.
func fitDir(t *testing.T, targetSite string) (scenarioPath string) {
	t.Helper()
	base, _ := writeAlt(t, "")
	dir := filepath.Dir(base)
	if err := os.MkdirAll(filepath.Join(dir, "calibration"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"calibration/priors.yaml": "priors:\n  - name: los_mean\n    path: sites.main.beds.los.mean\n    min: 0.5h\n    max: 1.5h\n    source: a test\n    grade: E\n",
		"calibration/targets.yaml": "targets:\n  - name: utilisation\n    metric: occupancy_mean\n    sites: [" + targetSite + "]\n" +
			"    low: 0.8\n    high: 0.9\n    source: Erlang\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return base
}

func fitOptions(sc, out string) FitOptions {
	return FitOptions{Scenario: sc, Waves: 1, Points: 10, Reps: 2, Workers: 2, Out: out}
}

// TestFitResumesAMatchStoppedInItsFirstWave: match.json is written before
// the first wave, and a directory holding only it resumes (from no
// finished wave) instead of being refused.
func TestFitResumesAMatchStoppedInItsFirstWave(t *testing.T) {
	sc := fitDir(t, "main")
	out := filepath.Join(t.TempDir(), "fit")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fit(ctx, fitOptions(sc, out)); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled match: %v", err)
	}
	resumed := false
	o := fitOptions(sc, out)
	o.Resuming = func(string) { resumed = true }
	res, err := Fit(context.Background(), o)
	if err != nil || !resumed || len(res.Result.Waves) != 1 {
		t.Fatalf("resuming a match stopped in wave 1: %v (resumed %v)", err, resumed)
	}
}

// TestFitRefusesBadInputBeforeRunning: a target site the scenario lacks,
// and a --set on a prior's own path, are input errors found before any
// point runs.
func TestFitRefusesBadInputBeforeRunning(t *testing.T) {
	sc := fitDir(t, "mian")
	_, err := Fit(context.Background(), fitOptions(sc, filepath.Join(t.TempDir(), "a")))
	var ie *run.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), `no site "mian"`) {
		t.Errorf("a target at a site the scenario lacks: %v", err)
	}
	sc = fitDir(t, "main")
	o := fitOptions(sc, filepath.Join(t.TempDir(), "b"))
	o.Set = set(t, "sites.main.beds.los.mean=2h")
	if _, err := Fit(context.Background(), o); !errors.As(err, &ie) || !strings.Contains(err.Error(), "prior los_mean") {
		t.Errorf("--set on a prior's path: %v", err)
	}
}

// TestEnsembleRefusalIsAnInputError: an alternative that replaces the
// distribution a member sets the mean of is the user's mistake (exit 1).
func TestEnsembleRefusalIsAnInputError(t *testing.T) {
	base, alt := writeAlt(t, "sites: {main: {beds: {los: {dist: fixed, value: 1h, mean: ~}}}}\n")
	e := &Ensemble{Base: base, Alternatives: []string{alt}, Reps: 2,
		Members: []priors.Member{member(t, "m", "sites.main.beds.los.mean=0.9h")}}
	_, err := e.Run(context.Background())
	var ie *run.InputError
	if !errors.As(err, &ie) {
		t.Errorf("err = %v, want a run.InputError", err)
	}
}

// TestFitStopsHopelessPointsEarly: on the M/M/5 example with 5
// replications a point, a sequential match (the default) judges every
// point as a match that runs every replication does, runs fewer, each
// point's runs the first of the full match's; the two are different
// matches to resume.
func TestFitStopsHopelessPointsEarly(t *testing.T) {
	sc := fitDir(t, "main")
	dir := t.TempDir()
	seq := fitOptions(sc, filepath.Join(dir, "seq"))
	seq.Reps, seq.Points = 5, 16
	all := seq
	all.AllReps, all.Out = true, filepath.Join(dir, "all")
	a, err := Fit(context.Background(), seq)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	wa, wb := a.Result.Waves[0], b.Result.Waves[0]
	runs := 0
	for i := range wa.Points {
		if wa.Plausible[i] != wb.Plausible[i] {
			t.Errorf("point %d: plausible %v sequentially, %v with every replication", i, wa.Plausible[i], wb.Plausible[i])
		}
		if len(wb.Runs[i]) != 5 {
			t.Fatalf("--all-reps ran %d replications at point %d", len(wb.Runs[i]), i)
		}
		runs += len(wa.Runs[i])
		for r := range wa.Runs[i] {
			if !slices.Equal(wa.Runs[i][r], wb.Runs[i][r]) {
				t.Fatalf("point %d replication %d differs", i, r)
			}
		}
	}
	if runs >= 5*len(wa.Points) {
		t.Errorf("the sequential match ran all %d replications", runs)
	}
	t.Logf("sequential: %d of %d replications", runs, 5*len(wa.Points))
	seq.Out = all.Out
	if _, err := Fit(context.Background(), seq); err == nil || !strings.Contains(err.Error(), "holds a match of another") {
		t.Errorf("a sequential match resumed one run with every replication: %v", err)
	}
}
