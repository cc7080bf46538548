package main

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/scenario"
)

// TestFitGolden pins the printed result of fitting a small extract (400
// patients over 8 weeks: 10% zero stays, a quarter still in hospital, 3
// missing values) with its arrival profile; refresh with
// go test ./cmd/flowsim -update after an intended change.
func TestFitGolden(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := flowsim(t, "fit", "testdata/fit_los.csv", "--column", "los_days",
		"--censored-column", "still_in", "--arrivals-column", "arrived_at", "--out", out, "--format", "svg")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "testdata/fit_los.stdout", []byte(stdout))
	if !strings.Contains(stderr, "wrote") {
		t.Errorf("stderr %q does not say where the figures went", stderr)
	}
	// SVG only: PNG is slow to rasterise under -race, and sim/plot tests it.
	b := readFile(t, filepath.Join(out, "fit-los_days.svg"))
	if len(b) < 1000 || !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.Contains(b, []byte("los_days (days)")) {
		t.Errorf("fit-los_days.svg: %d bytes starting %q", len(b), b[:min(len(b), 8)])
	}
	if _, err := os.Stat(filepath.Join(out, "fit-los_days.png")); err == nil {
		t.Error("wrote a PNG when asked for --format svg")
	}
}

// fitWriteCSV writes n lengths of stay in days drawn from a lognormal with
// median e^1.4 ≈ 4.06 days and sigma 0.9, 12% of them zero, a fifth
// censored at independent times, with arrival times over 8 weeks, all from
// a fixed seed.
func fitWriteCSV(t *testing.T, n int) string {
	t.Helper()
	r := rand.New(rand.NewPCG(42, 7))
	var b strings.Builder
	b.WriteString("arrived_at,los_days,still_in\n")
	start := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)
	for range n {
		at := start.Add(time.Duration(r.Float64() * 56 * 24 * float64(time.Hour)))
		x, c := 0.0, 0
		if r.Float64() >= 0.12 {
			x = math.Exp(1.4 + 0.9*r.NormFloat64())
			if cens := 40 * r.ExpFloat64(); cens < x {
				x, c = cens, 1
			}
		}
		fmt.Fprintf(&b, "%s,%.4f,%d\n", at.Format("2006-01-02 15:04"), x, c)
	}
	path := filepath.Join(t.TempDir(), "fit_gen.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFitSnippetLoads: the printed los line loads, as a site's beds.los,
// in the real scenario loader, and says what was simulated: a 12% zero
// branch and a lognormal whose median is within 4 standard errors
// (σ/√n on the log scale) of the truth. The arrival lines load under a
// place.
func TestFitSnippetLoads(t *testing.T) {
	const n = 5000
	path := fitWriteCSV(t, n)
	code, stdout, stderr := flowsim(t, "fit", path, "--column", "los_days", "--censored-column", "still_in",
		"--arrivals-column", "arrived_at", "--no-plot")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var los string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "los: ") {
			los = strings.TrimPrefix(l, "los: ")
		}
	}
	if los == "" {
		t.Fatalf("no los line in:\n%s", stdout)
	}
	src := "places: {town: {arrivals: 4/h}}\nsites: {main: {beds: {capacity: 5, los: " + los + "}}}\n"
	sc, err := scenario.LoadBytes("snippet.yaml", []byte(src))
	if err != nil {
		t.Fatalf("snippet does not load: %v\n%s", err, src)
	}
	d := sc.Sites["main"].Beds.LOS
	if d == nil || d.Type != "mixture" || len(d.Of) != 2 || d.Of[1].Type != "lognormal" || d.Of[1].Median == nil {
		t.Fatalf("loaded %+v, want a mixture of a fixed zero and a lognormal by median", d)
	}
	if p := d.Of[0].P; math.Abs(p-0.12) > 4*math.Sqrt(0.12*0.88/n) {
		t.Errorf("zero share %v, want 0.12", p)
	}
	median := d.Of[1].Median.Days()
	if z := (math.Log(median) - 1.4) / (0.9 / math.Sqrt(0.88*n)); math.Abs(z) > 4 {
		t.Errorf("median %.3f days, want %.3f: %.1f SE off", median, math.Exp(1.4), z)
	}

	i := strings.Index(stdout, "arrivals: ")
	if i < 0 {
		t.Fatalf("no arrival profile in:\n%s", stdout)
	}
	var place strings.Builder
	for _, l := range strings.SplitAfter(stdout[i:], "\n") {
		if l != "" {
			place.WriteString("    " + l)
		}
	}
	src = "places:\n  town:\n" + place.String() + "sites: {main: {beds: {capacity: 5, los: {dist: exponential, mean: 4d}}}}\n"
	sc, err = scenario.LoadBytes("profile.yaml", []byte(src))
	if err != nil {
		t.Fatalf("profile does not load: %v\n%s", err, src)
	}
	if got := sc.Places["town"].Arrivals.PerDay(); math.Abs(got-n/56.0) > 0.01*n/56.0 {
		t.Errorf("arrivals %v/d, want %v (all rows over 56 days)", got, n/56.0)
	}
}

func TestFitErrors(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"no file", []string{"fit", "--column", "los"}, 2, []string{"exactly one CSV file"}},
		{"nothing to fit", []string{"fit", "testdata/fit_los.csv"}, 2, []string{"--column"}},
		{"bad unit", []string{"fit", "testdata/fit_los.csv", "--column", "los_days", "--unit", "days"}, 2, []string{"--unit must be m, h, d or w"}},
		{"bad format", []string{"fit", "testdata/fit_los.csv", "--column", "los_days", "--format", "gif"}, 2, []string{"--format"}},
		{"censoring alone", []string{"fit", "testdata/fit_los.csv", "--arrivals-column", "arrived_at", "--censored-column", "still_in"}, 2, []string{"--censored-column needs --column"}},
		{"unknown flag", []string{"fit", "testdata/fit_los.csv", "--colum", "x"}, 2, []string{"unknown flag"}},
		{"help", []string{"fit", "--help"}, 0, []string{"--censored-column"}},
		{"missing file", []string{"fit", "testdata/fit_nope.csv", "--column", "los_days"}, 1, []string{"fit_nope.csv"}},
		{"missing column", []string{"fit", "testdata/fit_los.csv", "--column", "los"}, 1,
			[]string{`testdata/fit_los.csv:1: no column "los"`, `"los_days"`}},
		{"bad cells", []string{"fit", "testdata/fit_bad.csv", "--column", "los_days", "--censored-column", "still_in"}, 1, []string{
			"3 bad cells",
			`testdata/fit_bad.csv:4: column los_days: "three" is not a number`,
			"testdata/fit_bad.csv:6: column los_days: -2 is negative",
			`testdata/fit_bad.csv:7: column still_in: "maybe"`,
			"--skip-bad",
		}},
		{"empty file", []string{"fit", "testdata/fit_empty.csv", "--column", "los_days"}, 1, []string{"testdata/fit_empty.csv: empty file"}},
		{"all missing", []string{"fit", "testdata/fit_missing.csv", "--column", "los_days"}, 1, []string{"column los_days: no values: all 3 are missing"}},
		{"skip bad rows", []string{"fit", "testdata/fit_bad.csv", "--column", "los_days", "--skip-bad", "--no-plot"}, 0, []string{"skipped 2 bad cells (--skip-bad), leaving out 2 stays", "fit_bad.csv:4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			for _, w := range tc.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on bad input: %s", stderr)
			}
		})
	}
}
