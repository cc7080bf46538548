package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestPoisson: for means on both sides of the method switch, the sample
// mean and variance of 200,000 draws are within 5 standard errors of the
// mean, and the share of each value near the mode matches the Poisson
// probability within 5 binomial standard errors.
func TestPoisson(t *testing.T) {
	for _, mean := range []float64{0, 0.3, 4, 9.9, 10, 23.7, 480} {
		r := rand.New(rand.NewPCG(8, 9))
		const n = 200000
		counts := map[int]int{}
		var sum, sum2 float64
		for range n {
			k := Poisson(r, mean)
			if k < 0 {
				t.Fatalf("mean %v: negative count %d", mean, k)
			}
			counts[k]++
			sum += float64(k)
			sum2 += float64(k) * float64(k)
		}
		m := sum / n
		v := sum2/n - m*m
		if se := math.Sqrt(math.Max(mean, 1e-9) / n); math.Abs(m-mean) > 5*se+1e-12 {
			t.Errorf("mean %v: sample mean %v", mean, m)
		}
		// Var of the sample variance for Poisson ≈ (λ + 2λ²)/n.
		if se := math.Sqrt((mean + 2*mean*mean) / n); math.Abs(v-mean) > 5*se+1e-12 {
			t.Errorf("mean %v: sample variance %v", mean, v)
		}
		if mean == 0 {
			continue
		}
		p := distuv.Poisson{Lambda: mean}
		for k := int(mean) - 2; k <= int(mean)+2; k++ {
			if k < 0 {
				continue
			}
			want := p.Prob(float64(k))
			got := float64(counts[k]) / n
			if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 5*se {
				t.Errorf("mean %v: P(%d) = %.5f, want %.5f", mean, k, got, want)
			}
		}
	}
}

func TestPoissonDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	if a := testing.AllocsPerRun(100, func() { Poisson(r, 3); Poisson(r, 300) }); a != 0 {
		t.Fatalf("Poisson allocated %v times", a)
	}
}
