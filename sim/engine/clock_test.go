package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	// 2025-04-07 is a Monday.
	c := NewClock(time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC))
	cases := []struct {
		t        Time
		day      int
		hour     float64
		weekday  time.Weekday
		month    time.Month
		midnight Time
	}{
		{0, 0, 0, time.Monday, time.April, 24},
		{13.5, 0, 13.5, time.Monday, time.April, 24},
		{24, 1, 0, time.Tuesday, time.April, 48},
		{6*24 + 23, 6, 23, time.Sunday, time.April, 7 * 24},
		{7 * 24, 7, 0, time.Monday, time.April, 8 * 24},
		{24*24 + 1, 24, 1, time.Thursday, time.May, 25 * 24}, // 1 May 2025
		{365 * 24, 365, 0, time.Tuesday, time.April, 366 * 24},
	}
	for _, tc := range cases {
		if got := c.DayIndex(tc.t); got != tc.day {
			t.Errorf("DayIndex(%v) = %d, want %d", tc.t, got, tc.day)
		}
		if got := c.HourOfDay(tc.t); got != tc.hour {
			t.Errorf("HourOfDay(%v) = %v, want %v", tc.t, got, tc.hour)
		}
		if got := c.Weekday(tc.t); got != tc.weekday {
			t.Errorf("Weekday(%v) = %v, want %v", tc.t, got, tc.weekday)
		}
		if got := c.Month(tc.t); got != tc.month {
			t.Errorf("Month(%v) = %v, want %v", tc.t, got, tc.month)
		}
		if got := c.NextMidnight(tc.t); got != tc.midnight {
			t.Errorf("NextMidnight(%v) = %v, want %v", tc.t, got, tc.midnight)
		}
	}
}

func TestClockStartingMidDay(t *testing.T) {
	c := NewClock(time.Date(2025, 4, 6, 18, 0, 0, 0, time.UTC)) // Sunday 18:00
	if got := c.Weekday(5); got != time.Sunday {
		t.Errorf("Weekday(5h) = %v, want Sunday", got)
	}
	if got := c.Weekday(6); got != time.Monday {
		t.Errorf("Weekday(6h) = %v, want Monday", got)
	}
	if got := c.NextMidnight(0); got != 6 {
		t.Errorf("NextMidnight(0) = %v, want 6", got)
	}
	if got := c.HourOfDay(7); got != 1 {
		t.Errorf("HourOfDay(7) = %v, want 1", got)
	}
}

func TestHourIndex(t *testing.T) {
	c := NewClock(time.Date(2025, 4, 6, 18, 30, 0, 0, time.UTC)) // 18:30
	for _, tc := range []struct {
		t Time
		k int
	}{{0, 18}, {0.4, 18}, {0.5, 19}, {5.5, 24}, {29.49, 47}} {
		if got := c.HourIndex(tc.t); got != tc.k {
			t.Errorf("HourIndex(%v) = %d, want %d", tc.t, got, tc.k)
		}
		if s := c.HourStart(tc.k); !(s <= tc.t && tc.t < s+1) {
			t.Errorf("HourStart(%d) = %v does not contain %v", tc.k, s, tc.t)
		}
	}
}

// TestCachedClockAgreesWithClock: asked in any order — forwards,
// backwards, jumping, and at times an ulp either side of midnights —
// a CachedClock answers every calendar question exactly as Clock does.
func TestCachedClockAgreesWithClock(t *testing.T) {
	for _, start := range []time.Time{
		time.Date(2025, 6, 6, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 6, 6, 7, 13, 20, 0, time.UTC), // an hour of day that is not a binary fraction
		time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		c := NewClock(start)
		cc := c.Cached()
		r := rand.New(rand.NewPCG(1, uint64(start.Unix())))
		var times []Time
		for d := -2; d < 40; d++ {
			m := c.HourStart(24 * d)
			times = append(times, m, Time(math.Nextafter(float64(m), math.Inf(-1))), Time(math.Nextafter(float64(m), math.Inf(1))), m+12)
		}
		for range 2000 {
			times = append(times, Time(r.Float64()*24*40))
		}
		walk := slices.Clone(times)
		slices.Sort(walk)
		for i := range 3000 { // near-monotone: small steps back and forth
			walk = append(walk, Time(float64(i)*0.31-r.Float64()*2))
		}
		for _, ts := range [][]Time{times, walk} {
			for _, x := range ts {
				if a, b := c.DayIndex(x), cc.DayIndex(x); a != b {
					t.Fatalf("start %v, t=%v: DayIndex %d, cached %d", start, x, a, b)
				}
				if a, b := c.HourOfDay(x), cc.HourOfDay(x); math.Float64bits(a) != math.Float64bits(b) {
					t.Fatalf("start %v, t=%v: HourOfDay %v, cached %v", start, x, a, b)
				}
				if a, b := c.Weekday(x), cc.Weekday(x); a != b {
					t.Fatalf("start %v, t=%v: Weekday %v, cached %v", start, x, a, b)
				}
				if a, b := c.NextMidnight(x), cc.NextMidnight(x); a != b {
					t.Fatalf("start %v, t=%v: NextMidnight %v, cached %v", start, x, a, b)
				}
				if a, b := c.Date(x), cc.Date(x); !a.Equal(b) {
					t.Fatalf("start %v, t=%v: Date %v, cached %v", start, x, a, b)
				}
			}
		}
	}
}
