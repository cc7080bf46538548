package model

import "github.com/flowsim/flowsim/sim/engine"

// Virtual wards: step-up instead of admission, step-down part-way through a
// stay.

// startVirtualWard: the patient is cared for at home by the virtual ward.
func (m *Model) startVirtualWard(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	vw := m.plan.sites[p.site].vw
	p.at, p.viaVW, p.since = onVirtualWard, true, m.now()
	m.vws[vw].start(m.now())
	s.vwPatients.Add(float64(m.now()), 1)
	s.today[unitVW].admissions++
	los := m.plan.vws[vw].los.Sample(m.patientDraws(m.keysOf(p).vw, p.seq))
	m.after(engine.Time(los), m.k.vwEnd, id)
}

// stepDownHandler: part-way through the stay the patient could finish on a
// virtual ward; if it is full they stay in the bed until medically safe.
func (m *Model) stepDownHandler(id patientID) {
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
	if p.reviewer != noReview {
		m.at(p.safeAt, m.k.stayOver, id)
		return
	}
	m.at(p.safeAt, m.k.medicallySafe, id)
}

// vwEnd: the virtual-ward stay is over. Patients going home without new
// support leave; those who need p1–p3 (stepped up instead of admitted)
// are medically safe now and wait on the virtual ward for the hub and their
// service.
func (m *Model) vwEnd(id patientID) {
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
func (m *Model) leaveVirtualWard(id patientID) {
	p := &m.patients.records[id]
	m.vws[m.plan.sites[p.site].vw].finish(m.now())
	m.sites[p.site].vwPatients.Add(float64(m.now()), -1)
	m.sites[p.site].today[unitVW].discharges++
	p.at = nowhere
}
