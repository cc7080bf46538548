package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// uncertaintyDir writes the M/M/5 example (a short horizon) with priors
// and targets beside it, as calibrate --fit and sensitivity find them.
func uncertaintyDir(t *testing.T) (dir, scenarioPath string) {
	t.Helper()
	dir = t.TempDir()
	data := strings.Replace(string(readFile(t, mmcFile)), "horizon: 2000h", "horizon: 600h", 1)
	files := map[string]string{
		"mmc.yaml": data,
		"alt.yaml": "extends: mmc.yaml\nname: six-beds\nsites: {main: {beds: {capacity: 6}}}\n",
		"calibration/priors.yaml": `priors:
  - name: los_mean
    path: sites.main.beds.los.mean
    min: 0.5h
    max: 1.5h
    source: "a test: Erlang says 0.94-1.06 h"
    grade: E
  - name: beds
    path: sites.main.beds.capacity
    integer: true
    min: 5
    max: 6
    source: "a test"
    grade: E
`,
		"calibration/targets.yaml": `targets:
  - name: utilisation
    metric: occupancy_mean
    sites: [main]
    low: 0.80
    high: 0.90
    source: "Erlang"
`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, filepath.Join(dir, "mmc.yaml")
}

// TestCalibrateFitWritesAndResumes: calibrate --fit writes the plausible
// set as CSV and as an ensemble that compare --ensemble reads, and a second
// run in the same directory resumes from the saved waves to the same files.
func TestCalibrateFitWritesAndResumes(t *testing.T) {
	dir, sc := uncertaintyDir(t)
	out := filepath.Join(dir, "fit")
	args := []string{"calibrate", sc, "--fit", "--waves", "2", "--points", "16", "--reps", "2", "--workers", "2", "--out", out, "--quiet"}
	stdout := mustRun(t, args...)
	for _, want := range []string{"wave  points  replications run  plausible", "utilisation", "plausible parameter sets"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	first := readFile(t, filepath.Join(out, "plausible.csv"))
	if rows := readCSV(t, filepath.Join(out, "plausible.csv")); len(rows) < 2 || rows[0][1] != "los_mean" {
		t.Fatalf("plausible.csv: %v", rows)
	}
	_, _, stderr := flowsim(t, args[:len(args)-1]...)
	if !strings.Contains(stderr, "resuming") {
		t.Errorf("a second run in %s did not resume: %s", out, stderr)
	}
	if again := readFile(t, filepath.Join(out, "plausible.csv")); string(again) != string(first) {
		t.Error("the resumed match wrote a different plausible set")
	}
	// Another seed is another match: its waves are not reused.
	code, _, stderr := flowsim(t, append(args, "--seed", "99")...)
	if code != 1 || !strings.Contains(stderr, "another scenario, priors, targets, seed or design") {
		t.Errorf("resuming with another seed: exit %d, %s", code, stderr)
	}

	// The ensemble feeds compare --ensemble.
	ens := filepath.Join(dir, "ens")
	stdout = mustRun(t, "compare", sc, filepath.Join(dir, "alt.yaml"), "--ensemble", filepath.Join(out, "plausible.yaml"),
		"--reps", "2", "--out", ens, "--quiet")
	if !strings.Contains(stdout, "six-beds saves") || !strings.Contains(stdout, "plausible baselines") {
		t.Errorf("compare --ensemble stdout:\n%s", stdout)
	}
	rows := readCSV(t, filepath.Join(ens, "ensemble-comparison.csv"))
	if rows[0][0] != "alternative" || column(t, rows[0], "interval_low") < 0 || len(rows) != 1+2*2 {
		t.Errorf("ensemble-comparison.csv: %d rows, header %v (want 2 metrics × 2 sites)", len(rows), rows[0])
	}
	// Members that set the capacity the alternative raises get the
	// alternative's change as a ratio, and the note says so.
	if !strings.Contains(stdout, "sites.main.beds.capacity") {
		t.Errorf("compare --ensemble did not note the capacity the members and the alternative both set:\n%s", stdout)
	}
}

func TestUncertaintyUsage(t *testing.T) {
	dir, sc := uncertaintyDir(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"calibrate", sc, "--waves", "2"}, 2, "need --fit"},
		{[]string{"calibrate", sc, "--fit", "--waves", "0"}, 2, "--waves"},
		{[]string{"calibrate", sc, "--fit", "--priors", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
		{[]string{"calibrate", sc, "--fit", "--out", dir}, 1, "not a match to resume"},
		{[]string{"calibrate", sc, "--warmup", "4h"}, 2, "need --fit"},
		{[]string{"calibrate", sc, "--fit", "--warmup", "soon"}, 2, "--warmup"},
		{[]string{"calibrate", sc, "--fit", "--warmup", "5h", "--out", filepath.Join(dir, "w")}, 1, "whole days"},
		{[]string{"calibrate", sc, "--census", "c.csv"}, 2, "need --fit"},
		{[]string{"calibrate", sc, "--fit", "--census", "c.csv"}, 2, "--census needs --warmup"},
		{[]string{"calibrate", sc, "--fit", "--census", filepath.Join(dir, "none.csv"), "--warmup", "4h", "--out", filepath.Join(dir, "c")}, 1, "none.csv"},
		{[]string{"sensitivity", sc, "--metric", "bed_dayz"}, 2, "not a flowsim metric"},
		{[]string{"sensitivity", sc, "--method", "fast"}, 2, "morris or sobol"},
		{[]string{"sensitivity", sc, "--site", "qmc"}, 2, "the scenario's sites are main"},
		{[]string{"compare", sc, sc, "--ensemble", filepath.Join(dir, "none.yaml")}, 1, "none.yaml"},
		{[]string{"compare", sc, sc, "--ensemble", filepath.Join(dir, "none.yaml"), "--shard", "1/2"}, 2, "--shard does not apply"},
	} {
		code, _, stderr := flowsim(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("flowsim %s: exit %d, %q; want exit %d saying %q", strings.Join(c.args, " "), code, stderr, c.code, c.want)
		}
	}
}

// TestSensitivityWritesItsRanking: bed-days follow the stay, not the
// number of beds, and the ranking and its figure are written.
func TestSensitivityWritesItsRanking(t *testing.T) {
	dir, sc := uncertaintyDir(t)
	out := filepath.Join(dir, "sens")
	stdout := mustRun(t, "sensitivity", sc, "--metric", "bed_days", "--trajectories", "4", "--reps", "1", "--out", out)
	rows := readCSV(t, filepath.Join(out, "ranking.csv"))
	// Bed-days follow the stays; the number of beds does not change them
	// (the queue is unlimited: nobody is turned away).
	if len(rows) != 3 || rows[1][1] != "los_mean" || rows[2][1] != "beds" {
		t.Errorf("ranking.csv %v: want los_mean first, then beds", rows)
	}
	for _, f := range []string{"tornado.svg", "tornado.png"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(stdout, "los_mean") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// TestTypoInAnInterventionWarns: "North:" for "north:" in an extends file
// adds a site with no arrivals; validate and run warn, naming the site the
// author meant, and --strict makes it an error (issue 13).
func TestTypoInAnInterventionWarns(t *testing.T) {
	base, err := filepath.Abs("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	typo := filepath.Join(t.TempDir(), "typo.yaml")
	body := "extends: " + base + "\nname: typo\nsites:\n  North:\n    beds: {capacity: 50, los: {dist: exponential, mean: 2d}}\n"
	if err := os.WriteFile(typo, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := flowsim(t, "validate", typo)
	if code != 0 || !strings.Contains(stderr, `typo.yaml:4: sites.North: adds a site`) || !strings.Contains(stderr, `did you mean "north"?`) {
		t.Errorf("validate: exit %d, %s", code, stderr)
	}
	if code, _, stderr := flowsim(t, "validate", "--strict", typo); code != 1 || !strings.Contains(stderr, "--strict") {
		t.Errorf("validate --strict: exit %d, %s", code, stderr)
	}
	if code, _, stderr := flowsim(t, "run", typo, "--reps", "1", "--strict", "--out", filepath.Join(t.TempDir(), "r")); code != 1 || !strings.Contains(stderr, "sites.North") {
		t.Errorf("run --strict: exit %d, %s", code, stderr)
	}
	code, _, stderr = flowsim(t, "run", typo, "--reps", "1", "--out", filepath.Join(t.TempDir(), "r2"))
	if code != 0 || !strings.Contains(stderr, "warning:") || !strings.Contains(stderr, "receives no patients") {
		t.Errorf("run: exit %d, %s", code, stderr)
	}
}

// TestCalibrateFitShardedCLI: calibrate --fit --wave W --shard K/N and
// --merge, wave by wave, write the plausible set of one calibrate --fit,
// byte for byte, with shard 2/2 of wave 2 taken from Slurm's variables as
// run takes them; the flags that do not belong together are refused.
func TestCalibrateFitShardedCLI(t *testing.T) {
	dir, sc := uncertaintyDir(t)
	one, sharded := filepath.Join(dir, "one"), filepath.Join(dir, "sharded")
	common := []string{"calibrate", sc, "--fit", "--waves", "2", "--points", "12", "--reps", "2", "--quiet"}
	mustRun(t, append(common, "--workers", "2", "--out", one)...)
	for wave := 1; wave <= 2; wave++ {
		w := fmt.Sprint(wave)
		mustRun(t, append(common, "--out", sharded, "--wave", w, "--shard", "1/2", "--workers", "1")...)
		if wave == 2 {
			t.Setenv("SLURM_ARRAY_TASK_ID", "1")
			t.Setenv("SLURM_ARRAY_TASK_COUNT", "2")
			stdout := mustRun(t, append(common, "--out", sharded, "--wave", w, "--workers", "2")...)
			if !strings.Contains(stdout, "wave 2 shard 2/2: 6 points") {
				t.Errorf("the Slurm task's shard: %s", stdout)
			}
		} else {
			mustRun(t, append(common, "--out", sharded, "--wave", w, "--shard", "2/2", "--workers", "2")...)
		}
		stdout := mustRun(t, append(common, "--out", sharded, "--merge")...)
		if want := map[int]string{1: "wave 2's design is drawn", 2: "the match is finished"}[wave]; !strings.Contains(stdout, want) {
			t.Errorf("merge of wave %d says:\n%s", wave, stdout)
		}
	}
	for _, name := range []string{"plausible.csv", "plausible.yaml", "waves.csv", "waves.json"} {
		if a, b := readFile(t, filepath.Join(one, name)), readFile(t, filepath.Join(sharded, name)); string(a) != string(b) {
			t.Errorf("%s differs between the one-node and the sharded match", name)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--merge", "--wave", "1", "--out", sharded}, "without --wave"},
		{[]string{"--shard", "1/2", "--out", sharded}, "--shard needs --wave"},
		{[]string{"--wave", "1"}, "need --out"},
		{[]string{"--wave", "0", "--out", sharded}, "--wave must be"},
		{[]string{"--wave", "1", "--shard", "3/2", "--out", sharded}, "--shard"},
	} {
		code, _, stderr := flowsim(t, append(common, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %s", c.args, code, stderr)
		}
	}
}
