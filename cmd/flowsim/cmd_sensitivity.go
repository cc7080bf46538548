package main

import (
	"context"
	"io"
	"runtime"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/run"
)

// sensitivityCommand ranks the unknowns of a scenario by how much they
// move one of its answers: a metric, or what an alternative saves of it.
func sensitivityCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", stderr, "sensitivity SCENARIO.yaml --priors FILE --metric M [--alt ALT.yaml] [flags]")
	priorsPath := fs.String("priors", "", "priors file (default: calibration/priors.yaml beside the scenario)")
	metricName := fs.String("metric", metric.BedDays, "metric measured (docs/metrics.md)")
	site := fs.String("site", model.SystemSite, "site of the metric; all is the system")
	alt := fs.String("alt", "", "alternative scenario: measure what it saves (base − alternative), paired")
	method := fs.String("method", "morris", "morris (elementary effects: μ*, σ) or sobol (first- and total-order indices; many more runs)")
	trajectories := fs.Int("trajectories", 10, "morris: trajectories (each is priors+1 points)")
	samples := fs.Int("samples", 64, "sobol: base rows N (N × (priors+2) points)")
	reps := fs.Int("reps", 2, "replications a point (common random numbers)")
	seed := fs.Uint64("seed", 0, "master random seed (default: the scenario's)")
	workers := fs.Int("workers", runtime.NumCPU(), "points run in parallel")
	out := fs.String("out", "", "output directory (default results/sensitivity-NAME-TIME)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 1:
		return usagef("sensitivity needs exactly one scenario file, got %d", fs.NArg())
	case *method != "morris" && *method != "sobol":
		return usagef("--method must be morris or sobol, got %q", *method)
	case *reps < 1 || *reps > batch.MaxReps:
		return usagef("--reps must be from 1 to %d, got %d", batch.MaxReps, *reps)
	case *workers < 1 || *workers > run.MaxWorkers:
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, *workers)
	case *trajectories < 2 || *trajectories > 10000:
		return usagef("--trajectories must be from 2 to 10,000, got %d", *trajectories)
	case *samples < 2 || *samples > 100000:
		return usagef("--samples must be from 2 to 100,000, got %d", *samples)
	}
	ao := experiment.AnalyseOptions{Scenario: fs.Arg(0), Priors: *priorsPath, Alt: *alt, Metric: *metricName, Site: *site,
		Method: *method, Trajectories: *trajectories, Samples: *samples, Reps: *reps, Workers: *workers, Out: *out}
	if fs.Changed("seed") {
		ao.Seed = seed
	}
	res, err := experiment.Analyse(ctx, ao)
	if err != nil {
		return err
	}
	return res.WriteText(stdout)
}
