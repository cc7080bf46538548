package sensitivity

import (
	"context"
	"math"
)

// Test functions with known indices, each over [0, 1]^k.

// ishigami is the Ishigami–Homma function with a = 7, b = 0.1, its inputs
// mapped from [0, 1] to [−π, π].
func ishigami(x []float64) float64 {
	const a, b = 7.0, 0.1
	x1, x2, x3 := math.Pi*(2*x[0]-1), math.Pi*(2*x[1]-1), math.Pi*(2*x[2]-1)
	return math.Sin(x1) + a*math.Sin(x2)*math.Sin(x2) + b*math.Pow(x3, 4)*math.Sin(x1)
}

// ishigamiIndices are the Ishigami function's analytic first- and
// total-order indices (Saltelli et al. 2008, Global Sensitivity Analysis:
// The Primer, §4.9; Sobol' and Levitan 1999).
func ishigamiIndices() (first, total [3]float64) {
	const a, b = 7.0, 0.1
	pi4, pi8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v1 := 0.5 * (1 + b*pi4/5) * (1 + b*pi4/5)
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// gFunction is Sobol's g-function Π (|4x_i − 2| + a_i)/(1 + a_i).
func gFunction(a []float64) func([]float64) float64 {
	return func(x []float64) float64 {
		y := 1.0
		for i, ai := range a {
			y *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
		}
		return y
	}
}

// gIndices are the g-function's analytic indices: V_i = 1/(3(1+a_i)²),
// V = Π(1+V_i) − 1, S_i = V_i/V, ST_i = V_i Π_{j≠i}(1+V_j)/V.
func gIndices(a []float64) (first, total []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	for i := range a {
		first = append(first, vi[i]/v)
		total = append(total, vi[i]*prod/(1+vi[i])/v)
	}
	return first, total
}

// linear returns y = c0 + Σ c_i x_i.
func linear(c0 float64, c []float64) func([]float64) float64 {
	return func(x []float64) float64 {
		y := c0
		for i, ci := range c {
			y += ci * x[i]
		}
		return y
	}
}

// model makes a Model of a plain function, evaluated point by point.
func model(f func([]float64) float64) Model {
	return func(_ context.Context, points [][]float64) ([]float64, error) {
		y := make([]float64, len(points))
		for i, x := range points {
			y[i] = f(x)
		}
		return y, nil
	}
}
