package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// flowsim runs the command line in-process and returns its exit code and
// output.
func flowsim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runCLI(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunIsIndependentOfWorkers: the same seed gives byte-identical files
// whatever the number of workers; only the manifest's "run" section (wall
// clock, workers) may differ.
func TestRunIsIndependentOfWorkers(t *testing.T) {
	dir := t.TempDir()
	outs := map[string]string{}
	for _, w := range []string{"1", "4"} {
		out := filepath.Join(dir, "w"+w)
		code, _, stderr := flowsim(t, "run", "testdata/small.yaml", "--workers", w, "--out", out, "--quiet")
		if code != 0 {
			t.Fatalf("run --workers %s: exit %d: %s", w, code, stderr)
		}
		outs[w] = out
	}
	for _, f := range []string{"summary.csv", "replications.csv", "daily.csv"} {
		a, b := readFile(t, filepath.Join(outs["1"], f)), readFile(t, filepath.Join(outs["4"], f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between --workers 1 and --workers 4", f)
		}
	}
	if a, b := manifestWithoutRun(t, outs["1"]), manifestWithoutRun(t, outs["4"]); a != b {
		t.Errorf("manifests differ beyond the run section:\n%s\n%s", a, b)
	}

	other := filepath.Join(dir, "seed")
	if code, _, stderr := flowsim(t, "run", "testdata/small.yaml", "--seed", "12", "--out", other, "--quiet"); code != 0 {
		t.Fatalf("run --seed 12: exit %d: %s", code, stderr)
	}
	if bytes.Equal(readFile(t, filepath.Join(outs["1"], "replications.csv")), readFile(t, filepath.Join(other, "replications.csv"))) {
		t.Error("a different seed gave identical replications")
	}
}

func manifestWithoutRun(t *testing.T, dir string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "run")
	// The manifest's own hash covers its run section; the files' hashes
	// must agree.
	if in, ok := m["integrity"].(map[string]any); ok {
		delete(in, "manifest_sha256")
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// TestRunGolden pins a small run's summary.csv and printed table; refresh
// with go test ./cmd/flowsim -update after an intended change.
func TestRunGolden(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := flowsim(t, "run", "testdata/small.yaml", "--out", out, "--workers", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The last line names the temp dir and the wall time; drop it.
	table := stdout[:strings.LastIndex(strings.TrimRight(stdout, "\n"), "\n")+1]
	golden(t, "testdata/small.summary.csv", readFile(t, filepath.Join(out, "summary.csv")))
	golden(t, "testdata/small.stdout", []byte(table))
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readFile(t, path)
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if intended):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestRunOutputContract(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := flowsim(t, "run", "testdata/small.yaml", "--out", out, "--reps", "2", "--horizon", "10d", "--warmup", "2d", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	headers := map[string]string{
		"summary.csv":      "scenario,metric,site,mean,sd,ci_low,ci_high,p05,p50,p95,n",
		"replications.csv": "scenario,rep,metric,site,value",
		"daily.csv": "scenario,rep,day,date,site,unit,occupied,arrivals,admissions,discharges,delayed," +
			"delayed_hub,delayed_d2a,delayed_acceptance,delayed_p1,delayed_p2,delayed_p3,delayed_p0,boarding",
	}
	for f, h := range headers {
		lines := strings.Split(string(readFile(t, filepath.Join(out, f))), "\n")
		if lines[0] != h {
			t.Errorf("%s header = %q, want %q", f, lines[0], h)
		}
	}
	// 2 reps × 10 days × 2 sites.
	if n := strings.Count(string(readFile(t, filepath.Join(out, "daily.csv"))), "\n"); n != 1+2*10*2 {
		t.Errorf("daily.csv has %d lines, want %d", n, 1+2*10*2)
	}
	var m struct {
		Reps        int     `json:"reps"`
		HorizonDays float64 `json:"horizon_days"`
		WarmupDays  float64 `json:"warmup_days"`
		SHA         string  `json:"scenario_sha256"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Reps != 2 || m.HorizonDays != 10 || m.WarmupDays != 2 || len(m.SHA) != 64 {
		t.Errorf("manifest = %+v, want reps 2, horizon 10, warm-up 2 and a SHA-256", m)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestVersionFlag: flowsim --version prints what flowsim version does.
func TestVersionFlag(t *testing.T) {
	code, flag, _ := flowsim(t, "--version")
	_, cmd, _ := flowsim(t, "version")
	if code != 0 || flag != cmd || !strings.Contains(flag, "flowsim") {
		t.Errorf("--version: exit %d, %q; version: %q", code, flag, cmd)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: x\nplaces:\n  a: {arrivals: 1/h}\nsites:\n  s:\n    beds:\n      capacity: 0\n      los: {dist: exponential, mean: 1h}\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"fly"}, 2, `unknown command "fly"`},
		{"unknown flag", []string{"run", "--repz", "3", "x.yaml"}, 2, "unknown flag: --repz"},
		{"no scenario", []string{"run"}, 2, "exactly one scenario"},
		{"bad reps", []string{"run", "testdata/small.yaml", "--reps", "0"}, 2, "--reps must be at least 1"},
		{"bad horizon unit", []string{"run", "testdata/small.yaml", "--horizon", "10"}, 2, "--horizon"},
		{"warm-up past horizon", []string{"run", "testdata/small.yaml", "--warmup", "50d"}, 2, "warm-up (50d) must be shorter"},
		{"missing file", []string{"run", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
		{"invalid scenario", []string{"run", bad}, 1, "bad.yaml:7"},
		{"validate invalid", []string{"validate", "testdata/small.yaml", bad}, 1, "sites.s.beds.capacity"},
		{"validate nothing", []string{"validate"}, 2, "at least one"},
		{"help", []string{"run", "--help"}, 0, "--workers"},
		{"validate help lists its flags", []string{"validate", "--help"}, 0, "--quiet"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on bad input: %s", stderr)
			}
		})
	}
}

func TestValidateShippedScenarios(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*/*.yaml")
	if len(files) == 0 {
		t.Fatal("no shipped scenarios found")
	}
	code, stdout, stderr := flowsim(t, append([]string{"validate"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, ": ok"); n != len(files) {
		t.Errorf("%d files ok, want %d", n, len(files))
	}
}
