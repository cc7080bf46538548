package fit

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Profile is an arrival-rate profile: arrivals per hour at hour h of
// weekday d are PerDay/24 · Hourly[h] · Weekday[d]. Hourly and Weekday are
// relative weights with mean 1, the form of a scenario's arrival_profile.
type Profile struct {
	// Hourly are the weights of the hours 00:00–01:00 to 23:00–24:00.
	Hourly [24]float64
	// Weekday are the weights of Monday to Sunday.
	Weekday [7]float64
	// PerDay is the mean number of arrivals a day over a week: the mean
	// over weekdays of each weekday's arrivals per day, so that a window
	// with an extra Monday does not tilt it.
	PerDay float64
	// Arrivals is the number of timestamps.
	Arrivals int
	// First and Last are the first and last dates (midnight) of the
	// window: every day from the first arrival's to the last's.
	First, Last time.Time
	// Days is the number of days in the window.
	Days int
}

// MinProfileDays is the shortest window ArrivalProfile accepts: a week, so
// that every weekday is seen.
const MinProfileDays = 7

// ArrivalProfile fits the separable Poisson model rate(weekday, hour) =
// λ·W[weekday]·H[hour] to arrival timestamps by maximum likelihood. Each
// day of the window is exposed for every hour, so the estimates are the
// closed forms H[h] ∝ arrivals in hour h, W[d] ∝ arrivals on weekday d per
// day-d in the window. Hours and weekdays are read from each timestamp's
// own clock (see ParseTimestamp). The window must span at least a week;
// weights are noisy below a few weeks.
func ArrivalProfile(ts []time.Time) (Profile, error) {
	var p Profile
	if len(ts) == 0 {
		return p, fmt.Errorf("no arrival timestamps")
	}
	dayNumber := func(t time.Time) int64 {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	first, last := ts[0], ts[0]
	for _, t := range ts {
		if dayNumber(t) < dayNumber(first) {
			first = t
		}
		if dayNumber(t) > dayNumber(last) {
			last = t
		}
	}
	y, m, d := first.Date()
	p.First = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	y, m, d = last.Date()
	p.Last = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	p.Days = int(dayNumber(last)-dayNumber(first)) + 1
	p.Arrivals = len(ts)
	if p.Days < MinProfileDays {
		return p, fmt.Errorf("arrivals span %d days (%s to %s); a weekday profile needs at least %d",
			p.Days, p.First.Format(time.DateOnly), p.Last.Format(time.DateOnly), MinProfileDays)
	}
	var byHour [24]float64
	var byDay, daysOf [7]float64
	for _, t := range ts {
		byHour[t.Hour()]++
		byDay[mondayFirst(t.Weekday())]++
	}
	for i := range p.Days {
		daysOf[mondayFirst(p.First.AddDate(0, 0, i).Weekday())]++
	}
	n := float64(len(ts))
	for h, c := range byHour {
		p.Hourly[h] = 24 * c / n
	}
	var sum float64
	for w := range byDay {
		sum += byDay[w] / daysOf[w]
	}
	for w := range byDay {
		p.Weekday[w] = 7 * (byDay[w] / daysOf[w]) / sum
	}
	p.PerDay = sum / 7
	return p, nil
}

// mondayFirst numbers weekdays from Monday = 0.
func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

// Snippet returns the profile in the scenario format, to paste under a
// place (or at the top level, for every place):
//
//	arrivals: 96.4/d
//	arrival_profile:
//	  hourly: [0.412, ...]   # 24 weights, 00:00 first
//	  weekday: [1.104, ...]  # Mon..Sun
//
// Weights have 3 decimals, rounded so that each list's mean is exactly 1.
func (p Profile) Snippet() string {
	var b strings.Builder
	fmt.Fprintf(&b, "arrivals: %s/d\n", Sig(p.PerDay, SnippetDigits))
	b.WriteString("arrival_profile:\n")
	fmt.Fprintf(&b, "  hourly: [%s]   # 00:00-01:00 first\n", strings.Join(meanOneWeights(p.Hourly[:], 3), ", "))
	fmt.Fprintf(&b, "  weekday: [%s]   # Mon..Sun\n", strings.Join(meanOneWeights(p.Weekday[:], 3), ", "))
	return b.String()
}

// meanOneWeights formats non-negative weights ws, whose mean is 1, with
// the given number of decimals so that the written numbers still have mean
// exactly 1: rounding errors go, largest remainder first, to the weights
// that lost the most in rounding.
func meanOneWeights(ws []float64, decimals int) []string {
	scale := math.Pow(10, float64(decimals))
	target := int64(math.Round(scale * float64(len(ws))))
	units := make([]int64, len(ws))
	rem := make([]float64, len(ws))
	var sum float64
	for _, w := range ws {
		sum += w
	}
	out := make([]string, len(ws))
	if !(sum > 0) {
		for i := range out {
			out[i] = "0"
		}
		return out
	}
	var total int64
	for i, w := range ws {
		x := w * scale * float64(len(ws)) / sum
		units[i] = int64(math.Floor(x))
		rem[i] = x - float64(units[i])
		total += units[i]
	}
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for i := 0; total < target; i = (i + 1) % len(order) {
		units[order[i]]++
		total++
	}
	for i, u := range units {
		out[i] = trimZeros(strconv.FormatFloat(float64(u)/scale, 'f', decimals, 64))
	}
	return out
}
