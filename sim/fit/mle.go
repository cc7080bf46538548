package fit

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"

	"gonum.org/v1/gonum/mathext"
)

// halfLog2Pi is log(2π)/2.
const halfLog2Pi = 0.91893853320467274178

// estimate returns the maximum-likelihood parameters of family f for the
// positive sample s.
//
// Exponential has a closed form even with censoring (events over total
// exposure). Weibull's likelihood profiles to one equation in the shape,
// solved by safeguarded Newton, censored or not. Uncensored lognormal is
// closed form (the mean and sd of the logs) and uncensored gamma profiles to
// one equation in the shape, log k - ψ(k) = log(mean) - mean(log). With
// censoring, lognormal and gamma are maximised numerically (quasi-Newton on
// the log-parameters, see maximize) from the fit that treats censored
// values as events.
func estimate(f Family, s *sample) ([]float64, error) {
	switch f {
	case Exponential:
		return []float64{(s.sumEv + s.sumCen) / s.nEv}, nil
	case LogNormal:
		return fitLogNormal(s)
	case Gamma:
		return fitGamma(s)
	case Weibull:
		return fitWeibull(s)
	}
	return nil, fmt.Errorf("fit: unknown family %d", int(f))
}

// --- lognormal ---------------------------------------------------------------

func logLikLogNormal(s *sample, mu, sigma float64) float64 {
	ls := math.Log(sigma)
	var ll float64
	for _, p := range s.ev {
		z := (p.logx - mu) / sigma
		ll += p.w * (-ls - halfLog2Pi - 0.5*z*z - p.logx)
	}
	for _, p := range s.cen {
		ll += p.w * logNormalSurvival((p.logx-mu)/sigma)
	}
	return ll
}

// logNormalSurvival returns log P(Z > z) for a standard normal Z, accurate
// in the far tail where the survival function underflows.
func logNormalSurvival(z float64) float64 {
	if z < 30 {
		return math.Log(0.5 * math.Erfc(z/math.Sqrt2))
	}
	// Asymptotic series of Mills' ratio.
	z2 := z * z
	return -0.5*z2 - math.Log(z) - halfLog2Pi + math.Log1p(-1/z2+3/(z2*z2))
}

func fitLogNormal(s *sample) ([]float64, error) {
	u := s.uncensored()
	mu := u.sumLogEv / u.nEv
	var ss float64
	for _, p := range u.ev {
		d := p.logx - mu
		ss += p.w * d * d
	}
	sigma := math.Sqrt(ss / u.nEv)
	if s.nCen == 0 {
		return []float64{mu, sigma}, nil
	}
	// Maximise over (mu, t = log sigma), scaled by 1/n so that tolerances
	// do not depend on the sample size.
	n := s.nEv + s.nCen
	f := func(x []float64) float64 { return logLikLogNormal(s, x[0], math.Exp(x[1])) / n }
	grad := func(g, x []float64) {
		mu, sigma := x[0], math.Exp(x[1])
		var dmu, dt float64
		for _, p := range s.ev {
			z := (p.logx - mu) / sigma
			dmu += p.w * z / sigma
			dt += p.w * (z*z - 1)
		}
		for _, p := range s.cen {
			z := (p.logx - mu) / sigma
			// d log Q(z)/dz = -φ(z)/Q(z), the inverse Mills ratio.
			h := math.Exp(-0.5*z*z - halfLog2Pi - logNormalSurvival(z))
			dmu += p.w * h / sigma
			dt += p.w * h * z
		}
		g[0], g[1] = dmu/n, dt/n
	}
	x, err := maximize(f, grad, []float64{mu, math.Log(sigma)})
	if err != nil {
		return nil, err
	}
	return []float64{x[0], math.Exp(x[1])}, nil
}

// --- gamma -------------------------------------------------------------------

func logLikGamma(s *sample, k, theta float64) float64 {
	lg, _ := math.Lgamma(k)
	lt := math.Log(theta)
	ll := (k-1)*s.sumLogEv - s.sumEv/theta - s.nEv*(k*lt+lg)
	for _, p := range s.cen {
		ll += p.w * logGammaSurvival(k, p.x/theta)
	}
	return ll
}

// logGammaSurvival returns log Q(k, y), the log of the regularised upper
// incomplete gamma function: the log survival function at y of a gamma
// distribution with shape k and scale 1.
func logGammaSurvival(k, y float64) float64 {
	if q := mathext.GammaIncRegComp(k, y); q > 1e-300 {
		return math.Log(q)
	}
	// Far tail: Γ(k, y) ≈ y^(k-1)·e^(-y)·(1 + (k-1)/y).
	lg, _ := math.Lgamma(k)
	return (k-1)*math.Log(y) - y - lg + math.Log1p((k-1)/y)
}

// trigamma returns ψ'(k) = ζ(2, k).
func trigamma(k float64) float64 { return mathext.Zeta(2, k) }

// fitGammaEvents returns the gamma MLE for the events of s, ignoring any
// censored values: θ = mean/k with k solving log k - ψ(k) = log(mean) -
// mean(log x), a strictly decreasing equation in k.
func fitGammaEvents(s *sample) ([]float64, error) {
	mean := s.sumEv / s.nEv
	c := math.Log(mean) - s.sumLogEv/s.nEv
	if !(c > 0) {
		return nil, errors.New("values have no spread")
	}
	// Minka's approximation, within 1.5% of the root, to start.
	k0 := (3 - c + math.Sqrt((c-3)*(c-3)+24*c)) / (12 * c)
	t, err := rootDecreasing(func(t float64) (float64, float64) {
		k := math.Exp(t)
		return math.Log(k) - mathext.Digamma(k) - c, 1 - k*trigamma(k)
	}, math.Log(k0))
	if err != nil {
		return nil, err
	}
	k := math.Exp(t)
	return []float64{k, mean / k}, nil
}

func fitGamma(s *sample) ([]float64, error) {
	p0, err := fitGammaEvents(s.uncensored())
	if err != nil || s.nCen == 0 {
		return p0, err
	}
	n := s.nEv + s.nCen
	// Maximise over (a, b) = (log k, log θ), scaled by 1/n.
	f := func(x []float64) float64 { return logLikGamma(s, math.Exp(x[0]), math.Exp(x[1])) / n }
	grad := func(g, x []float64) {
		k, theta := math.Exp(x[0]), math.Exp(x[1])
		lg, _ := math.Lgamma(k)
		da := k * (s.sumLogEv - s.nEv*(x[1]+mathext.Digamma(k)))
		db := s.sumEv/theta - s.nEv*k
		h := 1e-5 * k
		for _, p := range s.cen {
			y := p.x / theta
			lq := logGammaSurvival(k, y)
			// ∂/∂b log Q(k, x/θ) = y·(gamma density at y)/Q, analytically;
			// ∂/∂k by a central difference: Q has no closed-form
			// derivative in its shape.
			db += p.w * math.Exp(k*math.Log(y)-y-lg-lq)
			da += p.w * k * (logGammaSurvival(k+h, y) - logGammaSurvival(k-h, y)) / (2 * h)
		}
		g[0], g[1] = da/n, db/n
	}
	x, err := maximize(f, grad, []float64{math.Log(p0[0]), math.Log(p0[1])})
	if err != nil {
		return nil, err
	}
	return []float64{math.Exp(x[0]), math.Exp(x[1])}, nil
}

// --- Weibull -----------------------------------------------------------------

func logLikWeibull(s *sample, k, lambda float64) float64 {
	ll := 0.0
	ll0 := math.Log(k) - k*math.Log(lambda)
	ll1 := math.Log(lambda)
	for _, p := range s.ev {
		ll += p.w * (ll0 + (k-1)*p.logx - math.Exp(k*(p.logx-ll1)))
	}
	for _, p := range s.cen {
		ll -= p.w * math.Exp(k*(p.logx-ll1))
	}
	return ll
}

// fitWeibull maximises the profile likelihood: for a given shape k the
// scale is λ^k = Σ x^k / r over all n values and the r events, and k solves
//
//	1/k + (1/r)·Σ_events log x - Σ x^k log x / Σ x^k = 0,
//
// whose left side decreases strictly in k. Values are divided by the
// largest one first, so x^k cannot overflow.
func fitWeibull(s *sample) ([]float64, error) {
	lmax := math.Log(s.maxX)
	r := s.nEv
	meanU := s.sumLogEv/r - lmax
	sums := func(k float64) (s0, s1, s2 float64) {
		for _, ps := range [2][]point{s.ev, s.cen} {
			for _, p := range ps {
				u := p.logx - lmax
				e := p.w * math.Exp(k*u)
				s0 += e
				s1 += e * u
				s2 += e * u * u
			}
		}
		return s0, s1, s2
	}
	// Start from the uncensored moment relation sd(log X) = π/(k√6).
	var ss float64
	for _, p := range s.ev {
		d := p.logx - s.sumLogEv/r
		ss += p.w * d * d
	}
	k0 := math.Pi / math.Sqrt(6) / math.Sqrt(ss/r)
	t, err := rootDecreasing(func(t float64) (float64, float64) {
		k := math.Exp(t)
		s0, s1, s2 := sums(k)
		m1 := s1 / s0
		return 1/k + meanU - m1, -1/k - k*(s2/s0-m1*m1)
	}, math.Log(k0))
	if err != nil {
		return nil, err
	}
	k := math.Exp(t)
	s0, _, _ := sums(k)
	return []float64{k, s.maxX * math.Pow(s0/r, 1/k)}, nil
}

// --- numerical tools ---------------------------------------------------------

// logParamLimit bounds the log of a shape parameter in the root finder:
// shapes beyond e^±30 are not lengths of stay.
const logParamLimit = 30

// rootDecreasing finds the root of g, a strictly decreasing function of t
// returning its value and derivative, by Newton's method from t0, falling
// back to bisection whenever a step would leave the bracket around the
// root.
func rootDecreasing(g func(t float64) (val, deriv float64), t0 float64) (float64, error) {
	value := func(t float64) (float64, float64, error) {
		v, d := g(t)
		if math.IsNaN(v) || math.IsNaN(d) {
			return 0, 0, fmt.Errorf("shape equation is not finite at shape e^%.3g", t)
		}
		return v, d, nil
	}
	v0, _, err := value(t0)
	if err != nil || v0 == 0 {
		return t0, err
	}
	// Bracket the root: g(lo) >= 0 >= g(hi).
	lo, hi := t0, t0
	if v0 > 0 {
		for step := 0.5; ; step *= 2 {
			lo, hi = hi, t0+step
			if hi > logParamLimit {
				return 0, fmt.Errorf("shape estimate diverges (above e^%d)", logParamLimit)
			}
			v, _, err := value(hi)
			if err != nil {
				return 0, err
			}
			if v <= 0 {
				break
			}
		}
	} else {
		for step := 0.5; ; step *= 2 {
			hi, lo = lo, t0-step
			if lo < -logParamLimit {
				return 0, fmt.Errorf("shape estimate diverges (below e^-%d)", logParamLimit)
			}
			v, _, err := value(lo)
			if err != nil {
				return 0, err
			}
			if v >= 0 {
				break
			}
		}
	}
	t := min(max(t0, lo), hi)
	for range 200 {
		v, d, err := value(t)
		if err != nil {
			return 0, err
		}
		if v == 0 {
			return t, nil
		}
		if v > 0 {
			lo = t
		} else {
			hi = t
		}
		next := t - v/d
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-t) <= 1e-14*(1+math.Abs(t)) || hi-lo <= 1e-14*(1+math.Abs(t)) {
			return next, nil
		}
		t = next
	}
	return 0, fmt.Errorf("shape equation did not converge")
}

// maximize maximises the smooth function f of two log-parameters, with
// gradient grad, from x0, by gonum/optimize's BFGS quasi-Newton method
// with its More–Thuente line search. f is a log-likelihood per
// observation; the search has converged when the gradient is below 1e-8
// (or, if the line search stalls, below 1e-6). A hand-written BFGS did
// this before; gonum's gives the fit tests the same estimates to their
// stated accuracy.
func maximize(f func(x []float64) float64, grad func(g, x []float64), x0 []float64) ([]float64, error) {
	const (
		gradTol     = 1e-8 // per observation
		accuracyTol = 1e-6 // what a stalled search may stop at
	)
	if fx := f(x0); math.IsNaN(fx) || math.IsInf(fx, 0) {
		return nil, fmt.Errorf("log-likelihood not finite at the starting point")
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 {
			v := -f(x)
			if math.IsNaN(v) {
				return math.Inf(1) // outside the domain: a line search backs off
			}
			return v
		},
		Grad: func(g, x []float64) {
			grad(g, x)
			for i := range g {
				g[i] = -g[i]
			}
		},
	}
	settings := &optimize.Settings{GradientThreshold: gradTol, MajorIterations: 200}
	res, err := optimize.Minimize(p, x0, settings, &optimize.BFGS{})
	if res == nil {
		return nil, fmt.Errorf("maximum likelihood: %w", err)
	}
	if err == nil && (res.Status == optimize.GradientThreshold || res.Status == optimize.FunctionConvergence) {
		return res.X, nil
	}
	// A line search that cannot improve on a point whose gradient is
	// already tiny has met the limit of the log-likelihood's accuracy (it
	// sums rounding errors of special functions, and the gamma shape's
	// derivative is a central difference): that point is the estimate,
	// far inside any standard error.
	if g := res.Gradient; len(g) == 2 && math.Max(math.Abs(g[0]), math.Abs(g[1])) < accuracyTol {
		return res.X, nil
	}
	return nil, fmt.Errorf("maximum likelihood did not converge (%v, gradient %.3g): %w", res.Status, res.Gradient, err)
}

// standardErrors returns the square roots of the diagonal of the inverse
// of the observed information at p: the negative Hessian of ll, taken by
// central differences with steps h[i]. Entries are NaN if the information
// is not positive definite.
func standardErrors(ll func(p []float64) float64, p, h []float64) []float64 {
	n := len(p)
	x := make([]float64, n)
	at := func(d ...float64) float64 {
		for i := range x {
			x[i] = p[i] + d[i]
		}
		return ll(x)
	}
	se := make([]float64, n)
	switch n {
	case 1:
		f0 := at(0)
		info := -(at(h[0]) - 2*f0 + at(-h[0])) / (h[0] * h[0])
		se[0] = math.Sqrt(1 / info)
		if !(info > 0) {
			se[0] = math.NaN()
		}
	case 2:
		f0 := at(0, 0)
		a := -(at(h[0], 0) - 2*f0 + at(-h[0], 0)) / (h[0] * h[0])
		c := -(at(0, h[1]) - 2*f0 + at(0, -h[1])) / (h[1] * h[1])
		b := -(at(h[0], h[1]) - at(h[0], -h[1]) - at(-h[0], h[1]) + at(-h[0], -h[1])) / (4 * h[0] * h[1])
		det := a*c - b*b
		if !(a > 0 && det > 0) {
			se[0], se[1] = math.NaN(), math.NaN()
			break
		}
		se[0], se[1] = math.Sqrt(c/det), math.Sqrt(a/det)
	default:
		panic("fit: standardErrors supports 1 or 2 parameters")
	}
	return se
}
