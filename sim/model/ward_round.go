package model

import (
	"time"

	"github.com/flowsim/flowsim/sim/engine"
)

// The ward round: the end of the acute stay is a clinical fact, but a
// patient is medically safe only once the consultant round has reviewed
// them and said so (after a short stay, the acute medical unit's
// seniors). Until then they occupy their bed neither treated nor counted
// as delayed: the hidden wait for the round.

// stayOver: the patient's acute treatment is over. Those who will die die
// now; the rest wait in their bed for the ward round to reach them (after
// a short stay, for the acute medical unit's seniors to be on) and
// declare them medically safe.
func (m *Model) stayOver(id patientID) {
	p := &m.patients.records[id]
	now := m.now()
	if p.dies {
		m.medicallySafe(id)
		return
	}
	r := m.plan.sites[p.site].wardRound
	at := nextInWindow(m.clock, r.shortStayHours, now)
	if p.reviewer == wardRoundTeam {
		at = m.nextReview(r, m.keysOf(p).round, p.seq, now)
	}
	if at == now { // the round is at their bed as the stay ends
		if m.recording() {
			m.sites[p.site].roundDeclarations++
		}
		m.medicallySafe(id)
		return
	}
	p.awaitingRound, p.safeAt = true, now
	m.sites[p.site].roundWaiting.Add(float64(now), 1)
	m.at(at, m.k.medicallySafe, id)
}

// declared: the round has declared a patient waiting for it medically safe
// now; their wait since the end of the acute stay is over.
func (m *Model) declared(p *patient) {
	if !p.awaitingRound {
		return
	}
	s := &m.sites[p.site]
	now := m.now()
	p.awaitingRound = false
	s.roundWaiting.Add(float64(now), -1)
	if m.recording() {
		s.roundDeclarations++
		s.roundWaitHours += float64(now - p.safeAt)
	}
}

// nextReview returns when the ward round r first reviews, at or after t,
// the patient whose streams are (key, seq). The patient's place on the
// round is a fraction u of its hours, the same every day; on a Saturday or
// Sunday the round sees them only with r's weekend chance, drawn per day.
func (m *Model) nextReview(r *roundPlan, key, seq uint64, t engine.Time) engine.Time {
	draws := m.patientUniforms(key, seq)
	u := draws.Float64()
	day := m.clock.DayIndex(t)
	for k := range 14 {
		midnight := m.clock.HourStart(24 * (day + k))
		// Noon names the day: midnight itself may round to the day before.
		wd := m.clock.Weekday(midnight + 12)
		weekend := wd == time.Saturday || wd == time.Sunday
		w := r.weekday
		if weekend {
			w = r.weekend
		}
		at := midnight + engine.Time(w.From+u*w.Length())
		if at < t {
			continue // the round reached them before their stay was over
		}
		if weekend && r.seen < 1 && draws.Float64() >= r.seen {
			continue
		}
		return at
	}
	// A round that never sees the patient cannot be written (weekdays
	// always have one), so this is not reached; declare them now.
	return t
}
