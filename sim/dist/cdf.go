package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// The CDFs use gonum's closed forms and special functions; they are for
// set-up and analysis (the share of ED stays under four hours, quantiles in
// reports), not for the per-event hot path.

// CDF returns P(X <= x).
func (e Exponential) CDF(x float64) float64 {
	return distuv.Exponential{Rate: 1 / e.Scale}.CDF(x)
}

// CDF returns P(X <= x).
func (l LogNormal) CDF(x float64) float64 {
	return distuv.LogNormal{Mu: l.Mu, Sigma: l.Sigma}.CDF(x)
}

// CDF returns P(X <= x).
func (g Gamma) CDF(x float64) float64 {
	return distuv.Gamma{Alpha: g.Shape, Beta: 1 / g.Scale}.CDF(x)
}

// CDF returns P(X <= x).
func (w Weibull) CDF(x float64) float64 {
	return distuv.Weibull{K: w.Shape, Lambda: w.Scale}.CDF(x)
}

// CDF returns P(X <= x): an Erlang is a gamma with whole shape.
func (e Erlang) CDF(x float64) float64 {
	return distuv.Gamma{Alpha: float64(e.K), Beta: 1 / e.Scale}.CDF(x)
}

// CDF returns P(X <= x).
func (t Triangular) CDF(x float64) float64 {
	switch {
	case x <= t.Min:
		return 0
	case x >= t.Max:
		return 1
	case x <= t.Mode:
		return (x - t.Min) * (x - t.Min) / ((t.Max - t.Min) * (t.Mode - t.Min))
	}
	return 1 - (t.Max-x)*(t.Max-x)/((t.Max-t.Min)*(t.Max-t.Mode))
}

// CDF returns P(X <= x).
func (u Uniform) CDF(x float64) float64 {
	return math.Min(1, math.Max(0, (x-u.Min)/(u.Max-u.Min)))
}

// CDF returns P(X <= x): 0 below the value, 1 from it on.
func (f Fixed) CDF(x float64) float64 {
	if x < f.Value {
		return 0
	}
	return 1
}

// CDF returns the share of samples <= x.
func (e Empirical) CDF(x float64) float64 {
	n := 0
	for _, s := range e.samples {
		if s <= x {
			n++
		}
	}
	return float64(n) / float64(len(e.samples))
}

// CDF returns the weighted sum of the components' CDFs.
func (m Mixture) CDF(x float64) float64 {
	p := 0.0
	for i, c := range m.components {
		p += m.weights[i] * c.CDF(x)
	}
	return math.Min(1, p)
}

// CDF returns P(Factor × D <= x).
func (s Scaled) CDF(x float64) float64 { return s.D.CDF(x / s.Factor) }
