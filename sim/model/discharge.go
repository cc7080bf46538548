package model

import (
	"time"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// medicallySafe: the patient no longer needs an acute bed. Going home (p0)
// follows the ward's discharge rhythm; p1–p3 wait for the hub and then for
// their service, and every hour of that wait is a delayed bed-hour.
func (m *Model) medicallySafe(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	p.safe, p.safeAt = true, now
	if p.pathway == 0 {
		at := m.nextDischargeTime(p, now)
		if at == now {
			m.leaveBed(id)
			m.leave(id)
			return
		}
		m.eng.At(at, m.k.dischargeHome, id)
		return
	}
	s.delayed.Add(float64(now), 1)
	sp := &m.plan.sites[p.site]
	if sp.hub == nil {
		p.hubDone = true
	}
	if p.hubDone {
		m.requestPathway(id)
	}
}

// dischargeHome: a p0 patient leaves at the ward's next discharge time.
func (m *Model) dischargeHome(id int32) {
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
	for k := uint64(0); k < 14; k++ {
		t = nextInWindow(m.clock, d.hours, t)
		wd := m.clock.Weekday(t)
		if (wd == time.Saturday || wd == time.Sunday) && d.weekend < 1 {
			u := m.patientDraws(m.keysOf(p).p0, p.seq<<4|k).Float64()
			if u >= d.weekend {
				t = m.clock.NextMidnight(t)
				continue
			}
		}
		return t
	}
	return t
}

// nextInWindow returns the first time at or after t inside the daily
// window w.
func nextInWindow(clock engine.Clock, w scenario.Window, t engine.Time) engine.Time {
	h := clock.HourOfDay(t)
	if w.Contains(h) {
		return t
	}
	wait := w.From - h
	if wait < 0 {
		wait += 24
	}
	return t + engine.Time(wait)
}

// stepDownHandler: part-way through the stay the patient could finish on a
// virtual ward; if it is full they stay in the bed until medically safe.
func (m *Model) stepDownHandler(id int32) {
	p := &m.patients.records[id]
	vw := m.plan.sites[p.site].vw
	if m.vws[vw].hasRoom() {
		m.leaveBed(id)
		if m.recording() {
			m.sites[p.site].vwStepDowns++
		}
		m.startVirtualWard(id)
		return
	}
	m.eng.At(p.safeAt, m.k.medicallySafe, id)
}

// referToHub: the ward refers the patient to the transfer-of-care hub,
// which assesses and arranges their discharge in working hours.
func (m *Model) referToHub(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	if m.recording() {
		s.hubReferrals++
	}
	if s.hub.hasRoom() {
		m.startHub(id)
		return
	}
	s.hub.wait(m.now(), id)
}

// startHub: a hub worker takes the referral.
func (m *Model) startHub(id int32) {
	p := &m.patients.records[id]
	hp := m.plan.sites[p.site].hub
	m.sites[p.site].hub.start(m.now())
	work := hp.assessment.Sample(m.patientDraws(m.keysOf(p).hub, p.seq))
	m.eng.At(workingTimeEnd(m.clock, hp, m.now(), engine.Time(work)), m.k.hubEnd, id)
}

// workingTimeEnd returns when work hours of hub time, started at t, are
// done: only the hub's working hours on its working days count.
func workingTimeEnd(clock engine.Clock, hp *hubPlan, t, work engine.Time) engine.Time {
	for range 10000 {
		if work <= 0 {
			return t
		}
		h := clock.HourOfDay(t)
		if hp.days.Has(clock.Weekday(t)) && hp.hours.Contains(h) {
			segEnd := hp.hours.To
			if hp.hours.From > hp.hours.To && h >= hp.hours.From {
				segEnd = 24
			}
			left := engine.Time(segEnd - h)
			if work <= left {
				return t + work
			}
			work -= left
			t += left
			continue
		}
		// Closed: jump to the next opening (tomorrow's if not a working day).
		t = nextInWindow(clock, hp.hours, t)
		if !hp.days.Has(clock.Weekday(t)) || !hp.hours.Contains(clock.HourOfDay(t)) {
			t = clock.NextMidnight(t)
		}
	}
	return t
}

// hubEnd: the hub has arranged the patient's discharge; they can go as soon
// as they are medically safe and their service has room.
func (m *Model) hubEnd(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	s.hub.finish(m.now())
	if next, ok := s.hub.next(m.now()); ok {
		m.startHub(next)
	}
	p.hubDone = true
	if p.safe {
		m.requestPathway(id)
	}
}

// requestPathway: the patient waits in their bed for a p1–p3 place.
func (m *Model) requestPathway(id int32) {
	p := &m.patients.records[id]
	u := m.sites[p.site].pathways[p.pathway]
	if u == nil { // no finite service modelled: they go at once
		m.leaveBed(id)
		m.leave(id)
		return
	}
	m.sites[p.site].today[unitP1+unitKind(p.pathway)-1].arrivals++
	if u.hasRoom() && u.queue.len() == 0 {
		m.transfer(id)
		return
	}
	u.wait(m.now(), id)
}

// transferNext moves waiting patients into free places of pathway pw.
func (m *Model) transferNext(site int16, pw int) {
	for {
		next, ok := m.sites[site].pathways[pw].next(m.now())
		if !ok {
			return
		}
		m.transfer(next)
	}
}

// transfer: the patient leaves the acute bed for their p1–p3 service.
func (m *Model) transfer(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	u := s.pathways[p.pathway]
	m.leaveBed(id)
	p.at = onPathway
	u.start(m.now())
	s.today[unitP1+unitKind(p.pathway)-1].admissions++
	if m.recording() {
		s.pathwayStarts[p.pathway]++
	}
	los := m.plan.sites[p.site].pathways[p.pathway].los
	m.eng.After(engine.Time(los.Sample(m.patientDraws(m.keysOf(p).pathway, p.seq))), m.k.pathwayEnd, id)
}

// pathwayEnd: the patient's p1–p3 service ends; the place goes to the next
// patient waiting in a hospital bed.
func (m *Model) pathwayEnd(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	pw := int(p.pathway)
	s.pathways[pw].finish(m.now())
	s.today[unitP1+unitKind(pw)-1].discharges++
	site := p.site
	m.leave(id)
	m.transferNext(site, pw)
}

// leaveBed frees the patient's bed, records their stay and any delay, and
// admits the next patient waiting.
func (m *Model) leaveBed(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	s.beds.finish(now)
	m.occupied.Add(float64(now), -1)
	p.bedHours += now - p.admitted
	s.today[unitBeds].discharges++
	if p.safe && p.pathway > 0 {
		s.delayed.Add(float64(now), -1)
	}
	if m.recording() {
		s.discharges++
		s.stayHours += float64(now - p.admitted)
		if !p.elective {
			s.dischargesBy[p.pathway]++
			if now-p.admitted < engine.Day {
				s.sameDayBed++
			}
		}
		if p.safe && p.pathway > 0 {
			s.pathwayWaits++
			s.pathwayWaitHours += float64(now - p.safeAt)
			if wd := m.clock.Weekday(p.safeAt); wd == time.Saturday || wd == time.Sunday {
				s.weekendDelayHours += float64(now - p.safeAt)
			}
		}
	}
	p.at = nowhere
	m.admitNext(p.site)
}

// startVirtualWard: the patient is cared for at home by the virtual ward.
func (m *Model) startVirtualWard(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	vw := m.plan.sites[p.site].vw
	p.at = onVirtualWard
	m.vws[vw].start(m.now())
	s.vwPatients.Add(float64(m.now()), 1)
	s.today[unitVW].admissions++
	los := m.plan.vws[vw].los.Sample(m.patientDraws(m.keysOf(p).vw, p.seq))
	m.eng.After(engine.Time(los), m.k.vwEnd, id)
}

// vwEnd: discharged from the virtual ward.
func (m *Model) vwEnd(id int32) {
	p := &m.patients.records[id]
	m.vws[m.plan.sites[p.site].vw].finish(m.now())
	m.sites[p.site].vwPatients.Add(float64(m.now()), -1)
	m.sites[p.site].today[unitVW].discharges++
	m.leave(id)
}

// leave: the patient's journey ends. Some come back within weeks as an
// emergency readmission; their record waits in the community until then.
func (m *Model) leave(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	if m.recording() {
		s.left++
	}
	m.recordJourney(p, routeOf(p))
	p.at = nowhere
	if !p.elective && p.readmits < 255 {
		c := &m.plan.cohorts[p.cohort]
		if p.uReadmit < c.readmit {
			at := m.now() + engine.Time(p.uReadmitDelay*c.readmitWithin)
			if at < m.plan.horizon {
				// A new journey with streams of its own.
				p.readmits++
				p.seq += 1 << 48
				p.edDone, p.safe, p.hubDone, p.viaSDEC = false, false, false, false
				p.bedHours = 0
				m.eng.At(at, m.k.readmit, id)
				return
			}
		}
	}
	m.patients.put(id)
}

// scheduleEDOther books the next hour of ED attendances that will not be
// admitted.
func (m *Model) scheduleEDOther(site int32) {
	if next := m.clock.HourStart(m.clock.HourIndex(m.now()) + 1); next < m.plan.horizon {
		m.eng.At(next, m.k.edOther, site)
	}
}

// edOther: an hour of ED attendances treated and sent home from ED. They
// occupy no modelled resource and only count towards the four-hour share,
// so one event handles the hour, and only their numbers are drawn: those
// out of ED within four hours and those not are independent Poisson counts
// (splitting a Poisson process by an independent chance gives two), with
// means from the hour's rate and the time-in-ED distribution. Only the part
// of the hour after the warm-up counts.
func (m *Model) edOther(site int32) {
	s := &m.sites[site]
	ed := m.plan.sites[site].ed
	k := m.clock.HourIndex(m.now())
	from := max(m.now(), m.plan.warmup)
	to := min(m.clock.HourStart(k+1), m.plan.horizon)
	if to > from {
		mean := ed.others * ed.profile.hourFactor(k) * float64(to-from)
		within := dist.Poisson(s.edOthersRNG, mean*ed.othersWithin4h)
		over := dist.Poisson(s.edOthersRNG, mean*(1-ed.othersWithin4h))
		s.edAttendances += within + over
		s.edOthers += within + over
		s.edWithin4h += within
	}
	m.scheduleEDOther(site)
}

// scheduleElective books the next planned admission at site.
func (m *Model) scheduleElective(site int32) {
	e := m.plan.sites[site].electives
	if t, ok := e.profile.nextArrival(m.sites[site].electivesRNG, m.clock, e.rate, m.now(), m.plan.horizon); ok {
		m.eng.At(t, m.k.elective, site)
	}
}

// electiveArrival: a planned patient arrives for surgery or treatment and
// needs a bed; with no bed the operation is cancelled (or they wait, if the
// site lets them).
func (m *Model) electiveArrival(site int32) {
	m.scheduleElective(site)
	s := &m.sites[site]
	id := m.patients.get()
	p := &m.patients.records[id]
	p.elective, p.site, p.seq, p.arrived, p.edDone = true, int16(site), s.electiveCount, m.now(), true
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

// routeOf names where a journey ended: on a virtual ward, home from SDEC
// the same day, or from a bed (possibly via a p1–p3 service).
func routeOf(p *patient) string {
	switch {
	case p.at == onVirtualWard:
		return "virtual_ward"
	case p.bedHours == 0 && p.viaSDEC:
		return "sdec"
	}
	return "bed"
}
