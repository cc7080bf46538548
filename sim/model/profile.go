package model

import (
	"math/rand/v2"
	"time"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
)

// profile is an arrival-rate multiplier over time: an hour-of-day factor
// times a per-day factor (weekday × month), each normalised to mean 1, so
// that the mean rate over a year is the base rate. A nil profile is flat.
type profile struct {
	hourly [24]float64
	daily  []float64 // by day index
	max    float64   // bound on hourly × daily, for thinning
}

// newProfile expands sp over days days of the clock's calendar.
func newProfile(sp *scenario.Profile, clock engine.Clock, days int) *profile {
	if sp == nil || (sp.Hourly == nil && sp.Weekday == nil && sp.Monthly == nil) {
		return nil
	}
	hourly := normalised(sp.Hourly, 24)
	weekday := normalised(sp.Weekday, 7) // Monday first
	monthly := normalised(sp.Monthly, 12)
	pr := &profile{daily: make([]float64, days)}
	copy(pr.hourly[:], hourly)
	for d := range days {
		t := engine.Time(d)*engine.Day + 12 // midday avoids any start-hour offset
		wd := (int(clock.Weekday(t)) + 6) % 7
		pr.daily[d] = weekday[wd] * monthly[clock.Month(t)-time.January]
	}
	pr.max = maxOf(pr.hourly[:]) * maxOf(pr.daily)
	return pr
}

// windowProfile is a profile that is flat inside a daily window on the
// given weekdays and zero outside, averaging 1 over the days it is open:
// planned arrivals that come only, say, 07:00–12:00 on weekdays. Hours are
// resolved to the hour.
func windowProfile(w scenario.Window, days scenario.Weekdays, clock engine.Clock, n int) *profile {
	pr := &profile{daily: make([]float64, n)}
	open := 0
	for h := range 24 {
		if w.Contains(float64(h) + 0.5) {
			open++
		}
	}
	for h := range 24 {
		if w.Contains(float64(h) + 0.5) {
			pr.hourly[h] = 24 / float64(open)
		}
	}
	for d := range n {
		if days.Has(clock.Weekday(engine.Time(d)*engine.Day + 12)) {
			pr.daily[d] = 1
		}
	}
	pr.max = maxOf(pr.hourly[:]) * maxOf(pr.daily)
	return pr
}

func normalised(xs []float64, n int) []float64 {
	out := make([]float64, n)
	if len(xs) != n {
		for i := range out {
			out[i] = 1
		}
		return out
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	for i, x := range xs {
		out[i] = x * float64(n) / sum
	}
	return out
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// factor returns the multiplier at time t.
func (pr *profile) factor(clock engine.Clock, t engine.Time) float64 {
	d := clock.DayIndex(t)
	if d < 0 || d >= len(pr.daily) {
		return 0
	}
	return pr.hourly[int(clock.HourOfDay(t))] * pr.daily[d]
}

// nextArrival returns the time of the next arrival after now of a Poisson
// process with mean rate `rate` per hour shaped by pr, by thinning: draw
// from the process at the peak rate and keep each candidate with
// probability factor/max. ok is false when no arrival comes before end.
func (pr *profile) nextArrival(r *rand.Rand, clock engine.Clock, rate float64, now, end engine.Time) (engine.Time, bool) {
	if pr == nil {
		t := now + engine.Time(r.ExpFloat64()/rate)
		return t, t < end
	}
	if pr.max <= 0 {
		return 0, false
	}
	peak := rate * pr.max
	t := now
	for {
		t += engine.Time(r.ExpFloat64() / peak)
		if t >= end {
			return t, false
		}
		if r.Float64()*pr.max < pr.factor(clock, t) {
			return t, true
		}
	}
}
