package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/run"
)

// calibrateCommand runs a scenario and prints its results next to the
// figures it should reproduce.
func calibrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("calibrate", stderr, "calibrate SCENARIO.yaml [--targets FILE] [--fit [--priors FILE] [--out DIR] [--wave W [--shard K/N] | --merge]] [flags]")
	targetsPath := fs.String("targets", "", "targets file (default: calibration/targets.yaml beside the scenario)")
	reps := fs.Int("reps", 10, "replications (with --fit: a point, default 5)")
	seed := fs.Uint64("seed", 0, "master random seed (default: the scenario's)")
	workers := fs.Int("workers", runtime.NumCPU(), "replications (with --fit: points) run in parallel")
	var fo matchOptions
	fo.addFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("calibrate needs exactly one scenario file, got %d", fs.NArg())
	}
	if fo.fit {
		if !fs.Changed("reps") {
			*reps = 5
		}
		fo.targets, fo.reps, fo.workers = *targetsPath, *reps, *workers
		if fs.Changed("seed") {
			fo.seed = seed
		}
		return calibrateFit(ctx, fs.Arg(0), &fo, fs, stdout, stderr)
	}
	if fo.used(fs) {
		return usagef("--priors, --waves, --points, --discrepancy, --order, --set, --warmup, --census, --out, --all-reps, --wave, --shard and --merge need --fit")
	}
	if *reps < 2 || *reps > batch.MaxReps {
		return usagef("--reps must be from 2 (for an interval) to %d, got %d", batch.MaxReps, *reps)
	}
	if *workers < 1 || *workers > run.MaxWorkers {
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, *workers)
	}
	path := fs.Arg(0)
	if *targetsPath == "" {
		*targetsPath = filepath.Join(filepath.Dir(path), "calibration", "targets.yaml")
	}
	targets, err := calibrate.Load(*targetsPath)
	if err != nil {
		return &inputError{err}
	}
	ro := run.Options{Reps: *reps, Workers: *workers, Version: versionString()}
	if fs.Changed("seed") {
		ro.Seed = seed
	}
	sc, results, err := run.Replicate(ctx, path, ro)
	if err != nil {
		return err
	}
	rows, err := calibrate.Evaluate(targets, results, (sc.Horizon - sc.Warmup).Days())
	if err != nil {
		return &inputError{err}
	}
	fmt.Fprintf(stdout, "%s against %s: %d replications, %s after %s warm-up, seed %d\n\n",
		sc.Name, *targetsPath, sc.Reps, sc.Horizon-sc.Warmup, sc.Warmup, sc.Seed)
	return calibrate.WriteTable(stdout, rows)
}
