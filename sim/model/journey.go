package model

import (
	"math/rand/v2"

	"github.com/flowsim/flowsim/sim/engine"
)

// fourHours is the ED standard: time from arrival to admission, transfer
// or discharge.
const fourHours engine.Time = 4

// scheduleArrival books the next emergency arrival from place i.
func (m *Model) scheduleArrival(i int32) {
	pp := &m.plan.places[i]
	if t, ok := pp.profile.nextArrival(m.places[i].arrivals, m.clock, pp.rate, m.now(), m.plan.horizon); ok {
		m.eng.At(t, m.k.arrive, i)
	}
}

// arrive: a patient from a place arrives at a hospital's front door. Who
// they are — cohort, site, how they came, what they will need — is drawn
// now from their own stream.
func (m *Model) arrive(placeIndex int32) {
	m.scheduleArrival(placeIndex)
	pp := &m.plan.places[placeIndex]
	ps := &m.places[placeIndex]

	id := m.patients.get()
	p := &m.patients.records[id]
	p.place, p.seq, p.arrived = int16(placeIndex), ps.count, m.now()
	ps.count++

	r := m.patientDraws(ps.keys.needs, p.seq)
	p.cohort = int16(pick(pp.cohortCum, r.Float64()))
	p.site = pp.siteOf[pick(pp.siteCum, r.Float64())]
	ambulance := r.Float64() < pp.ambulance
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
func (m *Model) drawNeeds(p *patient, r *rand.Rand) {
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

// sdecSuitable reports whether the patient could be cared for in SDEC and
// sent home the same day: only patients who will go home without new
// support (p0) and survive are, so no route through SDEC ever drops a
// discharge need.
func (m *Model) sdecSuitable(p *patient) bool {
	return !p.dies && p.pathway == 0 && p.uSDEC < m.plan.cohorts[p.cohort].sdecAmongP0
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

// toED: the patient is assessed in ED until a decision, or decided on at
// once where the site has no ED.
func (m *Model) toED(id int32) {
	p := &m.patients.records[id]
	p.at = inED
	ed := m.plan.sites[p.site].ed
	if ed == nil || ed.decision == nil {
		m.decide(id)
		return
	}
	wait := ed.decision.Sample(m.patientDraws(m.keysOf(p).ed, p.seq))
	m.eng.After(engine.Time(wait), m.k.decide, id)
}

// readmitHandler: a patient discharged earlier comes back as an emergency.
func (m *Model) readmitHandler(id int32) {
	p := &m.patients.records[id]
	p.arrived = m.now()
	m.drawNeeds(p, m.patientDraws(m.keysOf(p).needs, p.seq))
	s := &m.sites[p.site]
	s.today[unitBeds].arrivals++
	if m.recording() {
		s.arrivals++
		s.readmissions++
	}
	m.toED(id)
}

// leaveED stops the four-hour clock.
func (m *Model) leaveED(p *patient) {
	if p.edDone {
		return
	}
	p.edDone = true
	if m.plan.sites[p.site].ed == nil || !m.recording() {
		return
	}
	s := &m.sites[p.site]
	s.edAttendances++
	if m.now()-p.arrived <= fourHours {
		s.edWithin4h++
	}
}

// decide: after assessment the patient goes to SDEC if suitable and it can
// take them, else to a virtual ward if suitable and there is room, else
// they are admitted and wait for a bed.
func (m *Model) decide(id int32) {
	p := &m.patients.records[id]
	c := &m.plan.cohorts[p.cohort]
	if sd := m.plan.sites[p.site].sdec; sd != nil && m.sdecSuitable(p) && p.uSDEC < c.sdecAmongP0*sd.uptake {
		if m.trySDEC(id) {
			return
		}
	}
	m.admitOrStepUp(id)
}

// admitOrStepUp: the patient needs more than SDEC: a step-up virtual ward
// if suitable and it has room, otherwise a G&A bed.
func (m *Model) admitOrStepUp(id int32) {
	p := &m.patients.records[id]
	c := &m.plan.cohorts[p.cohort]
	if vw := m.plan.sites[p.site].vw; vw >= 0 && !p.dies && p.uStepUp < c.stepUpAmongSurvivors {
		if m.vws[vw].hasRoom() {
			m.leaveED(p)
			if m.recording() {
				m.sites[p.site].vwStepUps++
			}
			m.startVirtualWard(id)
			return
		}
		if m.recording() {
			m.sites[p.site].vwFallbacks++
		}
	}
	m.requestBed(id)
}

// sdecOpen reports whether site's SDEC is open at t.
func (m *Model) sdecOpen(site int16, t engine.Time) bool {
	sd := m.plan.sites[site].sdec
	return sd.days.Has(m.clock.Weekday(t)) && sd.hours.Contains(m.clock.HourOfDay(t))
}

// trySDEC: an SDEC chair if open and free, or the SDEC queue when the unit
// lets patients wait. It reports whether SDEC took the patient.
func (m *Model) trySDEC(id int32) bool {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	if !m.sdecOpen(p.site, m.now()) {
		return false
	}
	if s.sdec.hasRoom() {
		m.leaveED(p)
		m.startSDEC(id)
		return true
	}
	if m.plan.sites[p.site].sdec.wait {
		m.leaveED(p)
		p.at = waitingSDEC
		s.sdec.wait(m.now(), id)
		return true
	}
	return false
}

// startSDEC: the patient takes a chair for their episode.
func (m *Model) startSDEC(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	p.at, p.viaSDEC = inSDEC, true
	s.sdec.start(m.now())
	s.today[unitSDEC].admissions++
	if m.recording() {
		s.sdecAttendances++
		if p.direct {
			s.sdecDirect++
		}
		s.sdecStartsByHour[int(m.clock.HourOfDay(m.now()))]++
	}
	episode := m.plan.sites[p.site].sdec.episode.Sample(m.patientDraws(m.keysOf(p).sdec, p.seq))
	m.eng.After(engine.Time(episode), m.k.sdecEnd, id)
}

// sdecEnd: the episode is over. Most go home the same day; the rest are
// admitted.
func (m *Model) sdecEnd(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	s.sdec.finish(m.now())
	m.startNextSDEC(p.site)
	if p.direct {
		s.today[unitSDEC].discharges++
		m.patients.put(id)
		return
	}
	if p.uSameDay < m.plan.sites[p.site].sdec.sameDay {
		s.today[unitSDEC].discharges++
		if m.recording() {
			s.sdecSameDay++
		}
		m.leave(id)
		return
	}
	m.admitOrStepUp(id)
}

// startNextSDEC gives free chairs to waiting patients while SDEC is open.
func (m *Model) startNextSDEC(site int16) {
	s := &m.sites[site]
	if !m.sdecOpen(site, m.now()) {
		return
	}
	for {
		next, ok := s.sdec.next(m.now())
		if !ok {
			return
		}
		m.startSDEC(next)
	}
}

// scheduleSDECClose books site's next SDEC closing time.
func (m *Model) scheduleSDECClose(site int32) {
	sd := m.plan.sites[site].sdec
	now := m.now()
	h := m.clock.HourOfDay(now)
	until := engine.Time(sd.hours.To - h)
	if until <= 0 {
		until += 24
	}
	if t := now + until; t < m.plan.horizon {
		m.eng.At(t, m.k.sdecClose, site)
	}
}

// sdecClose: whoever still waits for a chair at closing time is admitted.
func (m *Model) sdecClose(site int32) {
	s := &m.sites[site]
	for s.sdec.queue.len() > 0 {
		id := s.sdec.queue.pop()
		s.sdec.waiting.Add(float64(m.now()), -1)
		m.admitOrStepUp(id)
	}
	m.scheduleSDECClose(site)
}

// requestBed: the patient needs a G&A bed; admit now, wait (boarding in ED)
// or, in a loss system, be turned away.
func (m *Model) requestBed(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	p.queued = now
	switch {
	case s.beds.hasRoom() && s.beds.queue.len() == 0:
		m.admit(id)
	case m.plan.sites[p.site].loses:
		if m.recording() {
			s.lost++
		}
		m.leaveED(p)
		m.patients.put(id)
	default:
		p.at = boarding
		s.beds.wait(now, id)
	}
}

// admitNext admits waiting patients while there are free beds.
func (m *Model) admitNext(site int16) {
	for {
		next, ok := m.sites[site].beds.next(m.now())
		if !ok {
			return
		}
		m.admit(next)
	}
}

// admit: the patient takes a bed until they are medically safe for
// transfer; discharge planning starts now.
func (m *Model) admit(id int32) {
	p := &m.patients.records[id]
	sp := &m.plan.sites[p.site]
	s := &m.sites[p.site]
	now := m.now()
	m.leaveED(p)
	p.at, p.admitted = inBed, now
	s.beds.start(now)
	m.occupied.Add(float64(now), 1)
	s.today[unitBeds].admissions++
	if m.recording() {
		if p.elective {
			s.electiveAdmissions++
		} else {
			s.admissions++
			s.waitHours += float64(now - p.queued)
		}
	}

	c := &m.plan.cohorts[p.cohort]
	los := c.los
	switch {
	case p.elective:
		los = sp.electives.los
	case sp.sdec != nil && sp.sdec.admitLOS != nil && m.sdecSuitable(p):
		// Well enough for same-day care, whether admitted after an SDEC
		// episode or instead of one: the stay depends on the patient,
		// never on the route.
		los = sp.sdec.admitLOS
	case los == nil:
		los = sp.los
	}
	stay := engine.Time(los.Sample(m.patientDraws(m.keysOf(p).los, p.seq)) * sp.losScale)

	m.planStay(id, stay)
}

// planStay books what happens after a stay of the given length from now:
// medically safe at its end (or a step-down part-way), and, for patients
// who will need p1–p3, the referral to the hub ahead of time.
func (m *Model) planStay(id int32, stay engine.Time) {
	p := &m.patients.records[id]
	sp := &m.plan.sites[p.site]
	c := &m.plan.cohorts[p.cohort]
	p.safeAt = m.now() + stay
	if !p.elective && !p.dies && p.pathway == 0 && sp.vw >= 0 && p.uStepDown < c.stepDown {
		// Finish the stay on a virtual ward if one has room by then;
		// safeAt is kept for the fallback.
		m.eng.After(stay*engine.Time(c.stepDownAfter), m.k.stepDown, id)
		return
	}
	m.eng.After(stay, m.k.medicallySafe, id)
	if p.pathway > 0 && sp.hub != nil && sp.hub.lead > 0 {
		// Discharge planning: refer the lead time before the patient
		// will be medically safe, never before admission. Without a lead
		// the referral is made when they are medically safe.
		m.eng.After(max(0, stay-engine.Time(sp.hub.lead)), m.k.referToHub, id)
	}
}

// scheduleSDECDirect books the next direct referral to site's SDEC.
func (m *Model) scheduleSDECDirect(site int32) {
	sd := m.plan.sites[site].sdec
	if t, ok := sd.profile.nextArrival(m.sites[site].directRNG, m.clock, sd.direct, m.now(), m.plan.horizon); ok {
		m.eng.At(t, m.k.sdecDirect, site)
	}
}

// sdecDirectArrival: a GP or paramedic refers an ambulatory patient
// straight to SDEC. With a chair free they are seen and go home; with none
// they are sent elsewhere (counted, not followed).
func (m *Model) sdecDirectArrival(site int32) {
	m.scheduleSDECDirect(site)
	s := &m.sites[site]
	if !s.sdec.hasRoom() || !m.sdecOpen(int16(site), m.now()) {
		if m.recording() {
			s.sdecDirectTurnedAway++
		}
		return
	}
	id := m.patients.get()
	p := &m.patients.records[id]
	p.direct, p.site, p.seq, p.arrived, p.edDone = true, int16(site), s.directCount, m.now(), true
	s.directCount++
	m.startSDEC(id)
}
