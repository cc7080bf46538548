package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// The census is the state of the system at time zero: one row per patient
// in a G&A bed, on a virtual ward, in a discharge-to-assess place or on a
// p1–p3 service. Package census owns the format and scenario.Load reads
// it; here its rows are checked against the plan (sites, cohorts, units,
// places) and put in their places, and takeCensus records the rows that
// census.Write writes (flowsim run --write-census).

// censusPatient is a census row resolved against the plan.
type censusPatient struct {
	site     siteID
	unit     where
	cohort   int16 // -1: draw from the cohort shares
	pathway  int8
	elapsed  engine.Time // time already in the unit
	safe     bool
	hubDone  bool
	hubHours engine.Time
	elective bool
	sdecStay bool
}

// resolveCensus checks census f's rows against plan p — their sites,
// cohorts and units exist, and, unless overCapacity, no unit holds more
// patients than it ever has places — and resolves them.
func resolveCensus(f *census.File, p *Plan, overCapacity bool) ([]censusPatient, error) {
	siteIndex := map[string]siteID{}
	for i, sp := range p.sites {
		siteIndex[sp.key] = siteID(i)
	}
	cohorts := make([]string, len(p.cohorts))
	for i, c := range p.cohorts {
		cohorts[i] = c.key
	}
	out := make([]censusPatient, 0, len(f.Rows))
	for _, r := range f.Rows {
		bad := func(column, format string, a ...any) error {
			return census.Errorf(f.Path, r.Line, column, format, a...)
		}
		c := censusPatient{cohort: -1, unit: inBed, pathway: int8(r.Pathway), safe: r.MedicallySafe,
			hubDone: r.HubDone, elapsed: engine.Time(r.DaysInUnit * 24), hubHours: engine.Time(r.HubHours), elective: r.Elective, sdecStay: r.SDECStay}
		site, ok := siteIndex[r.Site]
		if !ok {
			return nil, bad("site", "unknown site %q (sites: %s)", r.Site, strings.Join(sortedSiteKeys(p), ", "))
		}
		c.site = site
		sp := &p.sites[site]
		if r.Cohort != "" {
			i := slices.Index(cohorts, r.Cohort)
			if i < 0 {
				return nil, bad("cohort", "unknown cohort %q (cohorts: %s)", r.Cohort, strings.Join(cohorts, ", "))
			}
			c.cohort = int16(i)
		}
		if c.elective && sp.electives == nil {
			return nil, bad("elective", "site %s has no electives", sp.key)
		}
		if c.sdecStay && (sp.sdec == nil || sp.sdec.admitLOS == nil) {
			return nil, bad("sdec_stay", "site %s has no SDEC stay for those admitted (sdec.los_if_admitted)", sp.key)
		}
		switch r.Unit {
		case census.Beds:
		case census.Waiting:
			c.unit = boarding
		case census.Readmission:
			c.unit = nowhere
		case census.VirtualWard:
			if sp.vw < 0 {
				return nil, bad("unit", "site %s has no virtual ward", sp.key)
			}
			c.unit = onVirtualWard
		case census.D2A:
			if sp.d2a == nil {
				return nil, bad("unit", "site %s has no d2a service", sp.key)
			}
			c.unit, c.safe = inD2A, true
		case census.P1, census.P2, census.P3:
			if sp.pathways[c.pathway] == nil {
				return nil, bad("unit", "site %s has no %s service", sp.key, r.Unit)
			}
			c.unit, c.safe, c.hubDone = onPathway, true, true
		default:
			// census.Parse gives only the units above.
			return nil, bad("unit", "want beds, virtual_ward, d2a, p1, p2, p3, waiting or readmission, got %q", r.Unit)
		}
		out = append(out, c)
	}
	if overCapacity {
		return out, nil
	}
	if err := checkCensusCapacity(f.Path, p, out); err != nil {
		return nil, err
	}
	return out, nil
}

func sortedSiteKeys(p *Plan) []string {
	keys := make([]string, len(p.sites))
	for i, sp := range p.sites {
		keys[i] = sp.key
	}
	return keys
}

// checkCensusCapacity refuses a census with more patients in a unit than
// it ever has places: such a census describes a state the model can never
// be in.
func checkCensusCapacity(path string, p *Plan, rows []censusPatient) error {
	type key struct {
		site siteID
		unit where
		pw   int8
	}
	n := map[key]int{}
	vw := make([]int, len(p.vws))
	for _, c := range rows {
		switch c.unit {
		case onVirtualWard:
			vw[p.sites[c.site].vw]++
		case onPathway:
			n[key{c.site, c.unit, c.pathway}]++
		default:
			n[key{c.site, c.unit, 0}]++
		}
	}
	for i, sp := range p.sites {
		s := siteID(i)
		check := func(what string, count int, capacity int, sched scenario.Schedule, extra int) error {
			if count == 0 {
				return nil
			}
			// A schedule may hold the unit below the patients in it (they
			// stay; nobody new starts), so only more than it ever has is
			// a state the model cannot be in; escalation beds (extra, all
			// levels open) count, as a census of an escalated run has
			// patients in them.
			if most := sched.Most(capacity) + extra; count > most {
				return fmt.Errorf("%s: site %s has %d census patients in %s, more than its %d places", path, sp.key, count, what, most)
			}
			return nil
		}
		escalationBeds := 0
		if e := sp.escalation; e != nil {
			escalationBeds = e.levels[len(e.levels)-1].beds
		}
		if err := check("beds", n[key{s, inBed, 0}], sp.beds.Capacity, sp.beds.Schedule, escalationBeds); err != nil {
			return err
		}
		if sp.d2a != nil {
			if err := check("d2a", n[key{s, inD2A, 0}], sp.d2a.capacity, sp.d2a.schedule, 0); err != nil {
				return err
			}
		}
		for pw := int8(1); pw <= 3; pw++ {
			if pp := sp.pathways[pw]; pp != nil {
				if err := check(scenario.PathwayNames[pw], n[key{s, onPathway, pw}], pp.capacity, pp.schedule, 0); err != nil {
					return err
				}
			}
		}
	}
	for i, v := range p.vws {
		if vw[i] > v.capacity {
			return fmt.Errorf("%s: virtual ward %s has %d census patients, more than its %d places", path, v.key, vw[i], v.capacity)
		}
	}
	return nil
}

// admitCensus puts the census patients where they are at time zero, in the
// census's order (which is the order in which those waiting are served).
// Each stays for the rest of a stay drawn from their unit's length of stay
// given the time already spent; the medically safe start their discharge
// at once, keeping any hub work already done. Those waiting for a bed
// join the queue for one, ahead of anyone arriving, and take the beds
// that are free at once; their ED space, if ED has capacity, is not
// held (ED starts empty).
func (m *Model) admitCensus() {
	for i, c := range m.plan.census {
		id := m.patients.get()
		p := &m.patients.records[id]
		p.place, p.site, p.seq, p.edDone = -1, c.site, uint64(i), true
		if c.elective {
			// A planned patient: no cohort or needs, the site's elective
			// stays (as electiveArrival).
			p.elective, p.arrived, p.since = true, -c.elapsed, -c.elapsed
			m.placeCensus(id, c)
			continue
		}
		r := m.patientUniforms(m.censusKeys.needs, p.seq)
		p.cohort = c.cohort
		u := r.Float64()
		if p.cohort < 0 {
			p.cohort = int16(pick(m.plan.cohortCum, u))
		}
		m.drawNeeds(p, r)
		p.pathway = c.pathway // known from the census, not drawn
		if c.unit == inBed {
			// Whether their stay is SDEC's is known too (sdecStay reads
			// it back for a census of this run).
			p.uSDEC = 1
			if c.sdecStay {
				p.uSDEC = 0
			}
		}
		p.dies = (c.unit == inBed || c.unit == boarding) && !c.safe && !c.sdecStay && c.pathway == 0 && p.uDeath < m.plan.cohorts[p.cohort].deathOnP0()
		p.arrived, p.since = -c.elapsed, -c.elapsed
		p.hubDone, p.hubHoursDone = c.hubDone, c.hubHours
		p.referred = c.hubDone
		m.placeCensus(id, c)
	}
	for site := range m.sites {
		m.admitNext(siteID(site)) // those waiting take the beds free now
	}
}

// placeCensus puts census patient id, their needs drawn, in their unit.
func (m *Model) placeCensus(id patientID, c censusPatient) {
	p := &m.patients.records[id]
	sp := &m.plan.sites[p.site]
	s := &m.sites[p.site]
	switch c.unit {
	case nowhere:
		// At home, to be readmitted within the cohort's window: the rest
		// of a delay uniform over it, given the time since leaving, on
		// streams of the next journey's own.
		p.readmits, p.seq = 1, p.seq+1<<48
		rest := engine.Time(p.uReadmitDelay * max(0, m.plan.cohorts[p.cohort].readmitWithin-float64(c.elapsed)))
		if rest >= m.plan.horizon {
			m.patients.put(id)
			return
		}
		m.at(rest, m.k.readmit, id)
	case boarding:
		p.at, p.queued = boarding, -c.elapsed
		s.beds.wait(0, id)
	case inBed:
		p.at, p.admitted = inBed, -c.elapsed
		s.beds.start(0)
		m.occupied.Add(0, 1)
		if c.safe {
			m.at(0, m.k.medicallySafe, id)
		} else {
			if c.hubHours > 0 && sp.hub != nil {
				m.at(0, m.k.referToHub, id)
			}
			m.planStay(id, m.residualStay(p, c.elapsed, c.sdecStay))
		}
	case onVirtualWard:
		p.at, p.viaVW = onVirtualWard, true
		m.vws[sp.vw].start(0)
		s.vwPatients.Add(0, 1)
		if c.safe {
			p.safe = true
			m.at(0, m.k.vwEnd, id)
		} else {
			m.at(m.residual(m.censusKeys.los, m.plan.vws[sp.vw].los, 1, c.elapsed, p.seq), m.k.vwEnd, id)
		}
	case inD2A:
		p.at, p.safe = inD2A, true
		s.d2a.start(0)
		m.at(m.residual(m.censusKeys.los, sp.d2a.los, 1, c.elapsed, p.seq), m.k.d2aEnd, id)
		if !p.hubDone && sp.hub != nil {
			m.at(0, m.k.referToHub, id)
		} else {
			p.hubDone = true
		}
	case onPathway:
		p.at, p.safe, p.asked = onPathway, true, true
		s.pathways[p.pathway].start(0)
		m.at(m.residual(m.censusKeys.los, sp.pathways[p.pathway].los, 1, c.elapsed, p.seq), m.k.pathwayEnd, id)
	}
}

// deathOnP0 is the chance that a patient recorded on pathway 0, not yet
// medically safe, dies at the end of the stay: what the census says of a
// patient conditions what is drawn for them. The dying have no discharge
// pathway, so a census patient on p1–p3 (or medically safe, or neither in
// a bed nor waiting for one) survives, and one on p0 is dying with chance
// d / (d + (1 − d) s0), d the cohort's death share and s0 its p0 share of
// survivors. Drawing
// death unconditionally, as for a new arrival, turned a share d of the
// census's p1–p3 patients into deaths, emptying p1–p3 queues the point
// should have started with.
func (c *cohortPlan) deathOnP0() float64 {
	if c.death <= 0 {
		return 0
	}
	home := (1 - c.death) * c.pathwayCum[0]
	return c.death / (c.death + home)
}

// residualStay draws the rest of an acute stay already elapsed long:
// the stay admit would have drawn (elective, SDEC's for those suitable
// for same-day care when sdecStay, else the cohort's or the site's).
func (m *Model) residualStay(p *patient, elapsed engine.Time, sdecStay bool) engine.Time {
	sp := &m.plan.sites[p.site]
	los := m.plan.cohorts[p.cohort].los
	switch {
	case p.elective:
		los = sp.electives.los
	case sdecStay:
		los = sp.sdec.admitLOS
	case los == nil:
		los = sp.los
	}
	return m.residual(m.censusKeys.los, los, sp.losScale, elapsed, p.seq)
}

// residual draws the rest of a duration of distribution d (times scale)
// already elapsed long, from d conditioned on exceeding elapsed (by
// rejection; after many rejections, a fresh draw), from census patient
// seq's stream key.
func (m *Model) residual(key uint64, d dist.Distribution, scale float64, elapsed engine.Time, seq uint64) engine.Time {
	r := m.patientDraws(key, seq)
	var stay engine.Time
	for range 1000 {
		stay = engine.Time(d.Sample(r) * scale)
		if stay > elapsed {
			return stay - elapsed
		}
	}
	return stay
}

// takeCensus is the census event: it records every patient in a bed, on a
// virtual ward, in an interim place, on a p1–p3 service, waiting for a
// bed or at home awaiting an emergency readmission now, by site and unit,
// longest in the unit first (so that those waiting keep roughly their
// order when the census is read back), planned patients marked elective
// and SDEC's stays marked sdec_stay. Those waiting for a bed are kept because a
// full hospital's queue lasts days, not hours, and those awaiting
// readmission because they are a month of arrivals to come (a tenth of
// discharges come back within 30 days): left out, a census start begins
// with neither and runs emptier than the state it copies.
// Patients in ED before a decision, or in SDEC, are not included: they
// leave within hours.
func (m *Model) takeCensus() {
	now := m.now()
	type entry struct {
		row   census.Row
		site  siteID
		order int
		since engine.Time
		index int
	}
	var es []entry
	for i := range m.patients.records {
		p := &m.patients.records[i]
		if p.direct || p.elective && p.at != inBed && p.at != boarding {
			continue
		}
		e := entry{site: p.site, index: i, since: p.since}
		row := census.Row{Site: m.plan.sites[p.site].key, Pathway: int(p.pathway), MedicallySafe: p.safe, HubDone: p.hubDone}
		switch p.at {
		case inBed:
			row.Unit, e.order, e.since = census.Beds, 0, p.admitted
		case onVirtualWard:
			row.Unit, e.order = census.VirtualWard, 1
		case inD2A:
			row.Unit, e.order = census.D2A, 2
		case onPathway:
			row.Unit, e.order = scenario.PathwayNames[p.pathway], 2+int(p.pathway)
		case boarding:
			row.Unit, e.order, e.since = census.Waiting, 6, p.queued
		case nowhere:
			if p.readmits == 0 {
				continue // a free record
			}
			// Awaiting readmission: since is when they left.
			row.Unit, row.Pathway, e.order = census.Readmission, 0, 7
		default:
			continue
		}
		if row.Elective = p.elective; !p.elective {
			row.Cohort = m.plan.cohorts[p.cohort].key
		}
		row.SDECStay = p.at == inBed && m.sdecStay(p)
		row.DaysInUnit = float64(now-e.since) / 24
		if p.assessing {
			row.HubHours = float64(p.hubHoursDone + m.plan.sites[p.site].hub.workingHours(m.clock, p.hubStartAt, now))
		}
		e.row = row
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b entry) int {
		switch {
		case a.site != b.site:
			return int(a.site) - int(b.site)
		case a.order != b.order:
			return a.order - b.order
		case a.since != b.since:
			if a.since < b.since {
				return -1
			}
			return 1
		}
		return a.index - b.index
	})
	m.census = make([]census.Row, len(es))
	for i, e := range es {
		m.census[i] = e.row
	}
}
