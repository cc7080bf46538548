package web

import (
	"io/fs"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/report"
)

// entry is one scenario in the library.
type entry struct {
	Ref         ref
	Name        string
	Description string
	// Extends is the file this one extends, as its extends: says; empty
	// for a scenario that stands alone.
	Extends string
	// Changes are the settings this file sets over the one it extends.
	Changes []change
	// Problem is why the file's settings cannot be read.
	Problem string
	// Open shows the changes unfolded (on the scenario's own page).
	Open bool
}

// change is one setting a file sets over what it extends.
type change struct {
	Path     string
	Old, New string // Old is empty for a setting the base lacks
	Comment  string
	Grade    string
}

// shelf is a group of scenarios in the library.
type shelf struct {
	Title    string
	Dir      string
	ReadOnly bool
	Entries  []entry
}

// library lists the shipped scenarios and the planner's own.
func (s *Server) library(w http.ResponseWriter, r *http.Request) {
	shelves := []shelf{
		{Title: "Shipped scenarios", Dir: s.cfg.Shipped, ReadOnly: true, Entries: s.entries(kindShipped)},
		{Title: "My scenarios", Dir: s.cfg.Mine, Entries: s.entries(kindMine)},
	}
	s.render(w, http.StatusOK, "library", "Scenario library", shelves)
}

// entries lists the scenario files of kind, in path order. A file that is
// not a scenario (calibration targets, priors) is left out; a scenario
// whose settings cannot be read is listed with the problem.
func (s *Server) entries(kind string) []entry {
	var out []entry
	s.walk(kind, func(rf ref) {
		if e, ok := describe(rf); ok {
			out = append(out, e)
		}
	})
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.Ref.Rel, b.Ref.Rel) })
	return out
}

// walk calls each with every .yaml file of kind's directory that resolve
// accepts, in lexical order.
func (s *Server) walk(kind string, each func(ref)) {
	dir, _ := s.dir(kind)
	// The walk starts from the directory itself, should it be a
	// symbolic link; links inside it are not followed (resolveIn checks
	// the files they lead to).
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return // the planner's directory before the first save
	}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable directory, or Mine not created yet
		}
		if d.IsDir() {
			if p != root && !segmentRE.MatchString(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		if rf, err := s.resolveIn(kind, filepath.ToSlash(rel)); err == nil {
			each(rf)
		}
		return nil
	})
}

// describe reads what the library shows of rf; ok is false for a file
// that is not a scenario.
func describe(rf ref) (entry, bool) {
	e := entry{Ref: rf, Name: strings.TrimSuffix(filepath.Base(rf.Rel), ".yaml")}
	src, err := report.ReadSources(rf.Path)
	if err != nil {
		e.Problem = err.Error()
		return e, looksLikeScenario(rf.Path)
	}
	if !hasSites(src) {
		return e, false
	}
	mine := map[string]report.Param{}
	for _, p := range src.Params {
		switch p.Path {
		case "name":
			e.Name = p.Value
		case "description":
			e.Description = p.Value
		}
		if !p.Section && p.File == rf.Path {
			mine[p.Path] = p
		}
	}
	if len(src.Files) < 2 {
		return e, true
	}
	parent := src.Files[len(src.Files)-2].Path
	e.Extends = parent
	base, err := report.ReadSources(parent)
	if err != nil {
		e.Problem = err.Error()
		return e, true
	}
	old := map[string]string{}
	for _, p := range base.Params {
		old[p.Path] = p.Value
	}
	for _, p := range src.Params {
		if _, ok := mine[p.Path]; !ok || p.Path == "name" || p.Path == "description" {
			continue
		}
		e.Changes = append(e.Changes, change{Path: p.Path, Old: old[p.Path], New: p.Value, Comment: p.Comment, Grade: p.Grade})
	}
	return e, true
}

// hasSites reports whether src sets sites: every scenario has them, and
// the other YAML files beside the scenarios (calibration targets, priors)
// do not.
func hasSites(src *report.Sources) bool {
	return slices.ContainsFunc(src.Params, func(p report.Param) bool { return strings.HasPrefix(p.Path, "sites.") })
}

// looksLikeScenario reports whether a file whose settings cannot be read
// still belongs in the library: any .yaml file among the planner's own
// (where a broken save should be seen), a shipped one only if it is not a
// calibration file.
func looksLikeScenario(path string) bool {
	return !strings.Contains(filepath.ToSlash(path), "/calibration/")
}
