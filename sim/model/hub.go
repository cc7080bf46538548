package model

import "github.com/flowsim/flowsim/sim/engine"

// referToHub: the ward (or the virtual ward, or the discharge-to-assess
// service) refers the patient to the transfer-of-care hub. A free member of
// the team takes the referral at once; otherwise it waits its turn.
func (m *Model) referToHub(id patientID) {
	p := &m.patients.records[id]
	if p.referred || p.hubDone {
		return
	}
	s := &m.sites[p.site]
	p.referred, p.referredAt = true, m.now()
	if m.recording() {
		s.hubReferrals++
	}
	if s.hub.hasRoom() && s.hub.queue.len() == 0 {
		m.startHub(id)
		return
	}
	s.hub.wait(m.now(), id)
}

// startHub: a member of the hub's team takes the referral and works on it
// for its assessment time, counted in the hub's working hours only.
func (m *Model) startHub(id patientID) {
	p := &m.patients.records[id]
	hp := m.plan.sites[p.site].hub
	s := &m.sites[p.site]
	now := m.now()
	s.hub.start(now)
	p.hubStartAt, p.assessing = now, true
	work := engine.Time(hp.assessment.Sample(m.patientDraws(m.keysOf(p).hub, p.seq)))
	if p.place < 0 && p.hubHoursDone > 0 {
		// A census patient part-way through their assessment: the rest
		// of it, given the work already done.
		work = m.residual(m.censusKeys.hub, hp.assessment, 1, p.hubHoursDone, p.seq)
	}
	if m.recording() {
		s.hubStarts++
		s.hubWaitHours += float64(hp.workingHours(m.clock, p.referredAt, now))
		s.hubWorkHours += float64(work)
	}
	m.at(hp.workingTimeEnd(m.clock, now, work), m.k.hubEnd, id)
}

// hubEnd: the hub has arranged the patient's discharge; they go on as soon
// as they are medically safe (and, in discharge to assess, their interim
// stay is over), and the team member takes the next referral.
func (m *Model) hubEnd(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	s.hub.finish(m.now())
	if next, ok := s.hub.next(m.now()); ok {
		m.startHub(next)
	}
	p.hubDone, p.assessing, p.hubHoursDone = true, false, 0
	m.maybeReady(id)
}

// segment returns, for time t, whether the hub is working and until when
// (the end of the working stretch), or when it next opens.
func (hp *hubPlan) segment(clock engine.Clock, t engine.Time) (working bool, until engine.Time) {
	h := clock.HourOfDay(t)
	if hp.days.Has(clock.Weekday(t)) && hp.hours.Contains(h) {
		end := hp.hours.To
		if hp.hours.From > hp.hours.To && h >= hp.hours.From {
			end = 24
		}
		return true, t + engine.Time(end-h)
	}
	next := nextInWindow(clock, hp.hours, t)
	if next == t || !hp.days.Has(clock.Weekday(next)) {
		// Not a working day: try from the next midnight.
		next = clock.NextMidnight(t)
	}
	return false, next
}

// workingTimeEnd returns when work hours of hub time, started at t, are
// done: only the hub's working hours on its working days count.
func (hp *hubPlan) workingTimeEnd(clock engine.Clock, t, work engine.Time) engine.Time {
	for range 100000 {
		if work <= 0 {
			return t
		}
		working, until := hp.segment(clock, t)
		if working {
			if left := until - t; work > left {
				work -= left
			} else {
				return t + work
			}
		}
		t = until
	}
	return t
}

// workingHours returns the hub's working hours between a and b (a <= b).
func (hp *hubPlan) workingHours(clock engine.Clock, a, b engine.Time) engine.Time {
	var total engine.Time
	for t := a; t < b; {
		working, until := hp.segment(clock, t)
		until = min(until, b)
		if working {
			total += until - t
		}
		t = until
	}
	return total
}
