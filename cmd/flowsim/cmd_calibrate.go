package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/scenario"
)

// calibrateCommand runs a scenario and prints its results next to the
// figures it should reproduce.
func calibrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("calibrate", stderr, "calibrate SCENARIO.yaml [--targets FILE] [flags]")
	targetsPath := fs.String("targets", "", "targets file (default: calibration/targets.yaml beside the scenario)")
	reps := fs.Int("reps", 10, "replications")
	seed := fs.Uint64("seed", 0, "master random seed (default: the scenario's)")
	workers := fs.Int("workers", runtime.NumCPU(), "replications run in parallel")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("calibrate needs exactly one scenario file, got %d", fs.NArg())
	}
	if *reps < 2 || *reps > batch.MaxReps {
		return usagef("--reps must be from 2 (for an interval) to %d, got %d", batch.MaxReps, *reps)
	}
	if *workers < 1 || *workers > maxWorkers {
		return usagef("--workers must be from 1 to %d, got %d", maxWorkers, *workers)
	}
	path := fs.Arg(0)
	if *targetsPath == "" {
		*targetsPath = filepath.Join(filepath.Dir(path), "calibration", "targets.yaml")
	}
	targets, err := calibrate.Load(*targetsPath)
	if err != nil {
		return &inputError{err}
	}
	sc, err := scenario.Load(path)
	if err != nil {
		return err
	}
	sc.Reps = *reps
	if fs.Changed("seed") {
		sc.Seed = *seed
	}
	reps0, err := batch.Run(ctx, sc, batch.Options{Reps: sc.Reps, Seed: sc.Seed, Workers: *workers})
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted (nothing is saved by calibrate): %w", err)
	}
	if err != nil {
		return err
	}
	results := make([]*model.Result, len(reps0))
	for i, r := range reps0 {
		results[i] = r.Result
	}
	rows, err := calibrate.Evaluate(targets, results, (sc.Horizon - sc.Warmup).Days())
	if err != nil {
		return &inputError{err}
	}
	fmt.Fprintf(stdout, "%s against %s: %d replications, %s after %s warm-up, seed %d\n\n",
		sc.Name, *targetsPath, sc.Reps, sc.Horizon-sc.Warmup, sc.Warmup, sc.Seed)
	if err := calibrate.WriteTable(stdout, rows); err != nil {
		return err
	}
	return nil
}
