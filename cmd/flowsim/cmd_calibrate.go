package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"text/tabwriter"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/run"
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
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tsimulated (95% CI)\ttarget range\t\tsource")
	off := 0
	for _, r := range rows {
		mark := r.Verdict
		if mark != "ok" {
			off++
			mark = "** " + mark
		}
		fmt.Fprintf(tw, "%s\t%s (%s–%s)\t%s–%s\t%s\t%s\n", r.Name, output.Rounded(r.Mean),
			output.Rounded(r.CILow), output.Rounded(r.CIHigh), output.Rounded(r.Low), output.Rounded(r.High), mark, r.Source)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%d of %d targets met", len(rows)-off, len(rows))
	if off > 0 {
		fmt.Fprint(stdout, " (** marks a simulated interval that misses the range)")
	}
	fmt.Fprintln(stdout)
	return nil
}
