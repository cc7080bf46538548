package priors

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

// TestEnsembleRoundTrip writes members of the Notts box, reads them back
// and loads the baseline with each: the overrides survive byte for byte
// and load what the priors sent.
func TestEnsembleRoundTrip(t *testing.T) {
	s := nottsSpace(t)
	e := &Ensemble{Scenario: nottsBaseline, Priors: nottsPriors}
	for k, v := range []float64{0.1, 0.5, 0.93} {
		u := make([]float64, s.Dim())
		for i := range u {
			u[i] = v
		}
		m, err := s.Member("m"+string(rune('a'+k)), u)
		if err != nil {
			t.Fatal(err)
		}
		e.Members = append(e.Members, m)
	}
	var buf bytes.Buffer
	if err := e.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ensemble.yaml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := ReadEnsemble(path)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := back.Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatalf("rewrite differs:\n%s\n---\n%s", buf.String(), again.String())
	}
	if back.Scenario != nottsBaseline || len(back.Members) != 3 {
		t.Fatalf("read back %q with %d members", back.Scenario, len(back.Members))
	}
	m := back.Members[2]
	sc, err := scenario.LoadWith(nottsBaseline, m.Set...)
	if err != nil {
		t.Fatal(err)
	}
	// Prior 0 is nuh_hub_assessment, loguniform [0.5, 2]: at u the
	// factor is 0.5·4^u.
	want := 16.5 * m.Values[0].Value
	if got := sc.Sites["qmc"].Hub.Assessment.Mean.Hours(); got < want-1e-9 || got > want+1e-9 {
		t.Fatalf("qmc assessment %v h, want %v", got, want)
	}
	if m.Values[0].Name != "nuh_hub_assessment" {
		t.Fatalf("first value %s", m.Values[0].Name)
	}
}

func TestBadEnsembleFiles(t *testing.T) {
	cases := []struct{ text, want string }{
		{"members:\n  - name: a\n    set: [x.y]\n", ":3: members[0].set: want PATH=VALUE"},
		{"members:\n  - name: a\n    set: [a=1]\n  - name: a\n    set: [a=1]\n", ":4: members[1].name: \"a\" used twice (first at line 2)"},
		{"members:\n  - name: a\n    values: {x: nan}\n    set: [a=1]\n", ":3: members[0].values.x: want a finite number"},
		{"member: []\n", ":1: member: unknown field"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "e.yaml")
		os.WriteFile(path, []byte(c.text), 0o644)
		_, err := ReadEnsemble(path)
		if err == nil || !strings.Contains(err.Error(), path+c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
}
