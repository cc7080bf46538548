package stats

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Summary describes one metric across replications.
type Summary struct {
	N             int
	Mean, SD      float64
	CILow, CIHigh float64 // 95% Student t interval for the mean
	P05, P50, P95 float64 // quantiles of the replication values
}

// Summarize computes a Summary of xs, which is not modified. With one value
// the SD and interval are NaN; NaN values in xs propagate.
func Summarize(xs []float64) Summary {
	s := Summary{N: len(xs), Mean: math.NaN(), SD: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(),
		P05: math.NaN(), P50: math.NaN(), P95: math.NaN()}
	if len(xs) == 0 {
		return s
	}
	var t Tally
	for _, x := range xs {
		t.Add(x)
	}
	s.Mean, s.SD = t.Mean(), t.SD()
	s.CILow, s.CIHigh = MeanCI(s.Mean, s.SD, s.N, 0.95)
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	s.P05, s.P50, s.P95 = Quantile(sorted, 0.05), Quantile(sorted, 0.5), Quantile(sorted, 0.95)
	return s
}

// MeanCI returns the two-sided Student t confidence interval at the given
// level for a mean estimated from n observations with sample SD sd. It
// returns NaNs for n < 2.
func MeanCI(mean, sd float64, n int, level float64) (lo, hi float64) {
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	h := TQuantile((1+level)/2, n-1) * sd / math.Sqrt(float64(n))
	return mean - h, mean + h
}

// TQuantile returns the p quantile of Student's t with df degrees of freedom.
func TQuantile(p float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

// Quantile returns the p quantile of sorted data by linear interpolation
// between order statistics (R's type 7, NumPy's default). sorted must be in
// ascending order and non-empty.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	h := p * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
