package main

import (
	"context"
	"fmt"
	"io"
	"os"

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
	allReps       bool
	// A wave at a time, for a cluster: --wave W [--shard K/N], --merge.
	wave  int
	shard string
	merge bool
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
	fs.BoolVar(&o.allReps, "all-reps", false, "with --fit: run all --reps replications at every point (by default a point's replications stop once its first runs rule it out beyond doubt; see docs/calibration.md)")
	fs.IntVar(&o.wave, "wave", 0, "with --fit: run only wave W's points (its shard with --shard, or a Slurm array task's) into --out, for --merge to combine")
	fs.StringVar(&o.shard, "shard", "", "with --fit --wave: run only shard K of N of the wave's points, e.g. 2/4 (default: the Slurm array task's, else 1/1)")
	fs.BoolVar(&o.merge, "merge", false, "with --fit: combine the finished shards of the current wave in --out, judge it and draw the next wave's design")
}

// used reports whether a --fit-only flag was given.
func (o *matchOptions) used(fs *pflag.FlagSet) bool {
	for _, name := range []string{"priors", "waves", "points", "discrepancy", "order", "set", "warmup", "census", "out", "quiet", "all-reps", "wave", "shard", "merge"} {
		if fs.Changed(name) {
			return true
		}
	}
	return false
}

// calibrateFit runs calibrate --fit.
func calibrateFit(ctx context.Context, path string, o *matchOptions, fs *pflag.FlagSet, stdout, stderr io.Writer) error {
	switch {
	case o.merge && (fs.Changed("wave") || fs.Changed("shard")):
		return usagef("--merge combines the shards of a wave; give it without --wave and --shard")
	case fs.Changed("shard") && !fs.Changed("wave"):
		return usagef("--shard needs --wave W: a match is sharded a wave at a time")
	case fs.Changed("wave") && o.wave < 1:
		return usagef("--wave must be 1 or more, got %d", o.wave)
	case (o.merge || fs.Changed("wave")) && o.out == "":
		return usagef("--wave and --merge need --out DIR, the match directory every shard and the merge share")
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
	fo := experiment.FitOptions{
		Scenario: path, Priors: o.priors, Targets: o.targets, Set: sets, Warmup: warmup, Census: o.census,
		Waves: o.waves, Points: o.points, Reps: o.reps, Order: o.order, Workers: o.workers, Discrepancy: o.discrepancy,
		AllReps: o.allReps, Seed: o.seed, Out: o.out, Version: versionString(),
		Progress: func(wave, done, total int) {
			if done == 1 {
				prog.Start(fmt.Sprintf("wave %d of %d", wave, o.waves))
			}
			prog.Update(done, total)
		},
		Resuming: func(dir string) { fmt.Fprintf(stderr, "resuming the match in %s from its finished waves\n", dir) },
	}
	switch {
	case fs.Changed("wave"):
		return fitShard(ctx, fo, o, fs, prog, stdout, stderr)
	case o.merge:
		res, err := experiment.FitMerge(fo)
		if err != nil {
			return err
		}
		if err := res.WriteText(stdout); err != nil {
			return err
		}
		switch {
		case res.Next > 0:
			_, err = fmt.Fprintf(stdout, "merged wave %d; wave %d's design is drawn: run its shards (--wave %d --shard K/N), then --merge\n", res.Merged, res.Next, res.Next)
		case res.Result.Stopped != "":
			_, err = fmt.Fprintf(stdout, "the match stopped after wave %d (above): no later wave to run\n", len(res.Result.Waves))
		case res.Merged > 0:
			_, err = fmt.Fprintf(stdout, "merged wave %d: the match is finished\n", res.Merged)
		default:
			_, err = fmt.Fprintln(stdout, "nothing to merge: every wave asked for is merged (ask more with --waves)")
		}
		return err
	}
	res, err := experiment.Fit(ctx, fo)
	prog.Done()
	if err != nil {
		return err
	}
	return res.WriteText(stdout)
}

// fitShard runs calibrate --fit --wave W [--shard K/N]: the shard comes
// from --shard, else from a Slurm array task, as run's does, else it is
// the whole wave.
func fitShard(ctx context.Context, fo experiment.FitOptions, o *matchOptions, fs *pflag.FlagSet, prog *progress, stdout, stderr io.Writer) error {
	sh, _, err := run.ResolveShard(run.ShardSpec{Given: fs.Changed("shard"), Spec: o.shard}, os.Getenv)
	if err != nil {
		return err
	}
	if sh == nil {
		sh = &batch.Shard{Index: 1, Count: 1}
	}
	fo.Resuming = func(file string) { fmt.Fprintf(stderr, "resuming shard %s of wave %d from %s\n", sh, o.wave, file) }
	fo.Progress = func(wave, done, total int) {
		if done == 1 {
			prog.Start(fmt.Sprintf("wave %d shard %s", wave, sh))
		}
		prog.Update(done, total)
	}
	res, err := experiment.FitShard(ctx, fo, o.wave, *sh)
	prog.Done()
	switch {
	case err != nil:
		return err
	case res.AlreadyMerged:
		_, err = fmt.Fprintf(stdout, "wave %d of %s is already merged: nothing to run\n", res.Wave, res.Dir)
	case res.Stopped != "":
		_, err = fmt.Fprintf(stdout, "wave %d has no points: the match stopped (%s)\n", res.Wave, res.Stopped)
	default:
		_, err = fmt.Fprintf(stdout, "wave %d shard %s: %d points (%d from an earlier attempt) in %s\n", res.Wave, res.Shard, res.Points, res.Resumed, res.File)
	}
	return err
}
