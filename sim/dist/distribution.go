package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// Distribution is a probability distribution of a non-negative quantity,
// such as a length of stay in hours.
type Distribution interface {
	// Sample draws one value using r. It does not allocate. The value is
	// >= 0 and never NaN.
	Sample(r *rand.Rand) float64
	// Mean returns the expected value.
	Mean() float64
	// Variance returns the variance, math.Inf(1) if it is infinite or
	// overflows float64.
	Variance() float64
	// CDF returns P(X <= x).
	CDF(x float64) float64
	// String describes the distribution for manifests and messages, e.g.
	// "lognormal(mean=9.1, sd=12)".
	String() string
}

// Compile-time checks that every concrete type is a Distribution.
var (
	_ Distribution = Exponential{}
	_ Distribution = LogNormal{}
	_ Distribution = Gamma{}
	_ Distribution = Weibull{}
	_ Distribution = Erlang{}
	_ Distribution = Triangular{}
	_ Distribution = Uniform{}
	_ Distribution = Fixed{}
	_ Distribution = Empirical{}
	_ Distribution = Mixture{}
	_ Distribution = Scaled{}
)

// num formats a parameter for String: short, but enough digits that
// different scenarios do not print alike.
func num(v float64) string {
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// finite reports an error unless v is a finite number.
func finite(dist, name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: %s must be a finite number, got %v", dist, name, v)
	}
	return nil
}

// positive reports an error unless v is finite and > 0.
func positive(dist, name string, v float64) error {
	if err := finite(dist, name, v); err != nil {
		return err
	}
	if v <= 0 {
		return fmt.Errorf("%s: %s must be > 0, got %v", dist, name, v)
	}
	return nil
}

// nonNegative reports an error unless v is finite and >= 0.
func nonNegative(dist, name string, v float64) error {
	if err := finite(dist, name, v); err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("%s: %s must be >= 0, got %v", dist, name, v)
	}
	return nil
}

// finiteMean reports an error if valid parameters still give a mean that
// overflows float64: such a distribution would sample +Inf durations.
func finiteMean(dist string, mean float64) error {
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return fmt.Errorf("%s: mean overflows float64 (%v); parameters are too extreme", dist, mean)
	}
	return nil
}
