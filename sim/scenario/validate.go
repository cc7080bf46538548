package scenario

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// shareTolerance is how far shares and mixture probabilities may sum from 1:
// enough for decimal shares such as 0.1 + 0.2 + 0.7, not enough to hide a
// typo.
const shareTolerance = 1e-9

// Validate reports every problem in s that decoding cannot catch: counts and
// durations out of range, shares and probabilities that do not sum to 1,
// references to sites that do not exist, unknown distributions and their
// parameters. Each problem carries the path of the field concerned, such as
// "sites.qmc.beds.capacity"; the order is deterministic (map keys sorted).
// A nil result means s is valid.
//
// Validate applies no defaults: a Scenario built in code must set what Load
// would have defaulted (Start, Horizon, Reps, WhenFull, Name), except that a
// place may leave Sites empty when there is exactly one site.
func (s *Scenario) Validate() []FieldError {
	v := &validator{}
	v.scenario(s)
	return v.errs
}

// validator collects FieldErrors.
type validator struct {
	errs []FieldError
}

func (v *validator) add(p Path, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: p, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) scenario(s *Scenario) {
	if strings.TrimSpace(s.Name) == "" {
		v.add(Path{"name"}, "must not be empty")
	}
	if s.Start.IsZero() {
		v.add(Path{"start"}, "missing: want a date such as 2025-04-07")
	}
	horizonOK := v.positiveDuration(Path{"horizon"}, s.Horizon)
	warmupOK := v.nonNegativeDuration(Path{"warmup"}, s.Warmup)
	if horizonOK && warmupOK && s.Warmup >= s.Horizon {
		v.add(Path{"warmup"}, "must be shorter than horizon (%s), got %s", s.Horizon, s.Warmup)
	}
	switch {
	case s.Reps < 1:
		v.add(Path{"reps"}, "must be >= 1, got %d", s.Reps)
	case s.Reps > MaxReps:
		v.add(Path{"reps"}, "must be at most %d, got %d", MaxReps, s.Reps)
	}

	switch {
	case len(s.Places) == 0:
		v.add(Path{"places"}, "at least one place is needed")
	case len(s.Places) > MaxPlaces:
		v.add(Path{"places"}, "at most %d places, got %d", MaxPlaces, len(s.Places))
	}
	switch {
	case len(s.Sites) == 0:
		v.add(Path{"sites"}, "at least one site is needed")
	case len(s.Sites) > MaxSites:
		v.add(Path{"sites"}, "at most %d sites, got %d", MaxSites, len(s.Sites))
	}
	siteNames := slices.Sorted(maps.Keys(s.Sites))
	for _, name := range slices.Sorted(maps.Keys(s.Places)) {
		v.place(Path{"places", name}, s.Places[name], s.Sites, siteNames)
	}
	for _, name := range siteNames {
		v.site(Path{"sites", name}, s.Sites[name])
	}
	v.care(s, siteNames)
}

// key checks that a place or site key can be used in paths and CSV files.
func (v *validator) key(p Path, what string) {
	k := p[len(p)-1]
	ok := k != ""
	for _, r := range k {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
			ok = false
		}
	}
	switch {
	case !ok:
		v.add(p, "a %s key may use only letters, digits, _ and -", what)
	case what == "site" && k == "all":
		v.add(p, `"all" is reserved for the whole system in outputs; choose another site key`)
	}
}

func (v *validator) place(p Path, pl *Place, sites map[string]*Site, siteNames []string) {
	v.key(p, "place")
	if pl == nil {
		v.add(p, "missing value")
		return
	}
	v.rate(p.With("arrivals"), pl.Arrivals, true)
	sp := p.With("sites")
	if len(pl.Sites) == 0 {
		if len(sites) > 1 {
			v.add(sp, "missing: say which sites this place's arrivals go to, as shares summing to 1 (sites: %s)",
				strings.Join(siteNames, ", "))
		}
		return
	}
	sum, ok := 0.0, true
	for _, name := range slices.Sorted(maps.Keys(pl.Sites)) {
		share := pl.Sites[name]
		if _, exists := sites[name]; !exists {
			v.add(sp.With(name), "no such site (sites: %s)", strings.Join(siteNames, ", "))
			ok = false
		}
		if !(share >= 0 && share <= 1) {
			v.add(sp.With(name), "must be between 0 and 1, got %s", formatNumber(share))
			ok = false
		}
		sum += share
	}
	if ok && math.Abs(sum-1) > shareTolerance {
		v.add(sp, "shares sum to %s, want 1", formatNumber(sum))
	}
}

func (v *validator) site(p Path, s *Site) {
	v.key(p, "site")
	if s == nil {
		v.add(p, "missing value")
		return
	}
	b := p.With("beds")
	v.capacity(b.With("capacity"), s.Beds.Capacity, 1)
	if w := s.Beds.WhenFull; w != WhenFullQueue && w != WhenFullLost {
		v.add(b.With("when_full"), "must be %s or %s, got %q", WhenFullQueue, WhenFullLost, w)
	}
	if s.Beds.LOS != nil {
		v.dist(b.With("los"), s.Beds.LOS)
	}
	v.scale(b.With("los_scale"), s.Beds.LOSScale)
	v.schedule(b.With("schedule"), s.Beds.Schedule)
	v.siteServices(p, s)
}

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

// dist checks a distribution at path p (the mapping holding "dist:").
func (v *validator) dist(p Path, d *Dist) {
	known := distTypes()
	switch {
	case d.Type == "":
		v.add(p.With("dist"), "missing: want one of %s", strings.Join(known, ", "))
		return
	case !slices.Contains(known, d.Type):
		v.add(p.With("dist"), "unknown distribution %q%s; known: %s",
			d.Type, didYouMean(d.Type, known), strings.Join(known, ", "))
		return
	}
	allowed := DistParams(d.Type)
	for _, name := range d.SetParams() {
		if !slices.Contains(allowed, name) {
			v.add(p.With(name), "%s does not take %s (it takes %s)", d.Type, name, strings.Join(allowed, ", "))
		}
	}
	switch d.Type {
	case "exponential":
		v.positive(p, d.Type, "mean", d.Mean)
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
		case meanSD:
			v.meanSD(p, d)
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
		case meanSD:
			v.meanSD(p, d)
		default:
			v.add(p.With("shape"), "missing: gamma needs shape + scale, or mean + sd")
		}
	case "weibull":
		okShape := v.shape(p, d.Type, "shape", d.Shape, MinWeibullShape)
		if v.positive(p, d.Type, "scale", d.Scale) && okShape {
			v.meanAtMost(p, "scale × Γ(1 + 1/shape)", float64(*d.Scale)*math.Gamma(1 + 1 / *d.Shape))
		}
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
	case "uniform":
		okMin := v.nonNegative(p, d.Type, "min", d.Min)
		okMax := v.nonNegative(p, d.Type, "max", d.Max)
		if okMin && okMax && !(*d.Min < *d.Max) {
			v.add(p.With("max"), "must be > min (%s), got %s", *d.Min, *d.Max)
		}
	case "fixed":
		v.nonNegative(p, d.Type, "value", d.Value)
	case "empirical":
		if len(d.Samples) == 0 {
			v.add(p.With("samples"), "missing: empirical needs a non-empty list of samples, e.g. [2h, 1d, 3.5d]")
		}
		for i, x := range d.Samples {
			v.nonNegativeDuration(p.With("samples", index(i)), x)
		}
	case "mixture":
		v.mixture(p, d.Of)
	}
}

func (v *validator) mixture(p Path, of []Component) {
	op := p.With("of")
	switch {
	case len(of) == 0:
		v.add(op, "missing: mixture needs a non-empty list of components, each with p and its own dist")
		return
	case len(of) > MaxComponents:
		v.add(op, "at most %d components, got %d", MaxComponents, len(of))
		return
	}
	sum, ok := 0.0, true
	for i := range of {
		c := &of[i]
		cp := op.With(index(i))
		if !(c.P >= 0 && c.P <= 1) {
			v.add(cp.With("p"), "must be between 0 and 1, got %s", formatNumber(c.P))
			ok = false
		}
		sum += c.P
		v.dist(cp, &c.Dist)
	}
	if ok && math.Abs(sum-1) > shareTolerance {
		v.add(op, "probabilities sum to %s, want 1", formatNumber(sum))
	}
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

// positiveDuration checks that d is between MinDuration and MaxDuration.
func (v *validator) positiveDuration(p Path, d Duration) bool {
	switch x := float64(d); {
	case !(x > 0) || math.IsInf(x, 0):
		v.add(p, "must be > 0, got %s", d)
	case d < MinDuration:
		v.add(p, "must be at least %s (3.6 seconds), got %s", MinDuration, d)
	case d > MaxDuration:
		v.add(p, "must be at most %s (100 years), got %s", MaxDuration, d)
	default:
		return true
	}
	return false
}

// nonNegativeDuration checks that d is 0 or positive up to MaxDuration.
func (v *validator) nonNegativeDuration(p Path, d Duration) bool {
	switch x := float64(d); {
	case !(x >= 0) || math.IsInf(x, 0):
		v.add(p, "must be >= 0, got %s", d)
	case d > MaxDuration:
		v.add(p, "must be at most %s (100 years), got %s", MaxDuration, d)
	default:
		return true
	}
	return false
}

// rate checks an arrival rate: >= 0 (> 0 if positive), at most MaxRate.
func (v *validator) rate(p Path, r Rate, positive bool) {
	switch x := float64(r); {
	case positive && (!(x > 0) || math.IsInf(x, 0)):
		v.add(p, "must be > 0, got %s", r)
	case !(x >= 0) || math.IsInf(x, 0):
		v.add(p, "must be >= 0, got %s", r)
	case r > MaxRate:
		v.add(p, "must be at most %s (10000 an hour), got %s", MaxRate, r)
	}
}

// capacity checks a capacity: at least min, at most MaxCapacity.
func (v *validator) capacity(p Path, c, min int) {
	switch {
	case c < min:
		v.add(p, "must be >= %d, got %d", min, c)
	case c > MaxCapacity:
		v.add(p, "must be at most %d, got %d", MaxCapacity, c)
	}
}

// formatNumber writes x with at most 10 significant digits, so that a sum
// such as 0.30000000000000004 reads 0.3.
func formatNumber(x float64) string {
	return strconv.FormatFloat(x, 'g', 10, 64)
}

// didYouMean returns ` (did you mean "x"?)` for the known name closest to
// s if it is close enough to be a likely typo, or "".
func didYouMean(s string, known []string) string {
	best, bestDist := "", math.MaxInt
	for _, k := range known {
		if d := editDistance(strings.ToLower(s), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	// One edit in a one-letter name is not a typo but another name.
	if best != "" && bestDist <= max(1, len(best)/3) && bestDist < min(len(s), len(best)) {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
