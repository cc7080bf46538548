package model

import (
	"time"

	"github.com/flowsim/flowsim/sim/engine"
)

// needsSupport: a medically safe patient who will go home with support or
// to a rehabilitation bed or care home. With the hub's work done they ask
// their provider for a place; otherwise, in a site with discharge to
// assess, they leave the acute bed for an interim place and are assessed
// there; otherwise they wait where they are for the hub.
func (m *Model) needsSupport(id patientID) {
	p := &m.patients.records[id]
	sp := &m.plan.sites[p.site]
	if sp.hub == nil {
		p.hubDone = true
	}
	switch {
	case p.hubDone:
		m.readyForPathway(id)
	case p.at == inBed && sp.d2a != nil:
		m.requestD2A(id)
	default:
		m.setDelay(p, delayHub)
		m.referToHub(id)
	}
}

// maybeReady asks for the patient's p1–p3 place once everything before it
// is done: medically safe, assessed by the hub and, in discharge to assess,
// the interim stay over (a patient in a bed waiting for an interim place
// goes through it).
func (m *Model) maybeReady(id patientID) {
	p := &m.patients.records[id]
	if !p.safe || !p.hubDone || p.asked {
		return
	}
	if (p.at == inD2A && !p.d2aDone) || (p.at == inBed && p.delay == delayD2A) {
		return
	}
	m.readyForPathway(id)
}

// readyForPathway: the patient's discharge is arranged. They ask their
// provider for a place at its next acceptance time: now if it takes
// patients now, otherwise (or on a weekend day, by the patient's draw) at
// its next window.
func (m *Model) readyForPathway(id patientID) {
	p := &m.patients.records[id]
	p.asked = true
	pp := m.plan.sites[p.site].pathways[p.pathway]
	if pp == nil || pp.accepts == nil {
		m.requestPathway(id)
		return
	}
	at := m.nextAcceptance(pp.accepts, m.keysOf(p).accept, p.seq, m.now())
	if at == m.now() {
		m.requestPathway(id)
		return
	}
	m.setDelay(p, delayAcceptance)
	m.at(at, m.k.pathwayRequest, id)
}

// nextAcceptance returns the first time at or after t inside a's window on
// one of its days; on a Saturday or Sunday the patient goes that day only
// with a's weekend chance, drawn per patient (key, seq) and day tried.
func (m *Model) nextAcceptance(a *acceptPlan, key, seq uint64, t engine.Time) engine.Time {
	for k := uint64(0); k < 14; k++ {
		t = nextInWindow(m.clock, a.hours, t)
		wd := m.clock.Weekday(t)
		if !a.days.Has(wd) {
			t = m.clock.NextMidnight(t)
			continue
		}
		if (wd == time.Saturday || wd == time.Sunday) && a.weekend < 1 {
			if u := m.patientUniforms(key, seq<<4|k).Float64(); u >= a.weekend {
				t = m.clock.NextMidnight(t)
				continue
			}
		}
		return t
	}
	return t
}

// accepting reports whether site's pathway pw takes patients now.
func (m *Model) accepting(site siteID, pw int8) bool {
	a := m.plan.sites[site].pathways[pw].accepts
	return a == nil || a.open(m.clock, m.now())
}

// requestPathway: the patient asks for a p1–p3 place and waits where they
// are (a bed, a virtual ward, an interim place) until one is free.
func (m *Model) requestPathway(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	u := s.pathways[p.pathway]
	if u == nil { // no finite service modelled: they go at once
		m.startedPathway(p)
		m.release(id)
		m.leave(id)
		return
	}
	s.today[unitP1+unitKind(p.pathway)-1].arrivals++
	if u.hasRoom() && u.queue.len() == 0 && m.accepting(p.site, p.pathway) {
		m.transfer(id)
		return
	}
	u.wait(m.now(), id)
	m.setDelay(p, waitingForPathway(p.pathway))
	m.attributeQueue(p.site, p.pathway)
}

// attributeQueue sets the delay reason of the patients queueing for
// pathway pw: while its provider is not accepting, those at the front for
// whom a place is free wait for the provider's window; everyone else (and
// everyone while it accepts, since whoever could move has moved) waits for
// a place.
func (m *Model) attributeQueue(site siteID, pw int8) {
	u := m.sites[site].pathways[pw]
	free := 0
	if !m.accepting(site, pw) {
		free = u.capacity - u.inUse.Value()
	}
	for i := range u.queue.len() {
		p := &m.patients.records[u.queue.at(i)]
		r := waitingForPathway(pw)
		if i < free {
			r = delayAcceptance
		} else if p.at == inBed && p.delay == r {
			// Those waiting for the window are always at the front, so
			// the rest already wait for a place.
			return
		}
		m.setDelay(p, r)
	}
}

// transferNext moves waiting patients into free places of pathway pw while
// its provider takes patients.
func (m *Model) transferNext(site siteID, pw int8) {
	for m.accepting(site, pw) {
		next, ok := m.sites[site].pathways[pw].next(m.now())
		if !ok {
			break
		}
		m.transfer(next)
	}
	m.attributeQueue(site, pw)
}

// providerOpens: a p1–p3 provider's acceptance window opens; patients
// waiting with a place free move now.
func (m *Model) providerOpens(p provider) {
	m.transferNext(p.site, p.pw)
	m.scheduleProviderOpening(p.site, p.pw)
}

// scheduleProviderOpening books the next opening of site's pathway pw
// after now.
func (m *Model) scheduleProviderOpening(site siteID, pw int8) {
	a := m.plan.sites[site].pathways[pw].accepts
	now := m.now()
	t := now - engine.Time(m.clock.HourOfDay(now)) + engine.Time(a.hours.From)
	for k := 0; k < 8 && (t <= now || !a.days.Has(m.clock.Weekday(t))); k++ {
		t += engine.Day
	}
	if t > now && t < m.plan.horizon {
		m.atProvider(t, m.k.providerOpens, provider{site, pw})
	}
}

// transfer: the patient leaves the bed (or virtual ward, or interim place)
// for their p1–p3 service.
func (m *Model) transfer(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	u := s.pathways[p.pathway]
	m.startedPathway(p)
	m.release(id)
	p.at, p.since = onPathway, m.now()
	u.start(m.now())
	s.today[unitP1+unitKind(p.pathway)-1].admissions++
	if m.recording() {
		s.pathwayStarts[p.pathway]++
		if wd := m.clock.Weekday(m.now()); wd == time.Saturday || wd == time.Sunday {
			s.weekendPathwayStarts++
		}
	}
	los := m.plan.sites[p.site].pathways[p.pathway].los
	m.after(engine.Time(los.Sample(m.patientDraws(m.keysOf(p).pathway, p.seq))), m.k.pathwayEnd, id)
}

// startedPathway records the wait from medically safe to the start of the
// patient's p1–p3 support.
func (m *Model) startedPathway(p *patient) {
	now := m.now()
	p.pathwayAt = now
	if m.recording() {
		s := &m.sites[p.site]
		s.pathwayWaits++
		s.pathwayWaitHours += float64(now - p.safeAt)
	}
}

// pathwayEnd: the patient's p1–p3 service ends; the place goes to the next
// patient waiting.
func (m *Model) pathwayEnd(id patientID) {
	p := &m.patients.records[id]
	s := &m.sites[p.site]
	pw := p.pathway
	s.pathways[pw].finish(m.now())
	s.today[unitP1+unitKind(pw)-1].discharges++
	site := p.site
	m.leave(id)
	m.transferNext(site, pw)
}

// release frees whatever place the patient holds while waiting: their bed,
// their virtual-ward bed or their interim place.
func (m *Model) release(id patientID) {
	switch m.patients.records[id].at {
	case inBed:
		m.leaveBed(id)
	case onVirtualWard:
		m.leaveVirtualWard(id)
	case inD2A:
		m.leaveD2A(id)
	}
}
