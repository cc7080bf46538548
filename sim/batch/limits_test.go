package batch

import (
	"context"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

func TestCheckSize(t *testing.T) {
	cases := []struct {
		reps, scenarios int
		want            string // "" for no error
	}{
		{1, 1, ""},
		{MaxReps, 1, ""},
		{MaxReps, MaxTasks / MaxReps, ""},
		{0, 1, "at least 1"},
		{-5, 1, "at least 1"},
		{MaxReps + 1, 1, "at most 100000"},
		{1_000_000_000, 1, "at most 100000"},
		{MaxReps, MaxTasks/MaxReps + 1, "11 scenarios × 100000"},
		{2, MaxTasks, "at most 1000000"},
		{1, 0, "no scenarios"},
	}
	for _, tc := range cases {
		err := CheckSize(tc.reps, tc.scenarios)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckSize(%d, %d) = %v, want %q", tc.reps, tc.scenarios, err, tc.want)
		}
	}
}

// TestRunRefusesOversizedBatches: the library refuses too, before
// allocating per-replication arrays.
func TestRunRefusesOversizedBatches(t *testing.T) {
	sc, err := scenario.Load("../../scenarios/examples/mmc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), sc, Options{Reps: 1_000_000_000}); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("Run with 1e9 replications: %v", err)
	}
	b := &Batch{Scenarios: []*scenario.Scenario{sc, sc, sc, sc, sc, sc, sc, sc, sc, sc, sc}}
	if _, err := b.Run(context.Background(), Sequence(0, MaxReps)); err == nil || !strings.Contains(err.Error(), "11 scenarios") {
		t.Errorf("Batch.Run of 11 × %d: %v", MaxReps, err)
	}
}
