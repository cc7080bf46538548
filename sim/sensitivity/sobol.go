package sensitivity

import (
	"context"
	"fmt"
	"math"
)

// Sampler returns a base design of n points in [0, 1]^k: n rows of k
// coordinates. A Latin hypercube, a scrambled Halton or a Sobol sequence
// will do; LatinHypercube and Uniform are ready-made.
type Sampler func(n, k int) [][]float64

// SobolOptions set a Sobol design.
type SobolOptions struct {
	// Factors is the number of factors k (at least 1).
	Factors int
	// N is the number of base rows (at least 2): the design has N(k+2)
	// points. Errors of the indices shrink as 1/√N.
	N int
	// Sampler supplies the base design of N rows and 2k columns: the first
	// k columns are matrix A, the last k matrix B.
	Sampler Sampler
}

// SobolDesign is the set of points of Saltelli (2010) sampling, in blocks
// of N rows: A, then B, then for each factor i the matrix A_B^(i), which is
// A with column i taken from B.
type SobolDesign struct {
	Factors, N int
	// Points are the N(Factors+2) points to evaluate, in [0, 1]^Factors:
	// block 0 is A, block 1 is B and block 2+i is A_B^(i).
	Points [][]float64
}

// NewSobol builds the design from o.Sampler's base design.
func NewSobol(o SobolOptions) (*SobolDesign, error) {
	k, n := o.Factors, o.N
	switch {
	case k < 1:
		return nil, fmt.Errorf("sobol: factors %d: want at least 1", k)
	case n < 2:
		return nil, fmt.Errorf("sobol: base rows %d: want at least 2", n)
	case o.Sampler == nil:
		return nil, fmt.Errorf("sobol: no sampler")
	}
	base := o.Sampler(n, 2*k)
	if len(base) != n {
		return nil, fmt.Errorf("sobol: sampler returned %d rows: want %d", len(base), n)
	}
	for j, row := range base {
		if len(row) != 2*k {
			return nil, fmt.Errorf("sobol: sampler row %d has %d columns: want %d", j, len(row), 2*k)
		}
		for c, v := range row {
			if !(v >= 0 && v <= 1) {
				return nil, fmt.Errorf("sobol: sampler row %d column %d is %v: want a value in [0, 1]", j, c, v)
			}
		}
	}
	// One backing array for all points: the design of a 10-factor study
	// with 10,000 rows is 120,000 points.
	flat := make([]float64, n*(k+2)*k)
	d := &SobolDesign{Factors: k, N: n, Points: make([][]float64, n*(k+2))}
	for p := range d.Points {
		d.Points[p] = flat[p*k : (p+1)*k : (p+1)*k]
	}
	for j, row := range base {
		copy(d.Points[j], row[:k])
		copy(d.Points[n+j], row[k:])
		for i := range k {
			p := d.Points[(2+i)*n+j]
			copy(p, row[:k])
			p[i] = row[k+i]
		}
	}
	return d, nil
}

// SobolFactor is the variance decomposition of one factor.
type SobolFactor struct {
	// First is the first-order index S_i, the share of the output's
	// variance that the factor explains alone (Saltelli 2010 estimator);
	// FirstLow and FirstHigh are its bootstrap interval.
	First, FirstLow, FirstHigh float64
	// Total is the total-order index ST_i, the share of the variance that
	// would remain if every other factor were fixed: the factor alone and
	// in all its interactions (Jansen 1999 estimator); TotalLow and
	// TotalHigh are its bootstrap interval. A factor with ST_i ≈ 0 can be
	// fixed anywhere in its range.
	Total, TotalLow, TotalHigh float64
}

// SobolResult is the analysis of a Sobol design.
type SobolResult struct {
	// Factors holds one result per factor, in the design's order.
	Factors []SobolFactor
	// Mean and Variance are the output's mean and variance over the rows of
	// A and B together.
	Mean, Variance float64
}

// Analyze estimates the first- and total-order indices from y, the outputs
// at d.Points in order, with bootstrap intervals from resampling the N
// base rows. Monte Carlo error can make an estimate slightly negative or
// above 1; they are reported as estimated. A constant output has no
// variance to share out and is an error.
func (d *SobolDesign) Analyze(y []float64, b Bootstrap) (*SobolResult, error) {
	if err := checkOutputs(y, len(d.Points)); err != nil {
		return nil, fmt.Errorf("sobol: %w", err)
	}
	b, err := b.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("sobol: %w", err)
	}
	n, k := d.N, d.Factors
	fA, fB := y[:n], y[n:2*n]
	fAB := make([][]float64, k)
	for i := range fAB {
		fAB[i] = y[(2+i)*n : (3+i)*n]
	}
	rows := make([]int, n)
	for j := range rows {
		rows[j] = j
	}
	res := &SobolResult{Factors: make([]SobolFactor, k)}
	var first, total []float64
	res.Mean, res.Variance, first, total = sobolIndices(fA, fB, fAB, rows, nil, nil)
	if !(res.Variance > 0) {
		return nil, fmt.Errorf("sobol: the output does not vary over the design (variance %v): indices are undefined", res.Variance)
	}
	bootFirst, bootTotal := make([][]float64, k), make([][]float64, k)
	for i := range k {
		bootFirst[i] = make([]float64, b.Resamples)
		bootTotal[i] = make([]float64, b.Resamples)
	}
	boot := b.stream("sobol")
	s1, st := make([]float64, k), make([]float64, k)
	for s := range b.Resamples {
		for j := range rows {
			rows[j] = boot.IntN(n)
		}
		sobolIndices(fA, fB, fAB, rows, s1, st)
		for i := range k {
			bootFirst[i][s], bootTotal[i][s] = s1[i], st[i]
		}
	}
	for i := range k {
		f := &res.Factors[i]
		f.First, f.Total = first[i], total[i]
		f.FirstLow, f.FirstHigh = b.percentile(bootFirst[i])
		f.TotalLow, f.TotalHigh = b.percentile(bootTotal[i])
	}
	return res, nil
}

// sobolIndices estimates the indices from the base rows listed in rows
// (a bootstrap resample repeats some), writing them into first and total
// (allocated when nil). V is the variance of the outputs of A and B
// together (denominator 2n); a resample without variance gives NaN indices.
//
//	S_i  = mean_j (f(B)_j − m) (f(A_B^i)_j − f(A)_j) / V    (Saltelli 2010)
//	ST_i = mean_j (f(A)_j − f(A_B^i)_j)² / (2V)             (Jansen 1999)
//
// Centring f(B) on the mean m does not change what S_i estimates, as
// f(A_B^i) − f(A) has mean zero, but removes the error a large mean would
// add: a bed-day count of 100,000 varying by a few hundred would otherwise
// swamp the estimate.
func sobolIndices(fA, fB []float64, fAB [][]float64, rows []int, first, total []float64) (mean, v float64, _, _ []float64) {
	if first == nil {
		first, total = make([]float64, len(fAB)), make([]float64, len(fAB))
	}
	n := float64(len(rows))
	sum := 0.0
	for _, j := range rows {
		sum += fA[j] + fB[j]
	}
	mean = sum / (2 * n)
	ss := 0.0
	for _, j := range rows {
		a, b := fA[j]-mean, fB[j]-mean
		ss += a*a + b*b
	}
	v = ss / (2 * n)
	for i, ab := range fAB {
		var s1, st float64
		for _, j := range rows {
			s1 += (fB[j] - mean) * (ab[j] - fA[j])
			dd := fA[j] - ab[j]
			st += dd * dd
		}
		if v > 0 {
			first[i], total[i] = s1/n/v, st/(2*n)/v
		} else {
			first[i], total[i] = math.NaN(), math.NaN()
		}
	}
	return mean, v, first, total
}

// RunSobol builds the design of o, evaluates m at its points and analyses
// the outputs.
func RunSobol(ctx context.Context, o SobolOptions, m Model, b Bootstrap) (*SobolResult, error) {
	d, err := NewSobol(o)
	if err != nil {
		return nil, err
	}
	y, err := evaluate(ctx, m, d.Points)
	if err != nil {
		return nil, fmt.Errorf("sobol: %w", err)
	}
	return d.Analyze(y, b)
}
