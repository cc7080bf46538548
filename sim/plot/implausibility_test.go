package plot

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestImplausibilityFigure: one column per wave in order, the kept points
// counted under each, the share ruled out above it, measures above the
// axis and NaNs counted in the caption.
func TestImplausibilityFigure(t *testing.T) {
	waves := []WaveImplausibility{
		{Index: 1, Measure: []float64{0.5, 2.9, 3, 7, 900, math.NaN()}, RuledOutVolume: 0.625},
		{Index: 2, Measure: []float64{1, 4, 25}, RuledOutVolume: 0.9},
		{Index: 3, Measure: []float64{0.2}, RuledOutVolume: math.NaN()},
	}
	f := ImplausibilityFigure(waves, 3)
	if f.Kind != KindImplausibility {
		t.Errorf("kind %q", f.Kind)
	}
	svg := renderHM(t, f)
	var xs []float64
	for _, l := range []string{"wave 1", "wave 2", "wave 3"} {
		s := svgTexts(t, svg, l)
		if len(s) != 1 {
			t.Fatalf("%q drawn %d times", l, len(s))
		}
		xs = append(xs, s[0].x)
	}
	if !slices.IsSorted(xs) || xs[0] == xs[1] || xs[1] == xs[2] {
		t.Errorf("waves at x %v: want left to right", xs)
	}
	// Kept: at or below the cutoff, among the finite measures.
	for _, want := range []string{"3 of 5 kept", "1 of 3 kept", "1 of 1 kept", "62.5% ruled out", "90.0% ruled out", "cutoff 3"} {
		if len(svgTexts(t, svg, want)) != 1 {
			t.Errorf("SVG does not draw %q once", want)
		}
	}
	if strings.Contains(svg, "NaN") {
		t.Error("an unknown share is drawn as NaN")
	}
	for _, want := range []string{"(2 of 10 points here)", "1 point without a measure", "cutoff of 3"} {
		if !strings.Contains(f.Caption, want) {
			t.Errorf("caption lacks %q: %s", want, f.Caption)
		}
	}
}

// TestImplausibilityEdges: a high cutoff raises the axis' top to twice
// it; no cutoff draws no line; no waves says so.
func TestImplausibilityEdges(t *testing.T) {
	high := ImplausibilityFigure([]WaveImplausibility{{Index: 1, Measure: []float64{10, 29, 31}}}, 15)
	svg := renderHM(t, high)
	if !strings.Contains(svg, "above 30, drawn at the top") || !strings.Contains(high.Caption, "(1 of 3 points here)") {
		t.Errorf("cutoff 15: want the axis to stop at 30 with 1 point above; caption %s", high.Caption)
	}
	none := ImplausibilityFigure([]WaveImplausibility{{Index: 4, Measure: []float64{1}}}, math.NaN())
	if svg := renderHM(t, none); strings.Contains(svg, "cutoff") || strings.Contains(svg, "kept") || !strings.Contains(svg, "1 point") {
		t.Error("no cutoff: a cutoff is drawn, or the points are not counted")
	}
	if svg := renderHM(t, ImplausibilityFigure(nil, 3)); !strings.Contains(svg, "no waves") {
		t.Error("no waves: the figure does not say so")
	}
}

// TestJitter: offsets depend only on the index, stay inside the strip and
// do not repeat.
func TestJitter(t *testing.T) {
	seen := map[float64]bool{}
	for i := range 1000 {
		j := jitter(i, 0.7)
		if j < -0.35 || j >= 0.35 || seen[j] || j != jitter(i, 0.7) {
			t.Fatalf("jitter(%d) = %v", i, j)
		}
		seen[j] = true
	}
}
