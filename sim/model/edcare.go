package model

import (
	"fmt"
	"math/rand/v2"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// An ED with capacity: patients take a cubicle (or a corridor space), wait
// there to be seen by the most urgent first, are assessed by a clinician
// on the rota — more slowly when the department is crowded — and, if
// admitted, board in ED until a bed is free. Ambulance crews wait with
// their patient until a majors cubicle (or, where allowed, a corridor
// space) takes them: the handover.

// maxTriage bounds the triage categories (see scenario.MaxTriageCategories).
const maxTriage = scenario.MaxTriageCategories

// twelveHours is the longest wait the NHS counts in ED: from arrival, and
// from the decision to admit to admission.
const twelveHours engine.Time = 12

// space is where in ED a patient is.
type space uint8

const (
	noSpace    space = iota // not in an ED space: waiting for one, or out of ED
	inMajors                // a majors cubicle
	inMinors                // a minors cubicle
	inCorridor              // a corridor space
)

// edCapacity is a site's ED capacity, as the scenario gives it.
type edCapacity struct {
	majors, minors, clinicians scenario.EDUnit
	hasMinors                  bool
	assessment                 dist.Distribution
	othersTreatment            dist.Distribution // nil: no other attendances
	workup, othersWorkup       dist.Distribution // nil: none
	triageCum                  []float64         // cumulative shares, most urgent first
	crowding                   *scenario.Crowding
	corridor                   int
	corridorBoarding           bool
	corridorHandover           bool
	othersMajors               float64
	othersAmbulance            float64
}

// prepareEDCapacity builds the capacity of ED ed (which has majors).
func prepareEDCapacity(ed *scenario.ED, othersTime dist.Distribution) (*edCapacity, error) {
	if ed.Clinicians == nil || ed.Assessment == nil {
		// Validate refuses this; a scenario built in code may not have
		// been validated.
		return nil, fmt.Errorf("ed: majors cubicles need clinicians and an assessment time")
	}
	c := &edCapacity{majors: *ed.Majors, clinicians: *ed.Clinicians, othersTreatment: othersTime,
		crowding: ed.Crowding, corridor: ed.Corridor, corridorBoarding: ed.Boarding == scenario.BoardCorridor,
		corridorHandover: ed.CorridorHandover, othersMajors: ed.OthersMajors, othersAmbulance: ed.OthersAmbulance}
	if ed.Minors != nil {
		c.minors, c.hasMinors = *ed.Minors, true
	}
	a, err := ed.Assessment.Build()
	if err != nil {
		return nil, fmt.Errorf("ed.assessment: %w", err)
	}
	c.assessment = a
	for _, w := range []struct {
		field string
		d     *scenario.Dist
		to    *dist.Distribution
	}{{"workup", ed.Workup, &c.workup}, {"others_workup", ed.OthersWorkup, &c.othersWorkup}} {
		if w.d == nil {
			continue
		}
		if *w.to, err = w.d.Build(); err != nil {
			return nil, fmt.Errorf("ed.%s: %w", w.field, err)
		}
	}
	cum := 0.0
	for _, t := range ed.Triage {
		cum += t.Share
		c.triageCum = append(c.triageCum, cum)
	}
	if len(c.triageCum) == 0 {
		c.triageCum = []float64{1}
	}
	return c, nil
}

// schedules lists the ED's schedules, for the capacity ticks.
func (c *edCapacity) schedules() []scenario.Schedule {
	return []scenario.Schedule{c.majors.Schedule, c.minors.Schedule, c.clinicians.Schedule}
}

// crowdingFactor returns the multiplier of assessment time with n
// patients in ED's spaces.
func (c *edCapacity) crowdingFactor(n int) float64 {
	cr := c.crowding
	if cr == nil || n <= cr.Above {
		return 1
	}
	return min(cr.Max, 1+cr.PerPatient*float64(n-cr.Above))
}

// edState is a site's ED with capacity while the model runs.
type edState struct {
	majors, minors *unit // minors nil: minors attendances use majors
	corridor       *unit // nil: no corridor spaces
	clinicians     *unit
	// toSee are the patients in a space waiting for a clinician, by
	// triage category, in arrival order.
	toSee [maxTriage]fifo
	// crews are ambulance patients not yet handed over; the waiting room
	// walk-ins waiting for a majors (0) or minors (1) cubicle.
	crews       fifo
	waitingRoom [2]fifo
	// cubicleBoarders are admitted patients boarding in a majors cubicle
	// who would move to a corridor space (boarding: corridor); entries of
	// patients who since left are skipped.
	cubicleBoarders fifo
	// othersRNG times the other attendances; othersCount numbers them and
	// othersKeys name their streams.
	othersRNG   *rand.Rand
	othersCount uint64
	othersKeys  streamKeys
	// inSpaces counts the patients in a cubicle or corridor space,
	// handover the ambulance patients waiting for handover (crews) and
	// boarders the admitted patients boarding in a space: daily.csv's ed
	// rows, kept apart from the spaces' own levels.
	inSpaces, handover, boarders stats.Level
}

func newEDState(c *edCapacity, rep rng.Replication, site string) *edState {
	e := &edState{majors: newUnit("ed_majors", c.majors.Capacity, c.majors.Schedule),
		clinicians: newUnit("ed_clinicians", c.clinicians.Capacity, c.clinicians.Schedule)}
	if c.hasMinors {
		e.minors = newUnit("ed_minors", c.minors.Capacity, c.minors.Schedule)
	}
	if c.corridor > 0 {
		e.corridor = newUnit("ed_corridor", c.corridor, nil)
	}
	if c.othersTreatment != nil {
		e.othersRNG = rep.Stream("ed-others/" + site)
		e.othersKeys = newStreamKeys(rep, "ed-other/"+site)
	}
	return e
}

// units lists the ED's units that exist.
func (e *edState) units() []*unit {
	us := []*unit{e.majors, e.clinicians}
	for _, u := range []*unit{e.minors, e.corridor} {
		if u != nil {
			us = append(us, u)
		}
	}
	return us
}

// waiting counts the patients waiting for a space or a clinician.
func (e *edState) waiting() int {
	n := e.crews.len() + e.waitingRoom[0].len() + e.waitingRoom[1].len()
	for i := range e.toSee {
		n += e.toSee[i].len()
	}
	return n
}

// present counts the patients in ED's cubicles and corridor spaces.
func (e *edState) present() int {
	n := e.majors.inUse.Value()
	for _, u := range []*unit{e.minors, e.corridor} {
		if u != nil {
			n += u.inUse.Value()
		}
	}
	return n
}

// cubicles returns the unit of a stream's cubicles: majors, or minors if
// the ED has them.
func (e *edState) cubicles(minor bool) (*unit, space) {
	if minor && e.minors != nil {
		return e.minors, inMinors
	}
	return e.majors, inMajors
}

// unitOf returns the unit of a space.
func (e *edState) unitOf(sp space) *unit {
	switch sp {
	case inMajors:
		return e.majors
	case inMinors:
		return e.minors
	}
	return e.corridor
}

// enterED: an emergency patient arrives in an ED with capacity. The
// clinician's assessment time and their triage category are drawn now,
// from their own stream.
func (m *Model) enterED(id patientID) {
	p := &m.patients.records[id]
	c := m.plan.sites[p.site].ed.capacity
	m.drawEDNeeds(p, c.assessment, c.workup, m.patientDraws(m.keysOf(p).ed, p.seq))
	m.seekSpace(id)
}

// drawEDNeeds draws a patient's triage category, their time with a
// clinician from treatment, and their workup after it (workup nil: none).
func (m *Model) drawEDNeeds(p *patient, treatment, workup dist.Distribution, r *rand.Rand) {
	c := m.plan.sites[p.site].ed.capacity
	p.triage = int8(pick(c.triageCum, r.Float64()))
	p.treatment = engine.Time(treatment.Sample(r))
	p.workup = 0
	if workup != nil {
		p.workup = engine.Time(workup.Sample(r))
	}
}

// scheduleOtherAttendance books the next ED attendance at site that will
// not be admitted.
func (m *Model) scheduleOtherAttendance(site siteID) {
	ed := m.plan.sites[site].ed
	e := m.sites[site].ed
	if t, ok := ed.profile.nextArrival(e.othersRNG, m.clock.Clock, ed.others, m.now(), m.plan.horizon); ok {
		m.atSite(t, m.k.edOtherArrive, site)
	}
}

// otherAttendance: a patient who will not be admitted arrives at site's
// ED: by ambulance (others_ambulance of them) to majors, or walking in to
// majors (others_majors of those) or as a minor attendance.
func (m *Model) otherAttendance(site siteID) {
	m.scheduleOtherAttendance(site)
	e := m.sites[site].ed
	id := m.patients.get()
	p := &m.patients.records[id]
	p.edOther, p.site, p.seq, p.arrived, p.at = true, site, e.othersCount, m.now(), inED
	e.othersCount++
	c := m.plan.sites[site].ed.capacity
	r := m.patientDraws(e.othersKeys.ed, p.seq)
	p.ambulance = r.Float64() < c.othersAmbulance
	p.minor = r.Float64() >= c.othersMajors && !p.ambulance
	m.drawEDNeeds(p, c.othersTreatment, c.othersWorkup, r)
	if p.minor {
		m.minorAttends(id)
		return
	}
	m.seekSpace(id)
}

// minorAttends: a minor attendance arrives at its site's ED and waits for
// a minors cubicle. Every minor attendance passes here, so a service that
// streams minors elsewhere diverts them in this one place: while the
// site's urgent treatment centre is open, its streamed share goes there
// (see toUTC) as the UTC's own patient, never having taken an ED space.
func (m *Model) minorAttends(id patientID) {
	if m.toUTC(m.patients.records[id].site, m.now()) {
		m.patients.put(id)
		return
	}
	m.seekSpace(id)
}

// seekSpace: the patient, just arrived, takes a cubicle if one is free and
// nobody is ahead of them. Otherwise an ambulance crew hands over into a
// corridor space if the ED allows it and one is free, or waits with the
// patient; a walk-in waits in the waiting room.
func (m *Model) seekSpace(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	e := s.ed
	s.today[unitED].arrivals++
	if m.recording() {
		s.edArrived++
	}
	u, sp := e.cubicles(p.minor)
	switch {
	case p.ambulance:
		switch {
		case u.hasRoom() && e.crews.len() == 0:
			m.takeSpace(id, sp)
		case m.plan.sites[p.site].ed.capacity.corridorHandover && e.corridor.hasRoom():
			m.takeSpace(id, inCorridor)
		default:
			e.crews.push(id)
			e.handover.Add(float64(m.now()), 1)
		}
	case u.hasRoom() && e.waitingRoom[sp-inMajors].len() == 0 && (sp == inMinors || e.crews.len() == 0):
		m.takeSpace(id, sp)
	default:
		e.waitingRoom[sp-inMajors].push(id)
	}
}

// takeSpace: the patient takes an ED space (an ambulance patient is handed
// over) and waits there to be seen.
func (m *Model) takeSpace(id patientID, sp space) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	now := m.now()
	p.space = sp
	s.ed.unitOf(sp).start(now)
	s.ed.inSpaces.Add(float64(now), 1)
	s.today[unitED].admissions++
	if p.ambulance && m.recording() {
		wait := float64(now - p.arrived)
		s.handovers++
		s.handoverHours += wait
		s.handoverOver15 += max(0, wait-0.25)
		s.handoverOver30 += max(0, wait-0.5)
		s.handoverOver60 += max(0, wait-1)
	}
	s.ed.toSee[p.triage].push(id)
	m.seeNext(p.site)
}

// seeNext: free clinicians see the most urgent patients waiting in a
// space, each for their assessment time, slowed by crowding.
func (m *Model) seeNext(site siteID) {
	s := &m.sites[site]
	e := s.ed
	c := m.plan.sites[site].ed.capacity
	now := m.now()
	for e.clinicians.hasRoom() {
		id, ok := e.nextToSee()
		if !ok {
			return
		}
		p := &m.patients.records[id]
		e.clinicians.start(now)
		if m.recording() {
			s.edSeen++
			s.edSeenWaitHours += float64(now - p.arrived)
			s.edSeenBy[p.triage]++
			s.edSeenWaitBy[p.triage] += float64(now - p.arrived)
			if now > p.arrived {
				s.edSeenAfterWait++
			}
		}
		m.after(p.treatment*engine.Time(c.crowdingFactor(e.present())), m.k.edAssessed, id)
	}
}

// nextToSee takes the first patient of the most urgent category waiting.
func (e *edState) nextToSee() (patientID, bool) {
	for i := range e.toSee {
		if e.toSee[i].len() > 0 {
			return e.toSee[i].pop(), true
		}
	}
	return 0, false
}

// edAssessed: the clinician is free, and the patient has their workup,
// if any, in their space.
func (m *Model) edAssessed(id patientID) {
	p := &m.patients.records[id]
	site := p.site
	m.sites[site].ed.clinicians.finish(m.now())
	if p.workup > 0 {
		m.after(p.workup, m.k.edWorkedUp, id)
	} else {
		m.edDone(id)
	}
	m.seeNext(site)
}

// edDone: a patient who will not be admitted goes home; an emergency
// patient has their decision, and if they must wait for a bed they board
// in ED.
func (m *Model) edDone(id patientID) {
	p := &m.patients.records[id]
	if p.edOther {
		m.leaveED(p)
		m.patients.put(id)
	} else {
		m.decide(id)
		if p.at == boarding {
			m.board(id)
		}
	}
}

// board: an admitted patient waits in ED for a bed — in their cubicle, or
// with boarding: corridor in a corridor space, freeing the cubicle, as
// soon as one is free.
func (m *Model) board(id patientID) {
	p := &m.patients.records[id]
	e := m.sites[p.site].ed
	e.boarders.Add(float64(m.now()), 1)
	if p.space != inMajors || !m.plan.sites[p.site].ed.capacity.corridorBoarding {
		return
	}
	if !e.corridor.hasRoom() {
		e.cubicleBoarders.push(id)
		return
	}
	m.moveToCorridor(id)
}

// moveToCorridor moves a boarder from their majors cubicle to a corridor
// space, and the cubicle takes the next patient.
func (m *Model) moveToCorridor(id patientID) {
	p := &m.patients.records[id]
	e := m.sites[p.site].ed
	e.majors.finish(m.now())
	e.corridor.start(m.now())
	p.space = inCorridor
	m.fillSpace(p.site, inMajors)
}

// leaveSpace: the patient leaves ED and their space takes the next.
func (m *Model) leaveSpace(p *patient) {
	if p.space == noSpace {
		return
	}
	sp := p.space
	p.space = noSpace
	s := &m.sites[p.site]
	now := float64(m.now())
	s.ed.unitOf(sp).finish(m.now())
	s.ed.inSpaces.Add(now, -1)
	if p.at == boarding {
		s.ed.boarders.Add(now, -1)
	}
	s.today[unitED].discharges++
	m.fillSpace(p.site, sp)
}

// fillSpace gives free spaces of kind sp to those waiting: a majors
// cubicle to the ambulance crews first, then the waiting room; a minors
// cubicle to the minors waiting room; a corridor space to a boarder in a
// cubicle (boarding: corridor), else to a crew (corridor_handover).
func (m *Model) fillSpace(site siteID, sp space) {
	e := m.sites[site].ed
	c := m.plan.sites[site].ed.capacity
	u := e.unitOf(sp)
	for u.hasRoom() {
		switch {
		case sp == inCorridor && c.corridorBoarding && e.cubicleBoarders.len() > 0:
			id := e.cubicleBoarders.pop()
			if p := &m.patients.records[id]; p.at == boarding && p.space == inMajors {
				m.moveToCorridor(id)
			}
		case sp != inMinors && (sp == inMajors || c.corridorHandover) && e.crews.len() > 0:
			e.handover.Add(float64(m.now()), -1)
			m.takeSpace(e.crews.pop(), sp)
		case sp != inCorridor && e.waitingRoom[sp-inMajors].len() > 0:
			m.takeSpace(e.waitingRoom[sp-inMajors].pop(), sp)
		default:
			return
		}
	}
}

// inEDNow counts site's attendances in ED now: waiting for a space, in
// one, being seen or boarding.
func (m *Model) inEDNow(site siteID) int {
	n := 0
	for i := range m.patients.records {
		p := &m.patients.records[i]
		if p.site == site && !p.edDone && (p.at == inED || p.at == boarding) && !p.elective && !p.direct {
			n++
		}
	}
	return n
}
