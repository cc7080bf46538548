package scenario

import (
	"maps"
	"math"
	"slices"
	"strings"
)

// PathwayNames are the discharge pathways, in order: p0 home with no new
// support, p1 home with support, p2 rehabilitation bed, p3 care home.
var PathwayNames = []string{"p0", "p1", "p2", "p3"}

// care checks what spans sites: cohorts, place cohort shares, virtual
// wards, arrival profiles, and that every patient has a length of stay.
func (v *validator) care(s *Scenario, siteNames []string) {
	if s.ArrivalProfile != nil {
		v.profile(Path{"arrival_profile"}, s.ArrivalProfile)
	}
	cohortNames := slices.Sorted(maps.Keys(s.Cohorts))
	if len(cohortNames) > MaxCohorts {
		v.add(Path{"cohorts"}, "at most %d cohorts, got %d", MaxCohorts, len(cohortNames))
	}
	v.totalRate(s)
	sum := 0.0
	sharesOK := true
	for _, name := range cohortNames {
		p := Path{"cohorts", name}
		v.key(p, "cohort")
		c := s.Cohorts[name]
		if c == nil {
			v.add(p, "missing value")
			sharesOK = false
			continue
		}
		sharesOK = v.share(p.With("share"), c.Share) && sharesOK
		sum += c.Share
		if c.LOS != nil {
			v.dist(p.With("los"), c.LOS)
		}
		pathwaysOK := v.shares(p.With("pathways"), c.Pathways, PathwayNames, "pathway")
		ok := map[string]bool{}
		for _, f := range []struct {
			name string
			x    float64
		}{{"sdec", c.SDEC}, {"step_up", c.StepUp}, {"step_down", c.StepDown}, {"readmit", c.Readmit}, {"death", c.Death}} {
			ok[f.name] = v.share(p.With(f.name), f.x)
		}
		if ok["death"] {
			v.survivors(p, c, pathwaysOK, ok["sdec"], ok["step_up"])
		}
		if !(c.StepDownAfter > 0 && c.StepDownAfter <= 1) {
			v.add(p.With("step_down_after"), "must be > 0 and <= 1, got %s", formatNumber(c.StepDownAfter))
		}
		v.positiveDuration(p.With("readmit_within"), c.ReadmitWithin)
	}
	if len(cohortNames) > 0 && sharesOK && math.Abs(sum-1) > shareTolerance {
		v.add(Path{"cohorts"}, "shares sum to %s, want 1", formatNumber(sum))
	}
	for _, name := range slices.Sorted(maps.Keys(s.Places)) {
		pl := s.Places[name]
		if pl == nil {
			continue
		}
		p := Path{"places", name}
		if pl.ArrivalProfile != nil {
			v.profile(p.With("arrival_profile"), pl.ArrivalProfile)
		}
		if pl.Cohorts != nil {
			if len(cohortNames) == 0 {
				v.add(p.With("cohorts"), "no cohorts are defined at the top level")
			} else {
				v.shares(p.With("cohorts"), pl.Cohorts, cohortNames, "cohort")
			}
		}
		v.share(p.With("ambulance"), pl.Ambulance)
	}

	// Every admitted patient needs a length of stay: from their cohort or
	// from the site.
	for _, site := range siteNames {
		st := s.Sites[site]
		if st == nil || st.Beds.LOS != nil {
			continue
		}
		var missing []string
		for _, name := range cohortNames {
			if c := s.Cohorts[name]; c != nil && c.LOS == nil {
				missing = append(missing, name)
			}
		}
		switch {
		case len(cohortNames) == 0:
			v.add(Path{"sites", site, "beds", "los"}, "missing: give the length of stay here or in every cohort")
		case len(missing) > 0:
			v.add(Path{"sites", site, "beds", "los"}, "missing: cohorts %s have no los of their own", strings.Join(missing, ", "))
		}
	}

	served := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(s.VirtualWards)) {
		p := Path{"virtual_wards", name}
		v.key(p, "virtual ward")
		vw := s.VirtualWards[name]
		if vw == nil {
			v.add(p, "missing value")
			continue
		}
		v.capacity(p.With("capacity"), vw.Capacity, 0)
		v.dist(p.With("los"), &vw.LOS)
		v.scale(p.With("los_scale"), vw.LOSScale)
		if len(vw.Sites) == 0 {
			v.add(p.With("sites"), "missing: list the sites this virtual ward serves")
		}
		for i, site := range vw.Sites {
			sp := p.With("sites", index(i))
			if _, ok := s.Sites[site]; !ok {
				v.add(sp, "no such site %q (sites: %s)", site, strings.Join(siteNames, ", "))
			} else if other, dup := served[site]; dup {
				v.add(sp, "site %s is already served by virtual ward %s", site, other)
			}
			served[site] = name
		}
	}
}

// survivors checks the shares drawn only among patients who survive: SDEC
// suitability among those going home on p0 (the model draws it with
// probability sdec / (p0 share × (1 − death))), and step-up among all who
// survive. Each is checked only when the shares it depends on are valid.
func (v *validator) survivors(p Path, c *Cohort, pathwaysOK, sdecOK, stepUpOK bool) {
	if pathwaysOK && sdecOK {
		p0 := 1.0
		if len(c.Pathways) > 0 {
			p0 = c.Pathways["p0"]
		}
		if limit := p0 * (1 - c.Death); c.SDEC > limit+shareTolerance {
			v.add(p.With("sdec"), "must be <= %s (the share going home on p0 and surviving: p0 %s x (1 - death %s)), got %s",
				formatNumber(limit), formatNumber(p0), formatNumber(c.Death), formatNumber(c.SDEC))
		}
	}
	if stepUpOK {
		if limit := 1 - c.Death; c.StepUp > limit+shareTolerance {
			v.add(p.With("step_up"), "must be <= %s (the share surviving: 1 - death %s; dying patients are never stepped up), got %s",
				formatNumber(limit), formatNumber(c.Death), formatNumber(c.StepUp))
		}
	}
}

// siteServices checks a site's ED, SDEC, discharge rhythm, hub, pathways
// (and when they accept patients), urgent treatment centre, electives and
// discharge to assess.
func (v *validator) siteServices(p Path, s *Site) {
	if ed := s.ED; ed != nil {
		ep := p.With("ed")
		if ed.Decision != nil {
			v.dist(ep.With("decision"), ed.Decision)
		}
		v.rate(ep.With("others"), ed.Others, false)
		switch {
		case ed.Others > 0 && ed.OthersTime == nil:
			v.add(ep.With("others_time"), "missing: say how long the other ED attendances stay")
		case ed.OthersTime != nil:
			v.dist(ep.With("others_time"), ed.OthersTime)
		}
		v.edCapacity(ep, ed)
	}
	if sd := s.SDEC; sd != nil {
		sp := p.With("sdec")
		v.capacity(sp.With("chairs"), sd.Chairs, 0)
		v.window(sp.With("hours"), sd.Hours)
		v.days(sp.With("days"), sd.Days)
		v.share(sp.With("uptake"), sd.Uptake)
		v.dist(sp.With("episode"), &sd.Episode)
		if sd.LOSIfAdmitted != nil {
			v.dist(sp.With("los_if_admitted"), sd.LOSIfAdmitted)
		}
		v.share(sp.With("same_day"), sd.SameDay)
		v.rate(sp.With("direct"), sd.Direct, false)
		v.check(sp.With("when_full"), checkEnum(sd.WhenFull))
		v.schedule(sp.With("schedule"), sd.Schedule)
	}
	if d := s.Discharge; d != nil {
		dp := p.With("discharge")
		v.window(dp.With("hours"), d.Hours)
		v.share(dp.With("weekend"), d.Weekend)
		if r := d.WardRound; r != nil {
			v.wardRound(dp.With("ward_round"), r)
		}
	}
	if h := s.Hub; h != nil {
		hp := p.With("hub")
		v.check(hp.With("days"), h.Days.check())
		v.window(hp.With("hours"), h.Hours)
		v.dist(hp.With("assessment"), &h.Assessment)
		switch {
		case h.Staff < 1:
			v.add(hp.With("staff"), "must be >= 1: the hub's team works one referral per member at a time; "+
				"remove the hub section for referrals arranged instantly (got %d)", h.Staff)
		default:
			v.capacity(hp.With("staff"), h.Staff, 1)
		}
		v.nonNegativeDuration(hp.With("referral_lead"), h.ReferralLead)
	}
	for _, name := range slices.Sorted(maps.Keys(s.Pathways)) {
		pp := p.With("pathways", name)
		if !slices.Contains(PathwayNames[1:], name) {
			v.add(pp, "unknown pathway %q: sites run p1, p2 and p3 services", name)
			continue
		}
		pw := s.Pathways[name]
		if pw == nil {
			v.add(pp, "missing value")
			continue
		}
		v.capacity(pp.With("capacity"), pw.Capacity, 0)
		v.dist(pp.With("los"), &pw.LOS)
		v.scale(pp.With("los_scale"), pw.LOSScale)
		v.schedule(pp.With("schedule"), pw.Schedule)
		if a := pw.Accepts; a != nil {
			ap := pp.With("accepts")
			v.window(ap.With("hours"), a.Hours)
			v.days(ap.With("days"), a.Days)
			if v.share(ap.With("weekend"), a.Weekend) && a.Weekend == 0 {
				if !a.Days.Set(AllWeek).HasWeekday() {
					v.add(ap.With("days"), "with weekend 0 and only Saturday and Sunday, the provider never takes a patient: add a weekday or a weekend chance above 0")
				}
			}
		}
	}
	if d := s.D2A; d != nil {
		dp := p.With("d2a")
		v.capacity(dp.With("capacity"), d.Capacity, 0)
		v.dist(dp.With("los"), &d.LOS)
		v.schedule(dp.With("schedule"), d.Schedule)
	}
	if u := s.UTC; u != nil {
		v.utc(p.With("utc"), u, s.ED)
	}
	if e := s.Electives; e != nil {
		ep := p.With("electives")
		v.rate(ep.With("arrivals"), e.Arrivals, true)
		v.days(ep.With("days"), e.Days)
		v.window(ep.With("hours"), e.Hours)
		v.dist(ep.With("los"), &e.LOS)
		v.check(ep.With("when_full"), checkEnum(e.WhenFull))
	}
}

// utc checks an urgent treatment centre and that the site's ED has other
// attendances to stream to it.
func (v *validator) utc(p Path, u *UTC, ed *ED) {
	if ed == nil || ed.Others <= 0 {
		v.add(p, "needs the site's ed.others above 0: the UTC sees the ED's other attendances streamed to it; add ed.others or remove the utc section")
	}
	v.capacity(p.With("capacity"), u.Capacity, 1)
	v.window(p.With("hours"), u.Hours)
	v.days(p.With("days"), u.Days)
	v.share(p.With("streamed"), u.Streamed)
	v.dist(p.With("treatment"), &u.Treatment)
	v.schedule(p.With("schedule"), u.Schedule)
	v.check(p.With("at_closing"), checkEnum(u.AtClosing))
}

// share checks a probability; it reports whether x is in [0, 1].
func (v *validator) share(p Path, x float64) bool {
	if v.sharePaths != nil {
		v.sharePaths[p.String()] = true
	}
	if !(x >= 0 && x <= 1) {
		v.add(p, "must be between 0 and 1, got %s", formatNumber(x))
		return false
	}
	return true
}

// shares checks a map of shares over known names that sums to 1 (an empty
// map is allowed: the caller's default applies); it reports whether the
// map is valid.
func (v *validator) shares(p Path, m map[string]float64, known []string, what string) bool {
	if len(m) == 0 {
		return true
	}
	sum, ok := 0.0, true
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, name) {
			v.add(p.With(name), "unknown %s %q%s; known: %s", what, name, didYouMean(name, known), strings.Join(known, ", "))
			ok = false
		}
		ok = v.share(p.With(name), m[name]) && ok
		sum += m[name]
	}
	if ok && math.Abs(sum-1) > shareTolerance {
		v.add(p, "shares sum to %s, want 1", formatNumber(sum))
		return false
	}
	return ok
}

// scale checks a length-of-stay multiplier.
func (v *validator) scale(p Path, x float64) {
	switch {
	case !(x > 0) || math.IsInf(x, 0):
		v.add(p, "must be > 0, got %s", formatNumber(x))
	case x > MaxLOSScale:
		v.add(p, "must be at most %s, got %s", formatNumber(MaxLOSScale), formatNumber(x))
	}
}

// totalRate checks that all arrival rates together — places, other ED
// attendances, direct SDEC referrals, electives — are within MaxRate;
// each rate alone is checked where it is set.
func (v *validator) totalRate(s *Scenario) {
	total := 0.0
	add := func(r Rate) {
		if x := float64(r); x > 0 && x <= float64(MaxRate) {
			total += x
		}
	}
	for _, pl := range s.Places {
		if pl != nil {
			add(pl.Arrivals)
		}
	}
	for _, st := range s.Sites {
		if st == nil {
			continue
		}
		if st.ED != nil {
			add(st.ED.Others)
		}
		if st.SDEC != nil {
			add(st.SDEC.Direct)
		}
		if st.Electives != nil {
			add(st.Electives.Arrivals)
		}
	}
	if total > float64(MaxRate) {
		v.add(Path{"places"}, "all arrival rates together (places' arrivals, ed.others, sdec.direct and electives.arrivals) "+
			"must be at most %s (10000 an hour), got %s", MaxRate, Rate(total))
	}
}

// window checks a window built in code; the loader has parsed the ones
// in files.
func (v *validator) window(p Path, w Window) { v.check(p, w.check()) }

// days checks a list of days built in code.
func (v *validator) days(p Path, days DayList) { v.check(p, days.check()) }

// check records err, if any, at p.
func (v *validator) check(p Path, err error) {
	if err != nil {
		v.add(p, "%v", err)
	}
}

func (v *validator) profile(p Path, pr *Profile) {
	for _, l := range []struct {
		name string
		xs   []float64
		n    int
	}{{"hourly", pr.Hourly, 24}, {"weekday", pr.Weekday, 7}, {"monthly", pr.Monthly, 12}} {
		if l.xs == nil {
			continue
		}
		lp := p.With(l.name)
		if len(l.xs) != l.n {
			v.add(lp, "want %d weights, got %d", l.n, len(l.xs))
			continue
		}
		sum := 0.0
		for i, x := range l.xs {
			switch {
			case !(x >= 0) || math.IsInf(x, 0):
				v.add(lp.With(index(i)), "must be >= 0, got %s", formatNumber(x))
			case x > MaxWeight:
				v.add(lp.With(index(i)), "must be at most %s (weights are relative), got %s", formatNumber(MaxWeight), formatNumber(x))
			}
			sum += x
		}
		if !(sum > 0) {
			v.add(lp, "weights must not all be 0")
		}
	}
}

func (v *validator) schedule(p Path, changes Schedule) {
	if len(changes) > MaxScheduleRules {
		v.add(p, "at most %d rules, got %d", MaxScheduleRules, len(changes))
		return
	}
	for i, c := range changes {
		cp := p.With(index(i))
		v.capacity(cp.With("capacity"), c.Capacity, 0)
		if c.From != nil && c.To != nil && c.To.Time().Before(c.From.Time()) {
			v.add(cp.With("to"), "must not be before from (%s), got %s", c.From, c.To)
		}
		v.days(cp.With("days"), c.Days)
		if c.Hours != nil {
			v.window(cp.With("hours"), *c.Hours)
		}
	}
}

// wardRound checks a ward round: hours that end by midnight on weekdays
// and at weekends, and a weekend chance.
func (v *validator) wardRound(p Path, r *WardRound) {
	roundHours := func(p Path, w Window) {
		if err := w.check(); err != nil {
			v.check(p, err)
			return
		}
		if w.From > w.To {
			v.add(p, "bad hours %s: a ward round must end by midnight (24:00), such as 09:00-12:00", w)
		}
	}
	roundHours(p.With("hours"), r.Hours)
	if r.WeekendHours != nil {
		roundHours(p.With("weekend_hours"), *r.WeekendHours)
	}
	v.share(p.With("weekend"), r.Weekend)
	v.nonNegativeDuration(p.With("short_stays"), r.ShortStays)
	v.window(p.With("short_stay_hours"), r.ShortStayHours)
}
