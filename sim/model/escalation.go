package model

import (
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// Escalation: at each review the bed manager counts the patients waiting
// for a G&A bed (boarding in ED with a decision to admit, and planned
// patients queueing for one where electives queue) and calls the
// site's OPEL level: up while the count reaches the next level's trigger,
// otherwise down while it is below the current level's closing threshold.
// Each level's extra beds open on top of the capacity and its schedule;
// when they close, patients in beds stay and nobody new is admitted until
// there is room, as after any cut in capacity.

// escalationPlan is a site's escalation levels as the model uses them.
type escalationPlan struct {
	every  engine.Time
	levels []escalationLevel
}

// escalationLevel is one level: where it opens and closes, and the extra
// beds open with it and the levels below (cumulative).
type escalationLevel struct {
	opel               int // index into scenario.EscalationLevels
	openAt, closeBelow int
	beds               int
}

// newEscalationPlan returns the plan of e, or nil without one.
func newEscalationPlan(e *scenario.Escalation) *escalationPlan {
	if e == nil {
		return nil
	}
	ep := &escalationPlan{every: engine.Time(e.ReviewEvery)}
	for i, l := range e.Levels {
		opel := 0
		for j, name := range scenario.EscalationLevels {
			if name == l.Level {
				opel = j
			}
		}
		ep.levels = append(ep.levels, escalationLevel{opel: opel, openAt: l.OpenAt, closeBelow: l.CloseBelow,
			beds: e.ExtraBeds(i + 1)})
	}
	return ep
}

// called returns how many levels are open after a review that finds
// boarding patients waiting for a bed, when open levels were open before
// it: up as far as the triggers reached go, or else down past every open
// level whose closing threshold the count is below. Between a level's two
// thresholds nothing changes.
func (ep *escalationPlan) called(open, boarding int) int {
	up := open
	for up < len(ep.levels) && boarding >= ep.levels[up].openAt {
		up++
	}
	if up > open {
		return up
	}
	for open > 0 && boarding < ep.levels[open-1].closeBelow {
		open--
	}
	return open
}

// escalationState is a site's escalation in one replication.
type escalationState struct {
	open    int         // levels open
	reviews int         // reviews held
	extra   stats.Level // escalation beds open
	// at is 1 while the site's highest open level is OPEL 2, 3 or 4.
	at [3]stats.Level
}

// reviewEscalation calls the site's level from the patients waiting for a
// bed now, opens or closes beds to match, and books the next review.
func (m *Model) reviewEscalation(site siteID) {
	s := &m.sites[site]
	ep := m.plan.sites[site].escalation
	e := s.escalation
	if open := ep.called(e.open, s.beds.queue.len()); open != e.open {
		m.setEscalation(site, open)
	}
	// Counted, not added up, so that reviews every 0.3h stay on the
	// rhythm however long the run.
	e.reviews++
	if next := engine.Time(e.reviews) * ep.every; next < m.plan.horizon {
		m.atSite(next, m.k.escalationReview, site)
	}
}

// setEscalation opens the first open levels of site's escalation plan and
// closes the rest.
func (m *Model) setEscalation(site siteID, open int) {
	s := &m.sites[site]
	ep := m.plan.sites[site].escalation
	e := s.escalation
	now := m.now()
	t := float64(now)
	if e.open > 0 {
		e.at[ep.levels[e.open-1].opel].Set(t, 0)
	}
	beds := 0
	if open > 0 {
		e.at[ep.levels[open-1].opel].Set(t, 1)
		beds = ep.levels[open-1].beds
	}
	if open > e.open && m.recording() {
		s.escalations++
	}
	e.open = open
	e.extra.Set(t, beds)
	if m.escalated != nil {
		m.escalated(site, now, s.beds.queue.len(), beds)
	}
	s.beds.setExtra(now, beds)
	m.admitNext(site)
}

// reset starts a site's escalation statistics at t.
func (e *escalationState) reset(t float64) {
	if e == nil {
		return
	}
	e.extra.Reset(t)
	for i := range e.at {
		e.at[i].Reset(t)
	}
}
