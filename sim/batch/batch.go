package batch

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// Options control a batch of replications.
type Options struct {
	// Reps is the number of replications, numbered 0..Reps-1.
	Reps int
	// Seed is the master seed; replication r uses rng.Seed(Seed).Replication(r).
	Seed uint64
	// Workers bounds how many replications run at once; 0 means one per CPU.
	Workers int
	// Done, if not nil, is called after each replication finishes, with the
	// number finished so far. It is called from worker goroutines, one call
	// at a time.
	Done func(finished int)
}

// Run simulates opt.Reps replications of sc and returns them in replication
// order. It stops early, returning ctx's error, if ctx is cancelled.
func Run(ctx context.Context, sc *scenario.Scenario, opt Options) ([]output.Replication, error) {
	if opt.Reps < 1 {
		return nil, fmt.Errorf("batch: need at least 1 replication, got %d", opt.Reps)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]output.Replication, opt.Reps)
	var mu sync.Mutex // serialises Done calls
	finished := 0

	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for r := range opt.Reps {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			res, err := model.Run(sc, rng.Seed(opt.Seed).Replication(r))
			if err != nil {
				return fmt.Errorf("replication %d: %w", r, err)
			}
			results[r] = output.Replication{Scenario: sc.Name, Rep: r, Result: res}
			if opt.Done != nil {
				mu.Lock()
				finished++
				opt.Done(finished)
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

// Summaries summarises every metric across replications, in the metric
// order the model reports.
func Summaries(reps []output.Replication) []output.SummaryRow {
	if len(reps) == 0 {
		return nil
	}
	first := reps[0].Metrics
	rows := make([]output.SummaryRow, len(first))
	values := make([]float64, len(reps))
	for i, m := range first {
		for r, rep := range reps {
			values[r] = rep.Metrics[i].Value
		}
		rows[i] = output.SummaryRow{Scenario: reps[0].Scenario, Metric: m.Name, Site: m.Site, Summary: stats.Summarize(values)}
	}
	return rows
}
