package model

import (
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestModelReportsTheRegistry: every site (and the system) reports exactly
// the registry's metrics, in its order, so no metric goes unlabelled and
// no label describes a metric that is not there; without an escalation
// section and a UTC sending its queue back to ED at closing, all but the
// metrics that need one.
func TestModelReportsTheRegistry(t *testing.T) {
	for _, escalates := range []bool{false, true} {
		sc := allMechanisms(t)
		if escalates {
			sc.Sites["a"].Escalation = &scenario.Escalation{ReviewEvery: 1,
				Levels: []scenario.EscalationLevel{{Level: "opel3", OpenAt: 5, CloseBelow: 2, Beds: 10}}}
			sc.Sites["a"].UTC = &scenario.UTC{Capacity: 2, Hours: window(t, "08:00-20:00"), Streamed: 0.3,
				Treatment: fixedDist(t, "1h"), AtClosing: scenario.UTCToED}
		}
		plan, err := Prepare(sc)
		if err != nil {
			t.Fatal(err)
		}
		res := RunPlan(plan, rng.Seed(1).Replication(0), Options{})
		var defs []metric.Def
		for _, d := range metric.All() {
			if escalates || d.OnlyWith == "" {
				defs = append(defs, d)
			}
		}
		sites := len(plan.sites) + 1
		if len(res.Metrics) != len(defs)*sites {
			t.Fatalf("escalation %v: %d metrics for %d sites and the system, registry has %d", escalates, len(res.Metrics), sites-1, len(defs))
		}
		for i, m := range res.Metrics {
			if want := defs[i/sites].Name; m.Name != want {
				t.Fatalf("escalation %v: metric %d is %s, registry says %s", escalates, i, m.Name, want)
			}
		}
	}
}
