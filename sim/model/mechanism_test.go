package model

import (
	"slices"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// pairedRuns runs base and alt with the same seeds (common random numbers)
// and returns metric at site for each replication of each.
func pairedRuns(t *testing.T, base, alt *scenario.Scenario, reps int, metric, site string) (b, a []float64) {
	t.Helper()
	pb, err := Prepare(base)
	if err != nil {
		t.Fatal(err)
	}
	pa, err := Prepare(alt)
	if err != nil {
		t.Fatal(err)
	}
	for r := range reps {
		rep := rng.Seed(17).Replication(r)
		b = append(b, metricsBySite(RunPlan(pb, rep, Options{}))[site][metric])
		a = append(a, metricsBySite(RunPlan(pa, rep, Options{}))[site][metric])
	}
	return b, a
}

// checkIncrease asserts that alt − base is positive in every replication
// or, failing that, that its paired 95% interval lies above zero.
func checkIncrease(t *testing.T, what string, base, alt []float64) {
	t.Helper()
	d := make([]float64, len(base))
	for i := range base {
		d[i] = alt[i] - base[i]
	}
	s := stats.Summarize(d)
	if !(s.CILow > 0) && slices.ContainsFunc(d, func(x float64) bool { return !(x > 0) }) {
		t.Errorf("%s: paired difference %.4g, 95%% CI [%.4g, %.4g], not above 0 in every replication; want it above 0", what, s.Mean, s.CILow, s.CIHigh)
	} else {
		t.Logf("%s: +%.4g (95%% CI %.4g to %.4g)", what, s.Mean, s.CILow, s.CIHigh)
	}
}

func TestLessP2CapacityMeansMoreDelays(t *testing.T) {
	base := loadUEC(t)
	alt := loadUEC(t)
	alt.Sites["a"].Pathways["p2"].Capacity = 62
	b, a := pairedRuns(t, base, alt, 6, "delayed_bed_days", "all")
	checkIncrease(t, "delayed bed-days with 62 instead of 85 p2 beds", b, a)
}

func TestFiveDayHubDelaysWeekendPatients(t *testing.T) {
	seven := loadUEC(t)
	seven.Sites["a"].Hub.Days = 7
	five := loadUEC(t) // site a's hub works Monday to Friday
	s, f := pairedRuns(t, seven, five, 6, "weekend_delayed_bed_days", "a")
	checkIncrease(t, "weekend-born delayed bed-days, 5-day hub against 7-day", s, f)
}

func TestSDECTakesNobodyWhileClosed(t *testing.T) {
	plan, err := Prepare(loadUEC(t))
	if err != nil {
		t.Fatal(err)
	}
	for r := range 3 {
		m := New(plan, rng.Seed(8).Replication(r))
		m.Run()
		for i, sp := range plan.sites {
			if sp.sdec == nil {
				continue
			}
			open, closed := 0, 0
			for h, n := range m.sites[i].sdecStartsByHour {
				if sp.sdec.hours.Contains(float64(h)) {
					open += n
				} else {
					closed += n
				}
			}
			if closed != 0 || open == 0 {
				t.Errorf("site %s: %d SDEC starts outside %v–%v and %d inside; want 0 and some", sp.key, closed, sp.sdec.hours.From, sp.sdec.hours.To, open)
			}
		}
	}
}

func TestFullVirtualWardSendsStepUpsToBeds(t *testing.T) {
	base := loadUEC(t)
	full := loadUEC(t)
	full.VirtualWards["county"].Capacity = 0
	plan, err := Prepare(full)
	if err != nil {
		t.Fatal(err)
	}
	for r := range 3 {
		v := metricsBySite(RunPlan(plan, rng.Seed(4).Replication(r), Options{}))["all"]
		if v["vw_step_ups"] != 0 || v["vw_step_downs"] != 0 || v["vw_fallbacks"] == 0 {
			t.Errorf("rep %d with a full virtual ward: %v step-ups, %v step-downs, %v fallbacks; want 0, 0 and some",
				r, v["vw_step_ups"], v["vw_step_downs"], v["vw_fallbacks"])
		}
	}
	b, a := pairedRuns(t, base, full, 4, "admissions", "all")
	checkIncrease(t, "admissions when the virtual ward is full", b, a)
}

func TestZeroCapacityPathwayIsUnstable(t *testing.T) {
	base := loadUEC(t)
	none := loadUEC(t)
	none.Sites["a"].Pathways["p3"].Capacity = 0
	b, a := pairedRuns(t, base, none, 2, "unstable", "a")
	for i := range b {
		if b[i] != 0 || a[i] != 1 {
			t.Errorf("rep %d: unstable = %v with p3 beds, %v without; want 0 and 1", i, b[i], a[i])
		}
	}
}

// TestLOSScaleShortensStays: los_scale: 0.8 makes the recorded acute stays
// of p0 patients about 20% shorter; the paired means move the right way.
func TestLOSScaleShortensStays(t *testing.T) {
	base := loadUEC(t)
	short := loadUEC(t)
	short.Sites["b"].Beds.LOSScale = 0.8
	b, a := pairedRuns(t, short, base, 4, "mean_los_days", "b")
	checkIncrease(t, "mean LOS at b, unscaled against 0.8", b, a)
}
