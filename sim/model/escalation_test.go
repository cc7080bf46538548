package model

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// escalating returns testdata/uec.yaml with site a's beds cut to 170, so
// that patients board, and the escalation plan e at site a.
func escalating(t testing.TB, e *scenario.Escalation) *scenario.Scenario {
	t.Helper()
	sc := loadUEC(t)
	a := sc.Sites["a"]
	a.Beds.Capacity = 170
	a.Beds.Schedule = scenario.Schedule{{From: date(t, "2025-06-01"), To: date(t, "2025-06-30"), Capacity: 165}}
	a.Escalation = e
	if errs := sc.Validate(); errs != nil {
		t.Fatal(errs)
	}
	return sc
}

func date(t testing.TB, s string) *scenario.Date {
	t.Helper()
	d, err := scenario.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// opel returns an escalation plan reviewed hourly with levels given as
// (name, open_at, close_below, beds).
func opel(levels ...scenario.EscalationLevel) *scenario.Escalation {
	return &scenario.Escalation{ReviewEvery: 1, Levels: levels}
}

// withoutEscalationMetrics returns res's metrics less those only a
// scenario with escalation reports.
func withoutEscalationMetrics(res *Result) []Metric {
	var ms []Metric
	for _, m := range res.Metrics {
		if metric.ReportedOnlyWith(m.Name) == "" {
			ms = append(ms, m)
		}
	}
	return ms
}

// TestEscalationAtOtherSites: a site without escalation in a scenario
// with it has no escalation bed-days and no share of time escalated.
func TestEscalationAtOtherSites(t *testing.T) {
	sc := escalating(t, opel(scenario.EscalationLevel{Level: "opel3", OpenAt: 5, CloseBelow: 2, Beds: 10}))
	m := metricsBySite(must(Run(sc, rng.Seed(1).Replication(0))))
	if v := m["b"][metric.EscalatedShare]; !math.IsNaN(v) {
		t.Errorf("escalated_share at b, which has no escalation, = %v, want NA", v)
	}
	if v := m["b"][metric.EscalationBedDays]; v != 0 {
		t.Errorf("escalation_bed_days at b = %v, want 0", v)
	}
	if v := m["a"][metric.EscalationBedDays]; !(v > 0) {
		t.Errorf("escalation_bed_days at a = %v, want > 0", v)
	}
}

// TestEscalationNeverReachedChangesNothing: a trigger no queue reaches
// gives the same results to the bit as no escalation at all, and its
// reviews are the only events added: one an hour over the horizon.
func TestEscalationNeverReachedChangesNothing(t *testing.T) {
	base := escalating(t, nil)
	high := escalating(t, opel(scenario.EscalationLevel{Level: "opel2", OpenAt: 100000, CloseBelow: 50000, Beds: 20}))
	for r := range 2 {
		rep := rng.Seed(3).Replication(r)
		b, err := Run(base, rep)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Run(high, rep)
		if err != nil {
			t.Fatal(err)
		}
		if !(metricsBySite(b)["a"][metric.QueueMean] > 1) {
			t.Fatalf("rep %d: queue_mean at a = %v: the test needs patients boarding", r, metricsBySite(b)["a"][metric.QueueMean])
		}
		reviews := uint64(base.Horizon) // hourly from time 0, the horizon excluded
		if h.Events-b.Events != reviews {
			t.Errorf("rep %d: %d events more, want the %d reviews", r, h.Events-b.Events, reviews)
		}
		m := metricsBySite(h)
		h.Events = b.Events
		h.Metrics = withoutEscalationMetrics(h)
		if !SameResults(b, h) {
			t.Errorf("rep %d: results differ from no escalation", r)
		}
		for _, name := range []string{metric.EscalationBedDays, metric.EscalatedShare, metric.OPEL2Hours, metric.Escalations} {
			if v := m["a"][name]; v != 0 {
				t.Errorf("rep %d: %s = %v, want 0", r, name, v)
			}
		}
	}
}

// must returns res, failing on err (for tests).
func must(res *Result, err error) *Result {
	if err != nil {
		panic(err)
	}
	return res
}

// TestEscalationOpensBedsWhenFull: paired on the same patients, opening
// escalation beds when patients board shortens the wait for a bed.
func TestEscalationOpensBedsWhenFull(t *testing.T) {
	base := escalating(t, nil)
	esc := escalating(t, opel(
		scenario.EscalationLevel{Level: "opel3", OpenAt: 4, CloseBelow: 1, Beds: 15},
		scenario.EscalationLevel{Level: "opel4", OpenAt: 12, CloseBelow: 4, Beds: 15}))
	for r := range 3 {
		rep := rng.Seed(5).Replication(r)
		b := metricsBySite(must(Run(base, rep)))["a"]
		e := metricsBySite(must(Run(esc, rep)))["a"]
		if !(e[metric.EscalationBedDays] > 0 && e[metric.Escalations] > 0 && e[metric.EscalatedShare] > 0) {
			t.Fatalf("rep %d: no escalation: %v bed-days, %v escalations", r, e[metric.EscalationBedDays], e[metric.Escalations])
		}
		if !(e[metric.BoardingHoursMean] < 0.8*b[metric.BoardingHoursMean]) {
			t.Errorf("rep %d: wait for a bed %.2f h with escalation, %.2f h without: want at least 20%% less",
				r, e[metric.BoardingHoursMean], b[metric.BoardingHoursMean])
		}
		if got := e[metric.OPEL3Hours] + e[metric.OPEL4Hours]; math.Abs(got-e[metric.EscalatedShare]*100*24) > 1e-6 {
			t.Errorf("rep %d: hours at OPEL 3 and 4 %v, escalated share × 100 days %v", r, got, e[metric.EscalatedShare]*100*24)
		}
	}
}

// TestEscalationBedDaysAreTheTimeline: escalation bed-days equal the
// integral of the beds open over the recorded period, from the changes
// the model announces; every change follows the thresholds at the review
// that made it; and the beds' capacity is the schedule's plus them.
func TestEscalationBedDaysAreTheTimeline(t *testing.T) {
	e := opel(
		scenario.EscalationLevel{Level: "opel2", OpenAt: 3, CloseBelow: 1, Beds: 7},
		scenario.EscalationLevel{Level: "opel4", OpenAt: 10, CloseBelow: 5, Beds: 11})
	sc := escalating(t, e)
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	warmup, horizon := engine.Time(sc.Warmup), engine.Time(sc.Horizon)
	for r := range 2 {
		m := New(plan, rng.Seed(9).Replication(r))
		type change struct {
			t          engine.Time
			board, bed int
		}
		var changes []change
		m.escalated = func(site siteID, at engine.Time, boarding, beds int) {
			if plan.sites[site].key != "a" {
				t.Fatalf("escalation at %s, which has none", plan.sites[site].key)
			}
			changes = append(changes, change{at, boarding, beds})
		}
		res := m.Run()
		area, open, from := 0.0, 0, engine.Time(0)
		rises := 0
		for _, c := range changes {
			if c.t != engine.Time(math.Round(float64(c.t))) {
				t.Errorf("change at %v, not on an hourly review", c.t)
			}
			switch {
			case c.bed > open && c.board < 3, c.bed == 18 && c.board < 10:
				t.Errorf("t=%v: opened to %d beds with %d boarding", c.t, c.bed, c.board)
			case c.bed < open && !(c.bed == 0 && c.board < 1 || c.bed == 7 && c.board < 5):
				t.Errorf("t=%v: closed to %d beds with %d boarding", c.t, c.bed, c.board)
			}
			lo := max(from, warmup)
			if c.t > lo {
				area += float64(open) * float64(c.t-lo)
			}
			if c.bed > open && c.t >= warmup {
				rises++
			}
			open, from = c.bed, c.t
		}
		area += float64(open) * float64(horizon-max(from, warmup))
		if len(changes) < 10 {
			t.Fatalf("rep %d: only %d changes: the test needs the levels to open and close", r, len(changes))
		}
		a := metricsBySite(res)["a"]
		if got, want := a[metric.EscalationBedDays], area/24; math.Abs(got-want) > 1e-9*want {
			t.Errorf("rep %d: escalation_bed_days %v, the timeline's %v", r, got, want)
		}
		if got := a[metric.Escalations]; got != float64(rises) {
			t.Errorf("rep %d: escalations %v, the timeline rises %d times", r, got, rises)
		}
	}

	// On top of the schedule: the mean capacity with an always-open
	// level is the schedule's plus its beds.
	always := escalating(t, opel(scenario.EscalationLevel{Level: "opel2", OpenAt: 0, CloseBelow: 0, Beds: 9}))
	rep := rng.Seed(9).Replication(0)
	b := metricsBySite(must(Run(escalating(t, nil), rep)))["a"]
	w := metricsBySite(must(Run(always, rep)))["a"]
	meanCap := func(m map[string]float64) float64 { return m[metric.BedsOccupiedMean] / m[metric.OccupancyMean] }
	if got := meanCap(w) - meanCap(b); math.Abs(got-9) > 1e-9 {
		t.Errorf("mean capacity grew by %v with 9 beds always open, want 9", got)
	}
}

// TestEscalationAlwaysOpen: a trigger of 0 opens the level at the first
// review and it never closes (close_below 0), so escalation bed-days are
// its beds times the recorded days exactly, the time escalated is all of
// it, and their cost is the unit cost times them.
func TestEscalationAlwaysOpen(t *testing.T) {
	sc := escalating(t, opel(scenario.EscalationLevel{Level: "opel3", OpenAt: 0, CloseBelow: 0, Beds: 12}))
	sc.Costs = uecCosts()
	unit := 700.25
	sc.Costs.EscalationBedDay = &unit
	const days = 100.0 // testdata/uec.yaml: 120 days less a 20-day warm-up
	for r := range 2 {
		m := metricsBySite(must(Run(sc, rng.Seed(2).Replication(r))))
		a, all := m["a"], m[SystemSite]
		if got := a[metric.EscalationBedDays]; got != 12*days {
			t.Errorf("rep %d: escalation_bed_days %v, want 12 × %v = %v", r, got, days, 12*days)
		}
		if a[metric.EscalatedShare] != 1 || a[metric.OPEL3Hours] != days*24 || a[metric.OPEL2Hours] != 0 || a[metric.Escalations] != 0 {
			t.Errorf("rep %d: share %v, OPEL 3 %v h, OPEL 2 %v h, escalations %v: want 1, %v, 0, 0 (opened in the warm-up)",
				r, a[metric.EscalatedShare], a[metric.OPEL3Hours], a[metric.OPEL2Hours], a[metric.Escalations], days*24)
		}
		for _, site := range []string{"a", "b", SystemSite} {
			s := m[site]
			if got, want := s[metric.CostEscalationBedDays], s[metric.EscalationBedDays]*unit; got != want {
				t.Errorf("rep %d: %s cost_escalation_bed_days %v, want escalation_bed_days × %v = %v", r, site, got, unit, want)
			}
		}
		if all[metric.EscalationBedDays] != a[metric.EscalationBedDays] || all[metric.EscalatedShare] != 1 {
			t.Errorf("rep %d: system escalation %v bed-days, share %v; want a's %v and 1 (only a escalates)",
				r, all[metric.EscalationBedDays], all[metric.EscalatedShare], a[metric.EscalationBedDays])
		}
		services := a[metric.CostP1] + a[metric.CostP2] + a[metric.CostVirtualWard] + a[metric.CostSDEC] + a[metric.CostHub] + a[metric.CostEscalationBedDays]
		if got := a[metric.CostServices]; math.Abs(got-services) > 1e-6 {
			t.Errorf("rep %d: cost_services %v, the services and escalation beds add to %v", r, got, services)
		}
		if got := a[metric.CostTotal]; math.Abs(got-(a[metric.CostBedDays]+a[metric.CostServices])) > 1e-6 {
			t.Errorf("rep %d: cost_total %v, want bed-days + services %v", r, got, a[metric.CostBedDays]+a[metric.CostServices])
		}
	}
}

// TestEscalationHysteresis: between a level's closing and opening
// thresholds the level never changes, whichever way the queue came.
func TestEscalationHysteresis(t *testing.T) {
	ep := newEscalationPlan(opel(
		scenario.EscalationLevel{Level: "opel2", OpenAt: 10, CloseBelow: 4, Beds: 5},
		scenario.EscalationLevel{Level: "opel3", OpenAt: 20, CloseBelow: 12, Beds: 6},
		scenario.EscalationLevel{Level: "opel4", OpenAt: 30, CloseBelow: 25, Beds: 7}))
	if got := []int{ep.levels[0].beds, ep.levels[1].beds, ep.levels[2].beds}; got[0] != 5 || got[1] != 11 || got[2] != 18 {
		t.Fatalf("cumulative beds %v, want [5 11 18]", got)
	}
	steps := []struct{ boarding, want int }{
		{9, 0}, {4, 0}, {10, 1}, {4, 1}, {9, 1}, {5, 1}, {3, 0}, {8, 0},
		{35, 3}, // every trigger reached at one review: straight to OPEL 4
		{25, 3}, {29, 3}, {24, 2}, {12, 2}, {19, 2}, {11, 1}, {0, 0},
		{21, 2}, {13, 2}, {3, 0}, // below both closing thresholds at once
	}
	open := 0
	for i, s := range steps {
		open = ep.called(open, s.boarding)
		if open != s.want {
			t.Fatalf("step %d: %d boarding: %d levels open, want %d", i, s.boarding, open, s.want)
		}
	}
	// A queue wandering between one level's thresholds does not flap.
	for b := range 200 {
		boarding := 4 + b%6 // 4..9: between opel2's close_below and open_at
		if got := ep.called(0, boarding); got != 0 {
			t.Fatalf("closed, %d boarding: opened to %d", boarding, got)
		}
		if got := ep.called(1, boarding); got != 1 {
			t.Fatalf("at OPEL 2, %d boarding: moved to %d", boarding, got)
		}
	}
}

// TestEscalationAllocatesNothingPerReview: the allocations escalation adds
// to a replication do not grow with its length (its reviews, openings and
// closings allocate nothing), measured against the same run without it.
func TestEscalationAllocatesNothingPerReview(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four scenarios many times")
	}
	extra := func(horizon scenario.Duration) float64 {
		allocs := func(e *scenario.Escalation) float64 {
			sc := escalating(t, e)
			sc.Horizon = horizon
			plan, err := Prepare(sc)
			if err != nil {
				t.Fatal(err)
			}
			return testing.AllocsPerRun(3, func() { RunPlan(plan, rng.Seed(1).Replication(0), Options{}) })
		}
		return allocs(opel(
			scenario.EscalationLevel{Level: "opel2", OpenAt: 3, CloseBelow: 1, Beds: 7},
			scenario.EscalationLevel{Level: "opel4", OpenAt: 10, CloseBelow: 5, Beds: 11})) - allocs(nil)
	}
	short, long := extra(60*24), extra(240*24)
	t.Logf("escalation adds %v allocations to 60 days, %v to 240", short, long)
	if long > short+2 || long > 20 {
		t.Errorf("escalation adds %v allocations to 60 days and %v to 240: want a few, the same for both", short, long)
	}
}

// TestCensusInEscalationBeds: a census with patients in a site's
// escalation beds (more than its capacity, no more than its capacity with
// every level open) is a state the model can be in, as when written from
// an escalated run; one more is refused.
func TestCensusInEscalationBeds(t *testing.T) {
	const head = "site,days_in_unit,medically_safe,pathway,unit\n"
	for _, c := range []struct {
		patients int
		ok       bool
	}{{220 + 18, true}, {220 + 19, false}} {
		path := filepath.Join(t.TempDir(), "census.csv")
		if err := os.WriteFile(path, []byte(head+strings.Repeat("b,2,no,p0,beds\n", c.patients)), 0o644); err != nil {
			t.Fatal(err)
		}
		sc := loadUEC(t)
		sc.Census, sc.Warmup = path, 0
		sc.Sites["b"].Escalation = opel(
			scenario.EscalationLevel{Level: "opel2", OpenAt: 3, CloseBelow: 1, Beds: 7},
			scenario.EscalationLevel{Level: "opel3", OpenAt: 10, CloseBelow: 5, Beds: 11})
		if err := sc.ReadCensus(); err != nil {
			t.Fatal(err)
		}
		_, err := Prepare(sc)
		if ok := err == nil; ok != c.ok || !ok && !strings.Contains(err.Error(), "more than its 238 places") {
			t.Errorf("%d in b's 220 beds with 18 escalation beds: Prepare error %v, want ok %v", c.patients, err, c.ok)
		}
	}
}
