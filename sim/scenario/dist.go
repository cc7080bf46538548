package scenario

import (
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/dist"
)

// This file is the one place that knows what a distribution spec means:
// which parameters each type takes, their bounds, and which sim/dist
// constructor turns them into a sampler. Validate reports its problems
// (with the field path, so the loader adds file and line), Dist.Build
// returns its sampler, and the JSON Schema reads its parameter table, so
// "validate accepts" and "the model builds" cannot drift apart.

// distTypes are the distribution names, in the order messages list them.
func distTypes() []string {
	return []string{"exponential", "lognormal", "gamma", "weibull", "erlang",
		"triangular", "uniform", "fixed", "empirical", "mixture"}
}

// DistParams returns the parameter keys a distribution type takes, or nil
// for an unknown type.
func DistParams(typ string) []string {
	switch typ {
	case "exponential":
		return []string{"mean"}
	case "lognormal":
		return []string{"mean", "sd", "median", "p95"}
	case "gamma":
		return []string{"shape", "scale", "mean", "sd"}
	case "weibull":
		return []string{"shape", "scale"}
	case "erlang":
		return []string{"k", "mean"}
	case "triangular":
		return []string{"min", "mode", "max"}
	case "uniform":
		return []string{"min", "max"}
	case "fixed":
		return []string{"value"}
	case "empirical":
		return []string{"samples"}
	case "mixture":
		return []string{"of"}
	}
	return nil
}

// SetParams returns the keys of the parameters set in d, in Dist's field
// order.
func (d *Dist) SetParams() []string {
	var set []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"mean", d.Mean != nil}, {"sd", d.SD != nil},
		{"median", d.Median != nil}, {"p95", d.P95 != nil},
		{"shape", d.Shape != nil}, {"scale", d.Scale != nil},
		{"k", d.K != nil},
		{"min", d.Min != nil}, {"mode", d.Mode != nil}, {"max", d.Max != nil},
		{"value", d.Value != nil},
		{"samples", d.Samples != nil},
		{"of", d.Of != nil},
	} {
		if f.set {
			set = append(set, f.name)
		}
	}
	return set
}

// Build returns the sampler d describes, drawing hours. It applies exactly
// the checks Validate applies to a distribution, so it never fails on a
// Dist of a loaded scenario; on a Dist built in code it returns every
// problem Validate would report, each "field: message" relative to d
// (such as "sd: must be between 0.01 and 100 times mean (1h), got 1000h"),
// joined by newlines.
func (d *Dist) Build() (dist.Distribution, error) {
	v := &validator{}
	s := v.dist(nil, d)
	if len(v.errs) > 0 {
		errs := make([]error, len(v.errs))
		for i, e := range v.errs {
			errs[i] = e
		}
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// dist checks a distribution at path p (the mapping holding "dist:") and
// returns its sampler, or nil if anything is wrong.
func (v *validator) dist(p Path, d *Dist) dist.Distribution {
	before := len(v.errs)
	known := distTypes()
	switch {
	case d.Type == "":
		v.add(p.With("dist"), "missing: want one of %s", strings.Join(known, ", "))
		return nil
	case !slices.Contains(known, d.Type):
		v.add(p.With("dist"), "unknown distribution %q%s; known: %s",
			d.Type, didYouMean(d.Type, known), strings.Join(known, ", "))
		return nil
	}
	allowed := DistParams(d.Type)
	for _, name := range d.SetParams() {
		if !slices.Contains(allowed, name) {
			v.add(p.With(name), "%s does not take %s (it takes %s)", d.Type, name, strings.Join(allowed, ", "))
		}
	}
	build := v.params(p, d)
	if len(v.errs) > before || build == nil {
		return nil
	}
	s, err := build()
	if err != nil {
		// The bounds above are meant to leave nothing for the
		// constructors to refuse; if one still does, it is refused here,
		// at load, rather than when the model builds it.
		v.add(p, "%v", err)
		return nil
	}
	return s
}

// params checks d's parameters for its (known) type and returns the
// constructor call to make once they are valid.
func (v *validator) params(p Path, d *Dist) func() (dist.Distribution, error) {
	h := func(x *Duration) float64 { return float64(*x) }
	switch d.Type {
	case "exponential":
		v.positive(p, d.Type, "mean", d.Mean)
		return func() (dist.Distribution, error) { return asDist(dist.NewExponential(h(d.Mean))) }
	case "lognormal":
		meanSD := d.Mean != nil || d.SD != nil
		medianP95 := d.Median != nil || d.P95 != nil
		switch {
		case meanSD && medianP95:
			v.add(p, "lognormal takes mean + sd or median + p95, not both")
		case medianP95:
			okMedian := v.positive(p, d.Type, "median", d.Median)
			okP95 := v.positive(p, d.Type, "p95", d.P95)
			switch {
			case !okMedian || !okP95:
			case !(*d.P95 > *d.Median):
				v.add(p.With("p95"), "must be > median (%s), got %s", *d.Median, *d.P95)
			case *d.P95 < MinP95Ratio**d.Median || *d.P95 > MaxP95Ratio**d.Median:
				v.add(p.With("p95"), "must be between %s and %s times median (%s), got %s",
					formatNumber(MinP95Ratio), formatNumber(MaxP95Ratio), *d.Median, *d.P95)
			}
			return func() (dist.Distribution, error) {
				return asDist(dist.NewLogNormalMedianP95(h(d.Median), h(d.P95)))
			}
		case meanSD:
			v.meanSD(p, d)
			return func() (dist.Distribution, error) { return asDist(dist.NewLogNormalMeanSD(h(d.Mean), h(d.SD))) }
		default:
			v.add(p.With("mean"), "missing: lognormal needs mean + sd, or median + p95")
		}
	case "gamma":
		shapeScale := d.Shape != nil || d.Scale != nil
		meanSD := d.Mean != nil || d.SD != nil
		switch {
		case shapeScale && meanSD:
			v.add(p, "gamma takes shape + scale or mean + sd, not both")
		case shapeScale:
			okShape := v.shape(p, d.Type, "shape", d.Shape, MinShape)
			if v.positive(p, d.Type, "scale", d.Scale) && okShape {
				v.meanAtMost(p, "shape × scale", *d.Shape*float64(*d.Scale))
			}
			return func() (dist.Distribution, error) { return asDist(dist.NewGamma(*d.Shape, h(d.Scale))) }
		case meanSD:
			v.meanSD(p, d)
			return func() (dist.Distribution, error) { return asDist(dist.NewGammaMeanSD(h(d.Mean), h(d.SD))) }
		default:
			v.add(p.With("shape"), "missing: gamma needs shape + scale, or mean + sd")
		}
	case "weibull":
		okShape := v.shape(p, d.Type, "shape", d.Shape, MinWeibullShape)
		if v.positive(p, d.Type, "scale", d.Scale) && okShape {
			v.meanAtMost(p, "scale × Γ(1 + 1/shape)", float64(*d.Scale)*math.Gamma(1 + 1 / *d.Shape))
		}
		return func() (dist.Distribution, error) { return asDist(dist.NewWeibull(*d.Shape, h(d.Scale))) }
	case "erlang":
		switch {
		case d.K == nil:
			v.add(p.With("k"), "missing: erlang needs k (the number of phases) and mean")
		case *d.K < 1:
			v.add(p.With("k"), "must be >= 1, got %d", *d.K)
		case *d.K > MaxShape:
			v.add(p.With("k"), "must be at most %s, got %d", formatNumber(MaxShape), *d.K)
		}
		v.positive(p, d.Type, "mean", d.Mean)
		return func() (dist.Distribution, error) { return asDist(dist.NewErlang(*d.K, h(d.Mean))) }
	case "triangular":
		okMin := v.nonNegative(p, d.Type, "min", d.Min)
		okMode := v.nonNegative(p, d.Type, "mode", d.Mode)
		okMax := v.nonNegative(p, d.Type, "max", d.Max)
		if okMin && okMode && okMax {
			switch {
			case !(*d.Min < *d.Max):
				v.add(p.With("max"), "must be > min (%s), got %s", *d.Min, *d.Max)
			case *d.Mode < *d.Min || *d.Mode > *d.Max:
				v.add(p.With("mode"), "must be between min (%s) and max (%s), got %s", *d.Min, *d.Max, *d.Mode)
			}
		}
		return func() (dist.Distribution, error) {
			return asDist(dist.NewTriangular(h(d.Min), h(d.Mode), h(d.Max)))
		}
	case "uniform":
		okMin := v.nonNegative(p, d.Type, "min", d.Min)
		okMax := v.nonNegative(p, d.Type, "max", d.Max)
		if okMin && okMax && !(*d.Min < *d.Max) {
			v.add(p.With("max"), "must be > min (%s), got %s", *d.Min, *d.Max)
		}
		return func() (dist.Distribution, error) { return asDist(dist.NewUniform(h(d.Min), h(d.Max))) }
	case "fixed":
		v.nonNegative(p, d.Type, "value", d.Value)
		return func() (dist.Distribution, error) { return asDist(dist.NewFixed(h(d.Value))) }
	case "empirical":
		if len(d.Samples) == 0 {
			v.add(p.With("samples"), "missing: empirical needs a non-empty list of samples, e.g. [2h, 1d, 3.5d]")
		}
		for i, x := range d.Samples {
			v.nonNegativeDuration(p.With("samples", index(i)), x)
		}
		return func() (dist.Distribution, error) {
			xs := make([]float64, len(d.Samples))
			for i, x := range d.Samples {
				xs[i] = float64(x)
			}
			return asDist(dist.NewEmpirical(xs))
		}
	case "mixture":
		weights, comps := v.mixture(p, d.Of)
		return func() (dist.Distribution, error) { return asDist(dist.NewMixture(weights, comps)) }
	}
	return nil
}

// asDist returns a constructor's result as a Distribution, nil on error (a
// typed zero value in the interface would not be nil).
func asDist[T dist.Distribution](d T, err error) (dist.Distribution, error) {
	if err != nil {
		return nil, err
	}
	return d, nil
}

// mixture checks the components of a mixture and returns their weights
// and samplers (nil samplers where a component is invalid).
func (v *validator) mixture(p Path, of []Component) ([]float64, []dist.Distribution) {
	op := p.With("of")
	switch {
	case len(of) == 0:
		v.add(op, "missing: mixture needs a non-empty list of components, each with p and its own dist")
		return nil, nil
	case len(of) > MaxComponents:
		v.add(op, "at most %d components, got %d", MaxComponents, len(of))
		return nil, nil
	}
	weights := make([]float64, len(of))
	comps := make([]dist.Distribution, len(of))
	sum, ok := 0.0, true
	for i := range of {
		c := &of[i]
		cp := op.With(index(i))
		if !(c.P >= 0 && c.P <= 1) {
			v.add(cp.With("p"), "must be between 0 and 1, got %s", formatNumber(c.P))
			ok = false
		}
		sum += c.P
		weights[i] = c.P
		comps[i] = v.dist(cp, &c.Dist)
	}
	if ok && math.Abs(sum-1) > shareTolerance {
		v.add(op, "probabilities sum to %s, want 1", formatNumber(sum))
	}
	return weights, comps
}

// positive checks that parameter name of a dist is present, finite and > 0.
func (v *validator) positive(p Path, typ, name string, x *Duration) bool {
	if x == nil {
		v.add(p.With(name), "missing: %s needs %s", typ, name)
		return false
	}
	return v.positiveDuration(p.With(name), *x)
}

// nonNegative checks that parameter name of a dist is present, finite and
// >= 0.
func (v *validator) nonNegative(p Path, typ, name string, x *Duration) bool {
	if x == nil {
		v.add(p.With(name), "missing: %s needs %s", typ, name)
		return false
	}
	return v.nonNegativeDuration(p.With(name), *x)
}

// shape checks that a dimensionless shape parameter is present and
// between min and MaxShape; it reports whether it is.
func (v *validator) shape(p Path, typ, name string, x *float64, min float64) bool {
	switch {
	case x == nil:
		v.add(p.With(name), "missing: %s needs %s", typ, name)
	case !(*x > 0) || math.IsInf(*x, 0):
		v.add(p.With(name), "must be > 0, got %s", formatNumber(*x))
	case *x < min || *x > MaxShape:
		v.add(p.With(name), "must be between %s and %s, got %s", formatNumber(min), formatNumber(MaxShape), formatNumber(*x))
	default:
		return true
	}
	return false
}

// meanSD checks the mean and sd of a lognormal or gamma: each a duration,
// and sd between MinCV and MaxCV times the mean.
func (v *validator) meanSD(p Path, d *Dist) {
	okMean := v.positive(p, d.Type, "mean", d.Mean)
	okSD := v.positive(p, d.Type, "sd", d.SD)
	if okMean && okSD && (*d.SD < MinCV**d.Mean || *d.SD > MaxCV**d.Mean) {
		v.add(p.With("sd"), "must be between %s and %s times mean (%s), got %s",
			formatNumber(MinCV), formatNumber(MaxCV), *d.Mean, *d.SD)
	}
}

// meanAtMost checks the mean of a distribution given by other parameters
// (formula says how) against MaxDuration.
func (v *validator) meanAtMost(p Path, formula string, mean float64) {
	if !(mean <= float64(MaxDuration)) {
		v.add(p, "the mean (%s) must be at most %s (100 years), got %s", formula, MaxDuration, Duration(mean))
	}
}
