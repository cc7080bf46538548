package model

import (
	"fmt"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestScratchChangesNothing: replications run in the memory of earlier
// ones (a larger system's first, then a smaller one's, so stale records
// lie beyond what the next run uses) give exactly the results they give
// in fresh memory, and the memory is reused.
func TestScratchChangesNothing(t *testing.T) {
	var sets []scenario.Override
	for _, o := range []string{"warmup=10d", "horizon=60d"} {
		set, err := scenario.ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, set)
	}
	notts, err := scenario.LoadWith("../../scenarios/notts/baseline.yaml", sets...)
	if err != nil {
		t.Fatal(err)
	}
	big, err := Prepare(notts)
	if err != nil {
		t.Fatal(err)
	}
	small, err := Prepare(loadTwoSites(t))
	if err != nil {
		t.Fatal(err)
	}
	s := &Scratch{}
	for i, plan := range []*Plan{big, big, small, small, big} {
		rep := rng.Seed(3).Replication(i)
		fresh := RunPlan(plan, rep, Options{Journeys: true})
		reused := RunPlan(plan, rep, Options{Journeys: true, Scratch: s})
		// Results hold NaN (a mean of nothing), which DeepEqual never
		// equals; printed, they compare bit for bit.
		if fmt.Sprint(*fresh) != fmt.Sprint(*reused) {
			t.Fatalf("run %d: results differ in reused memory", i)
		}
		if cap(s.records) == 0 {
			t.Fatalf("run %d: the scratch kept no patient records", i)
		}
		daily := cap(reused.Daily)
		s.Release(reused)
		if reused.Daily != nil || cap(s.daily) != daily {
			t.Fatalf("run %d: Release kept %d rows of %d", i, cap(s.daily), daily)
		}
	}
}
