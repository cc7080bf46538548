package dist

import (
	"math"
	"strings"
	"testing"
)

// TestConstructorsReject checks that every invalid parameter gives an error
// that names the distribution and the parameter, and no panic.
func TestConstructorsReject(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ok := Exponential{Scale: 1}
	tests := []struct {
		name  string
		build func() error
		want  string // the message must contain this
	}{
		{"exponential/zero", err1(NewExponential(0)), "exponential: mean must be > 0, got 0"},
		{"exponential/negative", err1(NewExponential(-2)), "exponential: mean must be > 0, got -2"},
		{"exponential/nan", err1(NewExponential(nan)), "exponential: mean must be a finite number, got NaN"},
		{"exponential/inf", err1(NewExponential(inf)), "exponential: mean must be a finite number, got +Inf"},

		{"lognormal/mu-nan", err1(NewLogNormal(nan, 1)), "lognormal: mu must be a finite number"},
		{"lognormal/sigma-zero", err1(NewLogNormal(0, 0)), "lognormal: sigma must be > 0"},
		{"lognormal/mean-overflow", err1(NewLogNormal(700, 10)), "lognormal: mean overflows"},
		{"lognormal/mean-negative", err1(NewLogNormalMeanSD(-1, 2)), "lognormal: mean must be > 0, got -1"},
		{"lognormal/sd-negative", err1(NewLogNormalMeanSD(9, -1)), "lognormal: sd must be > 0, got -1"},
		{"lognormal/sd-zero", err1(NewLogNormalMeanSD(9, 0)), "lognormal: sd must be > 0, got 0"},
		{"lognormal/sd-inf", err1(NewLogNormalMeanSD(9, inf)), "lognormal: sd must be a finite number"},
		{"lognormal/sd-tiny", err1(NewLogNormalMeanSD(1e10, 1e-300)), "lognormal: sd/mean ratio"},
		{"lognormal/median-zero", err1(NewLogNormalMedianP95(0, 5)), "lognormal: median must be > 0"},
		{"lognormal/median-nan", err1(NewLogNormalMedianP95(nan, 5)), "lognormal: median must be a finite number"},
		{"lognormal/p95-below", err1(NewLogNormalMedianP95(5, 4)), "lognormal: p95 must be > median (5), got 4"},
		{"lognormal/p95-equal", err1(NewLogNormalMedianP95(5, 5)), "lognormal: p95 must be > median"},
		{"lognormal/p95-inf", err1(NewLogNormalMedianP95(5, inf)), "lognormal: p95 must be a finite number"},
		{"lognormal/p95-huge", err1(NewLogNormalMedianP95(1e-300, 1e300)), "lognormal: mean overflows"},

		{"gamma/shape-zero", err1(NewGamma(0, 1)), "gamma: shape must be > 0, got 0"},
		{"gamma/shape-nan", err1(NewGamma(nan, 1)), "gamma: shape must be a finite number"},
		{"gamma/scale-negative", err1(NewGamma(2, -1)), "gamma: scale must be > 0, got -1"},
		{"gamma/scale-inf", err1(NewGamma(2, inf)), "gamma: scale must be a finite number"},
		{"gamma/mean-overflow", err1(NewGamma(1e300, 1e300)), "gamma: mean overflows"},
		{"gamma/mean-zero", err1(NewGammaMeanSD(0, 1)), "gamma: mean must be > 0, got 0"},
		{"gamma/sd-negative", err1(NewGammaMeanSD(1, -1)), "gamma: sd must be > 0, got -1"},
		{"gamma/sd-nan", err1(NewGammaMeanSD(1, nan)), "gamma: sd must be a finite number"},
		{"gamma/ratio", err1(NewGammaMeanSD(1e200, 1e-200)), "gamma: sd/mean ratio"},

		{"weibull/shape-negative", err1(NewWeibull(-1, 1)), "weibull: shape must be > 0, got -1"},
		{"weibull/shape-inf", err1(NewWeibull(inf, 1)), "weibull: shape must be a finite number"},
		{"weibull/scale-zero", err1(NewWeibull(1, 0)), "weibull: scale must be > 0, got 0"},
		{"weibull/scale-nan", err1(NewWeibull(1, nan)), "weibull: scale must be a finite number"},
		{"weibull/shape-tiny", err1(NewWeibull(0.001, 1)), "weibull: mean overflows"},

		{"erlang/k-zero", err1(NewErlang(0, 1)), "erlang: k must be >= 1, got 0"},
		{"erlang/k-negative", err1(NewErlang(-3, 1)), "erlang: k must be >= 1, got -3"},
		{"erlang/mean-zero", err1(NewErlang(2, 0)), "erlang: mean must be > 0, got 0"},
		{"erlang/mean-nan", err1(NewErlang(2, nan)), "erlang: mean must be a finite number"},
		{"erlang/underflow", err1(NewErlang(1<<40, 5e-324)), "erlang: mean/k underflows"},

		{"triangular/min-negative", err1(NewTriangular(-1, 0, 1)), "triangular: min must be >= 0, got -1"},
		{"triangular/min-nan", err1(NewTriangular(nan, 0, 1)), "triangular: min must be a finite number"},
		{"triangular/mode-nan", err1(NewTriangular(0, nan, 1)), "triangular: mode must be a finite number"},
		{"triangular/max-inf", err1(NewTriangular(0, 1, inf)), "triangular: max must be a finite number"},
		{"triangular/max-equal-min", err1(NewTriangular(2, 2, 2)), "triangular: max must be > min (2), got 2"},
		{"triangular/max-below-min", err1(NewTriangular(3, 2, 1)), "triangular: max must be > min (3), got 1"},
		{"triangular/mode-below", err1(NewTriangular(1, 0.5, 3)), "triangular: mode must be between min (1) and max (3), got 0.5"},
		{"triangular/mode-above", err1(NewTriangular(1, 4, 3)), "triangular: mode must be between min (1) and max (3), got 4"},

		{"uniform/min-negative", err1(NewUniform(-1, 1)), "uniform: min must be >= 0, got -1"},
		{"uniform/min-nan", err1(NewUniform(nan, 1)), "uniform: min must be a finite number"},
		{"uniform/max-inf", err1(NewUniform(0, inf)), "uniform: max must be a finite number"},
		{"uniform/max-equal-min", err1(NewUniform(1, 1)), "uniform: max must be > min (1), got 1"},
		{"uniform/max-below-min", err1(NewUniform(2, 1)), "uniform: max must be > min (2), got 1"},

		{"fixed/negative", err1(NewFixed(-0.5)), "fixed: value must be >= 0, got -0.5"},
		{"fixed/nan", err1(NewFixed(nan)), "fixed: value must be a finite number, got NaN"},
		{"fixed/inf", err1(NewFixed(inf)), "fixed: value must be a finite number, got +Inf"},

		{"empirical/nil", err1(NewEmpirical(nil)), "empirical: samples must not be empty"},
		{"empirical/empty", err1(NewEmpirical([]float64{})), "empirical: samples must not be empty"},
		{"empirical/negative", err1(NewEmpirical([]float64{1, -2})), "empirical: samples[1] must be >= 0, got -2"},
		{"empirical/nan", err1(NewEmpirical([]float64{nan})), "empirical: samples[0] must be a finite number, got NaN"},
		{"empirical/inf", err1(NewEmpirical([]float64{1, 2, inf})), "empirical: samples[2] must be a finite number, got +Inf"},

		{"mixture/empty", err1(NewMixture(nil, nil)), "mixture: components must not be empty"},
		{"mixture/lengths", err1(NewMixture([]float64{1}, []Distribution{ok, ok})), "mixture: got 1 weights for 2 components"},
		{"mixture/weight-negative", err1(NewMixture([]float64{1.5, -0.5}, []Distribution{ok, ok})), "mixture: weights[1] must be >= 0, got -0.5"},
		{"mixture/weight-nan", err1(NewMixture([]float64{nan, 1}, []Distribution{ok, ok})), "mixture: weights[0] must be a finite number"},
		{"mixture/weight-inf", err1(NewMixture([]float64{inf}, []Distribution{ok})), "mixture: weights[0] must be a finite number"},
		{"mixture/sum-low", err1(NewMixture([]float64{0.3, 0.6}, []Distribution{ok, ok})), "mixture: weights must sum to 1, got 0.9"},
		{"mixture/sum-high", err1(NewMixture([]float64{0.5, 0.5 + 1e-8}, []Distribution{ok, ok})), "mixture: weights must sum to 1"},
		{"mixture/all-zero", err1(NewMixture([]float64{0, 0}, []Distribution{ok, ok})), "mixture: weights must sum to 1, got 0"},
		{"mixture/nil-component", err1(NewMixture([]float64{0.5, 0.5}, []Distribution{ok, nil})), "mixture: components[1] is nil"},

		{"scaled/nil", err1(NewScaled(nil, 1)), "scaled: distribution is nil"},
		{"scaled/factor-zero", err1(NewScaled(ok, 0)), "scaled: factor must be > 0, got 0"},
		{"scaled/factor-negative", err1(NewScaled(ok, -0.9)), "scaled: factor must be > 0, got -0.9"},
		{"scaled/factor-nan", err1(NewScaled(ok, nan)), "scaled: factor must be a finite number, got NaN"},
		{"scaled/overflow", err1(NewScaled(Fixed{1e300}, 1e10)), "scaled: mean overflows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.build()
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

// err1 turns a constructor result into a deferred error check.
func err1[T any](_ T, err error) func() error {
	return func() error { return err }
}

// TestConstructorsAccept checks the edges of the valid ranges.
func TestConstructorsAccept(t *testing.T) {
	tests := []struct {
		name  string
		build func() error
	}{
		{"triangular/mode-min", err1(NewTriangular(0, 0, 1))},
		{"triangular/mode-max", err1(NewTriangular(0, 1, 1))},
		{"uniform/from-zero", err1(NewUniform(0, 1))},
		{"fixed/zero", err1(NewFixed(0))},
		{"empirical/zeros", err1(NewEmpirical([]float64{0, 0}))},
		{"empirical/one", err1(NewEmpirical([]float64{3}))},
		{"mixture/decimal-weights", err1(NewMixture([]float64{0.1, 0.2, 0.7}, []Distribution{Fixed{1}, Fixed{2}, Fixed{3}}))},
		{"mixture/zero-weight", err1(NewMixture([]float64{0, 1}, []Distribution{Fixed{1}, Fixed{2}}))},
		{"gamma/small-shape", err1(NewGamma(1e-3, 1))},
		{"gamma/large-shape", err1(NewGamma(1e6, 1))},
		{"erlang/k1", err1(NewErlang(1, 1))},
		{"weibull/small-shape", err1(NewWeibull(0.05, 1))},
		{"lognormal/small-cv", err1(NewLogNormalMeanSD(10, 1e-6))},
		{"scaled", err1(NewScaled(Fixed{2}, 0.5))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.build(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
