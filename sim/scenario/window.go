package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Window is a daily time window in hours from midnight: From <= t < To.
// To may be 24; From == To is not allowed (use 00:00-24:00 for all day).
// A window such as 20:00-08:00 wraps past midnight.
type Window struct {
	From, To float64
}

// Contains reports whether hour of day h (in [0, 24)) is inside w.
func (w Window) Contains(h float64) bool {
	if w.From < w.To {
		return h >= w.From && h < w.To
	}
	return h >= w.From || h < w.To
}

// Length returns the window's length in hours.
func (w Window) Length() float64 {
	if w.From < w.To {
		return w.To - w.From
	}
	return 24 - w.From + w.To
}

// ParseWindow parses "HH:MM-HH:MM", such as "07:00-24:00" or "20:00-08:00".
func ParseWindow(s string) (Window, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Window{}, fmt.Errorf("bad hours %q: want HH:MM-HH:MM, such as 08:00-20:00", s)
	}
	f, err1 := parseClock(from)
	t, err2 := parseClock(to)
	switch {
	case err1 != nil:
		return Window{}, fmt.Errorf("bad hours %q: %w", s, err1)
	case err2 != nil:
		return Window{}, fmt.Errorf("bad hours %q: %w", s, err2)
	case f == 24:
		return Window{}, fmt.Errorf("bad hours %q: a window cannot start at 24:00", s)
	case f == t:
		return Window{}, fmt.Errorf("bad hours %q: empty window (for all day write 00:00-24:00)", s)
	}
	return Window{From: f, To: t}, nil
}

func parseClock(s string) (float64, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(mm) != 2 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return float64(h) + float64(m)/60, nil
}

// weekdayNames are the accepted day names, Monday first.
var weekdayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Weekdays is a set of days of the week.
type Weekdays [7]bool // indexed by time.Weekday (Sunday = 0)

// Has reports whether d is in the set.
func (w Weekdays) Has(d time.Weekday) bool { return w[d] }

// AllWeek is every day.
var AllWeek = Weekdays{true, true, true, true, true, true, true}

// ParseWeekdays parses day names (mon … sun); an empty list gives def.
func ParseWeekdays(days []string, def Weekdays) (Weekdays, error) {
	if len(days) == 0 {
		return def, nil
	}
	var w Weekdays
	for _, d := range days {
		i := -1
		for j, n := range weekdayNames {
			if strings.EqualFold(strings.TrimSpace(d), n) {
				i = j
			}
		}
		if i < 0 {
			return w, fmt.Errorf("unknown day %q: use %s", d, strings.Join(weekdayNames[:], ", "))
		}
		w[(i+1)%7] = true
	}
	return w, nil
}

// MonToFri is the working week, Monday to Friday.
var MonToFri = Weekdays{false, true, true, true, true, true, false}

// HasWeekday reports whether any of Monday to Friday is in w.
func (w Weekdays) HasWeekday() bool {
	for d := time.Monday; d <= time.Friday; d++ {
		if w.Has(d) {
			return true
		}
	}
	return false
}
