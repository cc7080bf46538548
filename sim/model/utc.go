package model

import (
	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// The urgent treatment centre (a type 3 department beside the ED): while
// it is open, ED's reception streams a share of the minor attendances to
// it, where each patient waits for a clinician, is treated and goes home.
// Whoever is waiting when it closes is still seen, or with at_closing:
// to_ed goes back to the ED front door.

// utcPlan is a site's urgent treatment centre.
type utcPlan struct {
	capacity  int
	schedule  scenario.Schedule
	hours     scenario.Window
	days      scenario.Weekdays
	streamed  float64 // share of the ED's minor attendances sent while open
	treatment dist.Distribution
	toED      bool // at closing, those still waiting go back to ED
}

// prepareUTC builds the plan of a site's urgent treatment centre.
func prepareUTC(u *scenario.UTC) (*utcPlan, error) {
	treatment, err := u.Treatment.Build()
	if err != nil {
		return nil, err
	}
	return &utcPlan{capacity: u.Capacity, schedule: u.Schedule, hours: u.Hours,
		days: u.Days.Set(scenario.AllWeek), streamed: u.Streamed, treatment: treatment,
		toED: u.AtClosing == scenario.UTCToED}, nil
}

// utcOpen reports whether site's UTC takes patients at t.
func (m *Model) utcOpen(site siteID, t engine.Time) bool {
	u := m.plan.sites[site].utc
	return u.days.Has(m.clock.Weekday(t)) && u.hours.Open(m.clock.HourOfDay(t))
}

// toUTC is the front door's streaming decision for one minor ED attendance
// arriving at t (not before now): while the site's UTC is open, the
// streamed share is sent there, drawn from the UTC's own stream. It books
// the patient's arrival at the UTC and reports true, or reports false and
// the patient stays in ED. Without a UTC it draws nothing.
func (m *Model) toUTC(site siteID, t engine.Time) bool {
	if m.plan.sites[site].utc == nil || !m.utcOpen(site, t) {
		return false
	}
	if m.sites[site].utcRNG.Float64() >= m.plan.sites[site].utc.streamed {
		return false
	}
	m.atSite(t, m.k.utcArrive, site)
	return true
}

// streamToUTC streams n minor ED attendances arriving uniformly over
// [from, to) — a count of the hour's attendances, whose times are drawn
// here from the UTC's stream — and returns how many stay in ED. Without a
// UTC it returns n and draws nothing, so the ED's own draws do not depend
// on whether a scenario has one.
func (m *Model) streamToUTC(site siteID, from, to engine.Time, n int) int {
	if m.plan.sites[site].utc == nil {
		return n
	}
	stay := n
	for range n {
		t := from + engine.Time(m.sites[site].utcRNG.Float64())*(to-from)
		if m.toUTC(site, t) {
			stay--
		}
	}
	return stay
}

// streamWarmupToUTC streams the warm-up part of clock hour k (whose event
// is now). The ED does not draw its minor attendances before the warm-up
// ends, since they occupy nothing; the UTC's patients do, so they are drawn
// here from the UTC's own stream, at the ED's rate, for the UTC to be in
// its steady state when recording starts.
func (m *Model) streamWarmupToUTC(site siteID, k int) {
	sp := &m.plan.sites[site]
	to := min(m.clock.HourStart(k+1), m.plan.warmup, m.plan.horizon)
	if sp.utc == nil || to <= m.now() {
		return
	}
	mean := sp.ed.others * sp.ed.profile.hourFactor(k) * float64(to-m.now())
	m.streamToUTC(site, m.now(), to, dist.Poisson(m.sites[site].utcRNG, mean))
}

// utcArrival: a patient streamed from ED reaches the UTC and is seen by a
// free clinician, or waits for one.
func (m *Model) utcArrival(site siteID) {
	s := &m.sites[site]
	id := m.patients.get()
	p := &m.patients.records[id]
	p.site, p.seq, p.place, p.arrived, p.edDone = site, s.utcCount, -1, m.now(), true
	s.utcCount++
	s.today[unitUTC].arrivals++
	if m.recording() {
		s.utcArrivals++
	}
	if s.utc.queue.len() == 0 && s.utc.hasRoom() {
		m.startUTC(id)
		return
	}
	p.at = waitingUTC
	s.utc.wait(m.now(), id)
}

// startUTC: a clinician sees the patient for their treatment.
func (m *Model) startUTC(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	p.at, p.since = inUTC, m.now()
	m.accrueUTCClosedBusy(p.site)
	s.utc.start(m.now())
	s.today[unitUTC].admissions++
	treatment := m.plan.sites[p.site].utc.treatment.Sample(m.patientDraws(s.utcKey, p.seq))
	m.after(engine.Time(treatment), m.k.utcEnd, id)
}

// utcEnd: treated, the patient goes home and the clinician sees the next
// one waiting.
func (m *Model) utcEnd(id patientID) {
	p := &m.patients.records[id]
	site := p.site
	s := &m.sites[site]
	m.accrueUTCClosedBusy(site)
	s.utc.finish(m.now())
	s.today[unitUTC].discharges++
	if m.recording() {
		s.utcAttendances++
		s.utcWaitHours += float64(p.since - p.arrived)
		if m.now()-p.arrived <= fourHours {
			s.utcWithin4h++
		}
	}
	m.patients.put(id)
	m.startNextUTC(site)
}

// startNextUTC gives free clinicians to waiting patients, open or not:
// those waiting at closing are still seen (with at_closing: to_ed nobody
// is left waiting once it has closed).
func (m *Model) startNextUTC(site siteID) {
	s := &m.sites[site]
	for {
		next, ok := s.utc.next(m.now())
		if !ok {
			return
		}
		m.startUTC(next)
	}
}

// closingProbe is how long after a possible closing time the UTC is
// looked at to tell whether it did close: far above the clock's rounding
// (scenario.ClockSlack), far below a minute, the finest step of its hours.
const closingProbe engine.Time = 100 * scenario.ClockSlack

// scheduleUTCClose books the next time site's UTC may close: the end of
// its hours, or a midnight (the next day may not be one of its days, or
// an overnight window's early hours belong to the day they fall on).
func (m *Model) scheduleUTCClose(site siteID) {
	u := m.plan.sites[site].utc
	if t := m.now() + min(m.untilHourOfDay(u.hours.To), m.untilHourOfDay(24)); t < m.plan.horizon {
		m.atSite(t, m.k.utcClose, site)
	}
}

// utcClose: if the UTC has just closed, those still waiting to be seen go
// back to the ED front door (at_closing: to_ed), in the order they
// arrived; those with a clinician finish.
func (m *Model) utcClose(site siteID) {
	s := &m.sites[site]
	if !m.utcOpen(site, m.now()+closingProbe) {
		for id, ok := s.utc.leave(m.now()); ok; id, ok = s.utc.leave(m.now()) {
			m.utcToED(id)
		}
	}
	m.scheduleUTCClose(site)
}

// utcToED: a patient waiting in the closing UTC goes back to ED as an
// attendance that will not be admitted, arriving (for the four-hour clock)
// when they reached the UTC. In an ED with capacity they wait for a
// minors cubicle like any other minor attendance; without, they count at
// once, out within four hours if their UTC wait plus a time in ED drawn
// from ed.others_time is. Their ED needs come from a stream of their own,
// so no other patient's draws change.
func (m *Model) utcToED(id patientID) {
	p := &m.patients.records[id]
	site := p.site
	s := &m.sites[site]
	if m.recording() {
		s.utcReturned++
	}
	r := m.patientDraws(s.utcReturnKey, p.seq)
	ed := m.plan.sites[site].ed
	if c := ed.capacity; c != nil {
		p.at, p.edDone, p.edOther, p.minor, p.ambulance = inED, false, true, true, false
		m.drawEDNeeds(p, c.othersTreatment, c.othersWorkup, r)
		m.seekSpace(id)
		return
	}
	stay := engine.Time(ed.othersTime.Sample(r))
	if m.recording() {
		s.edAttendances++
		s.edOthers++
		if m.now()-p.arrived+stay <= fourHours {
			s.edWithin4h++
		}
	}
	m.patients.put(id)
}

// inUTC counts the patients in site's UTC, waiting or being seen.
func (s *siteState) inUTC() int {
	if s.utc == nil {
		return 0
	}
	return s.utc.inUse.Value() + s.utc.queue.len()
}

// utcOpenCapacityHours returns the clinician-hours site's UTC is open for
// between the warm-up and now: each clock hour's open share times the
// clinicians at its start.
func (m *Model) utcOpenCapacityHours(site siteID, now engine.Time) float64 {
	u := m.plan.sites[site].utc
	if u == nil {
		return 0
	}
	total := 0.0
	for k := m.clock.HourIndex(m.plan.warmup); m.clock.HourStart(k) < now; k++ {
		start := max(m.clock.HourStart(k), m.plan.warmup)
		end := min(m.clock.HourStart(k+1), now)
		if end <= start || !u.days.Has(m.clock.Weekday(start)) {
			continue
		}
		h := m.clock.HourOfDay(start)
		open := u.hours.Overlap(h, min(24, h+float64(end-start)))
		c := u.schedule.CapacityAt(u.capacity, scenario.DateOf(m.clock.Date(start)), h)
		total += open * float64(c)
	}
	return total
}

// accrueUTCClosedBusy brings site's clinician-hours treating while closed
// up to now: called just before the number treating changes.
func (m *Model) accrueUTCClosedBusy(site siteID) {
	s := &m.sites[site]
	s.utcClosedBusy = m.utcClosedBusyHours(site, m.now())
	s.utcChanged = m.now()
}

// utcClosedBusyHours returns the clinician-hours site's UTC spent treating
// patients while it was closed, between the warm-up and now (not before
// the last change of the number treating): those seen after closing, whom
// the clinicians stay on for. With utcOpenCapacityHours they are the
// clinician-hours paid; while the UTC is open the roster's clinicians are
// paid, so one finishing a patient after the roster drops is not counted
// again.
func (m *Model) utcClosedBusyHours(site siteID, now engine.Time) float64 {
	s := &m.sites[site]
	from := max(s.utcChanged, m.plan.warmup)
	busy := s.utc.inUse.Value()
	if busy == 0 || now <= from {
		return s.utcClosedBusy
	}
	return s.utcClosedBusy + float64(busy)*m.utcClosedHours(site, from, now)
}

// utcClosedHours returns the hours in [from, to) that site's UTC is
// closed: each clock hour's share outside its hours, or the whole hour on
// a day it does not open, as utcOpenCapacityHours counts the open share.
func (m *Model) utcClosedHours(site siteID, from, to engine.Time) float64 {
	u := m.plan.sites[site].utc
	closed := 0.0
	for k := m.clock.HourIndex(from); m.clock.HourStart(k) < to; k++ {
		start, end := max(m.clock.HourStart(k), from), min(m.clock.HourStart(k+1), to)
		if end <= start {
			continue
		}
		span := float64(end - start)
		if !u.days.Has(m.clock.Weekday(start)) {
			closed += span
			continue
		}
		h := m.clock.HourOfDay(start)
		closed += span - u.hours.Overlap(h, min(24, h+span))
	}
	return closed
}

// hasUTC reports whether some site has an urgent treatment centre, so the
// model reports its cost (utc_clinician_hours, cost_utc).
func (p *Plan) hasUTC() bool {
	for i := range p.sites {
		if p.sites[i].utc != nil {
			return true
		}
	}
	return false
}

// utcToED reports whether some site's UTC sends those still waiting at
// closing back to ED, so the model reports utc_returned_to_ed.
func (p *Plan) utcToED() bool {
	for i := range p.sites {
		if u := p.sites[i].utc; u != nil && u.toED {
			return true
		}
	}
	return false
}
