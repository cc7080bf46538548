package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadCensusIsBadInput: a census that the model refuses is bad input
// for validate, run and calibrate alike (exit 1, naming the census file, line and
// column), never an internal error; validate accepts what run accepts.
func TestBadCensusIsBadInput(t *testing.T) {
	uec, err := filepath.Abs("../../sim/model/testdata/uec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ csv, want string }{
		"NaN":            {"site,days_in_unit,medically_safe,pathway\na,NaN,no,p0\n", "bad.csv:2: days_in_unit"},
		"unknown site":   {"site,days_in_unit,medically_safe,pathway\nz,1,no,p0\n", "bad.csv:2: site: unknown site \"z\""},
		"above capacity": {"site,days_in_unit,medically_safe,pathway,unit\n" + strings.Repeat("b,1,no,p2,p2\n", 56), "site b has 56 census patients in p2"},
		"missing file":   {"", "bad.csv"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sc := filepath.Join(dir, "s.yaml")
			if err := os.WriteFile(sc, []byte("extends: "+uec+"\ncensus: bad.csv\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.csv != "" {
				if err := os.WriteFile(filepath.Join(dir, "bad.csv"), []byte(c.csv), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			targets := filepath.Join(dir, "targets.yaml")
			os.WriteFile(targets, []byte("targets:\n  - {name: occ, metric: occupancy_mean, sites: [a], low: 0, high: 1, source: E}\n"), 0o644)
			for _, args := range [][]string{{"validate", sc}, {"run", sc, "--reps", "1", "--quiet", "--out", filepath.Join(dir, "out")},
				{"calibrate", sc, "--reps", "2", "--targets", targets}} {
				code, _, stderr := flowsim(t, args...)
				if code != 1 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "s.yaml") {
					t.Errorf("%s: exit %d, stderr %q; want exit 1 naming s.yaml and %q", args[0], code, stderr, c.want)
				}
			}
		})
	}
}
