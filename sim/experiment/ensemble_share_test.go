package experiment

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestShareAdjustmentStaysAShare: a share an alternative raises closes the
// same part of each member's distance to 1, one it lowers is scaled, and a
// number that is not a share is scaled either way.
func TestShareAdjustmentStaysAShare(t *testing.T) {
	cases := []struct {
		name             string
		adj              Adjustment
		member, adjusted float64
	}{
		{"to 1 takes every member to 1", Adjustment{Base: 0.8, Alt: 1, Ratio: 1.25, Share: true}, 0.9053, 1},
		{"half the gap closed", Adjustment{Base: 0.8, Alt: 0.9, Ratio: 1.125, Share: true}, 0.6, 0.8},
		{"a fall is scaled", Adjustment{Base: 0.8, Alt: 0.4, Ratio: 0.5, Share: true}, 0.6, 0.3},
		{"a share at its base is unmoved", Adjustment{Base: 0.8, Alt: 0.9, Ratio: 1.125, Share: true}, 0.8, 0.9},
		{"a share raised from 0 closes the same part of the gap", Adjustment{Base: 0, Alt: 0.3, Share: true}, 0.5, 0.65},
		{"a count is scaled", Adjustment{Base: 106, Alt: 122, Ratio: 122.0 / 106}, 127, 127 * 122.0 / 106},
	}
	for _, c := range cases {
		if got := c.adj.Apply(c.member); math.Abs(got-c.adjusted) > 1e-12 {
			t.Errorf("%s: %v → %v, want %v", c.name, c.member, got, c.adjusted)
		}
	}
}

// TestSharePathsAreValidatesBounds: the shares an ensemble adjusts as
// shares are the numbers Validate bounds to [0, 1], and no others.
func TestSharePathsAreValidatesBounds(t *testing.T) {
	sc, err := scenario.Load("../../scenarios/notts/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	shares := sc.SharePaths()
	for _, p := range []string{"sites.qmc.sdec.uptake", "sites.kings_mill.pathways.p2.accepts.weekend", "sites.city.discharge.ward_round.weekend"} {
		if !shares[p] {
			t.Errorf("%s is not listed as a share", p)
		}
	}
	for _, p := range []string{"sites.qmc.beds.capacity", "sites.qmc.beds.los_scale", "sites.qmc.hub.staff"} {
		if shares[p] {
			t.Errorf("%s is listed as a share", p)
		}
	}
	// Every listed share is refused above 1: the list is Validate's own
	// bound, not a guess. (At 1 some are refused too, by a joint rule such
	// as shares that add up to 1.)
	for p := range shares {
		o, err := scenario.ParseOverride(p + "=1.0001")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenario.LoadWith("../../scenarios/notts/baseline.yaml", o); err == nil {
			t.Errorf("%s=1.0001 accepted", p)
		}
	}
}

// TestEnsembleCarriesFullUptakeToEveryMember: sdec-expansion takes SDEC
// uptake from 0.8 (0.9 at King's Mill) to 1; at a plausible baseline whose
// uptake is 0.9053 it must be 1 too, not 0.9053 × 1.25 = 1.13, which
// Validate refuses (the match of 2026-12-03 stopped on it).
func TestEnsembleCarriesFullUptakeToEveryMember(t *testing.T) {
	base := "../../scenarios/notts/baseline.yaml"
	m := member(t, "p1", "sites.qmc.sdec.uptake=0.9053", "sites.kings_mill.sdec.uptake=0.7846", "sites.qmc.hub.staff=33")
	e := &Ensemble{Base: base, Alternatives: []string{"../../scenarios/notts/sdec-expansion.yaml"}, Members: []priors.Member{m}}
	fns, notes, err := e.adjustments()
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 {
		t.Fatalf("notes %v: want the two uptakes the member sets", notes)
	}
	set, err := fns[0](m)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"sites.qmc.sdec.uptake": "1", "sites.kings_mill.sdec.uptake": "1", "sites.qmc.hub.staff": "33"}
	for _, o := range set {
		if w := want[o.Path.String()]; o.Value != w {
			t.Errorf("%s = %s, want %s", o.Path, o.Value, w)
		}
	}
	if _, err := scenario.LoadWith("../../scenarios/notts/sdec-expansion.yaml", set...); err != nil {
		t.Errorf("the adjusted member does not load: %v", err)
	}
}

// TestShareAdjustmentNotes: the note says how each change was carried.
func TestShareAdjustmentNotes(t *testing.T) {
	for _, c := range []struct {
		adj  Adjustment
		want string
	}{
		{Adjustment{Alternative: "a.yaml", Path: "x", Base: 0.8, Alt: 1, Ratio: 1.25, Share: true}, "a.yaml changes x (0.8 → 1), which the plausible baselines also set: applied to each as 1 (the whole of each one's distance to 1)"},
		{Adjustment{Alternative: "a.yaml", Path: "x", Base: 0.8, Alt: 0.9, Ratio: 1.125, Share: true}, "a.yaml changes x (0.8 → 0.9), which the plausible baselines also set: applied to each as closing 50% of each one's distance to 1"},
		{Adjustment{Alternative: "a.yaml", Path: "x", Base: 0.8, Alt: 0.4, Ratio: 0.5, Share: true}, "a.yaml changes x (0.8 → 0.4), which the plausible baselines also set: applied to each as ×0.5"},
	} {
		if got := c.adj.Note(); got != c.want {
			t.Errorf("note %q\nwant %q", got, c.want)
		}
	}
}

// TestShippedPlausibleSetLoads: every member of the shipped plausible set
// applies to the baseline it was matched against and to every shipped
// intervention that compare --ensemble carries it to.
func TestShippedPlausibleSetLoads(t *testing.T) {
	const dir = "../../scenarios/notts/"
	ens, err := priors.ReadEnsemble(dir + "calibration/plausible.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ens.Members) == 0 {
		t.Fatal("the shipped plausible set has no members")
	}
	alts := []string{"toc-hubs-7day", "one-version-of-truth", "p2-los-reduction", "p2p3-capacity", "vw-expansion", "sdec-expansion", "qmc-utc", "discharge-to-assess", "combined"}
	var paths []string
	for _, a := range alts {
		paths = append(paths, dir+a+".yaml")
	}
	e := &Ensemble{Base: dir + "baseline.yaml", Alternatives: paths, Members: ens.Members}
	fns, _, err := e.adjustments()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ens.Members {
		if _, err := scenario.LoadWith(e.Base, m.Set...); err != nil {
			t.Errorf("%s on the baseline: %v", m.Name, err)
		}
		for a, fn := range fns {
			set, err := fn(m)
			if err == nil {
				_, err = scenario.LoadWith(paths[a], set...)
			}
			if err != nil {
				t.Errorf("%s on %s: %v", m.Name, alts[a], err)
			}
		}
	}
}

// TestHardTargetsReachTheMatch: the Notts occupancy targets are hard in
// the targets file, and so in the targets hmatch judges; no other is.
func TestHardTargetsReachTheMatch(t *testing.T) {
	tf, err := calibrate.Load("../../scenarios/notts/calibration/targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := &Match{Targets: tf}
	for i, ht := range m.HMTargets() {
		want := tf.Targets[i].Metric.String() == "occupancy_mean"
		if ht.Hard != want {
			t.Errorf("%s: hard %v, want %v", ht.Name, ht.Hard, want)
		}
	}
}
