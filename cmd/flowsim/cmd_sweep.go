package main

import (
	"context"
	"io"
	"slices"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// maxSweepPoints bounds a sweep's grid, against a typo that multiplies it.
const maxSweepPoints = 10000

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
	if len(o.sets) == 0 {
		return usagef("sweep needs at least one --set PATH=V1,V2,…")
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	var sets []output.Set
	var paths []scenario.Path
	points := 1
	for _, s := range o.sets {
		path, values, err := scenario.ParseSweep(s)
		if err != nil {
			return usagef("--set %s: %v", s, err)
		}
		if slices.ContainsFunc(sets, func(x output.Set) bool { return x.Path == path.String() }) {
			return usagef("--set %s given twice; list all its values in one --set", path)
		}
		sets = append(sets, output.Set{Path: path.String(), Values: values})
		paths = append(paths, path)
		points *= len(values)
		if points > maxSweepPoints {
			return usagef("the grid has more than %d points; sweep fewer values", maxSweepPoints)
		}
	}
	file := fs.Arg(0)
	var jobs []*job
	for _, values := range grid(sets) {
		j := &job{role: rolePoint, file: file, values: values}
		for i, v := range values {
			j.overrides = append(j.overrides, scenario.Override{Path: paths[i], Value: v})
		}
		jobs = append(jobs, j)
	}
	p, err := newPlan("sweep", &job{file: file}, jobs, sets, func(sc *scenario.Scenario) (*settings, error) { return o.resolve(fs, sc) })
	if err != nil {
		return err
	}
	return startBatch(ctx, fs, &o.batchOptions, p, args, stdout, stderr)
}
