package priors

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/flowsim/flowsim/sim/scenario"
)

// Tree is a loaded scenario's resolved values, read by path.
type Tree struct{ root any }

// TreeOf returns sc's resolved values.
func TreeOf(sc *scenario.Scenario) (*Tree, error) {
	raw, err := sc.CanonicalJSON()
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("decode resolved scenario: %w", err)
	}
	return &Tree{root: root}, nil
}

// Value returns the number, duration (hours) or rate (per hour) at path,
// its kind, and whether the scenario has a value there.
func (t *Tree) Value(path scenario.Path) (v float64, kind Kind, found bool, err error) {
	return lookup(t.root, path)
}

// FormatValue writes v of kind k as a scenario file writes it ("30h",
// "4.25/h", "12").
func FormatValue(v float64, k Kind) string { return formatValue(v, k) }
