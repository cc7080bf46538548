package scenario

import (
	"strings"
	"testing"
)

const growthDoc = `name: growing
horizon: %HORIZON%
places:
  town: {arrivals: 4/h}
cohorts:
  young: {share: 0.7}
  old: {share: 0.3}
sites:
  main:
    beds: {capacity: 10, los: {dist: exponential, mean: 1h}}
demand_growth:
  all: 0.01
  cohorts:
    %COHORT%: %RATE%
`

func growthScenario(horizon, cohort, rate string) []byte {
	r := strings.NewReplacer("%HORIZON%", horizon, "%COHORT%", cohort, "%RATE%", rate)
	return []byte(r.Replace(growthDoc))
}

func TestDemandGrowthLoads(t *testing.T) {
	s, err := LoadBytes("g.yaml", growthScenario("1825d", "old", "0.033"))
	if err != nil {
		t.Fatal(err)
	}
	g := s.DemandGrowth
	if g.Rate("old") != 0.033 || g.Rate("young") != 0.01 || !g.Grows() {
		t.Errorf("rates old %g, young %g, grows %v; want 0.033, 0.01 (all), true", g.Rate("old"), g.Rate("young"), g.Grows())
	}
	var none *DemandGrowth
	if none.Grows() || none.Rate("old") != 0 {
		t.Error("an absent demand_growth grows")
	}
	if (&DemandGrowth{Cohorts: map[string]float64{"old": 0}}).Grows() {
		t.Error("all-zero rates grow")
	}
}

// TestDemandGrowthErrors: each bad value is named by file, line and field
// with what was expected, and a rate that would explode the number of
// arrivals over the horizon is refused.
func TestDemandGrowthErrors(t *testing.T) {
	tests := []struct {
		name, horizon, cohort, rate, want string
	}{
		{"percent for fraction", "365d", "old", "3.3", "g.yaml:14: demand_growth.cohorts.old: want an annual growth rate as a fraction from -0.5 to 1 (0.033 is 3.3% a year), got 3.3"},
		{"collapse", "365d", "old", "-0.9", "g.yaml:14: demand_growth.cohorts.old: want an annual growth rate as a fraction from -0.5 to 1"},
		{"NaN", "365d", "old", ".nan", "g.yaml:14: demand_growth.cohorts.old: want a number, got .nan"},
		{"unknown cohort", "365d", "frail", "0.02", "g.yaml:14: demand_growth.cohorts.frail: no such cohort (the cohorts are: old, young)"},
		{"explodes", "36500d", "old", "1", "demand_growth: the places' arrivals (4/h) grown at 1 a year for 99.93 years would pass 10000/h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBytes("g.yaml", growthScenario(tt.horizon, tt.cohort, tt.rate))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
	// Doubling every year for five years is 32 times 4/h: allowed.
	if _, err := LoadBytes("g.yaml", growthScenario("1825d", "old", "1")); err != nil {
		t.Errorf("five years of doubling: %v", err)
	}
}
