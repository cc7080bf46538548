package model

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// growingScenario is two years of arrivals at 6/h from one place, in two
// cohorts of equal share growing at gOld and gYoung a year, into beds that
// are never full, with the given extra YAML.
func growingScenario(t *testing.T, gYoung, gOld float64, extra string) *scenario.Scenario {
	t.Helper()
	doc := fmt.Sprintf(`
name: growing
start: 2025-04-01
horizon: 730d
places:
  town: {arrivals: 6/h}
cohorts:
  young: {share: 0.5}
  old: {share: 0.5}
sites:
  main:
    beds: {capacity: 500, los: {dist: exponential, mean: 1h}}
demand_growth:
  cohorts: {young: %g, old: %g}
%s`, gYoung, gOld, extra)
	sc, err := scenario.LoadBytes("growing.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// yearRatios runs reps replications and returns, per cohort, each
// replication's arrivals in its second year ÷ its first (years of 365
// days from the start date).
func yearRatios(t *testing.T, sc *scenario.Scenario, reps int) map[string][]float64 {
	t.Helper()
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]float64{}
	for r := range reps {
		res := RunPlan(plan, rng.Seed(7).Replication(r), Options{Journeys: true})
		counts := map[string]*[2]float64{}
		for _, j := range res.Journeys {
			if counts[j.Cohort] == nil {
				counts[j.Cohort] = &[2]float64{}
			}
			if y := int(j.Arrived / 365); y < 2 {
				counts[j.Cohort][y]++
			}
		}
		for c, n := range counts {
			out[c] = append(out[c], n[1]/n[0])
		}
	}
	return out
}

// wantRatio is the second year's arrivals ÷ the first's under annual
// growth g applied at each day's midday: (1 + g)^(365/365.25).
func wantRatio(g float64) float64 {
	num, den := 0.0, 0.0
	for d := range 730 {
		f := math.Pow(1+g, (float64(d)+0.5)/scenario.YearDays)
		if d < 365 {
			den += f
		} else {
			num += f
		}
	}
	return num / den
}

// TestDemandGrowthByCohort: a cohort growing at 10% a year has 10% more
// arrivals in its second year than its first (within the replications'
// CI), while the other cohort, with no growth, keeps its numbers.
func TestDemandGrowthByCohort(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical: 12 replications of two years (26 s under the race detector)")
	}
	ratios := yearRatios(t, growingScenario(t, 0, 0.1, ""), 12)
	for cohort, g := range map[string]float64{"old": 0.1, "young": 0} {
		want := wantRatio(g)
		checkInCI(t, cohort+" arrivals, year 2 ÷ year 1", ratios[cohort], want)
		if s := stats.Summarize(ratios[cohort]); s.CIHigh-s.CILow > 0.02 {
			t.Errorf("%s: CI [%.4f, %.4f] too wide to tell 10%% growth from none", cohort, s.CILow, s.CIHigh)
		}
	}
}

// TestDemandGrowthAll: with every cohort growing at 10% a year the
// place's arrivals grow by 10%, and with none growing (the control) they
// do not.
func TestDemandGrowthAll(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical: 24 replications of two years (52 s under the race detector)")
	}
	for _, g := range []float64{0.1, 0} {
		ratios := yearRatios(t, growingScenario(t, g, g, ""), 12)
		all := make([]float64, len(ratios["old"]))
		for i := range all {
			// Equal shares growing alike: the mean of the two ratios is the
			// place's ratio up to noise.
			all[i] = (ratios["old"][i] + ratios["young"][i]) / 2
		}
		checkInCI(t, fmt.Sprintf("g = %g: arrivals, year 2 ÷ year 1", g), all, wantRatio(g))
	}
}

// TestNoDemandGrowthUnchanged: growth rates that are all zero give the
// very results of a scenario without demand_growth (the same draws, the
// same events).
func TestNoDemandGrowthUnchanged(t *testing.T) {
	zero := growingScenario(t, 0, 0, "")
	none := growingScenario(t, 0, 0, "")
	none.DemandGrowth = nil
	none.Horizon, zero.Horizon = 60*24, 60*24
	a, err := Run(zero, rng.Seed(3).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(none, rng.Seed(3).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	// Printed, so that NaN metrics compare equal.
	if fmt.Sprint(a.Metrics) != fmt.Sprint(b.Metrics) || !reflect.DeepEqual(a.Daily, b.Daily) || a.Events != b.Events {
		t.Error("zero growth changed the results")
	}
}
