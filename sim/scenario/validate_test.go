package scenario

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// validScenario is a valid Scenario built in code, as a sweep or a test
// might build one.
func validScenario() *Scenario {
	mean := Duration(1)
	return &Scenario{
		Name:    "code",
		Start:   NewDate(2025, time.April, 7),
		Horizon: 100,
		Reps:    1,
		Places:  map[string]*Place{"town": {Arrivals: 4}},
		Sites: map[string]*Site{"main": {Beds: Beds{
			Capacity: 5,
			LOS:      &Dist{Type: "exponential", Mean: &mean},
			LOSScale: 1,
			WhenFull: WhenFullQueue,
		}}},
	}
}

func TestValidateValid(t *testing.T) {
	if errs := validScenario().Validate(); errs != nil {
		t.Errorf("Validate() = %v, want nil", errs)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *Scenario)
		want   []string
	}{
		{"zero scenario", func(s *Scenario) { *s = Scenario{} }, []string{
			"name: must not be empty",
			"start: missing: want a date such as 2025-04-07",
			"horizon: must be > 0, got 0",
			"reps: must be >= 1, got 0",
			"places: at least one place is needed",
			"sites: at least one site is needed",
		}},
		{"nil place and site", func(s *Scenario) {
			s.Places["p2"] = nil
			s.Sites["s2"] = nil
		}, []string{
			"places.p2: missing value",
			"places.town.sites: missing: say which sites this place's arrivals go to, as shares summing to 1 (sites: main, s2)",
			"sites.s2: missing value",
		}},
		{"NaN and infinities", func(s *Scenario) {
			s.Horizon = Duration(inf())
			s.Places["town"].Arrivals = Rate(nan())
			s.Places["town"].Sites = map[string]float64{"main": nan()}
		}, []string{
			"horizon: must be > 0, got +Infh",
			"places.town.arrivals: must be > 0, got NaN/h",
			"places.town.sites.main: must be between 0 and 1, got NaN",
		}},
		{"shares summing to 1 within rounding", func(s *Scenario) {
			s.Sites["a"], s.Sites["b"] = s.Sites["main"], s.Sites["main"]
			s.Places["town"].Sites = map[string]float64{"main": 0.1, "a": 0.2, "b": 0.7}
		}, nil},
		{"dist with no type", func(s *Scenario) { s.Sites["main"].Beds.LOS = &Dist{} }, []string{
			"sites.main.beds.los.dist: missing: want one of exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validScenario()
			tt.change(s)
			var got []string
			for _, e := range s.Validate() {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestValidateDeterministic checks that problems come out in the same
// order every time, although they come from maps.
func TestValidateDeterministic(t *testing.T) {
	s := validScenario()
	for _, k := range []string{"b", "a", "d", "c", "f", "e"} {
		s.Sites[k] = &Site{Beds: Beds{Capacity: 0, WhenFull: "x"}}
		s.Places[k] = &Place{Arrivals: -1, Sites: map[string]float64{"main": 0.5, k: 0.2, "zz": 0.1}}
	}
	first := s.Validate()
	for range 20 {
		if again := s.Validate(); !slices.EqualFunc(first, again, func(a, b FieldError) bool { return a.Error() == b.Error() }) {
			t.Fatalf("Validate() order changed:\n%v\n%v", first, again)
		}
	}
}

func inf() float64  { return 1 / zero() }
func nan() float64  { return zero() / zero() }
func zero() float64 { return 0 }
