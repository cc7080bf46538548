package model

import "github.com/flowsim/flowsim/sim/engine"

// Discharge: medically safe, home on p0 in the ward's rhythm, death in
// hospital, and the end of a journey.

// medicallySafe: the patient no longer needs an acute bed. Those who die
// in hospital die now; going home (p0) follows the ward's discharge rhythm;
// p1–p3 need the hub and then their service. Every hour from now until
// they leave the bed is a delayed bed-hour, with its reason.
func (m *Model) medicallySafe(id patientID) {
	p := &m.patients.records[id]
	now := m.now()
	m.declared(p)
	p.safe, p.safeAt = true, now
	switch {
	case p.dies:
		m.die(id)
	case p.pathway == 0:
		at := m.nextDischargeTime(p, now)
		if at == now {
			m.dischargeHome(id)
			return
		}
		m.setDelay(p, delayP0)
		m.at(at, m.k.dischargeHome, id)
	default:
		m.needsSupport(id)
	}
}

// dischargeHome: a p0 patient leaves at the ward's next discharge time.
func (m *Model) dischargeHome(id patientID) {
	m.leaveBed(id)
	m.leave(id)
}

// die: the patient dies in hospital at the end of their acute stay.
func (m *Model) die(id patientID) {
	p := &m.patients.records[id]
	if m.recording() {
		m.sites[p.site].deaths++
	}
	m.leaveBed(id)
	m.leave(id)
}

// nextDischargeTime returns when a p0 patient ready at t actually leaves:
// inside the discharge hours, and on a weekend day only with the site's
// weekend chance (otherwise the next day).
func (m *Model) nextDischargeTime(p *patient, t engine.Time) engine.Time {
	d := m.plan.sites[p.site].discharge
	if d == nil {
		return t
	}
	return m.nextAcceptance(d, m.keysOf(p).p0, p.seq, t)
}

// leave: the patient's journey ends. Some come back within weeks as an
// emergency readmission; their record waits in the community until then.
func (m *Model) leave(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	if m.recording() {
		s.left++
	}
	m.recordJourney(p, routeOf(p))
	p.at = nowhere
	if !p.elective && !p.dies && p.readmits < 255 {
		c := &m.plan.cohorts[p.cohort]
		if p.uReadmit < c.readmit {
			at := m.now() + engine.Time(p.uReadmitDelay*c.readmitWithin)
			if at < m.plan.horizon {
				// A new journey with streams of its own.
				p.readmits++
				p.seq += 1 << 48
				p.edDone, p.safe, p.hubDone, p.viaSDEC, p.viaVW = false, false, false, false, false
				p.referred, p.d2aDone, p.asked = false, false, false
				p.bedHours, p.hubHoursDone = 0, 0
				p.stamped, p.since = 0, m.now() // since: when they left, for a census
				m.at(at, m.k.readmit, id)
				return
			}
		}
	}
	m.patients.put(id)
}

// routeOf names where a journey ended: on a virtual ward, home from SDEC
// the same day, or from a bed (possibly via a p1–p3 service).
func routeOf(p *patient) string {
	switch {
	case p.viaVW:
		return "virtual_ward"
	case p.bedHours == 0 && p.viaSDEC:
		return "sdec"
	}
	return "bed"
}
