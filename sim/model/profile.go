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
		t := clock.HourStart(d*24 + 12) // midday of day d
		wd := (int(clock.Weekday(t)) + 6) % 7
		pr.daily[d] = weekday[wd] * monthly[clock.Month(t)-time.January]
	}
	return pr
}

// flatProfile is a profile of weight 1 at every hour of days days: one
// whose days are then scaled (by demand growth).
func flatProfile(days int) *profile {
	pr := &profile{daily: make([]float64, days)}
	for h := range pr.hourly {
		pr.hourly[h] = 1
	}
	for d := range pr.daily {
		pr.daily[d] = 1
	}
	return pr
}

// windowProfile is a profile that is flat inside a daily window on the
// given weekdays and zero outside, averaging 1 over the days it is open:
// planned arrivals that come only, say, 07:00–12:00 on weekdays. Each
// clock hour carries the share of the window's minutes that fall in it.
func windowProfile(w scenario.Window, days scenario.Weekdays, clock engine.Clock, n int) *profile {
	pr := &profile{daily: make([]float64, n)}
	// Each clock hour carries its share of the window's minutes, so a
	// window shorter than an hour or off the hour (07:13-07:14, 07:30-09:30)
	// still gets its arrivals, spread over the clock hours it touches; for
	// windows on whole hours this is 24/open in the open hours.
	for h := range 24 {
		if o := w.Overlap(float64(h), float64(h+1)); o > 0 {
			pr.hourly[h] = 24 * o / w.Length()
		}
	}
	for d := range n {
		if days.Has(clock.Weekday(clock.HourStart(d*24 + 12))) {
			pr.daily[d] = 1
		}
	}
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

// hourFactor returns the multiplier during clock hour k (see
// engine.Clock.HourIndex); a nil profile is flat.
func (pr *profile) hourFactor(k int) float64 {
	if pr == nil {
		return 1
	}
	day := k / 24
	if k < 0 || day >= len(pr.daily) {
		return 0
	}
	return pr.hourly[k%24] * pr.daily[day]
}

// nextArrival returns the time of the next arrival after now of a Poisson
// process with mean rate `rate` per hour shaped by pr. The profile is
// constant within each clock hour, so the arrival is drawn exactly by
// inversion: one unit exponential is spent against the rate hour by hour.
// ok is false when no arrival comes before end.
func (pr *profile) nextArrival(r *rand.Rand, clock engine.Clock, rate float64, now, end engine.Time) (engine.Time, bool) {
	e := r.ExpFloat64()
	if pr == nil {
		t := now + engine.Time(e/rate)
		return t, t < end
	}
	t := now
	for k := clock.HourIndex(now); t < end; k++ {
		boundary := clock.HourStart(k + 1)
		day := k / 24
		if day < 0 || day >= len(pr.daily) {
			return 0, false
		}
		if f := rate * pr.hourly[k%24] * pr.daily[day]; f > 0 {
			if dt := engine.Time(e / f); t+dt < boundary {
				return t + dt, t+dt < end
			}
			e -= f * float64(boundary-t)
		}
		t = boundary
	}
	return t, false
}
