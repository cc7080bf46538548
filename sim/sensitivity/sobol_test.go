package sensitivity

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

// within reports whether got is within tol of want, and says so if not.
func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tol)
	}
}

func runSobol(t *testing.T, k, n int, s Sampler, f func([]float64) float64) *SobolResult {
	t.Helper()
	res, err := RunSobol(context.Background(), SobolOptions{Factors: k, N: n, Sampler: s}, model(f), Bootstrap{Resamples: 200, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSobolIshigami: with 2^13 base rows each estimate lies within two
// half-widths of its 95% bootstrap interval (about four standard errors)
// of the analytic index, and those half-widths are below 0.035. Estimators
// that are off are caught: swapping A and B in the first-order estimator
// estimates 1 − ST (0.44 for x1, against 0.31), and Sobol's (1993)
// total-order estimator without the 1/2 doubles ST.
func TestSobolIshigami(t *testing.T) {
	first, total := ishigamiIndices()
	for name, s := range map[string]Sampler{"latin": LatinHypercube(1), "uniform": Uniform(2)} {
		t.Run(name, func(t *testing.T) {
			res := runSobol(t, 3, 1<<13, s, ishigami)
			for i, f := range res.Factors {
				checkIndex(t, fmt.Sprintf("S%d", i+1), f.First, f.FirstLow, f.FirstHigh, first[i], 0.035)
				checkIndex(t, fmt.Sprintf("ST%d", i+1), f.Total, f.TotalLow, f.TotalHigh, total[i], 0.035)
			}
		})
	}
}

// checkIndex checks that an estimate is within two half-widths of its
// bootstrap interval of the truth, and that the interval is narrower than
// 2·maxHalf and holds the estimate.
func checkIndex(t *testing.T, what string, est, lo, hi, truth, maxHalf float64) {
	t.Helper()
	half := (hi - lo) / 2
	if !(lo <= est && est <= hi) || !(half > 0 && half <= maxHalf) {
		t.Errorf("%s = %.4f, interval [%.4f, %.4f]: want it around the estimate and at most ±%.3f", what, est, lo, hi, maxHalf)
	}
	if !(math.Abs(est-truth) <= 2*half) {
		t.Errorf("%s = %.4f [%.4f, %.4f], want %.4f within two half-widths", what, est, lo, hi, truth)
	}
}

// TestIshigamiAnalytic pins the analytic values the Sobol test compares
// against to the published ones.
func TestIshigamiAnalytic(t *testing.T) {
	first, total := ishigamiIndices()
	for i, want := range []float64{0.3139, 0.4424, 0} {
		within(t, "analytic S", first[i], want, 5e-5)
	}
	for i, want := range []float64{0.5576, 0.4424, 0.2437} {
		within(t, "analytic ST", total[i], want, 5e-5)
	}
}

// TestSobolGFunction: Sobol's g-function with a = (0, 1, 4.5, 9, 99, 99):
// important, less important and two nearly inert factors (ST ≈ 1e-4).
func TestSobolGFunction(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99, 99}
	first, total := gIndices(a)
	res := runSobol(t, len(a), 1<<13, LatinHypercube(3), gFunction(a))
	for i, f := range res.Factors {
		within(t, "S", f.First, first[i], 0.03)
		within(t, "ST", f.Total, total[i], 0.03)
	}
	for _, i := range []int{4, 5} {
		if f := res.Factors[i]; math.Abs(f.Total) > 0.002 || math.Abs(f.First) > 0.01 {
			t.Errorf("inert factor %d: S = %.4f, ST = %.4f: want ≈ 0", i+1, f.First, f.Total)
		}
	}
	r, err := res.Rank([]string{"a", "b", "c", "d", "e", "f"})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range r.Factors[:4] {
		order = append(order, f.Name)
	}
	if got := strings.Join(order, ""); got != "abcd" {
		t.Errorf("rank order %q, want abcd first", got)
	}
}

// TestSobolLinear: for y = Σ c_i x_i with independent uniform x,
// S_i = ST_i = c_i²/Σc², an inert factor (c = 0) has both exactly 0 (its
// A_B matrix gives the same outputs as A), and the indices do not depend on
// the scale of y or on a constant added to it, even one much larger than
// its spread (as a bed-day count is).
func TestSobolLinear(t *testing.T) {
	c := []float64{4, -2, 1, 0}
	sum := 0.0
	for _, ci := range c {
		sum += ci * ci
	}
	res := runSobol(t, len(c), 1<<12, LatinHypercube(4), linear(100, c))
	scaled := runSobol(t, len(c), 1<<12, LatinHypercube(4), func(x []float64) float64 { return -3 * linear(100, c)(x) })
	shifted := runSobol(t, len(c), 1<<12, LatinHypercube(4), linear(1e5, c))
	for i, f := range res.Factors {
		want := c[i] * c[i] / sum
		within(t, "S", f.First, want, 0.02)
		within(t, "ST", f.Total, want, 0.02)
		within(t, "scaled ST", scaled.Factors[i].Total, f.Total, 1e-9)
		within(t, "scaled S", scaled.Factors[i].First, f.First, 1e-9)
		within(t, "shifted ST", shifted.Factors[i].Total, f.Total, 1e-6)
		within(t, "shifted S", shifted.Factors[i].First, f.First, 1e-6)
	}
	if f := res.Factors[3]; f.Total != 0 || f.TotalLow != 0 || f.TotalHigh != 0 {
		t.Errorf("inert factor: ST = %v [%v, %v], want exactly 0", f.Total, f.TotalLow, f.TotalHigh)
	}
}

// TestSobolAdditive: in an additive model every index of interaction is 0,
// so first- and total-order indices agree and the first-order ones sum to 1.
func TestSobolAdditive(t *testing.T) {
	f := func(x []float64) float64 {
		return x[0]*x[0] + math.Sin(2*math.Pi*x[1]) + 3*math.Exp(x[2])
	}
	res := runSobol(t, 3, 1<<13, LatinHypercube(5), f)
	sum := 0.0
	for i, fa := range res.Factors {
		within(t, "ST − S of factor "+string(rune('1'+i)), fa.Total-fa.First, 0, 0.02)
		sum += fa.First
	}
	within(t, "Σ S", sum, 1, 0.03)
}

// TestSobolDesign: the blocks are A, B and A with one column from B, as
// documented; bad samplers and outputs are refused with what was wrong.
func TestSobolDesign(t *testing.T) {
	d, err := NewSobol(SobolOptions{Factors: 3, N: 5, Sampler: Uniform(7)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 5*5 {
		t.Fatalf("%d points, want 25", len(d.Points))
	}
	base := Uniform(7)(5, 6)
	for j := range 5 {
		for c := range 3 {
			if d.Points[j][c] != base[j][c] || d.Points[5+j][c] != base[j][3+c] {
				t.Fatalf("row %d: A or B differ from the base design", j)
			}
			for i := range 3 {
				want := base[j][c]
				if c == i {
					want = base[j][3+c]
				}
				if got := d.Points[(2+i)*5+j][c]; got != want {
					t.Fatalf("A_B^(%d) row %d column %d = %v, want %v", i, j, c, got, want)
				}
			}
		}
	}
	bad := []struct {
		o    SobolOptions
		want string
	}{
		{SobolOptions{Factors: 0, N: 4, Sampler: Uniform(1)}, "factors 0"},
		{SobolOptions{Factors: 2, N: 1, Sampler: Uniform(1)}, "base rows 1"},
		{SobolOptions{Factors: 2, N: 4}, "no sampler"},
		{SobolOptions{Factors: 2, N: 4, Sampler: func(n, k int) [][]float64 { return Uniform(1)(n-1, k) }}, "returned 3 rows"},
		{SobolOptions{Factors: 2, N: 4, Sampler: func(n, k int) [][]float64 { return Uniform(1)(n, k-1) }}, "has 3 columns"},
		{SobolOptions{Factors: 2, N: 4, Sampler: func(n, k int) [][]float64 {
			rows := Uniform(1)(n, k)
			rows[2][1] = 1.5
			return rows
		}}, "row 2 column 1 is 1.5"},
	}
	for _, b := range bad {
		if _, err := NewSobol(b.o); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: error %v, want one containing %q", b.o, err, b.want)
		}
	}
	y := make([]float64, len(d.Points))
	if _, err := d.Analyze(y, Bootstrap{}); err == nil || !strings.Contains(err.Error(), "does not vary") {
		t.Errorf("constant output: error %v", err)
	}
	y[7] = math.NaN()
	if _, err := d.Analyze(y, Bootstrap{}); err == nil || !strings.Contains(err.Error(), "point 7") {
		t.Errorf("NaN output: error %v", err)
	}
	if _, err := d.Analyze(y[:3], Bootstrap{}); err == nil || !strings.Contains(err.Error(), "3 outputs for 25 points") {
		t.Errorf("short output: error %v", err)
	}
}
