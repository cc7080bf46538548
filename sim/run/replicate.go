package run

import (
	"context"
	"errors"
	"fmt"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Replicate runs the scenario in file with o's settings (Reps, Seed,
// Horizon, Warmup, Workers, Progress) and returns the scenario as run and
// its results in replication order, keeping nothing on disk: for commands
// such as calibrate that judge results rather than record a run. The
// scenario is loaded and prepared as Run prepares it, so a bad file or
// census is a scenario error naming it.
func Replicate(ctx context.Context, file string, o Options) (*scenario.Scenario, []*model.Result, error) {
	if o.AutoReps || o.Warmup == WarmupAuto || o.Shard != nil || o.Resume != "" || o.Out != "" {
		return nil, nil, usagef("replicate runs a fixed number of replications of the whole run, with no output directory")
	}
	if err := o.check(); err != nil {
		return nil, nil, err
	}
	j := &job{file: file}
	p, err := newPlan("run", j, []*job{j}, nil, &o)
	if err != nil {
		return nil, nil, err
	}
	prog := o.progress()
	prog.Start("replications")
	defer prog.Done()
	b := &batch.Batch{Scenarios: p.scenarios(), Plans: p.modelPlans(), Seed: p.seed, Workers: o.Workers, Progress: prog.Update}
	out, err := b.Run(ctx, batch.Sequence(0, p.reps))
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, nil, fmt.Errorf("interrupted (nothing is saved): %w", err)
	}
	if err != nil {
		return nil, nil, err
	}
	return j.sc, out.Results[0], nil
}
