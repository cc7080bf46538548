package model

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// edScenario is one site whose ED has capacity: places arrive at λ an
// hour (ambulance of them by ambulance), ed is the ED section's body and
// beds the beds section's.
func edScenario(t testing.TB, lambda, ambulance float64, horizon, warmup, beds, ed string) *scenario.Scenario {
	t.Helper()
	doc := fmt.Sprintf(`
name: ed-test
horizon: %s
warmup: %s
places:
  town: {arrivals: %g/h, ambulance: %g}
sites:
  main:
    beds: %s
    ed:
%s
`, horizon, warmup, lambda, ambulance, beds, ed)
	sc, err := scenario.LoadBytes("ed-test.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// unlimitedBeds never keep a patient waiting.
const unlimitedBeds = "{capacity: 100000, los: {dist: exponential, mean: 1h}}"

// ranModel is a model after its run, with its result.
type ranModel struct {
	*Model
	res *Result
}

// runModels runs n replications of sc and returns the models, run.
func runModels(t testing.TB, sc *scenario.Scenario, n int, seed uint64) []ranModel {
	t.Helper()
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	ms := make([]ranModel, n)
	for r := range n {
		ms[r].Model = New(plan, rng.Seed(seed).Replication(r))
		ms[r].res = ms[r].Run()
	}
	return ms
}

// perRep returns f of site 0's tally in each model.
func perRep(ms []ranModel, f func(*tally) float64) []float64 {
	xs := make([]float64, len(ms))
	for i, m := range ms {
		xs[i] = f(&m.sites[0].tally)
	}
	return xs
}

// TestEDIsAnMMcQueue: with unlimited cubicles and beds, one triage
// category, no crowding and no boarding, ED's clinicians are an M/M/c
// queue: the mean time to be seen is Erlang C's Wq and the share who
// wait is C(c, a).
func TestEDIsAnMMcQueue(t *testing.T) {
	const c, lambda, mu = 5, 4.25, 1.0
	sc := edScenario(t, lambda, 0, "4000h", "200h", unlimitedBeds, `
      majors: {capacity: 100000}
      clinicians: {capacity: 5}
      assessment: {dist: exponential, mean: 1h}`)
	ms := runModels(t, sc, 30, 2024)
	a := lambda / mu
	pw := erlangC(c, a)
	checkInCI(t, "Wq (hours)", perRep(ms, func(s *tally) float64 { return s.edSeenWaitHours / float64(s.edSeen) }), pw/(c*mu-lambda))
	checkInCI(t, "P(wait)", perRep(ms, func(s *tally) float64 { return float64(s.edSeenAfterWait) / float64(s.edSeen) }), pw)
	// Nobody boards, so time in ED is W = Wq + S: zero wait with chance
	// 1 − C, else Exp(θ = cμ − λ), plus an Exp(μ) assessment. The
	// four-hour share is 1 − P(W > 4).
	theta := c*mu - lambda
	tail := func(x float64) float64 {
		return (1-pw)*math.Exp(-mu*x) + pw*(theta*math.Exp(-mu*x)-mu*math.Exp(-theta*x))/(theta-mu)
	}
	checkInCI(t, "ed_4h_share", metricOf(ms, "ed_4h_share"), 1-tail(4))
	checkInCI(t, "ed_seen_hours_mean", metricOf(ms, "ed_seen_hours_mean"), pw/(c*mu-lambda))
	checkMetric(t, ms, "unstable", func(x float64) bool { return x == 0 })
	// Four clinicians for 4.25 erlangs: the wait to be seen grows without
	// bound, and the run says so.
	over := edScenario(t, lambda, 0, "4000h", "200h", unlimitedBeds, `
      majors: {capacity: 100000}
      clinicians: {capacity: 4}
      assessment: {dist: exponential, mean: 1h}`)
	checkMetric(t, runModels(t, over, 3, 2024), "unstable", func(x float64) bool { return x == 1 })
	for _, m := range ms {
		checkEDBalance(t, m.Model)
	}
}

// metricOf returns a metric of site 0 in each replication's result.
func metricOf(ms []ranModel, name string) []float64 {
	var xs []float64
	for _, m := range ms {
		for _, x := range m.res.Metrics {
			if x.Name == name && x.Site == m.plan.sites[0].key {
				xs = append(xs, x.Value)
			}
		}
	}
	return xs
}

// checkEDBalance: at every site with ED capacity every attendance leaves
// ED exactly once — those arriving after the warm-up plus those in ED at
// its end are those who left plus those still in ED — and every space in
// use holds a patient who is in it.
func checkEDBalance(t *testing.T, m *Model) {
	t.Helper()
	for i := range m.sites {
		s := &m.sites[i]
		if s.ed == nil {
			continue
		}
		still := m.inEDNow(siteID(i))
		if s.edAttendances+still != s.edArrived+s.edInStart {
			t.Fatalf("site %d: %d left ED + %d still there != %d arrived + %d there at the start",
				i, s.edAttendances, still, s.edArrived, s.edInStart)
		}
		var inSpace [4]int
		for j := range m.patients.records {
			if p := &m.patients.records[j]; int(p.site) == i && p.space != noSpace {
				inSpace[p.space]++
			}
		}
		for sp := inMajors; sp <= inCorridor; sp++ {
			u := s.ed.unitOf(sp)
			if u == nil {
				continue
			}
			if got := u.inUse.Value(); got != inSpace[sp] {
				t.Fatalf("site %d: space %d has %d in use, %d patients in it", i, sp, got, inSpace[sp])
			}
		}
	}
}

// TestEDTriageSeesUrgentFirst: with two triage categories the clinicians
// are a non-preemptive priority M/M/c queue (equal service rates), whose
// mean waits are Wq_k = C(c, a) / (cμ (1 − σ_{k−1})(1 − σ_k)), σ_k the
// load of categories 1..k over c: the urgent wait less, the others more,
// and the mean over both is still Erlang C's.
func TestEDTriageSeesUrgentFirst(t *testing.T) {
	const c, lambda, mu, urgent = 5, 4.25, 1.0, 0.3
	sc := edScenario(t, lambda, 0, "4000h", "200h", unlimitedBeds, `
      majors: {capacity: 100000}
      clinicians: {capacity: 5}
      assessment: {dist: exponential, mean: 1h}
      triage: [{name: urgent, share: 0.3}, {name: standard, share: 0.7}]`)
	ms := runModels(t, sc, 30, 7)
	a := lambda / mu
	pw := erlangC(c, a)
	s1 := urgent * a / c
	s2 := a / c
	w1 := pw / (c * mu * (1 - s1))
	w2 := pw / (c * mu * (1 - s1) * (1 - s2))
	byCat := func(k int) []float64 {
		return perRep(ms, func(s *tally) float64 { return s.edSeenWaitBy[k] / float64(s.edSeenBy[k]) })
	}
	checkInCI(t, "Wq urgent", byCat(0), w1)
	checkInCI(t, "Wq standard", byCat(1), w2)
	if m1, m2 := mean(byCat(0)), mean(byCat(1)); !(m1 < m2/3) {
		t.Errorf("urgent patients wait %.3g h on average, standard %.3g h: want urgent far less", m1, m2)
	}
	checkInCI(t, "Wq all", perRep(ms, func(s *tally) float64 { return s.edSeenWaitHours / float64(s.edSeen) }), pw/(c*mu-lambda))
}

// seenInOrder runs a one-clinician ED whose assessments all take 30
// minutes, so patients are decided on in the order they were seen, and
// reports whether that is the order they arrived in.
func seenInOrder(t *testing.T, triage string) bool {
	sc := edScenario(t, 1.8, 0, "300h", "0h", "{capacity: 100000, los: {dist: fixed, value: 1m}}", `
      majors: {capacity: 100000}
      clinicians: {capacity: 1}
      assessment: {dist: fixed, value: 30m}`+triage)
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	res := RunPlan(plan, rng.Seed(3).Replication(0), Options{Journeys: true})
	js := res.Journeys
	if len(js) < 400 {
		t.Fatalf("only %d journeys", len(js))
	}
	slices.SortFunc(js, func(a, b Journey) int { return cmpFloat(a.Times.Arrival, b.Times.Arrival) })
	for i := 1; i < len(js); i++ {
		if js[i].Times.Decision < js[i-1].Times.Decision {
			return false
		}
	}
	return true
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestEDOneCategoryIsFirstComeFirstSeen: with one triage category the
// patients are seen in arrival order; with two (the check can fail) they
// are not.
func TestEDOneCategoryIsFirstComeFirstSeen(t *testing.T) {
	if !seenInOrder(t, "") {
		t.Error("one category: a later arrival was seen first")
	}
	if seenInOrder(t, "\n      triage: [{name: urgent, share: 0.5}, {name: standard, share: 0.5}]") {
		t.Error("two categories at 90% load: every patient was seen in arrival order, so urgency changed nothing")
	}
}

// handoverScenario is an ED taking ambulances, with beds of the given
// capacity (each stay a day) and 20 majors cubicles where admitted
// patients board.
func handoverScenario(t testing.TB, beds int) *scenario.Scenario {
	return edScenario(t, 3, 0.4, "2000h", "200h", fmt.Sprintf("{capacity: %d, los: {dist: exponential, mean: 1d}}", beds), `
      majors: {capacity: 20}
      clinicians: {capacity: 8}
      assessment: {dist: exponential, mean: 1h}`)
}

// TestHandoverWaitsOnlyWhenEDIsFull: with spare cubicles and beds every
// ambulance is handed over at once (exactly zero), and with the same seed
// and fewer beds than the load needs, boarders fill the cubicles and
// crews wait.
func TestHandoverWaitsOnlyWhenEDIsFull(t *testing.T) {
	spare := runModels(t, handoverScenario(t, 200), 5, 11)
	full := runModels(t, handoverScenario(t, 62), 5, 11)
	for i := range spare {
		s, f := &spare[i].sites[0], &full[i].sites[0]
		if s.handovers == 0 || s.handoverHours != 0 || s.handoverOver30 != 0 {
			t.Errorf("rep %d, spare capacity: %d handovers, %.3g hours waited (want exactly 0)", i, s.handovers, s.handoverHours)
		}
		if !(f.handoverHours/float64(f.handovers) > 0.5) || !(f.handoverOver60 > 0) || !(f.handoverOver30 > f.handoverOver60) {
			t.Errorf("rep %d, beds full: mean handover %.3g h, %.4g h over 30 min, %.4g h over 60: want long waits",
				i, f.handoverHours/float64(f.handovers), f.handoverOver30, f.handoverOver60)
		}
		// Hours beyond 15, 30 and 60 minutes: each threshold's hours
		// exceed the next one's by at most the gap on every handover.
		n := float64(f.handovers)
		for _, c := range []struct {
			over, next, gap float64
			what            string
		}{{f.handoverHours, f.handoverOver15, 0.25, "waited and over 15"}, {f.handoverOver15, f.handoverOver30, 0.25, "over 15 and over 30"},
			{f.handoverOver30, f.handoverOver60, 0.5, "over 30 and over 60"}} {
			if d := c.over - c.next; !(d > 0 && d <= c.gap*n+1e-9) {
				t.Errorf("rep %d, beds full: hours %s differ by %.4g, want between 0 and %.4g", i, c.what, d, c.gap*n)
			}
		}
		if s.handoverOver15 != 0 {
			t.Errorf("rep %d, spare capacity: %.4g hours over 15 minutes, want 0", i, s.handoverOver15)
		}
		if f.ed12hDecision == 0 || s.ed12hDecision != 0 {
			t.Errorf("rep %d: 12-hour waits from decision %d with spare beds, %d with beds full", i, s.ed12hDecision, f.ed12hDecision)
		}
		checkEDBalance(t, spare[i].Model)
		checkEDBalance(t, full[i].Model)
	}
	checkMetric(t, spare, "handover_minutes_mean", func(x float64) bool { return x == 0 })
	checkMetric(t, full, "handover_minutes_mean", func(x float64) bool { return x > 30 })
}

// checkMetric checks that a metric of site 0 satisfies ok in every
// replication.
func checkMetric(t *testing.T, ms []ranModel, name string, ok func(float64) bool) {
	t.Helper()
	xs := metricOf(ms, name)
	if len(xs) != len(ms) {
		t.Fatalf("%s: %d values for %d replications", name, len(xs), len(ms))
	}
	for i, x := range xs {
		if !ok(x) {
			t.Errorf("%s = %g in replication %d", name, x, i)
		}
	}
}

// busyED is an ED with every mechanism on: minors and majors, a rota,
// triage, crowding, corridor boarding and handover, other attendances,
// and too few beds.
const busyED = `
      others: 4/h
      others_time: {dist: lognormal, median: 1.5h, p95: 5h}
      others_majors: 0.2
      others_ambulance: 0.1
      majors: {capacity: 25, schedule: [{hours: "02:00-06:00", capacity: 20}]}
      minors: {capacity: 10}
      clinicians: {capacity: 6, schedule: [{days: [sat, sun], capacity: 4}, {hours: "10:00-22:00", capacity: 9}]}
      assessment: {dist: lognormal, median: 1.5h, p95: 4h}
      workup: {dist: exponential, mean: 1h}
      others_workup: {dist: uniform, min: 0, max: 1h}
      triage: [{name: immediate, share: 0.1}, {name: urgent, share: 0.5}, {name: standard, share: 0.4}]
      crowding: {above: 20, per_patient: 0.02, max: 1.5}
      boarding: corridor
      corridor: 8
      corridor_handover: true`

// TestEDConservesAttendances: with every mechanism on, every attendance
// leaves ED exactly once and each space in use holds its patient, at the
// horizon of runs of several lengths (ending in busy and quiet hours).
func TestEDConservesAttendances(t *testing.T) {
	for _, horizon := range []string{"1000h", "1013h", "1500.5h"} {
		ms := runModels(t, edScenario(t, 3, 0.4, horizon, "100h", "{capacity: 70, los: {dist: exponential, mean: 1d}}", busyED), 3, 5)
		for _, m := range ms {
			checkEDBalance(t, m.Model)
			s := &m.sites[0]
			if s.edOthers == 0 || s.handovers == 0 || s.edSeenBy[0] == 0 || s.edSeenBy[2] == 0 {
				t.Fatalf("%s: %d others, %d handovers, %v seen by category: a mechanism is idle", horizon, s.edOthers, s.handovers, s.edSeenBy)
			}
			// Other attendances come by ambulance too (others_ambulance):
			// more crews hand over than emergency patients came by one.
			if !(s.handovers > s.ambulance+s.ambulance/10) {
				t.Errorf("%s: %d handovers, %d emergency ambulance arrivals: the other attendances' conveyances are missing", horizon, s.handovers, s.ambulance)
			}
		}
		checkMetric(t, ms, "ed_corridor_hours", func(x float64) bool { return x > 0 })
		// Over 1 at times: the night schedule takes cubicles away while in
		// use, and those in them stay.
		checkMetric(t, ms, "ed_cubicle_occupancy", func(x float64) bool { return x > 0.9 })
		checkMetric(t, ms, "ed_12h_from_arrival", func(x float64) bool { return x >= 0 })
	}
}

// TestCrowdingSlowsAssessment: the multiplier follows its rule exactly,
// and in a paired run (same seed) crowding lengthens the wait to be seen.
func TestCrowdingSlowsAssessment(t *testing.T) {
	c := &edCapacity{crowding: &scenario.Crowding{Above: 10, PerPatient: 0.05, Max: 1.4}}
	for n, want := range map[int]float64{0: 1, 10: 1, 11: 1.05, 14: 1.2, 18: 1.4, 100: 1.4} {
		if got := c.crowdingFactor(n); math.Abs(got-want) > 1e-12 {
			t.Errorf("crowdingFactor(%d) = %v, want %v", n, got, want)
		}
	}
	if got := (&edCapacity{}).crowdingFactor(1000); got != 1 {
		t.Errorf("no crowding rule: factor %v, want 1", got)
	}
	ed := `
      majors: {capacity: 100000}
      clinicians: {capacity: 5}
      assessment: {dist: exponential, mean: 1h}`
	plain := runModels(t, edScenario(t, 4, 0, "2000h", "100h", unlimitedBeds, ed), 5, 9)
	slowed := runModels(t, edScenario(t, 4, 0, "2000h", "100h", unlimitedBeds, ed+"\n      crowding: {above: 3, per_patient: 0.05, max: 1.2}"), 5, 9)
	for i := range plain {
		p, s := &plain[i].sites[0], &slowed[i].sites[0]
		if !(s.edSeenWaitHours/float64(s.edSeen) > 1.5*p.edSeenWaitHours/float64(p.edSeen)) {
			t.Errorf("rep %d: mean wait to be seen %.3g h with crowding, %.3g h without: want much longer",
				i, s.edSeenWaitHours/float64(s.edSeen), p.edSeenWaitHours/float64(p.edSeen))
		}
	}
}

// BenchmarkEDCapacity runs a year of the busy ED (every mechanism on) per
// iteration and reports allocations per event: the ED's queues are ring
// buffers, so after they grow a run allocates nothing per event.
func BenchmarkEDCapacity(b *testing.B) {
	sc := edScenario(b, 3, 0.4, "8760h", "0h", "{capacity: 75, los: {dist: exponential, mean: 1d}}", busyED)
	plan, err := Prepare(sc)
	if err != nil {
		b.Fatal(err)
	}
	benchPlan(b, plan)
}

// TestEDAllocatesNothingPerEvent: a year of the busy ED allocates far
// fewer times than it has events (queues and the patient pool grow by
// doubling; hourly capacity ticks and daily rows allocate a little).
func TestEDAllocatesNothingPerEvent(t *testing.T) {
	sc := edScenario(t, 3, 0.4, "8760h", "0h", "{capacity: 75, los: {dist: exponential, mean: 1d}}", busyED)
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	var events uint64
	allocs := testing.AllocsPerRun(1, func() { events = RunPlan(plan, rng.Seed(1).Replication(0), Options{}).Events })
	if perEvent := allocs / float64(events); perEvent > 0.02 {
		t.Errorf("%.0f allocations for %d events: %.3f per event", allocs, events, perEvent)
	} else {
		t.Logf("%.0f allocations for %d events: %.4f per event", allocs, events, perEvent)
	}
}

// TestWorkupHoldsTheCubicleNotTheClinician: with clinicians to spare, a
// fixed 30-minute assessment and a fixed workup, every patient is in ED
// exactly 30 minutes plus the workup — all within four hours at 3h, none
// at 3h36m — and by Little's law the cubicles in use average λ × that
// time, while clinicians are busy only for the 30 minutes.
func TestWorkupHoldsTheCubicleNotTheClinician(t *testing.T) {
	for _, tt := range []struct {
		workup string
		inED   float64
		share  float64
	}{{"3h", 3.5, 1}, {"216m", 4.1, 0}} {
		sc := edScenario(t, 4, 0, "2000h", "100h", unlimitedBeds, `
      majors: {capacity: 100000}
      clinicians: {capacity: 100000}
      assessment: {dist: fixed, value: 30m}
      workup: {dist: fixed, value: `+tt.workup+`}`)
		ms := runModels(t, sc, 5, 13)
		checkMetric(t, ms, "ed_4h_share", func(x float64) bool { return x == tt.share })
		checkMetric(t, ms, "ed_seen_hours_mean", func(x float64) bool { return x == 0 })
		var used, clin []float64
		for _, m := range ms {
			span := float64(m.plan.horizon - m.plan.warmup)
			used = append(used, m.sites[0].ed.majors.inUse.Area(float64(m.plan.horizon))/span)
			clin = append(clin, m.sites[0].ed.clinicians.inUse.Area(float64(m.plan.horizon))/span)
		}
		checkInCI(t, "cubicles in use, workup "+tt.workup, used, 4*tt.inED)
		checkInCI(t, "clinicians busy, workup "+tt.workup, clin, 4*0.5)
	}
}
