package fit

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/dist"
)

// TestFigure checks the plotted data, not pixels: the histogram's bars
// hold the sample's mass below the 99th percentile, each density curve
// integrates to its model's probability of the same range, and the QQ
// points of the true family lie near the diagonal while the
// exponential's bend away.
func TestFigure(t *testing.T) {
	xs := draw(must(dist.NewMixture([]float64{0.1, 0.9}, []dist.Distribution{dist.Fixed{}, dist.LogNormal{Mu: 1.3, Sigma: 0.8}})), 8000, 21)
	for _, censored := range []bool{false, true} {
		d := Data{Values: xs}
		if censored {
			d = censorShare(t, xs, 0.3, 22)
		}
		r, err := Fit(d)
		if err != nil {
			t.Fatal(err)
		}
		f := r.Figure()
		if f.Censored != censored || math.Abs(f.SameDayShare-r.Best().SameDayShare) > 0 {
			t.Errorf("censored %v, zero share %v", f.Censored, f.SameDayShare)
		}
		if len(f.Bins) < 10 || len(f.Bins) > 61 {
			t.Fatalf("%d bins", len(f.Bins))
		}
		var mass float64
		for _, b := range f.Bins {
			mass += b.Density * (b.Hi - b.Lo)
		}
		// The bins end at or just past XMax, the 99th percentile.
		if mass < 0.985 || mass > 1 {
			t.Errorf("censored=%v: histogram mass %.4f, want about 0.99", censored, mass)
		}
		if len(f.Densities) != 4 || len(f.QQ) != 4 || f.Densities[0].Family != r.Best().Family {
			t.Fatalf("%d densities, %d QQ series", len(f.Densities), len(f.QQ))
		}
		for i, c := range f.Densities {
			pos := r.Models[i].Positive()
			// Trapezoids from the first point; the sliver below it is
			// the CDF there.
			area := pos.CDF(c.X[0])
			for j := 1; j < len(c.X); j++ {
				area += (c.X[j] - c.X[j-1]) * (c.Y[j] + c.Y[j-1]) / 2
			}
			if want := pos.CDF(f.XMax); math.Abs(area-want) > 0.01 {
				t.Errorf("%v density integrates to %.4f over (0, XMax], CDF says %.4f", c.Family, area, want)
			}
		}
		for _, q := range f.QQ {
			worst := 0.0
			for j := range q.X {
				if j >= 4 && j < 95 { // 5% to 95%
					worst = max(worst, math.Abs(q.Y[j]/q.X[j]-1))
				}
			}
			t.Logf("censored=%v: %v QQ: %d points, worst 5-95%% gap %.1f%%", censored, q.Family, len(q.X), 100*worst)
			switch q.Family {
			case LogNormal:
				if worst > 0.08 {
					t.Errorf("censored=%v: lognormal QQ off the diagonal by %.0f%%", censored, 100*worst)
				}
			case Exponential:
				if worst < 0.2 {
					t.Errorf("censored=%v: exponential QQ within %.0f%% of the diagonal on lognormal data", censored, 100*worst)
				}
			}
		}
	}
}
