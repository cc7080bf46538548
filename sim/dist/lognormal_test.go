package dist

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestLogNormalMedianP95 checks that a lognormal built from a median and a
// 95th percentile has them, analytically and in its samples.
func TestLogNormalMedianP95(t *testing.T) {
	const n = 200_000
	for _, tt := range []struct{ median, p95 float64 }{{5, 30}, {9.1, 40}, {0.5, 0.6}, {72, 400}} {
		l := must(NewLogNormalMedianP95(tt.median, tt.p95))
		g := distuv.LogNormal{Mu: l.Mu, Sigma: l.Sigma}
		closeTo(t, "analytic median", g.Quantile(0.5), tt.median, 1e-12)
		closeTo(t, "analytic p95", g.Quantile(0.95), tt.p95, 1e-9)
		closeTo(t, "Median()", l.Median(), tt.median, 1e-12)

		r := rand.New(rand.NewPCG(1, 2))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = l.Sample(r)
		}
		slices.Sort(xs)
		for _, q := range []struct {
			p, want float64
		}{{0.5, tt.median}, {0.95, tt.p95}} {
			got := xs[int(q.p*n)]
			// The sample p-quantile is asymptotically normal with standard
			// error sqrt(p(1-p)/n)/f(x_p), f the density.
			se := math.Sqrt(q.p*(1-q.p)/n) / g.Prob(q.want)
			if math.Abs(got-q.want) > 4*se {
				t.Errorf("median %v p95 %v: sample %v-quantile %.5g, want %.5g ± %.2g", tt.median, tt.p95, q.p, got, q.want, 4*se)
			}
		}
	}
}

// TestScaleLogNormalKeepsShape checks the los_scale reading of Scale: a
// scaled lognormal's samples look like a lognormal with the median scaled
// and the same sigma.
func TestScaleLogNormalKeepsShape(t *testing.T) {
	const n = 200_000
	l := must(NewLogNormalMedianP95(5, 30))
	s := Scale(l, 0.9)
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = s.Sample(r)
	}
	slices.Sort(xs)
	want := distuv.LogNormal{Mu: l.Mu + math.Log(0.9), Sigma: l.Sigma}
	for _, p := range []float64{0.1, 0.5, 0.95} {
		q := want.Quantile(p)
		se := math.Sqrt(p*(1-p)/n) / want.Prob(q)
		if got := xs[int(p*n)]; math.Abs(got-q) > 4*se {
			t.Errorf("%v-quantile %.5g, want %.5g ± %.2g", p, got, q, 4*se)
		}
	}
}
