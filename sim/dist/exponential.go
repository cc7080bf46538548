package dist

import (
	"fmt"
	"math/rand/v2"
)

// Exponential is the exponential distribution, parameterised by its mean
// (the reciprocal of the rate): the memoryless length of stay of an M/M/c
// queue.
type Exponential struct {
	// Scale is the mean, in the caller's unit; it must be finite and > 0.
	Scale float64
}

// NewExponential returns the exponential distribution with the given mean,
// which must be finite and > 0.
func NewExponential(mean float64) (Exponential, error) {
	if err := positive("exponential", "mean", mean); err != nil {
		return Exponential{}, err
	}
	return Exponential{Scale: mean}, nil
}

// Sample draws one value using r.
func (e Exponential) Sample(r *rand.Rand) float64 {
	return e.Scale * r.ExpFloat64()
}

// Mean returns Scale.
func (e Exponential) Mean() float64 { return e.Scale }

// Variance returns Scale².
func (e Exponential) Variance() float64 { return e.Scale * e.Scale }

// String returns e.g. "exponential(mean=4)".
func (e Exponential) String() string {
	return fmt.Sprintf("exponential(mean=%s)", num(e.Scale))
}
