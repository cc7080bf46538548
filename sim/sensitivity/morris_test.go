package sensitivity

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

func runMorris(t *testing.T, o MorrisOptions, f func([]float64) float64) (*MorrisDesign, *MorrisResult) {
	t.Helper()
	d, err := NewMorris(o)
	if err != nil {
		t.Fatal(err)
	}
	y, err := evaluate(context.Background(), model(f), d.Points)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Analyze(y, Bootstrap{Resamples: 200, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return d, res
}

// TestMorrisLinear: every elementary effect of y = c0 + Σ c_i x_i is c_i,
// so μ = c_i, μ* = |c_i|, σ = 0 and the bootstrap interval of μ* is the
// point |c_i|, for any grid and with or without trajectory selection.
func TestMorrisLinear(t *testing.T) {
	c := []float64{3, -5, 0.5, 0}
	for _, o := range []MorrisOptions{
		{Factors: 4, Trajectories: 10, Seed: 1},
		{Factors: 4, Levels: 6, Trajectories: 8, Candidates: 40, Seed: 2},
		{Factors: 4, Levels: 2, Trajectories: 3, Seed: 3},
	} {
		_, res := runMorris(t, o, linear(10, c))
		for i, f := range res.Factors {
			const tol = 1e-12
			if math.Abs(f.Mu-c[i]) > tol || math.Abs(f.MuStar-math.Abs(c[i])) > tol || f.Sigma > tol ||
				math.Abs(f.MuStarLow-f.MuStar) > tol || math.Abs(f.MuStarHigh-f.MuStar) > tol {
				t.Errorf("levels %d, factor %d: μ %v μ* %v [%v, %v] σ %v; want μ %v μ* %v σ 0", o.Levels, i, f.Mu, f.MuStar, f.MuStarLow, f.MuStarHigh, f.Sigma, c[i], math.Abs(c[i]))
			}
		}
	}
}

// TestMorrisGrid: every trajectory moves each factor once by ±Δ along the
// p-level grid; for y = x1² on a 4-level grid (Δ = 2/3) the lower end of a
// step is 0 or 1/3, so every elementary effect ((x+Δ)² − x²)/Δ = 2x + Δ is
// exactly 2/3 or 4/3, and both occur.
func TestMorrisGrid(t *testing.T) {
	d, res := runMorris(t, MorrisOptions{Factors: 3, Trajectories: 50, Seed: 4}, func(x []float64) float64 { return x[0] * x[0] })
	if d.Delta != 2.0/3 {
		t.Fatalf("Δ = %v, want 2/3", d.Delta)
	}
	k := d.Factors
	for tr := range d.Trajectories {
		pts := d.Points[tr*(k+1) : (tr+1)*(k+1)]
		moved := make([]int, k)
		for s := range k {
			changed := 0
			for i := range k {
				if diff := pts[s+1][i] - pts[s][i]; diff != 0 {
					changed++
					moved[i]++
					if math.Abs(math.Abs(diff)-d.Delta) > 1e-12 {
						t.Fatalf("trajectory %d step %d: factor %d moves %v, want ±Δ", tr, s, i, diff)
					}
				}
			}
			if changed != 1 {
				t.Fatalf("trajectory %d step %d changes %d factors, want 1", tr, s, changed)
			}
		}
		for _, p := range pts {
			for _, v := range p {
				if l := v * 3; math.Abs(l-math.Round(l)) > 1e-12 || v < 0 || v > 1 {
					t.Fatalf("trajectory %d: coordinate %v is not on the grid {0, 1/3, 2/3, 1}", tr, v)
				}
			}
		}
		if slices.Max(moved) != 1 || slices.Min(moved) != 1 {
			t.Fatalf("trajectory %d moves factors %v times, want each once", tr, moved)
		}
	}
	seen := map[float64]int{}
	for _, e := range res.Effects[0] {
		switch {
		case math.Abs(e-2.0/3) < 1e-12:
			seen[2.0/3]++
		case math.Abs(e-4.0/3) < 1e-12:
			seen[4.0/3]++
		default:
			t.Fatalf("elementary effect %v of x1², want 2/3 or 4/3", e)
		}
	}
	if len(seen) != 2 {
		t.Errorf("effects of x1² take values %v, want both 2/3 and 4/3", seen)
	}
	for _, i := range []int{1, 2} {
		if f := res.Factors[i]; f.MuStar != 0 || f.Sigma != 0 {
			t.Errorf("inert factor %d: μ* %v σ %v, want 0", i, f.MuStar, f.Sigma)
		}
	}
}

// TestMorrisIshigami: x3 acts only through its interaction with x1, so its
// μ is about 0 (sin x1 is odd) while its μ* and σ are large; x2's effect
// (7 sin² x2) is pure non-linearity of its own, the same whatever the
// others; an inert fourth factor has μ* = σ = 0 exactly. μ* ranks the
// factors as the total-order indices do, x1 > x2 > x3 (Campolongo et al.
// 2007 report the same order).
func TestMorrisIshigami(t *testing.T) {
	f := func(x []float64) float64 { return ishigami(x[:3]) }
	_, res := runMorris(t, MorrisOptions{Factors: 4, Trajectories: 200, Candidates: 400, Seed: 5}, f)
	x1, x2, x3, x4 := res.Factors[0], res.Factors[1], res.Factors[2], res.Factors[3]
	if x4.MuStar != 0 || x4.Sigma != 0 {
		t.Errorf("inert x4: μ* %v σ %v, want 0", x4.MuStar, x4.Sigma)
	}
	if !(math.Abs(x3.Mu) < 0.25*x3.MuStar) || !(x3.Sigma > x3.MuStar) {
		t.Errorf("x3: μ %.3f μ* %.3f σ %.3f: want |μ| ≪ μ* < σ", x3.Mu, x3.MuStar, x3.Sigma)
	}
	r, err := res.Rank([]string{"x1", "x2", "x3", "x4"})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range r.Factors {
		order = append(order, f.Name)
		if !(f.Low <= f.Value && f.Value <= f.High) {
			t.Errorf("%s: μ* %v outside its interval [%v, %v]", f.Name, f.Value, f.Low, f.High)
		}
	}
	t.Logf("μ*: x1 %.3f x2 %.3f x3 %.3f", x1.MuStar, x2.MuStar, x3.MuStar)
	if got := strings.Join(order, " "); got != "x1 x2 x3 x4" {
		t.Errorf("rank %q, want x1 x2 x3 x4", got)
	}
}

// TestMorrisSpread: choosing trajectories from a pool spreads them out:
// the chosen set's sum of squared trajectory distances (Campolongo's
// criterion) beats that of the first r of the pool, and on a pool small
// enough to search exhaustively the greedy choice is within 2% of the best.
func TestMorrisSpread(t *testing.T) {
	spread := func(d *MorrisDesign) float64 {
		k := d.Factors + 1
		s := 0.0
		for a := range d.Trajectories {
			for b := a + 1; b < d.Trajectories; b++ {
				dist := 0.0
				for _, x := range d.Points[a*k : (a+1)*k] {
					for _, y := range d.Points[b*k : (b+1)*k] {
						dist += euclid(x, y)
					}
				}
				s += dist * dist
			}
		}
		return s
	}
	plain, err := NewMorris(MorrisOptions{Factors: 5, Trajectories: 4, Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := NewMorris(MorrisOptions{Factors: 5, Trajectories: 10, Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	chosen, err := NewMorris(MorrisOptions{Factors: 5, Trajectories: 4, Candidates: 10, Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	// The pool's first 4 trajectories are the plain design's.
	if !slices.EqualFunc(plain.Points, pool.Points[:len(plain.Points)], slices.Equal) {
		t.Fatal("a pool does not start with the plain design's trajectories")
	}
	best := 0.0
	k := pool.Factors + 1
	for a := range 10 {
		for b := a + 1; b < 10; b++ {
			for c := b + 1; c < 10; c++ {
				for e := c + 1; e < 10; e++ {
					sub := &MorrisDesign{Factors: pool.Factors, Trajectories: 4}
					for _, i := range []int{a, b, c, e} {
						sub.Points = append(sub.Points, pool.Points[i*k:(i+1)*k]...)
					}
					best = max(best, spread(sub))
				}
			}
		}
	}
	got := spread(chosen)
	t.Logf("spread: first 4 %.1f, chosen %.1f, best %.1f", spread(plain), got, best)
	if !(got > spread(plain)) || got < 0.98*best || got > best*(1+1e-12) {
		t.Errorf("chosen spread %.2f: want above the first four's %.2f and within 2%% of the best %.2f", got, spread(plain), best)
	}
}

// TestMorrisSeed: the design and the bootstrap interval are fixed by their
// seeds and change with them.
func TestMorrisSeed(t *testing.T) {
	// Interactions make the elementary effects of x1 take many values.
	f := func(x []float64) float64 { return x[0]*x[1] + x[2]*x[0]*x[0] + math.Exp(x[1]*x[2]) }
	o := MorrisOptions{Factors: 3, Levels: 8, Trajectories: 20, Seed: 8}
	d1, r1 := runMorris(t, o, f)
	d2, r2 := runMorris(t, o, f)
	if !slices.EqualFunc(d1.Points, d2.Points, slices.Equal) || !slices.Equal(r1.Factors, r2.Factors) {
		t.Fatal("same seed, different design or result")
	}
	y, _ := evaluate(context.Background(), model(f), d1.Points)
	r3, err := d1.Analyze(y, Bootstrap{Resamples: 200, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if r3.Factors[0].MuStar != r1.Factors[0].MuStar || (r3.Factors[0].MuStarLow == r1.Factors[0].MuStarLow && r3.Factors[0].MuStarHigh == r1.Factors[0].MuStarHigh) {
		t.Error("another bootstrap seed should move the interval and only the interval")
	}
	o.Seed = 9
	d4, _ := runMorris(t, o, f)
	if slices.EqualFunc(d1.Points, d4.Points, slices.Equal) {
		t.Error("another seed gave the same design")
	}
}

// TestMorrisOptions: bad options and outputs are refused with the reason.
func TestMorrisOptions(t *testing.T) {
	for _, c := range []struct {
		o    MorrisOptions
		want string
	}{
		{MorrisOptions{Factors: 0, Trajectories: 4}, "factors 0"},
		{MorrisOptions{Factors: 2, Levels: 5, Trajectories: 4}, "levels 5"},
		{MorrisOptions{Factors: 2, Trajectories: 1}, "trajectories 1"},
		{MorrisOptions{Factors: 2, Trajectories: 4, Candidates: 3}, "candidates 3"},
	} {
		if _, err := NewMorris(c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one containing %q", c.o, err, c.want)
		}
	}
	d, err := NewMorris(MorrisOptions{Factors: 2, Trajectories: 3})
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(d.Points))
	y[4] = math.Inf(1)
	if _, err := d.Analyze(y, Bootstrap{}); err == nil || !strings.Contains(err.Error(), "point 4") {
		t.Errorf("infinite output: error %v", err)
	}
	if _, err := d.Analyze(make([]float64, len(d.Points)), Bootstrap{Level: 1.5}); err == nil || !strings.Contains(err.Error(), "level 1.5") {
		t.Errorf("bad level: error %v", err)
	}
}
