package web

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/report"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/web/runs"
)

// sweepView is the sweep form of one scenario.
type sweepView struct {
	Ref   ref
	Entry entry
	// LoadErrors are why the scenario does not load (then there is no
	// form).
	LoadErrors []string
	// Params are the scenario's numeric settings, set and unset, from the
	// same schema-driven fields as the scenario page.
	Params []*field
	// Path and Values are the form's values (Path from ?path=).
	Path, Values string
	Reps         int
	Seed         uint64
	Metrics      []metric.Def
	Metric       string
	Sites        []string
	// MaxValues and MaxReps are the runs queue's bounds on a sweep.
	MaxValues, MaxReps int
}

// sweepPage shows the form that sweeps a setting of the scenario
// ?base= names; it posts to the runs queue, which checks the sweep as
// flowsim sweep does.
func (s *Server) sweepPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("base")
	if id == "" {
		http.Error(w, "base: name the scenario to sweep (/sweep/?base=ID, from its page in the library)", http.StatusBadRequest)
		return
	}
	rf, err := s.resolve(id)
	switch {
	case errors.Is(err, errNotFound):
		http.Error(w, "no such scenario", http.StatusNotFound)
		return
	case err != nil:
		http.Error(w, "refused: "+err.Error(), http.StatusBadRequest)
		return
	}
	src, err := report.ReadSources(rf.Path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	e, _ := describe(rf)
	v := &sweepView{Ref: rf, Entry: e, Path: strings.TrimSpace(r.URL.Query().Get("path")),
		Metrics: metric.All(), Metric: metric.BedDays, MaxValues: runs.MaxSweepValues, MaxReps: runs.MaxSweepReps}
	sc, lerr := scenario.Load(rf.Path)
	if lerr != nil {
		v.LoadErrors = strings.Split(lerr.Error(), "\n")
	} else {
		v.Reps, v.Seed = sc.Reps, sc.Seed
		v.Sites = slices.Sorted(maps.Keys(sc.Sites))
	}
	for _, g := range s.groups(src) {
		for _, f := range g.all() {
			if sweepable(f.Schema) {
				v.Params = append(v.Params, f)
			}
		}
	}
	s.render(w, http.StatusOK, "sweep", "Sweep "+e.Name, v)
}

// sweepable reports whether a setting takes a number: an integer or
// number, or a duration or rate, which are numbers with a unit.
func sweepable(f fieldSchema) bool {
	return f.Type == "integer" || f.Type == "number" || f.Kind == "Duration" || f.Kind == "Rate"
}
