package batch

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/scenario"
)

const doc = `
name: b
horizon: 30d
warmup: 3d
places:
  a: {arrivals: 30/d}
sites:
  s:
    beds: {capacity: 60, los: {dist: lognormal, median: 2d, p95: 9d}}
`

func load(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadBytes("b.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestWorkersDoNotChangeResults(t *testing.T) {
	sc := load(t)
	one, err := Run(context.Background(), sc, Options{Reps: 8, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 8} {
		many, err := Run(context.Background(), sc, Options{Reps: 8, Seed: 3, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		for i := range one {
			if one[i].Rep != many[i].Rep || !model.SameResults(one[i].Result, many[i].Result) {
				t.Errorf("workers=%d changed replication %d", w, i)
			}
		}
	}
	// Replications are distinct draws, numbered in order.
	for i, r := range one {
		if r.Rep != i {
			t.Fatalf("result %d has rep %d", i, r.Rep)
		}
	}
	if model.SameResults(one[0].Result, one[1].Result) {
		t.Error("replications 0 and 1 are identical")
	}
}

func TestDoneCountsEveryReplication(t *testing.T) {
	var seen []int
	_, err := Run(context.Background(), load(t), Options{Reps: 5, Seed: 1, Workers: 3, Done: func(n int) { seen = append(seen, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, []int{1, 2, 3, 4, 5}) {
		t.Errorf("Done saw %v, want 1..5", seen)
	}
}

func TestCancelledBatchStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, load(t), Options{Reps: 50, Seed: 1, Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestSummariesKeepMetricOrder(t *testing.T) {
	reps, err := Run(context.Background(), load(t), Options{Reps: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rows := Summaries(reps)
	if len(rows) != len(reps[0].Metrics) {
		t.Fatalf("%d summary rows for %d metrics", len(rows), len(reps[0].Metrics))
	}
	for i, r := range rows {
		m := reps[0].Metrics[i]
		if r.Metric != m.Name || r.Site != m.Site || r.N != 4 {
			t.Errorf("row %d = %s/%s n=%d, want %s/%s n=4", i, r.Metric, r.Site, r.N, m.Name, m.Site)
		}
	}
	// The summary mean is the mean of the replications' values.
	sum := 0.0
	for _, rep := range reps {
		sum += rep.Metrics[0].Value
	}
	if rows[0].Mean != sum/4 {
		t.Errorf("mean = %v, want %v", rows[0].Mean, sum/4)
	}
}
