package web

import (
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/report"
	"github.com/flowsim/flowsim/sim/scenario"
)

// field is one setting in the scenario form.
type field struct {
	Path    string
	ID      string // the input's HTML id
	Value   string // the value in the form (as written, or as typed)
	Base    string // the value as written in the scenario's files
	Comment string // its source comment
	Grade   string
	File    string
	Line    int
	Schema  fieldSchema
	// Changed marks a value that differs from Base; NewGrade and
	// NewComment are the source the planner typed for it.
	Changed              bool
	NewGrade, NewComment string
	// Errors are the check's messages about this setting.
	Errors []string
	// Set marks a setting the files write; an unset one has its default.
	Set bool
	// Own marks a setting written by the scenario's own file, when it
	// extends another.
	Own bool
}

// Source is the source comment without the grade it starts with, which
// the page shows apart.
func (f *field) Source() string {
	c := f.Comment
	if f.Grade != "" && strings.HasPrefix(c, f.Grade) {
		c = strings.TrimLeft(strings.TrimPrefix(c, f.Grade), ":,;.) ")
	}
	return c
}

// group is the settings of one part of the scenario (a site, a place, a
// cohort) in one fieldset.
type group struct {
	Title  string
	Note   string
	Fields []*field
	// Unset are the settings the schema allows here that the files do
	// not write: they have their defaults until the planner gives one.
	Unset []*field
}

// all returns the group's fields, set and unset.
func (g *group) all() []*field { return append(slices.Clip(g.Fields), g.Unset...) }

// scenarioView is the scenario page.
type scenarioView struct {
	Ref     ref
	Entry   entry
	Diagram template.HTML
	// LoadErrors are why the scenario itself does not load (it is shown,
	// and can be changed, all the same).
	LoadErrors []string
	Groups     []*group
	Grades     []struct{ Code, Meaning string }
	// The form's own fields, kept across a check or a failed save.
	SaveName, SaveDescription string
	Check                     *checkResult
	Saved                     string // the id of a file just saved
	Reps                      int
	Seed                      uint64
	Alts                      []entry // scenarios to compare with
	// Ensembles are the plausible baselines to compare across.
	Ensembles []Ensemble
}

// Ensemble is a set of plausible baselines the run form offers: ID is
// the form's value, Label what the planner reads.
type Ensemble struct{ ID, Label string }

// scenarioPage shows a scenario: diagram, settings and the forms.
func (s *Server) scenarioPage(w http.ResponseWriter, r *http.Request) {
	rf, ok := s.lookupRef(w, r)
	if !ok {
		return
	}
	v, err := s.view(rf)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	if saved := r.URL.Query().Get("saved"); saved == "1" {
		v.Saved = rf.ID()
	}
	s.render(w, http.StatusOK, "scenario", v.Entry.Name, v)
}

// lookupRef resolves the scenario the URL names, answering 400 or 404
// itself when it names none.
func (s *Server) lookupRef(w http.ResponseWriter, r *http.Request) (ref, bool) {
	rf, err := s.resolveIn(r.PathValue("kind"), r.PathValue("rel"))
	switch {
	case errors.Is(err, errNotFound):
		http.Error(w, "no such scenario", http.StatusNotFound)
		return ref{}, false
	case err != nil:
		http.Error(w, "refused: "+err.Error(), http.StatusBadRequest)
		return ref{}, false
	}
	return rf, true
}

// view builds the scenario page of rf with the values as written.
func (s *Server) view(rf ref) (*scenarioView, error) {
	src, err := report.ReadSources(rf.Path)
	if err != nil {
		return nil, err
	}
	e, _ := describe(rf)
	e.Open = true
	v := &scenarioView{Ref: rf, Entry: e, Grades: report.Grades}
	sc, lerr := scenario.Load(rf.Path)
	if lerr != nil {
		v.LoadErrors = strings.Split(lerr.Error(), "\n")
	} else {
		v.Diagram = diagram(sc)
		v.Reps, v.Seed = sc.Reps, sc.Seed
	}
	v.Ensembles = s.ensembles()
	v.Groups = s.groups(src)
	for _, kind := range []string{kindShipped, kindMine} {
		for _, a := range s.entries(kind) {
			if a.Ref != rf {
				v.Alts = append(v.Alts, a)
			}
		}
	}
	return v, nil
}

// groups lays the settings out by part of the scenario: the scenario's
// own settings, then each cohort, place, virtual ward and site; in each,
// the settings the files write, then the ones the schema allows that they
// do not (see schemaDoc.leaves).
func (s *Server) groups(src *report.Sources) []*group {
	var out []*group
	at := map[string]*group{}
	own := ""
	if len(src.Files) > 1 {
		own = src.Files[len(src.Files)-1].Path
	}
	set := map[string]bool{}
	// prefixes are the objects under which unset settings are offered:
	// every group, and every object a written setting is in.
	var prefixes []string
	seen := map[string]bool{}
	for _, p := range src.Params {
		if p.Path == "name" || p.Path == "description" || p.Path == "extends" {
			continue
		}
		key, title := groupOf(p.Path)
		g := at[key]
		if g == nil {
			g = &group{Title: title}
			at[key] = g
			out = append(out, g)
		}
		if p.Section {
			if p.Path == key {
				g.Note = p.Comment
			}
			continue
		}
		set[p.Path] = true
		for i := range len(p.Path) {
			if p.Path[i] == '.' && !seen[p.Path[:i]] {
				seen[p.Path[:i]] = true
				prefixes = append(prefixes, p.Path[:i])
			}
		}
		fs, _ := s.schema.lookup(p.Path)
		g.Fields = append(g.Fields, &field{Path: p.Path, ID: fieldID(p.Path), Value: p.Value, Base: p.Value,
			Comment: p.Comment, Grade: p.Grade, File: p.File, Line: p.Line, Schema: fs, Set: true, Own: own != "" && p.File == own})
	}
	covered := func(path string) bool {
		for q := range set {
			if q == path || strings.HasPrefix(q, path+".") || strings.HasPrefix(path, q+".") {
				return true
			}
		}
		return false
	}
	offered := map[string]bool{}
	for _, prefix := range append([]string{""}, prefixes...) {
		for _, path := range s.schema.leaves(prefix) {
			key, _ := groupOf(path)
			g := at[key]
			if g == nil || offered[path] || covered(path) || path == "name" || path == "description" || path == "extends" {
				continue
			}
			offered[path] = true
			fs, _ := s.schema.lookup(path)
			g.Unset = append(g.Unset, &field{Path: path, ID: fieldID(path), Schema: fs})
		}
	}
	for _, g := range out {
		slices.SortStableFunc(g.Unset, func(a, b *field) int { return strings.Compare(a.Path, b.Path) })
	}
	return out
}

// groupOf returns the group a setting belongs in: "sites.qmc" for
// "sites.qmc.beds.capacity", "general" for "horizon".
func groupOf(path string) (key, title string) {
	segs := strings.Split(path, ".")
	switch segs[0] {
	case "sites", "places", "cohorts", "virtual_wards":
		if len(segs) >= 2 {
			return segs[0] + "." + segs[1], strings.TrimSuffix(strings.ReplaceAll(segs[0], "_", " "), "s") + " " + segs[1]
		}
	case "arrival_profile":
		return segs[0], "arrival profile"
	}
	return "general", "run settings"
}

// fieldID is the HTML id of a setting's input.
func fieldID(path string) string { return "f-" + strings.ReplaceAll(path, ".", "--") }
