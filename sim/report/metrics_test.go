package report

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
)

// TestMetricRowsOfModelParts: metrics of parts of the model a scenario may
// leave out (reasons for delay, hub, interim places) appear only where
// some site has them; core metrics appear even when zero.
func TestMetricRowsOfModelParts(t *testing.T) {
	g := plot.Group{Scenario: "s"}
	run := &plot.Run{Groups: []plot.Group{g}, Sites: []string{"a"}}
	add := func(metric string, v float64) {
		for _, site := range []string{"a", plot.SystemSite} {
			run.Summary = append(run.Summary, plot.SummaryRow{Group: g, Metric: metric, Site: site,
				Mean: v, CILow: v, CIHigh: v, N: 2})
		}
	}
	add("bed_days", 0)
	add("delayed_bed_days", 120)
	add("delayed_hub_bed_days", 80)
	add("delayed_p0_bed_days", 40)
	add("delayed_d2a_bed_days", 0)
	add("d2a_starts", 0)
	add("hub_utilisation", math.NaN())
	add("hub_wait_hours_mean", 6.5)
	add("nctr_mean", 4.25)
	tables, _ := metricTables(run)
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	var labels []string
	for _, r := range tables[0].Rows {
		labels = append(labels, r.Label)
	}
	want := []string{"Bed-days used", "Delayed bed-days", "… waiting for the hub", "… going home (P0)",
		"Medically safe in beds at midnight", "Mean wait for the hub"}
	if !slices.Equal(labels, want) {
		t.Errorf("rows %q, want %q", labels, want)
	}
	for _, r := range tables[0].Rows {
		if r.Label == "Mean wait for the hub" && (r.Unit != "working hours" || r.Cells[0].Mean != "6.50") {
			t.Errorf("hub wait row: unit %q, cell %q", r.Unit, r.Cells[0].Mean)
		}
	}
}

// TestMetricNamesUnique: each key metric once, each in the registry.
func TestMetricNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range keyMetrics {
		if seen[name] {
			t.Errorf("%s listed twice", name)
		}
		seen[name] = true
		if _, ok := metric.Lookup(name); !ok {
			t.Errorf("%s is not in the metric registry", name)
		}
	}
	for _, cm := range comparisonMetrics {
		if _, ok := metric.Lookup(cm.name); !ok {
			t.Errorf("comparison metric %s is not in the metric registry", cm.name)
		}
	}
}

// TestRerunCommandWritesCensus: a run that wrote census.csv is repeated
// with the same --write-census day.
func TestRerunCommandWritesCensus(t *testing.T) {
	day := 60
	run := &plot.Run{Dir: "results/x", Manifest: plot.Manifest{Manifest: &output.Manifest{Command: "run", Seed: 1, Reps: 2, Horizon: "120d", Warmup: "0s",
		Scenarios: []output.ScenarioEntry{{Name: "uec", File: "uec.yaml"}}, CensusDay: &day}}}
	if got := rerunCommands(run)[0]; !strings.Contains(got, " --write-census 60 ") {
		t.Errorf("rerun command %q lacks --write-census 60", got)
	}
}
