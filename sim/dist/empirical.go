package dist

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Empirical draws one of a fixed set of observed values, each with equal
// probability (a bootstrap from data). Repeated values count once per
// occurrence.
//
// The zero Empirical is not usable; build one with NewEmpirical. Its samples
// are unexported so that the caller's slice cannot change them afterwards.
type Empirical struct {
	samples  []float64
	mean     float64
	variance float64
}

// NewEmpirical returns the empirical distribution of samples, in the
// caller's unit. samples must be non-empty, finite and >= 0. The slice is
// copied.
func NewEmpirical(samples []float64) (Empirical, error) {
	if len(samples) == 0 {
		return Empirical{}, fmt.Errorf("empirical: samples must not be empty")
	}
	for i, v := range samples {
		if err := nonNegative("empirical", fmt.Sprintf("samples[%d]", i), v); err != nil {
			return Empirical{}, err
		}
	}
	// Welford's update keeps the mean from overflowing on huge values and
	// the variance from cancelling.
	var mean, m2 float64
	for i, v := range samples {
		d := v - mean
		mean += d / float64(i+1)
		m2 += d * (v - mean)
	}
	return Empirical{
		samples:  slices.Clone(samples),
		mean:     mean,
		variance: m2 / float64(len(samples)),
	}, nil
}

// Sample draws one value using r.
func (e Empirical) Sample(r *rand.Rand) float64 {
	return e.samples[r.IntN(len(e.samples))]
}

// Mean returns the mean of the samples.
func (e Empirical) Mean() float64 { return e.mean }

// Variance returns the population variance of the samples (dividing by n,
// not n-1): the variance of a draw, not an estimate of the variance of
// whatever the samples came from.
func (e Empirical) Variance() float64 { return e.variance }

// Samples returns a copy of the samples.
func (e Empirical) Samples() []float64 { return slices.Clone(e.samples) }

// String returns e.g. "empirical(n=120, mean=5.5)".
func (e Empirical) String() string {
	return fmt.Sprintf("empirical(n=%d, mean=%s)", len(e.samples), num(e.mean))
}
