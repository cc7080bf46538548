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
	type count struct {
		bed, boarding, sdec, sdecWait, vw, d2a int
		pathway                                [4]int
		delayed                                int
		byReason                               [delayReasons]int
	}
	per := make([]count, len(m.sites))
	vw := make([]int, len(m.vws))
	for i := range m.patients.records {
		p := &m.patients.records[i]
		c := &per[p.site]
		if p.at != inBed && p.delay != notDelayed {
			t.Fatalf("t=%v: patient %d is %v away from a bed but delayed for %s", m.now(), i, p.at, delayNames[p.delay])
		}
		switch p.at {
		case inBed:
			c.bed++
			if p.safe != (p.delay != notDelayed) {
				t.Fatalf("t=%v: patient %d in a bed: medically safe %v, delay reason %q", m.now(), i, p.safe, delayNames[p.delay])
			}
			if p.safe {
				c.delayed++
				c.byReason[p.delay]++
			}
		case boarding:
			c.boarding++
		case inSDEC:
			c.sdec++
		case waitingSDEC:
			c.sdecWait++
		case onVirtualWard:
			vw[m.plan.sites[p.site].vw]++
			c.vw++
		case inD2A:
			c.d2a++
		case onPathway:
			c.pathway[p.pathway]++
		}
	}
	for i := range m.sites {
		s, c := &m.sites[i], per[i]
		got := []int{s.beds.inUse.Value(), s.beds.queue.len(), s.delays.count(), s.vwPatients.Value()}
		want := []int{c.bed, c.boarding, c.delayed, c.vw}
		for r := notDelayed + 1; r < delayReasons; r++ {
			got = append(got, s.delays.byReason[r].Value())
			want = append(want, c.byReason[r])
		}
		if s.sdec != nil {
			got = append(got, s.sdec.inUse.Value(), s.sdec.queue.len())
			want = append(want, c.sdec, c.sdecWait)
		}
		if s.d2a != nil {
			got = append(got, s.d2a.inUse.Value())
			want = append(want, c.d2a)
		}
		for pw := 1; pw <= 3; pw++ {
			if u := s.pathways[pw]; u != nil {
				got = append(got, u.inUse.Value())
				want = append(want, c.pathway[pw])
				checkQueueReasons(t, m, siteID(i), int8(pw))
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

// checkQueueReasons: patients in beds queueing for pathway pw wait for the
// provider's window only while it is closed and a place is free for them
// (the first free ones in the queue); otherwise they wait for a place.
func checkQueueReasons(t *testing.T, m *Model, site siteID, pw int8) {
	t.Helper()
	u := m.sites[site].pathways[pw]
	free := 0
	if !m.accepting(site, pw) {
		free = u.capacity - u.inUse.Value()
	}
	for i := range u.queue.len() {
		p := &m.patients.records[u.queue.at(i)]
		if p.at != inBed {
			continue
		}
		want := waitingForPathway(pw)
		if i < free {
			want = delayAcceptance
		}
		if p.delay != want {
			t.Fatalf("t=%v site %d p%d: queue position %d (free %d) waits for %s, want %s",
				m.now(), site, pw, i, free, delayNames[p.delay], delayNames[want])
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
