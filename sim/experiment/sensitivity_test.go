package experiment

import (
	"context"
	"testing"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/sensitivity"
)

// TestSensitivityRanksWhatMovesTheQueue: the M/M/5 queue's mean stay
// (±20%) moves its queue; a capacity prior so narrow that it always
// rounds to 5 beds has no effect at all (μ* exactly 0 under common random
// numbers); and a sixth bed saves queueing at every point.
func TestSensitivityRanksWhatMovesTheQueue(t *testing.T) {
	const doc = `priors:
  - name: los_mean
    path: sites.main.beds.los.mean
    min: 0.8h
    max: 1.2h
    source: "a test"
    grade: E
  - name: beds
    path: sites.main.beds.capacity
    integer: true
    min: 4.6
    max: 5.4
    source: "a test: always rounds to 5"
    grade: E
`
	f, err := priors.Parse("priors.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := writeAlt(t, "sites: {main: {beds: {capacity: 6}}}\n")
	space, err := priors.NewSpace(f, base)
	if err != nil {
		t.Fatal(err)
	}
	s := &Sensitivity{Space: space, Base: base, Metric: "queue_mean", Site: model.SystemSite, Seed: 2, Reps: 2, Workers: 2}
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	res, err := sensitivity.RunMorris(context.Background(), sensitivity.MorrisOptions{Factors: 2, Trajectories: 6, Seed: 1}, m, sensitivity.Bootstrap{})
	if err != nil {
		t.Fatal(err)
	}
	stay, beds := res.Factors[0], res.Factors[1]
	if !(stay.MuStar > 0) || beds.MuStar != 0 {
		t.Errorf("μ* stay %v, beds %v: want the stay to move the queue and the (constant) beds not at all", stay.MuStar, beds.MuStar)
	}
}

func TestSensitivityOfASaving(t *testing.T) {
	const doc = `priors:
  - name: los_mean
    path: sites.main.beds.los.mean
    min: 0.8h
    max: 1.2h
    source: "a test"
    grade: E
`
	f, err := priors.Parse("priors.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	base, alt := writeAlt(t, "sites: {main: {beds: {capacity: 6}}}\n")
	space, err := priors.NewSpace(f, base)
	if err != nil {
		t.Fatal(err)
	}
	s := &Sensitivity{Space: space, Base: base, Alt: alt, Metric: "queue_mean", Site: model.SystemSite, Seed: 2, Reps: 2}
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	y, err := m(context.Background(), [][]float64{{0.1}, {0.5}, {0.9}})
	if err != nil {
		t.Fatal(err)
	}
	// More saved where stays are longer and the queue longer.
	if !(y[0] > 0 && y[1] > y[0] && y[2] > y[1]) {
		t.Errorf("queue saved by a sixth bed at stays 0.84, 1.0, 1.16 h: %v, want positive and rising", y)
	}
}
