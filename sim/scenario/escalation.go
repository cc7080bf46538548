package scenario

import "slices"

// EscalationLevels are the OPEL levels a site may escalate to, in rising
// order. OPEL 1 is normal running, with no escalation beds, so it is not
// one of them.
var EscalationLevels = []string{"opel2", "opel3", "opel4"}

// MinEscalationReview is the shortest time between escalation reviews:
// OPEL levels are called a few times a day, so a review every 15 minutes
// is already finer than any site works.
const MinEscalationReview Duration = 0.25

// Escalation is a site's escalation plan, in the manner of NHS England's
// operational pressures escalation levels (OPEL): at each review the
// patients waiting for a G&A bed at the site (boarding, with a decision to
// admit) are counted; when they reach a level's open_at its extra beds
// open, and when fewer than its close_below wait they close again. The
// gap between the two thresholds is the hysteresis that keeps beds from
// opening and closing at every review. Escalation beds add to the beds of
// the capacity and its schedule; they close like a capacity cut: patients
// in them stay, and nobody new is admitted until there is room.
type Escalation struct {
	// ReviewEvery is the time between reviews, counted from midnight at
	// the start: 1h reviews on every hour, 8h at 00:00, 08:00 and 16:00.
	// Defaults to 1h; at least 15m.
	ReviewEvery Duration `yaml:"review_every,omitempty" json:"review_every" default:"1h"`
	// Levels are the escalation levels in rising order (opel2, opel3,
	// opel4, each at most once; OPEL 1, normal running, has none). A
	// level opens only above the one below it, so the beds of the levels
	// open add up.
	Levels []EscalationLevel `yaml:"levels" json:"levels"`
}

// EscalationLevel is one escalation level: when it opens, when it closes
// and the beds it adds.
type EscalationLevel struct {
	// Level names the level: opel2, opel3 or opel4.
	Level string `yaml:"level" json:"level"`
	// OpenAt opens the level at a review where at least this many
	// patients wait for a bed; it must rise from level to level. 0 keeps
	// the level open from the first review.
	OpenAt int `yaml:"open_at" json:"open_at"`
	// CloseBelow closes the level at a review where fewer than this many
	// wait; at most open_at. 0 never closes it.
	CloseBelow int `yaml:"close_below" json:"close_below"`
	// Beds are the extra G&A beds the level opens (at least 1).
	Beds int `yaml:"beds" json:"beds"`
}

// ExtraBeds returns the beds the first n levels open together.
func (e *Escalation) ExtraBeds(n int) int {
	beds := 0
	for _, l := range e.Levels[:n] {
		beds += l.Beds
	}
	return beds
}

// escalation checks a site's escalation plan: a review rhythm, one to
// three OPEL levels in rising order, each opening above the one below,
// closing at or below where it opens, and adding at least one bed.
func (v *validator) escalation(p Path, e *Escalation) {
	if e == nil {
		return
	}
	if rp := p.With("review_every"); v.positiveDuration(rp, e.ReviewEvery) && e.ReviewEvery < MinEscalationReview {
		v.add(rp, "must be at least %s (OPEL levels are reviewed a few times a day), got %s", MinEscalationReview, e.ReviewEvery)
	}
	lp := p.With("levels")
	switch {
	case len(e.Levels) == 0:
		v.add(lp, "at least one level is needed (opel2, opel3 or opel4)")
	case len(e.Levels) > len(EscalationLevels):
		v.add(lp, "at most %d levels (opel2, opel3, opel4), got %d", len(EscalationLevels), len(e.Levels))
		return
	}
	previous := -1
	for i, l := range e.Levels {
		ip := lp.With(index(i))
		rank := slices.Index(EscalationLevels, l.Level)
		switch {
		case rank < 0:
			v.add(ip.With("level"), "unknown level %q: want opel2, opel3 or opel4 (OPEL 1 is normal running, with no escalation beds)", l.Level)
		case rank <= previous:
			v.add(ip.With("level"), "want levels in rising order, each once: %s cannot follow %s", l.Level, EscalationLevels[previous])
		default:
			previous = rank
		}
		v.capacity(ip.With("open_at"), l.OpenAt, 0)
		v.capacity(ip.With("close_below"), l.CloseBelow, 0)
		if l.CloseBelow > l.OpenAt {
			v.add(ip.With("close_below"), "must be at most open_at (%d), got %d: the level would open and close at the same review", l.OpenAt, l.CloseBelow)
		}
		if i > 0 && l.OpenAt <= e.Levels[i-1].OpenAt {
			v.add(ip.With("open_at"), "must be above the level below's open_at (%d), got %d: a higher level opens under more pressure", e.Levels[i-1].OpenAt, l.OpenAt)
		}
		v.capacity(ip.With("beds"), l.Beds, 1)
	}
}
