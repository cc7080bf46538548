package ensemble

import (
	"fmt"
	"math"
	"slices"

	"github.com/flowsim/flowsim/sim/stats"
)

// Interval is an estimate with a lower and an upper bound.
type Interval struct {
	Mean, Low, High float64
}

// Alternative summarises one alternative's savings over the ensemble.
type Alternative struct {
	// Points are the within-point paired means with their Student t
	// intervals at the options' level, one per point in input order: the
	// saving's uncertainty from the dice alone, given that point's
	// parameters.
	Points []Interval
	// Ensemble is the mean of the paired means over the points, with the
	// central range (2.5–97.5% at level 0.95) of their distribution: the
	// spread the unknown parameters cause.
	Ensemble Interval
	// Median is the median of the paired means.
	Median float64
	// Combined is the interval that includes parameter uncertainty and the
	// dice: from the lower (1−level)/2 quantile of the points' interval
	// lower ends to the upper (1+level)/2 quantile of their upper ends,
	// around Ensemble.Mean.
	//
	// Why this rule: each point's t-interval is what flowsim would report
	// if that point were the truth, and the plausible set says any of them
	// may be. Taking the central quantiles of the interval ends (a) reduces
	// to the single-baseline interval when the ensemble has one point, (b)
	// tends to the central range of the paired means as replications grow
	// and the dice's share vanishes, and (c) always contains Ensemble's
	// range, because every lower end lies below its point's mean and every
	// upper end above it. It is a conservative reporting rule, not a
	// probability statement with exact coverage.
	Combined Interval
}

// Result is the summary of an ensemble comparison. Alternatives are
// indexed as in the input.
type Result struct {
	// Points and Replications are the number of points and the smallest
	// replication count of any point.
	Points, Replications int
	// Level is the confidence level of the intervals.
	Level        float64
	Alternatives []Alternative
	// Beats[a][b] is the share of points at which alternative a's paired
	// mean saving exceeds b's, ties counting one half, so that
	// Beats[a][b] + Beats[b][a] = 1; Beats[a][a] = 0.5.
	Beats [][]float64
	// RankProb[a][r] is the share of points at which alternative a has
	// rank r+1 (rank 1 saves most). Alternatives tied at a point share the
	// ranks they span equally, so every row and every column sums to 1.
	RankProb [][]float64
}

// Summarize summarises savings[point][alternative][replication] at the
// confidence level (0 means 0.95). Every point must have the same
// alternatives and, within a point, every alternative the same number (at
// least 2) of replications, as paired replications do; points may differ
// in their replication counts. Savings must be finite.
func Summarize(savings [][][]float64, level float64) (*Result, error) {
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("ensemble: level %v: want a number in (0, 1)", level)
	}
	if len(savings) == 0 {
		return nil, fmt.Errorf("ensemble: no points")
	}
	nAlt := len(savings[0])
	if nAlt == 0 {
		return nil, fmt.Errorf("ensemble: point 0 has no alternatives")
	}
	res := &Result{Points: len(savings), Level: level, Replications: math.MaxInt}
	for j, point := range savings {
		if len(point) != nAlt {
			return nil, fmt.Errorf("ensemble: point %d has %d alternatives, point 0 has %d", j, len(point), nAlt)
		}
		reps := len(point[0])
		if reps < 2 {
			return nil, fmt.Errorf("ensemble: point %d has %d replications: want at least 2 for a within-point interval", j, reps)
		}
		for a, xs := range point {
			if len(xs) != reps {
				return nil, fmt.Errorf("ensemble: point %d alternative %d has %d replications, alternative 0 has %d: savings must be paired", j, a, len(xs), reps)
			}
			for r, x := range xs {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return nil, fmt.Errorf("ensemble: point %d alternative %d replication %d: saving %v is not a finite number", j, a, r, x)
				}
			}
		}
		res.Replications = min(res.Replications, reps)
	}
	means := make([][]float64, nAlt) // [alt][point]
	for a := range nAlt {
		alt := Alternative{Points: make([]Interval, len(savings))}
		means[a] = make([]float64, len(savings))
		lows, highs := make([]float64, len(savings)), make([]float64, len(savings))
		for j, point := range savings {
			s := stats.Summarize(point[a])
			lo, hi := stats.MeanCI(s.Mean, s.SD, s.N, level)
			alt.Points[j] = Interval{Mean: s.Mean, Low: lo, High: hi}
			means[a][j], lows[j], highs[j] = s.Mean, lo, hi
		}
		sorted := slices.Clone(means[a])
		slices.Sort(sorted)
		slices.Sort(lows)
		slices.Sort(highs)
		qlo, qhi := (1-level)/2, (1+level)/2
		mean := sortedMean(sorted)
		alt.Ensemble = Interval{Mean: mean, Low: stats.Quantile(sorted, qlo), High: stats.Quantile(sorted, qhi)}
		alt.Median = stats.Quantile(sorted, 0.5)
		alt.Combined = Interval{Mean: mean, Low: stats.Quantile(lows, qlo), High: stats.Quantile(highs, qhi)}
		res.Alternatives = append(res.Alternatives, alt)
	}
	res.Beats, res.RankProb = orders(means)
	return res, nil
}

// sortedMean is the mean of xs summed in the given (sorted) order, so that
// it does not depend on the order of the points.
func sortedMean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// orders counts, over the points, which alternative's mean beats which and
// the rank each takes. means is [alt][point]. Counts are integers, divided
// at the end, so the shares do not depend on the order of the points.
func orders(means [][]float64) (beats, rank [][]float64) {
	nAlt, nPts := len(means), len(means[0])
	halves := make([][]int, nAlt) // [a][b]: 2 per win, 1 per tie
	// spans[a][r][t-1] counts the points where a is one of t alternatives
	// tied over ranks including r+1.
	spans := make([][][]int, nAlt)
	for a := range nAlt {
		halves[a] = make([]int, nAlt)
		spans[a] = make([][]int, nAlt)
		for r := range spans[a] {
			spans[a][r] = make([]int, nAlt)
		}
	}
	for j := range nPts {
		for a := range nAlt {
			above, tied := 0, 0 // alternatives saving more than a, and as much (a included)
			for b := range nAlt {
				switch {
				case means[b][j] > means[a][j]:
					above++
				case means[b][j] == means[a][j]:
					tied++
					halves[a][b]++
				default:
					halves[a][b] += 2
				}
			}
			// a spans ranks above+1 … above+tied, one share each.
			for r := above; r < above+tied; r++ {
				spans[a][r][tied-1]++
			}
		}
	}
	beats, rank = square(nAlt), square(nAlt)
	for a := range nAlt {
		for b := range nAlt {
			beats[a][b] = float64(halves[a][b]) / float64(2*nPts)
		}
		for r := range nAlt {
			p := 0.0
			for t, n := range spans[a][r] {
				p += float64(n) / float64(t+1)
			}
			rank[a][r] = p / float64(nPts)
		}
	}
	return beats, rank
}

func square(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
	}
	return m
}
