package priors

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/flowsim/flowsim/sim/scenario"
)

const (
	nottsPriors   = "../../scenarios/notts/calibration/priors.yaml"
	nottsBaseline = "../../scenarios/notts/baseline.yaml"
)

// loadNotts binds the shipped priors once for the package's tests:
// NewSpace loads the baseline some sixty times.
var loadNotts = sync.OnceValues(func() (*Space, error) {
	f, err := Load(nottsPriors)
	if err != nil {
		return nil, err
	}
	return NewSpace(f, nottsBaseline)
})

func nottsSpace(t *testing.T) *Space {
	t.Helper()
	s, err := loadNotts()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestNottsPriorsLoadEverywhere loads the baseline at the centre of the
// shipped box and at corners: NewSpace has already loaded the centre, the
// all-low and all-high corners, every one-at-a-time extreme and the
// corners that push each rest share to its ends; 2^24 corners are too
// many to load one by one, so 24 more are drawn at random. At each, the
// shares read back from the loaded scenario sum to 1 and the priors'
// values arrive where they were sent.
func TestNottsPriorsLoadEverywhere(t *testing.T) {
	s := nottsSpace(t)
	if s.Dim() < 20 {
		t.Fatalf("%d priors, want every calibrated or E knob that matters (>= 20)", s.Dim())
	}
	r := rand.New(rand.NewPCG(12, 0))
	points := [][]float64{make([]float64, s.Dim())}
	for i := range points[0] {
		points[0][i] = 0.5
	}
	for range 24 {
		u := make([]float64, s.Dim())
		for i := range u {
			u[i] = float64(r.IntN(2))
		}
		points = append(points, u)
	}
	idx := map[string]int{}
	for i, n := range s.Names() {
		idx[n] = i
	}
	for _, u := range points {
		ov, err := s.Overrides(u)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenario.LoadWith(nottsBaseline, ov...)
		if err != nil {
			t.Fatalf("at %v: %v", u, err)
		}
		x, _ := s.Values(u)
		top := 0.0
		for name, c := range sc.Cohorts {
			top += c.Share
			sum := 0.0
			for _, v := range c.Pathways {
				sum += v
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("cohort %s pathways sum to %v", name, sum)
			}
		}
		if math.Abs(top-1) > 1e-12 {
			t.Errorf("cohort shares sum to %v", top)
		}
		// 65+ share moves by the factor; the frailty split is kept.
		if got, want := 1-sc.Cohorts["under65"].Share, 0.5*x[idx["share_65plus"]]; math.Abs(got-want) > 1e-12 {
			t.Errorf("65+ share %v, want %v", got, want)
		}
		if got, want := sc.Cohorts["fit"].Share/sc.Cohorts["severe"].Share, 0.20/0.065; math.Abs(got-want) > 1e-9 {
			t.Errorf("fit/severe %v, want %v", got, want)
		}
		if got, want := sc.Sites["qmc"].Hub.Assessment.Mean.Hours(), 16.5*x[idx["nuh_hub_assessment"]]; math.Abs(got-want) > 1e-9 {
			t.Errorf("qmc assessment mean %v h, want %v", got, want)
		}
		if got, want := sc.Sites["city"].Pathways["p2"].Capacity, int(math.Round(51*x[idx["p2_capacity"]])); got != want {
			t.Errorf("city p2 capacity %d, want %d", got, want)
		}
		if got, want := sc.Places["tertiary"].Arrivals.PerYear(), x[idx["tertiary_arrivals"]]*8760; math.Abs(got-want) > 1e-6 {
			t.Errorf("tertiary arrivals %v/y, want %v", got, want)
		}
	}
	// The corners of the box are the priors' bounds, in the file's units.
	lo, _ := s.Values(make([]float64, s.Dim()))
	if got := s.File.Priors[idx["tertiary_arrivals"]].Display(lo[idx["tertiary_arrivals"]]); math.Abs(got-7300) > 1e-9 {
		t.Errorf("tertiary arrivals at min: %v /y, want 7300", got)
	}
}

func TestQuantiles(t *testing.T) {
	cases := []struct {
		pr   Prior
		u    float64
		want float64
	}{
		{Prior{Dist: Uniform, Min: 2, Max: 6}, 0.25, 3},
		{Prior{Dist: LogUniform, Min: 0.5, Max: 2}, 0.5, 1},
		{Prior{Dist: LogUniform, Min: 1, Max: 100}, 0.25, math.Sqrt(10)},
		// Triangular (0, 1, 4): F(1) = 1/4; F(x) = x²/4 below the mode.
		{Prior{Dist: Triangular, Min: 0, Mode: 1, Max: 4}, 0.0625, 0.5},
		// Above the mode: 1 − (4−x)²/12 = 0.75 at x = 4 − √3.
		{Prior{Dist: Triangular, Min: 0, Mode: 1, Max: 4}, 0.75, 4 - math.Sqrt(3)},
		// A normal truncated symmetrically keeps its median at the mean.
		{Prior{Dist: Normal, Min: 0, Max: 10, Mean: 5, SD: 2}, 0.5, 5},
		{Prior{Dist: Uniform, Min: 2, Max: 6}, 1, 6},
	}
	for _, c := range cases {
		if got := c.pr.Quantile(c.u); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%v Quantile(%v) = %v, want %v", c.pr.Dist, c.u, got, c.want)
		}
	}
	// Truncated normal (mean 1, sd 1, on [0, 4]): the quantile at u
	// satisfies (Φ(x−1) − Φ(−1)) / (Φ(3) − Φ(−1)) = u.
	pr := Prior{Dist: Normal, Min: 0, Max: 4, Mean: 1, SD: 1}
	n := distuv.UnitNormal
	for _, u := range []float64{0.1, 0.5, 0.9} {
		x := pr.Quantile(u)
		if got := (n.CDF(x-1) - n.CDF(-1)) / (n.CDF(3) - n.CDF(-1)); math.Abs(got-u) > 1e-9 {
			t.Errorf("truncated normal: F(Quantile(%v)) = %v", u, got)
		}
	}
}

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "priors.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBadPriorsFiles: every mistake is reported at its file and line, with
// the prior and field.
func TestBadPriorsFiles(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // substrings after "<file>"
		bind       bool     // found only against the scenario
	}{
		{"min above max", `priors:
  - name: a
    path: sites.qmc.beds.los_scale
    min: 2
    max: 1
    source: x
    grade: E
`, []string{":4: a.min: min 2 must be below max 1"}, false},
		{"missing source and grade", `priors:
  - name: a
    path: sites.qmc.beds.los_scale
    min: 1
    max: 2
`, []string{":2: a.source: missing", ":2: a.grade: missing"}, false},
		{"bad grade", `priors:
  - name: a
    path: sites.qmc.beds.los_scale
    min: 1
    max: 2
    source: x
    grade: Q
`, []string{":7: a.grade: want S, P, D or E"}, false},
		{"unit mix", `priors:
  - name: a
    path: sites.qmc.hub.assessment.mean
    min: 8h
    max: 30
    source: x
    grade: E
`, []string{":5: a.max: missing unit"}, false},
		{"normal sd without unit", `priors:
  - name: a
    path: sites.qmc.hub.assessment.mean
    dist: normal
    min: 8h
    max: 30h
    mean: 15h
    sd: 4
    source: x
    grade: E
`, []string{":8: a.sd: missing unit"}, false},
		{"description is not a field", `description: x
priors:
  - {name: a, path: sites.qmc.beds.los_scale, min: 1, max: 2, source: x, grade: E}
`, []string{":1: description: unknown field"}, false},
		{"scale with units", `priors:
  - name: a
    path: sites.qmc.hub.assessment.mean
    scale: true
    min: 8h
    max: 30h
    source: x
    grade: E
`, []string{":5: a.min: a scale prior's numbers are bare factors"}, false},
		{"unknown field and dist", `priors:
  - name: a
    path: sites.qmc.beds.los_scale
    dist: beta
    min: 1
    max: 2
    sorce: x
    grade: E
`, []string{":4: a.dist: unknown distribution \"beta\"", ":7: a.sorce: unknown field", ":2: a.source: missing"}, false},
		{"duplicate name and path", `priors:
  - {name: a, path: sites.qmc.beds.los_scale, min: 1, max: 2, source: x, grade: E}
  - {name: a, path: sites.qmc.beds.los_scale, min: 1, max: 2, source: x, grade: E}
`, []string{":3: a: name used twice (first at line 2)", ":3: a.path: sites.qmc.beds.los_scale is also set by a"}, false},
		{"bad path", `priors:
  - name: a
    path: sites.qmc.beds.los_scael
    min: 1
    max: 2
    source: x
    grade: E
`, []string{":2: a: at the centre of the box", "los_scael"}, true},
		{"missing site", `priors:
  - name: a
    path: sites.nowhere.beds.capacity
    scale: true
    min: 0.5
    max: 2
    source: x
    grade: E
`, []string{":2: a.path: sites.nowhere.beds.capacity has no value"}, true},
		{"kind against the scenario", `priors:
  - name: a
    path: sites.qmc.hub.assessment.mean
    min: 1
    max: 2
    source: x
    grade: E
`, []string{":2: a.min: sites.qmc.hub.assessment.mean is a duration"}, true},
		{"invalid at an extreme", `priors:
  - name: a
    path: sites.qmc.sdec.uptake
    min: 0.5
    max: 1.5
    source: x
    grade: E
`, []string{":2: a: at a at its max, the others at the centre", "sdec.uptake"}, true},
		{"rest out of range", `priors:
  - name: a
    path: cohorts.severe.pathways.p1
    scale: true
    rest: p0
    min: 0.5
    max: 4
    source: x
    grade: E
`, []string{":2: a.rest: cohorts.severe.pathways.p0 (base 0.52) would range over [-0.2, 0.64]"}, true},
		{"integer duration", `priors:
  - name: a
    path: sites.qmc.hub.assessment.mean
    integer: true
    min: 8h
    max: 20h
    source: x
    grade: E
`, []string{":2: a.integer: sites.qmc.hub.assessment.mean is a duration"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, c.text)
			f, err := Load(p)
			if c.bind {
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				_, err = NewSpace(f, nottsBaseline)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), p+w) && !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\nlacks %q", err, w)
				}
				if strings.HasPrefix(w, ":") && !strings.Contains(err.Error(), p+w) {
					t.Errorf("error\n%v\nlacks %q", err, p+w)
				}
			}
		})
	}
}

func TestLoadRefusesNonFiles(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("directory: %v", err)
	}
}
