package main

import (
	"context"
	"io"

	"github.com/flowsim/flowsim/sim/run"
)

// mergeCommand combines the shards of one run into the files a single
// machine would have written, byte for byte.
func mergeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o run.MergeOptions
	var quiet bool
	flags := newFlags("merge", stderr, "merge SHARD_DIR… --out DIR")
	flags.StringVar(&o.Out, "out", "", "directory for the merged run (required)")
	flags.BoolVar(&o.Force, "force", false, "write into a non-empty --out, replacing the files an earlier run left there")
	flags.BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	o.Args = args
	if !quiet {
		o.Note = func(msg string) { printError(stderr, "flowsim: ", errorString(msg)) }
	}
	res, err := run.Merge(ctx, flags.Args(), o)
	return printResult(stdout, stderr, res, err, quiet)
}
