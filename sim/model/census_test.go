package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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

func TestCensusErrors(t *testing.T) {
	plan, err := Prepare(loadUEC(t))
	if err != nil {
		t.Fatal(err)
	}
	const head = "site,days_in_unit,medically_safe,pathway"
	over := head + ",unit\n" + strings.Repeat("b,1,no,p2,p2\n", 56) // site b has 55 p2 places
	cases := map[string]struct{ csv, want string }{
		"unknown site":   {head + "\na,1,no,p0\nc,1,no,p0\n", "census.csv:3: site: unknown site \"c\""},
		"bad days":       {head + "\na,-2,no,p0\n", "census.csv:2: days_in_unit"},
		"NaN days":       {head + "\na,NaN,no,p0\n", "census.csv:2: days_in_unit: want a number of days from 0 to 36500"},
		"Inf days":       {"site,days_in_hospital,medically_safe,pathway\na,+Inf,no,p0\n", "census.csv:2: days_in_unit"},
		"huge days":      {head + "\na,1e300,no,p0\n", "census.csv:2: days_in_unit: want a number of days from 0 to 36500"},
		"huge hub hours": {head + ",hub_hours\na,1,yes,p2,1e300\n", "census.csv:2: hub_hours"},
		"bad safe":       {head + "\na,1,maybe,p0\n", "census.csv:2: medically_safe: want yes or no"},
		"bad pathway":    {head + "\na,1,no,p4\n", "census.csv:2: pathway"},
		"missing column": {"site,days_in_hospital,pathway\na,1,p0\n", "census.csv:1: missing column \"medically_safe\""},
		"unknown cohort": {head + ",cohort\na,1,no,p0,old\n", "census.csv:2: cohort: unknown cohort \"old\""},
		"bad hub hours":  {head + ",hub_hours\na,1,yes,p2,NaN\n", "census.csv:2: hub_hours"},
		"bad hub done":   {head + ",hub_done\na,1,yes,p2,perhaps\n", "census.csv:2: hub_done: want yes or no"},
		"unknown unit":   {head + ",unit\na,1,no,p0,ward\n", "census.csv:2: unit: want beds, virtual_ward, d2a, p1, p2 or p3"},
		"no such unit":   {head + ",unit\nb,1,no,p1,p1\n", "census.csv:2: unit: site b has no p1 service"},
		"no d2a":         {head + ",unit\na,1,no,p1,d2a\n", "census.csv:2: unit: site a has no d2a service"},
		"unit pathway":   {head + ",unit\na,1,no,p1,p2\n", "census.csv:2: pathway: a patient on p2 has pathway p2"},
		"above capacity": {over, "site b has 56 census patients in p2, more than its 55 places"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "census.csv")
			if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := readCensus(path, plan)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
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
