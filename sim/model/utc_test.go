package model

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// utcScenario is a small site whose ED sends some of its other attendances
// to an urgent treatment centre given by utc (YAML under the site, or ""
// for none). The warm-up ends at noon, so the UTC is busy as recording
// starts. (It ends on the hour: the ED counts an hour's other attendances
// at the hour's start, so in an hour split by the end of the warm-up the
// recording reset wipes the ED's part after it, but not the UTC's.)
func utcScenario(t *testing.T, utc string) *scenario.Scenario {
	t.Helper()
	return loadUTCDoc(t, utcDoc(utc))
}

// utcDoc is utcScenario's document.
func utcDoc(utc string) string {
	return `
name: utc
horizon: 40d
warmup: 132h
places:
  town: {arrivals: 3/h}
sites:
  main:
    beds:
      capacity: 90
      los: {dist: exponential, mean: 24h}
    ed:
      decision: {dist: exponential, mean: 2h}
      others: 12/h
      others_time: {dist: exponential, mean: 2.5h}
` + utc
}

// loadUTCDoc loads a UTC test scenario.
func loadUTCDoc(t *testing.T, doc string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadBytes("utc.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

const utcSection = `    utc:
      capacity: 4
      hours: "08:00-22:00"
      streamed: 0.3
      treatment: {dist: lognormal, mean: 50m, sd: 30m}
`

// runModel runs replication r of sc and returns the model (for its tallies)
// and the result.
func runModel(t *testing.T, sc *scenario.Scenario, r int) (*Model, *Result) {
	t.Helper()
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := New(plan, rng.Seed(11).Replication(r))
	return m, m.Run()
}

// metricsOf returns res's metrics at site by name.
func metricsOf(res *Result, site string) map[string]float64 {
	out := map[string]float64{}
	for _, m := range res.Metrics {
		if m.Site == site {
			out[m.Name] = m.Value
		}
	}
	return out
}

// TestUTCMovesAttendancesWithoutLosingAny: under one seed, the ED's other
// attendances with a UTC plus those streamed to it are exactly the ED's
// other attendances without one; every UTC patient present at the end of
// the warm-up or arriving after it has gone home or is still there at the
// horizon; and nothing else about the site changes, because the UTC draws
// from its own streams.
func TestUTCMovesAttendancesWithoutLosingAny(t *testing.T) {
	base, with := utcScenario(t, ""), utcScenario(t, utcSection)
	for r := range 3 {
		mb, rb := runModel(t, base, r)
		mw, rw := runModel(t, with, r)
		b, w := &mb.sites[0].tally, &mw.sites[0].tally
		if w.utcArrivals == 0 || w.utcInStart == 0 {
			t.Fatalf("rep %d: %d streamed, %d in the UTC at the warm-up's end: the test needs both", r, w.utcArrivals, w.utcInStart)
		}
		if w.edOthers+w.utcArrivals != b.edOthers {
			t.Errorf("rep %d: ED others %d + UTC %d != ED others without a UTC %d", r, w.edOthers, w.utcArrivals, b.edOthers)
		}
		if w.edAttendances+w.utcArrivals != b.edAttendances {
			t.Errorf("rep %d: ED attendances %d + UTC %d != without a UTC %d", r, w.edAttendances, w.utcArrivals, b.edAttendances)
		}
		if w.edWithin4h > b.edWithin4h || b.edWithin4h-w.edWithin4h > w.utcArrivals {
			t.Errorf("rep %d: ED within 4h %d with a UTC, %d without, %d streamed", r, w.edWithin4h, b.edWithin4h, w.utcArrivals)
		}
		checkUTCBalance(t, fmt.Sprint("rep ", r), &mw.sites[0])
		mb2, mw2 := metricsOf(rb, "main"), metricsOf(rw, "main")
		for name, v := range mb2 {
			if strings.HasPrefix(name, "utc_") || name == metric.EDAttendances || name == metric.ED4hShare || name == metric.AE4hShare {
				continue
			}
			if v != mw2[name] && !(math.IsNaN(v) && math.IsNaN(mw2[name])) {
				t.Errorf("rep %d: %s = %v without a UTC, %v with one", r, name, v, mw2[name])
			}
		}
		if got := mw2[metric.UTCArrivals]; got != float64(w.utcArrivals) {
			t.Errorf("utc_arrivals = %v, tally %d", got, w.utcArrivals)
		}
		// daily.csv's utc rows, warm-up included, count every patient
		// streamed, and every one treated but those still there.
		var arrived, started, left int
		for _, d := range rw.Daily {
			if d.Unit == "utc" {
				arrived, started, left = arrived+d.Arrivals, started+d.Admissions, left+d.Discharges
			}
		}
		inUse, end := mw.sites[0].utc.inUse.Value(), mw.sites[0].inUTC()
		if uint64(arrived) != mw.sites[0].utcCount || arrived-left != end || started-left != inUse {
			t.Errorf("rep %d: daily utc rows: %d arrived, %d started, %d left; %d streamed, %d there at the end (%d being seen)",
				r, arrived, started, left, mw.sites[0].utcCount, end, inUse)
		}
	}
}

// TestTypes1And3Share: the four-hour share over types 1 and 3 is the ED's
// and the UTC's within-four-hours counts over their attendances, exactly,
// at the site and for the system; ed_4h_share stays the ED's alone; and
// without a UTC the two shares are the same.
func TestTypes1And3Share(t *testing.T) {
	m, res := runModel(t, utcScenario(t, utcSection), 0)
	s := &m.sites[0].tally
	for _, site := range []string{"main", SystemSite} {
		got := metricsOf(res, site)
		want := float64(s.edWithin4h+s.utcWithin4h) / float64(s.edAttendances+s.utcAttendances)
		if got[metric.AE4hShare] != want {
			t.Errorf("%s: ae_4h_share = %v, want (%d + %d) / (%d + %d) = %v", site, got[metric.AE4hShare],
				s.edWithin4h, s.utcWithin4h, s.edAttendances, s.utcAttendances, want)
		}
		if ed := float64(s.edWithin4h) / float64(s.edAttendances); got[metric.ED4hShare] != ed {
			t.Errorf("%s: ed_4h_share = %v, want %v", site, got[metric.ED4hShare], ed)
		}
		if u := float64(s.utcWithin4h) / float64(s.utcAttendances); got[metric.UTC4hShare] != u {
			t.Errorf("%s: utc_4h_share = %v, want %v", site, got[metric.UTC4hShare], u)
		}
		if got[metric.UTCAttendances] != float64(s.utcAttendances) {
			t.Errorf("%s: utc_attendances = %v, want %d", site, got[metric.UTCAttendances], s.utcAttendances)
		}
	}
	_, res = runModel(t, utcScenario(t, ""), 0)
	got := metricsOf(res, "main")
	if got[metric.AE4hShare] != got[metric.ED4hShare] || !math.IsNaN(got[metric.UTC4hShare]) || got[metric.UTCAttendances] != 0 {
		t.Errorf("without a UTC: ae %v, ed %v, utc share %v, utc attendances %v",
			got[metric.AE4hShare], got[metric.ED4hShare], got[metric.UTC4hShare], got[metric.UTCAttendances])
	}
}

// TestUTCClosedHoursSendNobody steps a replication hour by hour: in hours
// the UTC is closed (before 08:00, from 20:00, and at weekends) nobody
// reaches it, and in open hours the streamed share of the ED's rate does.
func TestUTCClosedHoursSendNobody(t *testing.T) {
	const others, streamed = 12.0, 0.3
	sc := utcScenario(t, `    utc:
      capacity: 4
      hours: "08:00-20:00"
      days: [mon, tue, wed, thu, fri]
      streamed: 0.3
      treatment: {dist: exponential, mean: 30m}
`)
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := New(plan, rng.Seed(5).Replication(0))
	m.start()
	s := &m.sites[0]
	openHours, sent := 0, uint64(0)
	for k := 0; m.clock.HourStart(k+1) <= plan.horizon; k++ {
		before := s.utcCount
		m.eng.RunUntil(m.clock.HourStart(k + 1))
		n := s.utcCount - before
		at := m.clock.HourStart(k)
		h, day := m.clock.HourOfDay(at), m.clock.Weekday(at)
		open := h >= 8 && h < 20 && day != time.Saturday && day != time.Sunday
		if !open && n > 0 {
			t.Fatalf("hour %d (%s %02.0f:00): %d patients reached a closed UTC", k, day, h, n)
		}
		if open {
			openHours++
			sent += n
		}
	}
	want := others * streamed * float64(openHours)
	if math.Abs(float64(sent)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d streamed in %d open hours, want about %.0f (Poisson sd %.0f)", sent, openHours, want, math.Sqrt(want))
	}
}

// TestUTCMatchesErlangC: everyone streamed to a UTC open all day is a
// Poisson stream, so with exponential treatment the UTC is an M/M/c queue:
// the mean wait to be seen matches Erlang C, Wq = C(c, a) / (cμ − λ), and
// utilisation a/c.
func TestUTCMatchesErlangC(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical: 20 replications of 200 days")
	}
	const c, others, streamed, mu = 6, 10.0, 0.5, 1.25 // λ = 5/h, a = 4, ρ = 2/3
	doc := fmt.Sprintf(`
name: utc-mmc
horizon: 200d
warmup: 5d
places:
  town: {arrivals: 1/h}
sites:
  main:
    beds:
      capacity: 60
      los: {dist: exponential, mean: 24h}
    ed:
      others: %g/h
      others_time: {dist: exponential, mean: 2h}
    utc:
      capacity: %d
      streamed: %g
      treatment: {dist: exponential, mean: %gh}
`, others, c, streamed, 1/mu)
	sc, err := scenario.LoadBytes("utc-mmc.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	m := runReps(t, sc, 20, "main")
	lambda := others * streamed
	a := lambda / mu
	checkInCI(t, "Wq (hours)", m[metric.UTCWaitMean], erlangC(c, a)/(c*mu-lambda))
	checkInCI(t, "utilisation", m[metric.UTCUtilisation], a/c)
	checkInCI(t, "attendances a day", scaled(m[metric.UTCAttendances], 1/195.0), lambda*24)
}

// scaled returns xs times f.
func scaled(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

// TestUTCOpenCapacityHours: the clinician-hours a UTC is open for count
// each open hour once, partial hours at the edges by their open share.
func TestUTCOpenCapacityHours(t *testing.T) {
	sc := utcScenario(t, `    utc:
      capacity: 3
      hours: "08:30-20:00"
      streamed: 0.2
      treatment: {dist: exponential, mean: 30m}
`)
	m, _ := runModel(t, sc, 0)
	// Recording runs from 132h (noon on day 6) to 960h (midnight ending
	// day 40): 8 open hours on day 6, then 34 whole days of 11.5.
	if h := m.clock.HourOfDay(m.plan.warmup); h != 12 {
		t.Fatalf("warm-up ends at %v h of the day, the test assumes 12", h)
	}
	got := m.utcOpenCapacityHours(0, m.plan.horizon)
	if want := 3 * (8 + 34*11.5); math.Abs(got-want) > 1e-9 {
		t.Errorf("open clinician-hours = %v, want %v", got, want)
	}
	// Up to 09:00 on day 7: 8 hours on day 6 and half an hour on day 7.
	if got, want := m.utcOpenCapacityHours(0, 6*24+9), 3*(8+0.5); math.Abs(got-want) > 1e-9 {
		t.Errorf("open clinician-hours to 09:00 on day 7 = %v, want %v", got, want)
	}
}

// keepingUpED is an ED with capacity that keeps up (busyED's clinicians
// cannot), with other attendances to stream to a UTC: fewer minors leave
// its cubicles emptier rather than a queue shorter.
const keepingUpED = `
      others: 4/h
      others_time: {dist: lognormal, median: 1h, p95: 3h}
      others_majors: 0.2
      others_ambulance: 0.1
      majors: {capacity: 30}
      minors: {capacity: 15}
      clinicians: {capacity: 20}
      assessment: {dist: lognormal, median: 1h, p95: 3h}
      workup: {dist: exponential, mean: 1h}
      boarding: corridor
      corridor: 20
      corridor_handover: true`

// checkUTCBalance: every UTC patient present at the end of the warm-up or
// streamed after it has gone home, been sent back to ED at closing or is
// still there at the horizon.
func checkUTCBalance(t *testing.T, label string, s *siteState) {
	t.Helper()
	if end := s.inUTC(); s.utcInStart+s.utcArrivals != s.utcAttendances+s.utcReturned+end {
		t.Errorf("%s: %d in the UTC at the start + %d streamed != %d gone home + %d sent back to ED + %d there at the end",
			label, s.utcInStart, s.utcArrivals, s.utcAttendances, s.utcReturned, end)
	}
}

// TestUTCStreamsMinorsFromAnEDWithCapacity: with ED capacity, the other
// attendances are patients, and the minors among them are streamed at
// ED's front door (minorAttends), before taking a cubicle. Under one seed
// the same other attendances arrive with and without a UTC; those who
// reach ED's spaces plus those streamed after the warm-up are exactly
// those who reached them without one; every attendance still leaves ED
// once; every UTC patient is accounted for; and the minors cubicles, with
// fewer patients, are less full.
func TestUTCStreamsMinorsFromAnEDWithCapacity(t *testing.T) {
	beds := "{capacity: 70, los: {dist: exponential, mean: 1d}}"
	utc := `
    utc:
      capacity: 3
      hours: "08:00-22:00"
      streamed: 0.5
      treatment: {dist: lognormal, mean: 50m, sd: 30m}`
	base := runModels(t, edScenario(t, 3, 0.4, "1200h", "100h", beds, keepingUpED), 3, 5)
	with := runModels(t, edScenario(t, 3, 0.4, "1200h", "100h", beds, keepingUpED+utc), 3, 5)
	var baseMinors, withMinors float64
	for r := range base {
		b, w := &base[r].sites[0], &with[r].sites[0]
		if w.utcArrivals == 0 {
			t.Fatalf("rep %d: nobody streamed", r)
		}
		if b.ed.othersCount != w.ed.othersCount {
			t.Errorf("rep %d: %d other attendances without a UTC, %d with: the UTC changed ED's arrivals", r, b.ed.othersCount, w.ed.othersCount)
		}
		if w.edArrived+w.utcArrivals != b.edArrived {
			t.Errorf("rep %d: %d reached ED + %d streamed != %d reached ED without a UTC", r, w.edArrived, w.utcArrivals, b.edArrived)
		}
		checkEDBalance(t, with[r].Model)
		checkUTCBalance(t, fmt.Sprint("rep ", r), w)
		now := float64(base[r].now())
		baseMinors += b.ed.minors.inUse.Area(now)
		withMinors += w.ed.minors.inUse.Area(float64(with[r].now()))
	}
	if !(withMinors < 0.95*baseMinors) {
		t.Errorf("minors cubicle-hours %v with a UTC, %v without: streaming half the minors in the day should empty them", withMinors, baseMinors)
	}
}

// TestUTCClinicianHoursPaid: the clinician-hours paid are the open
// clinician-hours plus the clinician-hours treating while the UTC is
// closed, the second measured again here from the clinicians' busy level
// read at every clock hour: a UTC of 2 clinicians that closes each day
// with a queue, open 08:00–22:00 on weekdays, works on after closing (at
// closing: see) or finishes only those with a clinician (to_ed). A UTC
// open all day every day has nothing after closing, so it is paid its
// open clinician-hours exactly.
func TestUTCClinicianHoursPaid(t *testing.T) {
	const busyUTC = `    utc:
      capacity: 2
      hours: "08:00-22:00"
      days: [mon, tue, wed, thu, fri]
      streamed: 0.3
      treatment: {dist: lognormal, mean: 50m, sd: 30m}
`
	for _, c := range []struct {
		name, utc string
		overrun   bool
	}{
		{"see", busyUTC, true},
		{"to_ed", busyUTC + "      at_closing: to_ed\n", true},
		{"always open", strings.Replace(busyUTC, "      hours: \"08:00-22:00\"\n      days: [mon, tue, wed, thu, fri]\n", "", 1), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan, err := Prepare(utcScenario(t, c.utc))
			if err != nil {
				t.Fatal(err)
			}
			m := New(plan, rng.Seed(11).Replication(0))
			m.start()
			// Every clock hour is wholly open or closed: read the busy
			// clinician-hours of each closed one.
			busy := &m.sites[0].utc.inUse
			closedBusy := 0.0
			for k := m.clock.HourIndex(plan.warmup); m.clock.HourStart(k+1) <= plan.horizon; k++ {
				from, to := m.clock.HourStart(k), m.clock.HourStart(k+1)
				m.eng.RunUntil(from)
				before := busy.Total(float64(from))
				m.eng.RunUntil(to)
				if !m.utcOpen(0, (from+to)/2) {
					closedBusy += busy.Total(float64(to)) - before
				}
			}
			m.eng.RunUntil(plan.horizon)
			res := m.finish()
			all := metricsOf(res, SystemSite)
			open := m.utcOpenCapacityHours(0, plan.horizon)
			got := metricsOf(res, "main")[metric.UTCClinicianHours]
			if want := open + closedBusy; math.Abs(got-want) > 1e-9*want {
				t.Errorf("utc_clinician_hours = %v, want %v open + %v treating while closed", got, open, closedBusy)
			}
			if all[metric.UTCClinicianHours] != got {
				t.Errorf("the system's utc_clinician_hours %v, the one site's %v", all[metric.UTCClinicianHours], got)
			}
			if c.overrun != (closedBusy > 1) {
				t.Errorf("%v clinician-hours treating while closed, want more than 1: %v", closedBusy, c.overrun)
			}
			if c.overrun && !(all[metric.UTCUtilisation] > 0.9) {
				t.Errorf("utc_utilisation %v: the UTC is not busy enough to close with a queue", all[metric.UTCUtilisation])
			}
		})
	}
}
