package model

import (
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// windowSlack is how far before a daily window's opening a time of day
// still counts as inside it. The clock's hour of day is a float computed
// from hours since the start, so at an opening such as 08:20 (8.333… h,
// not exact in binary) it can read a few ulps early; without the slack the
// opening instant would be judged closed and, for the hub, the whole
// working day skipped. 1e-6 h (3.6 ms) is far above that rounding, even
// a century into a run, and far below any time that matters.
const windowSlack = 1e-6

// openAt reports whether hour of day h is inside the daily window w, up
// to the clock's rounding at the opening.
func openAt(w scenario.Window, h float64) bool {
	return w.Contains(h) || w.Contains(h+windowSlack)
}

// nextInWindow returns the first time at or after t inside the daily
// window w.
func nextInWindow(clock engine.Clock, w scenario.Window, t engine.Time) engine.Time {
	h := clock.HourOfDay(t)
	if openAt(w, h) {
		return t
	}
	wait := w.From - h
	if wait < 0 {
		wait += 24
	}
	return t + engine.Time(wait)
}
