package fit

import (
	"bytes"
	"math"
	"testing"
)

// FuzzReadAndFit: any bytes, read as a fit extract with each kind of
// column handling, either are refused with an error or give a table whose
// stays are finite and non-negative, with flags as long as the values;
// fitting such a table never panics, and every model it returns has
// finite parameters and a same-day share in [0, 1].
func FuzzReadAndFit(f *testing.F) {
	for _, seed := range []string{
		"los\n1\n2.5\n0\n",
		"los,censored,same_day,arrived,site\n1,0,0,2024-01-01 08:00,qmc\n0.2,0,1,2024-01-01T09:30:00Z,city\n4,1,0,,qmc\n",
		"los\nNA\n-1\n1e308\n",
		"\"los\"\n\"1\n2\"\n",
		"los,los\n1,2\n",
		"a\n",
		"",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	opts := []ReadOptions{
		{Value: "los"},
		{Value: "los", SkipBad: true},
		{Value: "los", Censored: "censored", SameDay: "same_day", SkipBad: true},
		{Value: "los", SameDayBelow: 0.25, Where: []Filter{mustFilter(f, "site=qmc")}},
		{Arrivals: "arrived", SkipBad: true},
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		opt := opts[int(which)%len(opts)]
		tab, err := ReadCSV(bytes.NewReader(data), "fuzz.csv", opt)
		if err != nil {
			return
		}
		d := tab.Data
		for i, v := range d.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("value %d = %v accepted", i, v)
			}
		}
		if d.Censored != nil && len(d.Censored) != len(d.Values) || d.SameDay != nil && len(d.SameDay) != len(d.Values) {
			t.Fatalf("flags of %d and %d for %d values", len(d.Censored), len(d.SameDay), len(d.Values))
		}
		if len(d.Values) == 0 || len(d.Values) > 200 {
			return // the fit of long samples is slow, not different
		}
		res, err := Fit(d)
		if err != nil {
			return
		}
		for _, m := range res.Models {
			for j, p := range m.Params {
				if math.IsNaN(p) || math.IsInf(p, 0) {
					t.Fatalf("%s parameter %d = %v", m.Family, j, p)
				}
			}
			if m.SameDayShare < 0 || m.SameDayShare > 1 {
				t.Fatalf("%s same-day share %v", m.Family, m.SameDayShare)
			}
		}
	})
}

func mustFilter(f *testing.F, s string) Filter {
	flt, err := ParseFilter(s)
	if err != nil {
		f.Fatal(err)
	}
	return flt
}
