package hmatch

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
)

func TestVarianceBound(t *testing.T) {
	// (k−1)/χ²_{k−1}(0.01): χ²₁(0.01) = 0.000157088, χ²₂(0.01) =
	// 0.0201007, χ²₄(0.01) = 0.297110 (tables).
	for _, c := range []struct {
		k    int
		want float64
	}{{2, 1 / 0.000157088}, {3, 2 / 0.0201007}, {5, 4 / 0.297110}} {
		if got := varianceBound(c.k); math.Abs(got/c.want-1) > 1e-4 {
			t.Errorf("varianceBound(%d) = %v, want %v", c.k, got, c.want)
		}
	}
	if !math.IsInf(varianceBound(1), 1) {
		t.Error("one run bounds nothing")
	}
}

func TestRuledOutEarlyByHand(t *testing.T) {
	m := &matcher{cfg: Config{Dim: 1, Order: 1, Cutoff: 3, Reps: 5, Sequential: true,
		Targets: []Target{{Name: "y", Value: 10, VarObs: 0.01}}}}
	buf := make([]float64, 1)
	// Runs 11 and 13: mean 12, s² = 2. The plain estimate gives
	// I = 2/sqrt(0.01 + 1) ≈ 1.99; the bound 6366·2/2 gives
	// 2/sqrt(6366) ≈ 0.025: not out.
	if m.ruledOutEarly([][]float64{{11}, {13}}, buf) {
		t.Error("a near miss ruled out")
	}
	// Runs 12.9 and 13.1: mean 13, s² = 0.02: plainly I =
	// 3/sqrt(0.01 + 0.01) ≈ 21, but with the bound 3/sqrt(0.01 +
	// 6366·0.01) ≈ 0.38: two runs may agree closely by chance, so they
	// say nothing yet.
	if m.ruledOutEarly([][]float64{{12.9}, {13.1}}, buf) {
		t.Error("two runs that happen to agree ruled a point out")
	}
	// Runs 30 and 31 (s² = 0.5): I = 20.5/sqrt(0.01 + 6366·0.5/2) ≈
	// 0.51 — not yet; a third, 30.5 (s² = 0.25), bounds the variance of
	// the mean at 99.5·0.25/3 ≈ 8.3: I ≈ 7.1.
	if m.ruledOutEarly([][]float64{{30}, {31}}, buf) {
		t.Error("ruled out at I ≈ 2.6")
	}
	if !m.ruledOutEarly([][]float64{{30}, {31}, {30.5}}, buf) {
		t.Error("three runs 20 away not ruled out")
	}
	// Runs that agree exactly bound nothing: the target counts as met.
	if m.ruledOutEarly([][]float64{{50}, {50}}, buf) {
		t.Error("identical runs ruled a point out")
	}
	// Hard targets rule out alone, Order or not.
	m2 := &matcher{cfg: Config{Dim: 1, Order: 2, Cutoff: 3, Reps: 5, Sequential: true, Targets: []Target{
		{Name: "a", Value: 0, VarObs: 1}, {Name: "b", Value: 0, VarObs: 1, Hard: true}, {Name: "c", Value: 0, VarObs: 1}}}}
	runs := [][]float64{{0, 40, 0.1}, {0.2, 40.5, 0}, {0.1, 39.5, 0.2}}
	if !m2.ruledOutEarly(runs, make([]float64, 3)) {
		t.Error("a hard target far off does not rule out")
	}
	m2.cfg.Targets[1].Hard = false
	if m2.ruledOutEarly(runs, make([]float64, 3)) {
		t.Error("the second-largest implausibility is small, yet ruled out")
	}
	// Runs of the wrong shape never stand for a point.
	if m.ruledOutEarly([][]float64{{30, 1}, {31, 1}, {30.5, 1}}, buf) || m.ruledOutEarly([][]float64{{30}}, buf) {
		t.Error("ill-shaped runs ruled out")
	}
}

// TestEarlyRuleIsConservative: at the true point of a target whose
// observation is precise (so the simulator's variance dominates the
// implausibility), the plain estimate of that variance from two runs
// would rule the truth out often; the bound the early rule uses rules it
// out no more often than five runs judged as usual do, and rarely (under
// 1%) where those five would keep it.
func TestEarlyRuleIsConservative(t *testing.T) {
	const sd, trials = 1.0, 2000
	tg := []Target{{Name: "y", Value: 0, VarObs: 0.05 * 0.05}}
	m := &matcher{cfg: Config{Dim: 1, Order: 1, Cutoff: 3, Reps: 5, Sequential: true, Targets: tg}}
	buf := make([]float64, 1)
	var plainTwo, early, full, earlyOnly int
	for i := range trials {
		r := rng.Seed(uint64(i)).Replication(0).Stream("conservative")
		runs := make([][]float64, 5)
		for k := range runs {
			runs[k] = []float64{sd * r.NormFloat64()}
		}
		mean2 := (runs[0][0] + runs[1][0]) / 2
		s2 := (runs[0][0] - mean2) * (runs[0][0] - mean2) * 2
		if tg[0].Implausibility(mean2, s2/2) > 3 {
			plainTwo++
		}
		out := false
		for k := 2; k < 5 && !out; k++ {
			out = m.ruledOutEarly(runs[:k], buf)
		}
		w := &Wave{Points: [][]float64{{0.5}}, Runs: [][][]float64{runs}}
		if err := m.summarise(w, nil); err != nil {
			t.Fatal(err)
		}
		switch {
		case out && w.Plausible[0]:
			earlyOnly++
			early++
		case out:
			early++
		}
		if !w.Plausible[0] {
			full++
		}
	}
	// Two runs, plain: |mean|/(s/√2) is |t₁|, P(|t₁| > 3) ≈ 0.205.
	if plainTwo < trials/8 {
		t.Errorf("plain two-run rule rejects the truth %d/%d times; expected about 20%%", plainTwo, trials)
	}
	if early > full || earlyOnly > trials/100 {
		t.Errorf("the early rule rejects the truth %d/%d times (%d that five runs keep), five runs %d", early, trials, earlyOnly, full)
	}
	t.Logf("truth rejected: plain two-run rule %d, early rule %d (%d that five runs keep), five runs %d of %d", plainTwo, early, earlyOnly, full, trials)
}

// TestSequentialMatch: a sequential match of the toy runs the same first
// wave, judges every point of it as the full match does, and stops the
// points it rules out early after fewer runs, which are the first runs
// of the full match's (common random numbers); the truth stays
// plausible through three waves, and the match is the same for one
// worker or four.
func TestSequentialMatch(t *testing.T) {
	m := newToy()
	full := toyConfig(2, 1)
	seq := full
	seq.Sequential = true
	a, err := Run(context.Background(), full, m.sim)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), seq, m.sim)
	if err != nil {
		t.Fatal(err)
	}
	wa, wb := a.Waves[0], b.Waves[0]
	runs, allRuns := 0, 0
	for i := range wa.Points {
		if !slices.Equal(wa.Points[i], wb.Points[i]) {
			t.Fatalf("point %d differs", i)
		}
		if wa.Plausible[i] != wb.Plausible[i] {
			t.Errorf("point %d: plausible %v in full, %v sequential", i, wa.Plausible[i], wb.Plausible[i])
		}
		n := len(wb.Runs[i])
		runs += n
		allRuns += len(wa.Runs[i])
		if n < full.Reps && wb.Plausible[i] {
			t.Errorf("point %d plausible after %d runs", i, n)
		}
		for r := range n {
			if !slices.Equal(wa.Runs[i][r], wb.Runs[i][r]) {
				t.Fatalf("point %d run %d differs from the full match's", i, r)
			}
		}
	}
	if runs > allRuns*3/4 {
		t.Errorf("sequential wave 1 ran %d of %d runs", runs, allRuns)
	}
	t.Logf("wave 1: %d of %d runs", runs, allRuns)
	mt := &matcher{cfg: b.cfgFor(seq)}
	for _, w := range b.Waves {
		if !mt.plausibleUnder([]*Wave{w}, trueU, scratches([]*Wave{w}), make([]float64, len(seq.Targets))) {
			t.Errorf("wave %d rules out the truth", w.Index)
		}
	}
	if len(b.PlausibleSet()) < 5 {
		t.Errorf("%d plausible points", len(b.PlausibleSet()))
	}
	one := seq
	one.Workers = 1
	four := seq
	four.Workers = 4
	c, err := Run(context.Background(), one, m.sim)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Run(context.Background(), four, m.sim)
	if err != nil {
		t.Fatal(err)
	}
	for k := range b.Waves {
		for _, o := range []*Result{c, d} {
			if !slices.EqualFunc(b.Waves[k].Runs, o.Waves[k].Runs, func(x, y [][]float64) bool {
				return slices.EqualFunc(x, y, slices.Equal[[]float64])
			}) {
				t.Fatalf("wave %d differs with another number of workers", k+1)
			}
		}
	}
	// A resumed sequential match takes its waves back as they are.
	r, err := Run(context.Background(), seq, m.sim, &Wave{Points: b.Waves[0].Points, Runs: b.Waves[0].Runs})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Waves[2].Measure, b.Waves[2].Measure) {
		t.Error("a resumed sequential match differs")
	}
}

// TestShortRunsMustBeRuledOut: fewer runs than Reps stand for a point
// only in a sequential match and only when they rule it out; a simulator
// that stops early otherwise, or a resumed wave that does, is an error.
func TestShortRunsMustBeRuledOut(t *testing.T) {
	m := newToy()
	cfg := toyConfig(2, 1)
	short := func(_ context.Context, u []float64, reps int, _ func([][]float64) bool) ([][]float64, error) {
		return m.sim(context.Background(), u, 2, nil)
	}
	for _, seq := range []bool{false, true} {
		c := cfg
		c.Sequential = seq
		if _, err := Run(context.Background(), c, short); err == nil || !strings.Contains(err.Error(), "returned 2 replications, want 5") {
			t.Errorf("sequential %v: %v", seq, err)
		}
	}
	// The true point's first two runs do not rule it out.
	runs, _ := m.sim(context.Background(), trueU, 2, nil)
	c := cfg
	c.Sequential = true
	_, err := Run(context.Background(), c, m.sim, &Wave{Points: [][]float64{trueU, mirrorU}, Runs: [][][]float64{runs, runs}})
	if err == nil || !strings.Contains(err.Error(), "do not rule it out") {
		t.Errorf("resumed short wave: %v", err)
	}
}
