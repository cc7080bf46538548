package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestSampleMoments draws n values from each distribution and checks the
// sample mean and variance against the analytic Mean and Variance, with
// tolerances from the sampling distribution of each statistic.
func TestSampleMoments(t *testing.T) {
	const n = 200_000
	for _, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			xs := make([]float64, n)
			var sum float64
			for i := range xs {
				x := tc.d.Sample(r)
				if x < 0 || math.IsNaN(x) {
					t.Fatalf("draw %d = %v, want a non-negative number", i, x)
				}
				xs[i] = x
				sum += x
			}
			mean := sum / n
			var ss float64
			for _, x := range xs {
				ss += (x - mean) * (x - mean)
			}
			variance := ss / (n - 1)

			wantMean, wantVar := tc.d.Mean(), tc.d.Variance()
			if wantVar == 0 {
				if mean != wantMean || variance != 0 {
					t.Fatalf("degenerate: sample mean %v, variance %v; want %v, 0", mean, variance, wantMean)
				}
				return
			}

			// The sample mean has standard error sqrt(Var/n); 4 SEs is a
			// two-sided test at about 6e-5 per distribution.
			seMean := math.Sqrt(wantVar / n)
			if d := math.Abs(mean - wantMean); d > 4*seMean {
				t.Errorf("mean: sample %.6g, analytic %.6g: off by %.1f standard errors", mean, wantMean, d/seMean)
			}

			// The unbiased sample variance has variance
			// (μ4 - σ⁴(n-3)/(n-1))/n, with μ4 the fourth central moment.
			// For heavy tails its distribution is skewed, so allow 5 SEs.
			mu4 := centralMoment4(t, tc.d)
			seVar := math.Sqrt((mu4 - wantVar*wantVar*(n-3)/(n-1)) / n)
			if d := math.Abs(variance - wantVar); d > 5*seVar {
				t.Errorf("variance: sample %.6g, analytic %.6g: off by %.1f standard errors", variance, wantVar, d/seVar)
			}

			// A test that cannot fail is no test: the tolerances must be
			// tight enough to see a 5% error in the mean or 25% in the
			// variance, the size of a typical parameterisation slip.
			if 4*seMean > 0.05*wantMean {
				t.Errorf("mean tolerance %.3g is more than 5%% of the mean %.3g; raise n", 4*seMean, wantMean)
			}
			if 5*seVar > 0.25*wantVar {
				t.Errorf("variance tolerance %.3g is more than 25%% of the variance %.3g; raise n", 5*seVar, wantVar)
			}
			t.Logf("%v: mean off by %+.2f SE, variance off by %+.2f SE", tc.d, (mean-wantMean)/seMean, (variance-wantVar)/seVar)
		})
	}
}

// TestMomentsIndependent checks Mean and Variance against moments computed
// another way (closed-form raw moments, quadrature, the data itself).
func TestMomentsIndependent(t *testing.T) {
	for _, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			m1, m2 := rawMoment(t, tc.d, 1), rawMoment(t, tc.d, 2)
			closeTo(t, "mean", tc.d.Mean(), m1, 1e-12)
			closeTo(t, "variance", tc.d.Variance(), m2-m1*m1, 1e-9)
		})
	}
}

// gonumMoments is the interface the distuv types share for this check.
type gonumMoments interface {
	Mean() float64
	Variance() float64
}

// TestMomentsAgainstGonum compares Mean and Variance with gonum's distuv,
// which catches parameterisation slips (rate for scale, sd for variance).
func TestMomentsAgainstGonum(t *testing.T) {
	tests := []struct {
		name string
		d    Distribution
		g    gonumMoments
	}{
		{"exponential", Exponential{Scale: 4}, distuv.Exponential{Rate: 0.25}},
		{"lognormal", LogNormal{Mu: 1.5, Sigma: 0.8}, distuv.LogNormal{Mu: 1.5, Sigma: 0.8}},
		{"lognormal/mean-sd", must(NewLogNormalMeanSD(9.1, 12)), lognormalFromMeanSD(9.1, 12)},
		{"gamma", Gamma{Shape: 2.5, Scale: 3}, distuv.Gamma{Alpha: 2.5, Beta: 1.0 / 3}},
		{"gamma/shape0.3", Gamma{Shape: 0.3, Scale: 10}, distuv.Gamma{Alpha: 0.3, Beta: 0.1}},
		{"gamma/mean-sd", must(NewGammaMeanSD(10, 4)), distuv.Gamma{Alpha: 6.25, Beta: 0.625}},
		{"erlang", must(NewErlang(3, 6)), distuv.Gamma{Alpha: 3, Beta: 0.5}},
		{"weibull/shape0.7", Weibull{Shape: 0.7, Scale: 8}, distuv.Weibull{K: 0.7, Lambda: 8}},
		{"weibull/shape3", Weibull{Shape: 3, Scale: 10}, distuv.Weibull{K: 3, Lambda: 10}},
		{"triangular", Triangular{Min: 1, Mode: 2, Max: 6}, distuv.NewTriangle(1, 6, 2, nil)},
		{"triangular/mode-min", Triangular{Min: 0, Mode: 0, Max: 4}, distuv.NewTriangle(0, 4, 0, nil)},
		{"uniform", Uniform{Min: 1, Max: 3}, distuv.Uniform{Min: 1, Max: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closeTo(t, "mean", tt.d.Mean(), tt.g.Mean(), 1e-12)
			closeTo(t, "variance", tt.d.Variance(), tt.g.Variance(), 1e-12)
		})
	}
}

// lognormalFromMeanSD inverts the mean and sd independently of the package:
// it solves mean = exp(mu + s²/2), sd² = (exp(s²) - 1)·mean² by the plain
// formulas.
func lognormalFromMeanSD(mean, sd float64) distuv.LogNormal {
	s2 := math.Log(1 + sd*sd/(mean*mean))
	return distuv.LogNormal{Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}
}

// TestMeanSDConstructors checks the moment-matching constructors return the
// moments they were given.
func TestMeanSDConstructors(t *testing.T) {
	for _, ms := range [][2]float64{{9.1, 12}, {1, 0.01}, {0.5, 3}, {200, 150}} {
		mean, sd := ms[0], ms[1]
		ln := must(NewLogNormalMeanSD(mean, sd))
		closeTo(t, "lognormal mean", ln.Mean(), mean, 1e-12)
		closeTo(t, "lognormal sd", math.Sqrt(ln.Variance()), sd, 1e-12)
		g := must(NewGammaMeanSD(mean, sd))
		closeTo(t, "gamma mean", g.Mean(), mean, 1e-12)
		closeTo(t, "gamma sd", math.Sqrt(g.Variance()), sd, 1e-12)
	}
	e := must(NewErlang(4, 10))
	closeTo(t, "erlang mean", e.Mean(), 10, 1e-12)
	closeTo(t, "erlang sd", math.Sqrt(e.Variance()), 5, 1e-12)
}

// closeTo fails unless got is within rel relative error of want.
func closeTo(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s = %.17g, want %.17g (relative error %.2g > %.2g)", what, got, want, math.Abs(got-want)/math.Abs(want), rel)
	}
}
