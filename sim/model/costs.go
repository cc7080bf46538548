package model

import (
	"math"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Money: the scenario's unit costs times the quantities the model counts.
// Beds are priced as used, every occupied bed-day at the G&A bed-day (the
// bed-days an intervention frees, at that price, are what it is worth);
// the delayed bed-days among them are priced apart, at the delayed
// bed-day, to say what delays cost, and are not added again. The services an intervention commissions — p1–p3 places,
// virtual-ward places, SDEC chairs, hub staff — are priced as available,
// used or not, because a commissioned place is paid for whether or not it
// is filled. Escalation beds are priced as open, used or not, like a
// service: their patients are bed-days used as any other. An urgent
// treatment centre is priced by its clinician-hours paid: those rostered
// while it is open, busy or not, and those treating after it closes.

// costPlan is a costs section as the model prices with it: NaN for a
// service the scenario does not price.
type costPlan struct {
	bedDay, delayedBedDay        float64
	pathwayDay                   [4]float64 // index 1..3
	vwDay, sdecChairDay, wteYear float64
	saturdayUplift, sundayUplift float64
	escalationBedDay             float64
	utcClinicianHour             float64
}

// newCostPlan returns the plan of c, or nil when the scenario has no costs.
func newCostPlan(c *scenario.Costs) *costPlan {
	if c == nil {
		return nil
	}
	or := func(x *float64, absent float64) float64 {
		if x == nil {
			return absent
		}
		return *x
	}
	nan := math.NaN()
	return &costPlan{
		bedDay:           c.BedDay,
		delayedBedDay:    or(c.DelayedBedDay, c.BedDay),
		pathwayDay:       [4]float64{nan, or(c.P1PlaceDay, nan), or(c.P2BedDay, nan), or(c.P3PlaceDay, nan)},
		vwDay:            or(c.VirtualWardDay, nan),
		sdecChairDay:     or(c.SDECChairDay, nan),
		wteYear:          or(c.HubWTEYear, nan),
		saturdayUplift:   c.HubSaturdayUplift,
		sundayUplift:     c.HubSundayUplift,
		escalationBedDay: or(c.EscalationBedDay, nan),
		utcClinicianHour: or(c.UTCClinicianHour, nan),
	}
}

// costMetrics prices a site's (or the system's) totals; every cost is
// undefined when cp is nil.
func costMetrics(site string, t *siteTotals, cp *costPlan) []Metric {
	names := [...]string{metric.CostBedDays, metric.CostDelayedBedDays, metric.CostP1, metric.CostP2, metric.CostP3,
		metric.CostVirtualWard, metric.CostSDEC, metric.CostHub, metric.CostEscalationBedDays, metric.CostUTC, metric.CostServices, metric.CostTotal}
	ms := make([]Metric, len(names))
	for i, name := range names {
		ms[i] = Metric{name, site, math.NaN()}
	}
	if cp == nil {
		return ms
	}
	beds := t.occupiedHours / 24 * cp.bedDay
	services := [...]float64{
		t.pathwayCapacityHours[1] / 24 * cp.pathwayDay[1],
		t.pathwayCapacityHours[2] / 24 * cp.pathwayDay[2],
		t.pathwayCapacityHours[3] / 24 * cp.pathwayDay[3],
		t.vwCostHours / 24 * cp.vwDay,
		t.sdecChairDays * cp.sdecChairDay,
		cp.hubPaidHours(t) / scenario.WTEYearHours * cp.wteYear,
		t.escalationHours / 24 * cp.escalationBedDay,
		t.utcPaidHours() * cp.utcClinicianHour,
	}
	sum := 0.0
	for _, c := range services {
		if !math.IsNaN(c) {
			sum += c
		}
	}
	ms[0].Value = beds
	ms[1].Value = t.delayedHours / 24 * cp.delayedBedDay
	for i, c := range services {
		ms[2+i].Value = c
	}
	n := len(names)
	ms[n-2].Value, ms[n-1].Value = sum, beds+sum
	return ms
}

// hubPaidHours is the hub staff-hours on duty, those on Saturdays and
// Sundays counted again at their uplift: the hours a WTE-year price pays
// for.
func (cp *costPlan) hubPaidHours(t *siteTotals) float64 {
	return t.hubStaffHours + cp.saturdayUplift*t.hubSaturdayHours + cp.sundayUplift*t.hubSundayHours
}

// utcPaidHours is the UTC clinician-hours paid: every clinician rostered
// while it is open, busy or not, and those still treating after it closes
// (utc_clinician_hours).
func (t *siteTotals) utcPaidHours() float64 { return t.utcOpenHours + t.utcClosedBusyHours }

// sdecChairDays counts the chair-days a site's SDEC is open from the warm-up
// to now: on each day it opens, the chairs it has at opening time, for the
// days whose opening falls in the period.
func (m *Model) sdecChairDays(sd *sdecPlan, now engine.Time) float64 {
	if sd == nil {
		return 0
	}
	n := 0
	for day := m.clock.NextMidnight(0) - engine.Day; day < now; day += engine.Day {
		open := day + engine.Time(sd.hours.From)
		if open < m.plan.warmup || open >= now || !sd.days.Has(m.clock.Weekday(open)) {
			continue
		}
		n += sd.schedule.CapacityAt(sd.chairs, scenario.DateOf(m.clock.Date(open)), sd.hours.From)
	}
	return float64(n)
}
