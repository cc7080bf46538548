package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Triangular is the triangular distribution on [Min, Max] with peak at Mode:
// the "shortest, most likely, longest" estimate planners give when there is
// no data.
type Triangular struct {
	// Min is the smallest value, in the caller's unit; 0 <= Min < Max.
	Min float64
	// Mode is the most likely value; Min <= Mode <= Max.
	Mode float64
	// Max is the largest value.
	Max float64
}

// NewTriangular returns the triangular distribution with the given minimum,
// mode and maximum. All must be finite, 0 <= min <= mode <= max, min < max.
func NewTriangular(min, mode, max float64) (Triangular, error) {
	if err := nonNegative("triangular", "min", min); err != nil {
		return Triangular{}, err
	}
	if err := finite("triangular", "mode", mode); err != nil {
		return Triangular{}, err
	}
	if err := finite("triangular", "max", max); err != nil {
		return Triangular{}, err
	}
	if max <= min {
		return Triangular{}, fmt.Errorf("triangular: max must be > min (%v), got %v", min, max)
	}
	if mode < min || mode > max {
		return Triangular{}, fmt.Errorf("triangular: mode must be between min (%v) and max (%v), got %v", min, max, mode)
	}
	return Triangular{Min: min, Mode: mode, Max: max}, nil
}

// Sample draws one value using r, by inverting the CDF.
func (t Triangular) Sample(r *rand.Rand) float64 {
	u := r.Float64()
	w := t.Max - t.Min
	// F(Mode) = (Mode-Min)/w; compare without dividing so that Mode == Min
	// takes the upper branch exactly.
	// Two square roots rather than one of the product: the product
	// overflows for parameters above about 1e154.
	var x float64
	if u*w < t.Mode-t.Min {
		x = t.Min + math.Sqrt(u*w)*math.Sqrt(t.Mode-t.Min)
	} else {
		x = t.Max - math.Sqrt((1-u)*w)*math.Sqrt(t.Max-t.Mode)
	}
	// Rounding can land an ulp outside the support (Min = Mode = 0 would
	// then give a negative duration); the exact inverse CDF cannot.
	return min(max(x, t.Min), t.Max)
}

// Mean returns (Min + Mode + Max)/3.
func (t Triangular) Mean() float64 { return t.Min/3 + t.Mode/3 + t.Max/3 }

// Variance returns (a² + b² + c² - ab - ac - bc)/18.
func (t Triangular) Variance() float64 {
	a, b, c := t.Min, t.Mode, t.Max
	return (a*a + b*b + c*c - a*b - a*c - b*c) / 18
}

// String returns e.g. "triangular(min=1, mode=2, max=6)".
func (t Triangular) String() string {
	return fmt.Sprintf("triangular(min=%s, mode=%s, max=%s)", num(t.Min), num(t.Mode), num(t.Max))
}
