package fit

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/flowsim/flowsim/sim/dist"
)

// Family is a parametric family of positive durations.
type Family int

// The families Fit tries. Their names are the scenario format's.
const (
	Exponential Family = iota
	LogNormal
	Gamma
	Weibull
)

// Families returns every family Fit tries, in a fixed order.
func Families() []Family { return []Family{Exponential, LogNormal, Gamma, Weibull} }

// String returns the family's name in scenario files: "exponential",
// "lognormal", "gamma" or "weibull".
func (f Family) String() string {
	switch f {
	case Exponential:
		return "exponential"
	case LogNormal:
		return "lognormal"
	case Gamma:
		return "gamma"
	case Weibull:
		return "weibull"
	}
	return fmt.Sprintf("Family(%d)", int(f))
}

// ParamNames returns the names of the family's parameters, in the order of
// Model.Params.
func (f Family) ParamNames() []string {
	switch f {
	case Exponential:
		return []string{"mean"}
	case LogNormal:
		return []string{"mu", "sigma"}
	case Gamma, Weibull:
		return []string{"shape", "scale"}
	}
	return nil
}

// Continuous is a fitted positive distribution, evaluated with
// gonum/stat/distuv.
type Continuous interface {
	CDF(x float64) float64
	Survival(x float64) float64
	Prob(x float64) float64
	Quantile(p float64) float64
	Mean() float64
}

// Model is one family's maximum-likelihood fit: a share of zero stays and a
// continuous distribution for the positive ones.
type Model struct {
	// Family is the family of the positive part.
	Family Family
	// Params are the estimates in the family's natural parameters (see
	// Family.ParamNames), durations in the data's unit:
	//
	//	exponential  mean
	//	lognormal    mu, sigma: mean and sd of the log of the value
	//	gamma        shape, scale
	//	weibull      shape, scale
	Params []float64
	// SE are the asymptotic standard errors of Params, from the inverse of
	// the observed information (the negative Hessian of the
	// log-likelihood); NaN if that is not positive definite.
	SE []float64
	// SameDayShare is the estimated probability of a same-day stay: the
	// share of all values that are same-day stays (see Data.SameDay). 0
	// when there are none; the model is then the positive part alone.
	SameDayShare float64
	// SameDayValue is the length of a same-day stay in the model, in the
	// data's unit: the mean of the same-day stays' values (0 when they
	// are all zeros).
	SameDayValue float64
	// LogLik is the maximised log-likelihood of the whole model (the zero
	// share and the positive part), with densities per the data's unit.
	LogLik float64
	// NumParams counts the estimated parameters, the zero share included
	// when there are zeros.
	NumParams int
	// AIC is Akaike's information criterion, 2·NumParams - 2·LogLik; lower
	// is better, and differences under about 2 mean little.
	AIC float64
	// KS is the Kolmogorov–Smirnov distance between the fitted and the
	// empirical distribution of the positive values: the largest gap
	// between the two cumulative distribution functions, the empirical one
	// being the Kaplan–Meier estimate when values are censored. Smaller is
	// better. The parameters were estimated from the same data, so the
	// usual KS p-values do not apply.
	KS float64
}

// Positive returns the fitted distribution of the positive durations.
func (m Model) Positive() Continuous {
	return positive(m.Family, m.Params)
}

func positive(f Family, p []float64) Continuous {
	switch f {
	case Exponential:
		return distuv.Exponential{Rate: 1 / p[0]}
	case LogNormal:
		return distuv.LogNormal{Mu: p[0], Sigma: p[1]}
	case Gamma:
		return distuv.Gamma{Alpha: p[0], Beta: 1 / p[1]}
	case Weibull:
		return distuv.Weibull{K: p[0], Lambda: p[1]}
	}
	panic(fmt.Sprintf("fit: unknown family %d", int(f)))
}

// Mean returns the mean of the whole model, same-day stays included.
func (m Model) Mean() float64 {
	return m.SameDayShare*m.SameDayValue + (1-m.SameDayShare)*m.Positive().Mean()
}

// CDF returns P(X <= x) for the whole model, same-day stays included.
func (m Model) CDF(x float64) float64 {
	if x < 0 {
		return 0
	}
	c := (1 - m.SameDayShare) * m.Positive().CDF(x)
	if x >= m.SameDayValue {
		c += m.SameDayShare
	}
	return c
}

// Quantile returns the p-quantile of the whole model, same-day stays
// included: the smallest x with CDF(x) >= p, which is SameDayValue for
// the p the point mass spans. It panics unless 0 <= p <= 1.
func (m Model) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("fit: quantile probability %v out of [0, 1]", p))
	}
	q, v := m.SameDayShare, m.SameDayValue
	if q == 0 {
		return m.Positive().Quantile(p)
	}
	below := (1 - q) * m.Positive().CDF(v) // P(X < v)
	switch {
	case p <= below:
		return m.Positive().Quantile(p / (1 - q))
	case p <= below+q:
		return v
	}
	return m.Positive().Quantile((p - q) / (1 - q))
}

// Distribution returns the fitted model as a flowsim sampler, in the data's
// unit: the family's distribution, or a mixture with a fixed same-day
// stay when there are same-day stays.
func (m Model) Distribution() (dist.Distribution, error) {
	var pos dist.Distribution
	var err error
	switch m.Family {
	case Exponential:
		pos, err = dist.NewExponential(m.Params[0])
	case LogNormal:
		pos, err = dist.NewLogNormal(m.Params[0], m.Params[1])
	case Gamma:
		pos, err = dist.NewGamma(m.Params[0], m.Params[1])
	case Weibull:
		pos, err = dist.NewWeibull(m.Params[0], m.Params[1])
	default:
		return nil, fmt.Errorf("fit: unknown family %v", m.Family)
	}
	if err != nil || m.SameDayShare == 0 {
		return pos, err
	}
	return dist.NewMixture([]float64{m.SameDayShare, 1 - m.SameDayShare}, []dist.Distribution{dist.Fixed{Value: m.SameDayValue}, pos})
}

// logLik returns the log-likelihood of the positive part of s under family
// f with natural parameters p: log density for events, log survival for
// censored values.
func logLik(f Family, s *sample, p []float64) float64 {
	switch f {
	case Exponential:
		return -s.nEv*math.Log(p[0]) - (s.sumEv+s.sumCen)/p[0]
	case LogNormal:
		return logLikLogNormal(s, p[0], p[1])
	case Gamma:
		return logLikGamma(s, p[0], p[1])
	case Weibull:
		return logLikWeibull(s, p[0], p[1])
	}
	panic(fmt.Sprintf("fit: unknown family %d", int(f)))
}
