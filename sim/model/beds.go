package model

import (
	"time"

	"github.com/flowsim/flowsim/sim/engine"
)

// G&A beds: waiting for a bed, admission, the acute stay, and leaving the
// bed.

// requestBed: the patient needs a G&A bed; admit now, wait (boarding in ED)
// or, in a loss system, be turned away.
func (m *Model) requestBed(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	p.queued = now
	switch {
	case s.beds.hasRoom() && s.beds.queue.len() == 0:
		m.admit(id)
	case m.plan.sites[p.site].loses:
		if m.recording() {
			s.lost++
		}
		m.leaveED(p)
		m.patients.put(id)
	default:
		p.at = boarding
		s.beds.wait(now, id)
	}
}

// admitNext admits waiting patients while there are free beds.
func (m *Model) admitNext(site siteID) {
	for {
		next, ok := m.sites[site].beds.next(m.now())
		if !ok {
			return
		}
		m.admit(next)
	}
}

// admit: the patient takes a bed until they are medically safe for
// transfer; discharge planning starts now.
func (m *Model) admit(id patientID) {
	p := &m.patients.records[id]
	sp := &m.plan.sites[p.site]
	s := &m.sites[p.site]
	now := m.now()
	m.leaveED(p)
	p.at, p.admitted = inBed, now
	s.beds.start(now)
	m.occupied.Add(float64(now), 1)
	s.today[unitBeds].admissions++
	if m.recording() {
		if p.elective {
			s.electiveAdmissions++
		} else {
			s.admissions++
			s.waitHours += float64(now - p.queued)
			if now > p.queued {
				s.admittedAfterWait++
			}
		}
	}

	c := &m.plan.cohorts[p.cohort]
	los := c.los
	switch {
	case p.elective:
		los = sp.electives.los
	case m.sdecStay(p):
		// Well enough for same-day care, whether admitted after an SDEC
		// episode or instead of one: the stay depends on the patient,
		// never on the route.
		los = sp.sdec.admitLOS
	case los == nil:
		los = sp.los
	}
	stay := engine.Time(los.Sample(m.patientDraws(m.keysOf(p).los, p.seq)) * sp.losScale)

	m.planStay(id, stay)
}

// sdecStay reports whether admitted patient p has SDEC's stay for those
// suitable for same-day care (sdec.los_if_admitted) rather than their
// cohort's.
func (m *Model) sdecStay(p *patient) bool {
	sd := m.plan.sites[p.site].sdec
	return !p.elective && sd != nil && sd.admitLOS != nil && m.sdecSuitable(p)
}

// planStay books what happens after a stay of the given length from now:
// medically safe at its end or at the ward round after it (or a step-down
// part-way), and, for patients
// who will need p1–p3, the referral to the hub ahead of time.
func (m *Model) planStay(id patientID, stay engine.Time) {
	p := &m.patients.records[id]
	sp := &m.plan.sites[p.site]
	c := &m.plan.cohorts[p.cohort]
	p.safeAt = m.now() + stay
	// The whole stay decides, for a census patient too.
	p.reviewer = sp.wardRound.reviewerOf(stay + (m.now() - p.admitted))
	if !p.elective && !p.dies && p.pathway == 0 && sp.vw >= 0 && p.uStepDown < c.stepDown {
		// Finish the stay on a virtual ward if one has room by then;
		// safeAt is kept for the fallback.
		m.after(stay*engine.Time(c.stepDownAfter), m.k.stepDown, id)
		return
	}
	if p.reviewer != noReview {
		m.after(stay, m.k.stayOver, id)
	} else {
		m.after(stay, m.k.medicallySafe, id)
	}
	if p.pathway > 0 && sp.hub != nil && sp.hub.lead > 0 {
		// Discharge planning: refer the lead time before the patient
		// will be medically safe, never before admission. Without a lead
		// the referral is made when they are medically safe.
		m.after(max(0, stay-engine.Time(sp.hub.lead)), m.k.referToHub, id)
	}
}

// leaveBed frees the patient's bed, records their stay and any delay, and
// admits the next patient waiting.
func (m *Model) leaveBed(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	m.setDelay(p, notDelayed)
	s.beds.finish(now)
	m.occupied.Add(float64(now), -1)
	p.bedHours += now - p.admitted
	p.mark(stampBedLeft, now)
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
			if m.plan.cohorts[p.cohort].older {
				s.olderStayHours += stay
				s.olderDischarges++
			}
			if !p.dies {
				s.dischargesBy[p.pathway]++
				if wd := m.clock.Weekday(now); wd == time.Saturday || wd == time.Sunday {
					s.weekendDischarges++
				}
			}
			if now-p.admitted < engine.Day {
				s.sameDayBed++
			}
		}
		if !p.dies {
			m.recordReadyDischarge(s, p, now)
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

// recordReadyDischarge counts a patient (emergency or elective, as the
// NCTR count at midnight counts both) leaving a bed alive at now once
// medically safe: their wait from then — late if they leave on a later
// calendar day — and whether they were in the last recorded midnight's
// NCTR count.
func (m *Model) recordReadyDischarge(s *siteState, p *patient, now engine.Time) {
	if !p.safe {
		return
	}
	wait := float64(now - p.safeAt)
	s.readyDischarges++
	s.readyWaitHours += wait
	if now >= m.clock.NextMidnight(p.safeAt) {
		s.lateDischarges++
		s.lateWaitHours += wait
	}
	if m.day > 0 {
		if midnight := m.dayStartTime(); p.safeAt < midnight && midnight >= m.plan.warmup {
			s.readyFromMidnight++
		}
	}
}
