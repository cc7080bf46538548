package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// dischargeRhythm is a site whose patients spend exactly two days in a bed,
// with beds to spare; those going home on p0 leave only 10:00–16:00 on
// weekdays (weekend: 0). Arrivals are homogeneous Poisson, so patients
// become medically safe uniformly over the week, and each discharge
// measure has an answer computed below by integration over the week.
// Twenty percent of patients need p1 home care, which has places to spare
// and a fixed five-day service: Little's law gives its places in use.
const dischargeRhythm = `
name: discharge-rhythm
start: 2025-04-07       # a Monday
horizon: 400d
warmup: 35d
places:
  town:
    arrivals: 40/d
cohorts:
  all:
    share: 1
    los: {dist: fixed, value: 2d}
    pathways: {p0: 0.8, p1: 0.2}
sites:
  main:
    beds:
      capacity: 400
      los: {dist: fixed, value: 2d}
      when_full: queue
    discharge: {hours: "10:00-16:00", weekend: 0}
    pathways:
      p1:
        capacity: 400
        los: {dist: fixed, value: 5d}
`

// leaveAt is when a p0 patient medically safe at s (hours since a Monday
// midnight) leaves: the next instant in 10:00–16:00 on Monday to Friday.
func leaveAt(s float64) float64 {
	for t := s; ; t = math.Floor(t/24)*24 + 24 {
		day, hour := int(math.Floor(t/24))%7, math.Mod(t, 24)
		if day >= 5 { // Saturday, Sunday
			continue
		}
		switch {
		case hour < 10:
			return math.Floor(t/24)*24 + 10
		case hour < 16:
			return t
		}
	}
}

// TestDischargeMeasuresMatchTheRhythm: the wait from medically safe to
// leaving, the share leaving on a later day, the share of the midnight
// count leaving each day and the weekend share agree with their values
// integrated over the week; p1 places in use obey Little's law.
func TestDischargeMeasuresMatchTheRhythm(t *testing.T) {
	// The week integrated at one-minute steps (midpoints).
	const step = 1.0 / 60
	var n, wait, late, lateWait float64
	var counted, left float64 // midnight counts, and those leaving the next day
	for s := step / 2; s < 168; s += step {
		w := leaveAt(s) - s
		n++
		wait += w
		next := math.Floor(s/24)*24 + 24
		if s+w >= next {
			late++
			lateWait += w
		}
		// Each midnight M after s and before the patient leaves counts
		// them; they leave before M+24 only at the last such midnight.
		for m := next; m < s+w; m += 24 {
			counted++
			if s+w < m+24 {
				left++
			}
		}
	}
	// The p1 patients (20%) leave their bed the moment they are medically
	// safe, on any day: no wait, never late, never in a midnight count.
	const p0 = 0.8
	want := map[string]float64{
		"discharge_wait_days_mean": p0 * wait / n / 24,
		"late_discharge_share":     p0 * late / n,
		"late_discharge_days_mean": lateWait / late / 24,
		"ready_discharged_share":   left / counted,
		"weekend_discharge_share":  (1 - p0) * 2.0 / 7,
	}

	sc, err := scenario.LoadBytes("discharge-rhythm.yaml", []byte(dischargeRhythm))
	if err != nil {
		t.Fatal(err)
	}
	const reps = 6
	got := map[string][]float64{}
	for r := range reps {
		res, err := Run(sc, rng.Seed(31).Replication(r))
		if err != nil {
			t.Fatal(err)
		}
		v := metricsBySite(res)["main"]
		for name := range want {
			got[name] = append(got[name], v[name])
		}
		// Little's law for p1: places in use = starts an hour × 120 h.
		span := float64(sc.Horizon - sc.Warmup)
		little := v["p1_starts"] / span * 120
		if inUse := v["p1_in_use_mean"]; math.Abs(inUse-little) > 0.03*little {
			t.Errorf("rep %d: p1_in_use_mean %.3f, Little's law %.3f", r, inUse, little)
		}
		if u, want := v["p1_utilisation"], v["p1_in_use_mean"]/400; math.Abs(u-want) > 1e-12 {
			t.Errorf("rep %d: p1_utilisation %v, in use / capacity %v", r, u, want)
		}
		if u := v["p2_utilisation"]; !math.IsNaN(u) {
			t.Errorf("rep %d: p2_utilisation %v with no p2 service, want NaN", r, u)
		}
	}
	for name, w := range want {
		mean, half := meanAndHalfWidth(got[name])
		// The integrated value lies within twice the replications' 95%
		// interval (plus the integration's own error).
		if math.Abs(mean-w) > 2*half+1e-4 {
			t.Errorf("%s = %.5f ± %.5f, integrated over the week %.5f", name, mean, half, w)
		}
	}
}

// meanAndHalfWidth returns the mean of xs and the half-width of a 95%
// t-interval (t ≈ 2.57 for 5 degrees of freedom is generous for more).
func meanAndHalfWidth(xs []float64) (mean, half float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(xs)-1))
	return mean, 2.57 * sd / math.Sqrt(float64(len(xs)))
}

// TestBoardingAndTheWaitShareAreErlangs: on the M/M/5 example, the share
// of admissions that waited for a bed is Erlang C's P(wait) within the
// replications' interval, daily.csv's boarding column integrates to the
// time-average queue exactly, and each day carries its calendar date.
func TestBoardingAndTheWaitShareAreErlangs(t *testing.T) {
	at := func(s string) scenario.Override {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	sc, err := scenario.LoadWith("../../scenarios/examples/mmc.yaml", at("horizon=80d"), at("warmup=5d"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	const reps = 8
	var shares []float64
	for r := range reps {
		res := RunPlan(plan, rng.Seed(3).Replication(r), Options{})
		v := metricsBySite(res)["main"]
		shares = append(shares, v["bed_wait_share"])
		area := 0.0
		for _, d := range res.Daily {
			if want := sc.Start.Time().AddDate(0, 0, d.Day).Format("2006-01-02"); d.Date != want {
				t.Fatalf("day %d dated %s, want %s", d.Day, d.Date, want)
			}
			if d.Unit == "beds" && d.Day >= 5 {
				area += d.Boarding * 24 // every recorded day is whole
			}
		}
		if want := v["queue_mean"] * float64(sc.Horizon-sc.Warmup); math.Abs(area-want) > 1e-6*want {
			t.Errorf("rep %d: boarding over the days %v patient-hours, queue_mean × span %v", r, area, want)
		}
	}
	mean, half := meanAndHalfWidth(shares)
	if want := erlangC(5, 4.25); math.Abs(mean-want) > 2*half+0.005 {
		t.Errorf("bed_wait_share %.4f ± %.4f, Erlang C %.4f", mean, half, want)
	}
}
