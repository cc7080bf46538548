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

// Baseline returns each prior's value in the base scenario, in display
// units: 1 for a scale prior (the base is the factor 1), else the base
// value at its first path.
func (s *Space) Baseline() []float64 {
	out := make([]float64, len(s.File.Priors))
	for i := range s.File.Priors {
		pr := &s.File.Priors[i]
		switch {
		case pr.Scale:
			out[i] = 1
		case len(s.base[i]) > 0:
			out[i] = pr.Display(s.base[i][0])
		}
	}
	return out
}

// Range returns each prior's bounds in display units.
func (s *Space) Range() (lo, hi []float64) {
	for i := range s.File.Priors {
		pr := &s.File.Priors[i]
		lo, hi = append(lo, pr.Display(pr.Min)), append(hi, pr.Display(pr.Max))
	}
	return lo, hi
}
