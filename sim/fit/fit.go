package fit

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Result is every family's fit to one sample, best first.
type Result struct {
	// Counts describes the sample.
	Counts Counts
	// Models are the fitted models, lowest AIC first (ties in family
	// order). A family whose fit failed is left out and has an entry in
	// Failures.
	Models []Model
	// Failures explains each family left out of Models.
	Failures []error

	all, pos kaplanMeier
	integer  bool // every positive value is a whole number
}

// Fit fits every family in Families to d by maximum likelihood and ranks
// the fits by AIC. The model has the shape of the scenario cohorts': a
// fixed short stay with some probability, else a draw from the family.
// Same-day stays (uncensored zeros and the values d.SameDay marks) are the
// fixed branch: their share among all values is its probability (the
// maximum-likelihood estimate), their mean its value (the mean rather than
// the median because bed occupancy, what the simulation measures, is the
// sum of stays: the mean keeps the same-day stays' bed-hours), and the
// families are fitted to the other positive values. A censored value
// contributes its survival probability to the likelihood; one censored at
// zero says only that the stay was not a same-day stay.
//
// It returns an error if d is unusable: a value negative or not finite,
// fewer than two distinct uncensored positive values, or every family
// failing.
func Fit(d Data) (*Result, error) {
	s, counts, err := prepare(d)
	if err != nil {
		return nil, err
	}
	r := &Result{Counts: counts, pos: newKaplanMeier(s.ev, s.cen), integer: s.integer()}
	r.all = allKaplanMeier(d)
	for _, f := range Families() {
		m, err := fitModel(f, s, counts, r.pos)
		if err != nil {
			r.Failures = append(r.Failures, fmt.Errorf("%s: %w", f, err))
			continue
		}
		r.Models = append(r.Models, m)
	}
	if len(r.Models) == 0 {
		return nil, fmt.Errorf("no family could be fitted: %w", errors.Join(r.Failures...))
	}
	slices.SortStableFunc(r.Models, func(a, b Model) int {
		switch {
		case a.AIC < b.AIC:
			return -1
		case a.AIC > b.AIC:
			return 1
		}
		return 0
	})
	return r, nil
}

// FitFamily fits one family to d, as Fit does.
func FitFamily(f Family, d Data) (Model, error) {
	s, counts, err := prepare(d)
	if err != nil {
		return Model{}, err
	}
	return fitModel(f, s, counts, newKaplanMeier(s.ev, s.cen))
}

func fitModel(f Family, s *sample, c Counts, km kaplanMeier) (Model, error) {
	p, err := estimate(f, s)
	if err != nil {
		return Model{}, err
	}
	for i, v := range p {
		if !(v > 0 || (f == LogNormal && i == 0)) || math.IsInf(v, 0) || math.IsNaN(v) {
			return Model{}, fmt.Errorf("estimate %s = %v is out of range", f.ParamNames()[i], v)
		}
	}
	m := Model{Family: f, Params: p, NumParams: len(p)}
	m.LogLik = logLik(f, s, p)
	if c.SameDay > 0 {
		// The share is a Bernoulli MLE; the fixed value is not a
		// likelihood parameter (a point mass has no density to
		// maximise) but the same-day stays' mean, which keeps their
		// bed-hours.
		m.SameDayShare = float64(c.SameDay) / float64(c.N)
		m.SameDayValue = c.SameDayMean
		m.LogLik += float64(c.SameDay)*math.Log(m.SameDayShare) + float64(c.N-c.SameDay)*math.Log1p(-m.SameDayShare)
		m.NumParams++
	}
	m.AIC = 2*float64(m.NumParams) - 2*m.LogLik
	m.SE = modelSE(f, s, p)
	m.KS = km.ks(m.Positive().CDF)
	return m, nil
}

// modelSE returns the standard errors of the natural parameters p.
func modelSE(f Family, s *sample, p []float64) []float64 {
	if f == Exponential {
		// The observed information is r/θ² at the MLE, censored or not.
		return []float64{p[0] / math.Sqrt(s.nEv)}
	}
	const rel = 1e-4
	h := []float64{rel * p[0], rel * p[1]}
	if f == LogNormal {
		h[0] = rel * p[1] // mu is a location: step in units of sigma
	}
	return standardErrors(func(q []float64) float64 { return logLik(f, s, q) }, p, h)
}

// allKaplanMeier estimates the distribution of every value, zeros
// included, for comparing data and model quantiles.
func allKaplanMeier(d Data) kaplanMeier {
	var ev, cen []float64
	for i, x := range d.Values {
		if d.Censored != nil && d.Censored[i] {
			cen = append(cen, x)
		} else {
			ev = append(ev, x)
		}
	}
	return newKaplanMeier(group(ev), group(cen))
}

// DataQuantile returns the p-quantile of the data, zeros included, from
// the Kaplan–Meier estimate when values are censored; NaN if censoring
// leaves the estimate short of p.
func (r *Result) DataQuantile(p float64) float64 { return r.all.quantile(p) }

// DataMean returns the mean of the data, or NaN when values are censored
// (the mean of censored data is not known without a model).
func (r *Result) DataMean() float64 {
	if r.Counts.Censored > 0 {
		return math.NaN()
	}
	var sum, n float64
	for i, t := range r.all.t {
		w := r.all.f[i]
		if i > 0 {
			w -= r.all.f[i-1]
		}
		sum += w * t
		n += w
	}
	return sum / n
}

// Best returns the model with the lowest AIC.
func (r *Result) Best() Model { return r.Models[0] }

// MissTolerance is the relative gap between a model's mean or 95th
// percentile and the data's beyond which Misses reports it: a model that
// misses the mean by more gets the bed-days wrong by as much, whatever its
// AIC rank.
const MissTolerance = 0.10

// Miss is a statistic of a model that is far from the data's.
type Miss struct {
	// Stat is "mean" or "p95".
	Stat string
	// Model and Data are the model's and the data's values, in the data's
	// unit, same-day stays included.
	Model, Data float64
}

// Gap returns the model's value relative to the data's, minus 1: +0.24
// for a model mean 24% above the data's.
func (m Miss) Gap() float64 { return m.Model/m.Data - 1 }

// Misses returns the statistics of m, of the mean and the 95th percentile,
// that differ from the data's by more than MissTolerance of the data's. A
// statistic the data do not give (the mean when values are censored, a
// percentile censoring leaves unknown, or one that is 0) is not compared.
func (r *Result) Misses(m Model) []Miss {
	var out []Miss
	for _, s := range []Miss{
		{Stat: "mean", Model: m.Mean(), Data: r.DataMean()},
		{Stat: "p95", Model: m.Quantile(0.95), Data: r.DataQuantile(0.95)},
	} {
		if s.Data > 0 && math.Abs(s.Gap()) > MissTolerance {
			out = append(out, s)
		}
	}
	return out
}
