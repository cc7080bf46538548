package model

import (
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// unit is a pool of identical places — beds, SDEC chairs, hub staff,
// pathway slots, interim (discharge-to-assess) places, virtual beds — with a FIFO queue in front. Its capacity may
// follow a schedule. When capacity falls below the places in use, nobody is
// moved out: those in service finish, and nobody new starts until there is
// room.
type unit struct {
	name     string
	base     int // capacity when no schedule rule applies
	capacity int
	// extra are places opened on top of the base or the schedule
	// (escalation beds); capacity includes them.
	extra    int
	schedule scenario.Schedule
	inUse    stats.Level
	waiting  stats.Level
	capLevel stats.Level // capacity over time, for occupancy shares
	queue    fifo
}

func newUnit(name string, capacity int, schedule scenario.Schedule) *unit {
	u := &unit{name: name, base: capacity, capacity: capacity, schedule: schedule}
	u.capLevel.Set(0, capacity)
	return u
}

// scheduled reports whether the unit's capacity can change over time.
func (u *unit) scheduled() bool { return len(u.schedule) > 0 }

// capacityAt returns the capacity the schedule gives at time t.
func (u *unit) capacityAt(clock *engine.CachedClock, t engine.Time) int {
	return u.schedule.CapacityAt(u.base, scenario.DateOf(clock.Date(t)), clock.HourOfDay(t))
}

// hasRoom reports whether one more can start now.
func (u *unit) hasRoom() bool { return u.inUse.Value() < u.capacity }

// start takes a place at time t.
func (u *unit) start(t engine.Time) { u.inUse.Add(float64(t), 1) }

// finish releases a place at time t.
func (u *unit) finish(t engine.Time) { u.inUse.Add(float64(t), -1) }

// wait puts patient id at the back of the queue.
func (u *unit) wait(t engine.Time, id patientID) {
	u.queue.push(id)
	u.waiting.Add(float64(t), 1)
}

// next takes the patient at the front of the queue if there is room for
// them; ok is false when nobody can start.
func (u *unit) next(t engine.Time) (id patientID, ok bool) {
	if u.queue.len() == 0 || !u.hasRoom() {
		return 0, false
	}
	u.waiting.Add(float64(t), -1)
	return u.queue.pop(), true
}

// leave takes the patient at the front of the queue out of it, room or
// not (a service closing on those who wait); ok is false when nobody
// waits.
func (u *unit) leave(t engine.Time) (id patientID, ok bool) {
	if u.queue.len() == 0 {
		return 0, false
	}
	u.waiting.Add(float64(t), -1)
	return u.queue.pop(), true
}

// everZero reports whether the unit has no capacity at any time: a
// structural reason for a queue in front of it to grow without bound.
func (u *unit) everZero() bool { return u.maxCapacity() <= 0 }

// maxCapacity returns the most places the unit has at any time.
func (u *unit) maxCapacity() int { return u.schedule.Most(u.base) }

// setCapacity changes the capacity at t.
func (u *unit) setCapacity(t engine.Time, c int) {
	u.capacity = c
	u.capLevel.Set(float64(t), c)
}

// setExtra opens extra places on top of the base or the schedule at t
// (fewer than before close some).
func (u *unit) setExtra(t engine.Time, extra int) {
	u.setCapacity(t, u.capacity-u.extra+extra)
	u.extra = extra
}

// capacityHours returns the integral of capacity since the last reset.
func (u *unit) capacityHours(t engine.Time) float64 { return u.capLevel.Area(float64(t)) }

// resetStats starts the unit's time-weighted statistics at t.
func (u *unit) resetStats(t engine.Time) {
	u.inUse.Reset(float64(t))
	u.waiting.Reset(float64(t))
	u.capLevel.Reset(float64(t))
}
