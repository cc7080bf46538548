package model

import "github.com/flowsim/flowsim/sim/engine"

// Same-day emergency care: chairs, opening hours, episodes, same-day
// discharge and direct referrals.

// sdecSuitable reports whether the patient could be cared for in SDEC and
// sent home the same day: only patients who will go home without new
// support (p0) and survive are, so no route through SDEC ever drops a
// discharge need.
func (m *Model) sdecSuitable(p *patient) bool {
	return !p.dies && p.pathway == 0 && p.uSDEC < m.plan.cohorts[p.cohort].sdecAmongP0
}

// sdecOpen reports whether site's SDEC is open at t.
func (m *Model) sdecOpen(site siteID, t engine.Time) bool {
	sd := m.plan.sites[site].sdec
	return sd.days.Has(m.clock.Weekday(t)) && sd.hours.Open(m.clock.HourOfDay(t))
}

// trySDEC: an SDEC chair if open and free, or the SDEC queue when the unit
// lets patients wait. It reports whether SDEC took the patient.
func (m *Model) trySDEC(id patientID) bool {
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
func (m *Model) startSDEC(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	p.at, p.viaSDEC = inSDEC, true
	p.mark(stampSDECStart, m.now())
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
	m.after(engine.Time(episode), m.k.sdecEnd, id)
}

// sdecEnd: the episode is over. Most go home the same day; the rest are
// admitted.
func (m *Model) sdecEnd(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	s.sdec.finish(m.now())
	p.mark(stampSDECEnd, m.now())
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
func (m *Model) startNextSDEC(site siteID) {
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
func (m *Model) scheduleSDECClose(site siteID) {
	if t := m.now() + m.untilHourOfDay(m.plan.sites[site].sdec.hours.To); t < m.plan.horizon {
		m.atSite(t, m.k.sdecClose, site)
	}
}

// sdecClose: whoever still waits for a chair at closing time is admitted.
func (m *Model) sdecClose(site siteID) {
	s := &m.sites[site]
	for id, ok := s.sdec.leave(m.now()); ok; id, ok = s.sdec.leave(m.now()) {
		m.admitOrStepUp(id)
	}
	m.scheduleSDECClose(site)
}

// scheduleSDECDirect books the next direct referral to site's SDEC.
func (m *Model) scheduleSDECDirect(site siteID) {
	sd := m.plan.sites[site].sdec
	if t, ok := sd.profile.nextArrival(m.sites[site].directRNG, m.clock.Clock, sd.direct, m.now(), m.plan.horizon); ok {
		m.atSite(t, m.k.sdecDirect, site)
	}
}

// sdecDirectArrival: a GP or paramedic refers an ambulatory patient
// straight to SDEC. With a chair free they are seen and go home; with none
// they are sent elsewhere (counted, not followed).
func (m *Model) sdecDirectArrival(site siteID) {
	m.scheduleSDECDirect(site)
	s := &m.sites[site]
	if !s.sdec.hasRoom() || !m.sdecOpen(site, m.now()) {
		if m.recording() {
			s.sdecDirectTurnedAway++
		}
		return
	}
	id := m.patients.get()
	p := &m.patients.records[id]
	p.direct, p.site, p.seq, p.arrived, p.edDone = true, site, s.directCount, m.now(), true
	s.directCount++
	m.startSDEC(id)
}
