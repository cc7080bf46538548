package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Weibull is the Weibull distribution with shape k and scale λ:
// P(X > x) = exp(-(x/λ)^k). Shape < 1 gives a decreasing hazard (the longer a
// patient has stayed, the less likely they leave today), shape > 1 an
// increasing one, shape 1 the exponential distribution.
type Weibull struct {
	// Shape is k (dimensionless); it must be finite and > 0.
	Shape float64
	// Scale is λ, in the caller's unit; it must be finite and > 0.
	Scale float64
}

// NewWeibull returns the Weibull distribution with the given shape and
// scale, both finite and > 0. A shape so small that the mean overflows
// (below about 0.006) is rejected.
func NewWeibull(shape, scale float64) (Weibull, error) {
	if err := positive("weibull", "shape", shape); err != nil {
		return Weibull{}, err
	}
	if err := positive("weibull", "scale", scale); err != nil {
		return Weibull{}, err
	}
	w := Weibull{Shape: shape, Scale: scale}
	if err := finiteMean("weibull", w.Mean()); err != nil {
		return Weibull{}, err
	}
	return w, nil
}

// Sample draws one value using r, by inverting the survival function:
// λ·E^(1/k) with E ~ Exp(1).
func (w Weibull) Sample(r *rand.Rand) float64 {
	// exp(ln(E)/k) rather than math.Pow: half the time, and E = 0 still
	// gives 0.
	return w.Scale * math.Exp(math.Log(r.ExpFloat64())/w.Shape)
}

// Mean returns λ·Γ(1 + 1/k).
func (w Weibull) Mean() float64 {
	return w.Scale * math.Gamma(1+1/w.Shape)
}

// Variance returns λ²·(Γ(1 + 2/k) - Γ(1 + 1/k)²), or +Inf if that
// overflows.
func (w Weibull) Variance() float64 {
	g1 := math.Gamma(1 + 1/w.Shape)
	g2 := math.Gamma(1 + 2/w.Shape)
	v := w.Scale * w.Scale * (g2 - g1*g1)
	if math.IsNaN(v) || math.IsInf(g2, 1) {
		return math.Inf(1)
	}
	return v
}

// String returns e.g. "weibull(shape=1.5, scale=10)".
func (w Weibull) String() string {
	return fmt.Sprintf("weibull(shape=%s, scale=%s)", num(w.Shape), num(w.Scale))
}
