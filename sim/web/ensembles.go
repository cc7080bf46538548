package web

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"
)

// ensembleHead is how much of a .yaml file is read to recognise an
// ensemble file.
const ensembleHead = 64 << 10

// errNotEnsemble refuses a library file that is not an ensemble file.
var errNotEnsemble = errors.New("not an ensemble file (plausible baselines: a top-level members: list)")

// isEnsembleFile reports whether the file at path is an ensemble file,
// the plausible baselines calibrate --fit writes, from its first
// ensembleHead bytes: a top-level members: key, which no scenario has.
// It does not check the members; the run reads them as compare
// --ensemble does, with its messages.
func isEnsembleFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, ensembleHead))
	for sc.Scan() {
		if line := sc.Text(); line == "members:" || strings.HasPrefix(line, "members: ") || strings.HasPrefix(line, "members:\t") {
			return true
		}
	}
	return false
}

// ensembles lists the run form's plausible baselines: Config.Ensembles'
// (the results directory's matches), then the ensemble files of the
// library, shipped first, by their ids.
func (s *Server) ensembles() []Ensemble {
	var out []Ensemble
	if s.cfg.Ensembles != nil {
		out = s.cfg.Ensembles()
	}
	for _, kind := range []string{kindShipped, kindMine} {
		s.walk(kind, func(rf ref) {
			if isEnsembleFile(rf.Path) {
				out = append(out, Ensemble{ID: rf.ID(), Label: rf.Path})
			}
		})
	}
	return out
}

// ResolveEnsemble turns an ensemble id from a form ("mine/plausible.yaml")
// into the ensemble file of the library it names, with the confinement
// ResolveScenario has.
func (s *Server) ResolveEnsemble(id string) (string, error) {
	rf, err := s.resolve(id)
	if err != nil {
		return "", err
	}
	if !isEnsembleFile(rf.Path) {
		return "", errNotEnsemble
	}
	return rf.Path, nil
}
