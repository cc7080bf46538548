package engine

import (
	"math"
	"time"
)

// Clock converts simulated time to calendar terms (hour of day, weekday,
// month) from a start date, so that rates and capacities can follow the
// hospital's day, week and year. It reads no wall clock: the same start
// gives the same answers on any machine.
type Clock struct {
	start     time.Time
	startHour Time // hour of day at t = 0
	startDay  time.Weekday
}

// NewClock returns a Clock whose time 0 is start. Only the wall-clock
// fields of start matter (its date and time of day, in its own location).
func NewClock(start time.Time) Clock {
	h := Time(start.Hour()) + Time(start.Minute())/60 + Time(start.Second())/3600
	return Clock{start: start, startHour: h, startDay: start.Weekday()}
}

// Start returns the calendar date and time at simulated time 0.
func (c Clock) Start() time.Time { return c.start }

// DayIndex returns the number of whole days from the start date's midnight
// to t; day 0 is the start date.
func (c Clock) DayIndex(t Time) int {
	return int(math.Floor(float64((t + c.startHour) / Day)))
}

// HourOfDay returns the time of day at t in hours, in [0, 24).
func (c Clock) HourOfDay(t Time) float64 {
	h := float64(t + c.startHour)
	return h - 24*math.Floor(h/24)
}

// HourIndex returns the number of whole clock hours from the start date's
// midnight to t: hour k covers [HourStart(k), HourStart(k+1)), is hour
// k mod 24 of its day, and belongs to day k / 24.
func (c Clock) HourIndex(t Time) int {
	return int(math.Floor(float64(t + c.startHour)))
}

// HourStart returns the simulated time at which clock hour k begins.
func (c Clock) HourStart(k int) Time { return Time(k) - c.startHour }

// Weekday returns the day of the week at t.
func (c Clock) Weekday(t Time) time.Weekday {
	d := (int(c.startDay) + c.DayIndex(t)) % 7
	if d < 0 {
		d += 7
	}
	return time.Weekday(d)
}

// Date returns the calendar date (at midnight) containing t.
func (c Clock) Date(t Time) time.Time {
	y, m, d := c.start.Date()
	return time.Date(y, m, d+c.DayIndex(t), 0, 0, 0, 0, c.start.Location())
}

// Month returns the calendar month containing t.
func (c Clock) Month(t Time) time.Month { return c.Date(t).Month() }

// NextMidnight returns the first midnight strictly after t.
func (c Clock) NextMidnight(t Time) Time {
	return Time(c.DayIndex(t)+1)*Day - c.startHour
}

// NextHour returns the first whole hour of the day strictly after t.
func (c Clock) NextHour(t Time) Time {
	return Time(math.Floor(float64(t+c.startHour))+1) - c.startHour
}

// CachedClock is a Clock that remembers the day it last found, so that
// the many calendar questions a model asks about times close together
// (the hour of day, the weekday, the next midnight of now) are answered
// without a division. DayIndex never decreases as t grows, so every time
// between two times found on one day is on that day too: the cache keeps
// the earliest and latest times found on one day and answers exactly as
// Clock does, bit for bit. A CachedClock serves one goroutine; make one
// per replication with Clock.Cached.
type CachedClock struct {
	Clock
	lo, hi Time // the earliest and latest times found on day (empty if lo > hi)
	day    int
}

// Cached returns a CachedClock of c with nothing cached.
func (c Clock) Cached() *CachedClock { return &CachedClock{Clock: c, lo: 1, hi: 0} }

// DayIndex is Clock.DayIndex.
func (c *CachedClock) DayIndex(t Time) int {
	if c.lo <= t && t <= c.hi {
		return c.day
	}
	d := c.Clock.DayIndex(t)
	switch {
	case d == c.day && c.lo <= c.hi && t < c.lo:
		c.lo = t
	case d == c.day && c.lo <= c.hi && t > c.hi:
		c.hi = t
	default:
		c.lo, c.hi, c.day = t, t, d
	}
	return d
}

// HourOfDay is Clock.HourOfDay.
func (c *CachedClock) HourOfDay(t Time) float64 {
	return float64(t+c.startHour) - 24*float64(c.DayIndex(t))
}

// Weekday is Clock.Weekday.
func (c *CachedClock) Weekday(t Time) time.Weekday {
	d := (int(c.startDay) + c.DayIndex(t)) % 7
	if d < 0 {
		d += 7
	}
	return time.Weekday(d)
}

// NextMidnight is Clock.NextMidnight.
func (c *CachedClock) NextMidnight(t Time) Time {
	return Time(c.DayIndex(t)+1)*Day - c.startHour
}

// Date is Clock.Date.
func (c *CachedClock) Date(t Time) time.Time {
	y, m, d := c.start.Date()
	return time.Date(y, m, d+c.DayIndex(t), 0, 0, 0, 0, c.start.Location())
}
