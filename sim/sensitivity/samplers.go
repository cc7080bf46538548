package sensitivity

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/flowsim/flowsim/sim/rng"
)

// LatinHypercube returns a Sampler of Latin hypercube designs (gonum's
// samplemv.LatinHypercube): each of the k columns has exactly one point in
// each of n equal strata. Each call with the same n and k returns the same
// design for the same seed.
func LatinHypercube(seed uint64) Sampler {
	return func(n, k int) [][]float64 {
		src := source(seed, "sensitivity/latin-hypercube")
		batch := mat.NewDense(n, k, nil)
		samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, src), Src: src}.Sample(batch)
		rows := make([][]float64, n)
		for j := range rows {
			rows[j] = mat.Row(nil, j, batch)
		}
		return rows
	}
}

// Uniform returns a Sampler of independent uniform points: plain Monte
// Carlo. Each call with the same n and k returns the same design for the
// same seed.
func Uniform(seed uint64) Sampler {
	return func(n, k int) [][]float64 {
		r := rand.New(source(seed, "sensitivity/uniform"))
		rows := make([][]float64, n)
		for j := range rows {
			rows[j] = make([]float64, k)
			for c := range rows[j] {
				rows[j][c] = r.Float64()
			}
		}
		return rows
	}
}

// source is the PCG source of one named use of seed.
func source(seed uint64, name string) *rand.PCG {
	key := rng.Seed(seed).Replication(0).Key(name)
	src := rand.NewPCG(0, 0)
	rng.Reseed(src, key, 0)
	return src
}
