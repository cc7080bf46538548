package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/scenario"
)

// runOptions are the flags of "flowsim run".
type runOptions struct {
	batchOptions
	manifest    string
	writeCensus int
}

// AddFlags registers the options on fs.
func (o *runOptions) AddFlags(fs *pflag.FlagSet) {
	o.batchOptions.AddFlags(fs)
	fs.StringVar(&o.manifest, "manifest", "", "rerun exactly the run this manifest.json records (scenario files must be unchanged)")
	fs.IntVar(&o.writeCensus, "write-census", 0, "also write census.csv: replication 0's patients at the midnight starting this day (0 = the start date), readable as a scenario's census")
}

// censusDay checks --write-census against the horizon of sc, the scenario
// run: the census is taken at a midnight before the horizon.
func (o *runOptions) censusDay(fs *pflag.FlagSet, sc *scenario.Scenario) (*int, error) {
	if !fs.Changed("write-census") {
		return nil, nil
	}
	h := sc.Horizon.Days()
	last := int(math.Ceil(h)) - 1
	if o.writeCensus < 0 || float64(o.writeCensus) >= h {
		return nil, usagef("--write-census must be a whole day from 0 to %d (the horizon is %s days), got %d",
			last, strconv.FormatFloat(h, 'g', 6, 64), o.writeCensus)
	}
	d := o.writeCensus
	return &d, nil
}

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlags("run", stderr, "run SCENARIO.yaml [flags]\n       flowsim run --manifest DIR/manifest.json [--out DIR] [--workers W]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.manifest != "" {
		return rerun(ctx, fs, &o, args, stdout, stderr)
	}
	if fs.NArg() != 1 {
		return usagef("run needs exactly one scenario file, got %d", fs.NArg())
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	j := &job{file: fs.Arg(0)}
	p, err := newPlan("run", j, []*job{j}, nil, func(sc *scenario.Scenario) (*settings, error) { return o.resolve(fs, sc) })
	if err != nil {
		return err
	}
	if p.censusDay, err = o.censusDay(fs, j.sc); err != nil {
		return err
	}
	return startBatch(ctx, fs, &o.batchOptions, p, args, stdout, stderr)
}

// startBatch adds the shard to a new plan and executes it.
func startBatch(ctx context.Context, fs *pflag.FlagSet, o *batchOptions, p *plan, args []string, stdout, stderr io.Writer) error {
	shard, from, err := o.resolveShard(fs, os.Getenv)
	if err != nil {
		return err
	}
	if shard != nil && o.autoReps {
		return usagef("--reps auto cannot be sharded (the rounds need every replication); give a number of replications, or --shard off")
	}
	if shard != nil && from != "--shard" && !o.quiet {
		fmt.Fprintf(stderr, "flowsim: running shard %s (from %s); --shard off runs every replication\n", shard, from)
	}
	p.shard = shard
	p.patients = o.patients
	if shard != nil && len(shard.Reps(p.reps)) == 0 && !o.quiet {
		fmt.Fprintf(stderr, "flowsim: shard %s holds none of the %d replications\n", shard, p.reps)
	}
	if o.autoReps {
		if err := batch.CheckSize(o.maxReps, len(p.jobs)); err != nil {
			return usagef("--max-reps: %v", err)
		}
	}
	e := &execution{p: p, o: o, args: args, fs: fs, stdout: stdout, stderr: stderr}
	return e.execute(ctx)
}
