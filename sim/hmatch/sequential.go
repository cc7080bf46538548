package hmatch

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Sequential replications: most points of an early wave miss the targets
// by far more than the dice could explain, and their first two runs say
// so as clearly as five would. A point's runs are judged after each one
// from the second; once they rule it out beyond doubt, the point's
// remaining replications are not run. Every point that might yet be
// plausible gets all of Config.Reps.

// varianceBoundLevel is the confidence of the upper bound on a target's
// simulator variance that an early judgement uses.
const varianceBoundLevel = 0.99

// varianceBound returns the factor by which the sample variance of k
// runs is multiplied to give the upper end of its one-sided
// varianceBoundLevel confidence interval, (k−1)/χ²_{k−1}(0.01): about
// 6,366 for two runs, 99.5 for three, 26.1 for four. It is +Inf for
// k < 2.
func varianceBound(k int) float64 {
	if k < 2 {
		return math.Inf(1)
	}
	df := float64(k - 1)
	return df / distuv.ChiSquared{K: df}.Quantile(1-varianceBoundLevel)
}

// earlyEnough reports whether runs, fewer than Reps, may stand for a
// point of a sequential match: they rule it out beyond doubt.
func (m *matcher) earlyEnough(runs [][]float64) bool {
	return m.cfg.Sequential && len(runs) >= 2 && len(runs) < m.cfg.Reps &&
		m.ruledOutEarly(runs, make([]float64, len(m.cfg.Targets)))
}

// ruledOutEarly reports whether runs (the first k ≥ 2 replications of a
// point, runs[rep][target]) rule the point out beyond doubt: its measure
// (the Order-th largest implausibility, or a hard target's) is above the
// cutoff even with each target's simulator variance at the upper end of
// its 99% confidence interval (sample variance × varianceBound(k)), not
// at its estimate; a target whose runs so far all agree exactly, whose
// variance they cannot bound, counts as met. The same runs always give
// the same answer, so a sequential match is as deterministic as one that
// runs every replication. Rows of the wrong length give false. imp is
// scratch space of one value per target.
func (m *matcher) ruledOutEarly(runs [][]float64, imp []float64) bool {
	k, K := len(runs), len(m.cfg.Targets)
	if k < 2 || len(imp) != K {
		return false
	}
	for _, row := range runs {
		if len(row) != K {
			return false
		}
	}
	bound := varianceBound(k)
	for t := range K {
		mu, v := meanVar(runs, t)
		if v == 0 {
			imp[t] = 0 // the runs agree: no bound on their variance
			continue
		}
		imp[t] = m.cfg.Targets[t].Implausibility(mu, bound*v/float64(k))
	}
	return measureOf(imp, m.cfg.Targets, m.cfg.Order) > m.cfg.Cutoff
}

// meanVar returns the mean and sample variance of target t over runs (at
// least two).
func meanVar(runs [][]float64, t int) (mean, variance float64) {
	var s float64
	for _, row := range runs {
		s += row[t]
	}
	mean = s / float64(len(runs))
	var ss float64
	for _, row := range runs {
		ss += (row[t] - mean) * (row[t] - mean)
	}
	return mean, ss / float64(len(runs)-1)
}
