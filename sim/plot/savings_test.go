package plot

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func savingsTestAlts() []AltSavings {
	return []AltSavings{
		{Name: "seven-day hubs", PointMeans: []float64{4100, 9000, 13900}, Low: 3000, High: 15000, WithinLow: 12900, WithinHigh: 14900},
		{Name: "one version of truth", PointMeans: []float64{8500, math.NaN(), 29700}, Low: 7000, High: 31000, WithinLow: math.NaN(), WithinHigh: math.NaN()},
		{Name: "p2p3 capacity +15%", PointMeans: []float64{7600, 4000, 1300}, Low: -500, High: 8000, WithinLow: math.NaN(), WithinHigh: math.NaN()},
	}
}

// TestSavingsFigure: alternatives top to bottom in the order given, the
// metric and unit on the axis, rank probabilities and NaNs in the caption.
func TestSavingsFigure(t *testing.T) {
	alts := savingsTestAlts()
	beats := [][]float64{{0.5, 1.0 / 3, 2.0 / 3}, {2.0 / 3, 0.5, 1}, {1.0 / 3, 0, 0.5}}
	f := SavingsFigure(alts, SavingsLabels{Metric: "bed-days saved a year", Unit: "bed-days", Base: "baseline", Level: 0.95, Beats: beats})
	if f.Kind != KindSavings {
		t.Errorf("kind %q", f.Kind)
	}
	svg := renderHM(t, f)
	ys := svgLabelHeights(t, svg, []string{"seven-day hubs", "one version of truth", "p2p3 capacity +15%"})
	if !slices.IsSorted(ys) || len(slices.Compact(slices.Clone(ys))) != len(ys) {
		t.Errorf("alternatives at heights %v: want top to bottom", ys)
	}
	for _, want := range []string{"bed-days saved a year (bed-days)", "95% interval with parameter uncertainty", "typical single-baseline 95% CI"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	for _, want := range []string{
		"P(seven-day hubs saves more than one version of truth) = 0.33",
		"P(one version of truth saves more than p2p3 capacity +15%) = 1.00",
		"1 paired mean without a value",
		"against baseline",
	} {
		if !strings.Contains(f.Caption, want) {
			t.Errorf("caption lacks %q: %s", want, f.Caption)
		}
	}
}

// TestSavingsEdges: no single-baseline intervals, malformed rank
// probabilities, one alternative with one point, none at all.
func TestSavingsEdges(t *testing.T) {
	alts := savingsTestAlts()
	for i := range alts {
		alts[i].WithinLow, alts[i].WithinHigh = math.NaN(), math.NaN()
	}
	f := SavingsFigure(alts, SavingsLabels{Metric: "delayed bed-days saved", Beats: [][]float64{{0.5}}})
	svg := renderHM(t, f)
	if strings.Contains(svg, "single-baseline") || strings.Contains(f.Caption, "single baseline") {
		t.Error("single-baseline interval shown though none was given")
	}
	if strings.Contains(f.Caption, "P(") {
		t.Error("malformed rank probabilities reached the caption")
	}
	one := SavingsFigure([]AltSavings{{Name: "solo", PointMeans: []float64{5}, Low: 5, High: 5, WithinLow: math.NaN(), WithinHigh: math.NaN()}}, SavingsLabels{})
	if svg := renderHM(t, one); len(svgTexts(t, svg, "solo")) != 1 || !strings.Contains(one.Caption, "1 plausible baseline") {
		t.Errorf("one alternative at one point: caption %s", one.Caption)
	}
	if svg := renderHM(t, SavingsFigure(nil, SavingsLabels{Metric: "bed-days saved"})); !strings.Contains(svg, "no alternatives") {
		t.Error("no alternatives: the figure does not say so")
	}
}
