package fit

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/scenario"
)

// trueHourly and trueWeekday are an ED-like arrival pattern: quiet at
// 04:00, busiest late morning; Mondays busiest, weekends quieter. Both
// have mean 1.
func trueProfile() (hourly [24]float64, weekday [7]float64) {
	for h := range hourly {
		hourly[h] = 1 + 0.6*math.Sin(2*math.Pi*(float64(h)-10)/24+math.Pi/2)
	}
	weekday = [7]float64{1.2, 1.05, 1, 1, 1.05, 0.85, 0.85}
	return hourly, weekday
}

// simulateArrivals draws a non-homogeneous Poisson process with rate
// perDay/24·hourly[h]·weekday[d] over days days from start, exactly: within
// each hour the rate is constant, so the gaps there are exponential.
func simulateArrivals(start time.Time, days int, perDay float64, seed uint64) []time.Time {
	hourly, weekday := trueProfile()
	r := rand.New(rand.NewPCG(seed, 0xa11))
	var ts []time.Time
	for d := range days {
		day := start.AddDate(0, 0, d)
		w := mondayFirst(day.Weekday())
		for h := range 24 {
			rate := perDay / 24 * hourly[h] * weekday[w] // per hour
			for x := r.ExpFloat64() / rate; x < 1; x += r.ExpFloat64() / rate {
				ts = append(ts, day.Add(time.Duration((float64(h)+x)*float64(time.Hour))))
			}
		}
	}
	return ts
}

// TestArrivalProfile recovers a known profile from a year of simulated
// arrivals (about 36,500) starting on a Wednesday, so that the window
// holds 53 Wednesdays and 52 of every other weekday. Each weight is within
// 4 standard errors (a Poisson count's: weight/√count).
func TestArrivalProfile(t *testing.T) {
	const perDay, days = 100.0, 365
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := simulateArrivals(start, days, perDay, 1)
	p, err := ArrivalProfile(ts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Days != days || !p.First.Equal(start) || p.Arrivals != len(ts) {
		t.Fatalf("window %v + %d days, %d arrivals", p.First, p.Days, p.Arrivals)
	}
	hourly, weekday := trueProfile()
	n := float64(len(ts))
	for h, want := range hourly {
		se := want / math.Sqrt(n*want/24)
		if z := (p.Hourly[h] - want) / se; math.Abs(z) > 4 {
			t.Errorf("hourly[%d] = %.4f, want %.4f: %.1f SE off", h, p.Hourly[h], want, z)
		}
	}
	for d, want := range weekday {
		se := want / math.Sqrt(n*want/7)
		if z := (p.Weekday[d] - want) / se; math.Abs(z) > 4 {
			t.Errorf("weekday[%d] = %.4f, want %.4f: %.1f SE off", d, p.Weekday[d], want, z)
		}
	}
	if se := math.Sqrt(perDay * days); math.Abs(p.PerDay*days-perDay*days) > 4*se {
		t.Errorf("PerDay = %.2f, want %v", p.PerDay, perDay)
	}
	var sh, sw float64
	for _, x := range p.Hourly {
		sh += x
	}
	for _, x := range p.Weekday {
		sw += x
	}
	if math.Abs(sh-24) > 1e-9 || math.Abs(sw-7) > 1e-9 {
		t.Errorf("weights sum to %v and %v, want 24 and 7", sh, sw)
	}

	// The snippet loads under a place, and its weights have mean exactly 1.
	snip := p.Snippet()
	for _, name := range []string{"hourly", "weekday"} {
		line := snip[strings.Index(snip, name+": [")+len(name)+3:]
		line = line[:strings.IndexByte(line, ']')]
		var thousandths int64
		fields := strings.Split(line, ", ")
		for _, f := range fields {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			thousandths += int64(math.Round(v * 1000))
		}
		if thousandths != int64(1000*len(fields)) {
			t.Errorf("%s weights sum to %d thousandths over %d, want mean exactly 1", name, thousandths, len(fields))
		}
	}
	src := "places:\n  town:\n" + indent(snip, "    ") + "sites: {main: {beds: {capacity: 5, los: {dist: exponential, mean: 4d}}}}\n"
	sc, err := scenario.LoadBytes("profile.yaml", []byte(src))
	if err != nil {
		t.Fatalf("profile snippet does not load: %v\n%s", err, src)
	}
	pl := sc.Places["town"]
	if pl.ArrivalProfile == nil || len(pl.ArrivalProfile.Hourly) != 24 || len(pl.ArrivalProfile.Weekday) != 7 {
		t.Fatalf("loaded profile %+v", pl.ArrivalProfile)
	}
	if got := pl.Arrivals.PerDay(); math.Abs(got/p.PerDay-1) > 5e-4 {
		t.Errorf("arrivals %v/d, want %v", got, p.PerDay)
	}
}

func indent(s, by string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "")
}

// TestArrivalProfileClock: hours and weekdays come from each timestamp's
// own clock, whatever its offset.
func TestArrivalProfileClock(t *testing.T) {
	bst := time.FixedZone("BST", 3600)
	var ts []time.Time
	for d := range 7 {
		// 23:30 BST on each day is 22:30 UTC: hour 23 as written.
		ts = append(ts, time.Date(2025, 6, 2+d, 23, 30, 0, 0, bst))
	}
	p, err := ArrivalProfile(ts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Hourly[23] != 24 {
		t.Errorf("hourly = %v, want all weight at 23:00", p.Hourly)
	}
	for d, w := range p.Weekday {
		if w != 1 {
			t.Errorf("weekday[%d] = %v, want 1", d, w)
		}
	}
	if _, err := ArrivalProfile(ts[:6]); err == nil || !strings.Contains(err.Error(), "span 6 days") {
		t.Errorf("6 days: error %v, want a too-short window", err)
	}
}

func TestMeanOneWeights(t *testing.T) {
	// 1000.4, 1000.4, 1000.4, 998.8 thousandths: the floors sum to 3998;
	// the two largest remainders (0.8, then the first 0.4) get the rest.
	got := strings.Join(meanOneWeights([]float64{1.0004, 1.0004, 1.0004, 0.9988}, 3), ", ")
	if want := "1.001, 1, 1, 0.999"; got != want {
		t.Errorf("meanOneWeights = %s, want %s", got, want)
	}
	if got := meanOneWeights([]float64{0, 0}, 3); got[0] != "0" {
		t.Errorf("all-zero weights: %v", got)
	}
}
