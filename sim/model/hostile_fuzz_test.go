//go:build unix

package model

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// hostileBase is a scenario with every service, for FuzzAccepted to
// replace values in; atBounds are scenarios that sit on the scenario
// package's bounds (see scenario.MaxRate and the rest), where a draw is
// most likely to leave the clock's range.
const hostileBase = `horizon: 365d
arrival_profile: {hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], weekday: [1, 1, 1, 1, 1, 1, 1], monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
places:
  town: {arrivals: 50/h}
cohorts:
  old:
    share: 1
    los: {dist: lognormal, mean: 5d, sd: 8d}
    pathways: {p0: 0.4, p1: 0.2, p2: 0.2, p3: 0.2}
    death: 0.05
    sdec: 0.2
    step_up: 0.1
    step_down: 0.1
    readmit: 0.1
    readmit_within: 30d
sites:
  main:
    beds: {capacity: 500, los_scale: 1, schedule: [{days: [sat], capacity: 450}]}
    ed: {decision: {dist: gamma, shape: 2, scale: 2h}, others: 10/h, others_time: {dist: weibull, shape: 1.5, scale: 3h}}
    sdec: {chairs: 10, episode: {dist: erlang, k: 3, mean: 4h}, same_day: 0.8, direct: 2/h, when_full: wait}
    discharge: {hours: "08:00-20:00", weekend: 0.5}
    hub: {days: 5, assessment: {dist: lognormal, median: 2h, p95: 8h}, staff: 4, referral_lead: 1d}
    pathways:
      p1: {capacity: 50, los: {dist: mixture, of: [{p: 0.5, dist: exponential, mean: 7d}, {p: 0.5, dist: uniform, min: 1d, max: 3d}]}, accepts: {hours: "08:00-18:00", days: [mon, tue, wed, thu, fri], weekend: 0.5}}
      p2: {capacity: 20, los: {dist: exponential, mean: 20d}, los_scale: 1}
      p3: {capacity: 20, los: {dist: exponential, mean: 60d}}
    d2a: {capacity: 5, los: {dist: triangular, min: 1d, mode: 2d, max: 5d}}
    electives: {arrivals: 5/h, los: {dist: empirical, samples: [1d, 2d, 3d]}, when_full: queue}
    utc: {capacity: 3, streamed: 0.5, treatment: {dist: exponential, mean: 30m}}
virtual_wards:
  vw: {capacity: 20, los: {dist: fixed, value: 3d}, los_scale: 1, sites: [main]}
`

// atBounds replaces texts of hostileBase (each old text once, then its
// new text), each list giving a scenario on the bounds.
var atBounds = [][]string{
	{"horizon: 365d", "horizon: 36500d", "arrivals: 50/h", "arrivals: 9983/h"},
	{"mean: 5d, sd: 8d", "mean: 1216d, sd: 36480d", "beds: {capacity: 500, los_scale: 1", "beds: {capacity: 1000000, los_scale: 10"},
	{"median: 2h, p95: 8h", "median: 365d, p95: 36500d", "staff: 4", "staff: 1000000", "referral_lead: 1d", "referral_lead: 36500d"},
	{"shape: 1.5, scale: 3h", "shape: 0.2, scale: 304d", "shape: 2, scale: 2h", "shape: 0.001, scale: 36500d"},
	{"k: 3, mean: 4h", "k: 1000000, mean: 36500d", "chairs: 10", "chairs: 1000000", "direct: 2/h", "direct: 1000/h"},
	{"mean: 20d}, los_scale: 1", "mean: 36500d}, los_scale: 10", "p2: {capacity: 20", "p2: {capacity: 1000000", "readmit: 0.1", "readmit: 1", "readmit_within: 30d", "readmit_within: 36500d"},
	{"hourly: [1, 1,", "hourly: [1000000000, 0.0000001,", "weekday: [1, 1,", "weekday: [0, 1000000000,"},
	{`hours: "08:00-18:00", days: [mon, tue, wed, thu, fri], weekend: 0.5`, `hours: "23:59-24:00", days: [sun], weekend: 1`,
		"capacity: 450}]", "capacity: 1000000}, {hours: \"10:00-11:00\", capacity: 0}, {from: 2025-04-08, to: 2025-04-08, capacity: 1}]"},
	// Hub hours whose minutes are not exact in binary once made the hub's
	// working-hours loop stand still (see scenario.ClockSlack).
	{"hub: {days: 5,", `hub: {days: 5, hours: "08:20-16:40",`},
	{"hub: {days: 5,", `hub: {days: 7, hours: "03:00-03:01",`},
	{"value: 3d}, los_scale: 1", "value: 36500d}, los_scale: 10", "[1d, 2d, 3d]", "[0, 36500d]", "max: 3d}", "max: 36500d}"},
	// Escalation beds as many as a capacity may be, on top of the most
	// beds, reviewed as often as allowed.
	{"beds: {capacity: 500, los_scale: 1", "beds: {capacity: 1000000, los_scale: 1", "    d2a: {capacity: 5,",
		"    escalation: {review_every: 15m, levels: [{level: opel2, open_at: 0, close_below: 0, beds: 1000000}, " +
			"{level: opel4, open_at: 1000000, close_below: 1000000, beds: 1000000}]}\n    d2a: {capacity: 5,"},
	{"utc: {capacity: 3,", "utc: {capacity: 1000000,", "mean: 30m}}", "mean: 36500d}}", "streamed: 0.5", "streamed: 1"},
}

// typedEdges replace texts of hostileBase as atBounds does, each list
// giving a scenario at an edge of the values the loader resolves: windows
// of one minute, at odd minutes and through midnight, empty and one-day
// day lists, schedules that close a unit, and every distribution form
// where the cohort's length of stay goes.
var typedEdges = [][]string{
	{"sdec: {chairs: 10,", `sdec: {chairs: 10, hours: "07:13-07:14", days: [],`,
		"electives: {arrivals: 5/h,", `electives: {arrivals: 5/h, hours: "11:59-12:00", days: [],`},
	{"sdec: {chairs: 10,", `sdec: {chairs: 10, hours: "23:59-00:01", days: [sun], schedule: [{hours: "00:00-00:01", capacity: 0}],`,
		"electives: {arrivals: 5/h,", `electives: {arrivals: 5/h, hours: "22:17-02:43", days: [sun],`},
	{`hours: "08:00-18:00", days: [mon, tue, wed, thu, fri], weekend: 0.5`, `hours: "00:01-00:02", days: [SAT, Sun], weekend: 1`,
		"hub: {days: 5,", `hub: {days: 7, hours: "23:59-00:01",`,
		`discharge: {hours: "08:00-20:00"`, `discharge: {hours: "19:59-08:01"`},
	{`hours: "08:00-18:00", days: [mon, tue, wed, thu, fri], weekend: 0.5`, `hours: "16:40-08:20", days: [], weekend: 0`,
		"hub: {days: 5,", `hub: {days: 5, hours: "16:40-08:20",`},
	{"schedule: [{days: [sat], capacity: 450}]", `schedule: [{days: [sat], capacity: 450}, {hours: "03:07-03:08", capacity: 0}, ` +
		`{from: 2025-04-08, to: 2025-04-09, hours: "23:30-00:30", days: [tue, wed], capacity: 1}, {days: [], capacity: 500}, {from: 2025-04-09, capacity: 2}]`,
		"d2a: {capacity: 5,", `d2a: {capacity: 5, schedule: [{hours: "00:00-24:00", capacity: 0}, {days: [mon], hours: "12:01-12:02", capacity: 9}],`,
		"p3: {capacity: 20,", `p3: {capacity: 20, schedule: [{from: 2025-04-07, to: 2025-04-07, capacity: 0}],`},
	{"utc: {capacity: 3,", `utc: {capacity: 3, hours: "23:59-00:01", days: [sun], schedule: [{hours: "00:00-00:01", capacity: 0}, {days: [mon], hours: "12:01-12:02", capacity: 9}],`},
	{"mean: 5d, sd: 8d", "mean: 5d, sd: 0.05d", "dist: gamma, shape: 2, scale: 2h", "dist: gamma, mean: 2h, sd: 20h"},
	{"{dist: lognormal, mean: 5d, sd: 8d}", "{dist: weibull, shape: 0.5, scale: 1d}", "dist: erlang, k: 3", "dist: erlang, k: 1"},
	{"{dist: lognormal, mean: 5d, sd: 8d}", "{dist: triangular, min: 0, mode: 0, max: 1m}", "[1d, 2d, 3d]", "[0]"},
	{"{dist: lognormal, mean: 5d, sd: 8d}", "{dist: uniform, min: 0, max: 1m}", "value: 3d", "value: 0"},
	{"{dist: lognormal, mean: 5d, sd: 8d}", "{dist: mixture, of: [{p: 1, dist: mixture, of: [{p: 0, dist: fixed, value: 1d}, {p: 1, dist: empirical, samples: [0, 1d]}]}]}"},
	// Escalation that opens and closes at every review its thresholds
	// allow, over a schedule that closes beds.
	{"    d2a: {capacity: 5,", "    escalation: {review_every: 15m, levels: [{level: opel2, open_at: 1, close_below: 1, beds: 1}, " +
		"{level: opel3, open_at: 2, close_below: 2, beds: 600}, {level: opel4, open_at: 3, close_below: 0, beds: 1}]}\n    d2a: {capacity: 5,"},
	// An ED with capacity, every mechanism on, cubicles closed for a
	// minute at an odd time, one clinician at weekends and the steepest
	// crowding; and one on the bounds.
	{"town: {arrivals: 50/h}", "town: {arrivals: 50/h, ambulance: 0.5}", "ed: {decision: {dist: gamma, shape: 2, scale: 2h},",
		`ed: {majors: {capacity: 30, schedule: [{hours: "03:07-03:08", capacity: 0}]}, minors: {capacity: 10}, ` +
			`clinicians: {capacity: 6, schedule: [{days: [sat, sun], capacity: 1}]}, assessment: {dist: gamma, shape: 2, scale: 2h}, ` +
			`triage: [{name: a, share: 0.2}, {name: b, share: 0.8}], crowding: {above: 0, per_patient: 1000, max: 10}, ` +
			`boarding: corridor, corridor: 3, corridor_handover: true, others_majors: 0.5,`},
	{"town: {arrivals: 50/h}", "town: {arrivals: 50/h, ambulance: 1}", "ed: {decision: {dist: gamma, shape: 2, scale: 2h},",
		`ed: {majors: {capacity: 1000000}, minors: {capacity: 1}, clinicians: {capacity: 1000000}, assessment: {dist: fixed, value: 36500d}, ` +
			`crowding: {above: 1000000, per_patient: 0, max: 10}, boarding: cubicle, corridor: 1000000, others_majors: 1,`},
}

// boundsDocs returns hostileBase and the scenarios of atBounds, checking
// that the loader accepts each.
func boundsDocs(t testing.TB) []string {
	t.Helper()
	docs := []string{hostileBase}
	for _, rs := range slices.Concat(atBounds, typedEdges) {
		doc := hostileBase
		for i := 0; i+1 < len(rs); i += 2 {
			if n := strings.Count(doc, rs[i]); n != 1 {
				t.Fatalf("hostileBase holds %q %d times, want once", rs[i], n)
			}
			doc = strings.Replace(doc, rs[i], rs[i+1], 1)
		}
		docs = append(docs, doc)
	}
	for _, doc := range docs {
		if _, err := scenario.LoadBytes("bounds.yaml", []byte(doc)); err != nil {
			t.Fatalf("a scenario on the bounds is refused: %v\n%s", err, doc)
		}
	}
	return docs
}

// runAccepted checks the property of FuzzAccepted for one document.
func runAccepted(t *testing.T, doc string) {
	sc, err := scenario.LoadBytes("fuzz.yaml", []byte(doc))
	if err != nil || sc.Census != "" {
		return
	}
	if _, err := Prepare(sc); err != nil {
		t.Fatalf("the loader accepts what Prepare refuses: %v", err)
	}
	sc.Horizon = min(sc.Horizon, 2*scenario.Duration(engine.Day))
	sc.Warmup = 0
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatalf("Prepare over two days: %v", err)
	}
	res := RunPlan(plan, rng.Seed(1).Replication(0), Options{Journeys: true})
	checkConservation(t, res)
}

// TestAtBounds: scenarios on the loader's bounds, and at the edges of
// the values it resolves, prepare and run.
func TestAtBounds(t *testing.T) {
	for i, doc := range boundsDocs(t) {
		t.Run(strconv.Itoa(i), func(t *testing.T) { runAccepted(t, doc) })
	}
}

// FuzzAccepted: whatever scenario the loader accepts, model.Prepare
// accepts too (so validate accepts exactly what run accepts), and two
// simulated days of it run without a panic and keep every patient — the
// bounds the loader enforces are enough for the model. Scenarios with a
// census are left to FuzzCensus. The seeds are the scenarios of
// TestAtBounds but the first with 10000 arrivals an hour, which would slow
// every mutation of it.
func FuzzAccepted(f *testing.F) {
	for i, doc := range boundsDocs(f) {
		if i != 1 {
			f.Add(doc)
		}
	}
	f.Add("places: {town: {arrivals: 4/h}}\nsites: {main: {beds: {capacity: 1, los: {dist: exponential, mean: 36500d}, when_full: lost}}}\n")
	f.Fuzz(runAccepted)
}
