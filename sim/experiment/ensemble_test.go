package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/priors"
)

// writeAlt writes an alternative to the M/M/5 example beside a copy of it.
func writeAlt(t *testing.T, body string) (base, alt string) {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("../../scenarios/examples/mmc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base = filepath.Join(dir, "mmc.yaml")
	alt = filepath.Join(dir, "alt.yaml")
	data = []byte(strings.Replace(string(data), "horizon: 2000h", "horizon: 600h", 1))
	if err := os.WriteFile(base, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alt, []byte("extends: mmc.yaml\nname: alt\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return base, alt
}

func member(t *testing.T, name string, sets ...string) priors.Member {
	t.Helper()
	m := priors.Member{Name: name}
	for _, s := range sets {
		m.Set = append(m.Set, set(t, s)...)
	}
	return m
}

// TestEnsemblePairsWithinMembers: each member's base and alternative share
// their dice (the same arrivals), members differ, and a sixth bed saves
// queueing at every member.
func TestEnsemblePairsWithinMembers(t *testing.T) {
	base, alt := writeAlt(t, "sites: {main: {beds: {capacity: 6}}}\n")
	e := &Ensemble{Base: base, Alternatives: []string{alt}, Seed: 5, Reps: 3, Workers: 2,
		Members: []priors.Member{
			member(t, "short", "sites.main.beds.los.mean=0.9h"),
			member(t, "long", "sites.main.beds.los.mean=1.05h"),
		}}
	res, err := e.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Adjustments) != 0 {
		t.Errorf("adjustments %v: the alternative does not change the stay", res.Adjustments)
	}
	saved, err := res.Savings("queue_mean", model.SystemSite)
	if err != nil {
		t.Fatal(err)
	}
	for m := range res.Base {
		for rep := range res.Base[m] {
			b, _ := valueOf(res.Base[m][rep], "arrivals", model.SystemSite)
			a, _ := valueOf(res.Alt[m][0][rep], "arrivals", model.SystemSite)
			if a != b {
				t.Errorf("member %d rep %d: arrivals %v base, %v alternative: not paired", m, rep, b, a)
			}
			if saved[m][0][rep] <= 0 {
				t.Errorf("member %d rep %d: a sixth bed saved %v of the queue", m, rep, saved[m][0][rep])
			}
		}
	}
	// Longer stays queue more, so the sixth bed saves more there.
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	if mean(saved[1][0]) <= mean(saved[0][0]) {
		t.Errorf("saving %v at long stays, %v at short: want more at long", mean(saved[1][0]), mean(saved[0][0]))
	}
}

// TestEnsembleKeepsTheAlternativesChangeAsARatio: a member that sets the
// capacity the alternative raises from 5 to 6 gets the same 20% rise (10 →
// 12), not the alternative's 6 nor its own 10.
func TestEnsembleKeepsTheAlternativesChangeAsARatio(t *testing.T) {
	base, alt := writeAlt(t, "sites: {main: {beds: {capacity: 6}}}\n")
	e := &Ensemble{Base: base, Alternatives: []string{alt}, Seed: 5, Reps: 1,
		Members: []priors.Member{member(t, "big", "sites.main.beds.capacity=10")}}
	fns, notes, err := e.adjustments()
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || notes[0].Ratio != 1.2 || notes[0].Path != "sites.main.beds.capacity" {
		t.Fatalf("adjustments %+v, want capacity ×1.2", notes)
	}
	set, err := fns[0](e.Members[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 1 || set[0].Value != "12" {
		t.Errorf("adjusted overrides %v, want capacity=12", set)
	}
	// A change that is not a ratio of numbers is refused, not guessed.
	_, alt2 := writeAlt(t, "sites: {main: {beds: {when_full: lost}}}\n")
	e2 := &Ensemble{Base: base, Alternatives: []string{alt2}, Reps: 1,
		Members: []priors.Member{member(t, "m", "sites.main.beds.capacity=10")}}
	if _, _, err := e2.adjustments(); err != nil {
		t.Errorf("an alternative changing a setting no member sets: %v", err)
	}
	_, alt3 := writeAlt(t, "sites: {main: {beds: {los: {dist: fixed, value: 1h, mean: ~}}}}\n")
	e3 := &Ensemble{Base: base, Alternatives: []string{alt3}, Reps: 1,
		Members: []priors.Member{member(t, "m", "sites.main.beds.los.mean=0.9h")}}
	if _, _, err := e3.adjustments(); err == nil || !strings.Contains(err.Error(), "sites.main.beds.los.mean") {
		t.Errorf("an alternative replacing the distribution a member sets the mean of: %v, want an error naming the path", err)
	}
}
