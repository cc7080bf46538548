package ensemble

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// point returns one point's savings: for each alternative a its mean m[a]
// plus the same zero-mean deviations in every alternative (as common random
// numbers make them), so the paired means are exactly m.
func point(m ...float64) [][]float64 {
	dev := []float64{-1, 0.5, 0.5}
	out := make([][]float64, len(m))
	for a, v := range m {
		for _, d := range dev {
			out[a] = append(out[a], v+d)
		}
	}
	return out
}

// TestSwapShare: two alternatives whose order swaps at 3 of 10 points:
// P(A saves more than B) = 0.7 exactly, and the rank probabilities are 0.7
// and 0.3.
func TestSwapShare(t *testing.T) {
	var sv [][][]float64
	for j := range 10 {
		if j%3 == 1 && j < 9 { // points 1, 4, 7
			sv = append(sv, point(10, 15))
		} else {
			sv = append(sv, point(10, 5))
		}
	}
	res, err := Summarize(sv, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Beats[0][1] != 0.7 || res.Beats[1][0] != 0.3 || res.Beats[0][0] != 0.5 {
		t.Errorf("beats %v, want [[0.5 0.7] [0.3 0.5]]", res.Beats)
	}
	want := [][]float64{{0.7, 0.3}, {0.3, 0.7}}
	for a := range want {
		for r := range want[a] {
			if res.RankProb[a][r] != want[a][r] {
				t.Errorf("P(alternative %d has rank %d) = %v, want %v", a, r+1, res.RankProb[a][r], want[a][r])
			}
		}
	}
	// B's paired means: 5 at seven points, 15 at three.
	if got := res.Alternatives[1].Ensemble.Mean; math.Abs(got-8) > 1e-12 {
		t.Errorf("ensemble mean of B %v, want 8", got)
	}
}

// TestWithinAndEnsemble: the within-point interval is the Student t
// interval (savings 1, 2, 3: 2 ± t(0.975, 2)/√3); over 41 points with paired
// means 0…40 the 2.5–97.5% range is [1, 39] (linear interpolation between
// order statistics), the median 20.
func TestWithinAndEnsemble(t *testing.T) {
	var sv [][][]float64
	for j := range 41 {
		m := float64(j)
		sv = append(sv, [][]float64{{m - 1, m, m + 1}})
	}
	res, err := Summarize(sv, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	alt := res.Alternatives[0]
	h := 4.302652729911275 / math.Sqrt(3) // t(0.975, 2) · sd / √n with sd = 1
	if p := alt.Points[2]; math.Abs(p.Mean-2) > 1e-12 || math.Abs(p.Low-(2-h)) > 1e-9 || math.Abs(p.High-(2+h)) > 1e-9 {
		t.Errorf("point 2: %+v, want 2 ± %.6f", p, h)
	}
	if e := alt.Ensemble; e.Mean != 20 || math.Abs(e.Low-1) > 1e-9 || math.Abs(e.High-39) > 1e-9 || alt.Median != 20 {
		t.Errorf("ensemble %+v median %v, want 20 [1, 39] median 20", e, alt.Median)
	}
	if c := alt.Combined; math.Abs(c.Low-(1-h)) > 1e-9 || math.Abs(c.High-(39+h)) > 1e-9 {
		t.Errorf("combined %+v, want [1 − %.4f, 39 + %.4f]", c, h, h)
	}
}

// TestSinglePoint: with one point the interval with parameter uncertainty
// is the single-baseline interval, and the ensemble range is the mean.
func TestSinglePoint(t *testing.T) {
	res, err := Summarize([][][]float64{{{3, 5, 4, 8}}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	alt := res.Alternatives[0]
	if alt.Combined != alt.Points[0] || alt.Ensemble.Low != 5 || alt.Ensemble.High != 5 || alt.Ensemble.Mean != 5 {
		t.Errorf("one point: combined %+v, within %+v, ensemble %+v", alt.Combined, alt.Points[0], alt.Ensemble)
	}
}

// randomEnsemble draws savings for nAlt alternatives over nPts points, with
// alternatives 2 and 3 identical (so ties occur) when there are four.
func randomEnsemble(seed uint64, nPts, nAlt, reps int) [][][]float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	sv := make([][][]float64, nPts)
	for j := range sv {
		shift := r.NormFloat64() * 50
		sv[j] = make([][]float64, nAlt)
		for a := range sv[j] {
			if a == 3 && nAlt == 4 {
				sv[j][a] = sv[j][2]
				continue
			}
			for range reps {
				sv[j][a] = append(sv[j][a], float64(10*a)+shift*float64(a%2)+r.NormFloat64()*20)
			}
		}
	}
	return sv
}

// TestConservation: rank probabilities sum to 1 for every alternative and
// every rank, ties included; P(a beats b) + P(b beats a) = 1; the combined
// interval contains the ensemble range, which contains the ensemble mean.
func TestConservation(t *testing.T) {
	res, err := Summarize(randomEnsemble(1, 57, 4, 5), 0)
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.Alternatives)
	for a := range n {
		row, col := 0.0, 0.0
		for r := range n {
			row += res.RankProb[a][r]
			col += res.RankProb[r][a]
		}
		if math.Abs(row-1) > 1e-12 || math.Abs(col-1) > 1e-12 {
			t.Errorf("alternative/rank %d: rank probabilities sum to %v across ranks, %v across alternatives", a, row, col)
		}
		for b := range n {
			if s := res.Beats[a][b] + res.Beats[b][a]; math.Abs(s-1) > 1e-12 {
				t.Errorf("P(%d beats %d) + P(%d beats %d) = %v", a, b, b, a, s)
			}
		}
		alt := res.Alternatives[a]
		if !(alt.Combined.Low <= alt.Ensemble.Low && alt.Ensemble.Low <= alt.Ensemble.Mean &&
			alt.Ensemble.Mean <= alt.Ensemble.High && alt.Ensemble.High <= alt.Combined.High) {
			t.Errorf("alternative %d: combined %+v does not contain ensemble %+v", a, alt.Combined, alt.Ensemble)
		}
	}
	// The identical alternatives 2 and 3 tie everywhere.
	if res.Beats[2][3] != 0.5 || res.RankProb[2][0] != res.RankProb[3][0] {
		t.Errorf("tied alternatives: beats %v, ranks %v vs %v", res.Beats[2][3], res.RankProb[2], res.RankProb[3])
	}
}

// TestPointOrder: reversing and shuffling the points changes nothing but
// the order of the per-point intervals, bit for bit.
func TestPointOrder(t *testing.T) {
	sv := randomEnsemble(2, 40, 4, 5)
	want := fingerprint(t, sv)
	perm := rand.New(rand.NewPCG(3, 3)).Perm(len(sv))
	shuffled := make([][][]float64, len(sv))
	for i, p := range perm {
		shuffled[i] = sv[p]
	}
	if got := fingerprint(t, shuffled); got != want {
		t.Errorf("shuffled points:\n%s\nwant\n%s", got, want)
	}
}

func fingerprint(t *testing.T, sv [][][]float64) string {
	t.Helper()
	res, err := Summarize(sv, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, a := range res.Alternatives {
		fmt.Fprintf(&b, "%x %x %x %x %x %x %x\n", a.Ensemble.Mean, a.Ensemble.Low, a.Ensemble.High, a.Median, a.Combined.Mean, a.Combined.Low, a.Combined.High)
	}
	fmt.Fprintf(&b, "%v %v", res.Beats, res.RankProb)
	return b.String()
}

// TestBadInput: each malformed input is refused with where and why.
func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		sv    [][][]float64
		level float64
		want  string
	}{
		{nil, 0, "no points"},
		{[][][]float64{{}}, 0, "point 0 has no alternatives"},
		{[][][]float64{point(1, 2), point(1)}, 0, "point 1 has 1 alternatives"},
		{[][][]float64{{{1}}}, 0, "point 0 has 1 replications"},
		{[][][]float64{point(1, 1), {{1, 2, 3}, {1, 2}}}, 0, "point 1 alternative 1 has 2 replications"},
		{[][][]float64{{{1, math.NaN()}}}, 0, "point 0 alternative 0 replication 1"},
		{[][][]float64{point(1)}, 1, "level 1"},
	} {
		if _, err := Summarize(c.sv, c.level); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}
