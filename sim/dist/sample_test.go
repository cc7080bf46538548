package dist

import (
	"math/rand/v2"
	"testing"
)

// TestSampleDoesNotAllocate checks the hot-path promise: no distribution
// allocates per draw when called through the interface, as the model does.
func TestSampleDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range cases(t) {
		t.Run(tc.name, func(t *testing.T) {
			var d Distribution = tc.d
			var sink float64
			allocs := testing.AllocsPerRun(1000, func() {
				sink += d.Sample(r)
			})
			if allocs != 0 {
				t.Errorf("%v: Sample allocates %v times per draw, want 0", d, allocs)
			}
			_ = sink
		})
	}
}

// BenchmarkSample measures one draw per distribution through the interface.
func BenchmarkSample(b *testing.B) {
	for _, tc := range cases(b) {
		b.Run(tc.name, func(b *testing.B) {
			var d Distribution = tc.d
			r := rand.New(rand.NewPCG(1, 2))
			b.ReportAllocs()
			var sink float64
			for b.Loop() {
				sink += d.Sample(r)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "draws/s")
			_ = sink
		})
	}
}
