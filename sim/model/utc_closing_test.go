package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/scenario"
)

// overloadedUTC is a UTC open 08:00-20:00 with 3 clinicians treating for
// exactly an hour while 3.6 patients an hour are streamed to it: a queue
// builds through the day and is there at closing. atClosing is the
// at_closing line ("" for the default).
func overloadedUTC(atClosing string) string {
	return `    utc:
      capacity: 3
      hours: "08:00-20:00"
      streamed: 0.3
      treatment: {dist: fixed, value: 1h}
` + atClosing
}

// TestUTCToEDReturnsTheQueue: under one seed, a UTC that sends its queue
// back to ED at closing (at_closing: to_ed) is streamed the same patients
// as one that sees them (see): every patient streamed is treated, sent
// back or still there; the ED's attendances rise by exactly those sent
// back; their four-hour clock runs from their arrival at the UTC (with
// others_time a fixed 3 hours, a clock started at the return would put
// every one of them within four hours); and clinicians work past closing
// only to finish those being treated, so their hours are at most the
// open hours plus an hour per clinician per closing — which seeing the
// queue out exceeds.
func TestUTCToEDReturnsTheQueue(t *testing.T) {
	see := closingScenario(t, overloadedUTC(""))
	toED := closingScenario(t, overloadedUTC("      at_closing: to_ed\n"))
	for r := range 3 {
		ms, rs := runModel(t, see, r)
		mt, rt := runModel(t, toED, r)
		s, w := &ms.sites[0].tally, &mt.sites[0].tally
		if w.utcReturned == 0 || s.utcReturned != 0 {
			t.Fatalf("rep %d: %d sent back with to_ed, %d with see: want some, and none", r, w.utcReturned, s.utcReturned)
		}
		if w.utcArrivals != s.utcArrivals || w.utcInStart != s.utcInStart {
			t.Errorf("rep %d: streamed %d (%d there at the start) with to_ed, %d (%d) with see", r, w.utcArrivals, w.utcInStart, s.utcArrivals, s.utcInStart)
		}
		checkUTCBalance(t, fmt.Sprint("rep ", r), &mt.sites[0])
		if w.edAttendances-s.edAttendances != w.utcReturned || w.edOthers-s.edOthers != w.utcReturned {
			t.Errorf("rep %d: ED attendances %d with to_ed, %d with see: want %d more", r, w.edAttendances, s.edAttendances, w.utcReturned)
		}
		if d := w.edWithin4h - s.edWithin4h; d < 0 || d >= w.utcReturned {
			t.Errorf("rep %d: %d more ED attendances within 4 hours with to_ed, %d sent back: the clock restarted at the UTC's door", r, d, w.utcReturned)
		}
		mm := metricsOf(rt, "main")
		if got := mm[metric.UTCReturnedToED]; got != float64(w.utcReturned) {
			t.Errorf("utc_returned_to_ed = %v, tally %d", got, w.utcReturned)
		}
		// Without to_ed the metric is not reported at all; every other
		// metric is, in the same order.
		var names, withNames []string
		for _, x := range rs.Metrics {
			names = append(names, x.Name)
		}
		for _, x := range rt.Metrics {
			if x.Name != metric.UTCReturnedToED {
				withNames = append(withNames, x.Name)
			}
		}
		if slices.Contains(names, metric.UTCReturnedToED) || !slices.Equal(names, withNames) || len(withNames) == len(rt.Metrics) {
			t.Errorf("rep %d: see reports %d metrics, to_ed %d others of %d", r, len(names), len(withNames), len(rt.Metrics))
		}
		// One closing a day at 20:00 from the warm-up's end (noon) to the
		// horizon, each leaving at most an hour per clinician to finish.
		closings := math.Ceil(float64(mt.plan.horizon-mt.plan.warmup) / 24)
		open := mt.utcOpenCapacityHours(0, mt.plan.horizon)
		limit := open + closings*3*1
		if busy := mt.sites[0].utc.inUse.Area(float64(mt.plan.horizon)); busy > limit {
			t.Errorf("rep %d: to_ed: %.1f clinician-hours treating, open %.1f: over the %.1f finishing those in treatment allows", r, busy, open, limit)
		} else {
			t.Logf("rep %d: %d sent back; to_ed treats %.1f clinician-hours (utilisation %.3f), see %.1f (%.3f), open %.1f",
				r, w.utcReturned, busy, mm[metric.UTCUtilisation], ms.sites[0].utc.inUse.Area(float64(ms.plan.horizon)),
				metricsOf(rs, "main")[metric.UTCUtilisation], open)
		}
		if busy := ms.sites[0].utc.inUse.Area(float64(ms.plan.horizon)); !(busy > limit) {
			t.Errorf("rep %d: see: %.1f clinician-hours treating, within the %.1f to_ed allows: the queue at closing is too short to tell them apart", r, busy, limit)
		}
	}
}

// closingScenario is utcScenario with the ED's other attendances a fixed
// 3 hours in ED, so a patient sent back from the UTC is out within four
// hours of arriving exactly when their UTC wait was at most an hour.
func closingScenario(t *testing.T, utc string) *scenario.Scenario {
	t.Helper()
	doc := strings.Replace(utcDoc(utc), "others_time: {dist: exponential, mean: 2.5h}", "others_time: {dist: fixed, value: 3h}", 1)
	return loadUTCDoc(t, doc)
}

// TestUTCClosingTimes: a UTC closes at the end of its hours and at a
// midnight its next day does not continue: open all week round the clock
// it never closes, so to_ed gives exactly see's metrics and sends nobody
// back; open all day on weekdays it closes at Friday midnight, and open
// 20:00-08:00 at 08:00, with a queue to send back each time.
func TestUTCClosingTimes(t *testing.T) {
	section := func(hours, days, atClosing string) string {
		return "    utc:\n      capacity: 3\n      streamed: 0.3\n      treatment: {dist: fixed, value: 1h}\n" +
			"      hours: \"" + hours + "\"\n" + days + atClosing
	}
	const toED = "      at_closing: to_ed\n"
	see, rs := runModel(t, utcScenario(t, section("00:00-24:00", "", "")), 0)
	never, rn := runModel(t, utcScenario(t, section("00:00-24:00", "", toED)), 0)
	if never.sites[0].utcReturned != 0 {
		t.Errorf("a UTC open round the clock sent %d back to ED", never.sites[0].utcReturned)
	}
	if see.sites[0].tally != never.sites[0].tally {
		t.Error("a UTC open round the clock: to_ed and see counted differently")
	}
	for _, m := range rs.Metrics {
		if got := metricsOf(rn, m.Site)[m.Name]; got != m.Value && !(math.IsNaN(got) && math.IsNaN(m.Value)) {
			t.Errorf("%s at %s: %v with to_ed, %v with see", m.Name, m.Site, got, m.Value)
		}
	}
	for _, c := range []struct{ hours, days string }{
		{"00:00-24:00", "      days: [mon, tue, wed, thu, fri]\n"},
		{"20:00-08:00", ""},
	} {
		m, _ := runModel(t, utcScenario(t, section(c.hours, c.days, toED)), 0)
		s := &m.sites[0]
		if s.utcReturned == 0 {
			t.Errorf("hours %s %s: nobody sent back", c.hours, c.days)
		}
		checkUTCBalance(t, "hours "+c.hours+" "+c.days, s)
		t.Logf("hours %s %s: %d streamed, %d sent back", c.hours, strings.TrimSpace(c.days), s.utcArrivals, s.utcReturned)
	}
}

// TestUTCToEDWithEDCapacity: with ED capacity those sent back at closing
// arrive at ED's front door as minor attendances: under one seed, exactly
// that many more patients reach ED than when the UTC sees its queue out,
// every attendance still leaves ED once, and every UTC patient is
// accounted for.
func TestUTCToEDWithEDCapacity(t *testing.T) {
	beds := "{capacity: 70, los: {dist: exponential, mean: 1d}}"
	utc := `
    utc:
      capacity: 1
      hours: "08:00-20:00"
      streamed: 0.5
      treatment: {dist: fixed, value: 1h}`
	see := runModels(t, edScenario(t, 3, 0.4, "1200h", "100h", beds, keepingUpED+utc), 3, 5)
	toED := runModels(t, edScenario(t, 3, 0.4, "1200h", "100h", beds, keepingUpED+utc+"\n      at_closing: to_ed"), 3, 5)
	for r := range see {
		s, w := &see[r].sites[0], &toED[r].sites[0]
		if w.utcReturned == 0 {
			t.Fatalf("rep %d: nobody sent back", r)
		}
		if w.edArrived-s.edArrived != w.utcReturned || w.utcArrivals != s.utcArrivals {
			t.Errorf("rep %d: %d reached ED with to_ed, %d with see, %d sent back", r, w.edArrived, s.edArrived, w.utcReturned)
		}
		checkEDBalance(t, toED[r].Model)
		checkUTCBalance(t, fmt.Sprint("rep ", r), w)
	}
}
