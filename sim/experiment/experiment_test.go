package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/scenario"
)

func mmc(t *testing.T) *Experiment {
	t.Helper()
	return &Experiment{Base: "../../scenarios/examples/mmc.yaml", Fixed: set(t, "horizon=600h"), Seed: 7}
}

// set parses "path=value" as --set does.
// set parses "path=value" as --set does.
func set(t *testing.T, s string) []scenario.Override {
	t.Helper()
	o, err := scenario.ParseOverride(s)
	if err != nil {
		t.Fatal(err)
	}
	return []scenario.Override{o}
}

func value(res *model.Result, name string) float64 {
	for _, m := range res.Metrics {
		if m.Name == name && m.Site == model.SystemSite {
			return m.Value
		}
	}
	return math.NaN()
}

// TestPointsShareTheirDice: the same point gives the same results, and a
// sixth bed (more servers, the same arrivals and stays) never lengthens
// the queue in any replication — which holds path by path for a
// first-come-first-served queue only when both points draw the same dice.
func TestPointsShareTheirDice(t *testing.T) {
	e := mmc(t)
	ctx := context.Background()
	a, err := e.Run(ctx, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Run(ctx, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	six, err := e.Run(ctx, set(t, "sites.main.beds.capacity=6"), 4)
	if err != nil {
		t.Fatal(err)
	}
	for r := range a {
		if value(a[r], "queue_mean") != value(b[r], "queue_mean") || value(a[r], "arrivals") != value(b[r], "arrivals") {
			t.Errorf("rep %d: the same point gave different results", r)
		}
		if value(six[r], "arrivals") != value(a[r], "arrivals") {
			t.Errorf("rep %d: arrivals %v with six beds, %v with five: the dice differ", r, value(six[r], "arrivals"), value(a[r], "arrivals"))
		}
		if q6, q5 := value(six[r], "queue_mean"), value(a[r], "queue_mean"); !(q6 <= q5) || q5 == 0 {
			t.Errorf("rep %d: queue %v with six beds, %v with five", r, q6, q5)
		}
	}
	if a[0].Events == a[1].Events && value(a[0], "queue_mean") == value(a[1], "queue_mean") {
		t.Error("replications 0 and 1 are alike: each replication should have streams of its own")
	}
}

// TestMeasureAgreesWithEvaluate: the per-replication target values average
// to what calibrate.Evaluate reports for the same results.
func TestMeasureAgreesWithEvaluate(t *testing.T) {
	e := mmc(t)
	targets := &calibrate.Targets{Targets: []calibrate.Target{
		{Name: "utilisation", Metric: calibrate.Names{"occupancy_mean"}, Sites: []string{"all"}, Low: 0.8, High: 0.9, Source: "E"},
		{Name: "arrivals a day", Metric: calibrate.Names{"arrivals"}, Sites: []string{"main"}, PerDay: true, Low: 100, High: 104, Source: "E"},
	}}
	values, err := e.Measure(context.Background(), nil, 3, targets)
	if err != nil {
		t.Fatal(err)
	}
	results, err := e.Run(context.Background(), nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := calibrate.Evaluate(targets, results, (600.0-100)/24)
	if err != nil {
		t.Fatal(err)
	}
	for k, row := range rows {
		mean := 0.0
		for _, v := range values {
			mean += v[k] / float64(len(values))
		}
		if math.Abs(mean-row.Mean) > 1e-12*math.Abs(row.Mean) {
			t.Errorf("%s: Measure mean %v, Evaluate %v", row.Name, mean, row.Mean)
		}
	}
}

func TestBadPointsAreErrors(t *testing.T) {
	e := mmc(t)
	_, err := e.Run(context.Background(), set(t, "sites.main.beds.capacity=-3"), 1)
	if err == nil || !strings.Contains(err.Error(), "sites.main.beds.capacity=-3") {
		t.Errorf("a negative capacity gave %v, want an error naming the point", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Run(ctx, nil, 2); err == nil {
		t.Error("a cancelled context gave no error")
	}
}
