package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// CanonicalJSON returns s as compact JSON that depends only on its content:
// map keys are sorted, durations and rates are written in the exact unit
// forms of Duration.String and Rate.String, and Sources is left out. Two
// files that resolve to the same scenario (same name included) give the
// same bytes. It fails only for values Validate rejects, such as NaN.
func (s *Scenario) CanonicalJSON() ([]byte, error) {
	return json.Marshal(s)
}

// SHA256 returns the hex SHA-256 of CanonicalJSON and, when the scenario
// starts from a census, of the census file's bytes too: the scenario hash
// that run manifests record, which changes when any input of the run does.
func (s *Scenario) SHA256() (string, error) {
	b, err := s.CanonicalJSON()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(b)
	if err := s.HashCensus(h); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// CensusPath returns the census file's path, resolved against the
// directory of the file of the extends chain that named it (the loaded
// file for a scenario built otherwise), or "" without a census.
func (s *Scenario) CensusPath() string {
	if s.Census == "" || filepath.IsAbs(s.Census) {
		return s.Census
	}
	from := s.censusFrom
	if from == "" && len(s.Sources) > 0 {
		from = s.Sources[len(s.Sources)-1]
	}
	if from == "" {
		return s.Census
	}
	return filepath.Join(filepath.Dir(from), s.Census)
}

// HashCensus writes the census file's bytes, if the scenario has one, to
// h: hashes of a run's inputs must change when the census does, although
// only its name is part of the scenario.
func (s *Scenario) HashCensus(h io.Writer) error {
	path := s.CensusPath()
	if path == "" {
		return nil
	}
	b, err := inputfile.ReadFile(path, inputfile.Census)
	if err != nil {
		return fmt.Errorf("census: %w", err)
	}
	fmt.Fprintf(h, "\x00census\x00%d\x00", len(b))
	_, err = h.Write(b)
	return err
}
