// Package app builds the planner's web app that "flowsim serve" serves:
// the scenario library and editor (package web) with runs and results
// (package web/runs) mounted in it, so that the command and the browser
// test serve one and the same app.
package app

import (
	"fmt"
	"net/http"

	"github.com/flowsim/flowsim/sim/web"
	"github.com/flowsim/flowsim/sim/web/runs"
)

// Config is the app's directories and limits.
type Config struct {
	// Web configures the library and editor; its Runs is set by New.
	Web web.Config
	// Jobs bounds the runs at once (each uses every core); the others
	// queue. 0 means 1.
	Jobs int
	// Version is recorded in the manifests of the runs started here.
	Version string
}

// App is the web app: an http.Handler, and Close to stop its runs.
type App struct {
	*web.Server
	jobs *runs.Server
}

// New builds the app. Runs start only scenarios of the app's library,
// behind its CSRF and same-origin check, and their pages share its
// layout. The library is built first, so a bad scenario directory is
// refused before the results directory is created.
func New(cfg Config) (*App, error) {
	a := &App{}
	wc := cfg.Web
	// a.jobs is set below, before any request can be served.
	wc.Runs = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { a.jobs.ServeHTTP(w, r) })
	wc.Ensembles = func() []web.Ensemble {
		var out []web.Ensemble
		for _, e := range a.jobs.Ensembles() {
			out = append(out, web.Ensemble{ID: e.ID, Label: e.Label})
		}
		return out
	}
	s, err := web.New(wc)
	if err != nil {
		return nil, err
	}
	a.Server = s
	a.jobs, err = runs.New(runs.Config{
		ResultsDir:      wc.Results,
		ResolveScenario: s.ResolveScenario,
		ResolveEnsemble: s.ResolveEnsemble,
		CheckWrite:      s.CheckWrite,
		CSRFToken:       func(*http.Request) string { return s.CSRFToken() },
		Page:            s.Page,
		MaxRunning:      cfg.Jobs,
		Version:         cfg.Version,
	})
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	return a, nil
}

// Close cancels the queued and running jobs and waits for the running
// ones to stop; their finished replications stay in their directories.
func (a *App) Close() error { return a.jobs.Close() }
