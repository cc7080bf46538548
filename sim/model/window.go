package model

import (
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// untilHourOfDay returns the time from now to the next time the clock
// reads hour of day at (0 < at <= 24): a day away when that is now.
func (m *Model) untilHourOfDay(at float64) engine.Time {
	until := engine.Time(at - m.clock.HourOfDay(m.now()))
	if until <= scenario.ClockSlack {
		// At a time such as 00:01 (not exact in binary) the clock can
		// read a few ulps early: that time is now, and the next one a
		// day away. Booking it "now plus an ulp" would stand time still.
		until += 24
	}
	return until
}

// nextInWindow returns the first time at or after t inside the daily
// window w.
func nextInWindow(clock *engine.CachedClock, w scenario.Window, t engine.Time) engine.Time {
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
