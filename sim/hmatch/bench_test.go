package hmatch

import (
	"context"
	"math"
	"testing"
)

// BenchmarkMatchOverhead measures what history matching itself costs at
// the size of the Notts calibration (24 priors, 20 targets, 3 waves of
// 300 points, 5 replications) with a simulator that costs nothing: the
// designs, emulator fits, candidate screening and volume estimates.
func BenchmarkMatchOverhead(b *testing.B) {
	const d, K = 24, 20
	sim := func(_ context.Context, u []float64, reps int, _ func([][]float64) bool) ([][]float64, error) {
		out := make([][]float64, reps)
		for r := range out {
			out[r] = make([]float64, K)
			for k := range out[r] {
				j := k % 6 // the targets inform 7 of the 24 priors
				out[r][k] = u[j] + 0.5*u[(j+1)%d]*u[(j+1)%d] + 0.1*math.Sin(float64(r+k))*0.05
			}
		}
		return out, nil
	}
	centre := make([]float64, d)
	for j := range centre {
		centre[j] = 0.4
	}
	truth, _ := sim(context.Background(), centre, 1, nil)
	targets := make([]Target, K)
	for k := range targets {
		targets[k] = Target{Value: truth[0][k], VarObs: 0.05 * 0.05}
	}
	cfg := Config{Dim: d, Targets: targets, Waves: 3, Points: 300, Reps: 5, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(context.Background(), cfg, sim)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Waves) != 3 {
			b.Fatalf("%d waves: %s", len(res.Waves), res.Stopped)
		}
		b.ReportMetric(res.Waves[len(res.Waves)-1].RuledOutVolume, "ruled-out")
	}
}
