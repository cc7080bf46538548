package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
)

// edDays returns site 0's ed rows with each one's length in hours,
// checking there is one per day.
func edDays(t *testing.T, m *Model, res *Result) ([]Day, []float64) {
	t.Helper()
	var rows []Day
	var hours []float64
	for _, d := range res.Daily {
		if d.Site != m.plan.sites[0].key || d.Unit != "ed" {
			continue
		}
		if d.Day != len(rows) {
			t.Fatalf("ed row of day %d after %d rows", d.Day, len(rows))
		}
		start := dayStartOf(m, d.Day)
		end := min(dayStartOf(m, d.Day+1), m.plan.horizon)
		rows, hours = append(rows, d), append(hours, float64(end-start))
	}
	if want := int(math.Ceil(float64(m.plan.horizon) / 24)); len(rows) != want {
		t.Fatalf("%d ed rows, want %d (one a day)", len(rows), want)
	}
	return rows, hours
}

// dayStartOf is when day d began (as Model.dayStartTime for day d).
func dayStartOf(m *Model, d int) engine.Time {
	if d == 0 {
		return 0
	}
	return m.clock.NextMidnight(0) + engine.Time(d-1)*engine.Day
}

// TestEDDailyRows: daily.csv's ed rows follow every patient of an ED with
// every mechanism on. Over the recorded days (the warm-up ends at a
// midnight), the arrivals plus those in ED at the warm-up's end are the
// attendances that left plus those still there; over the run, arrivals
// less those who took a space are those waiting for one at the horizon,
// and those who took a space less those who left one are still in one.
// The time-weighted patients in spaces are the cubicle-hours
// (ed_cubicle_occupancy of the cubicles' hours) plus ed_corridor_hours;
// the handover queue adds up to every crew's wait (with no warm-up); and
// with no other way to a bed than ED, its boarders are the beds rows'
// boarding, exactly.
func TestEDDailyRows(t *testing.T) {
	for _, warmup := range []string{"0h", "96h"} {
		sc := edScenario(t, 3, 0.4, "1013h", warmup, "{capacity: 34, los: {dist: exponential, mean: 1d}}", busyED)
		for _, m := range runModels(t, sc, 2, 5) {
			rows, hours := edDays(t, m.Model, m.res)
			firstDay := 0
			for dayStartOf(m.Model, firstDay) < m.plan.warmup {
				firstDay++
			}
			if dayStartOf(m.Model, firstDay) != m.plan.warmup {
				t.Fatalf("warm-up %v does not end at a midnight", m.plan.warmup)
			}
			s, e := &m.sites[0], m.sites[0].ed
			var arrivals, admissions, discharges, recorded int
			var spaceHours, handoverHours, boarding float64
			for d, r := range rows {
				arrivals += r.Arrivals
				admissions += r.Admissions
				discharges += r.Discharges
				handoverHours += r.Delayed * hours[d]
				boarding += r.Boarding
				if d >= firstDay {
					recorded += r.Arrivals
					spaceHours += r.Occupied * hours[d]
				}
			}
			ms := metricsBySite(m.res)[m.plan.sites[0].key]
			still := m.inEDNow(0)
			if got, want := recorded+s.edInStart, int(ms[metric.EDAttendances])+still; got != want || recorded != s.edArrived {
				t.Errorf("warm-up %s: %d recorded arrivals + %d in ED at the start = %d, want %v attendances + %d still in ED",
					warmup, recorded, s.edInStart, got, ms[metric.EDAttendances], still)
			}
			waiting := e.crews.len() + e.waitingRoom[0].len() + e.waitingRoom[1].len()
			if arrivals-admissions != waiting || admissions-discharges != e.present() {
				t.Errorf("warm-up %s: %d arrivals, %d took a space, %d left one; %d wait for a space and %d are in one at the horizon",
					warmup, arrivals, admissions, discharges, waiting, e.present())
			}
			cubicleHours := e.majors.capacityHours(m.plan.horizon) + e.minors.capacityHours(m.plan.horizon)
			want := ms[metric.EDCubicleOccupancy]*cubicleHours + ms[metric.EDCorridorHours]
			if math.Abs(spaceHours-want) > 1e-9*want {
				t.Errorf("warm-up %s: %.10g patient-hours in ED spaces over the recorded days, cubicles and corridor %.10g", warmup, spaceHours, want)
			}
			if m.plan.warmup == 0 {
				crews := s.handoverHours
				for i := range e.crews.len() {
					crews += float64(m.plan.horizon - m.patients.records[e.crews.at(i)].arrived)
				}
				if math.Abs(handoverHours-crews) > 1e-9*crews || crews == 0 {
					t.Errorf("handover queue %.10g crew-hours over the days, crews waited %.10g h", handoverHours, crews)
				}
			}
			for _, d := range m.res.Daily {
				if d.Unit == "beds" && d.Boarding != rows[d.Day].Boarding {
					t.Fatalf("warm-up %s, day %d: %.10g boarding for a bed, %.10g boarding in ED", warmup, d.Day, d.Boarding, rows[d.Day].Boarding)
				}
			}
			if boarding == 0 || handoverHours == 0 {
				t.Errorf("warm-up %s: nobody boarded (%g) or waited for handover (%g): the check is idle", warmup, boarding, handoverHours)
			}
		}
	}
}

// TestNoEDRowsWithoutCapacity: a site whose ED has no capacity (the UEC
// test scenario's, a decision time) has no ed rows.
func TestNoEDRowsWithoutCapacity(t *testing.T) {
	res, err := Run(loadUEC(t), rng.Seed(1).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Daily {
		if d.Unit == "ed" {
			t.Fatalf("an ed row at site %s without ED capacity", d.Site)
		}
	}
}
