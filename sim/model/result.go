package model

import (
	"math"

	"github.com/flowsim/flowsim/sim/engine"
)

// SystemSite is the site name under which system-wide totals are reported.
const SystemSite = "all"

// Result is what one replication reports.
type Result struct {
	// Metrics in a fixed order: by metric, then by site (sites sorted by
	// key, then SystemSite).
	Metrics []Metric
	// Daily has one row per simulated day (warm-up included, so warm-up can
	// be judged from it) per site and unit, in day then site order.
	Daily []Day
	// Events is the number of events the engine dispatched.
	Events uint64
}

// Metric is one named measurement at a site (or SystemSite).
type Metric struct {
	Name  string
	Site  string
	Value float64
}

// Day is one day's activity in one unit of one site.
type Day struct {
	Day        int // days since the start date; the last may be partial
	Site       string
	Unit       string
	Occupied   float64 // mean units occupied over the day (bed-days used)
	Arrivals   int
	Admissions int
	Discharges int
	Delayed    int // patients medically safe but still occupying a bed
}

// closeDay appends the day in progress to the daily rows.
func (m *Model) closeDay() {
	now := m.eng.Now()
	length := float64(now) - float64(m.dayStartTime())
	if length <= 0 {
		return
	}
	for _, s := range m.sites {
		total := s.beds.occupied.Total(float64(now))
		m.daily = append(m.daily, Day{
			Day:        m.day,
			Site:       s.key,
			Unit:       "beds",
			Occupied:   (total - s.today.occupiedAtStart) / length,
			Arrivals:   s.today.arrivals,
			Admissions: s.today.admissions,
			Discharges: s.today.discharges,
		})
		s.today = dayCount{occupiedAtStart: total}
	}
	m.day++
}

// dayStartTime is the simulated time at which the day in progress began
// (time 0 for the first, possibly partial, day).
func (m *Model) dayStartTime() engine.Time {
	if m.day == 0 {
		return 0
	}
	return m.clock.NextMidnight(0) + engine.Time(m.day-1)*engine.Day
}

// result computes the metrics at the horizon.
func (m *Model) result() *Result {
	now := float64(m.eng.Now())
	span := now - float64(m.warmup)
	var sum tally
	var occupied, waiting float64
	capacity, inSystemEnd := 0, 0
	per := make([][]Metric, 0, len(m.sites)+1)
	for _, s := range m.sites {
		b := &s.beds
		end := b.occupied.Value() + b.queue.len()
		per = append(per, siteMetrics(s.key, s.tally, b.occupied.Area(now), b.waiting.Area(now),
			b.occupied.Quantile(now, 0.95), b.capacity, end, span))
		sum.arrivals += s.arrivals
		sum.admissions += s.admissions
		sum.discharges += s.discharges
		sum.lost += s.lost
		sum.inSystemStart += s.inSystemStart
		sum.waitHours += s.waitHours
		sum.stayHours += s.stayHours
		occupied += b.occupied.Area(now)
		waiting += b.waiting.Area(now)
		capacity += b.capacity
		inSystemEnd += end
	}
	// The system's 95th percentile of occupancy is not the sum of the
	// sites', so it has its own level.
	p95 := m.occupied.Quantile(now, 0.95)
	per = append(per, siteMetrics(SystemSite, sum, occupied, waiting, p95, capacity, inSystemEnd, span))

	// Interleave: metric-major, site-minor.
	res := &Result{Daily: m.daily, Events: m.eng.Processed()}
	for i := range per[0] {
		for _, ms := range per {
			res.Metrics = append(res.Metrics, ms[i])
		}
	}
	return res
}

// siteMetrics turns a site's counts into metrics. occupiedHours and
// waitingHours are the time integrals of beds in use and patients queueing
// over span hours.
func siteMetrics(key string, t tally, occupiedHours, waitingHours, p95 float64, capacity, inSystemEnd int, span float64) []Metric {
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
	}
	return []Metric{
		{"arrivals", key, float64(t.arrivals)},
		{"admissions", key, float64(t.admissions)},
		{"discharges", key, float64(t.discharges)},
		{"lost", key, float64(t.lost)},
		{"lost_share", key, ratio(float64(t.lost), float64(t.arrivals))},
		{"in_system_start", key, float64(t.inSystemStart)},
		{"in_system_end", key, float64(inSystemEnd)},
		{"bed_days", key, occupiedHours / 24},
		{"beds_occupied_mean", key, ratio(occupiedHours, span)},
		{"occupancy_mean", key, ratio(occupiedHours, span*float64(capacity))},
		{"occupancy_p95", key, p95 / float64(capacity)},
		{"queue_mean", key, ratio(waitingHours, span)},
		{"boarding_hours_mean", key, ratio(t.waitHours, float64(t.admissions))},
		{"mean_los_days", key, ratio(t.stayHours/24, float64(t.discharges))},
	}
}
