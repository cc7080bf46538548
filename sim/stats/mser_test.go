package stats

import (
	"math"
	"testing"
)

// bruteMSER is the definition, evaluated directly for every d ≤ k/2.
func bruteMSER(xs []float64, b int) (int, float64) {
	k := len(xs) / b
	z := make([]float64, k)
	for j := range k {
		for _, x := range xs[j*b : (j+1)*b] {
			z[j] += x / float64(b)
		}
	}
	bestD, best := 0, math.Inf(1)
	for d := 0; d <= k/2; d++ {
		mean := 0.0
		for _, v := range z[d:] {
			mean += v
		}
		mean /= float64(k - d)
		ss := 0.0
		for _, v := range z[d:] {
			ss += (v - mean) * (v - mean)
		}
		if s := ss / float64((k-d)*(k-d)); s < best {
			bestD, best = d, s
		}
	}
	return bestD, best
}

func TestMSERMatchesDefinition(t *testing.T) {
	r := newTestRand()
	for trial := range 50 {
		n := 20 + r.IntN(400)
		xs := make([]float64, n)
		level := 1e6 * r.Float64() // far from zero: the shift must keep precision
		for i := range xs {
			xs[i] = level + 10*math.Exp(-float64(i)/float64(1+r.IntN(60))) + r.NormFloat64()
		}
		got := MSER5(xs)
		d, stat := bruteMSER(xs, 5)
		if got.Batches != d || got.Obs != 5*d || math.Abs(got.Stat-stat) > 1e-9*stat+1e-12 {
			t.Fatalf("trial %d (n=%d): got %+v, want d=%d stat=%v", trial, n, got, d, stat)
		}
	}
}

// TestMSER5FindsKnownTransient: series whose transient is known by
// construction.
func TestMSER5FindsKnownTransient(t *testing.T) {
	r := newTestRand()
	noise := func(n int, f func(i int) float64) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = f(i) + r.NormFloat64()
		}
		return xs
	}
	cases := []struct {
		name     string
		xs       []float64
		min, max int // acceptable truncation, observations
		reliable bool
	}{
		// A step: 60 days at +20 (an initially overfull hospital), then
		// stationary noise. The step is 20 standard deviations, so MSER-5
		// must cut exactly at the step's batch boundary.
		{"step", noise(400, func(i int) float64 {
			if i < 60 {
				return 120
			}
			return 100
		}), 60, 60, true},
		// Filling an empty hospital: 100·(1 − e^(−t/15)). The bias falls
		// below the noise of a 5-batch mean (1/√5 ≈ 0.45) near
		// t = 15·ln(100/0.45) ≈ 81; MSER should cut between 40 and 120.
		{"exponential fill", noise(500, func(i int) float64 {
			return 100 * (1 - math.Exp(-float64(i)/15))
		}), 40, 120, true},
		// Stationary: little or nothing to cut.
		{"stationary", noise(500, func(int) float64 { return 50 }), 0, 50, true},
		// A transient longer than half the series: MSER cannot see its end.
		{"too short", noise(100, func(i int) float64 { return 200 - 2*float64(i) }), 50, 50, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := MSER5(tc.xs)
			if got.Obs < tc.min || got.Obs > tc.max || got.Obs%5 != 0 {
				t.Errorf("truncation = %d observations, want a multiple of 5 in [%d, %d]", got.Obs, tc.min, tc.max)
			}
			if got.Reliable != tc.reliable {
				t.Errorf("reliable = %v, want %v (%+v)", got.Reliable, tc.reliable, got)
			}
		})
	}
}

func TestMSERShortSeries(t *testing.T) {
	got := MSER5([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	if got.Obs != 0 || got.Reliable || !math.IsNaN(got.Stat) {
		t.Errorf("3 batches: got %+v, want no truncation, not reliable", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MSER with batch size 0 should panic")
		}
	}()
	MSER(nil, 0)
}
