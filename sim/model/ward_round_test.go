package model

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// wardRound is a site whose patients spend exactly two days in a bed, with
// beds to spare, and go home on p0 the moment they are declared medically
// safe (discharge hours all day). Arrivals are homogeneous Poisson, so
// acute stays end uniformly over the week, and the consultant round sees
// patients 09:00–11:00; the overrides vary its weekend.
const wardRound = `
name: ward-round
start: 2025-04-07       # a Monday
horizon: 301d       # 40 whole weeks after the warm-up
warmup: 21d
places:
  town:
    arrivals: 40/d
cohorts:
  all:
    share: 1
    los: {dist: fixed, value: 2d}
    pathways: {p0: 1}
sites:
  main:
    beds:
      capacity: 400
      los: {dist: fixed, value: 2d}
    discharge:
      hours: "00:00-24:00"
      ward_round: {hours: "09:00-11:00"}
`

// loadWardRound loads wardRound with overrides such as
// "sites.main.discharge.ward_round.weekend=0".
func loadWardRound(t *testing.T, sets ...string) *Plan {
	t.Helper()
	return loadPlanWith(t, wardRound, sets...)
}

// loadPlanWith prepares the scenario text with the overrides applied.
func loadPlanWith(t *testing.T, text string, sets ...string) *Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scenario.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var overrides []scenario.Override
	for _, s := range sets {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			t.Fatal(err)
		}
		overrides = append(overrides, o)
	}
	sc, err := scenario.LoadWith(path, overrides...)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// reviewWait is the expected wait, in hours, from an acute stay ending at
// s (hours since a Monday midnight) to the round reaching a patient at
// place u of its hours, [from, to) on weekdays and [wfrom, wto) on
// Saturdays and Sundays, where the weekend round sees a waiting patient
// with chance q each day.
func reviewWait(s, u, from, to, wfrom, wto, q float64) float64 {
	wait, unseen := 0.0, 1.0
	for d := math.Floor(s / 24); unseen > 1e-12; d++ {
		f, l, seen := from, to-from, 1.0
		if int(d)%7 >= 5 {
			f, l, seen = wfrom, wto-wfrom, q
		}
		at := d*24 + f + u*l
		if at < s {
			continue
		}
		wait += unseen * seen * (at - s)
		unseen *= 1 - seen
	}
	return wait
}

// integratedWait integrates reviewWait over a week of stay ends and every
// place on the round, on a grid whose stay ends (midpoints) never meet a
// place on the round exactly.
func integratedWait(from, to, wfrom, wto, q float64) float64 {
	const ns, nu = 168 * 20, 40
	sum := 0.0
	for i := range ns {
		for j := range nu {
			sum += reviewWait((float64(i)+0.5)*168/ns, float64(j)/nu, from, to, wfrom, wto, q)
		}
	}
	return sum / (ns * nu)
}

// roundRuns runs plan for reps replications and returns each one's
// metrics at site main and, for each journey that began after the warm-up,
// its (end of acute stay, declaration) times in hours.
func roundRuns(plan *Plan, reps int) (ms []map[string]float64, ends, declared []float64) {
	for r := range reps {
		res := RunPlan(plan, rng.Seed(17).Replication(r), Options{Journeys: true})
		ms = append(ms, metricsBySite(res)["main"])
		for _, j := range res.Journeys {
			if j.Times.Arrival < float64(plan.warmup) || math.IsNaN(j.Times.MedicallySafe) {
				continue
			}
			ends = append(ends, j.Times.BedStart+48)
			declared = append(declared, j.Times.MedicallySafe)
		}
	}
	return ms, ends, declared
}

// TestWardRoundDeclaresAtTheNextRound: with a daily 09:00–11:00 round and
// stays ending uniformly over the day, each patient waits for their own
// place on the round, so the wait is uniform over a day: 12 hours on
// average, and 10/24 of patients are declared on the day their stay ended
// (those whose stay ended before their place, 09:00 + 2u hours). Every
// declaration falls inside the round, and the mean stay is the two days
// plus the wait.
func TestWardRoundDeclaresAtTheNextRound(t *testing.T) {
	ms, ends, declared := roundRuns(loadWardRound(t), 4)
	var waits []float64
	for _, m := range ms {
		waits = append(waits, m["ward_round_wait_hours_mean"])
		if d, w := m["mean_los_days"], 2+m["ward_round_wait_hours_mean"]/24; math.Abs(d-w) > 0.01 {
			t.Errorf("mean_los_days %.4f, want the stay plus the wait for the round %.4f", d, w)
		}
		if m["delayed_bed_days"] != 0 {
			t.Errorf("delayed_bed_days %v: p0 patients go home the moment they are declared", m["delayed_bed_days"])
		}
	}
	mean, half := meanAndHalfWidth(waits)
	t.Logf("ward_round_wait_hours_mean %.3f ± %.3f (want 12)", mean, half)
	if math.Abs(mean-12) > 2*half+0.05 {
		t.Errorf("ward_round_wait_hours_mean %.3f ± %.3f, want 12", mean, half)
	}
	sameDay := 0
	for i := range ends {
		if h := math.Mod(declared[i]+24*7*1000, 24); h < 9-1e-9 || h > 11+1e-9 {
			t.Fatalf("declared at hour %.4f of the day, outside the 09:00-11:00 round", h)
		}
		if declared[i] < ends[i] {
			t.Fatalf("declared at %.4f h before the stay ended at %.4f h", declared[i], ends[i])
		}
		if math.Floor(declared[i]/24) == math.Floor(ends[i]/24) {
			sameDay++
		}
	}
	n := float64(len(ends))
	share, sd := float64(sameDay)/n, math.Sqrt(10.0/24*14/24/n)
	t.Logf("declared on the day the stay ended: %.4f of %d (want %.4f)", share, len(ends), 10.0/24)
	if math.Abs(share-10.0/24) > 4*sd {
		t.Errorf("declared on the day the stay ended: %.4f of %d, want 10/24 = %.4f (± %.4f)", share, len(ends), 10.0/24, 4*sd)
	}
}

// TestWardRoundWeekends: with no weekend declarations the wait and the
// declaration days follow the weekday round alone; with a later weekend
// round that sees a waiting patient half the time, the mean wait is the
// integral over the week of the expected wait.
func TestWardRoundWeekends(t *testing.T) {
	tests := []struct {
		name     string
		sets     []string
		want     float64
		weekends bool // some declarations fall on a Saturday or Sunday
	}{
		{"none", []string{"sites.main.discharge.ward_round.weekend=0"}, integratedWait(9, 11, 9, 11, 0), false},
		{"half, later", []string{"sites.main.discharge.ward_round.weekend=0.5",
			"sites.main.discharge.ward_round.weekend_hours=10:00-13:00"}, integratedWait(9, 11, 10, 13, 0.5), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, _, declared := roundRuns(loadWardRound(t, tt.sets...), 8)
			var waits []float64
			for _, m := range ms {
				waits = append(waits, m["ward_round_wait_hours_mean"])
			}
			mean, half := meanAndHalfWidth(waits)
			t.Logf("ward_round_wait_hours_mean %.3f ± %.3f, integrated %.3f", mean, half, tt.want)
			if math.Abs(mean-tt.want) > 2*half+0.05 {
				t.Errorf("ward_round_wait_hours_mean %.3f ± %.3f, integrated over the week %.3f", mean, half, tt.want)
			}
			weekend := 0
			for _, d := range declared {
				if int(math.Floor(d/24))%7 >= 5 { // the start is a Monday midnight
					weekend++
				}
			}
			if (weekend > 0) != tt.weekends {
				t.Errorf("%d of %d declarations on a Saturday or Sunday", weekend, len(declared))
			}
		})
	}
	// The weekend costs waiting: no weekend round is worse than a daily one.
	if none, daily := integratedWait(9, 11, 9, 11, 0), integratedWait(9, 11, 9, 11, 1); !(none > daily+5) || math.Abs(daily-12) > 0.01 {
		t.Errorf("integrated waits: no weekend round %.3f h, a daily round %.3f h (want 12)", none, daily)
	}
}

// TestWardRoundConservesBedHours: with beds to spare, turning the round on
// changes no admission and no acute stay, so every bed-hour it adds is
// either a wait for the round or a delay after it: the paired difference
// in bed-days equals the ward-round bed-days plus the change in delayed
// bed-days, at the site and for the system.
func TestWardRoundConservesBedHours(t *testing.T) {
	const sc = `
name: ward-round-conservation
start: 2025-04-09
horizon: 200d
warmup: 30d
places:
  town:
    arrivals: 30/d
cohorts:
  all:
    share: 1
    los: {dist: lognormal, mean: 5d, sd: 4d}
    pathways: {p0: 0.7, p1: 0.3}
sites:
  main:
    beds:
      capacity: 1000
    discharge:
      hours: "10:00-17:00"
      weekend: 0.5
    hub:
      days: 5
      assessment: {dist: exponential, mean: 6h}
      staff: 50
`
	load := func(sets ...string) *Plan { return loadPlanWith(t, sc, sets...) }
	off := load()
	on := load("sites.main.discharge.ward_round.hours=08:30-12:00", "sites.main.discharge.ward_round.weekend=0.4")
	for r := range 3 {
		rep := rng.Seed(5).Replication(r)
		a, b := metricsBySite(RunPlan(off, rep, Options{})), metricsBySite(RunPlan(on, rep, Options{}))
		for _, site := range []string{"main", SystemSite} {
			x, y := a[site], b[site]
			if x["admissions"] != y["admissions"] {
				t.Fatalf("admissions %v off, %v on: the round must not change who is admitted", x["admissions"], y["admissions"])
			}
			if x["ward_round_bed_days"] != 0 {
				t.Errorf("ward_round_bed_days %v without a ward round", x["ward_round_bed_days"])
			}
			added := y["bed_days"] - x["bed_days"]
			if r == 0 {
				t.Logf("%s: bed-days %.1f off, %.1f on; ward round %.1f; delayed %.1f off, %.1f on",
					site, x["bed_days"], y["bed_days"], y["ward_round_bed_days"], x["delayed_bed_days"], y["delayed_bed_days"])
			}
			parts := y["ward_round_bed_days"] + y["delayed_bed_days"] - x["delayed_bed_days"]
			if y["ward_round_bed_days"] < 100 || math.Abs(added-parts) > 1e-9*y["bed_days"] {
				t.Errorf("%s rep %d: bed-days added %.6f, ward round %.6f + change in delayed %.6f = %.6f",
					site, r, added, y["ward_round_bed_days"], y["delayed_bed_days"]-x["delayed_bed_days"], parts)
			}
		}
	}
}

// TestWardRoundMakesDischargesSameDay: paired with and without a morning
// round, the share of p0 patients leaving after the day they were ready
// falls: without it a patient medically safe in the evening leaves the
// next morning; with it they are declared in the morning and leave that
// day unless it is a weekend.
func TestWardRoundMakesDischargesSameDay(t *testing.T) {
	off := loadWardRound(t, "sites.main.discharge.hours=08:00-20:00", "sites.main.discharge.weekend=0.6",
		"sites.main.discharge.ward_round=~")
	on := loadWardRound(t, "sites.main.discharge.hours=08:00-20:00", "sites.main.discharge.weekend=0.6")
	for r := range 3 {
		rep := rng.Seed(9).Replication(r)
		a, b := metricsBySite(RunPlan(off, rep, Options{}))["main"], metricsBySite(RunPlan(on, rep, Options{}))["main"]
		// Without the round: late if safe 20:00–24:00 (4/24), or on a
		// weekend day without the weekend discharge (2/7 × 0.4 of the rest).
		if w := 4.0/24 + 2.0/7*0.4*20/24; math.Abs(a["late_discharge_share"]-w) > 0.02 {
			t.Errorf("rep %d: late_discharge_share %.4f without a round, want about %.4f", r, a["late_discharge_share"], w)
		}
		// With it: declared 09:00–11:00 inside discharge hours, late only
		// at weekends (2/7 × 0.4).
		if w := 2.0 / 7 * 0.4; math.Abs(b["late_discharge_share"]-w) > 0.02 {
			t.Errorf("rep %d: late_discharge_share %.4f with a round, want about %.4f", r, b["late_discharge_share"], w)
		}
		t.Logf("rep %d: late_discharge_share %.4f without the round, %.4f with it", r, a["late_discharge_share"], b["late_discharge_share"])
		if !(b["late_discharge_share"] < a["late_discharge_share"]-0.1) {
			t.Errorf("rep %d: late_discharge_share %.4f with the round, %.4f without: want it to fall", r, b["late_discharge_share"], a["late_discharge_share"])
		}
	}
}

// TestShortStaysSkipTheRound: on the acute medical unit stays up to
// short_stays are declared as they end, so when it covers every stay the
// run is the run without a round, metric for metric, and one just short
// of the two-day stays sends everyone to the round again.
func TestShortStaysSkipTheRound(t *testing.T) {
	off := loadWardRound(t, "sites.main.discharge.ward_round=~")
	covered := loadWardRound(t, "sites.main.discharge.ward_round.short_stays=2d")
	short := loadWardRound(t, "sites.main.discharge.ward_round.short_stays=47h")
	rep := rng.Seed(23).Replication(0)
	a, b, c := RunPlan(off, rep, Options{}), RunPlan(covered, rep, Options{}), RunPlan(short, rep, Options{})
	for i, m := range a.Metrics {
		n := b.Metrics[i]
		if m.Name != n.Name || m.Site != n.Site || !(m.Value == n.Value || math.IsNaN(m.Value) && math.IsNaN(n.Value)) {
			t.Errorf("%s at %s: %v without a round, %v with every stay short", m.Name, m.Site, m.Value, n.Value)
		}
	}
	if w := metricsBySite(c)["main"]["ward_round_wait_hours_mean"]; math.Abs(w-12) > 0.5 {
		t.Errorf("ward_round_wait_hours_mean %.3f with two-day stays longer than short_stays, want about 12", w)
	}
}

// TestShortStayHours: the acute medical unit declares short stays
// 08:00-20:00 every day, so of stays ending uniformly over the day half
// wait, on average 6 hours, for 08:00: a mean wait of 3 hours, and every
// declaration falls in its hours.
func TestShortStayHours(t *testing.T) {
	plan := loadWardRound(t, "sites.main.discharge.ward_round.short_stays=2d",
		"sites.main.discharge.ward_round.short_stay_hours=08:00-20:00")
	ms, _, declared := roundRuns(plan, 4)
	var waits []float64
	for _, m := range ms {
		waits = append(waits, m["ward_round_wait_hours_mean"])
	}
	mean, half := meanAndHalfWidth(waits)
	t.Logf("ward_round_wait_hours_mean %.3f ± %.3f (want 3)", mean, half)
	if math.Abs(mean-3) > 2*half+0.03 {
		t.Errorf("ward_round_wait_hours_mean %.3f ± %.3f, want 3", mean, half)
	}
	for _, d := range declared {
		if h := math.Mod(d, 24); h < 8-1e-9 || h >= 20 {
			t.Fatalf("declared at hour %.4f, outside the acute unit's 08:00-20:00", h)
		}
	}
}
