package scenario

import "time"

// Schedule is a unit's capacity changes, in the order the file gives them:
// the last change whose conditions all hold wins; when none holds, the
// unit's own capacity applies. The model and the figures both read
// capacities through CapacityAt, so they cannot disagree about the rule.
type Schedule []CapacityChange

// CapacityAt returns the capacity a unit of capacity base has on date day
// at hour of day h (in [0, 24)) under s.
func (s Schedule) CapacityAt(base int, day Date, h float64) int {
	c := base
	for i := range s {
		if s[i].Applies(day, h) {
			c = s[i].Capacity
		}
	}
	return c
}

// Most returns the largest capacity a unit of capacity base has at any
// time under s.
func (s Schedule) Most(base int) int {
	most := base
	for _, c := range s {
		most = max(most, c.Capacity)
	}
	return most
}

// Least returns the smallest capacity a unit of capacity base may have
// under s: the least of base and every rule's capacity. With Most it
// bounds the capacity over the schedule (a rule that never applies, or a
// base every rule overrides, still counts).
func (s Schedule) Least(base int) int {
	least := base
	for _, c := range s {
		least = min(least, c.Capacity)
	}
	return least
}

// Applies reports whether all of c's conditions hold on date day at hour
// of day h. Its window counts as open from ClockSlack before its opening
// (see Window.Open).
func (c *CapacityChange) Applies(day Date, h float64) bool {
	switch {
	case c.From != nil && day.t.Before(c.From.t),
		c.To != nil && day.t.After(c.To.t),
		!c.Days.Set(AllWeek).Has(day.t.Weekday()):
		return false
	}
	return c.Hours == nil || c.Hours.Open(h)
}

// DateOf returns the calendar date of t (in t's location).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}
