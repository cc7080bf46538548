package experiment

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/hmatch"
	"github.com/flowsim/flowsim/sim/priors"
)

// mmcMatch history-matches the M/M/5 example's mean stay against its
// utilisation: ρ = λ·mean/c = 4.25·mean/5, so a utilisation of 0.80–0.90
// holds for a mean stay of 0.94–1.06 h, inside a prior of 0.5–1.5 h.
func mmcMatch(t *testing.T, waves int) *Match {
	t.Helper()
	const doc = `priors:
  - name: los_mean
    path: sites.main.beds.los.mean
    min: 0.5h
    max: 1.5h
    source: "a test: the true value is 1 h"
    grade: E
`
	f, err := priors.Parse("priors.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	e := mmc(t)
	space, err := priors.NewSpace(f, e.Base)
	if err != nil {
		t.Fatal(err)
	}
	targets := &calibrate.Targets{Targets: []calibrate.Target{
		{Name: "utilisation", Metric: calibrate.Names{"occupancy_mean"}, Sites: []string{"main"}, Low: 0.80, High: 0.90, Source: "Erlang"},
	}}
	return &Match{Experiment: e, Space: space, Targets: targets, Discrepancy: calibrate.Discrepancy{Relative: 0.01, Share: 0.01},
		Config: hmatch.Config{Waves: waves, Points: 16, Reps: 2, Seed: 3, Workers: 2, Candidates: 256, VolumePoints: 512}}
}

// TestMatchFindsTheErlangStay: the plausible stays bracket the analytic
// band and most of the prior is ruled out.
func TestMatchFindsTheErlangStay(t *testing.T) {
	m := mmcMatch(t, 2)
	res, err := m.Run(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	plausible := res.Plausible()
	if len(plausible) == 0 {
		t.Fatalf("no plausible point (stopped: %q)", res.Stopped)
	}
	last := res.Waves[len(res.Waves)-1]
	nearTruth := false
	for _, i := range plausible {
		x, _ := m.Space.Values(last.Points[i])
		// Three standard deviations of the target (its range read as 2
		// sd), the discrepancy and the runs' noise: about ±0.1
		// utilisation, a stay of 0.88–1.12 h; 0.85–1.15 h leaves room.
		if x[0] < 0.85 || x[0] > 1.15 {
			t.Errorf("plausible mean stay %.3f h, outside 0.85–1.15 h", x[0])
		}
		nearTruth = nearTruth || (x[0] > 0.97 && x[0] < 1.03)
	}
	if !nearTruth {
		t.Error("no plausible stay within 3% of the true 1 h")
	}
	if out := last.RuledOutVolume; out < 0.6 {
		t.Errorf("ruled out %.2f of the prior, want most of it (the band is a fifth of it)", out)
	}
}

// TestMatchResumes: a match stopped after one wave and resumed from its
// waves.json gives the same waves, byte for byte, as one run straight
// through.
func TestMatchResumes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := mmcMatch(t, 1).Run(ctx, dir); err != nil {
		t.Fatal(err)
	}
	resumed, err := mmcMatch(t, 2).Run(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	straight, err := mmcMatch(t, 2).Run(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	csv := func(r *hmatch.Result) []byte {
		var b bytes.Buffer
		m := mmcMatch(t, 2)
		if err := r.WriteWavesCSV(&b, m.Space, m.HMTargets()); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if a, b := csv(resumed), csv(straight); !bytes.Equal(a, b) || len(resumed.Waves) != 2 {
		t.Errorf("resumed match differs from a straight one (%d waves):\n%s\n---\n%s", len(resumed.Waves), a, b)
	}
	// A waves file of another space is refused, not silently reused.
	data, _ := os.ReadFile(filepath.Join(dir, WavesFile))
	if _, err := LoadWaves(filepath.Join(dir, WavesFile), 2, 1); err == nil {
		t.Errorf("waves of a one-prior match loaded as a two-prior one (%d bytes)", len(data))
	}
}

// TestTargetDiscrepancyReplacesTheDefault: a target's own discrepancy
// widens only its own denominator, and is relative (D·m) whatever the
// target's kind.
func TestTargetDiscrepancyReplacesTheDefault(t *testing.T) {
	m := mmcMatch(t, 1)
	wide := 0.5
	m.Targets.Targets = append(m.Targets.Targets, m.Targets.Targets[0])
	m.Targets.Targets[1].Discrepancy = &wide
	got := m.HMTargets()
	mid := 0.85
	// occupancy_mean is a share: sd = 0.01·m(1−m).
	if want := (0.01 * mid * (1 - mid)) * (0.01 * mid * (1 - mid)); math.Abs(got[0].VarDisc-want) > 1e-15 {
		t.Errorf("default discrepancy variance %v, want %v", got[0].VarDisc, want)
	}
	if want := (wide * mid) * (wide * mid); math.Abs(got[1].VarDisc-want) > 1e-15 {
		t.Errorf("target's own discrepancy variance %v, want %v", got[1].VarDisc, want)
	}
}

// TestImplausibilityByKind checks I = |z − mean| / sqrt(V_obs + V_disc +
// V_sim/n) against values worked by hand for a count, a share metric, a
// ratio and a target whose file declares its kind.
func TestImplausibilityByKind(t *testing.T) {
	targets := &calibrate.Targets{Targets: []calibrate.Target{
		// z = 128, V_obs = (26/4)² = 42.25, V_disc = (0.05·128)² = 40.96.
		{Name: "admissions a day", Metric: calibrate.Names{"arrivals"}, Sites: []string{"a"}, PerDay: true, Low: 115, High: 141},
		// z = 0.955, V_obs = (0.05/4)² = 1.5625e-4,
		// V_disc = (0.2·0.955·0.045)² = 0.008595² = 7.3874025e-5.
		{Name: "occupancy", Metric: calibrate.Names{"occupancy_mean"}, Sites: []string{"a"}, Low: 0.93, High: 0.98},
		// A ratio is a share: z = 0.5, V_obs = (0.2/4)² = 0.0025,
		// V_disc = (0.2·0.25)² = 0.0025.
		{Name: "p0 share", Metric: calibrate.Names{"discharges_p0"}, Over: calibrate.Names{"discharges"}, Sites: []string{"a"}, Low: 0.4, High: 0.6},
		// Declared relative: V_disc = (0.05·0.5)² = 6.25e-4.
		{Name: "p0 share, relative", Metric: calibrate.Names{"discharges_p0"}, Over: calibrate.Names{"discharges"}, Sites: []string{"a"}, Low: 0.4, High: 0.6, Kind: calibrate.Relative},
	}}
	m := &Match{Targets: targets, Discrepancy: calibrate.Discrepancy{Relative: 0.05, Share: 0.2}}
	hm := m.HMTargets()
	cases := []struct {
		mean, vSim float64 // the runs' mean and V_sim/n
		want       float64
	}{
		{150, 100.0 / 4, 2.114895837},   // 22 / sqrt(42.25 + 40.96 + 25)
		{0.99, 0.0004 / 4, 1.926324634}, // 0.035 / sqrt(1.5625e-4 + 7.3874025e-5 + 1e-4)
		{0.7, 0.001, 2.581988897},       // 0.2 / sqrt(0.0025 + 0.0025 + 0.001)
		{0.7, 0.001, 3.113995777},       // 0.2 / sqrt(0.0025 + 6.25e-4 + 0.001)
	}
	for k, c := range cases {
		if got := hm[k].Implausibility(c.mean, c.vSim); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: I = %.9f, want %.9f", hm[k].Name, got, c.want)
		}
	}
}

// TestUndefinedTargetIsNamed: a target that is a ratio over zero at a
// point stops the match with an error naming it, not a NaN in the waves.
func TestUndefinedTargetIsNamed(t *testing.T) {
	m := mmcMatch(t, 1)
	// Nobody is turned away in an unlimited queue: lost over lost is 0/0.
	m.Targets.Targets = append(m.Targets.Targets, calibrate.Target{Name: "lost ratio",
		Metric: calibrate.Names{"lost"}, Over: calibrate.Names{"lost"}, Sites: []string{"main"}, Low: 0, High: 1, Source: "a test"})
	_, err := m.Run(context.Background(), "")
	var ue *UndefinedError
	if !errors.As(err, &ue) || ue.Target != "lost ratio" {
		t.Errorf("err = %v, want an UndefinedError naming the target", err)
	}
}
