package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Plan is a scenario turned into what the simulation needs — distributions
// built, shares made cumulative, profiles expanded over the calendar, the
// census resolved — once, for all replications. A Plan is read-only and safe
// to share between goroutines.
type Plan struct {
	name    string
	clock   engine.Clock
	horizon engine.Time
	warmup  engine.Time

	places    []placePlan
	sites     []sitePlan
	cohorts   []cohortPlan
	cohortCum []float64 // the cohorts' own shares, cumulative
	vws       []vwPlan
	census    []censusPatient
	costs     *costPlan // nil: the scenario prices nothing
	// periods are the financial years results are reported for; nil
	// unless the scenario asks for them.
	periods []periodPlan
	// scheduleEdges are the hours of day, ascending, just after each edge
	// of a schedule window that is not on the hour (07:13 and 07:14 for
	// hours: "07:13-07:14"), at which capacities are re-read besides every
	// hour. They sit ClockSlack/2 after the edge so that the clock reads
	// the window as opened or closed there.
	scheduleEdges []float64
}

type placePlan struct {
	key       string
	rate      float64 // mean arrivals per hour
	profile   *profile
	siteCum   []float64 // cumulative shares over siteOf
	siteOf    []siteID
	cohortCum []float64 // cumulative shares over cohorts, in cohort order
	ambulance float64
	// growth is each cohort's log(1 + annual growth rate), in cohort
	// order, and shares the place's cohort shares; nil without demand
	// growth. The profile then carries the place's total growth day by day.
	growth, shares []float64
}

type cohortPlan struct {
	key           string
	los           dist.Distribution // nil: the site's
	pathwayCum    [4]float64
	stepDown      float64
	stepDownAfter float64
	readmit       float64
	readmitWithin float64
	death         float64
	// older marks a cohort of patients aged 65 and over (age: 65+).
	older bool
	// sdecAmongP0 is the SDEC-suitable share among patients who survive and
	// go home on p0 (sdec ÷ (p0 share × (1 − death))), so that suitability
	// never takes away a discharge need and the cohort's suitable share of
	// all arrivals is still sdec.
	sdecAmongP0 float64
	// stepUpAmongSurvivors is step_up ÷ (1 − death): dying patients are
	// never stepped up.
	stepUpAmongSurvivors float64
	// readmissionShare is the share of the cohort's configured arrivals
	// that are readmissions of earlier patients (readmit × (1 − death)):
	// that share of new arrivals is not generated, because readmissions
	// arrive of themselves, so the configured rate is the total.
	readmissionShare float64
}

type sitePlan struct {
	key       string
	beds      scenario.Beds
	los       dist.Distribution // may be nil when every cohort has its own
	losScale  float64
	loses     bool
	ed        *edPlan
	sdec      *sdecPlan
	utc       *utcPlan    // nil: no urgent treatment centre
	discharge *acceptPlan // p0 discharges; nil: the moment they are medically safe
	wardRound *roundPlan  // nil: medically safe the moment the acute stay ends
	hub       *hubPlan
	pathways  [4]*pathwayPlan // index 1..3
	d2a       *d2aPlan
	electives *electivePlan
	vw        int // index into Plan.vws, or -1
	// escalation opens extra beds when patients wait for one; nil: none.
	escalation *escalationPlan
}

type edPlan struct {
	decision       dist.Distribution // nil: immediate
	others         float64           // per hour
	othersTime     dist.Distribution
	othersWithin4h float64 // P(othersTime <= 4h)
	profile        *profile
	capacity       *edCapacity // nil: no cubicles or clinicians modelled
}

type sdecPlan struct {
	chairs   int
	schedule scenario.Schedule
	hours    scenario.Window
	days     scenario.Weekdays
	uptake   float64
	episode  dist.Distribution
	sameDay  float64
	wait     bool
	direct   float64           // direct referrals per hour, arriving while open
	admitLOS dist.Distribution // LOS of suitable patients admitted without SDEC; nil: the cohort's
	profile  *profile          // when direct referrals arrive
}

// acceptPlan is when patients may leave for a service (home on p0, or a
// p1–p3 provider): a daily window on some weekdays, and on Saturdays and
// Sundays only with a chance per patient and day.
type acceptPlan struct {
	hours   scenario.Window
	days    scenario.Weekdays
	weekend float64
}

// open reports whether the service takes patients at t (the weekend
// chance aside, which is drawn per patient).
func (a *acceptPlan) open(clock *engine.CachedClock, t engine.Time) bool {
	return a.days.Has(clock.Weekday(t)) && a.hours.Open(clock.HourOfDay(t))
}

// roundPlan is a site's ward round: its hours on weekdays and at
// weekends (each ending by midnight), the chance a waiting patient is
// seen on a Saturday or Sunday, and the longest stay ending on the acute
// medical unit instead, with the hours its seniors declare them.
type roundPlan struct {
	weekday, weekend scenario.Window
	seen             float64
	shortStays       engine.Time
	shortStayHours   scenario.Window
}

// reviewer says who declares the end of an acute stay medically safe.
type reviewer uint8

const (
	noReview      reviewer = iota // nobody: medically safe as the stay ends
	acuteUnit                     // the acute medical unit's seniors, in their hours
	wardRoundTeam                 // the consultant ward round
)

// reviewerOf returns who declares an acute stay of length stay medically
// safe (r may be nil: no round).
func (r *roundPlan) reviewerOf(stay engine.Time) reviewer {
	switch {
	case r == nil:
		return noReview
	case stay > r.shortStays:
		return wardRoundTeam
	case r.shortStayHours.Length() < 24:
		return acuteUnit
	}
	return noReview
}

type d2aPlan struct {
	capacity int
	schedule scenario.Schedule
	los      dist.Distribution
}

type hubPlan struct {
	days       scenario.Weekdays
	hours      scenario.Window
	assessment dist.Distribution
	staff      int
	lead       float64
}

type pathwayPlan struct {
	capacity int
	schedule scenario.Schedule
	los      dist.Distribution // scaled
	accepts  *acceptPlan       // nil: any time
}

type electivePlan struct {
	rate    float64
	profile *profile
	los     dist.Distribution
	queue   bool
}

type vwPlan struct {
	key      string
	capacity int
	los      dist.Distribution // scaled
}

// Prepare builds the Plan of a loaded, validated scenario.
func Prepare(sc *scenario.Scenario) (*Plan, error) { return PrepareWith(sc, PrepareOptions{}) }

// PrepareOptions relax what Prepare accepts, for callers that know why.
type PrepareOptions struct {
	// CensusOverCapacity accepts a census with more patients in a unit
	// than it ever has places. They all start at time 0, as after a cut in
	// capacity: those in service finish and nobody new starts until there
	// is room. A history match uses it to start every point, whatever its
	// capacities, from a census of the baseline (calibrate --fit --census).
	CensusOverCapacity bool
}

// PrepareWith builds the Plan of a loaded, validated scenario like
// Prepare, relaxed by o.
func PrepareWith(sc *scenario.Scenario, o PrepareOptions) (*Plan, error) {
	p := &Plan{
		name:    sc.Name,
		clock:   engine.NewClock(sc.Start.Time()),
		horizon: engine.Time(sc.Horizon),
		warmup:  engine.Time(sc.Warmup),
		costs:   newCostPlan(sc.Costs),
	}
	days := int(math.Ceil(float64(p.horizon)/24)) + 2
	if sc.FinancialYears {
		p.periods = financialYears(p.clock, p.warmup, p.horizon)
	}

	cohortKeys := sortedKeys(sc.Cohorts)
	for _, k := range cohortKeys {
		c := sc.Cohorts[k]
		cp := cohortPlan{key: k, stepDown: c.StepDown,
			stepDownAfter: c.StepDownAfter, readmit: c.Readmit, readmitWithin: float64(c.ReadmitWithin),
			death: c.Death, readmissionShare: c.Readmit * (1 - c.Death), older: c.Age == scenario.Age65Plus}
		if c.LOS != nil {
			d, err := c.LOS.Build()
			if err != nil {
				return nil, fmt.Errorf("cohorts.%s.los: %w", k, err)
			}
			cp.los = d
		}
		cum := 0.0
		for i, name := range scenario.PathwayNames {
			share, ok := c.Pathways[name]
			if len(c.Pathways) == 0 && i == 0 {
				share, ok = 1, true
			}
			if ok {
				cum += share
			}
			cp.pathwayCum[i] = cum
		}
		if alive := 1 - c.Death; alive > 0 {
			cp.stepUpAmongSurvivors = c.StepUp / alive
			if home := cp.pathwayCum[0] * alive; home > 0 {
				cp.sdecAmongP0 = c.SDEC / home
			}
		}
		p.cohorts = append(p.cohorts, cp)
	}
	cum := 0.0
	for _, k := range cohortKeys {
		cum += sc.Cohorts[k].Share
		p.cohortCum = append(p.cohortCum, cum)
	}
	if len(p.cohorts) == 0 {
		p.cohorts = []cohortPlan{{key: "all", pathwayCum: [4]float64{1, 1, 1, 1}, stepDownAfter: 0.6}}
		p.cohortCum = []float64{1}
	}

	vwKeys := sortedKeys(sc.VirtualWards)
	vwOfSite := map[string]int{}
	for i, k := range vwKeys {
		v := sc.VirtualWards[k]
		los, err := scaledDistribution(&v.LOS, v.LOSScale)
		if err != nil {
			return nil, fmt.Errorf("virtual_wards.%s.los: %w", k, err)
		}
		p.vws = append(p.vws, vwPlan{key: k, capacity: v.Capacity, los: los})
		for _, s := range v.Sites {
			vwOfSite[s] = i
		}
	}

	siteKeys := sortedKeys(sc.Sites)
	siteIndex := make(map[string]siteID, len(siteKeys))
	for i, k := range siteKeys {
		sp, err := prepareSite(k, sc.Sites[k], sc, p.clock, days)
		if err != nil {
			return nil, err
		}
		sp.vw = -1
		if v, ok := vwOfSite[k]; ok {
			sp.vw = v
		}
		p.sites = append(p.sites, sp)
		siteIndex[k] = siteID(i)
	}

	for _, k := range sortedKeys(sc.Places) {
		pl := sc.Places[k]
		pp := placePlan{key: k, rate: float64(pl.Arrivals), ambulance: pl.Ambulance}
		prof := pl.ArrivalProfile
		if prof == nil {
			prof = sc.ArrivalProfile
		}
		pp.profile = newProfile(prof, p.clock, days)
		shares := pl.Sites
		if len(shares) == 0 && len(siteKeys) == 1 {
			shares = map[string]float64{siteKeys[0]: 1}
		}
		cum := 0.0
		for _, sk := range sortedKeys(shares) {
			si, ok := siteIndex[sk]
			if !ok {
				return nil, fmt.Errorf("places.%s.sites: unknown site %q", k, sk)
			}
			cum += shares[sk]
			pp.siteCum = append(pp.siteCum, cum)
			pp.siteOf = append(pp.siteOf, si)
		}
		if len(pp.siteOf) == 0 {
			return nil, fmt.Errorf("places.%s.sites: no site to send patients to", k)
		}
		cum = 0
		for _, ck := range cohortKeys {
			share := sc.Cohorts[ck].Share
			if pl.Cohorts != nil {
				share = pl.Cohorts[ck]
			}
			cum += share
			pp.cohortCum = append(pp.cohortCum, cum)
		}
		if len(cohortKeys) == 0 {
			pp.cohortCum = []float64{1}
		}
		if sc.DemandGrowth.Grows() {
			pp.grow(p.cohorts, sc.DemandGrowth, days)
		}
		p.places = append(p.places, pp)
	}

	p.scheduleEdges = scheduleEdges(p.sites)

	f, err := sc.CensusFile()
	if err != nil {
		return nil, err
	}
	if f != nil {
		rows, err := resolveCensus(f, p, o.CensusOverCapacity)
		if err != nil {
			return nil, fmt.Errorf("census: %w", err)
		}
		p.census = rows
	}
	return p, nil
}

func prepareSite(k string, s *scenario.Site, sc *scenario.Scenario, clock engine.Clock, days int) (sitePlan, error) {
	sp := sitePlan{key: k, beds: s.Beds, losScale: s.Beds.LOSScale, loses: s.Beds.WhenFull == scenario.WhenFullLost,
		escalation: newEscalationPlan(s.Escalation)}
	if sp.losScale == 0 {
		sp.losScale = 1
	}
	fail := func(field string, err error) (sitePlan, error) {
		return sitePlan{}, fmt.Errorf("sites.%s.%s: %w", k, field, err)
	}
	if s.Beds.LOS != nil {
		d, err := s.Beds.LOS.Build()
		if err != nil {
			return fail("beds.los", err)
		}
		sp.los = d
	}
	if ed := s.ED; ed != nil {
		e := &edPlan{others: float64(ed.Others), profile: newProfile(sc.ArrivalProfile, clock, days)}
		if ed.Decision != nil {
			d, err := ed.Decision.Build()
			if err != nil {
				return fail("ed.decision", err)
			}
			e.decision = d
		}
		if ed.OthersTime != nil {
			d, err := ed.OthersTime.Build()
			if err != nil {
				return fail("ed.others_time", err)
			}
			e.othersTime = d
			e.othersWithin4h = d.CDF(float64(fourHours))
		}
		if ed.HasCapacity() {
			c, err := prepareEDCapacity(ed, e.othersTime)
			if err != nil {
				return sitePlan{}, fmt.Errorf("sites.%s.%w", k, err)
			}
			e.capacity = c
		}
		sp.ed = e
	}
	if sd := s.SDEC; sd != nil {
		ep, err := sd.Episode.Build()
		if err != nil {
			return fail("sdec.episode", err)
		}
		hours, wd := sd.Hours, sd.Days.Set(scenario.AllWeek)
		var admitLOS dist.Distribution
		if sd.LOSIfAdmitted != nil {
			if admitLOS, err = sd.LOSIfAdmitted.Build(); err != nil {
				return fail("sdec.los_if_admitted", err)
			}
		}
		sp.sdec = &sdecPlan{admitLOS: admitLOS, chairs: sd.Chairs, schedule: sd.Schedule, hours: hours, days: wd,
			uptake: sd.Uptake, episode: ep, sameDay: sd.SameDay, wait: sd.WhenFull == scenario.SDECWait,
			direct: float64(sd.Direct), profile: windowProfile(hours, wd, clock, days)}
	}
	if u := s.UTC; u != nil {
		up, err := prepareUTC(u)
		if err != nil {
			return fail("utc.treatment", err)
		}
		sp.utc = up
	}
	if d := s.Discharge; d != nil {
		sp.discharge = &acceptPlan{hours: d.Hours, days: scenario.AllWeek, weekend: d.Weekend}
		if r := d.WardRound; r != nil {
			sp.wardRound = &roundPlan{weekday: r.Hours, weekend: r.Hours, seen: r.Weekend,
				shortStays: engine.Time(r.ShortStays), shortStayHours: r.ShortStayHours}
			if r.WeekendHours != nil {
				sp.wardRound.weekend = *r.WeekendHours
			}
		}
	}
	if h := s.Hub; h != nil {
		a, err := h.Assessment.Build()
		if err != nil {
			return fail("hub.assessment", err)
		}
		sp.hub = &hubPlan{days: h.Days.Weekdays(), hours: h.Hours, assessment: a, staff: h.Staff, lead: float64(h.ReferralLead)}
	}
	for i, name := range scenario.PathwayNames[1:] {
		pw := s.Pathways[name]
		if pw == nil {
			continue
		}
		los, err := scaledDistribution(&pw.LOS, pw.LOSScale)
		if err != nil {
			return fail("pathways."+name+".los", err)
		}
		pp := &pathwayPlan{capacity: pw.Capacity, schedule: pw.Schedule, los: los}
		if a := pw.Accepts; a != nil {
			pp.accepts = &acceptPlan{hours: a.Hours, days: a.Days.Set(scenario.AllWeek), weekend: a.Weekend}
		}
		sp.pathways[i+1] = pp
	}
	if d := s.D2A; d != nil {
		los, err := d.LOS.Build()
		if err != nil {
			return fail("d2a.los", err)
		}
		sp.d2a = &d2aPlan{capacity: d.Capacity, schedule: d.Schedule, los: los}
	}
	if e := s.Electives; e != nil {
		los, err := e.LOS.Build()
		if err != nil {
			return fail("electives.los", err)
		}
		sp.electives = &electivePlan{rate: float64(e.Arrivals), profile: windowProfile(e.Hours, e.Days.Set(scenario.MonToFri), clock, days),
			los: los, queue: e.WhenFull == scenario.ElectiveQueue}
	}
	return sp, nil
}

// scaledDistribution builds d and multiplies it by scale (0 means 1).
func scaledDistribution(d *scenario.Dist, scale float64) (dist.Distribution, error) {
	base, err := d.Build()
	if err != nil {
		return nil, err
	}
	if scale == 0 || scale == 1 {
		return base, nil
	}
	scaled, err := dist.NewScaled(base, scale)
	if err != nil {
		return nil, err
	}
	return scaled, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// scheduleEdges returns Plan.scheduleEdges for the units of sites.
func scheduleEdges(sites []sitePlan) []float64 {
	var edges []float64
	add := func(s scenario.Schedule) {
		for _, c := range s {
			if c.Hours == nil {
				continue
			}
			for _, h := range []float64{c.Hours.From, c.Hours.To} {
				if h != math.Trunc(h) {
					edges = append(edges, h+scenario.ClockSlack/2)
				}
			}
		}
	}
	for _, sp := range sites {
		add(sp.beds.Schedule)
		if sp.sdec != nil {
			add(sp.sdec.schedule)
		}
		if sp.d2a != nil {
			add(sp.d2a.schedule)
		}
		if sp.ed != nil && sp.ed.capacity != nil {
			for _, s := range sp.ed.capacity.schedules() {
				add(s)
			}
		}
		if sp.utc != nil {
			add(sp.utc.schedule)
		}
		for _, pw := range sp.pathways {
			if pw != nil {
				add(pw.schedule)
			}
		}
	}
	slices.Sort(edges)
	return slices.Compact(edges)
}
