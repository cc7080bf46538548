package scenario

import (
	"fmt"
	"maps"
	"slices"
)

// unusedUnit is a configured service no patient can ever reach: legal,
// but almost always a mistake (a cohort share, step-up or SDEC share left
// at zero, or a unit added for patients the scenario never sends).
type unusedUnit struct {
	path Path
	msg  string
}

// unusedUnits returns, in a fixed order, the services of s that no
// arriving patient can reach: a site's p1–p3 service when no cohort
// arriving at that site is discharged on that pathway, a hub when none is
// discharged on any of p1–p3, an SDEC when no cohort arriving at the site
// is suitable for it and it takes no direct referrals, and a virtual ward
// when no cohort arriving at any of its sites steps up or down. Patients
// stay at the site they arrive at (a readmission returns there), so a
// cohort sent only to another site does not count. Sites that receive no
// patients at all are warned about already and skipped. A census can
// place patients in any unit, so with one the pathway and hub checks are
// skipped.
func (s *Scenario) unusedUnits(skipSites []string) []unusedUnit {
	dischargedOn := func(name string) func(*Cohort) bool {
		return func(c *Cohort) bool { return c.Pathways[name] > 0 }
	}
	var out []unusedUnit
	for _, key := range slices.Sorted(maps.Keys(s.Sites)) {
		site := s.Sites[key]
		if site == nil || slices.Contains(skipSites, key) {
			continue
		}
		cohorts := s.arrivingCohorts([]string{key})
		anyCohort := func(has func(*Cohort) bool) bool {
			return slices.ContainsFunc(cohorts, has)
		}
		p := Path{"sites", key}
		if s.Census == "" {
			for _, name := range slices.Sorted(maps.Keys(site.Pathways)) {
				if site.Pathways[name] != nil && !anyCohort(dischargedOn(name)) {
					out = append(out, unusedUnit{p.With("pathways", name),
						fmt.Sprintf("is never used: no cohort arriving at %s is discharged on %s (cohorts.*.pathways.%s)", key, name, name)})
				}
			}
			if site.Hub != nil && !slices.ContainsFunc(PathwayNames[1:], func(name string) bool { return anyCohort(dischargedOn(name)) }) {
				out = append(out, unusedUnit{p.With("hub"),
					"is never used: no cohort arriving at " + key + " is discharged on p1, p2 or p3, the pathways the hub arranges"})
			}
		}
		if site.SDEC != nil && site.SDEC.Direct <= 0 && !anyCohort(func(c *Cohort) bool { return c.SDEC > 0 }) {
			out = append(out, unusedUnit{p.With("sdec"),
				"is never used: no cohort arriving at " + key + " is suitable for SDEC (cohorts.*.sdec) and it has no direct referrals"})
		}
		if site.UTC != nil && site.UTC.Streamed == 0 {
			out = append(out, unusedUnit{p.With("utc"), "is never used: streamed is 0, so ED sends it nobody"})
		}
	}
	for _, key := range slices.Sorted(maps.Keys(s.VirtualWards)) {
		vw := s.VirtualWards[key]
		if vw == nil {
			continue
		}
		if !slices.ContainsFunc(s.arrivingCohorts(vw.Sites), func(c *Cohort) bool { return c.StepUp > 0 || c.StepDown > 0 }) {
			out = append(out, unusedUnit{Path{"virtual_wards", key},
				"is never used: no cohort arriving at its sites steps up or down to a virtual ward (cohorts.*.step_up, cohorts.*.step_down)"})
		}
	}
	return out
}

// arrivingCohorts returns the cohorts, in key order, that some place with
// arrivals sends to one of sites: by the place's own cohort shares where
// it gives them, otherwise by the cohorts' shares. Without cohorts it
// returns nil.
func (s *Scenario) arrivingCohorts(sites []string) []*Cohort {
	sendsThere := func(pl *Place) bool {
		return slices.ContainsFunc(sites, func(site string) bool { return pl.Sites[site] > 0 })
	}
	var out []*Cohort
	for _, key := range slices.Sorted(maps.Keys(s.Cohorts)) {
		c := s.Cohorts[key]
		if c == nil {
			continue
		}
		for _, pl := range s.Places {
			if pl == nil || pl.Arrivals <= 0 || !sendsThere(pl) {
				continue
			}
			share := c.Share
			if pl.Cohorts != nil {
				share = pl.Cohorts[key]
			}
			if share > 0 {
				out = append(out, c)
				break
			}
		}
	}
	return out
}
