package sensitivity

import "testing"

// BenchmarkSobolAnalyze: the estimator and 100 bootstrap resamples on 10
// factors and 10,000 base rows (120,000 outputs).
func BenchmarkSobolAnalyze(b *testing.B) {
	const k, n = 10, 10000
	a := []float64{0, 0.5, 1, 2, 4.5, 9, 20, 50, 99, 99}
	d, err := NewSobol(SobolOptions{Factors: k, N: n, Sampler: LatinHypercube(1)})
	if err != nil {
		b.Fatal(err)
	}
	g := gFunction(a)
	y := make([]float64, len(d.Points))
	for i, x := range d.Points {
		y[i] = g(x)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Analyze(y, Bootstrap{Resamples: 100, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(y))/b.Elapsed().Seconds(), "outputs/s")
}

// BenchmarkSobolDesign: building the 120,000-point design from a Latin
// hypercube of 10,000 rows and 20 columns.
func BenchmarkSobolDesign(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewSobol(SobolOptions{Factors: 10, N: 10000, Sampler: LatinHypercube(1)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*120000/b.Elapsed().Seconds(), "points/s")
}
