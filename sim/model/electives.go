package model

// Planned (elective) admissions competing for the same beds.

// scheduleElective books the next planned admission at site.
func (m *Model) scheduleElective(site siteID) {
	e := m.plan.sites[site].electives
	if t, ok := e.profile.nextArrival(m.sites[site].electivesRNG, m.clock.Clock, e.rate, m.now(), m.plan.horizon); ok {
		m.atSite(t, m.k.elective, site)
	}
}

// electiveArrival: a planned patient arrives for surgery or treatment and
// needs a bed; with no bed the operation is cancelled (or they wait, if the
// site lets them).
func (m *Model) electiveArrival(site siteID) {
	m.scheduleElective(site)
	s := &m.sites[site]
	id := m.patients.get()
	p := &m.patients.records[id]
	p.elective, p.site, p.seq, p.arrived, p.edDone = true, site, s.electiveCount, m.now(), true
	s.electiveCount++
	if m.recording() {
		s.electiveArrivals++
	}
	if (!s.beds.hasRoom() || s.beds.queue.len() > 0) && !m.plan.sites[site].electives.queue {
		if m.recording() {
			s.electivesCancelled++
		}
		m.patients.put(id)
		return
	}
	m.requestBed(id)
}
