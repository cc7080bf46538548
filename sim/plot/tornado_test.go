package plot

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/sensitivity"
)

// svgLabelHeights returns the y attribute of the SVG text element of each
// label. gonum/plot writes text under transform="scale(1, -1)", at y =
// −(height above the bottom), so a label higher on the page has a smaller
// y.
func svgLabelHeights(t *testing.T, svg string, labels []string) []float64 {
	t.Helper()
	var ys []float64
	for _, l := range labels {
		re := regexp.MustCompile(`<text x="[^"]*" y="([^"]*)"[^>]*>` + regexp.QuoteMeta(l) + `</text>`)
		m := re.FindAllStringSubmatch(svg, -1)
		if len(m) != 1 {
			t.Fatalf("label %q drawn %d times, want once", l, len(m))
		}
		y, err := strconv.ParseFloat(m[0][1], 64)
		if err != nil {
			t.Fatal(err)
		}
		ys = append(ys, y)
	}
	return ys
}

// TestTornadoOrder: the factors are drawn top to bottom in rank order (not
// in the design's order), for a Morris and a Sobol ranking, with the
// measure's words on the axis.
func TestTornadoOrder(t *testing.T) {
	names := []string{"los_scale.qmc", "hub.assessment", "p2.capacity", "inert"}
	morris := &sensitivity.MorrisResult{Factors: []sensitivity.MorrisFactor{
		{MuStar: 1, MuStarLow: 0.5, MuStarHigh: 1.5, Sigma: 0.2},
		{MuStar: 5, MuStarLow: 4, MuStarHigh: 6, Sigma: 2},
		{MuStar: 3, MuStarLow: 2.5, MuStarHigh: 3.5, Sigma: 4},
		{},
	}}
	sobol := &sensitivity.SobolResult{Factors: []sensitivity.SobolFactor{
		{Total: 0.3, TotalLow: 0.25, TotalHigh: 0.35, First: 0.2},
		{Total: 0.1, TotalLow: 0.05, TotalHigh: 0.15, First: 0.1},
		{Total: 0.6, TotalLow: 0.5, TotalHigh: 0.7, First: 0.4},
		{Total: 0.001, TotalLow: -0.01, TotalHigh: 0.01},
	}}
	mr, err := morris.Rank(names)
	if err != nil {
		t.Fatal(err)
	}
	sr, err := sobol.Rank(names)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		r     sensitivity.Ranking
		order []string
		axis  string
	}{
		{mr, []string{"hub.assessment", "p2.capacity", "los_scale.qmc", "inert"}, "μ*"},
		{sr, []string{"p2.capacity", "los_scale.qmc", "hub.assessment", "inert"}, "total-order Sobol index"},
	} {
		t.Run(c.r.Measure, func(t *testing.T) {
			f := TornadoFigure(c.r, TornadoLabels{Metric: "bed-days saved", Unit: "bed-days"})
			if f.Title == "" || f.Caption == "" || f.Kind != KindTornado {
				t.Errorf("figure %q: title %q caption %q", f.Kind, f.Title, f.Caption)
			}
			var b bytes.Buffer
			if err := f.Write(&b, "svg"); err != nil {
				t.Fatal(err)
			}
			svg := b.String()
			ys := svgLabelHeights(t, svg, c.order)
			if !slices.IsSorted(ys) || len(slices.Compact(slices.Clone(ys))) != len(ys) {
				t.Errorf("labels %q at heights %v: want them top to bottom", c.order, ys)
			}
			if !strings.Contains(svg, c.axis) {
				t.Errorf("axis label does not name %q", c.axis)
			}
		})
	}
}

// TestTornadoEmpty: a ranking without factors still draws.
func TestTornadoEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := TornadoFigure(sensitivity.Ranking{Measure: sensitivity.ByMuStar}, TornadoLabels{Metric: "m"}).Write(&b, "svg"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<svg") {
		t.Error("no SVG")
	}
}
