package dist

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// testCase is one distribution exercised by the table tests.
type testCase struct {
	name string
	d    Distribution
}

// must unwraps a constructor result in test setup, where the parameters are
// constants known to be valid; an error there is a bug in the test.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// cases returns one or more parameter sets for every distribution, chosen to
// reach each code path (gamma shape < 1, Erlang by sum and by gamma, a
// triangle with its mode at either end, heavy tails).
func cases(t testing.TB) []testCase {
	t.Helper()
	ln := must(NewLogNormalMeanSD(9.1, 12))
	return []testCase{
		{"exponential", must(NewExponential(4))},
		{"lognormal/mean-sd", ln},
		{"lognormal/median-p95", must(NewLogNormalMedianP95(5, 30))},
		{"gamma/shape2.5", must(NewGamma(2.5, 3))},
		{"gamma/shape0.3", must(NewGamma(0.3, 10))},
		{"gamma/mean-sd", must(NewGammaMeanSD(10, 4))},
		{"weibull/shape0.7", must(NewWeibull(0.7, 8))},
		{"weibull/shape3", must(NewWeibull(3, 10))},
		{"erlang/k3", must(NewErlang(3, 6))},
		{"erlang/k20", must(NewErlang(20, 10))},
		{"triangular", must(NewTriangular(1, 2, 6))},
		{"triangular/mode-min", must(NewTriangular(0, 0, 4))},
		{"triangular/mode-max", must(NewTriangular(2, 5, 5))},
		{"uniform", must(NewUniform(1, 3))},
		{"fixed", must(NewFixed(4))},
		{"empirical", must(NewEmpirical([]float64{0, 0.5, 1, 2, 3, 5, 8, 13, 40}))},
		{"mixture/same-day", must(NewMixture(
			[]float64{0.35, 0.65},
			[]Distribution{Fixed{0}, ln}))},
		{"mixture/three", must(NewMixture(
			[]float64{0.2, 0.5, 0.3},
			[]Distribution{Exponential{2}, Gamma{Shape: 4, Scale: 5}, Uniform{Min: 30, Max: 50}}))},
		{"scaled/lognormal", Scale(ln, 0.9)},
		{"scaled/mixture", must(NewScaled(must(NewMixture(
			[]float64{0.5, 0.5},
			[]Distribution{Fixed{1}, Exponential{3}})), 1.5))},
	}
}

// rawMoment returns E[X^j] for j = 1..4, computed independently of the
// package's Mean and Variance (closed forms, gonum, or quadrature) so it can
// check them and size the variance tolerance.
func rawMoment(t testing.TB, d Distribution, j int) float64 {
	t.Helper()
	fj := float64(j)
	switch d := d.(type) {
	case Fixed:
		return math.Pow(d.Value, fj)
	case Exponential:
		return math.Gamma(fj+1) * math.Pow(d.Scale, fj)
	case LogNormal:
		return math.Exp(fj*d.Mu + fj*fj*d.Sigma*d.Sigma/2)
	case Gamma:
		return math.Pow(d.Scale, fj) * math.Exp(lgamma(d.Shape+fj)-lgamma(d.Shape))
	case Erlang:
		k := float64(d.K)
		return math.Pow(d.Scale, fj) * math.Exp(lgamma(k+fj)-lgamma(k))
	case Weibull:
		return math.Pow(d.Scale, fj) * math.Gamma(1+fj/d.Shape)
	case Uniform:
		return (math.Pow(d.Max, fj+1) - math.Pow(d.Min, fj+1)) / ((fj + 1) * (d.Max - d.Min))
	case Triangular:
		// The density is linear on each side of the mode, so Gauss–Legendre
		// quadrature of x^j·p(x) is exact there.
		tri := distuv.NewTriangle(d.Min, d.Max, d.Mode, nil)
		f := func(x float64) float64 { return math.Pow(x, fj) * tri.Prob(x) }
		return quad.Fixed(f, d.Min, d.Mode, 8, quad.Legendre{}, 0) +
			quad.Fixed(f, d.Mode, d.Max, 8, quad.Legendre{}, 0)
	case Empirical:
		var s float64
		for _, x := range d.samples {
			s += math.Pow(x, fj)
		}
		return s / float64(len(d.samples))
	case Mixture:
		var s float64
		for i, w := range d.weights {
			s += w * rawMoment(t, d.components[i], j)
		}
		return s
	case Scaled:
		return math.Pow(d.Factor, fj) * rawMoment(t, d.D, j)
	}
	t.Fatalf("rawMoment: no moments for %T", d)
	return 0
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// centralMoment4 returns E[(X - mean)^4].
func centralMoment4(t testing.TB, d Distribution) float64 {
	t.Helper()
	m1, m2, m3, m4 := rawMoment(t, d, 1), rawMoment(t, d, 2), rawMoment(t, d, 3), rawMoment(t, d, 4)
	return m4 - 4*m1*m3 + 6*m1*m1*m2 - 3*m1*m1*m1*m1
}
