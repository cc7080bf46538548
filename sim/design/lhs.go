package design

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// LatinHypercube returns n points in [0,1)^d, one in each of the n equal
// slices of every axis, placed and paired at random by src (gonum's
// samplemv.LatinHypercube over the unit hypercube). src must not be nil:
// a design that changes from run to run cannot be resumed or compared.
func LatinHypercube(n, d int, src rand.Source) ([][]float64, error) {
	if n < 1 || d < 1 {
		return nil, fmt.Errorf("latin hypercube: want n >= 1 and d >= 1, got n %d, d %d", n, d)
	}
	if src == nil {
		return nil, fmt.Errorf("latin hypercube: nil source of randomness")
	}
	batch := mat.NewDense(n, d, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(d, src), Src: src}.Sample(batch)
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = mat.Row(nil, i, batch)
	}
	return pts, nil
}
