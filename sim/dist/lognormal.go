package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// z95 is the 95th percentile of the standard normal distribution.
const z95 = 1.6448536269514722

// LogNormal is the distribution of exp(Mu + Sigma·Z) with Z standard normal:
// the usual shape of a length of stay (most stays short, a long right tail).
//
// Planners rarely know Mu and Sigma; build it with NewLogNormalMeanSD or
// NewLogNormalMedianP95.
type LogNormal struct {
	// Mu is the mean of the logarithm; exp(Mu) is the median, in the
	// caller's unit. It must be finite.
	Mu float64
	// Sigma is the standard deviation of the logarithm (dimensionless); it
	// must be finite and > 0.
	Sigma float64
}

// NewLogNormal returns the lognormal distribution with log-mean mu and
// log-standard-deviation sigma. mu must be finite, sigma finite and > 0, and
// the resulting mean must not overflow.
func NewLogNormal(mu, sigma float64) (LogNormal, error) {
	if err := finite("lognormal", "mu", mu); err != nil {
		return LogNormal{}, err
	}
	if err := positive("lognormal", "sigma", sigma); err != nil {
		return LogNormal{}, err
	}
	l := LogNormal{Mu: mu, Sigma: sigma}
	if err := finiteMean("lognormal", l.Mean()); err != nil {
		return LogNormal{}, err
	}
	return l, nil
}

// NewLogNormalMeanSD returns the lognormal distribution with the given mean
// and standard deviation (in the caller's unit), both finite and > 0:
// sigma² = ln(1 + sd²/mean²), mu = ln(mean) - sigma²/2.
func NewLogNormalMeanSD(mean, sd float64) (LogNormal, error) {
	if err := positive("lognormal", "mean", mean); err != nil {
		return LogNormal{}, err
	}
	if err := positive("lognormal", "sd", sd); err != nil {
		return LogNormal{}, err
	}
	// Work with the ratio first: sd*sd or mean*mean alone can overflow or
	// underflow when the ratio is harmless.
	cv := sd / mean
	s2 := math.Log1p(cv * cv)
	if math.IsInf(s2, 0) || s2 == 0 {
		return LogNormal{}, fmt.Errorf("lognormal: sd/mean ratio %v is out of range", cv)
	}
	return LogNormal{Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}, nil
}

// NewLogNormalMedianP95 returns the lognormal distribution with the given
// median and 95th percentile (in the caller's unit): mu = ln(median),
// sigma = (ln(p95) - mu)/z₀.₉₅. median must be finite and > 0, p95 finite
// and > median.
func NewLogNormalMedianP95(median, p95 float64) (LogNormal, error) {
	if err := positive("lognormal", "median", median); err != nil {
		return LogNormal{}, err
	}
	if err := finite("lognormal", "p95", p95); err != nil {
		return LogNormal{}, err
	}
	if p95 <= median {
		return LogNormal{}, fmt.Errorf("lognormal: p95 must be > median (%v), got %v", median, p95)
	}
	mu := math.Log(median)
	sigma := (math.Log(p95) - mu) / z95
	if sigma <= 0 {
		return LogNormal{}, fmt.Errorf("lognormal: p95 %v is too close to median %v", p95, median)
	}
	l := LogNormal{Mu: mu, Sigma: sigma}
	if err := finiteMean("lognormal", l.Mean()); err != nil {
		return LogNormal{}, err
	}
	return l, nil
}

// Sample draws one value using r.
func (l LogNormal) Sample(r *rand.Rand) float64 {
	return math.Exp(l.Mu + l.Sigma*r.NormFloat64())
}

// Mean returns exp(Mu + Sigma²/2).
func (l LogNormal) Mean() float64 {
	return math.Exp(l.Mu + l.Sigma*l.Sigma/2)
}

// Variance returns (exp(Sigma²) - 1)·exp(2Mu + Sigma²).
func (l LogNormal) Variance() float64 {
	s2 := l.Sigma * l.Sigma
	if s2 > 40 {
		// Multiplying the factors would give Inf·0 = NaN for a large Sigma
		// and a very negative Mu; in log space ln(exp(s2) - 1) == s2 to
		// double precision here.
		return math.Exp(2*l.Mu + 2*s2)
	}
	return math.Expm1(s2) * math.Exp(2*l.Mu+s2)
}

// Median returns exp(Mu).
func (l LogNormal) Median() float64 { return math.Exp(l.Mu) }

// String returns e.g. "lognormal(mean=9.1, sd=12)".
func (l LogNormal) String() string {
	return fmt.Sprintf("lognormal(mean=%s, sd=%s)", num(l.Mean()), num(math.Sqrt(l.Variance())))
}
