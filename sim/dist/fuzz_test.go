package dist

import (
	"math"
	"math/rand/v2"
	"testing"
)

// FuzzConstructors checks that no parameters make a constructor panic and
// that whatever a constructor accepts samples non-negative, non-NaN values
// and has a finite, non-negative mean and a non-negative variance.
func FuzzConstructors(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 2)
	f.Add(9.1, 12.0, 0.0, 1)
	f.Add(0.0, 0.0, 4.0, 0)
	f.Add(math.NaN(), math.Inf(1), -1.0, -1)
	f.Add(1e-300, 1e300, 5e-324, 1<<30)
	f.Add(-2000.0, 40.0, 1e154, 100)
	f.Fuzz(func(t *testing.T, a, b, c float64, k int) {
		r := rand.New(rand.NewPCG(1, 2))
		check := func(d Distribution, err error) {
			t.Helper()
			if err != nil {
				return
			}
			if m := d.Mean(); math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
				t.Fatalf("%v: mean %v", d, m)
			}
			if v := d.Variance(); math.IsNaN(v) || v < 0 {
				t.Fatalf("%v: variance %v", d, v)
			}
			for range 50 {
				if x := d.Sample(r); math.IsNaN(x) || x < 0 {
					t.Fatalf("%v: sampled %v", d, x)
				}
			}
			_ = d.String()
		}
		check(wrap(NewExponential(a)))
		check(wrap(NewLogNormal(a, b)))
		check(wrap(NewLogNormalMeanSD(a, b)))
		check(wrap(NewLogNormalMedianP95(a, b)))
		check(wrap(NewGamma(a, b)))
		check(wrap(NewGammaMeanSD(a, b)))
		check(wrap(NewWeibull(a, b)))
		if k <= 1<<20 { // a huge k is valid but slow to test by summing
			check(wrap(NewErlang(k, a)))
		}
		check(wrap(NewTriangular(a, b, c)))
		check(wrap(NewUniform(a, b)))
		check(wrap(NewFixed(a)))
		check(wrap(NewEmpirical([]float64{a, b, c})))
		check(wrap(NewMixture([]float64{a, b}, []Distribution{Fixed{1}, Exponential{2}})))
		check(wrap(NewScaled(Gamma{Shape: 0.5, Scale: 3}, a)))
	})
}

// wrap turns a concrete constructor result into an interface one, keeping a
// nil Distribution on error.
func wrap[T Distribution](d T, err error) (Distribution, error) {
	if err != nil {
		return nil, err
	}
	return d, nil
}
