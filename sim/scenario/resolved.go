package scenario

import (
	"encoding/json"
	"fmt"
)

// DecodeResolved decodes a resolved scenario as CanonicalJSON writes it
// (and run manifests record it) back into a Scenario, so that readers of a
// manifest see the scenario's own types rather than a copy of them.
// Fields it does not know are ignored, so that resolved scenarios written
// by other flowsim versions still decode; it does not validate (the
// scenario was valid when it ran), sets no Sources and reads no census
// (CensusFile fails for one that names a census until ReadCensus).
func DecodeResolved(data []byte) (*Scenario, error) {
	s := new(Scenario)
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("resolved scenario: %w", err)
	}
	return s, nil
}
