package dist

import (
	"math/rand/v2"
	"testing"
)

// TestMixtureZeroWeightNeverDrawn checks that a component with weight 0 is
// never picked, wherever it sits.
func TestMixtureZeroWeightNeverDrawn(t *testing.T) {
	m := must(NewMixture([]float64{0, 1, 0}, []Distribution{Fixed{1}, Fixed{2}, Fixed{3}}))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 100_000 {
		if x := m.Sample(r); x != 2 {
			t.Fatalf("draw %d = %v, want 2", i, x)
		}
	}
}

// TestMixtureFrequencies checks each component is picked with its weight,
// within 4 binomial standard errors.
func TestMixtureFrequencies(t *testing.T) {
	const n = 200_000
	w := []float64{0.1, 0.2, 0.7}
	m := must(NewMixture(w, []Distribution{Fixed{0}, Fixed{1}, Fixed{2}}))
	r := rand.New(rand.NewPCG(1, 2))
	var count [3]int
	for range n {
		count[int(m.Sample(r))]++
	}
	for i, p := range w {
		se := sqrt(p * (1 - p) / n)
		if got := float64(count[i]) / n; abs(got-p) > 4*se {
			t.Errorf("component %d drawn %.4f of the time, want %.4f ± %.4f", i, got, p, 4*se)
		}
	}
}

// TestConstructorsCopy checks that later changes to the caller's slices do
// not reach an Empirical or Mixture.
func TestConstructorsCopy(t *testing.T) {
	xs := []float64{1, 1, 1}
	e := must(NewEmpirical(xs))
	xs[0], xs[1], xs[2] = 5, 5, 5
	if got := e.Sample(rand.New(rand.NewPCG(1, 2))); got != 1 {
		t.Errorf("empirical drew %v after the caller's slice changed, want 1", got)
	}
	if got := e.Samples(); got[0] != 1 {
		t.Errorf("Samples() = %v, want the original values", got)
	}

	w := []float64{1}
	c := []Distribution{Fixed{1}}
	m := must(NewMixture(w, c))
	w[0], c[0] = 0, Fixed{9}
	if got := m.Sample(rand.New(rand.NewPCG(1, 2))); got != 1 {
		t.Errorf("mixture drew %v after the caller's slices changed, want 1", got)
	}
}

// TestScale checks the simplifications Scale makes and that it keeps the
// original distribution visible.
func TestScale(t *testing.T) {
	ln := must(NewLogNormalMeanSD(9.1, 12))
	if got := Scale(ln, 1); got != Distribution(ln) {
		t.Errorf("Scale(d, 1) = %v, want d itself", got)
	}
	if got := Scale(Scale(ln, 0.5), 2); got != Distribution(ln) {
		t.Errorf("Scale(Scale(d, 0.5), 2) = %v, want d itself", got)
	}
	got := Scale(Scale(ln, 0.5), 0.5)
	if s, ok := got.(Scaled); !ok || s.Factor != 0.25 || s.D != Distribution(ln) {
		t.Errorf("Scale(Scale(d, 0.5), 0.5) = %#v, want Scaled{d, 0.25}", got)
	}
	if got, want := Scale(ln, 0.9).String(), "0.9*lognormal(mean=9.1, sd=12)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, f := range []float64{0, -1, nan(), inf()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Scale(d, %v) did not panic", f)
				}
			}()
			Scale(ln, f)
		}()
	}
}

// TestString pins the descriptions written to manifests.
func TestString(t *testing.T) {
	tests := []struct {
		d    Distribution
		want string
	}{
		{Exponential{Scale: 4}, "exponential(mean=4)"},
		{must(NewLogNormalMeanSD(9.1, 12)), "lognormal(mean=9.1, sd=12)"},
		{Gamma{Shape: 2, Scale: 3}, "gamma(shape=2, scale=3)"},
		{Weibull{Shape: 1.5, Scale: 10}, "weibull(shape=1.5, scale=10)"},
		{must(NewErlang(3, 6)), "erlang(k=3, mean=6)"},
		{Triangular{Min: 1, Mode: 2, Max: 6}, "triangular(min=1, mode=2, max=6)"},
		{Uniform{Min: 1, Max: 3}, "uniform(min=1, max=3)"},
		{Fixed{Value: 0.5}, "fixed(0.5)"},
		{must(NewEmpirical([]float64{1, 2, 6})), "empirical(n=3, mean=3)"},
		{must(NewMixture([]float64{0.35, 0.65}, []Distribution{Fixed{0}, Exponential{2}})),
			"mixture(0.35: fixed(0), 0.65: exponential(mean=2))"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.want)
		}
	}
}
