package model

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestCensusStartsFromToday: the census patients are in their beds at time
// zero; at site b (no discharge rhythm) the medically safe p0 patient goes
// home at once and the medically safe p2 patients wait in their beds,
// counted as delayed.
func TestCensusStartsFromToday(t *testing.T) {
	sc := loadUEC(t)
	sc.Census = "census.csv"
	sc.Warmup = 0
	if err := sc.ReadCensus(); err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.census) != 7 {
		t.Fatalf("read %d census rows, want 7", len(plan.census))
	}
	m := New(plan, rng.Seed(1).Replication(0))
	m.start()
	m.eng.RunUntil(1e-9)
	b := &m.sites[1] // sites sorted: a, b
	if got := b.beds.inUse.Value(); got != 4 {
		t.Errorf("site b has %d census patients in beds just after time 0, want 4 (5 less the safe p0)", got)
	}
	if got := b.delays.count(); got != 2 {
		t.Errorf("site b has %d delayed patients, want the 2 safe p2", got)
	}
	if got := m.sites[0].beds.inUse.Value(); got != 2 {
		t.Errorf("site a has %d census patients in beds, want 2", got)
	}
	m.eng.RunUntil(plan.horizon)
	res := m.finish()
	checkConservation(t, res)
	if start := metricsBySite(res)["all"]["in_system_start"]; start != 7 {
		t.Errorf("in_system_start = %v, want the 7 census patients", start)
	}
}

// TestCensusErrors: rows that census.Parse accepts but the plan cannot
// hold — an unknown site or cohort, a unit the site lacks, more patients
// in a unit than it ever has places — are refused naming the census file,
// line and column. (The format's own checks are census.Parse's.)
func TestCensusErrors(t *testing.T) {
	plan, err := Prepare(loadUEC(t))
	if err != nil {
		t.Fatal(err)
	}
	const head = "site,days_in_unit,medically_safe,pathway"
	over := head + ",unit\n" + strings.Repeat("b,1,no,p2,p2\n", 56) // site b has 55 p2 places
	cases := map[string]struct{ csv, want string }{
		"unknown site":   {head + "\na,1,no,p0\nc,1,no,p0\n", "census.csv:3: site: unknown site \"c\" (sites: a, b)"},
		"unknown cohort": {head + ",cohort\na,1,no,p0,old\n", "census.csv:2: cohort: unknown cohort \"old\""},
		"no such unit":   {head + ",unit\nb,1,no,p1,p1\n", "census.csv:2: unit: site b has no p1 service"},
		"no d2a":         {head + ",unit\na,1,no,p1,d2a\n", "census.csv:2: unit: site a has no d2a service"},
		"above capacity": {over, "census.csv: site b has 56 census patients in p2, more than its 55 places"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := census.Parse("census.csv", []byte(c.csv))
			if err != nil {
				t.Fatalf("census.Parse: %v", err)
			}
			_, err = resolveCensus(f, plan, false)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	ok := head + ",unit\n" + strings.Repeat("b,1,no,p2,p2\n", 55)
	f, err := census.Parse("census.csv", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := resolveCensus(f, plan, false); err != nil || len(rows) != 55 {
		t.Errorf("a full p2 service: %d rows, %v; want 55 and no error", len(rows), err)
	}
}

// TestCensusOverCapacity: with PrepareOptions.CensusOverCapacity a census
// of 70 patients on site b's p2 service of 55 places is accepted (Prepare
// refuses it) and all 70 are on the service at time 0; like after a cut
// in capacity, nobody new starts while it is full — hour by hour the
// count never rises while it is at or above 55, and once it is below it
// stays at most 55 — and every patient is accounted for at the end.
func TestCensusOverCapacity(t *testing.T) {
	const head = "site,days_in_unit,medically_safe,pathway,unit\n"
	path := filepath.Join(t.TempDir(), "over.csv")
	if err := os.WriteFile(path, []byte(head+strings.Repeat("b,3,yes,p2,p2\n", 70)), 0o644); err != nil {
		t.Fatal(err)
	}
	sc := loadUEC(t)
	sc.Census, sc.Warmup = path, 0
	if err := sc.ReadCensus(); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare(sc); err == nil || !strings.Contains(err.Error(), "more than its 55 places") {
		t.Fatalf("Prepare: %v, want the census refused as over capacity", err)
	}
	plan, err := PrepareWith(sc, PrepareOptions{CensusOverCapacity: true})
	if err != nil {
		t.Fatal(err)
	}
	m := New(plan, rng.Seed(3).Replication(0))
	m.start()
	m.eng.RunUntil(1e-9)
	p2 := m.sites[1].pathways[2]
	if got := p2.inUse.Value(); got != 70 {
		t.Fatalf("p2 holds %d just after time 0, want the 70 census patients", got)
	}
	prev, below, rose := 70, false, false
	for h := engine.Time(1); h <= plan.horizon; h++ {
		m.eng.RunUntil(h)
		n := p2.inUse.Value()
		switch {
		case prev >= p2.capacity && n > prev:
			t.Fatalf("hour %v: p2 rose from %d to %d while full (%d places)", h, prev, n, p2.capacity)
		case below && n > p2.capacity:
			t.Fatalf("hour %v: p2 holds %d, more than its %d places, after falling below them", h, n, p2.capacity)
		}
		below = below || n < p2.capacity
		rose = rose || n > prev
		prev = n
	}
	if !below || !rose {
		t.Errorf("p2 fell below its places: %v, took new patients: %v; want both (the test would see nothing otherwise)", below, rose)
	}
	checkConservation(t, m.finish())
}

// TestCensusIsTheOneLoaded: the run starts from the census as the
// scenario was loaded with, whatever happens to the file afterwards — the
// model reads nothing from disk.
func TestCensusIsTheOneLoaded(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/census.csv")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "census.csv")
	os.WriteFile(path, src, 0o644)
	abs, err := filepath.Abs("testdata/uec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte("extends: "+abs+"\nwarmup: 0d\nhorizon: 20d\ncensus: census.csv\n"), 0o644)
	run := func(sc *scenario.Scenario) *Result {
		t.Helper()
		plan, err := Prepare(sc)
		if err != nil {
			t.Fatal(err)
		}
		return RunPlan(plan, rng.Seed(4).Replication(0), Options{})
	}
	loaded, err := scenario.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	want := run(loaded)
	if start := metricsBySite(want)["all"]["in_system_start"]; start != 7 {
		t.Fatalf("in_system_start = %v, want the 7 census patients", start)
	}
	// Results hold NaN (a mean of nothing), which DeepEqual never equals.
	same := func(a, b *Result) bool { return fmt.Sprint(*a) == fmt.Sprint(*b) }
	first, _, _ := strings.Cut(string(src), "\n")
	os.WriteFile(path, []byte(first+"\n"+strings.SplitN(string(src), "\n", 3)[1]+"\n"), 0o644)
	reloaded, err := scenario.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if same(run(reloaded), want) {
		t.Fatal("a census of one patient runs as the census of seven: the test proves nothing")
	}
	if !same(run(loaded), want) {
		t.Error("a census file changed after Load changed the run")
	}
	os.Remove(path)
	if !same(run(loaded), want) {
		t.Error("a census file removed after Load changed the run")
	}
}

// TestCapacityDropAdmitsNobodyUntilRoom: when a schedule takes capacity
// below the beds in use, those patients stay, and nobody new is admitted
// while the beds in use exceed the capacity.
func TestCapacityDropAdmitsNobodyUntilRoom(t *testing.T) {
	sc := queueScenario(t, 8, 7, "queue", "400h", "0")
	sc.Sites["main"].Beds.Schedule = scheduleDrop(t)
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := New(plan, rng.Seed(3).Replication(0))
	m.start()
	beds := m.sites[0].beds
	prev, overSeen := 0, false
	for step := engine.Time(0.05); step < plan.horizon; step += 0.05 {
		m.eng.RunUntil(step)
		in := beds.inUse.Value()
		if prev > beds.capacity && in > prev {
			t.Fatalf("t=%v: beds in use rose from %d to %d while capacity was %d", step, prev, in, beds.capacity)
		}
		if in > beds.capacity {
			overSeen = true
		}
		prev = in
	}
	if !overSeen {
		t.Fatal("the schedule never took capacity below the beds in use; the test proves nothing")
	}
}

// scheduleDrop cuts 8 beds to 3 from 08:00 to 20:00 every day.
func scheduleDrop(t *testing.T) scenario.Schedule {
	t.Helper()
	return scenario.Schedule{{Hours: &scenario.Window{From: 8, To: 20}, Capacity: 3}}
}

// TestCensusDeathFollowsThePathway: a census row's pathway conditions
// whether its patient dies. The dying have no discharge pathway, so no
// patient recorded on p1 dies, and one recorded on p0 (not yet medically
// safe) dies with chance d / (d + (1 − d) s0) — here 0.2 / (0.2 + 0.8 ×
// 0.6) = 0.294 for the frail — not the cohort's 0.2 that a new arrival
// has, checked over 10 replications of 140 such rows (411.8 expected, sd
// 17: within 4 sd).
func TestCensusDeathFollowsThePathway(t *testing.T) {
	sc := loadUEC(t)
	frail := sc.Cohorts["frail"]
	frail.Death = 0.2
	sc.Cohorts["frail"] = frail
	const onP1, onP0 = 120, 140
	path := filepath.Join(t.TempDir(), "census.csv")
	rows := "site,days_in_unit,medically_safe,pathway,cohort\n" + strings.Repeat("a,2,no,p1,frail\n", onP1) + strings.Repeat("a,2,no,p0,frail\n", onP0)
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	sc.Census, sc.Warmup = path, 0
	if err := sc.ReadCensus(); err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	dying := 0
	for rep := range 10 {
		m := New(plan, rng.Seed(7).Replication(rep))
		m.start()
		m.eng.RunUntil(1e-9)
		for i := range onP1 + onP0 {
			p := &m.patients.records[i]
			if p.seq != uint64(i) || p.arrived != -48 {
				t.Fatalf("record %d is not census row %d (seq %d, arrived %v)", i, i, p.seq, p.arrived)
			}
			switch {
			case i < onP1 && (p.dies || p.pathway != 1):
				t.Fatalf("rep %d: census row %d on p1 dies %v, pathway %d: want a survivor on p1", rep, i, p.dies, p.pathway)
			case p.dies:
				dying++
			}
		}
	}
	want := 10 * onP0 * 0.2 / (0.2 + 0.8*0.6)
	if sd := math.Sqrt(want * (1 - want/(10*onP0))); math.Abs(float64(dying)-want) > 4*sd {
		t.Errorf("%d of %d census patients on p0 die, want %.1f ± %.1f (4 sd); drawn like new arrivals it would be %d", dying, 10*onP0, want, 4*sd, 10*onP0/5)
	}
}
