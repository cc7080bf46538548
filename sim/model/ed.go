package model

import (
	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
)

// The emergency department: assessment to a decision, the four-hour clock,
// and the attendances that go home from ED.

// fourHours is the ED standard: time from arrival to admission, transfer
// or discharge.
const fourHours engine.Time = 4

// toED: the patient is assessed in ED until a decision, or decided on at
// once where the site has no ED.
func (m *Model) toED(id patientID) {
	p := &m.patients.records[id]
	p.at = inED
	ed := m.plan.sites[p.site].ed
	if ed != nil && ed.capacity != nil {
		m.enterED(id)
		return
	}
	if ed == nil || ed.decision == nil {
		m.decide(id)
		return
	}
	wait := ed.decision.Sample(m.patientDraws(m.keysOf(p).ed, p.seq))
	m.after(engine.Time(wait), m.k.decide, id)
}

// leaveED stops the four-hour clock.
func (m *Model) leaveED(p *patient) {
	if p.edDone {
		return
	}
	p.edDone = true
	ed := m.plan.sites[p.site].ed
	if ed != nil && ed.capacity != nil {
		m.leaveSpace(p)
	}
	if ed == nil || !m.recording() {
		return
	}
	s := &m.sites[p.site]
	now := m.now()
	s.edAttendances++
	if now-p.arrived <= fourHours {
		s.edWithin4h++
	}
	if p.at == boarding && now-p.queued > twelveHours {
		s.ed12hDecision++
	}
	if ed.capacity != nil {
		if now-p.arrived > twelveHours {
			s.ed12hArrival++
		}
		if p.edOther {
			s.edOthers++
		}
	}
}

// decide: after assessment the patient goes to SDEC if suitable and it can
// take them, else to a virtual ward if suitable and there is room, else
// they are admitted and wait for a bed.
func (m *Model) decide(id patientID) {
	p := &m.patients.records[id]
	p.mark(stampDecided, m.now())
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
func (m *Model) admitOrStepUp(id patientID) {
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

// scheduleEDOther books the next hour of ED attendances that will not be
// admitted.
func (m *Model) scheduleEDOther(site siteID) {
	if next := m.clock.HourStart(m.clock.HourIndex(m.now()) + 1); next < m.plan.horizon {
		m.atSite(next, m.k.edOther, site)
	}
}

// edOther: an hour of ED attendances treated and sent home from ED. They
// occupy no modelled resource and only count towards the four-hour share,
// so one event handles the hour, and only their numbers are drawn: those
// out of ED within four hours and those not are independent Poisson counts
// (splitting a Poisson process by an independent chance gives two), with
// means from the hour's rate and the time-in-ED distribution. Only the part
// of the hour after the warm-up counts. Where the site has an urgent
// treatment centre, the attendances streamed to it leave these counts and
// become its patients (see toUTC).
func (m *Model) edOther(site siteID) {
	s := &m.sites[site]
	ed := m.plan.sites[site].ed
	k := m.clock.HourIndex(m.now())
	from := max(m.now(), m.plan.warmup)
	to := min(m.clock.HourStart(k+1), m.plan.horizon)
	if to > from {
		mean := ed.others * ed.profile.hourFactor(k) * float64(to-from)
		within := dist.Poisson(s.edOthersRNG, mean*ed.othersWithin4h)
		over := dist.Poisson(s.edOthersRNG, mean*(1-ed.othersWithin4h))
		within, over = m.streamToUTC(site, from, to, within), m.streamToUTC(site, from, to, over)
		s.edAttendances += within + over
		s.edOthers += within + over
		s.edWithin4h += within
	}
	m.streamWarmupToUTC(site, k)
	m.scheduleEDOther(site)
}
