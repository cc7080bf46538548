package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/run"
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

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlags("run", stderr, "run SCENARIO.yaml [flags]\n       flowsim run --manifest DIR/manifest.json [--out DIR] [--workers W]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.manifest != "" {
		if fs.NArg() != 0 {
			return usagef("--manifest reruns the scenario files the manifest names; give no scenario file")
		}
		for _, f := range []string{"reps", "seed", "horizon", "warmup", "ci-width", "metric", "max-reps", "shard", "shard-count", "patients", "patients-gzip", "write-census"} {
			if fs.Changed(f) {
				return usagef("--manifest reruns exactly; --%s cannot change it", f)
			}
		}
	} else if fs.NArg() != 1 {
		return usagef("run needs exactly one scenario file, got %d", fs.NArg())
	}
	ro, err := o.options(fs, args, stderr)
	if err != nil {
		return err
	}
	if fs.Changed("write-census") {
		ro.CensusDay = &o.writeCensus
	}
	var res *run.Result
	if o.manifest != "" {
		res, err = run.Rerun(ctx, o.manifest, ro)
	} else {
		res, err = run.Run(ctx, fs.Arg(0), ro)
	}
	return printResult(stdout, stderr, res, err, o.quiet)
}
