package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Scaled is Factor times a draw from D. It expresses interventions such as
// "los_scale: 0.9" without knowing D's family: scaling a lognormal
// multiplies its median and keeps its shape (the same Sigma).
type Scaled struct {
	// D is the distribution being scaled; it must not be nil.
	D Distribution
	// Factor multiplies every draw; it must be finite and > 0.
	Factor float64
}

// NewScaled returns factor×d. d must not be nil; factor must be finite and
// > 0, and the scaled mean must not overflow.
func NewScaled(d Distribution, factor float64) (Scaled, error) {
	if d == nil {
		return Scaled{}, fmt.Errorf("scaled: distribution is nil")
	}
	if err := positive("scaled", "factor", factor); err != nil {
		return Scaled{}, err
	}
	s := Scaled{D: d, Factor: factor}
	if err := finiteMean("scaled", s.Mean()); err != nil {
		return Scaled{}, err
	}
	return s, nil
}

// Scale returns f×d. It returns d itself when f == 1 and folds a Scaled d
// into one Scaled; otherwise it returns a Scaled, so String still shows the
// original distribution and the factor.
//
// Scale panics if d is nil or f is not finite and > 0: it is for factors the
// caller has already validated; use NewScaled for user input.
func Scale(d Distribution, f float64) Distribution {
	if d == nil {
		panic("dist.Scale: nil distribution")
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
		panic(fmt.Sprintf("dist.Scale: factor must be finite and > 0, got %v (validate it first or use NewScaled)", f))
	}
	if f == 1 {
		return d
	}
	if s, ok := d.(Scaled); ok {
		if s.Factor*f == 1 {
			return s.D
		}
		return Scaled{D: s.D, Factor: s.Factor * f}
	}
	return Scaled{D: d, Factor: f}
}

// Sample draws one value using r.
func (s Scaled) Sample(r *rand.Rand) float64 {
	return s.Factor * s.D.Sample(r)
}

// Mean returns Factor·D.Mean().
func (s Scaled) Mean() float64 { return s.Factor * s.D.Mean() }

// Variance returns Factor²·D.Variance().
func (s Scaled) Variance() float64 {
	// Factor·(Factor·v), not Factor²·v: Factor² can underflow to 0 while v
	// overflowed to Inf, and 0·Inf is NaN.
	return s.Factor * (s.Factor * s.D.Variance())
}

// String returns e.g. "0.9*lognormal(mean=9.1, sd=12)".
func (s Scaled) String() string {
	return fmt.Sprintf("%s*%s", num(s.Factor), s.D)
}
