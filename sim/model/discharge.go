package model

import (
	"time"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
)

// medicallySafe: the patient no longer needs an acute bed. Those who die
// in hospital die now; going home (p0) follows the ward's discharge rhythm;
// p1–p3 need the hub and then their service. Every hour from now until
// they leave the bed is a delayed bed-hour, with its reason.
func (m *Model) medicallySafe(id int32) {
	p := &m.patients.records[id]
	now := m.now()
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
		m.eng.At(at, m.k.dischargeHome, id)
	default:
		m.needsSupport(id)
	}
}

// dischargeHome: a p0 patient leaves at the ward's next discharge time.
func (m *Model) dischargeHome(id int32) {
	m.leaveBed(id)
	m.leave(id)
}

// die: the patient dies in hospital at the end of their acute stay.
func (m *Model) die(id int32) {
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

// leaveBed frees the patient's bed, records their stay and any delay, and
// admits the next patient waiting.
func (m *Model) leaveBed(id int32) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	m.setDelay(p, notDelayed)
	s.beds.finish(now)
	m.occupied.Add(float64(now), -1)
	p.bedHours += now - p.admitted
	s.today[unitBeds].discharges++
	if m.recording() {
		s.discharges++
		stay := float64(now - p.admitted)
		switch {
		case p.elective:
			s.electiveStayHours += stay
			s.electiveDischarges++
		default:
			s.emergencyStayHours += stay
			s.emergencyDischarges++
			if !p.dies {
				s.dischargesBy[p.pathway]++
			}
			if now-p.admitted < engine.Day {
				s.sameDayBed++
			}
		}
		if p.safe && p.pathway > 0 {
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
	p.at, p.viaVW, p.since = onVirtualWard, true, m.now()
	m.vws[vw].start(m.now())
	s.vwPatients.Add(float64(m.now()), 1)
	s.today[unitVW].admissions++
	los := m.plan.vws[vw].los.Sample(m.patientDraws(m.keysOf(p).vw, p.seq))
	m.eng.After(engine.Time(los), m.k.vwEnd, id)
}

// vwEnd: the virtual-ward stay is over. Patients going home without new
// support leave; those who need p1–p3 (stepped up instead of admitted)
// are medically safe now and wait on the virtual ward for the hub and their
// service.
func (m *Model) vwEnd(id int32) {
	p := &m.patients.records[id]
	if p.pathway > 0 {
		p.safe, p.safeAt = true, m.now()
		m.needsSupport(id)
		return
	}
	m.leaveVirtualWard(id)
	m.leave(id)
}

// leaveVirtualWard frees the patient's virtual-ward bed.
func (m *Model) leaveVirtualWard(id int32) {
	p := &m.patients.records[id]
	m.vws[m.plan.sites[p.site].vw].finish(m.now())
	m.sites[p.site].vwPatients.Add(float64(m.now()), -1)
	m.sites[p.site].today[unitVW].discharges++
	p.at = nowhere
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
	case p.viaVW:
		return "virtual_ward"
	case p.bedHours == 0 && p.viaSDEC:
		return "sdec"
	}
	return "bed"
}
