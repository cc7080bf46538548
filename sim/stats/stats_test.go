package stats

import (
	"math"
	"testing"
)

func TestTallyMatchesTwoPass(t *testing.T) {
	xs := []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}
	var tl Tally
	for _, x := range xs {
		tl.Add(x)
	}
	// Two-pass on the offsets: mean 10, squared deviations 36+9+9+36 = 90.
	if tl.Mean() != 1e9+10 {
		t.Errorf("mean = %v, want %v", tl.Mean(), 1e9+10)
	}
	if math.Abs(tl.Var()-30) > 1e-6 {
		t.Errorf("var = %v, want 30 (Welford must not lose precision to the offset)", tl.Var())
	}
	var empty Tally
	if !math.IsNaN(empty.Mean()) || !math.IsNaN(empty.Var()) {
		t.Error("empty tally should give NaN mean and variance")
	}
}

func TestLevelTimeWeighting(t *testing.T) {
	var l Level
	l.Set(0, 2) // 2 for 1h
	l.Set(1, 5) // 5 for 3h
	l.Set(4, 0) // 0 for 6h
	if got := l.Area(10); got != 17 {
		t.Errorf("area = %v, want 17", got)
	}
	if got := l.Mean(10); got != 1.7 {
		t.Errorf("mean = %v, want 1.7", got)
	}
	// Time at 0: 6h (60%), at 2: 1h, at 5: 3h → p50 = 0, p65 = 2, p95 = 5.
	for p, want := range map[float64]float64{0.5: 0, 0.65: 2, 0.7: 2, 0.71: 5, 0.95: 5} {
		if got := l.Quantile(10, p); got != want {
			t.Errorf("quantile(%v) = %v, want %v", p, got, want)
		}
	}
	if l.Max() != 5 {
		t.Errorf("max = %d, want 5", l.Max())
	}
	l.Set(10, 3)
	l.Reset(12)
	if got := l.Mean(20); got != 3 {
		t.Errorf("mean after reset = %v, want 3", got)
	}
	if got, want := l.Total(20), 17.0+3*10; got != want {
		t.Errorf("total = %v, want %v (Reset must not clear it)", got, want)
	}
	if got := l.Area(20); got != 24 {
		t.Errorf("area since reset = %v, want 24", got)
	}
}

func TestSummarize(t *testing.T) {
	xs := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	s := Summarize(xs)
	if s.N != 8 || s.Mean != 3.875 {
		t.Fatalf("n=%d mean=%v, want 8 and 3.875", s.N, s.Mean)
	}
	// sd of the data: sum of squared deviations = 52.875, /7.
	if want := math.Sqrt(52.875 / 7); math.Abs(s.SD-want) > 1e-12 {
		t.Errorf("sd = %v, want %v", s.SD, want)
	}
	// t(0.975, 7) = 2.364624251592785 (tables).
	half := 2.364624251592785 * s.SD / math.Sqrt(8)
	if math.Abs(s.CILow-(s.Mean-half)) > 1e-9 || math.Abs(s.CIHigh-(s.Mean+half)) > 1e-9 {
		t.Errorf("ci = [%v, %v], want %v ± %v", s.CILow, s.CIHigh, s.Mean, half)
	}
	// Type 7 on sorted 1 1 2 3 4 5 6 9: p50 → h=3.5 → 3.5; p05 → h=0.35 → 1; p95 → h=6.65 → 6+0.65*3.
	if s.P50 != 3.5 || s.P05 != 1 || math.Abs(s.P95-7.95) > 1e-12 {
		t.Errorf("quantiles = %v %v %v, want 1 3.5 7.95", s.P05, s.P50, s.P95)
	}
	if xs[0] != 3 {
		t.Error("Summarize reordered its input")
	}
	one := Summarize([]float64{2})
	if one.Mean != 2 || !math.IsNaN(one.CILow) {
		t.Errorf("single value: mean=%v ci_low=%v, want 2 and NaN", one.Mean, one.CILow)
	}
}

// TestCICoverage checks the interval's coverage: for normal samples of size
// 10, the 95% t-interval should contain the true mean in about 95% of 4,000
// trials (binomial SE ≈ 0.34%, so allow ±1.5%).
func TestCICoverage(t *testing.T) {
	r := newTestRand()
	hits := 0
	const trials = 4000
	xs := make([]float64, 10)
	for range trials {
		for i := range xs {
			xs[i] = 5 + 2*r.NormFloat64()
		}
		s := Summarize(xs)
		if s.CILow <= 5 && 5 <= s.CIHigh {
			hits++
		}
	}
	if cov := float64(hits) / trials; math.Abs(cov-0.95) > 0.015 {
		t.Fatalf("coverage = %v, want 0.95 ± 0.015", cov)
	}
}
