package priors

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse: the priors parser never panics, and what it accepts has
// valid boxes, names and provenance.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile(nottsPriors); err == nil {
		f.Add(b)
	}
	f.Add([]byte("priors:\n  - {name: a, path: x.y, dist: triangular, min: 1h, mode: 2h, max: 3d, source: s, grade: P/E}\n"))
	f.Add([]byte("priors: [{name: b, path: [a, 'b[0]'], dist: normal, min: 0, max: 1, mean: 0.5, sd: 0.1, scale: true, rest: p0, source: s, grade: E}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("f.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "f.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, pr := range file.Priors {
			if !(pr.Min < pr.Max) || pr.Source == "" || pr.Grade == "" || !nameRE.MatchString(pr.Name) || len(pr.Paths) == 0 {
				t.Fatalf("accepted %+v", pr)
			}
			for _, u := range []float64{0, 0.5, 1} {
				if x := pr.Quantile(u); !(x >= pr.Min && x <= pr.Max) {
					t.Fatalf("%s: Quantile(%v) = %v outside [%v, %v]", pr.Name, u, x, pr.Min, pr.Max)
				}
			}
		}
	})
}

// FuzzParseEnsemble: the ensemble parser never panics.
func FuzzParseEnsemble(f *testing.F) {
	f.Add([]byte("members:\n  - name: a\n    values: {x: 1}\n    set: [a.b=1, 'c[0].d={dist: fixed, value: 1h}']\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseEnsemble("e.yaml", data)
		if err == nil && len(e.Members) == 0 {
			t.Fatal("accepted an ensemble without members")
		}
	})
}
