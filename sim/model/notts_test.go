package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestNottsWarmupFillsDownstream: the shipped baseline's warm-up is long
// enough that p2 and p3 occupancy at its end is within 3% of the reported
// year's mean, so the slow downstream services are not still filling when
// recording starts. Occupancy at the start is the mean over the first
// reported week. One replication's week wanders by 10-15% at the smaller
// sites (p3 stays average 45 days), so the check is on the system's p2
// and p3 places over 16 replications; each site is logged.
func TestNottsWarmupFillsDownstream(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Notts baseline")
	}
	sc, err := scenario.Load("../../scenarios/notts/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	warmupDay := int(math.Ceil(float64(plan.warmup) / 24))
	type key struct{ site, unit string }
	first, year := map[key]float64{}, map[key]float64{}
	firstN, yearN := map[key]int{}, map[key]int{}
	const reps = 16
	for r := range reps {
		res := RunPlan(plan, rng.Seed(sc.Seed).Replication(r), Options{})
		for _, d := range res.Daily {
			if (d.Unit != "p2" && d.Unit != "p3") || d.Day < warmupDay {
				continue
			}
			for _, k := range []key{{d.Site, d.Unit}, {SystemSite, d.Unit}} {
				if d.Day < warmupDay+7 {
					first[k] += d.Occupied
					firstN[k]++
				}
				year[k] += d.Occupied
				yearN[k]++
			}
		}
	}
	for _, unit := range []string{"p2", "p3"} {
		k := key{SystemSite, unit}
		if yearN[k] == 0 {
			t.Fatalf("no %s rows in the baseline's daily output", unit)
		}
	}
	for k, sum := range year {
		// Per site and day, so the system's figures are per site too;
		// their ratio is the system's.
		mean := sum / float64(yearN[k])
		start := first[k] / float64(firstN[k])
		gap := (start - mean) / mean
		t.Logf("%s %s: %.1f in use in the first reported week, %.1f over the year (%+.1f%%)", k.site, k.unit, start, mean, 100*gap)
		if k.site == SystemSite && math.Abs(gap) > 0.03 {
			t.Errorf("%s places in use at the end of the warm-up are %+.1f%% from the reported year's mean; want within 3%%", k.unit, 100*gap)
		}
	}
}
