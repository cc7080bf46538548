package scenario

import (
	"testing"
	"time"
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

func TestParseWeekdays(t *testing.T) {
	w, err := ParseWeekdays([]string{"mon", "Sat"}, AllWeek)
	if err != nil || !w.Has(time.Monday) || !w.Has(time.Saturday) || w.Has(time.Sunday) {
		t.Errorf("got %v, %v", w, err)
	}
	if w, _ := ParseWeekdays(nil, MonToFri); w != MonToFri {
		t.Error("empty list should give the default")
	}
	if _, err := ParseWeekdays([]string{"monday"}, AllWeek); err == nil {
		t.Error("monday parsed; want the three-letter names only")
	}
}
