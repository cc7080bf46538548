package model

import (
	"bytes"
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
	plan := censusPlan(t, sc, "site,days_in_unit,medically_safe,pathway,cohort\n"+strings.Repeat("a,2,no,p1,frail\n", onP1)+strings.Repeat("a,2,no,p0,frail\n", onP0))
	dying := 0
	for rep := range 10 {
		m := startedAt0(plan, 7, rep)
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

// TestCensusKeepsTheQueueForABed: with too few beds a queue for a bed
// builds; the census taken then holds those waiting, emergency and
// elective, in the order they would be admitted, and read back into a run
// it starts with the same patients in beds and in the same queue, admitted
// in that order (emergency patients' stays drawn then, from their
// cohorts).
func TestCensusKeepsTheQueueForABed(t *testing.T) {
	short := func() *scenario.Scenario {
		sc := loadUEC(t)
		sc.Sites["b"].Beds.Capacity = 120 // about two thirds of what b needs
		sc.Sites["b"].Beds.Schedule = nil
		return sc
	}
	const day = 40
	m := censusTakenAt(t, short(), day, 5)
	want := unitCounts(m)
	if want.waiting < 20 || want.electives == 0 {
		t.Fatalf("census of %+v: want a queue for a bed and electives", want)
	}
	waiting := 0
	prev := math.Inf(-1)
	for _, r := range m.census {
		if r.Unit != census.Waiting {
			continue
		}
		waiting++
		if since := float64(day) - r.DaysInUnit; since < prev-1e-9 {
			t.Errorf("census waiting rows out of queue order: one queued at day %.4f after one at %.4f", since, prev)
		} else {
			prev = since
		}
	}
	if waiting != want.waiting || waiting != m.sites[1].beds.queue.len() {
		t.Errorf("%d waiting rows, %d patients waiting, %d in b's queue", waiting, want.waiting, m.sites[1].beds.queue.len())
	}
	var buf bytes.Buffer
	if err := census.Write(&buf, m.census); err != nil {
		t.Fatal(err)
	}
	plan2 := censusPlan(t, short(), buf.String())
	m2 := startedAt0(plan2, 5, 0)
	if got := unitCounts(m2); got != want {
		t.Errorf("census read back: %+v, written from %+v", got, want)
	}
	// The queue is the census's waiting rows in file order.
	var rows []int
	for i, r := range m2.plan.census {
		if r.unit == boarding {
			rows = append(rows, i)
		}
	}
	q := &m2.sites[1].beds.queue
	for k := range q.len() {
		if id := q.at(k); m2.patients.records[id].seq != uint64(rows[k]) {
			t.Fatalf("queue place %d holds census row %d, want row %d", k, m2.patients.records[id].seq, rows[k])
		}
	}
	m2.eng.RunUntil(plan2.horizon)
	checkUnits(t, m2)
	checkConservation(t, m2.finish())
}

// TestCensusElectiveKeepsItsStay: an elective patient in the census stays
// for the rest of an elective stay, not an emergency one: at site b
// (electives a fixed day, los_scale 1.05, no discharge rhythm) one 12
// hours in is medically safe 13.2 hours later and leaves then.
func TestCensusElectiveKeepsItsStay(t *testing.T) {
	m := startedAt0(censusPlan(t, loadUEC(t), "site,days_in_unit,medically_safe,pathway,elective\nb,0.5,no,p0,yes\n"), 1, 0)
	p := &m.patients.records[0]
	if !p.elective || p.at != inBed || m.keysOf(p) != &m.censusKeys {
		t.Fatalf("census row 0: elective %v, at %v, census streams %v: want an elective in a bed drawing from the census's streams", p.elective, p.at, m.keysOf(p) == &m.censusKeys)
	}
	if want := engine.Time(1.05*24 - 12); math.Abs(float64(p.safeAt-want)) > 1e-9 {
		t.Errorf("medically safe at %.6g h, want %.6g (the rest of a 25.2-hour elective stay)", float64(p.safeAt), float64(want))
	}
}

// TestCensusReadmissionsComeBack: a census patient at home awaiting
// readmission comes back within the rest of the cohort's window, the delay
// uniform over it given the days already at home: 400 frail patients 10
// days out of a 30-day window all return by day 20, about half by day 10
// (binomial: 200 ± 40 at 4 sd), and not one before the census starts
// recording them as emergency arrivals.
func TestCensusReadmissionsComeBack(t *testing.T) {
	sc := loadUEC(t)
	for _, c := range sc.Cohorts {
		c.Readmit = 0 // only the census's readmissions come back
	}
	sc.Cohorts["frail"].ReadmitWithin = scenario.Duration(30 * 24)
	const n = 400
	plan := censusPlan(t, sc, "site,unit,days_in_unit,medically_safe,pathway,cohort\n"+strings.Repeat("a,readmission,10,no,p0,frail\n", n))
	m := startedAt0(plan, 9, 0)
	back := func() int { return m.sites[0].readmissions + m.sites[1].readmissions }
	if got := back(); got != 0 {
		t.Errorf("%d readmitted at time 0, want none", got)
	}
	m.eng.RunUntil(10 * engine.Day)
	if got := back(); got < 160 || got > 240 {
		t.Errorf("%d of %d back by day 10, want 200 ± 40", got, n)
	}
	m.eng.RunUntil(20*engine.Day + 1e-6)
	if got := back(); got != n {
		t.Errorf("%d of %d back by day 20, want all", got, n)
	}
	m.eng.RunUntil(plan.horizon)
	checkConservation(t, m.finish())
}

// TestCensusSDECStayIsSDECs: a census patient in a bed marked sdec_stay
// stays for the rest of SDEC's stay for those admitted, not the cohort's:
// 250 young patients just admitted at site a (los_if_admitted lognormal,
// median 1 d, p95 4 d: mean 34.2 h) are medically safe after 34.2 h on
// average (within 4 standard errors), the same rows without the mark
// after their cohort's far longer stay.
func TestCensusSDECStayIsSDECs(t *testing.T) {
	meanSafe := func(mark string) float64 {
		m := startedAt0(censusPlan(t, loadUEC(t), "site,days_in_unit,medically_safe,pathway,cohort,sdec_stay\n"+strings.Repeat("a,0,no,p0,young,"+mark+"\n", 250)), 4, 0)
		sum := 0.0
		for i := range 250 {
			p := &m.patients.records[i]
			if got := m.sdecStay(p); got != (mark == "yes") {
				t.Fatalf("row %d marked %s: sdecStay %v", i, mark, got)
			}
			sum += float64(p.safeAt)
		}
		return sum / 250
	}
	s := 0.843 // ln 4 / 1.645
	mean := 24 * math.Exp(s*s/2)
	sd := mean * math.Sqrt(math.Exp(s*s)-1)
	if got := meanSafe("yes"); math.Abs(got-mean) > 4*sd/math.Sqrt(250) {
		t.Errorf("marked: medically safe after %.1f h on average, want %.1f ± %.1f", got, mean, 4*sd/math.Sqrt(250))
	}
	if got := meanSafe("no"); got < 2*mean {
		t.Errorf("unmarked: medically safe after %.1f h on average, want the cohort's longer stay", got)
	}
}

// censusPlan prepares sc started from a census of the given text, with no
// warm-up.
func censusPlan(t *testing.T, sc *scenario.Scenario, text string) *Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "census.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
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
	return plan
}

// startedAt0 is replication rep of plan just after time zero, its census
// patients in place.
func startedAt0(plan *Plan, seed uint64, rep int) *Model {
	m := New(plan, rng.Seed(seed).Replication(rep))
	m.start()
	m.eng.RunUntil(1e-9)
	return m
}

// censusTakenAt runs replication 0 of sc under master seed seed to just
// after the midnight starting day, its census taken then (m.census).
func censusTakenAt(t *testing.T, sc *scenario.Scenario, day int, seed uint64) *Model {
	t.Helper()
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := New(plan, rng.Seed(seed).Replication(0))
	m.atClock(engine.Time(day)*engine.Day, m.k.takeCensus)
	m.start()
	m.eng.RunUntil(engine.Time(day)*engine.Day + 1e-9)
	return m
}
