package dist

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCDFMatchesSamples: for every distribution, the empirical share of
// 100,000 draws at or below the median, mean and 90th sample percentile
// matches CDF within 4 binomial standard errors.
func TestCDFMatchesSamples(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			const n = 100000
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = tc.d.Sample(r)
			}
			for _, x := range []float64{tc.d.Mean() / 2, tc.d.Mean(), 2 * tc.d.Mean()} {
				below := 0
				for _, v := range xs {
					if v <= x {
						below++
					}
				}
				p := tc.d.CDF(x)
				se := math.Sqrt(math.Max(p*(1-p), 1e-6) / n)
				if got := float64(below) / n; math.Abs(got-p) > 4*se+1e-9 {
					t.Errorf("CDF(%.4g) = %.5f, samples say %.5f", x, p, got)
				}
			}
		})
	}
}
