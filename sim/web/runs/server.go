package runs

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/flowsim/flowsim/sim/run"
)

// MaxBody bounds a request's body: a form of scenario names and numbers
// is a few hundred bytes.
const MaxBody = 1 << 20

// Limits on what the server keeps in memory.
const (
	// maxQueued is how many jobs may wait for a slot; more are refused
	// with 503 until the queue drains.
	maxQueued = 64
	// maxJobs is how many jobs (finished ones included) the server
	// remembers; the oldest finished ones are forgotten first. Their
	// results stay in the results directory.
	maxJobs = 1000
	// figuresDir is where a results page's figures are, under the run.
	figuresDir = "figures"
	// maxAlternatives bounds a comparison's alternatives.
	maxAlternatives = 16
)

// Config configures a Server.
type Config struct {
	// ResultsDir is where runs are written and past runs are read.
	ResultsDir string
	// ResolveScenario maps a form value (base, alt) to a scenario file
	// confined to the scenario library; its error is shown to the user.
	ResolveScenario func(name string) (string, error)
	// ResolveEnsemble, if set, maps a form's ensemble value naming a
	// file of the scenario library (an id with a slash, as scenarios'
	// ids have) to an ensemble file confined to the library; its error is
	// shown to the user. Nil: only the results directory's matches.
	ResolveEnsemble func(id string) (string, error)
	// CheckWrite checks a state-changing request (CSRF token and same
	// origin); nil refuses every write.
	CheckWrite func(r *http.Request) error
	// CSRFToken returns the token the pages' forms carry in their csrf
	// field, for CheckWrite to accept; nil leaves it out (and CheckWrite
	// then decides whether a form without one may write).
	CSRFToken func(r *http.Request) string
	// MaxRunning bounds the jobs run at once (0: 1); the others queue.
	MaxRunning int
	// Page, when not nil, writes a page in the app's layout (its header,
	// navigation and style sheet) around body, the page's content, which
	// this package has built with html/template. Nil: the package's own
	// plain layout, with Stylesheet.
	Page func(w http.ResponseWriter, status int, title string, body template.HTML)
	// Stylesheet is the URL of the style sheet of the package's own
	// layout, e.g. "/static/app.css"; empty: none.
	Stylesheet string
	// Version is recorded in the manifests and checkpoint keys of the runs
	// started here (the command line's flowsim version); empty: "web".
	Version string
}

// Server runs jobs and serves their pages. It implements http.Handler.
type Server struct {
	cfg     Config
	root    *os.Root // ResultsDir, for reading past runs
	workers int      // replications run at once within one job

	// execute runs a job's engine; tests replace it with a fake that
	// blocks. It is never set from outside the package, so that only
	// flowsim's own engine ever runs.
	execute func(ctx context.Context, j *job, o run.Options) (*run.Result, error)

	ctx    context.Context // cancelled by Close: every job's parent
	cancel context.CancelFunc
	wg     sync.WaitGroup // running jobs

	mu      sync.Mutex
	jobs    map[string]*job
	order   []*job // jobs by submission, for forgetting the oldest
	waiting []*job // queued, first come first served
	running int
	closed  bool

	pages pageCache
}

// New returns a Server writing runs to cfg.ResultsDir, which is created
// if missing.
func New(cfg Config) (*Server, error) {
	if cfg.ResultsDir == "" {
		return nil, errors.New("runs: Config.ResultsDir is empty")
	}
	if cfg.ResolveScenario == nil {
		return nil, errors.New("runs: Config.ResolveScenario is nil")
	}
	if cfg.MaxRunning < 0 {
		return nil, fmt.Errorf("runs: Config.MaxRunning must not be negative, got %d", cfg.MaxRunning)
	}
	if cfg.MaxRunning == 0 {
		cfg.MaxRunning = 1
	}
	if cfg.Version == "" {
		cfg.Version = "web"
	}
	dir, err := filepath.Abs(cfg.ResultsDir)
	if err != nil {
		return nil, fmt.Errorf("results directory: %w", err)
	}
	cfg.ResultsDir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("results directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("results directory: %w", err)
	}
	s := &Server{cfg: cfg, root: root, jobs: map[string]*job{},
		workers: max(1, runtime.NumCPU()/cfg.MaxRunning), execute: executeEngine}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Close cancels the queued and running jobs and waits for the running
// ones to stop (their finished replications stay checkpointed).
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for _, j := range s.waiting {
		s.finishLocked(j, stateCancelled, "the server stopped before the job started")
	}
	s.waiting = nil
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return s.root.Close()
}

// ServeHTTP routes /runs/… and /results/….
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs, ok := segments(r.URL.EscapedPath())
	if !ok || len(segs) == 0 {
		s.notFound(w, r)
		return
	}
	switch segs[0] {
	case "runs":
		s.routeRuns(w, r, segs[1:])
	case "results":
		s.routeResults(w, r, segs[1:])
	default:
		s.notFound(w, r)
	}
}

func (s *Server) routeRuns(w http.ResponseWriter, r *http.Request, segs []string) {
	switch {
	case len(segs) == 0:
		if allow(w, r, http.MethodGet, http.MethodPost) {
			if r.Method == http.MethodPost {
				s.submit(w, r)
			} else {
				s.queuePage(w, r)
			}
		}
	case len(segs) == 1 && segs[0] == scriptName:
		if allow(w, r, http.MethodGet) {
			serveScript(w, r)
		}
	case len(segs) == 1:
		if allow(w, r, http.MethodGet) {
			s.statusPage(w, r, segs[0])
		}
	case len(segs) == 2 && segs[1] == "events":
		if allow(w, r, http.MethodGet) {
			s.events(w, r, segs[0])
		}
	case len(segs) == 2 && segs[1] == "cancel":
		if allow(w, r, http.MethodPost) {
			s.cancelJob(w, r, segs[0])
		}
	case len(segs) == 2 && segs[1] == "resume":
		if allow(w, r, http.MethodPost) {
			s.resume(w, r, segs[0])
		}
	default:
		s.notFound(w, r)
	}
}

func (s *Server) routeResults(w http.ResponseWriter, r *http.Request, segs []string) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	switch len(segs) {
	case 0:
		s.listPage(w, r)
	case 1:
		if !strings.HasSuffix(r.URL.EscapedPath(), "/") {
			// The page's links to its files are relative to the directory.
			http.Redirect(w, r, "/results/"+pathEscape(segs[0])+"/", http.StatusMovedPermanently)
			return
		}
		s.resultsPage(w, r, segs[0])
	case 2:
		s.download(w, r, segs[0], segs[1])
	case 3:
		if segs[1] != figuresDir {
			s.notFound(w, r)
			return
		}
		s.figure(w, r, segs[0], segs[2])
	default:
		s.notFound(w, r)
	}
}

// allow answers 405 unless r's method is one of methods (HEAD counts as
// GET).
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m || r.Method == http.MethodHead && m == http.MethodGet {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

// checkWrite refuses a state-changing request that Config.CheckWrite does
// not accept (all of them when it is nil), and bounds its body.
func (s *Server) checkWrite(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", MaxBody))
			return false
		}
		s.errorPage(w, r, http.StatusBadRequest, "the form could not be read: "+err.Error())
		return false
	}
	if s.cfg.CheckWrite == nil {
		s.errorPage(w, r, http.StatusForbidden, "this server accepts no changes")
		return false
	}
	if err := s.cfg.CheckWrite(r); err != nil {
		s.errorPage(w, r, http.StatusForbidden, "refused: "+err.Error())
		return false
	}
	return true
}
