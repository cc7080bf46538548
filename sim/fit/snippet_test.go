package fit

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

func TestSig(t *testing.T) {
	cases := []struct {
		v    float64
		n    int
		want string
	}{
		{4.21349, 4, "4.213"},
		{31.0, 4, "31"},
		{31.07499, 4, "31.07"},
		{123456, 4, "123500"},
		{0.00123456, 4, "0.001235"},
		{9.99951, 4, "10"},
		{0.5, 4, "0.5"},
		{1e-7, 2, "0.0000001"},
		{0, 4, "0"},
	}
	for _, c := range cases {
		if got := Sig(c.v, c.n); got != c.want {
			t.Errorf("Sig(%v, %d) = %q, want %q", c.v, c.n, got, c.want)
		}
	}
}

func TestComplementary(t *testing.T) {
	for _, p := range []float64{0.1216, 0.12345678, 0.5, 0.87654, 0.99996, 0.00002345, 1.0 / 3} {
		a, b := complementary(p)
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		if math.Abs(x+y-1) > 1e-12 || x <= 0 || y <= 0 {
			t.Errorf("complementary(%v) = %s, %s: sum %v", p, a, b, x+y)
		}
		if math.Abs(x-p) > 5e-4*max(min(p, 1-p), 1e-3) {
			t.Errorf("complementary(%v) = %s: too far from p", p, a)
		}
	}
}

// snippetModels are models of each family, with no same-day stays, with
// zeros, and with same-day stays of 7 hours, in days.
func snippetModels() []Model {
	var ms []Model
	for _, sd := range [][2]float64{{0, 0}, {0.1234567, 0}, {0.3, 7.0 / 24}} {
		share, value := sd[0], sd[1]
		ms = append(ms,
			Model{Family: Exponential, Params: []float64{6.54321}, SameDayShare: share, SameDayValue: value},
			Model{Family: LogNormal, Params: []float64{1.43, 1.014}, SameDayShare: share, SameDayValue: value},
			Model{Family: Gamma, Params: []float64{1.36789, 4.4812}, SameDayShare: share, SameDayValue: value},
			Model{Family: Weibull, Params: []float64{0.81234, 6.5432}, SameDayShare: share, SameDayValue: value},
		)
	}
	return ms
}

func TestSnippetText(t *testing.T) {
	want := []string{
		"{dist: exponential, mean: 6.543d}",
		"{dist: lognormal, median: 4.179d, p95: 22.15d}",
		"{dist: gamma, shape: 1.368, scale: 4.481d}",
		"{dist: weibull, shape: 0.8123, scale: 6.543d}",
		"{dist: mixture, of: [{p: 0.1235, dist: fixed, value: 0h}, {p: 0.8765, dist: exponential, mean: 6.543d}]}",
	}
	ms := snippetModels()
	want = append(want, make([]string, 3)...)
	want = append(want, "{dist: mixture, of: [{p: 0.3, dist: fixed, value: 7h}, {p: 0.7, dist: exponential, mean: 6.543d}]}")
	for i, w := range want {
		if w == "" {
			continue
		}
		got, err := ms[i].Snippet("d")
		if err != nil || got != w {
			t.Errorf("Snippet = %q, %v; want %q", got, err, w)
		}
	}
	if _, err := ms[0].Snippet("days"); err == nil {
		t.Error("Snippet accepted unit \"days\"")
	}
}

// TestSnippetLoads puts every snippet, in every unit, into a minimal
// scenario as a site's beds.los and loads it with the real loader; the
// loaded distribution must be the model to the snippet's 4 digits.
func TestSnippetLoads(t *testing.T) {
	hours := map[string]float64{"m": 1.0 / 60, "h": 1, "d": 24, "w": 168}
	for _, m := range snippetModels() {
		for unit, perUnit := range hours {
			snip, err := m.Snippet(unit)
			if err != nil {
				t.Fatal(err)
			}
			t.Run(fmt.Sprintf("%v/%v/%v/%s", m.Family, m.SameDayShare, m.SameDayValue > 0, unit), func(t *testing.T) {
				d := loadLOS(t, snip)
				if m.SameDayShare > 0 {
					if d.Type != "mixture" || len(d.Of) != 2 || d.Of[0].Type != "fixed" || math.Abs(d.Of[0].P-m.SameDayShare) > 1e-4 {
						t.Fatalf("loaded %+v, want a mixture with a fixed stay of p %v", d, m.SameDayShare)
					}
					// The fixed stay, in the unit of the data, to 4 digits.
					if v := d.Of[0].Value; v == nil || math.Abs(v.Hours()/perUnit-m.SameDayValue) > 5e-4*m.SameDayValue {
						t.Errorf("fixed stay %v, want %v %s", v, m.SameDayValue, unit)
					}
					d = d.Of[1].Dist
				}
				if d.Type != m.Family.String() {
					t.Fatalf("loaded dist %q, want %v", d.Type, m.Family)
				}
				near := func(what string, got *scenario.Duration, want float64) {
					t.Helper()
					if got == nil || math.Abs(got.Hours()/perUnit/want-1) > 5e-4 {
						t.Errorf("%s = %v, want %v %s", what, got, want, unit)
					}
				}
				p := m.Params
				switch m.Family {
				case Exponential:
					near("mean", d.Mean, p[0])
				case LogNormal:
					near("median", d.Median, math.Exp(p[0]))
					near("p95", d.P95, math.Exp(p[0]+z95*p[1]))
				case Gamma, Weibull:
					if d.Shape == nil || math.Abs(*d.Shape/p[0]-1) > 5e-4 {
						t.Errorf("shape %v, want %v", d.Shape, p[0])
					}
					near("scale", d.Scale, p[1])
				}
			})
		}
	}
}

// loadLOS loads a minimal scenario whose only site's beds.los is snip, and
// returns that distribution.
func loadLOS(t *testing.T, snip string) scenario.Dist {
	t.Helper()
	src := "places: {town: {arrivals: 4/h}}\nsites: {main: {beds: {capacity: 5, los: " + snip + "}}}\n"
	sc, err := scenario.LoadBytes("fit.yaml", []byte(src))
	if err != nil {
		t.Fatalf("snippet %s does not load: %v", snip, err)
	}
	los := sc.Sites["main"].Beds.LOS
	if los == nil {
		t.Fatalf("no los after loading %s", snip)
	}
	return *los
}
