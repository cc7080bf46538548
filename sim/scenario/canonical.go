package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// CanonicalJSON returns s as compact JSON that depends only on its content:
// map keys are sorted, durations and rates are written in the exact unit
// forms of Duration.String and Rate.String, and Sources is left out. Two
// files that resolve to the same scenario (same name included) give the
// same bytes. It fails only for values Validate rejects, such as NaN.
func (s *Scenario) CanonicalJSON() ([]byte, error) {
	return json.Marshal(s)
}

// SHA256 returns the hex SHA-256 of CanonicalJSON: the scenario hash that
// run manifests record.
func (s *Scenario) SHA256() (string, error) {
	b, err := s.CanonicalJSON()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
