package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/plot"
)

// TestPlotCommand: flowsim plot draws every figure a plain run allows into
// DIR/plots, in each format asked for, and says which it cannot draw.
func TestPlotCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := flowsim(t, "run", "testdata/small.yaml", "--reps", "3", "--out", dir, "--quiet"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := flowsim(t, "plot", dir, "--format", "png,svg", "--dpi", "30")
	if code != 0 {
		t.Fatalf("plot: exit %d: %s", code, stderr)
	}
	var want []string
	for _, name := range []string{"occupancy", "delays"} {
		for _, ext := range []string{"png", "svg"} {
			want = append(want, filepath.Join(dir, "plots", name+"."+ext))
		}
	}
	if got := strings.Fields(stdout); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("plot wrote %q, want %q", got, want)
	}
	for _, f := range want {
		if st, err := os.Stat(f); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// small.yaml has no pathways (no queues) and no --patients (no LOS).
	for _, note := range []string{"no queues figure", "no los figure: needs patients.csv (run with --patients)"} {
		if !strings.Contains(stderr, note) {
			t.Errorf("stderr lacks %q:\n%s", note, stderr)
		}
	}
	if strings.Contains(stderr, "comparison") || strings.Contains(stderr, "sweep") {
		t.Errorf("stderr mentions figures only other kinds of run have:\n%s", stderr)
	}

	out := filepath.Join(t.TempDir(), "figs")
	code, stdout, _ = flowsim(t, "plot", dir, "--kind", "occupancy", "--format", "svg", "--out", out, "-q")
	if code != 0 || strings.TrimSpace(stdout) != filepath.Join(out, "occupancy.svg") {
		t.Errorf("plot --kind occupancy --out: exit %d, wrote %q", code, stdout)
	}
}

func TestPlotReportErrors(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := flowsim(t, "run", "testdata/small.yaml", "--reps", "2", "--out", run, "--quiet"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	empty := t.TempDir()
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"plot"}, exitUsage, "exactly one run directory"},
		{[]string{"plot", run, run}, exitUsage, "exactly one run directory"},
		{[]string{"plot", run, "--kind", "pie"}, exitUsage, `--kind "pie"`},
		{[]string{"plot", run, "--format", "gif"}, exitUsage, `--format "gif"`},
		{[]string{"plot", filepath.Join(empty, "nope")}, exitBadInput, "no such file"},
		{[]string{"plot", empty}, exitBadInput, "is not a run directory"},
		{[]string{"plot", run, "--kind", "los"}, exitBadInput, "patients.csv (run with --patients)"},
		{[]string{"plot", run, "--kind", "comparison"}, exitBadInput, "comparison.csv"},
		{[]string{"report"}, exitUsage, "exactly one run directory"},
		{[]string{"report", run, "--format", "jpeg"}, exitUsage, `--format "jpeg"`},
		{[]string{"report", empty}, exitBadInput, "is not a run directory"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, _, stderr := flowsim(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, c.code, c.msg)
			}
		})
	}
}

// TestDelayBreakdownMatchesMetrics cross-checks the delays figure against
// the model's own metrics on the Notts baseline: delayed bed-days summed
// from daily.csv (after the warm-up) equal delayed_bed_days per site, and
// each cause's equal delayed_<cause>_bed_days, up to daily.csv's
// 4-decimal rounding; the causes add up to the total.
func TestDelayBreakdownMatchesMetrics(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "notts")
	code, _, stderr := flowsim(t, "run", "../../scenarios/notts/baseline.yaml", "--reps", "2", "--horizon", "100d", "--warmup", "30d", "--out", dir, "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	run, err := plot.ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := plot.DelayData(run, run.Groups[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sites) != 3 {
		t.Fatalf("%d sites, want 3", len(d.Sites))
	}
	if !slices.Contains(d.Causes, "hub") {
		t.Errorf("causes %q: no delay for the hub, whose hours are limited", d.Causes)
	}
	// 70 days of daily means rounded to 1e-4 each; summary.csv keeps 6
	// significant digits.
	near := func(a, b float64) bool { return math.Abs(a-b) <= 70*0.5e-4+1e-5*math.Abs(b) }
	for _, s := range d.Sites {
		m, ok := run.Metric(run.Groups[0], "delayed_bed_days", s.Site)
		if !ok {
			t.Fatal("no delayed_bed_days in summary.csv")
		}
		if !near(s.Total.Mean, m.Mean) {
			t.Errorf("%s: delayed bed-days from daily.csv %v, summary.csv %v", s.Site, s.Total.Mean, m.Mean)
		}
		sum := 0.0
		for i, c := range s.ByCause {
			sum += c.Mean
			name := "delayed_" + d.Causes[i] + "_bed_days"
			m, ok := run.Metric(run.Groups[0], name, s.Site)
			if !ok {
				t.Fatalf("no %s in summary.csv", name)
			}
			if !near(c.Mean, m.Mean) {
				t.Errorf("%s: %s from daily.csv %v, summary.csv %v", s.Site, name, c.Mean, m.Mean)
			}
		}
		if math.Abs(sum-s.Total.Mean) > 70*0.5e-4*float64(len(s.ByCause))+1e-6*s.Total.Mean {
			t.Errorf("%s: causes add to %v, total %v", s.Site, sum, s.Total.Mean)
		}
	}
}
