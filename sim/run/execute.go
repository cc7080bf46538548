package run

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// start checks the shard against the plan and executes it.
func start(ctx context.Context, p *plan, o *Options) (*Result, error) {
	if p.shard != nil && o.ShardFrom != "" && o.ShardFrom != "--shard" {
		o.note("running shard %s (from %s); --shard off runs every replication", p.shard, o.ShardFrom)
	}
	if p.shard != nil && len(p.shard.Reps(p.reps)) == 0 {
		o.note("shard %s holds none of the %d replications", p.shard, p.reps)
	}
	if o.AutoReps {
		if err := batch.CheckSize(o.MaxReps, len(p.jobs)); err != nil {
			return nil, usagef("--max-reps: %v", err)
		}
	}
	e := &execution{p: p, o: o}
	return e.execute(ctx)
}

// execution is one execution of a plan.
type execution struct {
	p *plan
	o *Options
	// rerunOf is the manifest a rerun repeats.
	rerunOf string
}

// progress returns o's Progress, or one that does nothing.
func (o *Options) progress() Progress {
	if o.Progress != nil {
		return o.Progress
	}
	return noProgress{}
}

type noProgress struct{}

func (noProgress) Start(string)    {}
func (noProgress) Update(int, int) {}
func (noProgress) Done()           {}

// execute runs the plan: warm-up pilot if asked for, the replications
// (all, a shard, or rounds until the precision is reached), checkpointing
// each, then writes the outputs.
func (e *execution) execute(ctx context.Context) (*Result, error) {
	p, o := e.p, e.o
	started := time.Now().UTC()
	if err := p.checkRunnable(); err != nil {
		return nil, err
	}
	prog := o.progress()
	defer prog.Done()

	if o.Warmup == WarmupAuto && p.warmupAuto == nil {
		if err := e.pilot(ctx, prog); err != nil {
			return nil, err
		}
	}
	dir := o.Resume
	if dir == "" {
		dir = o.Out
	}
	claimed := false
	if dir == "" {
		// Claimed only now, so that a run refused above leaves no empty
		// directory behind.
		var err error
		if dir, err = output.MkdirUnique(p.defaultDir(started)); err != nil {
			return nil, err
		}
		claimed = true
	}
	store := &batch.Store{Dir: filepath.Join(dir, CheckpointDir)}
	for _, j := range p.jobs {
		k, err := batch.JobKey(o.Version, p.seed, j.sc, p.keyOptions())
		if err != nil {
			return nil, err
		}
		store.Keys = append(store.Keys, k)
	}
	st := e.state(store.Keys)
	resuming := o.Resume != ""
	if !resuming && !claimed {
		var err error
		if resuming, err = prepareOut(dir, o.Force, st, o.program()); err != nil {
			return nil, err
		}
		if resuming {
			o.note("%s holds an unfinished run of this command: resuming it (--force starts afresh)", dir)
		}
	}
	if resuming {
		if err := checkResume(dir, st, o.program()); err != nil {
			return nil, err
		}
		if n, err := removeTemporary(dir); err != nil {
			return nil, err
		} else if n > 0 {
			o.note("removed %d partly written file(s) left by the interruption", n)
		}
	} else if err := startFresh(dir, store, st); err != nil {
		return nil, err
	}

	// An interruption lets the replications under way reach their next
	// simulated midnight; say at once how to finish the run, so that a
	// second interrupt, which ends flowsim there and then, loses nothing
	// but those replications.
	stopWatching := e.watchInterrupt(ctx, dir)
	defer stopWatching()

	// Replication 0 takes the census, if one is asked for: it runs first,
	// on its own, and is checkpointed, so the batch below (and any resumed
	// or merged run) finds it in its checkpoint with the census in it. The
	// census then never depends on the workers or on interruptions.
	censusRun := 0 // replications the census step simulated (not loaded)
	if opt, ok := p.censusOptions(); ok && (p.shard == nil || slices.Contains(p.shard.Reps(p.reps), 0)) {
		b0 := &batch.Batch{Scenarios: p.scenarios(), Plans: p.modelPlans(), Seed: p.seed, Workers: o.Workers,
			Store: store, Lean: true, Model: opt}
		out0, err := b0.Run(ctx, []int{0})
		if err != nil {
			return nil, e.stopped(dir, out0, err)
		}
		censusRun = out0.Simulated
	}

	b := &batch.Batch{Scenarios: p.scenarios(), Plans: p.modelPlans(), Seed: p.seed, Workers: o.Workers,
		Store: store, Lean: true, Model: p.modelOptions(), Progress: prog.Update}
	var (
		out  *batch.Outcome
		reps []int
		err  error
	)
	prog.Start("replications")
	if o.AutoReps && p.precision == nil {
		var rounds batch.Rounds
		seq := &batch.Sequential{First: min(firstRound, o.MaxReps), MaxReps: o.MaxReps, Target: o.CIWidth, Measure: p.measure(o.Metric)}
		out, rounds, err = b.RunSequential(ctx, seq)
		if err == nil {
			p.setReps(rounds.Counts[len(rounds.Counts)-1])
			reps = batch.Sequence(0, p.reps)
			p.precision = &output.Precision{Metric: o.Metric, Site: model.SystemSite, Of: p.precisionOf(),
				TargetHalfWidth: o.CIWidth, HalfWidth: rounds.HalfWidth, MaxReps: o.MaxReps, Rounds: rounds.Counts, Met: rounds.Met}
			if !rounds.Met {
				o.note("warning: stopped at --max-reps %d with a half-width of %s, wider than --ci-width %s",
					o.MaxReps, output.Rounded(rounds.HalfWidth), output.Rounded(o.CIWidth))
			}
		}
	} else {
		reps = batch.Sequence(0, p.reps)
		if p.shard != nil {
			reps = p.shard.Reps(p.reps)
		}
		out, err = b.Run(ctx, reps)
	}
	prog.Done()
	stopWatching() // an interruption from here on has no replications to cut short
	if err != nil {
		return nil, e.stopped(dir, out, err)
	}
	if d := store.Damaged(); len(d) > 0 {
		o.note("simulated again %d damaged checkpoint(s), e.g. %s", len(d), d[0])
	}
	m, err := p.manifest(o.Version, store.Keys)
	if err != nil {
		return nil, err
	}
	// The batch loaded what the census step simulated; that was not resumed.
	info := output.RunInfo{StartedAt: started, Workers: o.Workers, GoVersion: runtime.Version(),
		Resumed: out.Loaded - censusRun, Build: buildID(), RerunOf: e.rerunOf}
	fetch := func(j, i int) (*model.Result, error) { return fetchCheckpoint(store, j, reps[i]) }
	return finish(dir, m, reps, out.Results, fetch, info)
}

// stopped turns a batch's error into the one execute returns: an
// interruption says how to finish the run; an I/O error (a full disk,
// say) adds that the replications saved are kept, and how to finish the
// run once the problem is fixed.
func (e *execution) stopped(dir string, out *batch.Outcome, err error) error {
	saved := 0
	if out != nil {
		saved = out.Simulated + out.Loaded
	}
	hint := e.o.hint(e.p.command, dir)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return &InterruptedError{Saved: saved, Dir: dir, Hint: hint, Err: err}
	case IsIOError(err):
		return fmt.Errorf("%w\n%d replication(s) are saved in %s; once that is fixed, to finish, run:\n  %s",
			err, saved, dir, hint)
	}
	return err
}

// watchInterrupt alerts, as soon as ctx is cancelled, how to finish the
// run in dir; the returned function stops watching.
func (e *execution) watchInterrupt(ctx context.Context, dir string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-ctx.Done():
		case <-done:
			// Stopped after the batch: it was interrupted if ctx is done
			// (Batch.Run then reports ctx's error).
			if ctx.Err() == nil {
				return
			}
		}
		if e.o.Alert != nil {
			e.o.Alert("either way, finish the run later with:\n  " + e.o.hint(e.p.command, dir))
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			<-finished
		})
	}
}

// defaultDir is where a run goes without Out: under results/, named
// after what it runs and when it started, each name reduced to one safe
// path element (a scenario's name: is the user's text, and "../../etc"
// must not place files outside results/).
func (p *plan) defaultDir(started time.Time) string {
	var name string
	switch p.command {
	case "compare":
		var alts []string
		for _, j := range p.jobs[1:] {
			alts = append(alts, output.PathElement(j.sc.Name))
		}
		if len(alts) > 2 {
			alts = []string{alts[0], fmt.Sprintf("and-%d-more", len(alts)-1)}
		}
		name = "compare-" + output.PathElement(p.jobs[0].sc.Name) + "-vs-" + strings.Join(alts, "-")
	case "sweep":
		name = "sweep-" + output.PathElement(p.primary.sc.Name)
	default:
		name = output.PathElement(p.primary.sc.Name)
	}
	name += "-" + started.Format("20060102T150405Z")
	if p.shard != nil {
		name += fmt.Sprintf("-shard-%d-of-%d", p.shard.Index, p.shard.Count)
	}
	return filepath.Join("results", name)
}

// fetchCheckpoint returns a replication's full result from its checkpoint.
func fetchCheckpoint(store *batch.Store, job, rep int) (*model.Result, error) {
	res, err := store.Load(batch.Task{Job: job, Rep: rep})
	if err == nil && res == nil {
		err = fmt.Errorf("the checkpoint of replication %d in %s went missing or was damaged while the run wrote its files", rep, store.Dir)
	}
	return res, err
}

// modelOptions are the model's options for the plan's replications but
// replication 0, which also takes the census when one is asked for
// (censusOptions).
func (p *plan) modelOptions() model.Options { return model.Options{Journeys: p.patients} }

// censusOptions are replication 0's model options: with the census when
// one is asked for (then ok is true).
func (p *plan) censusOptions() (opt model.Options, ok bool) {
	opt = p.modelOptions()
	if p.censusDay == nil {
		return opt, false
	}
	opt.Census, opt.CensusDay = true, *p.censusDay
	return opt, true
}

// keyOptions are the options the checkpoint keys hash: replication 0's, so
// that a run with a census never reuses checkpoints of one without, nor of
// another census day.
func (p *plan) keyOptions() model.Options {
	opt, _ := p.censusOptions()
	return opt
}

// pilot chooses the warm-up by MSER-5: it runs the first few replications
// of every scenario with no warm-up, averages each scenario's daily
// occupancy over them, and gives every scenario the longest proposal, so
// that comparisons and sweep points share one warm-up.
func (e *execution) pilot(ctx context.Context, prog Progress) error {
	p, o := e.p, e.o
	n := pilotReps
	if p.reps > 0 {
		n = min(n, p.reps)
	} else {
		n = min(n, o.MaxReps)
	}
	scs := make([]*scenario.Scenario, len(p.jobs))
	for i, j := range p.jobs {
		c := *j.sc
		c.Warmup = 0
		scs[i] = &c
	}
	prog.Start("warm-up pilot")
	b := &batch.Batch{Scenarios: scs, Seed: p.seed, Workers: o.Workers, Progress: prog.Update}
	out, err := b.Run(ctx, batch.Sequence(0, n))
	prog.Done()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted during the warm-up pilot (nothing saved): %w", err)
		}
		return err
	}
	info := &output.WarmupAuto{Method: "MSER-5",
		Series:    "occupied places per day, summed over sites and units, mean of the pilot replications",
		PilotReps: n}
	days := 0
	for j, sc := range scs {
		tr := batch.ProposeWarmup(out.Results[j], sc.Horizon.Days())
		info.PerScenario = append(info.PerScenario, output.WarmupProposal{Scenario: sc.Name, Values: p.jobs[j].values,
			Days: tr.Obs, Reliable: tr.Reliable})
		days = max(days, tr.Obs)
		if !tr.Reliable {
			o.note("warning: %s: MSER-5 found no end to the warm-up within the first half of the run; lengthen --horizon", sc.Name)
		}
	}
	info.Days = float64(days)
	p.warmupAuto = info
	w := scenario.Duration(float64(days) * 24)
	for _, j := range p.all() {
		if w >= j.sc.Horizon {
			return inputf("%s: the proposed warm-up (%s) is not shorter than the horizon (%s)", j.sc.Name, w, j.sc.Horizon)
		}
		j.sc.Warmup = w
	}
	// The plans were prepared with the warm-up of the files; the model
	// records from the new one.
	if err := p.prepare(); err != nil {
		return err
	}
	o.note("warm-up %s (MSER-5 on %d pilot replications)", w, n)
	return nil
}

// buildID identifies the running executable by a hash of its bytes, so
// that a run is never resumed or merged across different builds that
// report the same version.
var buildID = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})
