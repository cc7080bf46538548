package model

import (
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// nextInWindow returns the first time at or after t inside the daily
// window w.
func nextInWindow(clock engine.Clock, w scenario.Window, t engine.Time) engine.Time {
	h := clock.HourOfDay(t)
	if w.Open(h) {
		return t
	}
	wait := w.From - h
	if wait < 0 {
		wait += 24
	}
	return t + engine.Time(wait)
}
