package sensitivity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/rng"
)

// noisy is a stochastic model: Ishigami plus noise drawn from a stream
// keyed by the point's index, as a simulation's replications are keyed.
// Calls sleep for a time that varies with the index, so that with several
// workers they finish out of order.
func noisy(_ context.Context, i int, x []float64) (float64, error) {
	r := rng.Seed(42).Replication(i).Stream("noise")
	if i%7 == 0 {
		time.Sleep(time.Duration(i%3) * 50 * time.Microsecond)
	}
	return ishigami(x) + r.NormFloat64(), nil
}

// TestPerPointWorkers: the outputs, and so every index and interval, are
// bit-for-bit the same for 1, 2 and 7 workers.
func TestPerPointWorkers(t *testing.T) {
	var want string
	for _, w := range []int{1, 2, 7} {
		ctx := context.Background()
		sob, err := RunSobol(ctx, SobolOptions{Factors: 3, N: 256, Sampler: LatinHypercube(1)}, PerPoint(noisy, w), Bootstrap{Resamples: 50})
		if err != nil {
			t.Fatal(err)
		}
		mor, err := RunMorris(ctx, MorrisOptions{Factors: 3, Trajectories: 30, Seed: 2}, PerPoint(noisy, w), Bootstrap{Resamples: 50})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, f := range sob.Factors {
			for _, v := range []float64{f.First, f.FirstLow, f.FirstHigh, f.Total, f.TotalLow, f.TotalHigh} {
				fmt.Fprintf(&b, "%x ", math.Float64bits(v))
			}
		}
		for _, ee := range mor.Effects {
			for _, v := range ee {
				fmt.Fprintf(&b, "%x ", math.Float64bits(v))
			}
		}
		if w == 1 {
			want = b.String()
		} else if b.String() != want {
			t.Errorf("%d workers: results differ from 1 worker's", w)
		}
	}
}

// TestPerPointError: the first failure stops the evaluation and names its
// point; a cancelled context stops it too.
func TestPerPointError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int64
	f := func(ctx context.Context, i int, x []float64) (float64, error) {
		calls.Add(1)
		if i == 5 {
			return 0, boom
		}
		return 1, nil
	}
	points := make([][]float64, 1000)
	for i := range points {
		points[i] = []float64{0}
	}
	_, err := PerPoint(f, 1)(context.Background(), points)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "point 5") {
		t.Errorf("error %v, want boom at point 5", err)
	}
	if n := calls.Load(); n > 7 {
		t.Errorf("%d calls after a failure at the 6th with one worker", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PerPoint(func(context.Context, int, []float64) (float64, error) { return 1, nil }, 2)(ctx, points); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v", err)
	}
	short := func(context.Context, [][]float64) ([]float64, error) { return []float64{1}, nil }
	if _, err := RunSobol(context.Background(), SobolOptions{Factors: 1, N: 4, Sampler: Uniform(1)}, short, Bootstrap{}); err == nil || !strings.Contains(err.Error(), "1 outputs for 12 points") {
		t.Errorf("short model: error %v", err)
	}
}
