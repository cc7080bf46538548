package dist

import (
	"fmt"
	"math/rand/v2"
)

// Uniform is the continuous uniform distribution on [Min, Max].
type Uniform struct {
	// Min is the smallest value, in the caller's unit; 0 <= Min < Max.
	Min float64
	// Max is the upper bound.
	Max float64
}

// NewUniform returns the uniform distribution on [min, max]. Both must be
// finite with 0 <= min < max; for a single value use Fixed.
func NewUniform(min, max float64) (Uniform, error) {
	if err := nonNegative("uniform", "min", min); err != nil {
		return Uniform{}, err
	}
	if err := finite("uniform", "max", max); err != nil {
		return Uniform{}, err
	}
	if max <= min {
		return Uniform{}, fmt.Errorf("uniform: max must be > min (%v), got %v", min, max)
	}
	return Uniform{Min: min, Max: max}, nil
}

// Sample draws one value using r.
func (u Uniform) Sample(r *rand.Rand) float64 {
	return u.Min + (u.Max-u.Min)*r.Float64()
}

// Mean returns (Min + Max)/2.
func (u Uniform) Mean() float64 { return u.Min/2 + u.Max/2 }

// Variance returns (Max - Min)²/12.
func (u Uniform) Variance() float64 {
	w := u.Max - u.Min
	return w * w / 12
}

// String returns e.g. "uniform(min=1, max=3)".
func (u Uniform) String() string {
	return fmt.Sprintf("uniform(min=%s, max=%s)", num(u.Min), num(u.Max))
}
