package fit

import (
	"fmt"
	"math"
	"slices"
)

// Data is a sample of durations, all in one unit of the caller's choosing
// (days, say), with optional right-censoring flags.
type Data struct {
	// Values are the durations; each must be finite and >= 0.
	Values []float64
	// Censored marks values that are lower bounds: a patient still in
	// hospital at the extract had stayed Values[i] so far. Nil means no
	// value is censored; otherwise it has the same length as Values.
	Censored []bool
	// SameDay marks same-day stays: the short stays the model draws from
	// a fixed branch rather than the fitted family, such as those an
	// extract flags as day cases though it records them as fractions of a
	// day. A zero value is a same-day stay whether marked or not. A value
	// cannot be both same-day and censored. Nil means only zeros are
	// same-day; otherwise it has the same length as Values.
	SameDay []bool
}

// Counts describes a sample the way the fit sees it.
type Counts struct {
	// N is the number of values.
	N int
	// Zeros is the number of uncensored zero values.
	Zeros int
	// SameDay is the number of same-day stays (see Data.SameDay), zeros
	// included: the point mass of the model.
	SameDay int
	// SameDayMean is the mean of the same-day stays' values, 0 if there
	// are none: the value of the model's fixed branch.
	SameDayMean float64
	// Censored is the number of censored values, zeros included.
	Censored int
	// Positive is the number of positive values that are not same-day
	// stays, censored or not: the sample the continuous families are
	// fitted to.
	Positive int
	// Events is the number of positive uncensored values that are not
	// same-day stays.
	Events int
}

// point is one distinct value with the number of times it occurs.
type point struct {
	x, logx, w float64
}

// sample is the positive part of a Data, grouped into distinct values so
// that the likelihood costs one term per distinct value (lengths of stay in
// whole days repeat a lot), with the sufficient statistics the closed forms
// need.
type sample struct {
	ev  []point // distinct uncensored positive values, ascending
	cen []point // distinct censored positive values, ascending

	nEv, nCen float64 // total weights
	sumEv     float64 // Σ w·x over events
	sumLogEv  float64 // Σ w·log x over events
	sumCen    float64 // Σ w·x over censored values
	maxX      float64 // largest positive value, censored or not
}

// minEvents is the fewest uncensored positive values worth fitting a
// two-parameter family to.
const minEvents = 2

// prepare checks d and splits it into its same-day stays and the positive
// part.
func prepare(d Data) (*sample, Counts, error) {
	var c Counts
	if d.Censored != nil && len(d.Censored) != len(d.Values) {
		return nil, c, fmt.Errorf("fit: %d censoring flags for %d values", len(d.Censored), len(d.Values))
	}
	if d.SameDay != nil && len(d.SameDay) != len(d.Values) {
		return nil, c, fmt.Errorf("fit: %d same-day flags for %d values", len(d.SameDay), len(d.Values))
	}
	var sameDaySum float64
	c.N = len(d.Values)
	if c.N == 0 {
		return nil, c, fmt.Errorf("no values")
	}
	var ev, cen []float64
	for i, x := range d.Values {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return nil, c, fmt.Errorf("value %d is %v; want a finite number >= 0", i, x)
		}
		censored := d.Censored != nil && d.Censored[i]
		sameDay := d.SameDay != nil && d.SameDay[i]
		switch {
		case censored && sameDay:
			return nil, c, fmt.Errorf("value %d is both censored and a same-day stay", i)
		case censored:
			c.Censored++
			if x > 0 {
				cen = append(cen, x)
			}
		case x == 0 || sameDay:
			c.SameDay++
			sameDaySum += x
			if x == 0 {
				c.Zeros++
			}
		default:
			ev = append(ev, x)
		}
	}
	if c.SameDay > 0 {
		c.SameDayMean = sameDaySum / float64(c.SameDay)
	}
	c.Events = len(ev)
	c.Positive = len(ev) + len(cen)
	if c.Events < minEvents {
		besides := ""
		if c.SameDay > 0 {
			besides = fmt.Sprintf(" besides the %d same-day stays", c.SameDay)
		}
		return nil, c, fmt.Errorf("%d uncensored positive values%s; need at least %d", c.Events, besides, minEvents)
	}
	s := &sample{ev: group(ev), cen: group(cen)}
	if len(s.ev) < 2 {
		return nil, c, fmt.Errorf("every uncensored positive value is %v; a continuous distribution needs some spread", s.ev[0].x)
	}
	for _, p := range s.ev {
		s.nEv += p.w
		s.sumEv += p.w * p.x
		s.sumLogEv += p.w * p.logx
		s.maxX = max(s.maxX, p.x)
	}
	for _, p := range s.cen {
		s.nCen += p.w
		s.sumCen += p.w * p.x
		s.maxX = max(s.maxX, p.x)
	}
	return s, c, nil
}

// group sorts xs and returns its distinct values with their counts.
func group(xs []float64) []point {
	slices.Sort(xs)
	var ps []point
	for i := 0; i < len(xs); {
		j := i + 1
		for j < len(xs) && xs[j] == xs[i] {
			j++
		}
		ps = append(ps, point{x: xs[i], logx: math.Log(xs[i]), w: float64(j - i)})
		i = j
	}
	return ps
}

// uncensored returns s with every censored value treated as an event: a
// biased but nearby starting point for the censored fits.
func (s *sample) uncensored() *sample {
	if s.nCen == 0 {
		return s
	}
	xs := make([]float64, 0, int(s.nEv+s.nCen))
	for _, ps := range [][]point{s.ev, s.cen} {
		for _, p := range ps {
			for range int(p.w) {
				xs = append(xs, p.x)
			}
		}
	}
	u := &sample{ev: group(xs), maxX: s.maxX}
	for _, p := range u.ev {
		u.nEv += p.w
		u.sumEv += p.w * p.x
		u.sumLogEv += p.w * p.logx
	}
	return u
}

// integer reports whether every value in s is a whole number.
func (s *sample) integer() bool {
	for _, ps := range [2][]point{s.ev, s.cen} {
		for _, p := range ps {
			if p.x != math.Trunc(p.x) {
				return false
			}
		}
	}
	return true
}
