package scenario

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// hrs builds an optional duration parameter of a Dist.
func hrs(h float64) *Duration { return new(Duration(h)) }

// distCases holds one spec of every distribution name (both forms where a
// type has two), as a file writes it, with what Build must make of it.
var distCases = []struct {
	yaml string
	want string // String() of the sampler
}{
	{"{dist: exponential, mean: 4h}", "exponential(mean=4)"},
	{"{dist: lognormal, mean: 9.1h, sd: 12h}", "lognormal(mean=9.1, sd=12)"},
	{"{dist: lognormal, median: 5h, p95: 30h}", "lognormal(mean=9.04976, sd=13.6526)"},
	{"{dist: gamma, shape: 2, scale: 3h}", "gamma(shape=2, scale=3)"},
	{"{dist: gamma, mean: 10h, sd: 5h}", "gamma(shape=4, scale=2.5)"},
	{"{dist: weibull, shape: 1.5, scale: 10h}", "weibull(shape=1.5, scale=10)"},
	{"{dist: erlang, k: 3, mean: 6h}", "erlang(k=3, mean=6)"},
	{"{dist: triangular, min: 1h, mode: 2h, max: 6h}", "triangular(min=1, mode=2, max=6)"},
	{"{dist: uniform, min: 1h, max: 3h}", "uniform(min=1, max=3)"},
	{"{dist: fixed, value: 0}", "fixed(0)"},
	{"{dist: empirical, samples: [1h, 2h, 6h]}", "empirical(n=3, mean=3)"},
	{"{dist: mixture, of: [{p: 0.35, dist: fixed, value: 0}, {p: 0.65, dist: lognormal, mean: 9.1h, sd: 12h}]}",
		"mixture(0.35: fixed(0), 0.65: lognormal(mean=9.1, sd=12))"},
}

// losScenario is a one-site scenario whose beds' length of stay is spec.
func losScenario(spec string) string {
	return "places: {town: {arrivals: 1/h}}\nsites: {main: {beds: {capacity: 1, los: " + spec + "}}}\n"
}

// TestDistRoundTrip: every distribution name loads from YAML, builds the
// sampler its parameters say, and comes back the same from its JSON (the
// manifest's form) and its YAML.
func TestDistRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range distCases {
		s, err := LoadBytes("d.yaml", []byte(losScenario(c.yaml)))
		if err != nil {
			t.Fatalf("%s: %v", c.yaml, err)
		}
		d := s.Sites["main"].Beds.LOS
		seen[d.Type] = true
		b, err := d.Build()
		if err != nil {
			t.Fatalf("%s: %v", c.yaml, err)
		}
		if got := b.String(); got != c.want {
			t.Errorf("%s built %s, want %s", c.yaml, got, c.want)
		}
		if x := b.Sample(r); !(x >= 0) || math.IsInf(x, 0) {
			t.Errorf("%s sampled %v", c.yaml, x)
		}
		j, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON Dist
		if err := json.Unmarshal(j, &fromJSON); err != nil || !reflect.DeepEqual(&fromJSON, d) {
			t.Errorf("%s: JSON %s gives back %+v, %v", c.yaml, j, fromJSON, err)
		}
		y, err := yaml.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		flow := strings.ReplaceAll(strings.TrimSpace(string(y)), "\n", "\n        ")
		s2, err := LoadBytes("d.yaml", []byte("places: {town: {arrivals: 1/h}}\nsites:\n  main:\n    beds:\n      capacity: 1\n      los:\n        "+flow+"\n"))
		if err != nil || !reflect.DeepEqual(s2.Sites["main"].Beds.LOS, d) {
			t.Errorf("%s: YAML\n%s\ngives back %+v, %v", c.yaml, y, s2, err)
		}
	}
	for _, name := range distTypes() {
		if !seen[name] {
			t.Errorf("distribution %s has no round-trip case", name)
		}
	}
}

// losProblems returns what Validate says about beds.los holding d, each
// as "field: message" relative to the distribution, as Build words them.
func losProblems(d *Dist) []string {
	s := &Scenario{
		Name: "code", Start: NewDate(2025, 4, 7), Horizon: 100, Reps: 1,
		Places: map[string]*Place{"town": {Arrivals: 4}},
		Sites:  map[string]*Site{"main": {Beds: Beds{Capacity: 5, LOS: d, LOSScale: 1, WhenFull: WhenFullQueue}}},
	}
	var out []string
	for _, e := range s.Validate() {
		if !slices.Equal(e.Path[:min(4, len(e.Path))], Path{"sites", "main", "beds", "los"}) {
			continue
		}
		out = append(out, FieldError{Path: e.Path[4:], Msg: e.Msg}.Error())
	}
	return out
}

// checkBuildIsValidate checks the property the builder exists for: Build
// succeeds exactly when Validate accepts the spec, and fails with
// Validate's messages.
func checkBuildIsValidate(t *testing.T, d *Dist) {
	t.Helper()
	probs := losProblems(d)
	b, err := d.Build()
	switch {
	case err == nil && len(probs) > 0:
		t.Fatalf("%+v builds %v, but Validate says %q", d, b, probs)
	case err != nil && len(probs) == 0:
		t.Fatalf("%+v validates but does not build: %v", d, err)
	case err != nil && err.Error() != strings.Join(probs, "\n"):
		t.Fatalf("%+v: Build says\n%v\nValidate says\n%s", d, err, strings.Join(probs, "\n"))
	case err == nil:
		if x := b.Sample(rand.New(rand.NewPCG(1, 2))); !(x >= 0) || math.IsInf(x, 0) {
			t.Fatalf("%+v sampled %v", d, x)
		}
	}
}

func TestDistBuildErrors(t *testing.T) {
	tests := []struct {
		d    Dist
		want string
	}{
		{Dist{}, "dist: missing: want one of exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture"},
		{Dist{Type: "poisson", Mean: hrs(1)}, `dist: unknown distribution "poisson"; known: exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture`},
		{Dist{Type: "exponential"}, "mean: missing: exponential needs mean"},
		{Dist{Type: "exponential", Mean: hrs(-1)}, "mean: must be > 0, got -1h"},
		{Dist{Type: "exponential", Mean: hrs(1), SD: hrs(1)}, "sd: exponential does not take sd (it takes mean)"},
		{Dist{Type: "lognormal", Mean: hrs(9), SD: hrs(-1)}, "sd: must be > 0, got -1h"},
		{Dist{Type: "lognormal", Mean: hrs(9), SD: hrs(1), Median: hrs(5), P95: hrs(30)}, "lognormal takes mean + sd or median + p95, not both"},
		{Dist{Type: "lognormal", Median: hrs(5), P95: hrs(5)}, "p95: must be > median (5h), got 5h"},
		{Dist{Type: "gamma", Shape: new(math.NaN()), Scale: hrs(1)}, "shape: must be > 0, got NaN"},
		{Dist{Type: "erlang", K: new(0), Mean: hrs(1)}, "k: must be >= 1, got 0"},
		{Dist{Type: "triangular", Min: hrs(1), Mode: hrs(5), Max: hrs(3)}, "mode: must be between min (1h) and max (3h), got 5h"},
		{Dist{Type: "uniform", Min: hrs(3), Max: hrs(1)}, "max: must be > min (3h), got 1h"},
		{Dist{Type: "fixed", Value: hrs(math.Inf(1))}, "value: must be >= 0, got +Infh"},
		{Dist{Type: "empirical", Samples: []Duration{1, -1}}, "samples[1]: must be >= 0, got -1h"},
		{Dist{Type: "mixture", Of: []Component{{P: 0.3, Dist: Dist{Type: "fixed", Value: hrs(0)}}, {P: 0.6, Dist: Dist{Type: "fixed", Value: hrs(1)}}}},
			"of: probabilities sum to 0.9, want 1"},
		{Dist{Type: "mixture", Of: []Component{{P: 0.5, Dist: Dist{Type: "fixed", Value: hrs(0)}}, {P: 0.5, Dist: Dist{Type: "lognormal", Mean: hrs(9), SD: hrs(-1)}}}},
			"of[1].sd: must be > 0, got -1h"},
	}
	for _, tt := range tests {
		_, err := tt.d.Build()
		if err == nil || err.Error() != tt.want {
			t.Errorf("%+v: Build error %v, want %s", tt.d, err, tt.want)
		}
		checkBuildIsValidate(t, &tt.d)
	}
}

// FuzzDistBuild: for any distribution built from the fuzzer's type and
// parameters, Build succeeds exactly when Validate accepts it, with the
// same messages, and what builds samples a finite value >= 0.
func FuzzDistBuild(f *testing.F) {
	f.Add(uint8(0), uint16(0xffff), 4.0, 1.0, 2.0, 3.0, 0.5, int16(3))
	f.Add(uint8(1), uint16(0x0003), 9.1, 12.0, 5.0, 30.0, 0.5, int16(3))
	f.Add(uint8(1), uint16(0x000c), 1.0, 1.0, 5.0, 5.0, 0.5, int16(3))
	f.Add(uint8(2), uint16(0x0030), 1e6, 1e-6, 1e300, 1e-300, 1e-3, int16(1))
	f.Add(uint8(3), uint16(0x0030), 1.0, 1.0, 1e-3, 1e6, 0.0, int16(1))
	f.Add(uint8(4), uint16(0x0041), 876000.0, 1.0, 1.0, 1.0, 0.0, int16(-5))
	f.Add(uint8(5), uint16(0x0380), 1.0, 1.0, 1.0, 2.0, 0.0, int16(0))
	f.Add(uint8(8), uint16(0x0800), 1.0, -1.0, 0.0, 2.0, 0.0, int16(0))
	f.Add(uint8(9), uint16(0x1000), 1.0, 2.0, 3.0, 4.0, 0.4, int16(2))
	f.Fuzz(func(t *testing.T, typ uint8, set uint16, a, b, c, e, p float64, k int16) {
		names := distTypes()
		d := fuzzDist(names[int(typ)%(len(names)+1)%len(names)], set, a, b, c, e, k)
		if typ >= 200 {
			d.Type = "" // a missing type
		}
		if d.Type == "mixture" && set&0x1000 != 0 {
			first := fuzzDist(names[int(k)&7], set>>1, b, c, e, a, k)
			second := fuzzDist(names[(int(k)>>3)&7], set>>2, c, e, a, b, k)
			d.Of = []Component{{P: p, Dist: *first}, {P: 1 - p, Dist: *second}}
		}
		checkBuildIsValidate(t, d)
	})
}

// fuzzDist sets the parameters of a Dist of type typ whose bits are set
// in set, from the values given.
func fuzzDist(typ string, set uint16, a, b, c, e float64, k int16) *Dist {
	d := &Dist{Type: typ}
	vals := []float64{a, b, c, e}
	at := func(i int) *Duration { return hrs(vals[i%4]) }
	fields := []func(int){
		func(i int) { d.Mean = at(i) }, func(i int) { d.SD = at(i) },
		func(i int) { d.Median = at(i) }, func(i int) { d.P95 = at(i) },
		func(i int) { d.Shape = new(vals[i%4]) }, func(i int) { d.Scale = at(i) },
		func(int) { d.K = new(int(k)) },
		func(i int) { d.Min = at(i) }, func(i int) { d.Mode = at(i) }, func(i int) { d.Max = at(i) },
		func(i int) { d.Value = at(i) },
		func(int) { d.Samples = []Duration{Duration(a), Duration(b)} },
	}
	n := 0
	for i, set1 := range fields {
		if set&(1<<i) != 0 {
			set1(n)
			n++
		}
	}
	return d
}
