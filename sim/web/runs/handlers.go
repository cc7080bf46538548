package runs

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/batch"
)

// scriptName is the progress script's name under /runs/.
const scriptName = "progress.js"

// refreshSeconds is how often a job's page reloads itself while the job
// runs, when JavaScript is off (with it on, the page follows the events).
const refreshSeconds = 2

// keepAliveEvery is how often a job's event stream says something while
// the job does not change.
const keepAliveEvery = 15 * time.Second

//go:embed assets/progress.js
var script []byte

// serveScript serves the script that follows a job's events.
func serveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, scriptName, time.Time{}, bytes.NewReader(script))
}

// submit starts a job from the form: base, alt (repeated; none is a
// run, some a comparison), reps and seed (empty: the scenario's own).
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	if !s.checkWrite(w, r) {
		return
	}
	req, err := s.parseRequest(r)
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, err.Error())
		return
	}
	j, err := s.enqueue(req)
	s.queued(w, r, j, err)
}

// queued answers a request that queued job j: 303 to its page, or why
// it could not be queued (err).
func (s *Server) queued(w http.ResponseWriter, r *http.Request, j *job, err error) {
	switch {
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "60")
		s.errorPage(w, r, http.StatusServiceUnavailable, fmt.Sprintf("%v: %d jobs are waiting; try again when some have run", err, maxQueued))
	case errors.Is(err, errClosed):
		s.errorPage(w, r, http.StatusServiceUnavailable, err.Error())
	case errors.Is(err, errNotResumable):
		s.errorPage(w, r, http.StatusConflict, err.Error())
	case err != nil:
		s.errorPage(w, r, http.StatusInternalServerError, err.Error())
	default:
		http.Redirect(w, r, "/runs/"+pathEscape(j.id), http.StatusSeeOther)
	}
}

// parseRequest reads and checks the form of a new job.
func (s *Server) parseRequest(r *http.Request) (request, error) {
	var q request
	q.Base = strings.TrimSpace(r.PostForm.Get("base"))
	if q.Base == "" {
		return q, errors.New("base: choose a scenario to run")
	}
	for _, a := range r.PostForm["alt"] {
		if a = strings.TrimSpace(a); a != "" {
			q.Alts = append(q.Alts, a)
		}
	}
	if len(q.Alts) > maxAlternatives {
		return q, fmt.Errorf("alt: at most %d alternatives in one comparison, got %d", maxAlternatives, len(q.Alts))
	}
	var err error
	if q.baseFile, err = s.cfg.ResolveScenario(q.Base); err != nil {
		return q, fmt.Errorf("base %q: %w", q.Base, err)
	}
	for _, a := range q.Alts {
		f, err := s.cfg.ResolveScenario(a)
		if err != nil {
			return q, fmt.Errorf("alt %q: %w", a, err)
		}
		q.altFiles = append(q.altFiles, f)
	}
	if v := strings.TrimSpace(r.PostForm.Get("reps")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > batch.MaxReps {
			return q, fmt.Errorf("reps: want a whole number of replications from 1 to %d, got %q", batch.MaxReps, v)
		}
		q.Reps = n
	}
	if v := strings.TrimSpace(r.PostForm.Get("seed")); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return q, fmt.Errorf("seed: want a whole number from 0 to %d, got %q", uint64(1<<64-1), v)
		}
		q.Seed = &n
	}
	if id := strings.TrimSpace(r.PostForm.Get("ensemble")); id != "" {
		if err := s.parseEnsemble(id, &q); err != nil {
			return q, err
		}
	}
	if r.PostForm.Get("kind") == "sweep" {
		if q.Ensemble != "" {
			return q, errors.New("ensemble: a sweep runs one baseline; compare alternatives across plausible baselines instead")
		}
		if len(q.Alts) > 0 {
			return q, errors.New("alt: a sweep varies one scenario; compare alternatives with a comparison")
		}
		if err := s.parseSweep(r, &q); err != nil {
			return q, err
		}
	}
	return q, nil
}

// queuePage lists the jobs the server knows, newest first, and offers a
// form to start one.
func (s *Server) queuePage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	jobs := slices.Clone(s.order)
	s.mu.Unlock()
	var sts []status
	for _, j := range slices.Backward(jobs) {
		st, _ := s.snapshot(j)
		sts = append(sts, st)
	}
	s.render(w, r, http.StatusOK, "queue", "Runs", struct {
		Jobs     []status
		Running  int
		CSRF     string
		Disabled bool
	}{sts, s.cfg.MaxRunning, s.token(r), s.cfg.CheckWrite == nil})
}

// statusPage shows one job.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request, id string) {
	j, ok := s.lookup(id)
	if !ok {
		s.unknownJob(w, r, id)
		return
	}
	st, _ := s.snapshot(j)
	if !st.State.Finished() {
		// The page changes: a reload must not show an old copy.
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, http.StatusOK, "status", st.Title(), struct {
		status
		CSRF      string
		CanWrite  bool
		Resumable bool
		Refresh   int
	}{st, s.token(r), s.cfg.CheckWrite != nil, st.State == stateCancelled && st.ResumedAs == "" && s.resumable(j.dir), refreshSeconds})
}

// unknownJob answers for a job the server does not know: its results if
// they are in the results directory (a job of an earlier server), else
// 404.
func (s *Server) unknownJob(w http.ResponseWriter, r *http.Request, id string) {
	if _, err := s.root.Lstat(id + "/manifest.json"); err == nil {
		http.Redirect(w, r, "/results/"+pathEscape(id)+"/", http.StatusSeeOther)
		return
	}
	s.notFound(w, r)
}

// Title names a job for its page.
func (st status) Title() string {
	if st.Swept != "" {
		return "Sweep of " + st.Swept + " in " + st.Base
	}
	if len(st.Alts) == 0 {
		return "Run of " + st.Base
	}
	title := "Comparison of " + st.Base + " with " + strings.Join(st.Alts, ", ")
	if st.Ensemble != "" {
		title += " across the plausible baselines of " + st.Ensemble
	}
	return title
}

// events streams a job's status as server-sent events: a progress event
// at once and at every change, and a done event (its state done, failed
// or cancelled) when it ends, after which the stream closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request, id string) {
	j, ok := s.lookup(id)
	if !ok {
		s.notFound(w, r)
		return
	}
	rc := http.NewResponseController(w)
	// A server's write timeout would cut a long run's stream short.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	// A comment line now and then keeps a quiet stream (a long
	// replication) from being closed as idle on the way.
	keepAlive := time.NewTicker(keepAliveEvery)
	defer keepAlive.Stop()
	for {
		st, changed := s.snapshot(j)
		event := "progress"
		if st.State.Finished() {
			event = "done"
		}
		data, err := json.Marshal(st)
		if err != nil {
			return
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		if st.State.Finished() {
			return
		}
		if !awaitChange(r.Context(), w, rc, changed, keepAlive.C) {
			return
		}
	}
}

// awaitChange waits for changed, writing a comment line to the event
// stream w at every tick; it reports false once the client has gone.
func awaitChange(ctx context.Context, w io.Writer, rc *http.ResponseController, changed <-chan struct{}, tick <-chan time.Time) bool {
	for {
		select {
		case <-changed:
			return true
		case <-tick:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return false
			}
		case <-ctx.Done():
			return false
		}
	}
}

// cancelJob stops a job and shows its page.
func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request, id string) {
	if !s.checkWrite(w, r) {
		return
	}
	j, ok := s.lookup(id)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.stop(j)
	http.Redirect(w, r, "/runs/"+pathEscape(j.id), http.StatusSeeOther)
}

// resume finishes a cancelled job from the replications it saved, as a
// new job in its directory, and shows the new job's page.
func (s *Server) resume(w http.ResponseWriter, r *http.Request, id string) {
	if !s.checkWrite(w, r) {
		return
	}
	j, ok := s.lookup(id)
	if !ok {
		s.notFound(w, r)
		return
	}
	n, err := s.resumeJob(j)
	s.queued(w, r, n, err)
}

// token is the CSRF token for r's forms.
func (s *Server) token(r *http.Request) string {
	if s.cfg.CSRFToken == nil {
		return ""
	}
	return s.cfg.CSRFToken(r)
}
