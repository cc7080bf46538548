package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/run"
)

// sweepOptions are the flags of "flowsim sweep".
type sweepOptions struct {
	batchOptions
	sets []string
}

// AddFlags registers the options on fs.
func (o *sweepOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&o.sets, "set", nil, "PATH=V1,V2,… values of a scenario setting to sweep, by its YAML path (repeat for a grid)")
	o.batchOptions.AddFlags(fs)
}

// sweepCommand runs a scenario at every point of a grid of settings, all
// points as one batch with common random numbers.
func sweepCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o sweepOptions
	fs := newFlags("sweep", stderr, "sweep SCENARIO.yaml --set PATH=V1,V2,… [--set …] [flags]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("sweep needs exactly one scenario file, got %d", fs.NArg())
	}
	ro, err := o.options(fs, args, stderr)
	if err != nil {
		return err
	}
	res, err := run.Sweep(ctx, fs.Arg(0), o.sets, ro)
	return printResult(stdout, stderr, res, err, o.quiet)
}
