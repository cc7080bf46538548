package experiment

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

// BenchmarkNottsMatchWave runs one small wave of the Notts history match
// as calibrate --fit does (sequential replications, --warmup 240d, 2
// workers) per iteration — scenario loads at every point included — and
// reports the replications it ran. `make pgo` profiles it beside the
// model's benchmark.
func BenchmarkNottsMatchWave(b *testing.B) {
	w := scenario.Duration(240 * 24)
	seed := uint64(1)
	runs := 0
	for i := 0; b.Loop(); i++ {
		out, err := Fit(context.Background(), FitOptions{Scenario: "../../scenarios/notts/baseline.yaml",
			Waves: 1, Points: 12, Reps: 5, Workers: 2, Warmup: &w, Seed: &seed,
			Out: filepath.Join(b.TempDir(), "m")})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range out.Result.Waves[0].Runs {
			runs += len(r)
		}
	}
	b.ReportMetric(float64(runs)/float64(b.N), "replications/op")
}
