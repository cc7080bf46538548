package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/flowsim/flowsim/sim/census"
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

// HashCensus writes the census, if the scenario has one, to h — its
// bytes as Load read them (see census.File.Hash) — so that hashes of a
// run's inputs change when the census does, although only its name is
// part of the scenario. It fails for a census that was not read (see
// CensusFile).
func (s *Scenario) HashCensus(h io.Writer) error {
	f, err := s.CensusFile()
	if err != nil || f == nil {
		return err
	}
	return f.Hash(h)
}

// CensusFile returns the census as Load read it, or nil without a census.
// It fails when the scenario names a census that was not read for it:
// a scenario built in code, or whose Census was changed after Load, must
// call ReadCensus first.
func (s *Scenario) CensusFile() (*census.File, error) {
	path := s.CensusPath()
	if path == "" {
		return nil, nil
	}
	if s.census == nil || s.census.Path != path {
		return nil, fmt.Errorf("census: %s has not been read for this scenario (load the scenario, or call ReadCensus)", path)
	}
	return s.census, nil
}

// ReadCensus reads the census the scenario names (see CensusPath), as
// Load does, replacing any read before; without a census it forgets any.
// It is for a scenario built or changed in code; it is not safe to call
// while the scenario is used elsewhere.
func (s *Scenario) ReadCensus() error {
	if s.CensusPath() == "" {
		s.census = nil
		return nil
	}
	if err := s.readCensus(census.Read); err != nil {
		return fmt.Errorf("census: %w", err)
	}
	return nil
}

// readCensus reads the census at CensusPath with read.
func (s *Scenario) readCensus(read func(string) (*census.File, error)) error {
	f, err := read(s.CensusPath())
	if err != nil {
		return err
	}
	s.census = f
	return nil
}

// censusMsg is the message for err, met reading the census at path: a
// format error names its line and column; a file that cannot be read is
// named with the reason.
func censusMsg(path string, err error) string {
	if ce, ok := errors.AsType[*census.Error](err); ok {
		return ce.Error()
	}
	return fmt.Sprintf("cannot read %s: %s", path, readErrMsg(err))
}
