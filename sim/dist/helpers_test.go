package dist

import "math"

func sqrt(x float64) float64 { return math.Sqrt(x) }
func abs(x float64) float64  { return math.Abs(x) }
func nan() float64           { return math.NaN() }
func inf() float64           { return math.Inf(1) }
