package model

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestProfileArrivals: arrivals drawn by inversion follow the hourly and
// weekday weights — each hour-of-day and weekday count within 4 Poisson
// standard deviations of rate × weight × exposure — and the total matches
// the mean rate.
func TestProfileArrivals(t *testing.T) {
	hourly := make([]float64, 24)
	for h := range hourly {
		hourly[h] = 1 + math.Sin(float64(h)/24*2*math.Pi) // 0 at 18:00, 2 at 06:00
	}
	weekday := []float64{2, 1, 1, 1, 1, 0.5, 0.5}
	// Start mid-afternoon on a Wednesday, so hours and days are offset.
	clock := engine.NewClock(time.Date(2025, 4, 9, 15, 30, 0, 0, time.UTC))
	const days = 700
	pr := newProfile(&scenario.Profile{Hourly: hourly, Weekday: weekday}, clock, days+2)
	r := rand.New(rand.NewPCG(5, 6))
	const rate = 3.0 // per hour, on average
	var byHour [24]float64
	var byDay [7]float64
	n := 0
	end := engine.Time(days * 24)
	for now := engine.Time(0); ; {
		t, ok := pr.nextArrival(r, clock, rate, now, end)
		if !ok {
			break
		}
		byHour[int(clock.HourOfDay(t))]++
		byDay[(int(clock.Weekday(t))+6)%7]++
		n++
		now = t
	}
	want := rate * float64(end)
	if math.Abs(float64(n)-want) > 4*math.Sqrt(want) {
		t.Errorf("%d arrivals, want %.0f ± %.0f", n, want, 4*math.Sqrt(want))
	}
	hsum, wsum := 0.0, 0.0
	for _, w := range hourly {
		hsum += w
	}
	for _, w := range weekday {
		wsum += w
	}
	for h, got := range byHour {
		exp := float64(n) * hourly[h] / hsum
		if math.Abs(got-exp) > 4*math.Sqrt(exp)+1 {
			t.Errorf("hour %d: %v arrivals, want %.0f", h, got, exp)
		}
	}
	for d, got := range byDay {
		exp := float64(n) * weekday[d] / wsum
		if math.Abs(got-exp) > 4*math.Sqrt(exp)+1 {
			t.Errorf("weekday %d: %v arrivals, want %.0f", d, got, exp)
		}
	}
}

// TestEDAttendancesByTheHour: attendances that are not admitted are drawn
// as hourly Poisson counts split by the time-in-ED distribution; over many
// days their number matches rate × time and their four-hour share matches
// that distribution's CDF at 4 h (each within 4 standard errors).
func TestEDAttendancesByTheHour(t *testing.T) {
	sc, err := scenario.LoadBytes("ed.yaml", []byte(`
horizon: 400d
warmup: 30d
arrival_profile:
  hourly: [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]
places:
  town: {arrivals: 0.5/d}
sites:
  main:
    beds: {capacity: 50, los: {dist: exponential, mean: 2d}}
    ed:
      others: 200/d
      others_time: {dist: lognormal, median: 2.5h, p95: 8h}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, rng.Seed(4).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	v := metricsBySite(res)["main"]
	others := v["ed_attendances"] - v["arrivals"]
	want := 200.0 * 370
	if math.Abs(others-want) > 4*math.Sqrt(want) {
		t.Errorf("%v other attendances, want %v ± %.0f", others, want, 4*math.Sqrt(want))
	}
	// P(T <= 4h) for lognormal(median 2.5h, p95 8h).
	sigma := math.Log(8/2.5) / 1.6448536269514722
	p := 0.5 * math.Erfc(-(math.Log(4/2.5)/sigma)/math.Sqrt2)
	n := v["ed_attendances"]
	if share := v["ed_4h_share"]; math.Abs(share-p) > 4*math.Sqrt(p*(1-p)/n)+v["arrivals"]/n {
		t.Errorf("four-hour share %v, want %v", share, p)
	}
}

// TestWindowProfileOffTheHour: a window shorter than an hour, or off the
// hour, keeps its arrivals (its hours once counted only the clock hours
// whose middle it held, so 07:13-07:14 had none); each clock hour carries
// the window's minutes in it, and the profile averages 1 over the day.
func TestWindowProfileOffTheHour(t *testing.T) {
	clock := engine.NewClock(time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		hours string
		want  map[int]float64 // non-zero hourly weights
	}{
		{"07:13-07:14", map[int]float64{7: 24}},
		{"07:30-09:30", map[int]float64{7: 6, 8: 12, 9: 6}},
		{"23:30-00:30", map[int]float64{23: 12, 0: 12}},
		{"07:00-12:00", map[int]float64{7: 4.8, 8: 4.8, 9: 4.8, 10: 4.8, 11: 4.8}},
	} {
		w, err := scenario.ParseWindow(c.hours)
		if err != nil {
			t.Fatal(err)
		}
		pr := windowProfile(w, scenario.AllWeek, clock, 2)
		for h, x := range pr.hourly {
			if want := c.want[h]; math.Abs(x-want) > 1e-9 {
				t.Errorf("%s: hour %d weight %v, want %v", c.hours, h, x, want)
			}
		}
	}
}
