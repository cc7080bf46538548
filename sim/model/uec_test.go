package model

import (
	"testing"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

func loadUEC(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load("testdata/uec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// checkUnits verifies that every unit's counts match the patients recorded
// in it: nobody is in two places, nobody is lost between them.
func checkUnits(t *testing.T, m *Model) {
	t.Helper()
	type count struct{ bed, boarding, sdec, sdecWait, vw, pathway [4]int }
	per := make([]count, len(m.sites))
	vw := make([]int, len(m.vws))
	for i := range m.patients.records {
		p := &m.patients.records[i]
		c := &per[p.site]
		switch p.at {
		case inBed:
			c.bed[0]++
			if p.safe && p.pathway > 0 {
				c.bed[p.pathway]++ // delayed
			}
		case boarding:
			c.boarding[0]++
		case inSDEC:
			c.sdec[0]++
		case waitingSDEC:
			c.sdecWait[0]++
		case onVirtualWard:
			vw[m.plan.sites[p.site].vw]++
			c.vw[0]++
		case onPathway:
			c.pathway[p.pathway]++
		}
	}
	for i := range m.sites {
		s, c := &m.sites[i], per[i]
		delayed := c.bed[1] + c.bed[2] + c.bed[3]
		got := []int{s.beds.inUse.Value(), s.beds.queue.len(), s.delayed.Value(), s.vwPatients.Value()}
		want := []int{c.bed[0], c.boarding[0], delayed, c.vw[0]}
		if s.sdec != nil {
			got = append(got, s.sdec.inUse.Value(), s.sdec.queue.len())
			want = append(want, c.sdec[0], c.sdecWait[0])
		}
		for pw := 1; pw <= 3; pw++ {
			if u := s.pathways[pw]; u != nil {
				got = append(got, u.inUse.Value())
				want = append(want, c.pathway[pw])
			}
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("t=%v site %s: unit counts %v, patients say %v", m.now(), m.plan.sites[i].key, got, want)
			}
		}
	}
	for i, u := range m.vws {
		if u.inUse.Value() != vw[i] || u.inUse.Value() > u.capacity {
			t.Fatalf("virtual ward %d holds %d, patients say %d (capacity %d)", i, u.inUse.Value(), vw[i], u.capacity)
		}
	}
}

// TestUECUnitsAgreeWithPatients steps a full-featured model a week at a time
// and checks, each time, that every unit holds exactly the patients who are
// in it, then that each site conserves patients over the run.
func TestUECUnitsAgreeWithPatients(t *testing.T) {
	plan, err := Prepare(loadUEC(t))
	if err != nil {
		t.Fatal(err)
	}
	for rep := range 3 {
		m := New(plan, rng.Seed(3).Replication(rep))
		m.start()
		for end := engine.Week; end < plan.horizon; end += engine.Week {
			m.eng.RunUntil(end)
			checkUnits(t, m)
		}
		m.eng.RunUntil(plan.horizon)
		checkUnits(t, m)
		res := m.finish()
		checkConservation(t, res)
		v := metricsBySite(res)
		for _, name := range []string{"sdec_attendances", "vw_admissions", "p1_starts", "p2_starts", "p3_starts",
			"hub_referrals", "elective_admissions", "readmissions", "delayed_bed_days"} {
			if v["a"][name] <= 0 {
				t.Errorf("rep %d: %s at site a = %v; the scenario should exercise it", rep, name, v["a"][name])
			}
		}
		if s := v["all"]["ed_4h_share"]; !(s > 0.5 && s < 1) {
			t.Errorf("ed_4h_share = %v", s)
		}
	}
}

func metricsBySite(res *Result) map[string]map[string]float64 {
	by := map[string]map[string]float64{}
	for _, m := range res.Metrics {
		if by[m.Site] == nil {
			by[m.Site] = map[string]float64{}
		}
		by[m.Site][m.Name] = m.Value
	}
	return by
}

// TestJourneys: with journeys on, every journey that began after the
// warm-up and ended is recorded once, with its route, and the bed stays
// add up to the bed-days of those patients.
func TestJourneys(t *testing.T) {
	plan, err := Prepare(loadUEC(t))
	if err != nil {
		t.Fatal(err)
	}
	rep := rng.Seed(2).Replication(0)
	with := RunPlan(plan, rep, Options{Journeys: true})
	without := RunPlan(plan, rep, Options{})
	if len(without.Journeys) != 0 {
		t.Fatal("journeys recorded without being asked for")
	}
	with.Journeys, without.Journeys = nil, nil
	if !SameResults(with, without) {
		t.Fatal("recording journeys changed the results")
	}
	res := RunPlan(plan, rep, Options{Journeys: true})
	left := metricsBySite(res)["all"]["left"]
	routes := map[string]int{}
	for _, j := range res.Journeys {
		routes[j.Route]++
		if j.Arrived < float64(plan.warmup)/24 || j.LOSDays < 0 || (j.Route == "sdec" && j.LOSDays != 0) {
			t.Fatalf("bad journey %+v", j)
		}
	}
	// Journeys are those that began after the warm-up; "left" also counts
	// patients who arrived during it, so it is the larger.
	if n := float64(len(res.Journeys)); n == 0 || n > left {
		t.Errorf("%v journeys, %v left", n, left)
	}
	for _, r := range []string{"bed", "sdec", "virtual_ward"} {
		if routes[r] == 0 {
			t.Errorf("no journeys by %s", r)
		}
	}
}
