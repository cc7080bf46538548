package run

import (
	"context"
	"slices"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// MaxSweepPoints bounds a sweep's grid, against a typo that multiplies it.
const MaxSweepPoints = 10000

// Result is a finished run: where its files are and what they say.
type Result struct {
	// Dir is the run directory.
	Dir string
	// Manifest is the run's manifest as written.
	Manifest *output.Manifest
	// Summary and Comparison are the rows of summary.csv and (for a
	// comparison) comparison.csv about the whole run.
	Summary    []output.SummaryRow
	Comparison []output.ComparisonRow
	// YearSummary and YearComparison are their rows about financial
	// years, year by year, for scenarios with financial_years; nil
	// otherwise.
	YearSummary    []output.SummaryRow
	YearComparison []output.ComparisonRow
	// Reps is the number of replications the files hold per scenario (a
	// shard's, or all).
	Reps int
}

// Run runs the scenario in file with o's settings.
func Run(ctx context.Context, file string, o Options) (*Result, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	j := &job{file: file}
	p, err := newPlan("run", j, []*job{j}, nil, &o)
	if err != nil {
		return nil, err
	}
	if err := checkCensusDay(o.CensusDay, j.sc); err != nil {
		return nil, err
	}
	return start(ctx, p, &o)
}

// Compare runs a base scenario and alternatives with common random
// numbers and reports the paired differences (base − alternative).
func Compare(ctx context.Context, base string, alts []string, o Options) (*Result, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if o.CensusDay != nil {
		return nil, usagef("--write-census applies to run only")
	}
	jobs := []*job{{role: roleBase, file: base}}
	for _, f := range alts {
		jobs = append(jobs, &job{role: roleAlt, file: f})
	}
	p, err := newPlan("compare", jobs[0], jobs, nil, &o)
	if err != nil {
		return nil, err
	}
	b := jobs[0]
	for _, j := range jobs[1:] {
		if j.ownSeed != b.ownSeed && o.Seed == nil {
			o.note("note: %s sets seed %d; every scenario runs with seed %d, for common random numbers", j.file, j.ownSeed, p.seed)
		}
		if j.sc.Horizon != b.sc.Horizon || j.sc.Warmup != b.sc.Warmup {
			o.note("warning: %s runs %s with %s warm-up but %s runs %s with %s; "+
				"use --horizon and --warmup to compare like with like",
				j.file, j.sc.Horizon, j.sc.Warmup, b.file, b.sc.Horizon, b.sc.Warmup)
		}
	}
	return start(ctx, p, &o)
}

// Sweep runs the scenario in file at every point of the grid that sets
// spans ("PATH=V1,V2,…", the first varying slowest), all points as one
// batch with common random numbers.
func Sweep(ctx context.Context, file string, sets []string, o Options) (*Result, error) {
	p, err := sweepPlan(file, sets, &o)
	if err != nil {
		return nil, err
	}
	return start(ctx, p, &o)
}

// CheckSweep checks a sweep as Sweep does before it runs anything — the
// options, every --set and every point's scenario — and returns Sweep's
// error, or nil if Sweep would start. It writes nothing.
func CheckSweep(file string, sets []string, o Options) error {
	_, err := sweepPlan(file, sets, &o)
	return err
}

// sweepPlan checks a sweep and plans its points.
func sweepPlan(file string, sets []string, o *Options) (*plan, error) {
	if len(sets) == 0 {
		return nil, usagef("sweep needs at least one --set PATH=V1,V2,…")
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	if o.CensusDay != nil {
		return nil, usagef("--write-census applies to run only")
	}
	var osets []output.Set
	var paths []scenario.Path
	points := 1
	for _, s := range sets {
		path, values, err := scenario.ParseSweep(s)
		if err != nil {
			return nil, usagef("--set %s: %v", s, err)
		}
		if slices.ContainsFunc(osets, func(x output.Set) bool { return x.Path == path.String() }) {
			return nil, usagef("--set %s given twice; list all its values in one --set", path)
		}
		osets = append(osets, output.Set{Path: path.String(), Values: values})
		paths = append(paths, path)
		points *= len(values)
		if points > MaxSweepPoints {
			return nil, usagef("the grid has more than %d points; sweep fewer values", MaxSweepPoints)
		}
	}
	var jobs []*job
	for _, values := range grid(osets) {
		j := &job{role: rolePoint, file: file, values: values}
		for i, v := range values {
			j.overrides = append(j.overrides, scenario.Override{Path: paths[i], Value: v})
		}
		jobs = append(jobs, j)
	}
	return newPlan("sweep", &job{file: file}, jobs, osets, o)
}
