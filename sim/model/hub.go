package model

import (
	"math"
	"time"

	"github.com/flowsim/flowsim/sim/engine"
)

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
	s.today[unitHub].arrivals++
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
	s.today[unitHub].admissions++
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
		s.hubWaitClockHours += float64(now - p.referredAt)
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
	s.today[unitHub].discharges++
	if next, ok := s.hub.next(m.now()); ok {
		m.startHub(next)
	}
	p.hubDone, p.assessing, p.hubHoursDone = true, false, 0
	p.mark(stampHubDone, m.now())
	m.maybeReady(id)
}

// segment returns, for time t, whether the hub is working and until when
// (the end of the working stretch), or when it next opens. until is always
// after t: where the clock's rounding would put a boundary at t itself
// (hours such as 08:20-16:40 are not exact in binary), it is the next
// representable time, so callers always make progress.
func (hp *hubPlan) segment(clock *engine.CachedClock, t engine.Time) (working bool, until engine.Time) {
	h := clock.HourOfDay(t)
	if hp.days.Has(clock.Weekday(t)) && hp.hours.Open(h) {
		end := hp.hours.To
		if hp.hours.From > hp.hours.To && h >= hp.hours.From {
			end = 24
		}
		working, until = true, t+engine.Time(end-h)
	} else {
		until = nextInWindow(clock, hp.hours, t)
		if until == t || !hp.days.Has(clock.Weekday(until)) {
			// Not a working day: try from the next midnight.
			until = clock.NextMidnight(t)
		}
	}
	if until <= t {
		until = engine.Time(math.Nextafter(float64(t), math.Inf(1)))
	}
	return working, until
}

// weeklyHours is the hub's working time in a week. The hub's pattern
// repeats every week, so whole weeks of work can be skipped at once.
func (hp *hubPlan) weeklyHours() engine.Time {
	days := 0
	for d := range 7 {
		if hp.days[d] {
			days++
		}
	}
	return engine.Time(float64(days) * hp.hours.Length())
}

// workingTimeEnd returns when work hours of hub time, started at t, are
// done: only the hub's working hours on its working days count.
func (hp *hubPlan) workingTimeEnd(clock *engine.CachedClock, t, work engine.Time) engine.Time {
	if weekly := hp.weeklyHours(); weekly > 0 && work > 2*weekly {
		weeks := math.Floor(float64(work/weekly)) - 1
		t += engine.Time(weeks) * engine.Week
		work -= engine.Time(weeks) * weekly
	}
	for work > 0 {
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

// weekendHours returns the hub's working hours on Saturdays and on Sundays
// between a and b, each working stretch counted on the day it starts (a
// stretch never runs past midnight).
func (hp *hubPlan) weekendHours(clock *engine.CachedClock, a, b engine.Time) (sat, sun engine.Time) {
	if !hp.days.Has(time.Saturday) && !hp.days.Has(time.Sunday) {
		return 0, 0
	}
	for t := a; t < b; {
		working, until := hp.segment(clock, t)
		until = min(until, b)
		if working {
			switch clock.Weekday(t) {
			case time.Saturday:
				sat += until - t
			case time.Sunday:
				sun += until - t
			}
		}
		t = until
	}
	return sat, sun
}

// workingHours returns the hub's working hours between a and b (a <= b).
func (hp *hubPlan) workingHours(clock *engine.CachedClock, a, b engine.Time) engine.Time {
	var total engine.Time
	if weekly := hp.weeklyHours(); b-a > 2*engine.Week {
		weeks := math.Floor(float64((b-a)/engine.Week)) - 1
		a += engine.Time(weeks) * engine.Week
		total = engine.Time(weeks) * weekly
	}
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
