package fit

import (
	"math"
	"sort"
)

// kaplanMeier is the Kaplan–Meier estimate of a distribution from
// right-censored values: at each distinct uncensored value t[i] the
// estimated CDF jumps to f[i]. Without censoring it is the empirical CDF.
type kaplanMeier struct {
	t, f []float64
	// tmax is the largest value, censored or not: beyond it the estimate
	// says nothing.
	tmax float64
}

// newKaplanMeier estimates from events and censored values, each grouped
// and ascending. A value censored at the same time as an event counts as
// still at risk at that event, the usual convention.
func newKaplanMeier(ev, cen []point) kaplanMeier {
	var k kaplanMeier
	atRisk := 0.0
	for _, ps := range [2][]point{ev, cen} {
		for _, p := range ps {
			atRisk += p.w
			k.tmax = max(k.tmax, p.x)
		}
	}
	surv := 1.0
	j := 0
	for _, e := range ev {
		for j < len(cen) && cen[j].x < e.x {
			atRisk -= cen[j].w
			j++
		}
		surv *= 1 - e.w/atRisk
		atRisk -= e.w
		k.t = append(k.t, e.x)
		k.f = append(k.f, 1-surv)
	}
	return k
}

// cdf returns the estimated P(X <= x).
func (k kaplanMeier) cdf(x float64) float64 {
	i := sort.SearchFloat64s(k.t, x) // first t >= x
	if i < len(k.t) && k.t[i] == x {
		return k.f[i]
	}
	if i == 0 {
		return 0
	}
	return k.f[i-1]
}

// quantile returns the smallest value whose estimated CDF reaches p, or NaN
// when censoring leaves the estimate short of p.
func (k kaplanMeier) quantile(p float64) float64 {
	const eps = 1e-12 // so that p = 0.5 of 10 values is the 5th, not the 6th
	i := sort.Search(len(k.f), func(i int) bool { return k.f[i] >= p-eps })
	if i == len(k.f) {
		return math.NaN()
	}
	return k.t[i]
}

// reached returns the estimate's largest CDF value.
func (k kaplanMeier) reached() float64 {
	if len(k.f) == 0 {
		return 0
	}
	return k.f[len(k.f)-1]
}

// ks returns the Kolmogorov–Smirnov distance between k and the continuous
// CDF cdf over [0, tmax]: the estimate is a step function, so the supremum
// is at a step, on one side or the other.
func (k kaplanMeier) ks(cdf func(float64) float64) float64 {
	d, prev := 0.0, 0.0
	for i, t := range k.t {
		f := cdf(t)
		d = max(d, math.Abs(f-prev), math.Abs(f-k.f[i]))
		prev = k.f[i]
	}
	if len(k.t) > 0 && k.tmax > k.t[len(k.t)-1] {
		d = max(d, math.Abs(cdf(k.tmax)-prev))
	}
	return d
}
