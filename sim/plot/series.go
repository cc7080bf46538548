package plot

import (
	"math"
	"slices"

	"github.com/flowsim/flowsim/sim/stats"
)

// Band is a daily series summarised across replications: for each day, the
// median and the 5th and 95th percentiles of the replications' daily
// values (type-7 quantiles, as in summary.csv). Days no replication
// reports are NaN.
type Band struct {
	// Day is the day number (day 0 is the start date). The values are
	// means over the day, so figures draw them at Day + 0.5.
	Day           []float64
	P05, P50, P95 []float64
}

// Interval is a mean over replications with its 95% Student t interval.
type Interval struct {
	Mean, Low, High float64
	N               int
}

// intervalOf summarises replication values.
func intervalOf(xs []float64) Interval {
	s := stats.Summarize(xs)
	return Interval{Mean: s.Mean, Low: s.CILow, High: s.CIHigh, N: s.N}
}

// bandOf summarises days[d][rep] across replications.
func bandOf(days [][]float64) Band {
	n := len(days)
	b := Band{Day: make([]float64, n), P05: make([]float64, n), P50: make([]float64, n), P95: make([]float64, n)}
	vals := make([]float64, 0, 64)
	for d, reps := range days {
		b.Day[d] = float64(d)
		vals = vals[:0]
		for _, v := range reps {
			if !math.IsNaN(v) {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			b.P05[d], b.P50[d], b.P95[d] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		slices.Sort(vals)
		b.P05[d], b.P50[d], b.P95[d] = stats.Quantile(vals, 0.05), stats.Quantile(vals, 0.5), stats.Quantile(vals, 0.95)
	}
	return b
}

// max returns the largest finite value of the slices, or NaN.
func maxOf(slices ...[]float64) float64 {
	m := math.NaN()
	for _, s := range slices {
		for _, v := range s {
			if finite(v) && !(v <= m) {
				m = v
			}
		}
	}
	return m
}

// reportWeights returns, for each of days days, the share of the day that
// falls in the reporting period [warmup, horizon) (horizon 0: unbounded),
// so that summing daily means times weights gives days of use after the
// warm-up, as the metrics count them. That is exact when the warm-up and
// horizon are whole days; a day they cut is apportioned as if its mean
// held all day.
func reportWeights(days int, warmup, horizon float64) []float64 {
	w := make([]float64, days)
	for d := range w {
		lo, hi := math.Max(float64(d), warmup), float64(d+1)
		if horizon > 0 {
			hi = math.Min(hi, horizon)
		}
		w[d] = math.Max(0, hi-lo)
	}
	return w
}

// perRep sums days[d][rep] × w[d] over days for each of nreps replications.
func perRep(days [][]float64, w []float64, nreps int) []float64 {
	sums := make([]float64, nreps)
	for d, reps := range days {
		if d >= len(w) || w[d] == 0 {
			continue
		}
		for r := range nreps {
			v := math.NaN()
			if r < len(reps) {
				v = reps[r]
			}
			sums[r] += v * w[d]
		}
	}
	return sums
}

// timeAxis is what a figure over days needs to know about the run.
type timeAxis struct {
	Start                   string // YYYY-MM-DD, or "" when unknown
	WarmupDays, HorizonDays float64
}

func (r *Run) timeAxis(g Group) (timeAxis, error) {
	ax := timeAxis{WarmupDays: r.Manifest.WarmupDays, HorizonDays: r.Manifest.HorizonDays}
	info, ok, err := r.scenarioOf(g)
	if err != nil {
		return ax, err
	}
	if ok {
		if _, ok := info.startDate(); ok {
			ax.Start = info.Start
		}
	}
	return ax, nil
}

func nan() float64 { return math.NaN() }

// roundSig rounds v to n significant digits.
func roundSig(v float64, n int) float64 {
	if v == 0 || !finite(v) {
		return v
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}
