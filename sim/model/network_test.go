package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

const twoSites = `
name: two-sites
start: 2025-04-07
horizon: 60d
warmup: 10d
places:
  city:  {arrivals: 80/d, sites: {qmc: 0.7, city: 0.3}}
  south: {arrivals: 60/d, sites: {qmc: 0.6, city: 0.4}}
sites:
  qmc:
    beds: {capacity: 300, los: {dist: mixture, of: [{p: 0.35, dist: fixed, value: 4h}, {p: 0.65, dist: lognormal, mean: 4d, sd: 5d}]}}
  city:
    beds: {capacity: 120, los: {dist: gamma, mean: 3d, sd: 2d}}
`

func loadTwoSites(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadBytes("two-sites.yaml", []byte(twoSites))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestTwoSitesConserveAndRoute(t *testing.T) {
	sc := loadTwoSites(t)
	res, err := Run(sc, rng.Seed(5).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	checkConservation(t, res)

	get := func(name, site string) float64 {
		for _, m := range res.Metrics {
			if m.Name == name && m.Site == site {
				return m.Value
			}
		}
		t.Fatalf("no metric %s at %s", name, site)
		return 0
	}
	// Expected arrivals over 50 recorded days: qmc 50×(56+36), city 50×(24+24).
	for site, want := range map[string]float64{"qmc": 50 * 92, "city": 50 * 48} {
		got := get("arrivals", site)
		if math.Abs(got-want) > 4*math.Sqrt(want) {
			t.Errorf("%s arrivals = %v, want %v ± 4 sd", site, got, want)
		}
	}
	if get("arrivals", "all") != get("arrivals", "qmc")+get("arrivals", "city") {
		t.Error("system arrivals are not the sum of the sites'")
	}
	// Daily rows: 60 days × 2 sites; bed-days after warm-up equal the sum of
	// the daily occupied column over recorded days.
	if len(res.Daily) != 120 {
		t.Fatalf("%d daily rows, want 120", len(res.Daily))
	}
	sum := 0.0
	for _, d := range res.Daily {
		if d.Site == "qmc" && d.Day >= 10 {
			sum += d.Occupied
		}
	}
	if bd := get("bed_days", "qmc"); math.Abs(sum-bd) > 1e-6*bd {
		t.Errorf("daily occupied sums to %v bed-days, metric says %v", sum, bd)
	}
}

// TestSamePatientsSameNeeds: with common random numbers a patient's length
// of stay does not depend on capacity elsewhere, so giving one site far
// more beds leaves the other site's arrivals identical.
func TestSamePatientsSameNeeds(t *testing.T) {
	a := loadTwoSites(t)
	b := loadTwoSites(t)
	b.Sites["city"].Beds.Capacity = 500
	ra, _ := Run(a, rng.Seed(5).Replication(3))
	rb, _ := Run(b, rng.Seed(5).Replication(3))
	for i, m := range ra.Metrics {
		if m.Name == "arrivals" && rb.Metrics[i].Value != m.Value {
			t.Errorf("arrivals at %s changed from %v to %v when only city's beds changed", m.Site, m.Value, rb.Metrics[i].Value)
		}
	}
	again, _ := Run(a, rng.Seed(5).Replication(3))
	if !SameResults(ra, again) {
		t.Error("same scenario and replication gave different results")
	}
	other, _ := Run(a, rng.Seed(6).Replication(3))
	if SameResults(ra, other) {
		t.Error("a different seed gave identical results")
	}
}
