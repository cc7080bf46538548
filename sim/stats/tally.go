package stats

import "math"

// Tally accumulates observations one at a time (Welford's method) without
// storing them. The zero value is an empty tally.
type Tally struct {
	n    int
	mean float64
	m2   float64
	sum  float64
}

// Add records one observation.
func (t *Tally) Add(x float64) {
	t.n++
	t.sum += x
	d := x - t.mean
	t.mean += d / float64(t.n)
	t.m2 += d * (x - t.mean)
}

// N returns the number of observations.
func (t *Tally) N() int { return t.n }

// Sum returns the sum of the observations.
func (t *Tally) Sum() float64 { return t.sum }

// Mean returns the sample mean, or NaN when empty.
func (t *Tally) Mean() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.mean
}

// Var returns the unbiased sample variance, or NaN with fewer than two
// observations.
func (t *Tally) Var() float64 {
	if t.n < 2 {
		return math.NaN()
	}
	return t.m2 / float64(t.n-1)
}

// SD returns the sample standard deviation.
func (t *Tally) SD() float64 { return math.Sqrt(t.Var()) }
