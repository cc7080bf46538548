package fit

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/flowsim/flowsim/sim/dist"
)

// draw returns n samples of d from a fixed seed.
func draw(d dist.Distribution, n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = d.Sample(r)
	}
	return xs
}

// censorShare right-censors xs at independent exponential times whose mean
// is chosen so that the expected share censored, E[1 - exp(-X/m)], is
// share: the extract date falls at a random point of each stay.
func censorShare(t *testing.T, xs []float64, share float64, seed uint64) Data {
	t.Helper()
	expected := func(m float64) float64 {
		var s float64
		for _, x := range xs {
			s += -math.Expm1(-x / m)
		}
		return s / float64(len(xs))
	}
	lo, hi := 1e-6, 1e6 // expected(m) decreases in m
	// 60 bisections in log m: to 1e-5 relative, plenty for a share.
	for range 60 {
		mid := math.Sqrt(lo * hi)
		if expected(mid) > share {
			lo = mid
		} else {
			hi = mid
		}
	}
	m := math.Sqrt(lo * hi)
	r := rand.New(rand.NewPCG(seed, 0xce5)) // independent of the stays
	d := Data{Values: make([]float64, len(xs)), Censored: make([]bool, len(xs))}
	for i, x := range xs {
		c := m * r.ExpFloat64()
		d.Values[i] = min(x, c)
		d.Censored[i] = c < x
	}
	return d
}

func censoredShare(d Data) float64 {
	n := 0
	for _, c := range d.Censored {
		if c {
			n++
		}
	}
	return float64(n) / float64(len(d.Values))
}

// must panics on error; for building known-good distributions in tests.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
