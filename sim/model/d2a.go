package model

import "github.com/flowsim/flowsim/sim/engine"

// requestD2A: in discharge to assess, a medically safe p1–p3 patient not
// yet assessed leaves the acute bed for an interim place, or waits in the
// bed for one.
func (m *Model) requestD2A(id patientID) {
	p := &m.patients.records[id]
	u := m.sites[p.site].d2a
	if u.hasRoom() && u.queue.len() == 0 {
		m.startD2A(id)
		return
	}
	m.setDelay(p, delayD2A)
	u.wait(m.now(), id)
}

// startD2A: the patient moves from the bed to an interim place, where the
// hub assesses them; they stay at least the service's length of stay.
func (m *Model) startD2A(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	m.leaveBed(id)
	p.at, p.since = inD2A, m.now()
	s.d2a.start(m.now())
	s.today[unitD2A].admissions++
	if m.recording() {
		s.d2aStarts++
	}
	stay := m.plan.sites[p.site].d2a.los.Sample(m.patientDraws(m.keysOf(p).d2a, p.seq))
	m.after(engine.Time(stay), m.k.d2aEnd, id)
	m.referToHub(id)
}

// d2aEnd: the shortest interim stay is over; the patient moves on once the
// hub has arranged their pathway.
func (m *Model) d2aEnd(id patientID) {
	m.patients.records[id].d2aDone = true
	m.maybeReady(id)
}

// leaveD2A frees the patient's interim place for the next patient waiting
// in a bed.
func (m *Model) leaveD2A(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	s.d2a.finish(m.now())
	s.today[unitD2A].discharges++
	p.at = nowhere
	m.startNextD2A(p.site)
}

// startNextD2A moves patients waiting in beds into free interim places.
func (m *Model) startNextD2A(site siteID) {
	for {
		next, ok := m.sites[site].d2a.next(m.now())
		if !ok {
			return
		}
		m.startD2A(next)
	}
}
