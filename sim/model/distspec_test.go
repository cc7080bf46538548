package model

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

// distHrs builds an optional duration field of a scenario.Dist.
func distHrs(h float64) *scenario.Duration { return new(scenario.Duration(h)) }

func TestNewDistribution(t *testing.T) {
	ln := scenario.Dist{Type: "lognormal", Mean: distHrs(9.1), SD: distHrs(12)}
	tests := []struct {
		name string
		d    scenario.Dist
		want string // String() of the result
	}{
		{"exponential", scenario.Dist{Type: "exponential", Mean: distHrs(4)}, "exponential(mean=4)"},
		{"lognormal/mean-sd", ln, "lognormal(mean=9.1, sd=12)"},
		{"lognormal/median-p95", scenario.Dist{Type: "lognormal", Median: distHrs(5), P95: distHrs(30)}, "lognormal(mean=9.04976, sd=13.6526)"},
		{"gamma/shape-scale", scenario.Dist{Type: "gamma", Shape: new(2.0), Scale: distHrs(3)}, "gamma(shape=2, scale=3)"},
		{"gamma/mean-sd", scenario.Dist{Type: "gamma", Mean: distHrs(10), SD: distHrs(5)}, "gamma(shape=4, scale=2.5)"},
		{"weibull", scenario.Dist{Type: "weibull", Shape: new(1.5), Scale: distHrs(10)}, "weibull(shape=1.5, scale=10)"},
		{"erlang", scenario.Dist{Type: "erlang", K: new(3), Mean: distHrs(6)}, "erlang(k=3, mean=6)"},
		{"triangular", scenario.Dist{Type: "triangular", Min: distHrs(1), Mode: distHrs(2), Max: distHrs(6)}, "triangular(min=1, mode=2, max=6)"},
		{"uniform", scenario.Dist{Type: "uniform", Min: distHrs(1), Max: distHrs(3)}, "uniform(min=1, max=3)"},
		{"fixed", scenario.Dist{Type: "fixed", Value: distHrs(0)}, "fixed(0)"},
		{"empirical", scenario.Dist{Type: "empirical", Samples: []scenario.Duration{1, 2, 6}}, "empirical(n=3, mean=3)"},
		{"mixture", scenario.Dist{Type: "mixture", Of: []scenario.Component{
			{P: 0.35, Dist: scenario.Dist{Type: "fixed", Value: distHrs(0)}},
			{P: 0.65, Dist: ln},
		}}, "mixture(0.35: fixed(0), 0.65: lognormal(mean=9.1, sd=12))"},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewDistribution(tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("built %s, want %s", got, tt.want)
			}
			if x := d.Sample(r); !(x >= 0) || math.IsInf(x, 0) {
				t.Errorf("sampled %v", x)
			}
		})
	}
}

func TestNewDistributionErrors(t *testing.T) {
	tests := []struct {
		name string
		d    scenario.Dist
		want string // the error must contain this
	}{
		{"zero", scenario.Dist{}, "missing distribution type"},
		{"unknown", scenario.Dist{Type: "poisson", Mean: distHrs(1)}, `unknown distribution type "poisson"`},
		{"exponential/missing", scenario.Dist{Type: "exponential"}, "exponential: missing mean"},
		{"exponential/negative", scenario.Dist{Type: "exponential", Mean: distHrs(-1)}, "exponential: mean must be > 0, got -1"},
		{"exponential/extra", scenario.Dist{Type: "exponential", Mean: distHrs(1), SD: distHrs(1)}, "exponential: does not take sd"},
		{"lognormal/sd", scenario.Dist{Type: "lognormal", Mean: distHrs(9), SD: distHrs(-1)}, "lognormal: sd must be > 0, got -1"},
		{"lognormal/half", scenario.Dist{Type: "lognormal", Mean: distHrs(9)}, "lognormal: missing sd"},
		{"lognormal/both", scenario.Dist{Type: "lognormal", Mean: distHrs(9), SD: distHrs(1), Median: distHrs(5), P95: distHrs(30)}, "lognormal: takes mean + sd or median + p95, not both"},
		{"lognormal/none", scenario.Dist{Type: "lognormal"}, "lognormal: needs mean + sd, or median + p95"},
		{"lognormal/p95", scenario.Dist{Type: "lognormal", Median: distHrs(5), P95: distHrs(5)}, "lognormal: p95 must be > median"},
		{"gamma/both", scenario.Dist{Type: "gamma", Shape: new(2.0), Mean: distHrs(1), SD: distHrs(1)}, "gamma: takes shape + scale or mean + sd, not both"},
		{"gamma/missing-shape", scenario.Dist{Type: "gamma", Scale: distHrs(1)}, "gamma: missing shape"},
		{"gamma/shape-nan", scenario.Dist{Type: "gamma", Shape: new(math.NaN()), Scale: distHrs(1)}, "gamma: shape must be a finite number, got NaN"},
		{"weibull/scale", scenario.Dist{Type: "weibull", Shape: new(2.0)}, "weibull: missing scale"},
		{"erlang/k", scenario.Dist{Type: "erlang", Mean: distHrs(1)}, "erlang: missing k"},
		{"erlang/k-zero", scenario.Dist{Type: "erlang", K: new(0), Mean: distHrs(1)}, "erlang: k must be >= 1, got 0"},
		{"triangular/order", scenario.Dist{Type: "triangular", Min: distHrs(1), Mode: distHrs(5), Max: distHrs(3)}, "triangular: mode must be between min (1) and max (3), got 5"},
		{"triangular/missing", scenario.Dist{Type: "triangular", Min: distHrs(1), Max: distHrs(3)}, "triangular: missing mode"},
		{"uniform/order", scenario.Dist{Type: "uniform", Min: distHrs(3), Max: distHrs(1)}, "uniform: max must be > min (3), got 1"},
		{"fixed/missing", scenario.Dist{Type: "fixed"}, "fixed: missing value"},
		{"fixed/inf", scenario.Dist{Type: "fixed", Value: distHrs(math.Inf(1))}, "fixed: value must be a finite number"},
		{"empirical/empty", scenario.Dist{Type: "empirical"}, "empirical: samples must not be empty"},
		{"empirical/negative", scenario.Dist{Type: "empirical", Samples: []scenario.Duration{1, -1}}, "empirical: samples[1] must be >= 0, got -1"},
		{"mixture/empty", scenario.Dist{Type: "mixture"}, "mixture: missing of"},
		{"mixture/p", scenario.Dist{Type: "mixture", Of: []scenario.Component{
			{P: 1.5, Dist: scenario.Dist{Type: "fixed", Value: distHrs(0)}},
		}}, "mixture: of[0].p must be between 0 and 1, got 1.5"},
		{"mixture/sum", scenario.Dist{Type: "mixture", Of: []scenario.Component{
			{P: 0.3, Dist: scenario.Dist{Type: "fixed", Value: distHrs(0)}},
			{P: 0.6, Dist: scenario.Dist{Type: "fixed", Value: distHrs(1)}},
		}}, "mixture: weights must sum to 1, got 0.9"},
		{"mixture/component", scenario.Dist{Type: "mixture", Of: []scenario.Component{
			{P: 0.5, Dist: scenario.Dist{Type: "fixed", Value: distHrs(0)}},
			{P: 0.5, Dist: scenario.Dist{Type: "lognormal", Mean: distHrs(9), SD: distHrs(-1)}},
		}}, "mixture: of[1]: lognormal: sd must be > 0, got -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewDistribution(tt.d)
			if err == nil {
				t.Fatalf("built %v, want an error containing %q", d, tt.want)
			}
			if d != nil {
				t.Errorf("returned %#v with the error, want nil", d)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}
