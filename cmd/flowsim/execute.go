package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// A run directory holds the output files, manifest.json (written last, so
// its presence means the run finished) and the checkpoints:
//
//	reps/run.json                  what is being run, for --resume to check
//	reps/<key>/<rep>.rep           one checkpoint per finished replication
const (
	checkpointDir = "reps"
	stateFile     = "run.json"
)

// stateKind bounds reps/run.json, a few KiB (the command line and a key
// per scenario).
var stateKind = inputfile.Kind{Name: "run state file", MaxBytes: 16 * inputfile.MiB}

// runState identifies a run in its checkpoint directory.
type runState struct {
	Tool      string          `json:"tool"`
	Version   string          `json:"version"`
	Build     string          `json:"build"`
	Command   string          `json:"command"`
	Seed      uint64          `json:"seed"`
	Reps      string          `json:"reps"`
	Shard     string          `json:"shard,omitempty"`
	Patients  bool            `json:"patients,omitempty"`
	CensusDay *int            `json:"census_day,omitempty"`
	Scenarios []stateScenario `json:"scenarios"`
	// Args is the command line, to tell the user how to resume.
	Args []string `json:"args"`
}

type stateScenario struct {
	Name   string   `json:"name"`
	Values []string `json:"values,omitempty"`
	Key    string   `json:"key"`
}

// execution is one execution of a plan.
type execution struct {
	p      *plan
	o      *batchOptions
	args   []string       // the command line, recorded in run.json
	fs     *pflag.FlagSet // the parsed command line, for the resume hint
	stdout io.Writer
	stderr io.Writer
	// rerunOf is the manifest a "run --manifest" repeats.
	rerunOf string
	// note prints a line on stderr unless --quiet.
	note func(format string, a ...any)
}

// execute runs the plan: warm-up pilot if asked for, the replications
// (all, a shard, or rounds until the precision is reached), checkpointing
// each, then writes the outputs and prints the table.
func (e *execution) execute(ctx context.Context) error {
	p, o := e.p, e.o
	started := time.Now().UTC()
	e.note = func(format string, a ...any) {
		if !o.quiet {
			fmt.Fprintf(e.stderr, "flowsim: "+format+"\n", a...)
		}
	}
	if err := p.checkRunnable(); err != nil {
		return err
	}
	prog := newProgress(e.stderr, o.quiet)
	defer prog.done()

	if o.warmupAuto && p.warmupAuto == nil {
		if err := e.pilot(ctx, prog); err != nil {
			return err
		}
	}
	dir := o.resume
	if dir == "" {
		dir = o.out
	}
	claimed := false
	if dir == "" {
		// Claimed only now, so that a run refused above leaves no empty
		// directory behind.
		var err error
		if dir, err = output.MkdirUnique(p.defaultDir(started)); err != nil {
			return err
		}
		claimed = true
	}
	store := &batch.Store{Dir: filepath.Join(dir, checkpointDir)}
	for _, j := range p.jobs {
		k, err := batch.JobKey(versionString(), p.seed, j.sc, p.keyOptions())
		if err != nil {
			return err
		}
		store.Keys = append(store.Keys, k)
	}
	state := e.state(store.Keys)
	resuming := o.resume != ""
	if !resuming && !claimed {
		var err error
		if resuming, err = prepareOut(dir, o.force, state); err != nil {
			return err
		}
		if resuming {
			e.note("%s holds an unfinished run of this command: resuming it (--force starts afresh)", dir)
		}
	}
	if resuming {
		if err := checkResume(dir, state); err != nil {
			return err
		}
		if n, err := removeTemporary(dir); err != nil {
			return err
		} else if n > 0 {
			e.note("removed %d partly written file(s) left by the interruption", n)
		}
	} else if err := startFresh(dir, store, state); err != nil {
		return err
	}

	// An interruption lets the replications under way finish, which for a
	// long one can take a while (the model cannot stop inside one); say at
	// once how to finish the run, so that a second interrupt, which ends
	// flowsim there and then, loses nothing but those replications.
	stopWatching := e.watchInterrupt(ctx, dir)
	defer stopWatching()

	// Replication 0 takes the census, if one is asked for: it runs first,
	// on its own, and is checkpointed, so the batch below (and any resumed
	// or merged run) finds it in its checkpoint with the census in it. The
	// census then never depends on the workers or on interruptions.
	censusRun := 0 // replications the census step simulated (not loaded)
	if opt, ok := p.censusOptions(); ok && (p.shard == nil || slices.Contains(p.shard.Reps(p.reps), 0)) {
		b0 := &batch.Batch{Scenarios: p.scenarios(), Seed: p.seed, Workers: o.workers, Store: store, Lean: true, Model: opt}
		out0, err := b0.Run(ctx, []int{0})
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return e.interrupted(dir, out0, err)
			}
			return e.failed(dir, out0, err)
		}
		censusRun = out0.Simulated
	}

	b := &batch.Batch{Scenarios: p.scenarios(), Seed: p.seed, Workers: o.workers, Store: store, Lean: true,
		Model: p.modelOptions()}
	var (
		out  *batch.Outcome
		reps []int
		err  error
	)
	if o.autoReps && p.precision == nil {
		prog.label = "replications"
		b.Progress = prog.update
		var rounds batch.Rounds
		seq := &batch.Sequential{First: min(firstRound, o.maxReps), MaxReps: o.maxReps, Target: o.ciWidth, Measure: p.measure(o.metric)}
		out, rounds, err = b.RunSequential(ctx, seq)
		if err == nil {
			p.setReps(rounds.Counts[len(rounds.Counts)-1])
			reps = batch.Sequence(0, p.reps)
			p.precision = &output.Precision{Metric: o.metric, Site: model.SystemSite, Of: p.precisionOf(),
				TargetHalfWidth: o.ciWidth, HalfWidth: rounds.HalfWidth, MaxReps: o.maxReps, Rounds: rounds.Counts, Met: rounds.Met}
			if !rounds.Met {
				e.note("warning: stopped at --max-reps %d with a half-width of %s, wider than --ci-width %s",
					o.maxReps, output.Rounded(rounds.HalfWidth), output.Rounded(o.ciWidth))
			}
		}
	} else {
		reps = batch.Sequence(0, p.reps)
		if p.shard != nil {
			reps = p.shard.Reps(p.reps)
		}
		prog.label = "replications"
		b.Progress = prog.update
		out, err = b.Run(ctx, reps)
	}
	prog.done()
	stopWatching() // an interruption from here on has no replications to cut short
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return e.interrupted(dir, out, err)
		}
		return e.failed(dir, out, err)
	}
	if d := store.Damaged(); len(d) > 0 {
		e.note("simulated again %d damaged checkpoint(s), e.g. %s", len(d), d[0])
	}
	m, err := p.manifest(versionString(), store.Keys)
	if err != nil {
		return err
	}
	// The batch loaded what the census step simulated; that was not resumed.
	run := output.RunInfo{StartedAt: started, Workers: o.workers, GoVersion: runtime.Version(),
		Resumed: out.Loaded - censusRun, Build: buildID(), RerunOf: e.rerunOf}
	fetch := func(j, i int) (*model.Result, error) { return fetchCheckpoint(store, j, reps[i]) }
	return finish(dir, m, reps, out.Results, fetch, run, o.quiet, e.stdout, e.stderr)
}

// defaultDir is where a run goes without --out: under results/, named
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
// --write-census asked for one (then ok is true).
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

// setReps fixes the replication count of every scenario.
func (p *plan) setReps(n int) {
	p.reps = n
	for _, j := range p.all() {
		j.sc.Reps = n
	}
}

// state describes the execution for reps/run.json.
func (e *execution) state(keys []string) *runState {
	p, o := e.p, e.o
	s := &runState{Tool: "flowsim", Version: versionString(), Build: buildID(), Command: p.command, Seed: p.seed,
		Reps: strconv.Itoa(p.reps), Patients: p.patients, CensusDay: p.censusDay, Args: e.args}
	if o.autoReps && p.precision == nil {
		s.Reps = fmt.Sprintf("auto: %s ci-width %s, at most %d", o.metric, output.Exact(o.ciWidth), o.maxReps)
	}
	if p.shard != nil {
		s.Shard = p.shard.String()
	}
	for i, j := range p.jobs {
		s.Scenarios = append(s.Scenarios, stateScenario{Name: j.sc.Name, Values: j.values, Key: keys[i]})
	}
	return s
}

// startFresh prepares dir for a new run: no manifest (its absence marks
// the run unfinished) and no checkpoints but the new run's state.
func startFresh(dir string, store *batch.Store, state *runState) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &inputError{fmt.Errorf("create output directory: %w", err)}
	}
	if err := os.Remove(filepath.Join(dir, output.ManifestFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &inputError{fmt.Errorf("output directory: %w", err)}
	}
	// Clear earlier checkpoints, but never a reps/ that flowsim did not
	// make.
	entries, err := os.ReadDir(store.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &inputError{fmt.Errorf("output directory: %w", err)}
	}
	if _, serr := os.Stat(filepath.Join(store.Dir, stateFile)); len(entries) > 0 && serr != nil {
		return &inputError{fmt.Errorf("%s exists and is not a flowsim checkpoint directory (no %s); choose another --out", store.Dir, stateFile)}
	}
	if err := store.Clear(); err != nil {
		return err
	}
	return writeState(store.Dir, state)
}

// writeState writes dir/run.json.
func writeState(dir string, state *runState) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &inputError{fmt.Errorf("create checkpoint directory: %w", err)}
	}
	return output.WriteFile(filepath.Join(dir, stateFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(state)
	})
}

// checkResume checks that dir holds an interrupted run of the same plan.
func checkResume(dir string, want *runState) error {
	path := filepath.Join(dir, checkpointDir, stateFile)
	data, err := inputfile.ReadFile(path, stateKind)
	if errors.Is(err, fs.ErrNotExist) {
		return &inputError{fmt.Errorf("--resume %s: nothing to resume there (no %s/%s)", dir, checkpointDir, stateFile)}
	}
	if err != nil {
		return &inputError{fmt.Errorf("--resume: %w", err)}
	}
	var got runState
	if err := json.Unmarshal(data, &got); err != nil {
		return &inputError{fmt.Errorf("--resume: %s: %s", path, output.JSONProblem(err))}
	}
	differ := func(what string, there, here any) error {
		how := ""
		if slices.Contains([]string{"run", "compare", "sweep"}, got.Command) {
			how = fmt.Sprintf(" (finish it with the command line it was started with: %s)",
				shellJoin(append([]string{programName(), got.Command}, got.Args...)))
		}
		return &inputError{fmt.Errorf("--resume %s: it holds a different run: %s %v there, %v here%s", dir, what, there, here, how)}
	}
	switch {
	case got.Version != want.Version:
		return differ("version", got.Version, want.Version)
	case got.Build != want.Build:
		return &inputError{fmt.Errorf("--resume %s: it was started by another flowsim build (%s, this is %s), whose results could differ; start afresh",
			dir, got.Build, want.Build)}
	case got.Command != want.Command:
		return differ("command", got.Command, want.Command)
	case got.Seed != want.Seed:
		return differ("seed", got.Seed, want.Seed)
	case got.Reps != want.Reps:
		return differ("replications", got.Reps, want.Reps)
	case got.Patients != want.Patients:
		return differ("--patients", got.Patients, want.Patients)
	case censusText(got.CensusDay) != censusText(want.CensusDay):
		return differ("--write-census", censusText(got.CensusDay), censusText(want.CensusDay))
	case got.Shard != want.Shard:
		return differ("shard", cmpOr(got.Shard, "none"), cmpOr(want.Shard, "none"))
	case len(got.Scenarios) != len(want.Scenarios):
		return differ("number of scenarios", len(got.Scenarios), len(want.Scenarios))
	}
	for i, s := range got.Scenarios {
		w := want.Scenarios[i]
		if s.Name != w.Name || !slices.Equal(s.Values, w.Values) {
			return differ(fmt.Sprintf("scenario %d", i+1), s.Name+strings.Join(s.Values, ","), w.Name+strings.Join(w.Values, ","))
		}
		if s.Key != w.Key {
			return differ("scenario "+s.Name, "contents "+prefix(s.Key, 16), "contents "+prefix(w.Key, 16))
		}
	}
	return nil
}

// prefix returns the first n bytes of s, or s if it is shorter (a key read
// from a file may be).
func prefix(s string, n int) string { return s[:min(n, len(s))] }

// censusText describes a --write-census day for messages.
func censusText(day *int) string {
	if day == nil {
		return "none"
	}
	return strconv.Itoa(*day)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// interruptedError reports a batch stopped by a signal, with how to
// finish it.
type interruptedError struct {
	saved int
	dir   string
	hint  string
	err   error
}

func (e *interruptedError) Error() string {
	return fmt.Sprintf("interrupted: %d replication(s) finished and saved in %s; to finish, run:\n  %s", e.saved, e.dir, e.hint)
}

func (e *interruptedError) Unwrap() error { return e.err }

func (e *execution) interrupted(dir string, out *batch.Outcome, err error) error {
	saved := 0
	if out != nil {
		saved = out.Simulated + out.Loaded
	}
	return &interruptedError{saved: saved, dir: dir, hint: resumeHint(e.p.command, e.fs, dir), err: err}
}

// watchInterrupt prints, as soon as ctx is cancelled, how to finish the run
// in dir; the returned function stops watching.
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
		fmt.Fprintf(e.stderr, "flowsim: either way, finish the run later with:\n  %s\n", printable(resumeHint(e.p.command, e.fs, dir)))
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			<-finished
		})
	}
}

// failed adds to a batch's I/O error (a full disk, say) that the
// replications saved are kept, and how to finish the run once the problem
// is fixed. Other errors are returned as they are.
func (e *execution) failed(dir string, out *batch.Outcome, err error) error {
	if !isIOError(err) {
		return err
	}
	saved := 0
	if out != nil {
		saved = out.Simulated + out.Loaded
	}
	return fmt.Errorf("%w\n%d replication(s) are saved in %s; once that is fixed, to finish, run:\n  %s",
		err, saved, dir, resumeHint(e.p.command, e.fs, dir))
}

// resumeHint returns the shell command that finishes an interrupted run:
// the command line as parsed (fs), with --resume DIR in place of --out,
// --resume and --force, every word quoted for a POSIX shell. It is built
// from the parsed flags rather than the raw arguments, so that a flag
// value that looks like a flag ("--metric --out") or a file name with
// spaces survives.
func resumeHint(command string, fs *pflag.FlagSet, dir string) string {
	words := []string{programName(), command, "--resume", dir}
	fs.Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "out", "resume", "force":
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				words = append(words, "--"+f.Name+"="+v)
			}
			return
		}
		if f.Value.Type() == "bool" && f.Value.String() == "true" {
			words = append(words, "--"+f.Name)
			return
		}
		words = append(words, "--"+f.Name+"="+f.Value.String())
	})
	if args := fs.Args(); len(args) > 0 {
		// After --, a file whose name starts with - is still a file.
		if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-") }) {
			words = append(words, "--")
		}
		words = append(words, args...)
	}
	return shellJoin(words)
}

// programName is how to call flowsim in a suggested command: as it was
// called (bin/flowsim) when that was flowsim itself, else flowsim.
func programName() string {
	if len(os.Args) > 0 && filepath.Base(os.Args[0]) == "flowsim" {
		return os.Args[0]
	}
	return "flowsim"
}

// shellJoin joins words into a command line for a POSIX shell, quoting
// those that need it.
func shellJoin(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = shellQuote(w)
	}
	return strings.Join(quoted, " ")
}

// shellQuote returns w as one shell word: as it is when it holds only
// characters no shell treats specially, else in single quotes.
func shellQuote(w string) string {
	safe := w != ""
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./_-", r)) {
			safe = false
			break
		}
	}
	if safe {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// pilot chooses the warm-up by MSER-5: it runs the first few replications
// of every scenario with no warm-up, averages each scenario's daily
// occupancy over them, and gives every scenario the longest proposal, so
// that comparisons and sweep points share one warm-up.
func (e *execution) pilot(ctx context.Context, prog *progress) error {
	p, o := e.p, e.o
	n := pilotReps
	if p.reps > 0 {
		n = min(n, p.reps)
	} else {
		n = min(n, o.maxReps)
	}
	scs := make([]*scenario.Scenario, len(p.jobs))
	for i, j := range p.jobs {
		c := *j.sc
		c.Warmup = 0
		scs[i] = &c
	}
	prog.label = "warm-up pilot"
	b := &batch.Batch{Scenarios: scs, Seed: p.seed, Workers: o.workers, Progress: prog.update}
	out, err := b.Run(ctx, batch.Sequence(0, n))
	prog.done()
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
			e.note("warning: %s: MSER-5 found no end to the warm-up within the first half of the run; lengthen --horizon", sc.Name)
		}
	}
	info.Days = float64(days)
	p.warmupAuto = info
	w := scenario.Duration(float64(days) * 24)
	for _, j := range p.all() {
		if w >= j.sc.Horizon {
			return &inputError{fmt.Errorf("%s: the proposed warm-up (%s) is not shorter than the horizon (%s)", j.sc.Name, w, j.sc.Horizon)}
		}
		j.sc.Warmup = w
	}
	e.note("warm-up %s (MSER-5 on %d pilot replications)", w, n)
	return nil
}

// precisionOf says what the precision of --reps auto is measured on.
func (p *plan) precisionOf() string {
	if p.command == "compare" {
		return "paired difference from the base (widest over alternatives)"
	}
	if len(p.jobs) > 1 {
		return "mean (widest over scenarios)"
	}
	return "mean"
}

// measure returns the widest 95% half-width of metric (system-wide) over
// the plan's scenarios — or, in a comparison, over the paired differences
// from the base, since that is the answer the comparison gives.
func (p *plan) measure(metric string) func([][]*model.Result) (float64, error) {
	return func(results [][]*model.Result) (float64, error) {
		values := make([][]float64, len(results))
		for j, res := range results {
			xs, ok := batch.Values(res, metric, model.SystemSite)
			if !ok {
				return 0, &inputError{fmt.Errorf("--metric %s: no such system-wide metric (there are: %s)", metric, systemMetrics(res))}
			}
			values[j] = xs
		}
		worst := 0.0
		half := func(xs []float64, what string) error {
			s := stats.Summarize(xs)
			h := (s.CIHigh - s.CILow) / 2
			if math.IsNaN(h) || math.IsInf(h, 0) {
				return &inputError{fmt.Errorf("--metric %s: %s is NA in some replications, so its precision cannot guide --reps auto", metric, what)}
			}
			worst = max(worst, h)
			return nil
		}
		if p.command == "compare" {
			for j := 1; j < len(values); j++ {
				d := make([]float64, len(values[0]))
				for r := range d {
					d[r] = values[0][r] - values[j][r]
				}
				if err := half(d, "the difference "+p.jobs[0].sc.Name+" − "+p.jobs[j].sc.Name); err != nil {
					return 0, err
				}
			}
			return worst, nil
		}
		for j, xs := range values {
			if err := half(xs, p.jobs[j].sc.Name); err != nil {
				return 0, err
			}
		}
		return worst, nil
	}
}

// systemMetrics lists the system-wide metric names a result reports.
func systemMetrics(res []*model.Result) string {
	if len(res) == 0 {
		return "none"
	}
	var names []string
	for _, m := range res[0].Metrics {
		if m.Site == model.SystemSite {
			names = append(names, m.Name)
		}
	}
	return strings.Join(names, ", ")
}

// finish writes a run's output files and manifest into dir and prints its
// table. results[j][i] is scenario j's result for replication reps[i],
// whose metrics suffice; fetch(j, i) returns the same result whole, daily
// rows and journeys included, one at a time as the files are written. m
// describes the run (without Run and Files). The files depend only on m
// (Run aside) and the results, so a merge of shards or a resumed run
// writes the same bytes as an uninterrupted run on one machine.
func finish(dir string, m *output.Manifest, reps []int, results [][]*model.Result,
	fetch func(j, i int) (*model.Result, error), run output.RunInfo, quiet bool, stdout, stderr io.Writer) error {
	keyCols := make([]string, len(m.Sets))
	for i, s := range m.Sets {
		keyCols[i] = s.Path
	}
	var tagged []output.Replication
	var summary []output.SummaryRow
	for j, e := range m.Scenarios {
		t := batch.Tag(e.Name, e.Values, reps, results[j])
		tagged = append(tagged, t...)
		summary = append(summary, batch.Summaries(t)...)
	}
	var comparison []output.ComparisonRow
	for j := 1; m.Command == "compare" && j < len(m.Scenarios); j++ {
		comparison = append(comparison, batch.Compare(m.Scenarios[j].Name, results[0], results[j])...)
	}
	for _, rs := range results {
		for _, r := range rs {
			run.Events += r.Events
		}
	}
	run.FinishedAt = time.Now().UTC()
	if run.StartedAt.IsZero() {
		run.StartedAt = run.FinishedAt
	}
	run.WallSeconds = run.FinishedAt.Sub(run.StartedAt).Seconds()
	m.Run = run
	m.Files = []string{output.SummaryFile, output.ReplicationsFile, output.DailyFile}
	writes := []struct {
		name  string
		write func(io.Writer) error
	}{
		{output.SummaryFile, func(w io.Writer) error { return output.WriteSummary(w, keyCols, summary) }},
		{output.ReplicationsFile, func(w io.Writer) error { return output.WriteReplications(w, keyCols, tagged) }},
		{output.DailyFile, func(w io.Writer) error {
			dw := output.NewDailyWriter(w, keyCols)
			if err := eachFull(m, reps, fetch, dw.Write); err != nil {
				return err
			}
			return dw.Flush()
		}},
	}
	if m.Patients {
		m.Files = append(m.Files, output.PatientsFile)
		writes = append(writes, struct {
			name  string
			write func(io.Writer) error
		}{output.PatientsFile, func(w io.Writer) error {
			pw := output.NewPatientsWriter(w, keyCols)
			if err := eachFull(m, reps, fetch, pw.Write); err != nil {
				return err
			}
			return pw.Flush()
		}})
	}
	if i := slices.Index(reps, 0); m.CensusDay != nil && i >= 0 {
		// Replication 0's census, taken by the first scenario (a run has
		// one); a shard without replication 0 writes none.
		m.Files = append(m.Files, output.CensusFile)
		writes = append(writes, struct {
			name  string
			write func(io.Writer) error
		}{output.CensusFile, func(w io.Writer) error {
			res, err := fetch(0, i)
			if err != nil {
				return err
			}
			return model.WriteCensus(w, res.Census)
		}})
	}
	if m.Command == "compare" {
		m.Files = append(m.Files, output.ComparisonFile)
		writes = append(writes, struct {
			name  string
			write func(io.Writer) error
		}{output.ComparisonFile, func(w io.Writer) error { return output.WriteComparison(w, comparison) }})
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &inputError{fmt.Errorf("create output directory: %w", err)}
	}
	m.Integrity = &output.Integrity{Files: map[string]string{}}
	for _, f := range writes {
		sum, err := output.WriteFileHashed(filepath.Join(dir, f.name), f.write)
		if err != nil {
			return err
		}
		m.Integrity.Files[f.name] = sum
	}
	// The manifest goes last: its presence marks a finished run, and it
	// records the hashes of the files above and of itself.
	if err := m.Seal(); err != nil {
		return err
	}
	if err := output.WriteFile(filepath.Join(dir, output.ManifestFile), func(w io.Writer) error { return output.WriteManifest(w, m) }); err != nil {
		return err
	}
	warnUnstable(stderr, summary)
	if quiet {
		return nil
	}
	switch m.Command {
	case "compare":
		printComparison(stdout, m, comparison)
	case "sweep":
		printSweep(stdout, m, summary)
	default:
		printSummary(stdout, m, summary)
	}
	what := fmt.Sprintf("%d replications", len(reps))
	switch {
	case m.Command == "sweep":
		what = fmt.Sprintf("%d points × %d replications", len(m.Scenarios), len(reps))
	case len(m.Scenarios) > 1:
		what = fmt.Sprintf("%d scenarios × %d replications", len(m.Scenarios), len(reps))
	}
	if m.Shard != nil {
		what += fmt.Sprintf(" (shard %d/%d of %d)", m.Shard.Index, m.Shard.Count, m.Reps)
	}
	if run.Resumed > 0 {
		what += fmt.Sprintf(", %d from checkpoints", run.Resumed)
	}
	fmt.Fprintf(stdout, "\n%s, %d events in %.2fs; files in %s\n", what, run.Events, run.WallSeconds, dir)
	return nil
}

// eachFull calls f with every replication's full result, in output order.
func eachFull(m *output.Manifest, reps []int, fetch func(j, i int) (*model.Result, error), f func(output.Replication)) error {
	for j, e := range m.Scenarios {
		for i, r := range reps {
			res, err := fetch(j, i)
			if err != nil {
				return err
			}
			f(output.Replication{Scenario: e.Name, Keys: e.Values, Rep: r, Result: res})
		}
	}
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
