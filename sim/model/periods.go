package model

import (
	"fmt"
	"math"
	"time"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/metric"
)

// Results per financial year: the recorded period (after the warm-up, to
// the horizon) cut at each 1 April midnight, with a few metrics for each
// part, so that a multi-year run says what happens year by year.

// Period is one financial year (1 April to 31 March), or the part of one
// inside the recorded period, and its metrics.
type Period struct {
	// Label names the financial year, "2025/26".
	Label string
	// Days is the length of the year's part inside the recorded period,
	// in days.
	Days float64
	// YearDays is the length of the whole financial year: 365, or 366
	// when it holds a 29 February.
	YearDays int
	// Metrics are PeriodMetrics' at every site and then the system, in
	// Result.Metrics' order (by metric, then by site).
	Metrics []Metric
}

// Partial reports whether only part of the year is inside the recorded
// period.
func (p *Period) Partial() bool { return p.Days < float64(p.YearDays) }

// PeriodMetrics are the metrics reported per period, as defined for the
// whole run; counts, bed-days and their costs over periods add up to the
// whole run's, and means weighted by their denominators (days, bed-days,
// capacity, admissions, discharges) make the whole run's. priced adds the
// costs of the bed-days and delayed bed-days, for a scenario with unit
// costs.
func PeriodMetrics(priced bool) []string {
	names := []string{metric.Arrivals, metric.Admissions, metric.Discharges, metric.Deaths,
		metric.BedDays, metric.DelayedBedDays, metric.DelayedShare, metric.BedsOccupiedMean,
		metric.OccupancyMean, metric.QueueMean, metric.BoardingHoursMean, metric.MeanLOSDays}
	if priced {
		names = append(names, metric.CostBedDays, metric.CostDelayedBedDays)
	}
	return names
}

// periodPlan is one period of the plan: its label, the times it starts
// and ends, and the day index of the midnight that starts it (-1 for the
// first, which starts with the recording).
type periodPlan struct {
	label    string
	from, to engine.Time
	startDay int
	yearDays int
}

// FinancialYearLabel names the financial year that begins on 1 April of
// year: "2025/26".
func FinancialYearLabel(year int) string { return fmt.Sprintf("%d/%02d", year, (year+1)%100) }

// financialYears cuts the recorded period [warmup, horizon) of the
// clock's calendar at each 1 April midnight.
func financialYears(clock engine.Clock, warmup, horizon engine.Time) []periodPlan {
	s := clock.Start()
	startDate := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
	midnight := func(d time.Time) (engine.Time, int) {
		day := int(d.Sub(startDate).Hours()/24 + 0.5)
		return clock.HourStart(24 * day), day
	}
	w := clock.Date(warmup)
	year := w.Year()
	if w.Month() < time.April {
		year--
	}
	var out []periodPlan
	for {
		first := time.Date(year, time.April, 1, 0, 0, 0, 0, time.UTC)
		next := first.AddDate(1, 0, 0)
		from, day := midnight(first)
		to, _ := midnight(next)
		p := periodPlan{label: FinancialYearLabel(year), from: max(from, warmup), to: min(to, horizon), startDay: day,
			yearDays: int(next.Sub(first).Hours()/24 + 0.5)}
		if p.from >= horizon {
			return out
		}
		if from <= warmup {
			p.startDay = -1
		}
		out = append(out, p)
		year++
	}
}

// periodMark is what a site had counted when a period began.
type periodMark struct {
	tally
	occupied, delayed, waiting, capacity float64
}

// periodDelta is what a site (or the system) counted during a period.
type periodDelta struct {
	arrivals, admissions, discharges, deaths float64
	emergencyDischarges                      float64
	waitHours, stayHours                     float64
	occupied, delayed, waiting, capacity     float64
}

func (d *periodDelta) add(o *periodDelta) {
	d.arrivals += o.arrivals
	d.admissions += o.admissions
	d.discharges += o.discharges
	d.deaths += o.deaths
	d.emergencyDischarges += o.emergencyDischarges
	d.waitHours += o.waitHours
	d.stayHours += o.stayHours
	d.occupied += o.occupied
	d.delayed += o.delayed
	d.waiting += o.waiting
	d.capacity += o.capacity
}

// periods is a replication's progress through the plan's periods.
type periods struct {
	at    int          // the period in progress
	open  bool         // whether a period is in progress
	marks []periodMark // per site, at its start
	done  []Period
}

// markPeriod starts period i at every site now.
func (m *Model) markPeriod(i int) {
	if len(m.plan.periods) == 0 {
		return
	}
	now := float64(m.now())
	ps := &m.periods
	if ps.done == nil {
		ps.done = make([]Period, 0, len(m.plan.periods))
	}
	if ps.marks == nil {
		ps.marks = make([]periodMark, len(m.sites))
	}
	ps.open, ps.at = true, i
	for k := range m.sites {
		s := &m.sites[k]
		ps.marks[k] = periodMark{tally: s.tally, occupied: s.beds.inUse.Total(now), delayed: s.delays.total(now),
			waiting: s.beds.waiting.Total(now), capacity: s.beds.capLevel.Total(now)}
	}
}

// periodMidnight closes the period in progress and starts the next when
// the day now beginning starts it.
func (m *Model) periodMidnight() {
	next := m.periods.at + 1
	if next < len(m.plan.periods) && m.plan.periods[next].startDay == m.day && m.recording() {
		m.closePeriod()
		m.markPeriod(next)
	}
}

// closePeriod appends the period in progress, ending now, to the results.
func (m *Model) closePeriod() {
	if !m.periods.open {
		return
	}
	now := float64(m.now())
	pp := &m.plan.periods[m.periods.at]
	span := now - float64(pp.from)
	names := PeriodMetrics(m.plan.costs != nil)
	per := make([][]Metric, 0, len(m.sites)+1)
	var all periodDelta
	for k := range m.sites {
		s, mk := &m.sites[k], &m.periods.marks[k]
		d := periodDelta{
			arrivals:            float64(s.arrivals - mk.arrivals),
			admissions:          float64(s.admissions - mk.admissions),
			discharges:          float64(s.discharges - mk.discharges),
			deaths:              float64(s.deaths - mk.deaths),
			emergencyDischarges: float64(s.emergencyDischarges - mk.emergencyDischarges),
			waitHours:           s.waitHours - mk.waitHours,
			stayHours:           s.emergencyStayHours - mk.emergencyStayHours,
			occupied:            s.beds.inUse.Total(now) - mk.occupied,
			delayed:             s.delays.total(now) - mk.delayed,
			waiting:             s.beds.waiting.Total(now) - mk.waiting,
			capacity:            s.beds.capLevel.Total(now) - mk.capacity,
		}
		all.add(&d)
		per = append(per, d.metrics(m.plan.sites[k].key, span, names, m.plan.costs))
	}
	per = append(per, all.metrics(SystemSite, span, names, m.plan.costs))
	p := Period{Label: pp.label, Days: span / 24, YearDays: pp.yearDays, Metrics: make([]Metric, 0, len(names)*len(per))}
	for i := range names {
		for _, ms := range per {
			p.Metrics = append(p.Metrics, ms[i])
		}
	}
	m.periods.done = append(m.periods.done, p)
	m.periods.open = false
}

// metrics returns d's metrics over span hours, named by names in order,
// priced by cp (nil: unpriced).
func (d *periodDelta) metrics(site string, span float64, names []string, cp *costPlan) []Metric {
	values := map[string]float64{
		metric.Arrivals:          d.arrivals,
		metric.Admissions:        d.admissions,
		metric.Discharges:        d.discharges,
		metric.Deaths:            d.deaths,
		metric.BedDays:           d.occupied / 24,
		metric.DelayedBedDays:    d.delayed / 24,
		metric.DelayedShare:      ratioOrNaN(d.delayed, d.occupied),
		metric.BedsOccupiedMean:  ratioOrNaN(d.occupied, span),
		metric.OccupancyMean:     ratioOrNaN(d.occupied, d.capacity),
		metric.QueueMean:         ratioOrNaN(d.waiting, span),
		metric.BoardingHoursMean: ratioOrNaN(d.waitHours, d.admissions),
		metric.MeanLOSDays:       ratioOrNaN(d.stayHours/24, d.emergencyDischarges),
	}
	if cp != nil {
		// As costMetrics prices the whole run.
		values[metric.CostBedDays] = d.occupied / 24 * cp.bedDay
		values[metric.CostDelayedBedDays] = d.delayed / 24 * cp.delayedBedDay
	}
	ms := make([]Metric, len(names))
	for i, n := range names {
		ms[i] = Metric{n, site, values[n]}
	}
	return ms
}

// ratioOrNaN is a ÷ b, or NaN when b is 0.
func ratioOrNaN(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
