package model

import (
	"math"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestFinancialYearBoundaries: the recorded period is cut at 1 April
// midnights exactly; a run starting mid-year has a partial first year, a
// leap year has 366 days, a warm-up moves the first year's start.
func TestFinancialYearBoundaries(t *testing.T) {
	type want struct {
		label          string
		from, to, year int // days since the start date; days in the year
	}
	tests := []struct {
		start           string
		warmup, horizon int // days
		want            []want
	}{
		{"2025-04-07", 0, 365, []want{{"2025/26", 0, 359, 365}, {"2026/27", 359, 365, 365}}},
		{"2025-04-01", 0, 730, []want{{"2025/26", 0, 365, 365}, {"2026/27", 365, 730, 365}}},
		{"2027-03-31", 0, 368, []want{{"2026/27", 0, 1, 365}, {"2027/28", 1, 367, 366}, {"2028/29", 367, 368, 365}}},
		{"2025-03-01", 40, 60, []want{{"2025/26", 40, 60, 365}}},
		{"2025-03-01", 20, 60, []want{{"2024/25", 20, 31, 365}, {"2025/26", 31, 60, 365}}},
	}
	for _, tt := range tests {
		d, err := time.Parse(time.DateOnly, tt.start)
		if err != nil {
			t.Fatal(err)
		}
		clock := engine.NewClock(d)
		got := financialYears(clock, engine.Time(24*tt.warmup), engine.Time(24*tt.horizon))
		if len(got) != len(tt.want) {
			t.Errorf("start %s, warm-up %dd, horizon %dd: %d periods, want %d: %+v", tt.start, tt.warmup, tt.horizon, len(got), len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			g := got[i]
			if g.label != w.label || g.from != engine.Time(24*w.from) || g.to != engine.Time(24*w.to) || g.yearDays != w.year {
				t.Errorf("start %s: period %d = %s [%gh, %gh) of %d days, want %s [%dd, %dd) of %d", tt.start, i,
					g.label, float64(g.from), float64(g.to), g.yearDays, w.label, w.from, w.to, w.year)
			}
			if i > 0 && clock.Date(g.from).Format("01-02") != "04-01" {
				t.Errorf("start %s: period %d starts on %s, not 1 April", tt.start, i, clock.Date(g.from).Format(time.DateOnly))
			}
		}
	}
}

// yearsUEC is the test UEC system over 500 days from 1 February 2025
// (warm-up 20 days), reported by financial year, with demand growing and
// site a's beds raised from 1 April 2026.
func yearsUEC(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc := loadUEC(t)
	sc.Start = scenario.NewDate(2025, time.February, 1)
	sc.Horizon, sc.Warmup = 500*24, 20*24
	sc.FinancialYears = true
	sc.DemandGrowth = &scenario.DemandGrowth{All: 0.02, Cohorts: map[string]float64{"frail": 0.05}}
	from := scenario.NewDate(2026, time.April, 1)
	sc.Sites["a"].Beds.Schedule = scenario.Schedule{{From: &from, Capacity: sc.Sites["a"].Beds.Capacity + 40}}
	if errs := sc.Validate(); errs != nil {
		t.Fatal(errs)
	}
	return sc
}

// TestPeriodsAddUp: the financial years' counts and bed-days add up to
// the whole run's, their means weighted by days, bed-days, capacity and
// admissions make the whole run's, and a capacity plan dated 1 April 2026
// shows in that year's capacity alone.
func TestPeriodsAddUp(t *testing.T) {
	sc := yearsUEC(t)
	res, err := Run(sc, rng.Seed(11).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Periods) != 3 {
		t.Fatalf("%d periods, want 3 (2024/25 partial, 2025/26, 2026/27 partial)", len(res.Periods))
	}
	wantDays := []float64{39, 365, 76}
	for i, p := range res.Periods {
		if p.Days != wantDays[i] || p.Partial() != (i != 1) {
			t.Errorf("period %s: %g days, partial %v; want %g days, partial %v", p.Label, p.Days, p.Partial(), wantDays[i], i != 1)
		}
	}
	whole := map[[2]string]float64{}
	for _, m := range res.Metrics {
		whole[[2]string{m.Name, m.Site}] = m.Value
	}
	type sums struct{ days, bedDays, delayed, capacity, boarding, admissions, occupied float64 }
	per := map[string]*sums{}
	counts := map[[2]string]float64{}
	capacityBySite := map[string][]float64{}
	for _, p := range res.Periods {
		v := map[[2]string]float64{}
		for _, m := range p.Metrics {
			v[[2]string{m.Name, m.Site}] = m.Value
		}
		for _, site := range []string{"a", "b", SystemSite} {
			s := per[site]
			if s == nil {
				s = &sums{}
				per[site] = s
			}
			get := func(name string) float64 { return v[[2]string{name, site}] }
			bed := get(metric.BedDays)
			s.days += p.Days
			s.bedDays += bed
			s.delayed += get(metric.DelayedShare) * bed
			capacity := bed / get(metric.OccupancyMean)
			s.capacity += capacity
			capacityBySite[site] = append(capacityBySite[site], capacity/p.Days)
			s.admissions += get(metric.Admissions)
			s.boarding += get(metric.BoardingHoursMean) * get(metric.Admissions)
			s.occupied += get(metric.BedsOccupiedMean) * p.Days
			for _, n := range []string{metric.Arrivals, metric.Admissions, metric.Discharges, metric.Deaths} {
				counts[[2]string{n, site}] += get(n)
			}
		}
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: years make %.12g, the whole run %.12g", what, got, want)
		}
	}
	for site, s := range per {
		get := func(name string) float64 { return whole[[2]string{name, site}] }
		near(site+" bed_days", s.bedDays, get(metric.BedDays))
		near(site+" delayed_share", s.delayed/s.bedDays, get(metric.DelayedShare))
		near(site+" occupancy_mean", s.bedDays/s.capacity, get(metric.OccupancyMean))
		near(site+" boarding_hours_mean", s.boarding/s.admissions, get(metric.BoardingHoursMean))
		near(site+" beds_occupied_mean", s.occupied/s.days, get(metric.BedsOccupiedMean))
		for _, n := range []string{metric.Arrivals, metric.Admissions, metric.Discharges, metric.Deaths} {
			if counts[[2]string{n, site}] != get(n) {
				t.Errorf("%s %s: years add up to %g, the whole run %g", site, n, counts[[2]string{n, site}], get(n))
			}
		}
	}
	base := float64(sc.Sites["a"].Beds.Capacity)
	if c := capacityBySite["a"]; math.Abs(c[1]-base) > 1e-9 || math.Abs(c[2]-base-40) > 1e-9 {
		t.Errorf("site a's mean beds by year %v, want %g in 2025/26 and %g from 1 April 2026", c, base, base+40)
	}
}

// TestPeriodCosts: with unit costs, each financial year's cost of
// bed-days and of delayed bed-days is the unit cost × that year's
// bed-days exactly, and the years' costs add up to the whole run's.
func TestPeriodCosts(t *testing.T) {
	sc := yearsUEC(t)
	sc.Costs = uecCosts()
	res, err := Run(sc, rng.Seed(5).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	whole := map[[2]string]float64{}
	for _, m := range res.Metrics {
		whole[[2]string{m.Name, m.Site}] = m.Value
	}
	sum := map[[2]string]float64{}
	for _, p := range res.Periods {
		v := map[[2]string]float64{}
		for _, m := range p.Metrics {
			v[[2]string{m.Name, m.Site}] = m.Value
		}
		for _, site := range []string{"a", "b", SystemSite} {
			for _, c := range []struct {
				cost, quantity string
				unit           float64
			}{
				{metric.CostBedDays, metric.BedDays, sc.Costs.BedDay},
				{metric.CostDelayedBedDays, metric.DelayedBedDays, *sc.Costs.DelayedBedDay},
			} {
				got, q := v[[2]string{c.cost, site}], v[[2]string{c.quantity, site}]
				if got != q*c.unit {
					t.Errorf("%s %s %s: %v, want %v × %v", p.Label, site, c.cost, got, c.unit, q)
				}
				sum[[2]string{c.cost, site}] += got
			}
		}
	}
	for k, s := range sum {
		if w := whole[k]; math.Abs(s-w) > 1e-9*w {
			t.Errorf("%s %s: years add up to %.2f, the whole run %.2f", k[1], k[0], s, w)
		}
	}
	if len(res.Periods) == 0 || len(res.Periods[0].Metrics) != len(PeriodMetrics(true))*3 {
		t.Errorf("periods' metrics: %d, want %d", len(res.Periods[0].Metrics), len(PeriodMetrics(true))*3)
	}
}
