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
	// sharePaths, when not nil, records the path of every single probability
	// checked against [0, 1] (see SharePaths).
	sharePaths map[string]bool
}

// SharePaths returns the paths (as Path.String writes them) of the numbers
// of s that Validate bounds to [0, 1]: the probabilities and shares, such
// as "sites.qmc.sdec.uptake". A tool that moves such a number — an
// ensemble carrying an intervention's change onto another baseline — reads
// its bounds here rather than from a list of its own.
func (s *Scenario) SharePaths() map[string]bool {
	v := &validator{sharePaths: map[string]bool{}}
	v.scenario(s)
	return v.sharePaths
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
	v.costs(Path{"costs"}, s.Costs)
	v.demandGrowth(s)
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
	v.check(b.With("when_full"), checkEnum(s.Beds.WhenFull))
	if s.Beds.LOS != nil {
		v.dist(b.With("los"), s.Beds.LOS)
	}
	v.scale(b.With("los_scale"), s.Beds.LOSScale)
	v.schedule(b.With("schedule"), s.Beds.Schedule)
	v.escalation(p.With("escalation"), s.Escalation)
	v.siteServices(p, s)
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
