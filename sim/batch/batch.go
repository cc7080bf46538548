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

// Task is one replication of one scenario of a batch.
type Task struct {
	Job int // index into Batch.Scenarios
	Rep int // replication number
}

// Batch runs several scenarios for the same replication numbers from the
// same master seed. Replication r of every scenario draws from
// rng.Seed(Seed).Replication(r), so its patients arrive at the same moments
// with the same needs in every scenario: comparisons between scenarios are
// paired (common random numbers).
type Batch struct {
	// Scenarios are the loaded, validated scenarios to run.
	Scenarios []*scenario.Scenario
	// Plans, if not nil, are the scenarios' prepared plans
	// (model.Prepare), in Scenarios order: a caller that prepared them to
	// check the scenarios passes them on rather than have them prepared
	// again.
	Plans []*model.Plan
	// Seed is the master seed.
	Seed uint64
	// Workers bounds how many replications run at once; 0 means one per CPU.
	Workers int
	// Model selects the model's optional outputs (patient journeys).
	Model model.Options
	// Store, if not nil, keeps a checkpoint of every finished replication
	// and supplies those already there instead of simulating them again.
	Store *Store
	// Lean, with a Store, keeps only each result's metrics and event count
	// in memory (see Lean); the rest stays in the checkpoints, so memory
	// does not grow with daily rows and journeys however many replications
	// run.
	Lean bool
	// Progress, if not nil, is called after each replication is done
	// (simulated or taken from a checkpoint) with the number done and the
	// total. Calls come from worker goroutines, one at a time.
	Progress func(done, total int)
}

// Outcome is what a batch produced.
type Outcome struct {
	// Results[j][i] is scenario j's result for the i-th replication number
	// asked for. After an interruption it is incomplete (nil entries).
	Results [][]*model.Result
	// Simulated and Loaded count the replications simulated now and those
	// taken from checkpoints.
	Simulated, Loaded int
}

// Run simulates every scenario for each replication number in reps (in any
// order; the results follow it). It stops early if ctx is cancelled: the
// replications under way finish (and are checkpointed), and Run returns
// the partial Outcome with ctx's error. Results never depend on the number
// of workers or on which replications came from checkpoints.
func (b *Batch) Run(ctx context.Context, reps []int) (*Outcome, error) {
	if len(b.Scenarios) == 0 {
		return nil, fmt.Errorf("batch: no scenarios")
	}
	if b.Store != nil && len(b.Store.Keys) != len(b.Scenarios) {
		return nil, fmt.Errorf("batch: %d checkpoint keys for %d scenarios", len(b.Store.Keys), len(b.Scenarios))
	}
	if len(reps) > 0 {
		if err := CheckSize(len(reps), len(b.Scenarios)); err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
	}
	workers := b.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// More workers than tasks would only be idle.
	workers = max(1, min(workers, len(reps)*len(b.Scenarios)))
	out := &Outcome{Results: make([][]*model.Result, len(b.Scenarios))}
	for j := range out.Results {
		out.Results[j] = make([]*model.Result, len(reps))
	}
	if b.Plans != nil && len(b.Plans) != len(b.Scenarios) {
		return nil, fmt.Errorf("batch: %d plans for %d scenarios", len(b.Plans), len(b.Scenarios))
	}
	// A plan is read-only and shared by every replication of its scenario.
	plans := make([]*model.Plan, len(b.Scenarios))
	for j, sc := range b.Scenarios {
		if b.Plans != nil {
			plans[j] = b.Plans[j]
			continue
		}
		p, err := model.Prepare(sc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sc.Name, err)
		}
		plans[j] = p
	}
	total := len(reps) * len(b.Scenarios)
	var mu sync.Mutex // guards the counts and serialises Progress
	done := func(loaded bool) {
		mu.Lock()
		defer mu.Unlock()
		if loaded {
			out.Loaded++
		} else {
			out.Simulated++
		}
		if b.Progress != nil {
			b.Progress(out.Loaded+out.Simulated, total)
		}
	}

	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	// Each running replication borrows the memory of a finished one.
	var scratches model.Scratches
	// Replication-major order: an interrupted comparison leaves complete
	// pairs behind.
loop:
	for i, r := range reps {
		for j := range b.Scenarios {
			if gctx.Err() != nil {
				break loop
			}
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				t := Task{Job: j, Rep: r}
				if b.Store != nil {
					res, err := b.Store.Load(t)
					if err != nil {
						return err
					}
					if res != nil {
						out.Results[j][i] = b.keep(res)
						done(true)
						return nil
					}
				}
				// A long replication gives up within a simulated day of
				// the batch being interrupted, and leaves no checkpoint.
				opt := b.Model
				opt.Scratch = scratches.Get()
				defer scratches.Put(opt.Scratch)
				res, ok := model.RunPlanUntil(plans[j], rng.Seed(b.Seed).Replication(r), opt,
					func() bool { return gctx.Err() != nil })
				if !ok {
					return gctx.Err()
				}
				if b.Store != nil {
					if err := b.Store.Save(t, res); err != nil {
						return err
					}
				}
				kept := b.keep(res)
				if kept != res {
					opt.Scratch.Release(res) // only the lean copy is kept
				}
				out.Results[j][i] = kept
				done(false)
				return nil
			})
		}
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return out, err
}

// keep returns what the batch keeps of res in memory.
func (b *Batch) keep(res *model.Result) *model.Result {
	if b.Lean && b.Store != nil {
		return Lean(res)
	}
	return res
}

// Lean returns a copy of res with only its metrics (the whole run's and the
// financial years') and event count: what summaries, comparisons and
// replications.csv need.
func Lean(res *model.Result) *model.Result {
	return &model.Result{Metrics: res.Metrics, Events: res.Events, Periods: res.Periods}
}

// Options control a batch of replications of one scenario.
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
	if err := CheckSize(opt.Reps, 1); err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	b := &Batch{Scenarios: []*scenario.Scenario{sc}, Seed: opt.Seed, Workers: opt.Workers}
	if opt.Done != nil {
		b.Progress = func(done, _ int) { opt.Done(done) }
	}
	out, err := b.Run(ctx, Sequence(0, opt.Reps))
	if err != nil {
		return nil, err
	}
	return Tag(sc.Name, nil, Sequence(0, opt.Reps), out.Results[0]), nil
}

// Sequence returns the replication numbers from..to-1.
func Sequence(from, to int) []int {
	reps := make([]int, 0, max(to-from, 0))
	for r := from; r < to; r++ {
		reps = append(reps, r)
	}
	return reps
}

// Tag labels results (for the replication numbers reps) with their
// scenario and key values, for the output writers.
func Tag(scenario string, keys output.Keys, reps []int, results []*model.Result) []output.Replication {
	tagged := make([]output.Replication, len(results))
	for i, res := range results {
		tagged[i] = output.Replication{Scenario: scenario, Keys: keys, Rep: reps[i], Result: res}
	}
	return tagged
}

// Summaries summarises every metric across replications, in the metric
// order the model reports, and then, for a scenario reporting financial
// years, every year's metrics in year order. All replications must come
// from one scenario.
func Summaries(reps []output.Replication) []output.SummaryRow {
	if len(reps) == 0 {
		return nil
	}
	first := reps[0]
	values := make([]float64, len(reps))
	var rows []output.SummaryRow
	summarise := func(ms []model.Metric, p output.Period, metrics func(output.Replication) []model.Metric) {
		for i, m := range ms {
			for r, rep := range reps {
				values[r] = metrics(rep)[i].Value
			}
			rows = append(rows, output.SummaryRow{Scenario: first.Scenario, Keys: first.Keys, Metric: m.Name, Site: m.Site,
				Summary: stats.Summarize(values), Period: p})
		}
	}
	whole := output.Period{}
	if len(first.Periods) > 0 {
		whole = output.RunPeriod(first.Periods)
	}
	summarise(first.Metrics, whole, func(r output.Replication) []model.Metric { return r.Metrics })
	for k := range first.Periods {
		summarise(first.Periods[k].Metrics, output.YearPeriod(&first.Periods[k]),
			func(r output.Replication) []model.Metric { return r.Periods[k].Metrics })
	}
	return rows
}

// Values returns the values of metric at site across results, and whether
// the metric exists. Results of one scenario report their metrics in the
// same order, so the index found in the first is used for all.
func Values(results []*model.Result, metric, site string) ([]float64, bool) {
	if len(results) == 0 {
		return nil, false
	}
	idx := -1
	for i, m := range results[0].Metrics {
		if m.Name == metric && m.Site == site {
			idx = i
			break
		}
	}
	if idx < 0 {
		return nil, false
	}
	xs := make([]float64, len(results))
	for r, res := range results {
		xs[r] = res.Metrics[idx].Value
	}
	return xs, true
}
