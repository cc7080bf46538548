package scenario

import (
	"fmt"
	"strings"
	"testing"
)

// boundsDoc is a valid scenario that sets every bounded kind of value: the
// horizon and replications, rates of every kind, capacities of every unit
// and in schedules, profile weights, length-of-stay scales, and
// distributions of every type. The tests below rely on its line numbers.
const boundsDoc = `horizon: 365d
reps: 20
arrival_profile: {hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]}
places:
  town: {arrivals: 100/h}
cohorts:
  old:
    share: 1
    los: {dist: lognormal, mean: 5d, sd: 8d}
    pathways: {p0: 0.5, p1: 0.5}
    readmit: 0.1
    readmit_within: 30d
sites:
  main:
    beds: {capacity: 500, los_scale: 1, schedule: [{days: [sat], capacity: 450}]}
    ed: {decision: {dist: gamma, shape: 2, scale: 2h}, others: 10/h, others_time: {dist: weibull, shape: 1.5, scale: 3h}}
    sdec: {chairs: 10, episode: {dist: erlang, k: 3, mean: 4h}, same_day: 0.8, direct: 2/h}
    hub: {days: 5, assessment: {dist: lognormal, median: 2h, p95: 8h}, staff: 4, referral_lead: 1d}
    pathways:
      p1: {capacity: 50, los: {dist: mixture, of: [{p: 0.5, dist: exponential, mean: 7d}, {p: 0.5, dist: uniform, min: 1d, max: 3d}]}}
    d2a: {capacity: 5, los: {dist: triangular, min: 1d, mode: 2d, max: 5d}}
    electives: {arrivals: 5/h, los: {dist: empirical, samples: [1d, 2d, 3d]}}
virtual_wards:
  vw: {capacity: 20, los: {dist: fixed, value: 3d}, sites: [main]}
`

// TestBounds: legal but absurd values — each kind with several cases — are
// refused at load with file:line: field and a message naming the bound;
// values at the bound are accepted.
func TestBounds(t *testing.T) {
	tests := []struct {
		name   string
		oldNew []string
		want   []string // nil: valid
	}{
		{"base", nil, nil},

		// horizon and replications
		{"horizon at the bound", []string{"horizon: 365d", "horizon: 36500d"}, nil},
		{"horizon a billion days", []string{"horizon: 365d", "horizon: 1e9d"}, []string{
			"b.yaml:1: horizon: must be at most 36500d (100 years), got 1e+09d"}},
		{"horizon just over", []string{"horizon: 365d", "horizon: 5215w"}, []string{
			"b.yaml:1: horizon: must be at most 36500d (100 years), got 36505d"}},
		{"horizon near float max", []string{"horizon: 365d", "horizon: 1.7e308h"}, []string{
			"b.yaml:1: horizon: must be at most 36500d (100 years), got 1.7e+308h"}},
		{"horizon a microsecond", []string{"horizon: 365d", "horizon: 1e-9h"}, []string{
			"b.yaml:1: horizon: must be at least 0.06m (3.6 seconds), got 1e-09h"}},
		{"reps at the bound", []string{"reps: 20", "reps: 100000"}, nil},
		{"reps a billion", []string{"reps: 20", "reps: 1000000000"}, []string{
			"b.yaml:2: reps: must be at most 100000, got 1000000000"}},

		// rates, each and together
		{"arrivals at the bound", []string{"arrivals: 100/h", "arrivals: 9983/h"}, nil},
		{"arrivals 1e7 an hour", []string{"arrivals: 100/h", "arrivals: 1e7/h"}, []string{
			"b.yaml:5: places.town.arrivals: must be at most 10000/h (10000 an hour), got 1e+07/h"}},
		{"arrivals a trillion a year", []string{"arrivals: 100/h", "arrivals: 1e12/y"}, []string{
			"b.yaml:5: places.town.arrivals: must be at most 10000/h (10000 an hour)"}},
		{"ed others", []string{"others: 10/h", "others: 1e6/d"}, []string{
			"b.yaml:16: sites.main.ed.others: must be at most 10000/h (10000 an hour), got 1e+06/d"}},
		{"sdec direct", []string{"direct: 2/h", "direct: 20000/h"}, []string{
			"b.yaml:17: sites.main.sdec.direct: must be at most 10000/h (10000 an hour), got 20000/h"}},
		{"electives", []string{"arrivals: 5/h", "arrivals: 1e300/h"}, []string{
			"b.yaml:22: sites.main.electives.arrivals: must be at most 10000/h (10000 an hour), got 1e+300/h"}},
		{"all rates together", []string{"arrivals: 100/h", "arrivals: 9000/h", "others: 10/h", "others: 9000/h"}, []string{
			"b.yaml:4: places: all arrival rates together (places' arrivals, ed.others, sdec.direct and electives.arrivals) must be at most 10000/h (10000 an hour), got 18007/h"}},

		// capacities
		{"capacity at the bound", []string{"capacity: 500", "capacity: 1000000"}, nil},
		{"beds a billion", []string{"capacity: 500", "capacity: 1000000000"}, []string{
			"b.yaml:15: sites.main.beds.capacity: must be at most 1000000, got 1000000000"}},
		{"beds at int64 max", []string{"capacity: 500", "capacity: 9223372036854775807"}, []string{
			"b.yaml:15: sites.main.beds.capacity: must be at most 1000000, got 9223372036854775807"}},
		{"schedule capacity", []string{"capacity: 450", "capacity: 4500000"}, []string{
			"b.yaml:15: sites.main.beds.schedule[0].capacity: must be at most 1000000, got 4500000"}},
		{"chairs", []string{"chairs: 10", "chairs: 1e9"}, []string{
			"b.yaml:17: sites.main.sdec.chairs: must be at most 1000000, got 1000000000"}},
		{"chairs spelt out", []string{"chairs: 10", "chairs: 1000000001"}, []string{
			"b.yaml:17: sites.main.sdec.chairs: must be at most 1000000, got 1000000001"}},
		{"hub staff", []string{"staff: 4", "staff: 2000000"}, []string{
			"b.yaml:18: sites.main.hub.staff: must be at most 1000000, got 2000000"}},
		{"pathway", []string{"p1: {capacity: 50", "p1: {capacity: 50000000"}, []string{
			"b.yaml:20: sites.main.pathways.p1.capacity: must be at most 1000000, got 50000000"}},
		{"d2a", []string{"d2a: {capacity: 5", "d2a: {capacity: 5000000"}, []string{
			"b.yaml:21: sites.main.d2a.capacity: must be at most 1000000, got 5000000"}},
		{"virtual ward", []string{"vw: {capacity: 20", "vw: {capacity: 2000000"}, []string{
			"b.yaml:24: virtual_wards.vw.capacity: must be at most 1000000, got 2000000"}},
		{"a thousand and one schedule rules", []string{"[{days: [sat], capacity: 450}]",
			"[" + strings.Repeat("{days: [sat], capacity: 450}, ", 1000) + "{capacity: 1}]"}, []string{
			"b.yaml:15: sites.main.beds.schedule: at most 1000 rules, got 1001"}},

		// profile weights
		{"weights of counts", []string{"1, 1, 2]", "1, 1, 1e9]"}, nil},
		{"weight 1e308", []string{"1, 1, 2]", "1, 1, 1e308]"}, []string{
			"b.yaml:3: arrival_profile.hourly[23]: must be at most 1000000000 (weights are relative), got 1e+308"}},
		{"every weight 1e308", []string{"[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]",
			"[" + strings.Repeat("1e308, ", 23) + "1e308]"}, []string{
			"b.yaml:3: arrival_profile.hourly[0]: must be at most 1000000000 (weights are relative), got 1e+308",
			"b.yaml:3: arrival_profile.hourly[9]: must be at most 1000000000 (weights are relative), got 1e+308"}},

		// durations
		{"a stay of 1e14 days", []string{"mean: 5d, sd: 8d", "mean: 1e14d, sd: 8d"}, []string{
			"b.yaml:9: cohorts.old.los.mean: must be at most 36500d (100 years), got 1e+14d"}},
		{"a stay near float max", []string{"mean: 7d}", "mean: 1.79e308h}"}, []string{
			"b.yaml:20: sites.main.pathways.p1.los.of[0].mean: must be at most 36500d (100 years), got 1.79e+308h"}},
		{"a stay at the bound", []string{"mean: 7d}", "mean: 36500d}"}, nil},
		{"a stay of 1e-300 hours", []string{"mean: 7d}", "mean: 1e-300h}"}, []string{
			"b.yaml:20: sites.main.pathways.p1.los.of[0].mean: must be at least 0.06m (3.6 seconds), got 6e-299m"}},
		{"readmit_within huge", []string{"readmit_within: 30d", "readmit_within: 1e300w"}, []string{
			"b.yaml:12: cohorts.old.readmit_within: must be at most 36500d (100 years), got 1.6800000000000001e+302h"}},
		{"referral_lead huge", []string{"referral_lead: 1d", "referral_lead: 1e20d"}, []string{
			"b.yaml:18: sites.main.hub.referral_lead: must be at most 36500d (100 years), got 1e+20d"}},
		{"fixed value huge", []string{"value: 3d", "value: 1e15h"}, []string{
			"b.yaml:24: virtual_wards.vw.los.value: must be at most 36500d (100 years)"}},
		{"empirical sample huge", []string{"[1d, 2d, 3d]", "[1d, 2d, 1e300d]"}, []string{
			"b.yaml:22: sites.main.electives.los.samples[2]: must be at most 36500d (100 years), got 1e+300d"}},
		{"triangular max huge", []string{"max: 5d}", "max: 1e10w}"}, []string{
			"b.yaml:21: sites.main.d2a.los.max: must be at most 36500d (100 years), got 7e+10d"}},
		{"uniform max huge", []string{"max: 3d}", "max: 36501d}"}, []string{
			"b.yaml:20: sites.main.pathways.p1.los.of[1].max: must be at most 36500d (100 years), got 36501d"}},

		// spread of lognormal and gamma
		{"lognormal sd at the bound", []string{"sd: 8d", "sd: 150d"}, nil},
		{"lognormal sd a million times the mean", []string{"sd: 8d", "sd: 5000000d"}, []string{
			"b.yaml:9: cohorts.old.los.sd: must be at most 36500d (100 years), got 5e+06d"}},
		{"lognormal sd overflowing", []string{"mean: 5d, sd: 8d", "mean: 1m, sd: 36500d"}, []string{
			"b.yaml:9: cohorts.old.los.sd: must be between 0.001 and 30 times mean (1m), got 36500d"}},
		{"lognormal sd vanishing", []string{"mean: 5d, sd: 8d", "mean: 36500d, sd: 1m"}, []string{
			"b.yaml:9: cohorts.old.los.sd: must be between 0.001 and 30 times mean (36500d), got 1m"}},
		{"lognormal p95 far out", []string{"median: 2h, p95: 8h", "median: 1m, p95: 36500d"}, []string{
			"b.yaml:18: sites.main.hub.assessment.p95: must be between 1.001 and 100 times median (1m), got 36500d"}},
		{"lognormal p95 on the median", []string{"median: 2h, p95: 8h", "median: 2h, p95: 2.0000001h"}, []string{
			"b.yaml:18: sites.main.hub.assessment.p95: must be between 1.001 and 100 times median (2h), got 2.0000001h"}},
		{"gamma sd far out", []string{"shape: 2, scale: 2h", "mean: 1m, sd: 1000d"}, []string{
			"b.yaml:16: sites.main.ed.decision.sd: must be between 0.001 and 30 times mean (1m), got 1000d"}},
		{"gamma shape tiny", []string{"shape: 2, scale: 2h", "shape: 1e-9, scale: 2h"}, []string{
			"b.yaml:16: sites.main.ed.decision.shape: must be between 0.001 and 1000000, got 1e-09"}},
		{"gamma shape huge", []string{"shape: 2, scale: 2h", "shape: 1e300, scale: 2h"}, []string{
			"b.yaml:16: sites.main.ed.decision.shape: must be between 0.001 and 1000000, got 1e+300"}},
		{"gamma mean too long", []string{"shape: 2, scale: 2h", "shape: 1000, scale: 1000d"}, []string{
			"b.yaml:16: sites.main.ed.decision: the mean (shape × scale) must be at most 36500d (100 years), got 1e+06d"}},
		{"weibull shape tiny", []string{"shape: 1.5, scale: 3h", "shape: 0.01, scale: 3h"}, []string{
			"b.yaml:16: sites.main.ed.others_time.shape: must be between 0.2 and 1000000, got 0.01"}},
		{"weibull at the bound", []string{"shape: 1.5, scale: 3h", "shape: 0.2, scale: 300d"}, nil},
		{"weibull mean too long", []string{"shape: 1.5, scale: 3h", "shape: 0.2, scale: 1000d"}, []string{
			"b.yaml:16: sites.main.ed.others_time: the mean (scale × Γ(1 + 1/shape)) must be at most 36500d (100 years), got 120000d"}},
		{"erlang k a billion", []string{"k: 3", "k: 1000000000"}, []string{
			"b.yaml:17: sites.main.sdec.episode.k: must be at most 1000000, got 1000000000"}},
		{"los_scale huge", []string{"los_scale: 1", "los_scale: 1e6"}, []string{
			"b.yaml:15: sites.main.beds.los_scale: must be at most 10, got 1000000"}},
		{"los_scale at the bound", []string{"los_scale: 1", "los_scale: 10"}, nil},
		{"mixture of 101", []string{"{p: 0.5, dist: uniform, min: 1d, max: 3d}",
			strings.Repeat("{p: 0.005, dist: fixed, value: 1d}, ", 99) + "{p: 0.005, dist: fixed, value: 1d}"}, []string{
			"b.yaml:20: sites.main.pathways.p1.los.of: at most 100 components, got 101"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := boundsDoc
			for i := 0; i+1 < len(tt.oldNew); i += 2 {
				if n := strings.Count(doc, tt.oldNew[i]); n != 1 {
					t.Fatalf("boundsDoc holds %q %d times, want once", tt.oldNew[i], n)
				}
				doc = strings.Replace(doc, tt.oldNew[i], tt.oldNew[i+1], 1)
			}
			_, err := LoadBytes("b.yaml", []byte(doc))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.want == nil {
				if err != nil {
					t.Fatalf("error:\n%s\nwant none", got)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error\n%s\nwant it to contain\n%s", got, w)
				}
			}
		})
	}
}

// TestCountBounds: too many places, sites or cohorts are refused at the
// section, once.
func TestCountBounds(t *testing.T) {
	many := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	tests := []struct {
		name, doc, want string
	}{
		{"places", "places:\n" + many(1001, func(i int) string { return fmt.Sprintf("  p%d: {arrivals: 1/h}\n", i) }) +
			"sites:\n  main: {beds: {capacity: 5, los: {dist: fixed, value: 1d}}}\n",
			"n.yaml:1: places: at most 1000 places, got 1001"},
		{"sites", "places:\n  town: {arrivals: 1/h, sites: {s0: 1}}\nsites:\n" +
			many(201, func(i int) string {
				return fmt.Sprintf("  s%d: {beds: {capacity: 5, los: {dist: fixed, value: 1d}}}\n", i)
			}),
			"n.yaml:3: sites: at most 200 sites, got 201"},
		{"cohorts", "places:\n  town: {arrivals: 1/h}\nsites:\n  main: {beds: {capacity: 5, los: {dist: fixed, value: 1d}}}\ncohorts:\n" +
			many(101, func(i int) string {
				return fmt.Sprintf("  c%d: {share: %v}\n", i, map[bool]float64{true: 1, false: 0}[i == 0])
			}),
			"n.yaml:5: cohorts: at most 100 cohorts, got 101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBytes("n.yaml", []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %s", err, tt.want)
			}
			if n := strings.Count(err.Error(), "at most"); n != 1 {
				t.Errorf("%d bounds reported, want 1:\n%v", n, err)
			}
		})
	}
}
