package main

import (
	"context"
	"fmt"
	"io"

	"github.com/flowsim/flowsim/sim/scenario"
)

// compareCommand runs a base scenario and alternatives with common random
// numbers and reports the paired differences.
func compareCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o batchOptions
	fs := newFlags("compare", stderr, "compare BASE.yaml ALT.yaml [ALT2.yaml…] [flags]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef("compare needs a base scenario and at least one alternative, got %d file(s)", fs.NArg())
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	jobs := []*job{{role: roleBase, file: fs.Arg(0)}}
	for _, f := range fs.Args()[1:] {
		jobs = append(jobs, &job{role: roleAlt, file: f})
	}
	p, err := newPlan("compare", jobs[0], jobs, nil, func(sc *scenario.Scenario) (*settings, error) { return o.resolve(fs, sc) })
	if err != nil {
		return err
	}
	if !o.quiet {
		base := jobs[0]
		for _, j := range jobs[1:] {
			if j.ownSeed != base.ownSeed && !fs.Changed("seed") {
				fmt.Fprintf(stderr, "flowsim: note: %s sets seed %d; every scenario runs with seed %d, for common random numbers\n",
					j.file, j.ownSeed, p.seed)
			}
			if j.sc.Horizon != base.sc.Horizon || j.sc.Warmup != base.sc.Warmup {
				fmt.Fprintf(stderr, "flowsim: warning: %s runs %s with %s warm-up but %s runs %s with %s; "+
					"use --horizon and --warmup to compare like with like\n",
					j.file, j.sc.Horizon, j.sc.Warmup, base.file, base.sc.Horizon, base.sc.Warmup)
			}
		}
	}
	return startBatch(ctx, fs, &o, p, args, stdout, stderr)
}
