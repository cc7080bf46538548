package scenario

import (
	"maps"
	"math"
	"slices"
)

// MinGrowth and MaxGrowth bound an annual growth rate of demand: halving
// or doubling every year is far beyond any population projection, so a
// rate outside them is a typo (3.3 for 3.3%).
const (
	MinGrowth = -0.5
	MaxGrowth = 1.0
)

// YearDays is the length of a year in demand growth: years since the start
// date are days since it ÷ 365.25.
const YearDays = 365.25

// DemandGrowth is the annual growth of emergency arrivals. A place's
// arrivals of a cohort at t years after the start date are its configured
// rate × (1 + g)^t, with g the cohort's rate, or All for a cohort without
// one; the place's total grows by the sum over its cohorts, and its
// cohort mix shifts towards the faster-growing ones. Growth is applied
// day by day, at each day's midday. It applies to the places' emergency
// arrivals (readmissions among them); ED's other attendances, SDEC's
// direct referrals and electives do not grow.
type DemandGrowth struct {
	// All is the annual growth rate of every cohort without its own (as a
	// fraction: 0.012 is 1.2% a year), and of every place's arrivals in a
	// scenario without cohorts. Defaults to 0.
	All float64 `yaml:"all,omitempty" json:"all,omitempty"`
	// Cohorts gives cohorts their own annual growth rates, by cohort key.
	Cohorts map[string]float64 `yaml:"cohorts,omitempty" json:"cohorts,omitempty"`
}

// Rate returns the annual growth rate of cohort (its own, or All); 0 for
// a nil DemandGrowth.
func (g *DemandGrowth) Rate(cohort string) float64 {
	if g == nil {
		return 0
	}
	if r, ok := g.Cohorts[cohort]; ok {
		return r
	}
	return g.All
}

// Grows reports whether any rate is not zero.
func (g *DemandGrowth) Grows() bool {
	if g == nil {
		return false
	}
	if g.All != 0 {
		return true
	}
	for _, r := range g.Cohorts {
		if r != 0 {
			return true
		}
	}
	return false
}

// demandGrowth checks the growth rates and that the scenario's arrivals,
// grown to the horizon at the fastest rate, stay within MaxRate (so a
// hostile rate cannot explode the number of events).
func (v *validator) demandGrowth(s *Scenario) {
	g := s.DemandGrowth
	if g == nil {
		return
	}
	p := Path{"demand_growth"}
	ok := v.growthRate(p.With("all"), g.All)
	fastest := math.Max(g.All, 0)
	for _, name := range slices.Sorted(maps.Keys(g.Cohorts)) {
		cp := p.With("cohorts", name)
		if _, known := s.Cohorts[name]; !known {
			v.add(cp, "no such cohort (the cohorts are: %s)", keyList(s.Cohorts))
			ok = false
			continue
		}
		ok = v.growthRate(cp, g.Cohorts[name]) && ok
		fastest = math.Max(fastest, g.Cohorts[name])
	}
	if !ok || fastest == 0 || !(s.Horizon > 0) {
		return
	}
	years := float64(s.Horizon) / 24 / YearDays
	total := 0.0
	for _, pl := range s.Places {
		if pl != nil && pl.Arrivals > 0 && pl.Arrivals <= MaxRate {
			total += float64(pl.Arrivals)
		}
	}
	// log-space, so that the product cannot overflow.
	if grown := math.Log(total) + years*math.Log1p(fastest); total > 0 && grown > math.Log(float64(MaxRate)) {
		v.add(p, "the places' arrivals (%s) grown at %s a year for %.4g years would pass %s; "+
			"shorten the horizon or lower the rate", Rate(total), formatNumber(fastest), years, MaxRate)
	}
}

// growthRate checks one annual growth rate.
func (v *validator) growthRate(p Path, g float64) bool {
	if math.IsNaN(g) || g < MinGrowth || g > MaxGrowth {
		v.add(p, "want an annual growth rate as a fraction from %s to %s (0.033 is 3.3%% a year), got %s",
			formatNumber(MinGrowth), formatNumber(MaxGrowth), formatNumber(g))
		return false
	}
	return true
}

// keyList lists a map's keys, sorted and comma-separated, or "none".
func keyList[V any](m map[string]V) string {
	if len(m) == 0 {
		return "none"
	}
	keys := slices.Sorted(maps.Keys(m))
	out := keys[0]
	for _, k := range keys[1:] {
		out += ", " + k
	}
	return out
}
