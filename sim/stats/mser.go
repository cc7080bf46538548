package stats

import "math"

// Truncation is a warm-up proposed by MSER: delete the first Obs
// observations of the series.
type Truncation struct {
	// Obs is the number of observations to delete from the start: Batches
	// times the batch size.
	Obs int
	// Batches is the number of batch means deleted.
	Batches int
	// Stat is the MSER statistic at the chosen truncation: the squared
	// standard error of the mean of what is kept.
	Stat float64
	// Reliable is false when the statistic kept falling all the way to the
	// end of the searched half of the series, which means the series is too
	// short to show where the transient ends; lengthen the run.
	Reliable bool
}

// MSER5 is MSER(xs, 5), the usual form (Franklin and White, 2008).
func MSER5(xs []float64) Truncation { return MSER(xs, 5) }

// MSER proposes a warm-up for the series xs by the marginal standard error
// rule (White, 1997): form means of consecutive batches of size b (an
// incomplete last batch is dropped), and delete the d batch means that
// minimise
//
//	MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (k−d)²
//
// where Z_1…Z_k are the batch means and Z̄_d the mean of those kept. The
// search is over d ≤ k/2, the standard guard against the statistic's
// spurious fall near the end of a series; ties go to the smaller d. With
// fewer than four batches it proposes no truncation and is not Reliable.
// b must be at least 1; MSER panics otherwise.
func MSER(xs []float64, b int) Truncation {
	if b < 1 {
		panic("stats: MSER batch size must be at least 1")
	}
	k := len(xs) / b
	if k < 4 {
		return Truncation{Stat: math.NaN()}
	}
	z := make([]float64, k)
	for j := range k {
		s := 0.0
		for _, x := range xs[j*b : (j+1)*b] {
			s += x
		}
		z[j] = s / float64(b)
	}
	// Suffix sums give each candidate's statistic in O(1). The centred form
	// uses the overall mean as a shift, which keeps the subtraction in
	// Σz² − (Σz)²/n well conditioned for levels far from zero.
	shift := 0.0
	for _, v := range z {
		shift += v
	}
	shift /= float64(k)
	sum := make([]float64, k+1)
	sq := make([]float64, k+1)
	for j := k - 1; j >= 0; j-- {
		v := z[j] - shift
		sum[j] = sum[j+1] + v
		sq[j] = sq[j+1] + v*v
	}
	best := Truncation{Stat: math.Inf(1)}
	limit := k / 2
	for d := 0; d <= limit; d++ {
		n := float64(k - d)
		ss := max(sq[d]-sum[d]*sum[d]/n, 0)
		stat := ss / (n * n)
		if stat < best.Stat {
			best = Truncation{Obs: d * b, Batches: d, Stat: stat}
		}
	}
	best.Reliable = best.Batches < limit
	return best
}
