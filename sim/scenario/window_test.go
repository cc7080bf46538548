package scenario

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestParseWindow(t *testing.T) {
	cases := []struct {
		in       string
		from, to float64
		length   float64
		in9, in2 bool
	}{
		{"07:00-24:00", 7, 24, 17, true, false},
		{"08:30-18:00", 8.5, 18, 9.5, true, false},
		{"20:00-08:00", 20, 8, 12, false, true},
		{"00:00-24:00", 0, 24, 24, true, true},
	}
	for _, c := range cases {
		w, err := ParseWindow(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if w.From != c.from || w.To != c.to || w.Length() != c.length || w.Contains(9) != c.in9 || w.Contains(2) != c.in2 {
			t.Errorf("%s = %+v (len %v, 9h %v, 2h %v)", c.in, w, w.Length(), w.Contains(9), w.Contains(2))
		}
	}
	for _, bad := range []string{"7-24", "07:00", "25:00-26:00", "08:00-08:00", "24:00-08:00", "08:60-09:00", "8:5-9:00"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestWindowRoundTrip: every window the format can write, to the minute,
// is written back as it was read and parses to the same value, in YAML and
// in JSON; "8:20-9:05" is written in the canonical "08:20-09:05".
func TestWindowRoundTrip(t *testing.T) {
	for from := 0; from < 24*60; from += 7 {
		for _, to := range []int{from + 1, (from + 601) % (24 * 60), 24 * 60} {
			if to == from || to == 0 {
				continue
			}
			text := clockText(from) + "-" + clockText(to)
			w, err := ParseWindow(text)
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			if got := w.String(); got != text {
				t.Fatalf("%s written as %s", text, got)
			}
			b, err := json.Marshal(w)
			if err != nil || string(b) != `"`+text+`"` {
				t.Fatalf("%s: JSON %s, %v", text, b, err)
			}
			var back Window
			if err := json.Unmarshal(b, &back); err != nil || back != w {
				t.Fatalf("%s: JSON gives back %+v, %v", text, back, err)
			}
			y, err := yaml.Marshal(w)
			if err != nil || strings.TrimSpace(string(y)) != text {
				t.Fatalf("%s: YAML %q, %v", text, y, err)
			}
		}
	}
	if w, _ := ParseWindow(" 8:20 - 9:05 "); w.String() != "08:20-09:05" {
		t.Errorf("8:20-9:05 written as %s", w)
	}
}

// clockText writes m minutes after midnight as HH:MM.
func clockText(m int) string {
	return string([]byte{byte('0' + m/600), byte('0' + m/60%10), ':', byte('0' + m%60/10), byte('0' + m%10)})
}

// TestWindowOpen: Open counts a clock a few ulps before an opening at an
// odd minute as open, and nothing further.
func TestWindowOpen(t *testing.T) {
	w, _ := ParseWindow("08:20-16:40")
	early := w.From - 1e-12
	if w.Contains(early) || !w.Open(early) {
		t.Errorf("at 08:20 less an ulp: Contains %v, Open %v; want false, true", w.Contains(early), w.Open(early))
	}
	if w.Open(w.From - 2*ClockSlack) {
		t.Error("open 7.2 ms before 08:20")
	}
	if w.Open(w.To) || !w.Open(w.To-1e-9) {
		t.Error("Open wrong at the closing")
	}
}

func TestDays(t *testing.T) {
	var l DayList
	if err := yaml.Unmarshal([]byte("[mon, Sat, ' sun ']"), &l); err != nil {
		t.Fatal(err)
	}
	w := l.Set(AllWeek)
	if !w.Has(time.Monday) || !w.Has(time.Saturday) || !w.Has(time.Sunday) || w.Has(time.Tuesday) {
		t.Errorf("got %v", w)
	}
	if b, _ := json.Marshal(l); string(b) != `["mon","sat","sun"]` {
		t.Errorf("JSON %s", b)
	}
	if DayList(nil).Set(MonToFri) != MonToFri || (DayList{}).Set(AllWeek) != AllWeek {
		t.Error("empty list should give the default")
	}
	for i, name := range weekdayNames {
		d, err := ParseDay(name)
		if err != nil || d.String() != name || time.Weekday(d) != time.Weekday((i+1)%7) {
			t.Errorf("%s: %v %v", name, d, err)
		}
	}
	if _, err := ParseDay("monday"); err == nil {
		t.Error("monday parsed; want the three-letter names only")
	}
}

// TestWindowOverlap: the hours of each clock hour inside a window add up
// to its length, for windows off the hour and through midnight.
func TestWindowOverlap(t *testing.T) {
	for _, text := range []string{"07:13-07:14", "23:59-00:01", "07:30-09:30", "20:00-08:00", "00:00-24:00", "16:40-08:20"} {
		w, _ := ParseWindow(text)
		sum := 0.0
		for h := range 24 {
			sum += w.Overlap(float64(h), float64(h+1))
		}
		if math.Abs(sum-w.Length()) > 1e-12 {
			t.Errorf("%s: hours sum to %v, want %v", text, sum, w.Length())
		}
	}
	w, _ := ParseWindow("07:30-09:30")
	if got := []float64{w.Overlap(7, 8), w.Overlap(8, 9), w.Overlap(9, 10), w.Overlap(10, 11)}; got[0] != 0.5 || got[1] != 1 || got[2] != 0.5 || got[3] != 0 {
		t.Errorf("07:30-09:30 by hour = %v, want [0.5 1 0.5 0]", got)
	}
}
