package model

import "github.com/flowsim/flowsim/sim/engine"

// Events carry one int32 through the engine. Here that argument is typed
// by what it names — a patient, a site, a place, a site's pathway provider,
// or nothing — and each event kind by the argument it takes, so that a
// site can never be booked where a patient is expected.

// patientID indexes a patient record in the model's pool.
type patientID int32

// siteID indexes the plan's sites (in key order).
type siteID int16

// placeID indexes the plan's places (in key order).
type placeID int16

// provider names one site's p1–p3 pathway provider.
type provider struct {
	site siteID
	pw   int8
}

// Event kinds by argument.
type (
	patientEvent  struct{ kind engine.Kind }
	siteEvent     struct{ kind engine.Kind }
	placeEvent    struct{ kind engine.Kind }
	providerEvent struct{ kind engine.Kind }
	clockEvent    struct{ kind engine.Kind }
)

func (m *Model) onPatient(name string, prio engine.Priority, h func(patientID)) patientEvent {
	return patientEvent{m.eng.Register(name, prio, func(a int32) { h(patientID(a)) })}
}

func (m *Model) onSite(name string, prio engine.Priority, h func(siteID)) siteEvent {
	return siteEvent{m.eng.Register(name, prio, func(a int32) { h(siteID(a)) })}
}

func (m *Model) onPlace(name string, prio engine.Priority, h func(placeID)) placeEvent {
	return placeEvent{m.eng.Register(name, prio, func(a int32) { h(placeID(a)) })}
}

func (m *Model) onProvider(name string, prio engine.Priority, h func(provider)) providerEvent {
	return providerEvent{m.eng.Register(name, prio, func(a int32) { h(provider{siteID(a / 4), int8(a % 4)}) })}
}

func (m *Model) onClock(name string, prio engine.Priority, h func()) clockEvent {
	return clockEvent{m.eng.Register(name, prio, func(int32) { h() })}
}

// at books e for patient id at time t; after, d hours from now. Events
// at or after the horizon would never run, so they are not booked: a
// stay drawn from a long tail (up to the scenario's bounds) never reaches
// the engine's limit, and the calendar holds only what can happen. A NaN
// or past time still reaches the engine, which panics: that is a bug.
func (m *Model) at(t engine.Time, e patientEvent, id patientID) {
	if t >= m.plan.horizon {
		return
	}
	m.eng.At(t, e.kind, int32(id))
}

func (m *Model) after(d engine.Time, e patientEvent, id patientID) {
	if m.now()+d >= m.plan.horizon {
		return
	}
	m.eng.After(d, e.kind, int32(id))
}

// atSite, atPlace, atProvider and atClock book the other kinds at time t.
func (m *Model) atSite(t engine.Time, e siteEvent, s siteID) { m.eng.At(t, e.kind, int32(s)) }

func (m *Model) atPlace(t engine.Time, e placeEvent, p placeID) { m.eng.At(t, e.kind, int32(p)) }

func (m *Model) atProvider(t engine.Time, e providerEvent, p provider) {
	m.eng.At(t, e.kind, int32(p.site)*4+int32(p.pw))
}

func (m *Model) atClock(t engine.Time, e clockEvent) { m.eng.At(t, e.kind, 0) }
