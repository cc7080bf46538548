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

// Parameters of the same-day extract fitSameDayCSV writes.
const (
	sdN     = 4000 // rows of site qmc
	sdShare = 0.3  // same-day share at qmc
	sdMu    = 2.0  // meanlog of the other stays at qmc, days
	sdSigma = 0.6  // sdlog
)

// fitSameDayCSV writes an extract as hospitals record it: sdN stays at
// site qmc, a share sdShare of them same-day stays of 1 + 10u² hours for
// u uniform on [0, 1) (mean 13/3 ≈ 4.33h, median 3.5h, sd 2.98h) written
// as fractions of a day and flagged, the rest
// lognormal(sdMu, sdSigma) days; and 1,000 stays at site nch from a
// lognormal twice as long, which only a --where filter keeps out. The
// tenth row's arrival time is not a timestamp. All from a fixed seed.
func fitSameDayCSV(t *testing.T) string {
	t.Helper()
	r := rand.New(rand.NewPCG(2026, 13))
	var b strings.Builder
	b.WriteString("patient_id,site,arrived_at,los_days,same_day\n")
	start := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)
	for i := range sdN + 1000 {
		site, mu := "qmc", sdMu
		if i%5 == 4 {
			site, mu = "nch", sdMu+math.Ln2
		}
		at := start.Add(time.Duration(r.Float64() * 56 * 24 * float64(time.Hour))).Format("2006-01-02 15:04")
		if i == 9 {
			at = "31/02/2025 25:00"
		}
		x, flag := math.Exp(mu+sdSigma*r.NormFloat64()), "no"
		if r.Float64() < sdShare {
			u := r.Float64()
			x, flag = (1+10*u*u)/24, "yes"
		}
		fmt.Fprintf(&b, "P%05d,%s,%s,%.5f,%s\n", i, site, at, x, flag)
	}
	path := filepath.Join(t.TempDir(), "extract.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fitLoadLOS loads the printed los line as a site's beds.los in the real
// scenario loader.
func fitLoadLOS(t *testing.T, stdout string) *scenario.Dist {
	t.Helper()
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
	return sc.Sites["main"].Beds.LOS
}

// TestFitSameDay: the flagged extract, filtered to qmc, fits as the
// cohorts' shape — a fixed same-day stay plus a lognormal — and the
// printed line, loaded through the scenario loader, says what was
// simulated: the share within 4 standard errors √(p(1-p)/n), meanlog and
// sdlog within 4 of theirs (σ/√m and σ/√(2m) over the m other stays:
// about 0.04 and 0.03, where fitting every stay as one lognormal is off
// by about 1 in meanlog and 0.8 in sdlog, and keeping nch by about 0.14
// in meanlog), and the fixed stay at the same-day mean of 4.33h within 4
// standard errors (0.34h; the median, 3.5h, would fail). --zero-below
// 12h recovers the same from the durations alone. The row with a bad arrival time is kept (every qmc row counts),
// the exponential is warned of (its p95 is some 30% high) and the
// lognormal is not; without the flag, the single lognormal is.
func TestFitSameDay(t *testing.T) {
	path := fitSameDayCSV(t)
	const m = (1 - sdShare) * sdN
	for _, tc := range []struct {
		name string
		args []string
		why  string
	}{
		{"flag", []string{"--same-day-column", "same_day"}, "flagged in same_day"},
		{"threshold", []string{"--zero-below", "12h"}, "below 12h"},
		{"threshold in days", []string{"--zero-below", "0.5d"}, "below 0.5d"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"fit", path, "--column", "los_days", "--where", "site=qmc", "--no-plot"}, tc.args...)
			code, stdout, stderr := flowsim(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if want := fmt.Sprintf("from %s (site=qmc: 4,000 of 5,000 rows): 4,000 values; ", path); !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, stdout)
			}
			if !strings.Contains(stdout, tc.why) {
				t.Errorf("stdout does not say the same-day stays are %s:\n%s", tc.why, stdout)
			}
			d := fitLoadLOS(t, stdout)
			if d.Type != "mixture" || len(d.Of) != 2 || d.Of[0].Type != "fixed" || d.Of[0].Value == nil ||
				d.Of[1].Type != "lognormal" || d.Of[1].Median == nil || d.Of[1].P95 == nil {
				t.Fatalf("loaded %+v, want a mixture of a fixed stay and a lognormal by median and p95", d)
			}
			if z := (d.Of[0].P - sdShare) / math.Sqrt(sdShare*(1-sdShare)/sdN); math.Abs(z) > 4 {
				t.Errorf("same-day share %v, want %v: %.1f SE off", d.Of[0].P, sdShare, z)
			}
			if z := (d.Of[0].Value.Hours() - 13.0/3) / (10 * math.Sqrt(1.0/5-1.0/9) / math.Sqrt(sdShare*sdN)); math.Abs(z) > 4 {
				t.Errorf("fixed same-day stay %v, want 4.333h: %.1f SE off", *d.Of[0].Value, z)
			}
			meanlog := math.Log(d.Of[1].Median.Days())
			sdlog := (math.Log(d.Of[1].P95.Days()) - meanlog) / 1.6448536269514722
			if z := (meanlog - sdMu) / (sdSigma / math.Sqrt(m)); math.Abs(z) > 4 {
				t.Errorf("meanlog %.4f, want %v: %.1f SE off", meanlog, sdMu, z)
			}
			if z := (sdlog - sdSigma) / (sdSigma / math.Sqrt(2*m)); math.Abs(z) > 4 {
				t.Errorf("sdlog %.4f, want %v: %.1f SE off", sdlog, sdSigma, z)
			}
			if !strings.Contains(stdout, "warning: exponential: p95") {
				t.Errorf("no warning that the exponential misses the p95:\n%s", stdout)
			}
			if strings.Contains(stdout, "warning: lognormal") {
				t.Errorf("the true family is warned of:\n%s", stdout)
			}
			if strings.Contains(stderr, "hint:") {
				t.Errorf("a same-day hint when the same-day stays are marked:\n%s", stderr)
			}
		})
	}

	code, stdout, stderr := flowsim(t, "fit", path, "--column", "los_days", "--where", "site=qmc", "--no-plot")
	if code != 0 {
		t.Fatalf("without the flag: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "; 0 zero (0.0%)") || !strings.Contains(stdout, "warning: lognormal: mean") {
		t.Errorf("without the flag, want no zeros and the single lognormal's mean warned of:\n%s", stdout)
	}
	if !strings.Contains(stderr, "are under 12h but not zero") || !strings.Contains(stderr, "--same-day-column") {
		t.Errorf("without the flag, no hint that the short stays may be same-day stays:\n%s", stderr)
	}
}

// TestFitPerColumnBadCells: a bad arrival time spoils the arrival, not the
// stay: with --arrivals-column and --skip-bad the stay is fitted and the
// arrival left out; without --arrivals-column the column is not read.
func TestFitPerColumnBadCells(t *testing.T) {
	path := fitSameDayCSV(t)
	code, stdout, stderr := flowsim(t, "fit", path, "--column", "los_days", "--arrivals-column", "arrived_at",
		"--skip-bad", "--no-plot")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"skipped 1 bad cell (--skip-bad), leaving out 0 stays and 1 arrivals", "extract.csv:11: column arrived_at"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	for _, w := range []string{": 5,000 values;", "4,999 arrivals"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	code, _, stderr = flowsim(t, "fit", path, "--column", "los_days", "--arrivals-column", "arrived_at", "--no-plot")
	if code != 1 || !strings.Contains(stderr, `extract.csv:11: column arrived_at: "31/02/2025 25:00" is not a timestamp`) {
		t.Errorf("without --skip-bad: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestFitInputErrors: filters and same-day options that cannot work, and a
// file that is not a CSV of stays, fail with errors that do not echo it.
func TestFitInputErrors(t *testing.T) {
	path := fitSameDayCSV(t)
	passwd := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(passwd, []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown filter column", []string{"--column", "los_days", "--where", "hospital=qmc"}, 1,
			`:1: --where hospital=qmc: no column "hospital"; the header has "patient_id", "site"`},
		{"filter without =", []string{"--column", "los_days", "--where", "site"}, 2, "want column=value or column!=value"},
		{"nothing passes", []string{"--column", "los_days", "--where", "site=kmh"}, 1, "no row of 5000 passes site=kmh"},
		{"unknown same-day column", []string{"--column", "los_days", "--same-day-column", "daycase"}, 1, `no column "daycase"`},
		{"bare threshold", []string{"--column", "los_days", "--zero-below", "4"}, 2, "--zero-below must be a positive duration"},
		{"zero threshold", []string{"--column", "los_days", "--zero-below", "0"}, 2, "--zero-below must be a positive duration"},
		{"same-day alone", []string{"--arrivals-column", "arrived_at", "--same-day-column", "same_day"}, 2, "--same-day-column needs --column"},
		{"threshold alone", []string{"--arrivals-column", "arrived_at", "--zero-below", "4h"}, 2, "--zero-below needs --column"},
		{"not a CSV", []string{"--column", "root"}, 1, `passwd:1: no column "root"; the header has 1 column`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := path
			if tc.name == "not a CSV" {
				file = passwd
			}
			code, stdout, stderr := flowsim(t, append([]string{"fit", file, "--no-plot"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, tc.code, tc.want, stderr)
			}
			if strings.Contains(stdout+stderr, "/bin/bash") || strings.Contains(stdout+stderr, "daemon") {
				t.Errorf("the file's content is echoed:\n%s%s", stdout, stderr)
			}
		})
	}
}
