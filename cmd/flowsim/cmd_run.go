package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// runOptions are the flags of "flowsim run".
type runOptions struct {
	reps    int
	seed    uint64
	workers int
	out     string
	horizon string
	warmup  string
	quiet   bool
}

// AddFlags registers the options on fs.
func (o *runOptions) AddFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.reps, "reps", 0, "replications (default: the scenario's reps)")
	fs.Uint64Var(&o.seed, "seed", 0, "master random seed (default: the scenario's seed)")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "replications run in parallel")
	fs.StringVar(&o.out, "out", "", "output directory (default results/<scenario>-<UTC time>)")
	fs.StringVar(&o.horizon, "horizon", "", "simulated length including warm-up, e.g. 365d (default: the scenario's)")
	fs.StringVar(&o.warmup, "warmup", "", "warm-up discarded from statistics, e.g. 30d (default: the scenario's)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
}

func (o *runOptions) validate(fs *pflag.FlagSet) error {
	if fs.NArg() != 1 {
		return usagef("run needs exactly one scenario file, got %d", fs.NArg())
	}
	if fs.Changed("reps") && o.reps < 1 {
		return usagef("--reps must be at least 1, got %d", o.reps)
	}
	if o.workers < 1 {
		return usagef("--workers must be at least 1, got %d", o.workers)
	}
	return nil
}

// apply overrides the scenario's run settings with the flags given, so the
// resolved scenario in the manifest describes exactly what ran.
func (o *runOptions) apply(fs *pflag.FlagSet, sc *scenario.Scenario) error {
	if fs.Changed("reps") {
		sc.Reps = o.reps
	}
	if fs.Changed("seed") {
		sc.Seed = o.seed
	}
	for _, f := range []struct {
		name  string
		value string
		dst   *scenario.Duration
	}{{"horizon", o.horizon, &sc.Horizon}, {"warmup", o.warmup, &sc.Warmup}} {
		if f.value == "" {
			continue
		}
		d, err := scenario.ParseDuration(f.value)
		if err != nil {
			return usagef("--%s: %v", f.name, err)
		}
		if d < 0 {
			return usagef("--%s must not be negative, got %s", f.name, f.value)
		}
		*f.dst = d
	}
	if sc.Warmup >= sc.Horizon {
		return usagef("warm-up (%s) must be shorter than the horizon (%s)", sc.Warmup, sc.Horizon)
	}
	return nil
}

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlags("run", stderr, "run SCENARIO.yaml [flags]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	path := fs.Arg(0)
	sc, err := scenario.Load(path)
	if err != nil {
		return err
	}
	if err := o.apply(fs, sc); err != nil {
		return err
	}
	resolved, err := sc.CanonicalJSON()
	if err != nil {
		return fmt.Errorf("encode resolved scenario: %w", err)
	}
	sum := sha256.Sum256(resolved)

	started := time.Now().UTC()
	out := o.out
	if out == "" {
		out = filepath.Join("results", sc.Name+"-"+started.Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return &inputError{fmt.Errorf("create output directory: %w", err)}
	}

	reps, err := batch.Run(ctx, sc, batch.Options{Reps: sc.Reps, Seed: sc.Seed, Workers: o.workers})
	if err != nil {
		return err
	}
	finished := time.Now().UTC()
	var events uint64
	for _, r := range reps {
		events += r.Events
	}
	summary := batch.Summaries(reps)
	man := &output.Manifest{
		Tool:           "flowsim",
		Version:        versionString(),
		Command:        "run",
		Scenario:       sc.Name,
		ScenarioFile:   path,
		ScenarioSHA256: hex.EncodeToString(sum[:]),
		Seed:           sc.Seed,
		Reps:           sc.Reps,
		HorizonDays:    sc.Horizon.Days(),
		WarmupDays:     sc.Warmup.Days(),
		Files:          []string{output.SummaryFile, output.ReplicationsFile, output.DailyFile},
		Resolved:       resolved,
		Run: output.RunInfo{
			StartedAt:   started,
			FinishedAt:  finished,
			WallSeconds: finished.Sub(started).Seconds(),
			Workers:     o.workers,
			GoVersion:   runtime.Version(),
			Events:      events,
		},
	}
	writes := []struct {
		name  string
		write func(io.Writer) error
	}{
		{output.SummaryFile, func(w io.Writer) error { return output.WriteSummary(w, summary) }},
		{output.ReplicationsFile, func(w io.Writer) error { return output.WriteReplications(w, reps) }},
		{output.DailyFile, func(w io.Writer) error { return output.WriteDaily(w, reps) }},
		{output.ManifestFile, func(w io.Writer) error { return output.WriteManifest(w, man) }},
	}
	for _, f := range writes {
		if err := output.WriteFile(filepath.Join(out, f.name), f.write); err != nil {
			return err
		}
	}
	if o.quiet {
		return nil
	}
	printSummary(stdout, sc, summary)
	fmt.Fprintf(stdout, "\n%d replications, %d events in %.2fs; files in %s\n",
		sc.Reps, events, finished.Sub(started).Seconds(), out)
	return nil
}
