package run

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/output"
)

// TestOptionsCheck: values out of range, and settings that exclude each
// other, are usage errors saying which.
func TestOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"workers", Options{Workers: MaxWorkers + 1}, "--workers must be from 1 to 256"},
		{"negative workers", Options{Workers: -1}, "--workers"},
		{"reps", Options{Reps: batch.MaxReps + 1}, "--reps must be from 1"},
		{"auto without width", Options{AutoReps: true, MaxReps: 10, Metric: "bed_days"}, "needs --ci-width"},
		{"auto max", Options{AutoReps: true, CIWidth: 1, MaxReps: 1, Metric: "bed_days"}, "--max-reps must be from 2"},
		{"auto metric", Options{AutoReps: true, CIWidth: 1, MaxReps: 10}, "--metric must name"},
		{"resume and out", Options{Resume: "a", Out: "b"}, "--resume DIR writes to DIR"},
		{"resume and force", Options{Resume: "a", Force: true}, "give one"},
		{"bad shard", Options{Shard: &batch.Shard{Index: 3, Count: 2}}, "--shard"},
		{"auto sharded", Options{AutoReps: true, CIWidth: 1, MaxReps: 10, Metric: "m", Shard: &batch.Shard{Index: 1, Count: 2}}, "cannot be sharded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.check()
			var ue *UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want a usage error with %q", err, tc.want)
			}
		})
	}
	o := Options{}
	if err := o.check(); err != nil || o.Workers != 1 {
		t.Errorf("zero options: %v, %d workers; want valid with 1 worker", err, o.Workers)
	}
}

// TestReplicateIsRun: Replicate simulates exactly the replications Run
// records, so calibrate judges the run a user would make.
func TestReplicateIsRun(t *testing.T) {
	o := quick(filepath.Join(t.TempDir(), "r"), 4)
	o.Patients = false
	res, err := Run(context.Background(), mmcFile, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Out = ""
	sc, results, err := Replicate(context.Background(), mmcFile, o)
	if err != nil {
		t.Fatal(err)
	}
	got := batch.Summaries(batch.Tag(sc.Name, nil, batch.Sequence(0, 4), results))
	if len(got) != len(res.Summary) {
		t.Fatalf("%d summary rows, want %d", len(got), len(res.Summary))
	}
	for i, g := range got {
		w := res.Summary[i]
		if g.Metric != w.Metric || g.Site != w.Site || output.Exact(g.Mean) != output.Exact(w.Mean) {
			t.Errorf("row %d: %s %s mean %v, the run's %s %s %v", i, g.Metric, g.Site, g.Mean, w.Metric, w.Site, w.Mean)
		}
	}
}
