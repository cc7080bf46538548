package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// matchOptions are calibrate --fit's flags: history matching in waves.
type matchOptions struct {
	fit           bool
	priors        string
	waves, points int
	discrepancy   string
	order         int
	sets          []string
	warmup        string
	census        string
	out           string
	quiet         bool
	// From calibrate's own flags.
	targets       string
	reps, workers int
	seed          *uint64
}

func (o *matchOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.fit, "fit", false, "history-match the priors against the targets in waves, and write the plausible parameter sets")
	fs.StringVar(&o.priors, "priors", "", "with --fit: priors file (default: calibration/priors.yaml beside the scenario)")
	fs.IntVar(&o.waves, "waves", 3, "with --fit: waves of history matching")
	fs.IntVar(&o.points, "points", 300, "with --fit: points a wave")
	fs.StringVar(&o.discrepancy, "discrepancy", "", "with --fit: model discrepancy of each kind of target, D for both or relative=D,share=D: sd = D·m for counts and times, D·m(1−m) for shares (default: the targets file's, else relative=0.05,share=0.2)")
	fs.IntVar(&o.order, "order", 0, "with --fit: rule a point out on its largest (1), second (2) or third (3) largest implausibility (default 2 with three or more targets)")
	fs.StringArrayVar(&o.sets, "set", nil, "with --fit: PATH=VALUE applied at every point (a shorter horizon, a census start); repeatable")
	fs.StringVar(&o.warmup, "warmup", "", "with --fit: warm-up D at every point instead of the scenario's, the recorded period's dates and length kept (e.g. 240d; see docs/calibration.md for how short is unbiased)")
	fs.StringVar(&o.census, "census", "", "with --fit and --warmup D: start every point from census FILE (run --write-census at the scenario's warm-up less D), even where a point has fewer places than the census has patients; see docs/calibration.md")
	fs.StringVar(&o.out, "out", "", "with --fit: output directory; one holding waves.json resumes (default results/calibrate-NAME-TIME)")
	fs.BoolVar(&o.quiet, "quiet", false, "with --fit: no progress bar")
}

// used reports whether a --fit-only flag was given.
func (o *matchOptions) used(fs *pflag.FlagSet) bool {
	for _, name := range []string{"priors", "waves", "points", "discrepancy", "order", "set", "warmup", "census", "out", "quiet"} {
		if fs.Changed(name) {
			return true
		}
	}
	return false
}

// calibrateFit runs calibrate --fit.
func calibrateFit(ctx context.Context, path string, o *matchOptions, stdout, stderr io.Writer) error {
	switch {
	case o.waves < 1 || o.waves > 20:
		return usagef("--waves must be from 1 to 20, got %d", o.waves)
	case o.points < 10 || o.points > 100000:
		return usagef("--points must be from 10 to 100,000, got %d", o.points)
	case o.reps < 2 || o.reps > batch.MaxReps:
		return usagef("--reps must be from 2 (for the runs' variance) to %d, got %d", batch.MaxReps, o.reps)
	case o.workers < 1 || o.workers > run.MaxWorkers:
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, o.workers)
	case o.order < 0 || o.order > 3:
		return usagef("--order must be 1, 2 or 3, got %d", o.order)
	case o.census != "" && o.warmup == "":
		return usagef("--census needs --warmup D: the census is the scenario's state D before its recorded period (see docs/calibration.md)")
	}
	if o.discrepancy != "" {
		if _, err := calibrate.ParseDiscrepancy(o.discrepancy, calibrate.DefaultDiscrepancy()); err != nil {
			return usagef("--discrepancy: %v", err)
		}
	}
	var sets []scenario.Override
	for _, s := range o.sets {
		set, err := scenario.ParseOverride(s)
		if err != nil {
			return usagef("--set %q: %v", s, err)
		}
		sets = append(sets, set)
	}
	var warmup *scenario.Duration
	if o.warmup != "" {
		d, err := scenario.ParseDuration(o.warmup)
		if err != nil || d < 0 {
			return usagef("--warmup %q: want a duration of 0 or more, e.g. 240d", o.warmup)
		}
		warmup = &d
	}
	prog := newProgress(stderr, o.quiet)
	res, err := experiment.Fit(ctx, experiment.FitOptions{
		Scenario: path, Priors: o.priors, Targets: o.targets, Set: sets, Warmup: warmup, Census: o.census,
		Waves: o.waves, Points: o.points, Reps: o.reps, Order: o.order, Workers: o.workers, Discrepancy: o.discrepancy,
		Seed: o.seed, Out: o.out, Version: versionString(),
		Progress: func(wave, done, total int) {
			if done == 1 {
				prog.Start(fmt.Sprintf("wave %d of %d", wave, o.waves))
			}
			prog.Update(done, total)
		},
		Resuming: func(dir string) { fmt.Fprintf(stderr, "resuming the match in %s from its finished waves\n", dir) },
	})
	prog.Done()
	if err != nil {
		return err
	}
	return res.WriteText(stdout)
}
