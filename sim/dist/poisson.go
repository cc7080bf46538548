package dist

import (
	"math"
	"math/rand/v2"
)

// Poisson draws a count from the Poisson distribution with the given mean
// (>= 0) without allocating: by inversion below a mean of 10, and by
// Hörmann's transformed rejection (PTRS, 1993) above, which takes a
// bounded number of draws however large the mean. A non-positive mean
// gives 0.
func Poisson(r *rand.Rand, mean float64) int {
	switch {
	case !(mean > 0):
		return 0
	case mean < 10:
		// Count uniforms until their product falls below e^-mean.
		limit := math.Exp(-mean)
		k, prod := 0, r.Float64()
		for prod > limit {
			k++
			prod *= r.Float64()
		}
		return k
	}
	slam := math.Sqrt(mean)
	loglam := math.Log(mean)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -mean+k*loglam-lg {
			return int(k)
		}
	}
}
