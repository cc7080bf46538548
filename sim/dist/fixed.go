package dist

import (
	"fmt"
	"math/rand/v2"
)

// Fixed is the degenerate distribution that is always Value: a deterministic
// delay, or the zero branch of a mixture ("35% go home the same day").
type Fixed struct {
	// Value is returned by every draw, in the caller's unit; finite, >= 0.
	Value float64
}

// NewFixed returns the distribution that is always v, which must be finite
// and >= 0.
func NewFixed(v float64) (Fixed, error) {
	if err := nonNegative("fixed", "value", v); err != nil {
		return Fixed{}, err
	}
	return Fixed{Value: v}, nil
}

// Sample returns Value. It consumes no draw from r.
func (f Fixed) Sample(*rand.Rand) float64 { return f.Value }

// Mean returns Value.
func (f Fixed) Mean() float64 { return f.Value }

// Variance returns 0.
func (f Fixed) Variance() float64 { return 0 }

// String returns e.g. "fixed(4)".
func (f Fixed) String() string { return fmt.Sprintf("fixed(%s)", num(f.Value)) }
