package main

import (
	"context"
	"io"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/run"
)

// compareEnsemble runs compare --ensemble: each alternative against the
// base at every plausible baseline, paired within each.
func compareEnsemble(ctx context.Context, fs *pflag.FlagSet, o *batchOptions, ensPath, basePath string, alts []string,
	stdout, stderr io.Writer) error {
	for _, f := range []string{"resume", "shard", "shard-count", "patients", "patients-gzip", "horizon", "warmup", "ci-width", "max-reps", "metric"} {
		if fs.Changed(f) {
			return usagef("--%s does not apply with --ensemble", f)
		}
	}
	co := experiment.CompareOptions{Ensemble: ensPath, Base: basePath, Alternatives: alts, Reps: 3, Workers: o.workers, Out: o.out}
	if fs.Changed("reps") {
		n, err := strconv.Atoi(o.reps)
		if err != nil || n < 2 || n > batch.MaxReps {
			return usagef("--reps with --ensemble must be from 2 to %d, got %q", batch.MaxReps, o.reps)
		}
		co.Reps = n
	}
	if o.workers < 1 || o.workers > run.MaxWorkers {
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, o.workers)
	}
	if fs.Changed("seed") {
		co.Seed = &o.seed
	}
	if !o.quiet {
		co.Note = func(msg string) { printError(stderr, "flowsim: note: ", errorString(msg)) }
	}
	prog := newProgress(stderr, o.quiet)
	prog.Start("plausible baselines")
	co.Progress = prog.Update
	res, err := experiment.CompareEnsemble(ctx, co)
	prog.Done()
	if err != nil {
		return err
	}
	return res.WriteText(stdout)
}
