package runs

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/report"
	"github.com/flowsim/flowsim/sim/run"
)

// state is where a job is in its life.
type state string

const (
	stateQueued    state = "queued"
	stateRunning   state = "running"
	stateDone      state = "done"
	stateFailed    state = "failed"
	stateCancelled state = "cancelled"
)

// Finished reports whether a job in state st will not change again.
func (st state) Finished() bool {
	return st == stateDone || st == stateFailed || st == stateCancelled
}

// request is what a planner asked to run: a scenario, or a base and
// alternatives to compare with it.
type request struct {
	// Base and Alts are the names as the form gave them, for the pages;
	// baseFile and altFiles the files they resolve to.
	Base     string
	Alts     []string
	baseFile string
	altFiles []string
	// Reps is 0 for the scenario's own count; Seed nil for its own seed.
	Reps int
	Seed *uint64
	// resume, when not empty, is the run directory (a name in the results
	// directory) of a cancelled job of this same request to finish.
	resume string
	// Sweep, when not nil, makes the request a sweep of Base.
	Sweep *sweepSpec
	// Ensemble, when not empty, makes the request an ensemble comparison
	// at the plausible baselines of the match Ensemble names (its
	// directory in the results directory); ensembleFile is their file,
	// relative to the results directory, or libraryEnsemble the file of
	// the scenario library Ensemble names.
	Ensemble        string
	ensembleFile    string
	libraryEnsemble string
}

// command is the kind of job the request is: run, compare, sweep or
// ensemble (flowsim compare --ensemble).
func (q *request) command() string {
	if q.Sweep != nil {
		return "sweep"
	}
	if q.Ensemble != "" {
		return "ensemble"
	}
	if len(q.Alts) == 0 {
		return "run"
	}
	return "compare"
}

// job is one request's run. The fields from state on change as it runs,
// guarded by the server's mutex.
type job struct {
	id      string
	req     request
	dir     string // ResultsDir/id: the run directory
	created time.Time
	ctx     context.Context
	cancel  context.CancelFunc

	state       state
	phase       string // "replications", "warm-up pilot"
	done, total int
	message     string   // why it failed or was cancelled
	notes       []string // the run's remarks
	resumedAs   string   // the job finishing this cancelled one
	// changed is closed, and replaced, whenever the fields above change.
	changed chan struct{}
}

// errBusy refuses a job when the queue is full.
var errBusy = errors.New("the queue is full")

// errClosed refuses a job once the server is closing.
var errClosed = errors.New("the server is stopping")

// newID returns a job ID: the UTC time, so that directories sort by
// start, and 80 random bits, so that one user cannot guess another's.
func newID(now time.Time) (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("job id: %w", err)
	}
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	return now.UTC().Format("20060102T150405Z") + "-" + strings.ToLower(enc.EncodeToString(b[:])), nil
}

// enqueue adds a job for req and starts it if a slot is free.
func (s *Server) enqueue(req request) (*job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueueLocked(req)
}

// enqueueLocked is enqueue with the server's mutex held.
func (s *Server) enqueueLocked(req request) (*job, error) {
	now := time.Now()
	id, err := newID(now)
	if err != nil {
		return nil, err
	}
	if s.closed {
		return nil, errClosed
	}
	if len(s.waiting) >= maxQueued {
		return nil, errBusy
	}
	dir := id
	if req.resume != "" {
		dir = req.resume
	}
	j := &job{id: id, req: req, dir: filepath.Join(s.cfg.ResultsDir, dir), created: now,
		state: stateQueued, changed: make(chan struct{})}
	j.ctx, j.cancel = context.WithCancel(s.ctx)
	s.jobs[id] = j
	s.order = append(s.order, j)
	s.forgetLocked()
	s.waiting = append(s.waiting, j)
	s.dispatchLocked()
	return j, nil
}

// forgetLocked drops the oldest finished jobs beyond maxJobs.
func (s *Server) forgetLocked() {
	for i := 0; len(s.order) > maxJobs && i < len(s.order); {
		if j := s.order[i]; j.state.Finished() {
			delete(s.jobs, j.id)
			s.order = append(s.order[:i], s.order[i+1:]...)
			continue
		}
		i++
	}
}

// dispatchLocked starts queued jobs, first come first served, while
// fewer than MaxRunning run.
func (s *Server) dispatchLocked() {
	for s.running < s.cfg.MaxRunning && len(s.waiting) > 0 && !s.closed {
		j := s.waiting[0]
		s.waiting = s.waiting[1:]
		s.running++
		s.changeLocked(j, func() { j.state = stateRunning })
		s.wg.Add(1)
		go s.work(j)
	}
}

// changeLocked applies f to j and wakes everyone following it.
func (s *Server) changeLocked(j *job, f func()) {
	f()
	close(j.changed)
	j.changed = make(chan struct{})
}

// finishLocked ends j in st.
func (s *Server) finishLocked(j *job, st state, message string) {
	s.changeLocked(j, func() { j.state, j.message = st, message })
	j.cancel()
}

// work runs j and then frees its slot for the next job.
func (s *Server) work(j *job) {
	defer s.wg.Done()
	st, msg := s.runJob(j)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running--
	s.finishLocked(j, st, msg)
	s.dispatchLocked()
}

// runJob runs j's request with the run package, as the command line
// does, then writes the run's report.html.
func (s *Server) runJob(j *job) (state, string) {
	q := &j.req
	if q.Ensemble != "" {
		return s.runEnsemble(j.ctx, j)
	}
	o := run.Options{Reps: q.Reps, Seed: q.Seed, Workers: s.workers, Out: j.dir,
		Version: s.cfg.Version, Program: "flowsim", Args: q.args(),
		Hint:     func(command, dir string) string { return resumeHint(command, dir, q) },
		Note:     func(msg string) { s.note(j, msg) },
		Progress: &progress{s: s, j: j},
	}
	if q.resume != "" {
		o.Out, o.Resume = "", j.dir
	}
	res, err := s.execute(j.ctx, j, o)
	var interrupted *run.InterruptedError
	switch {
	case errors.As(err, &interrupted):
		return stateCancelled, fmt.Sprintf("cancelled: %d replication(s) finished and are saved in %s; to finish the run, use:\n  %s",
			interrupted.Saved, interrupted.Dir, interrupted.Hint)
	case err != nil && j.ctx.Err() != nil:
		return stateCancelled, "cancelled: " + err.Error()
	case err != nil:
		return stateFailed, err.Error()
	}
	for _, w := range res.Warnings() {
		s.note(j, w)
	}
	if err := s.writeReport(res.Dir); err != nil {
		// The run itself is finished and its files are there.
		s.note(j, "report.html was not written: "+err.Error())
	}
	return stateDone, ""
}

// executeEngine runs a job with flowsim's engine: run.Run for one
// scenario, run.Compare for a base and alternatives, run.Sweep for a
// sweep.
func executeEngine(ctx context.Context, j *job, o run.Options) (*run.Result, error) {
	if j.req.Sweep != nil {
		return run.Sweep(ctx, j.req.baseFile, []string{j.req.Sweep.set()}, o)
	}
	if len(j.req.altFiles) == 0 {
		return run.Run(ctx, j.req.baseFile, o)
	}
	return run.Compare(ctx, j.req.baseFile, j.req.altFiles, o)
}

// writeReport writes dir/report.html, as flowsim report DIR --format svg
// does, so that the run's downloads include it; the results page then
// shows the same report without building it again.
func (s *Server) writeReport(dir string) error {
	mst, err := os.Lstat(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		return err
	}
	p, err := s.pages.get(dir, mst)
	if err != nil {
		return err
	}
	return output.WriteFile(filepath.Join(dir, run.ReportFile), func(w io.Writer) error { return report.Write(w, p.report) })
}

// buildReport reads the finished run in dir into the report's content,
// with its figures as SVG, and returns it with the run as read for
// figures.
func buildReport(dir string) (*report.Report, *plot.Run, error) {
	d, err := run.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	pr, err := plot.FromDir(d)
	if err != nil {
		return nil, nil, err
	}
	rep, err := report.Build(pr, report.Options{Format: "svg"})
	return rep, pr, err
}

// resumeHint is the command that finishes an interrupted job in dir.
func resumeHint(command, dir string, q *request) string {
	return run.ShellJoin(append([]string{"flowsim", command, "--resume", dir}, q.args()...))
}

// args are the command line arguments (after flowsim and the command)
// that ask for what q asks.
func (q *request) args() []string {
	var words []string
	if q.Reps > 0 {
		words = append(words, "--reps", strconv.Itoa(q.Reps))
	}
	if q.Seed != nil {
		words = append(words, "--seed", strconv.FormatUint(*q.Seed, 10))
	}
	if q.Sweep != nil {
		words = append(words, "--set", q.Sweep.set())
	}
	words = append(words, "--", q.baseFile)
	return append(words, q.altFiles...)
}

// note records one of the run's remarks.
func (s *Server) note(j *job, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(j.notes) < 100 {
		s.changeLocked(j, func() { j.notes = append(j.notes, msg) })
	}
}

// stop cancels j: a queued job leaves the queue, a running one has its
// context cancelled and ends as cancelled once its replications under way
// reach a checkpoint.
func (s *Server) stop(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch j.state {
	case stateQueued:
		for i, w := range s.waiting {
			if w == j {
				s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
				break
			}
		}
		s.finishLocked(j, stateCancelled, "cancelled before it started")
	case stateRunning:
		j.cancel()
	}
}

// resumeJob queues a job that finishes the cancelled job j in its
// directory from the replications it saved, or returns the one already
// doing so.
func (s *Server) resumeJob(j *job) (*job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Under the lock from check to queue, so that two clicks start one job.
	if n, ok := s.jobs[j.resumedAs]; ok {
		return n, nil
	}
	if j.state != stateCancelled || !s.resumable(j.dir) {
		return nil, errNotResumable
	}
	req := j.req
	req.resume = filepath.Base(j.dir)
	n, err := s.enqueueLocked(req)
	if err != nil {
		return nil, err
	}
	s.changeLocked(j, func() { j.resumedAs = n.id })
	return n, nil
}

// errNotResumable refuses to resume a job that left nothing to resume.
var errNotResumable = errors.New("only a cancelled run that saved its progress can be finished")

// resumable reports whether the run directory dir holds an unfinished
// run: its checkpoints' state and no manifest.
func (s *Server) resumable(dir string) bool {
	name := filepath.Base(dir)
	if _, err := s.root.Lstat(filepath.Join(name, output.ManifestFile)); err == nil {
		return false
	}
	st, err := s.root.Lstat(filepath.Join(name, run.CheckpointDir, run.StateFile))
	return err == nil && st.Mode().IsRegular()
}

// lookup returns the job id names, if the server knows it.
func (s *Server) lookup(id string) (*job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	return j, ok
}

// progress follows a job's replications for its pages (run.Progress).
type progress struct {
	s *Server
	j *job
}

// Start begins a phase of the job.
func (p *progress) Start(label string) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	p.s.changeLocked(p.j, func() { p.j.phase, p.j.done, p.j.total = label, 0, 0 })
}

// Update records done of total replications finished.
func (p *progress) Update(done, total int) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	p.s.changeLocked(p.j, func() { p.j.done, p.j.total = done, total })
}

// Done ends a phase.
func (p *progress) Done() {}

// status is a job as its pages and events show it.
type status struct {
	ID      string   `json:"id"`
	Command string   `json:"command"`
	Base    string   `json:"base"`
	Alts    []string `json:"alternatives,omitempty"`
	State   state    `json:"state"`
	Phase   string   `json:"phase,omitempty"`
	Done    int      `json:"done"`
	Total   int      `json:"total"`
	Message string   `json:"message,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	Results string   `json:"results,omitempty"` // the results page, once done
	// Ensemble names the plausible baselines of an ensemble job.
	Ensemble string `json:"ensemble,omitempty"`
	// Swept is the setting a sweep varies; empty for other jobs.
	Swept string `json:"swept,omitempty"`
	// ResumedAs is the job finishing this cancelled one.
	ResumedAs string `json:"resumed_as,omitempty"`
	Position  int    `json:"position,omitempty"`
	// Text says in words where the job is.
	Text    string    `json:"text"`
	Created time.Time `json:"-"`
}

// snapshot returns j's status and a channel closed at its next change.
func (s *Server) snapshot(j *job) (status, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := status{ID: j.id, Command: j.req.command(), Base: j.req.Base, Alts: j.req.Alts, State: j.state,
		Phase: j.phase, Done: j.done, Total: j.total, Message: j.message, Notes: append([]string(nil), j.notes...),
		ResumedAs: j.resumedAs, Created: j.created, Ensemble: j.req.Ensemble}
	if j.state == stateDone {
		st.Results = "/results/" + pathEscape(filepath.Base(j.dir)) + "/"
		if q := j.req.Sweep; q != nil {
			st.Results += "?" + q.curveQuery()
		}
	}
	if q := j.req.Sweep; q != nil {
		st.Swept = q.Path
	}
	if j.state == stateQueued {
		for i, w := range s.waiting {
			if w == j {
				st.Position = i + 1
			}
		}
	}
	st.Text = st.describe()
	return st, j.changed
}

// describe says in words where the job is.
func (st *status) describe() string {
	switch st.State {
	case stateQueued:
		if st.Position > 1 {
			return fmt.Sprintf("queued: %d jobs ahead of it", st.Position-1)
		}
		return "queued: next to run"
	case stateRunning:
		if st.Total == 0 {
			return "running: starting"
		}
		if st.Phase == ensemblePhase {
			return fmt.Sprintf("running: %d of %d plausible baselines", st.Done, st.Total)
		}
		what := "replications"
		if st.Phase != "" && st.Phase != what {
			what += " of the " + st.Phase
		}
		return fmt.Sprintf("running: %d of %d %s", st.Done, st.Total, what)
	case stateDone:
		return "done"
	case stateFailed:
		return "failed"
	default:
		return "cancelled"
	}
}
