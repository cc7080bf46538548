package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Window is a daily time window in hours from midnight: From <= t < To.
// To may be 24; From == To is not allowed (use 00:00-24:00 for all day).
// A window such as 20:00-08:00 wraps past midnight.
//
// In scenario files a window is written "HH:MM-HH:MM", such as
// "08:00-18:00"; the loader resolves it, and it is written back in that
// form, to the minute.
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

// ClockSlack is how far before a daily window's opening an hour of day
// still counts as inside it for Open. An hour of day computed from hours
// since a start time is a float, so at an opening such as 08:20 (8.333… h,
// not exact in binary) it can read a few ulps early; without the slack the
// opening instant would be judged closed. 1e-6 h (3.6 ms) is far above that
// rounding, even a century into a run, and far below any time that matters.
const ClockSlack = 1e-6

// Open reports whether hour of day h is inside w up to a clock's rounding
// at the opening (see ClockSlack). The model and the figures use it for
// every window they test a clock against.
func (w Window) Open(h float64) bool {
	return w.Contains(h) || w.Contains(h+ClockSlack)
}

// Length returns the window's length in hours.
func (w Window) Length() float64 {
	if w.From < w.To {
		return w.To - w.From
	}
	return 24 - w.From + w.To
}

// Overlap returns the hours of [a, b) inside w, for 0 <= a <= b <= 24.
func (w Window) Overlap(a, b float64) float64 {
	in := func(lo, hi float64) float64 { return max(0, min(hi, b)-max(lo, a)) }
	if w.From < w.To {
		return in(w.From, w.To)
	}
	return in(w.From, 24) + in(0, w.To)
}

// IsZero reports whether w is the zero Window, which is not a valid window
// (it stands for "not set").
func (w Window) IsZero() bool { return w == Window{} }

// String writes w as "HH:MM-HH:MM", to the nearest minute.
func (w Window) String() string { return clock(w.From) + "-" + clock(w.To) }

// clock writes hour of day h as HH:MM, to the nearest minute.
func clock(h float64) string {
	m := int(math.Round(h * 60))
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// check reports what is wrong with a window built in code, in the words
// ParseWindow uses for text.
func (w Window) check() error {
	switch {
	case w.IsZero():
		return fmt.Errorf("missing: want HH:MM-HH:MM, such as %s", windowExample)
	case !(w.From >= 0 && w.From < 24) || !(w.To > 0 && w.To <= 24):
		return fmt.Errorf("bad hours %s: times of day run from 00:00 to 24:00", w)
	case w.From == w.To:
		return fmt.Errorf("bad hours %s: empty window (for all day write 00:00-24:00)", w)
	}
	return nil
}

// windowExample is the example window messages give.
const windowExample = "08:00-20:00"

// ParseWindow parses "HH:MM-HH:MM", such as "07:00-24:00" or "20:00-08:00".
func ParseWindow(s string) (Window, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Window{}, fmt.Errorf("bad hours %q: want HH:MM-HH:MM, such as %s", s, windowExample)
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

// schemaPattern is the JSON Schema pattern of the text ParseWindow accepts
// (as far as a pattern can say: it lets 24:00-24:00 and equal times
// through, which the loader refuses).
func (Window) schemaPattern() string {
	const hhmm = `\s*[+]?0*(?:[0-9]|1[0-9]|2[0-4]):[0-5][0-9]\s*`
	return `^\s*` + hhmm + `-` + hhmm + `\s*$`
}

// MarshalYAML writes w as String does.
func (w Window) MarshalYAML() (any, error) { return w.String(), nil }

// UnmarshalYAML parses a window scalar such as "08:00-18:00".
func (w *Window) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalarText(n, "a daily window such as "+windowExample)
	if err != nil {
		return err
	}
	v, err := ParseWindow(s)
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// MarshalJSON writes w as a JSON string in the form String gives.
func (w Window) MarshalJSON() ([]byte, error) { return json.Marshal(w.String()) }

// UnmarshalJSON parses a JSON string written by MarshalJSON.
func (w *Window) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("window: want a string such as %q, got %s", windowExample, b)
	}
	v, err := ParseWindow(s)
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// weekdayNames are the accepted day names, Monday first.
var weekdayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Day is a day of the week, written mon, tue, wed, thu, fri, sat or sun in
// scenario files (in any case).
type Day time.Weekday

// ParseDay parses a day name: mon … sun, in any case.
func ParseDay(s string) (Day, error) {
	for j, n := range weekdayNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Day((j + 1) % 7), nil
		}
	}
	return 0, fmt.Errorf("unknown day %q: use %s", s, strings.Join(weekdayNames[:], ", "))
}

// String returns the day's name, such as "mon".
func (d Day) String() string {
	if d < 0 || d > 6 {
		return "day(" + strconv.Itoa(int(d)) + ")"
	}
	return weekdayNames[(d+6)%7]
}

// schemaPattern is the JSON Schema pattern of the names ParseDay accepts.
func (Day) schemaPattern() string {
	alts := make([]string, len(weekdayNames))
	for i, n := range weekdayNames {
		var b strings.Builder
		for _, r := range n {
			fmt.Fprintf(&b, "[%c%c]", r, r-'a'+'A')
		}
		alts[i] = b.String()
	}
	return `^\s*(?:` + strings.Join(alts, "|") + `)\s*$`
}

// MarshalYAML writes d's name.
func (d Day) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML parses a day name.
func (d *Day) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalarText(n, "a day such as mon")
	if err != nil {
		return err
	}
	v, err := ParseDay(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes d's name as a JSON string.
func (d Day) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON parses a JSON string day name.
func (d *Day) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("day: want a string such as \"mon\", got %s", b)
	}
	v, err := ParseDay(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DayList is a list of days as a scenario file gives it, such as [mon,
// tue, wed]; an empty list means the field's default.
type DayList []Day

// Set returns the days in l, or def when l is empty.
func (l DayList) Set(def Weekdays) Weekdays {
	if len(l) == 0 {
		return def
	}
	var w Weekdays
	for _, d := range l {
		if d >= 0 && d <= 6 {
			w[d] = true
		}
	}
	return w
}

// check reports a day in l that is not a day (built in code).
func (l DayList) check() error {
	for _, d := range l {
		if d < 0 || d > 6 {
			return fmt.Errorf("unknown day %s: use %s", d, strings.Join(weekdayNames[:], ", "))
		}
	}
	return nil
}

// Weekdays is a set of days of the week.
type Weekdays [7]bool // indexed by time.Weekday (Sunday = 0)

// Has reports whether d is in the set.
func (w Weekdays) Has(d time.Weekday) bool { return w[d] }

// AllWeek is every day.
var AllWeek = Weekdays{true, true, true, true, true, true, true}

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
