package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestChecklistDescribesTheResolvedScenario: the checklist's components
// and logic items name the beds, SDEC chairs, hubs, pathway capacities
// and virtual wards of the scenario the manifest records.
func TestChecklistDescribesTheResolvedScenario(t *testing.T) {
	sc, err := scenario.Load("../../scenarios/notts/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := sc.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	run := &plot.Run{Manifest: plot.Manifest{Manifest: &output.Manifest{Command: "run", Reps: 2, Seed: 1,
		Scenarios: []output.ScenarioEntry{{Name: sc.Name, Resolved: resolved}}}}}
	var text strings.Builder
	for _, s := range checklist(run, &Report{}) {
		for _, it := range s.Items {
			text.WriteString(strings.Join(it.Text, "\n") + "\n")
		}
	}
	got := text.String()
	var want []string
	hubs := 0
	for _, k := range slices.Sorted(maps.Keys(sc.Sites)) {
		st := sc.Sites[k]
		want = append(want, fmt.Sprintf("%s %d", k, st.Beds.Capacity))
		if st.SDEC != nil {
			want = append(want, fmt.Sprintf("%s (%d chairs)", k, st.SDEC.Chairs))
		}
		if st.Hub != nil {
			hubs++
			want = append(want, fmt.Sprintf("%s (%d days a week, %s)", k, st.Hub.Days, st.Hub.Hours))
		}
	}
	for k, vw := range sc.VirtualWards {
		want = append(want, fmt.Sprintf("%s %d", k, vw.Capacity))
	}
	want = append(want, fmt.Sprintf("from %d places", len(sc.Places)), "from "+sc.Start.String())
	if hubs == 0 || len(sc.VirtualWards) == 0 {
		t.Fatalf("the baseline has %d hubs and %d virtual wards; the test needs both", hubs, len(sc.VirtualWards))
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("checklist lacks %q", w)
		}
	}
}
