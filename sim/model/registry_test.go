package model

import (
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
)

// TestModelReportsTheRegistry: every site (and the system) reports exactly
// the registry's metrics, in its order, so no metric goes unlabelled and
// no label describes a metric that is not there.
func TestModelReportsTheRegistry(t *testing.T) {
	plan, err := Prepare(allMechanisms(t))
	if err != nil {
		t.Fatal(err)
	}
	res := RunPlan(plan, rng.Seed(1).Replication(0), Options{})
	// Without an escalation section the escalation metrics are left out
	// (TestModelReportsTheRegistryWithEscalation has them all).
	var defs []metric.Def
	for _, d := range metric.All() {
		if d.OnlyWith == "" {
			defs = append(defs, d)
		}
	}
	sites := len(plan.sites) + 1
	if len(res.Metrics) != len(defs)*sites {
		t.Fatalf("%d metrics for %d sites and the system, registry has %d", len(res.Metrics), sites-1, len(defs))
	}
	for i, m := range res.Metrics {
		if want := defs[i/sites].Name; m.Name != want {
			t.Fatalf("metric %d is %s, registry says %s", i, m.Name, want)
		}
	}
}
