package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/scenario"
)

// distTypeList names the scenario distribution types NewDistribution knows,
// for messages.
const distTypeList = "exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture"

// NewDistribution builds the sampler for a scenario distribution (durations
// in hours, so the sampler draws hours).
//
// The scenario loader has already checked d with file and line; this still
// checks everything it relies on and returns an error, never panics, so it
// is safe on a hand-built Dist. Every error starts with the distribution
// type ("lognormal: sd must be > 0, got -1"); errors inside a mixture name
// the component ("mixture: of[1]: lognormal: ...").
func NewDistribution(d scenario.Dist) (dist.Distribution, error) {
	if d.Type == "" {
		return nil, fmt.Errorf("missing distribution type: want one of %s", distTypeList)
	}
	if err := checkDistParams(d); err != nil {
		return nil, err
	}
	switch d.Type {
	case "exponential":
		mean, err := distHours(d.Type, "mean", d.Mean)
		if err != nil {
			return nil, err
		}
		return asDist(dist.NewExponential(mean))

	case "lognormal":
		meanSD := d.Mean != nil || d.SD != nil
		medianP95 := d.Median != nil || d.P95 != nil
		switch {
		case meanSD && medianP95:
			return nil, fmt.Errorf("lognormal: takes mean + sd or median + p95, not both")
		case medianP95:
			median, p95, err := distHours2(d.Type, "median", d.Median, "p95", d.P95)
			if err != nil {
				return nil, err
			}
			return asDist(dist.NewLogNormalMedianP95(median, p95))
		case meanSD:
			mean, sd, err := distHours2(d.Type, "mean", d.Mean, "sd", d.SD)
			if err != nil {
				return nil, err
			}
			return asDist(dist.NewLogNormalMeanSD(mean, sd))
		}
		return nil, fmt.Errorf("lognormal: needs mean + sd, or median + p95")

	case "gamma":
		shapeScale := d.Shape != nil || d.Scale != nil
		meanSD := d.Mean != nil || d.SD != nil
		switch {
		case shapeScale && meanSD:
			return nil, fmt.Errorf("gamma: takes shape + scale or mean + sd, not both")
		case shapeScale:
			shape, scale, err := distShapeScale(d)
			if err != nil {
				return nil, err
			}
			return asDist(dist.NewGamma(shape, scale))
		case meanSD:
			mean, sd, err := distHours2(d.Type, "mean", d.Mean, "sd", d.SD)
			if err != nil {
				return nil, err
			}
			return asDist(dist.NewGammaMeanSD(mean, sd))
		}
		return nil, fmt.Errorf("gamma: needs shape + scale, or mean + sd")

	case "weibull":
		shape, scale, err := distShapeScale(d)
		if err != nil {
			return nil, err
		}
		return asDist(dist.NewWeibull(shape, scale))

	case "erlang":
		if d.K == nil {
			return nil, fmt.Errorf("erlang: missing k")
		}
		mean, err := distHours(d.Type, "mean", d.Mean)
		if err != nil {
			return nil, err
		}
		return asDist(dist.NewErlang(*d.K, mean))

	case "triangular":
		lo, mode, err := distHours2(d.Type, "min", d.Min, "mode", d.Mode)
		if err != nil {
			return nil, err
		}
		hi, err := distHours(d.Type, "max", d.Max)
		if err != nil {
			return nil, err
		}
		return asDist(dist.NewTriangular(lo, mode, hi))

	case "uniform":
		lo, hi, err := distHours2(d.Type, "min", d.Min, "max", d.Max)
		if err != nil {
			return nil, err
		}
		return asDist(dist.NewUniform(lo, hi))

	case "fixed":
		v, err := distHours(d.Type, "value", d.Value)
		if err != nil {
			return nil, err
		}
		return asDist(dist.NewFixed(v))

	case "empirical":
		xs := make([]float64, len(d.Samples))
		for i, s := range d.Samples {
			xs[i] = s.Hours()
		}
		return asDist(dist.NewEmpirical(xs))

	case "mixture":
		if len(d.Of) == 0 {
			return nil, fmt.Errorf("mixture: missing of (the components)")
		}
		weights := make([]float64, len(d.Of))
		comps := make([]dist.Distribution, len(d.Of))
		for i, c := range d.Of {
			if !(c.P >= 0 && c.P <= 1) {
				return nil, fmt.Errorf("mixture: of[%d].p must be between 0 and 1, got %v", i, c.P)
			}
			cd, err := NewDistribution(c.Dist)
			if err != nil {
				return nil, fmt.Errorf("mixture: of[%d]: %w", i, err)
			}
			weights[i], comps[i] = c.P, cd
		}
		return asDist(dist.NewMixture(weights, comps))
	}
	return nil, fmt.Errorf("unknown distribution type %q: want one of %s", d.Type, distTypeList)
}

// asDist returns a constructor's result as a Distribution, nil on error (a
// typed zero value in the interface would not be nil).
func asDist[T dist.Distribution](d T, err error) (dist.Distribution, error) {
	if err != nil {
		return nil, err
	}
	return d, nil
}

// distHours returns the required duration parameter name of a typ distribution.
func distHours(typ, name string, p *scenario.Duration) (float64, error) {
	if p == nil {
		return 0, fmt.Errorf("%s: missing %s", typ, name)
	}
	return p.Hours(), nil
}

// distHours2 is distHours for two parameters that go together.
func distHours2(typ, name1 string, p1 *scenario.Duration, name2 string, p2 *scenario.Duration) (float64, float64, error) {
	x1, err := distHours(typ, name1, p1)
	if err != nil {
		return 0, 0, err
	}
	x2, err := distHours(typ, name2, p2)
	if err != nil {
		return 0, 0, err
	}
	return x1, x2, nil
}

// distShapeScale returns the shape (dimensionless) and scale (hours) of a
// gamma or Weibull distribution.
func distShapeScale(d scenario.Dist) (float64, float64, error) {
	if d.Shape == nil {
		return 0, 0, fmt.Errorf("%s: missing shape", d.Type)
	}
	scale, err := distHours(d.Type, "scale", d.Scale)
	if err != nil {
		return 0, 0, err
	}
	return *d.Shape, scale, nil
}

// checkDistParams rejects parameters the distribution type does not take, so
// that a misplaced field is an error rather than silently ignored. The
// lists are the scenario loader's own.
func checkDistParams(d scenario.Dist) error {
	allowed := scenario.DistParams(d.Type)
	if allowed == nil {
		return nil // NewDistribution reports the unknown type
	}
	for _, name := range d.SetParams() {
		if !slices.Contains(allowed, name) {
			return fmt.Errorf("%s: does not take %s (it takes %s)", d.Type, name, strings.Join(allowed, ", "))
		}
	}
	return nil
}
