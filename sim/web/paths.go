package web

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Kinds of scenario, the first segment of a scenario's id.
const (
	kindShipped = "shipped" // Config.Shipped: read-only
	kindMine    = "mine"    // Config.Mine: the planner's own
)

// errNotFound is a scenario id that names no scenario file; errBadName one
// that could never name one (traversal, odd characters).
var (
	errNotFound = errors.New("no such scenario")
	errBadName  = errors.New("not a scenario name")
)

// segmentRE is one segment of a scenario's path: letters, digits, dot,
// dash and underscore, not starting with a dot (so never "..", and no
// hidden or temporary files).
var segmentRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`)

// ref is a scenario file confined to one of the app's directories.
type ref struct {
	Kind string // kindShipped or kindMine
	Rel  string // slash-separated, within the kind's directory
	// Path is the file as flowsim's messages name it: the directory as
	// configured joined with Rel.
	Path string
}

// ID is the scenario's id, "kind/rel", as used in URLs and forms.
func (r ref) ID() string { return r.Kind + "/" + r.Rel }

// ReadOnly reports whether the app may not write the file.
func (r ref) ReadOnly() bool { return r.Kind == kindShipped }

// dir returns the directory of kind.
func (s *Server) dir(kind string) (string, error) {
	switch kind {
	case kindShipped:
		return s.cfg.Shipped, nil
	case kindMine:
		return s.cfg.Mine, nil
	}
	return "", fmt.Errorf("%w: unknown kind %q", errBadName, kind)
}

// resolve turns a scenario id ("shipped/notts/baseline.yaml") into the
// file it names, refusing anything that could reach outside the kind's
// directory: dot segments, absolute paths, backslashes, NULs and other
// characters a scenario name never has, and symbolic links whose target
// lies outside the directory. The file must exist and be a regular
// .yaml file.
func (s *Server) resolve(id string) (ref, error) {
	kind, rel, ok := strings.Cut(id, "/")
	if !ok {
		return ref{}, fmt.Errorf("%w: %q", errBadName, id)
	}
	return s.resolveIn(kind, rel)
}

func (s *Server) resolveIn(kind, rel string) (ref, error) {
	root, err := s.dir(kind)
	if err != nil {
		return ref{}, err
	}
	segs := strings.Split(rel, "/")
	if len(segs) > 8 {
		return ref{}, fmt.Errorf("%w: too deep", errBadName)
	}
	for _, seg := range segs {
		if !segmentRE.MatchString(seg) {
			return ref{}, fmt.Errorf("%w: %q", errBadName, rel)
		}
	}
	if !strings.HasSuffix(rel, ".yaml") {
		return ref{}, fmt.Errorf("%w: scenario files end in .yaml", errBadName)
	}
	p := filepath.Join(append([]string{root}, segs...)...)
	if err := confined(root, p); err != nil {
		return ref{}, err
	}
	return ref{Kind: kind, Rel: rel, Path: p}, nil
}

// confined checks that p, with every symbolic link resolved, is a regular
// file inside root (with its links resolved).
func confined(root, p string) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return errNotFound
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return errNotFound
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("%w: it leads outside its directory", errBadName)
	}
	st, err := os.Stat(real)
	if err != nil || !st.Mode().IsRegular() {
		return errNotFound
	}
	return nil
}

// ResolveScenario turns a scenario id from a form ("shipped/notts/baseline.yaml",
// "mine/qmc-p2.yaml") into the file it names, with the confinement the
// app's own pages use: a handler mounted through Config.Runs runs only
// scenarios in the library.
func (s *Server) ResolveScenario(id string) (string, error) {
	rf, err := s.resolve(id)
	if err != nil {
		return "", err
	}
	return rf.Path, nil
}
