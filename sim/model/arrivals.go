package model

import (
	"math"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Arrivals: emergency patients arrive from their places, with the needs
// drawn for them, and come back as readmissions.

// scheduleArrival books the next emergency arrival from place i.
func (m *Model) scheduleArrival(i placeID) {
	pp := &m.plan.places[i]
	if t, ok := pp.profile.nextArrival(m.places[i].arrivals, m.clock.Clock, pp.rate, m.now(), m.plan.horizon); ok {
		m.atPlace(t, m.k.arrive, i)
	}
}

// arrive: a patient from a place arrives at a hospital's front door. Who
// they are — cohort, site, how they came, what they will need — is drawn
// now from their own stream.
func (m *Model) arrive(placeIndex placeID) {
	m.scheduleArrival(placeIndex)
	pp := &m.plan.places[placeIndex]
	ps := &m.places[placeIndex]

	id := m.patients.get()
	p := &m.patients.records[id]
	p.place, p.seq, p.arrived = placeIndex, ps.count, m.now()
	ps.count++

	r := m.patientUniforms(ps.keys.needs, p.seq)
	if pp.growth == nil {
		p.cohort = int16(pick(pp.cohortCum, r.Float64()))
	} else {
		p.cohort = int16(pp.pickGrowing(m.clock.DayIndex(m.now()), r.Float64()))
	}
	p.site = pp.siteOf[pick(pp.siteCum, r.Float64())]
	ambulance := r.Float64() < pp.ambulance
	p.ambulance = ambulance
	m.drawNeeds(p, r)
	if p.uFresh < m.plan.cohorts[p.cohort].readmissionShare {
		// This share of the place's configured arrivals are readmissions,
		// which come back of themselves (see leave): the configured rate
		// is the total.
		m.patients.put(id)
		return
	}

	s := &m.sites[p.site]
	s.today[unitBeds].arrivals++
	if m.recording() {
		s.arrivals++
		if ambulance {
			s.ambulance++
		}
	}
	m.toED(id)
}

// drawNeeds draws, in a fixed order, what the patient will need: their
// discharge pathway, whether they die in hospital, and the uniforms that
// decide SDEC, virtual-ward and same-day outcomes and readmission. A
// patient who will die has no discharge pathway.
func (m *Model) drawNeeds(p *patient, r *rng.Items) {
	c := &m.plan.cohorts[p.cohort]
	p.pathway = int8(pick(c.pathwayCum[:], r.Float64()))
	p.uSDEC, p.uStepUp, p.uStepDown = r.Float64(), r.Float64(), r.Float64()
	p.uSameDay, p.uReadmit, p.uReadmitDelay = r.Float64(), r.Float64(), r.Float64()
	if c.death > 0 || c.readmissionShare > 0 {
		// Last in the stream, so a scenario without deaths or
		// readmissions, which skips them, draws every other need alike.
		p.uDeath, p.uFresh = r.Float64(), r.Float64()
	}
	p.dies = p.uDeath < c.death
	if p.dies {
		p.pathway = 0
	}
}

// pick maps a uniform draw to an index by cumulative shares.
func pick(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// readmitHandler: a patient discharged earlier comes back as an emergency.
func (m *Model) readmitHandler(id patientID) {
	p := &m.patients.records[id]
	p.arrived, p.ambulance = m.now(), false
	m.drawNeeds(p, m.patientUniforms(m.keysOf(p).needs, p.seq))
	s := &m.sites[p.site]
	s.today[unitBeds].arrivals++
	if m.recording() {
		s.arrivals++
		s.readmissions++
	}
	m.toED(id)
}

// grow sets up demand growth for the place: each cohort's log growth
// rate, its cohort shares, and its profile (flat if it had none) scaled
// day by day by its total growth, Σ share × (1 + g)^years at the day's
// midday.
func (pp *placePlan) grow(cohorts []cohortPlan, g *scenario.DemandGrowth, days int) {
	pp.growth = make([]float64, len(cohorts))
	pp.shares = make([]float64, len(cohorts))
	prev := 0.0
	for i, c := range cohorts {
		pp.growth[i] = math.Log1p(g.Rate(c.key))
		pp.shares[i] = pp.cohortCum[i] - prev
		prev = pp.cohortCum[i]
	}
	if pp.profile == nil {
		pp.profile = flatProfile(days)
	}
	for d := range pp.profile.daily {
		pp.profile.daily[d] *= pp.growthFactor(growthYears(d))
	}
}

// growthYears is the time in years from the start date to the midday of
// day d, at which that day's growth is taken.
func growthYears(d int) float64 { return (float64(d) + 0.5) / scenario.YearDays }

// growthFactor is the place's arrivals after years of growth relative to
// its configured rate.
func (pp *placePlan) growthFactor(years float64) float64 {
	total := 0.0
	for i, share := range pp.shares {
		total += share * math.Exp(years*pp.growth[i])
	}
	return total
}

// pickGrowing maps a uniform draw to a cohort by the place's cohort mix
// on day (of the start date's calendar), each share grown by its cohort's
// rate.
func (pp *placePlan) pickGrowing(day int, u float64) int {
	years := growthYears(day)
	target := u * pp.growthFactor(years)
	acc := 0.0
	last := 0
	for i, share := range pp.shares {
		if share == 0 {
			continue
		}
		acc += share * math.Exp(years*pp.growth[i])
		if target < acc {
			return i
		}
		last = i
	}
	return last
}
