package web

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// loadShipped loads a shipped scenario by its path under scenarios/.
func loadShipped(t *testing.T, rel string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(filepath.Join(shipped, rel))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestDiagramWithoutNewPartsIsUnchanged compares the diagram of
// scenarios without ED capacity, a UTC, escalation or D2A with the
// output drawn before the diagram knew of them.
func TestDiagramWithoutNewPartsIsUnchanged(t *testing.T) {
	for _, c := range []struct{ rel, golden string }{
		{"notts/baseline.yaml", "diagram-baseline.svg"},
		{"examples/mmc.yaml", "diagram-mmc.svg"},
	} {
		t.Run(c.rel, func(t *testing.T) {
			got := string(diagram(loadShipped(t, c.rel)))
			path := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("diagram of %s differs from %s (go test -update rewrites it)", c.rel, path)
			}
		})
	}
}
