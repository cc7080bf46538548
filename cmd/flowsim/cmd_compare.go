package main

import (
	"context"
	"io"

	"github.com/flowsim/flowsim/sim/run"
)

// compareCommand runs a base scenario and alternatives with common random
// numbers and reports the paired differences.
func compareCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o batchOptions
	fs := newFlags("compare", stderr, "compare BASE.yaml ALT.yaml [ALT2.yaml…] [--ensemble PLAUSIBLE.yaml] [flags]")
	o.AddFlags(fs)
	ensemble := fs.String("ensemble", "", "plausible baselines (calibrate --fit's plausible.yaml): every alternative is compared at each, and the interval includes what they leave unknown")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef("compare needs a base scenario and at least one alternative, got %d file(s)", fs.NArg())
	}
	if *ensemble != "" {
		return compareEnsemble(ctx, fs, &o, *ensemble, fs.Arg(0), fs.Args()[1:], stdout, stderr)
	}
	ro, err := o.options(fs, args, stderr)
	if err != nil {
		return err
	}
	res, err := run.Compare(ctx, fs.Arg(0), fs.Args()[1:], ro)
	return printResult(stdout, stderr, res, err, o.quiet)
}
