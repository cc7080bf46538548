package plot

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// renderHM draws f as SVG and as a small PNG, twice each, checks that the
// two renders are byte-identical and the PNG decodes, and returns the SVG.
func renderHM(t *testing.T, f *Figure) string {
	t.Helper()
	if f.Title == "" || f.Caption == "" || f.Width <= 0 || f.Height <= 0 {
		t.Fatalf("%s: title %q, caption %q, size %v × %v", f.Kind, f.Title, f.Caption, f.Width, f.Height)
	}
	var first []byte
	for k := range 2 {
		var b bytes.Buffer
		if err := f.Write(&b, "svg"); err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			first = slices.Clone(b.Bytes())
		} else if !bytes.Equal(first, b.Bytes()) {
			t.Errorf("%s: two SVG renders differ", f.Kind)
		}
	}
	var pngs [2][]byte
	for k := range 2 {
		var b bytes.Buffer
		// A low resolution keeps the race-enabled tests fast.
		if err := f.WriteDPI(&b, "png", 20); err != nil {
			t.Fatal(err)
		}
		pngs[k] = b.Bytes()
	}
	if !bytes.Equal(pngs[0], pngs[1]) {
		t.Errorf("%s: two PNG renders differ", f.Kind)
	}
	if _, err := png.Decode(bytes.NewReader(pngs[0])); err != nil {
		t.Errorf("%s: PNG does not decode: %v", f.Kind, err)
	}
	return string(first)
}

// svgText is where a text is drawn in an SVG of gonum/plot: x and y in
// its own frame, rotated when it is a vertical axis name (then x is the
// height above the bottom of the page).
type svgText struct {
	x, y    float64
	rotated bool
}

// svgTexts finds every drawing of label in svg.
func svgTexts(t *testing.T, svg, label string) []svgText {
	t.Helper()
	re := regexp.MustCompile(`(<g transform="rotate\(90\)">\n)?<text x="([^"]*)" y="([^"]*)"[^>]*>` + regexp.QuoteMeta(label) + `</text>`)
	var out []svgText
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		x, err1 := strconv.ParseFloat(m[2], 64)
		y, err2 := strconv.ParseFloat(m[3], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("label %q at %q, %q", label, m[2], m[3])
		}
		out = append(out, svgText{x: x, y: y, rotated: m[1] != ""})
	}
	return out
}

// pairsTestSet returns n parameter names, priors [0, 10(j+1)] and m
// points with parameter 1 tied to parameter 0.
func pairsTestSet(n, m int) ([]string, [][]float64, PairsOptions) {
	var names []string
	var opts PairsOptions
	for j := range n {
		names = append(names, fmt.Sprintf("p%d_share", j))
		opts.Min = append(opts.Min, 0)
		opts.Max = append(opts.Max, float64(10*(j+1)))
		opts.Baseline = append(opts.Baseline, float64(5*(j+1)))
	}
	var points [][]float64
	for i := range m {
		p := make([]float64, n)
		for j := range n {
			p[j] = opts.Max[j] * (0.5 + jitter(i*(j+1), 0.9))
		}
		if n > 1 {
			p[1] = 2 * p[0]
		}
		points = append(points, p)
	}
	return names, points, opts
}

// TestPairsLabels: the names run left to right under the bottom row in
// the parameters' order, and top to bottom beside the left column from the
// second parameter (the first row's left cell is a histogram).
func TestPairsLabels(t *testing.T) {
	names, points, opts := pairsTestSet(4, 30)
	f := PairsFigure(names, points, opts)
	if f.Kind != KindPairs {
		t.Errorf("kind %q", f.Kind)
	}
	svg := renderHM(t, f)
	var xs, heights []float64
	for j, name := range names {
		var flat, rotated []svgText
		for _, s := range svgTexts(t, svg, name) {
			if s.rotated {
				rotated = append(rotated, s)
			} else {
				flat = append(flat, s)
			}
		}
		wantRotated := 1
		if j == 0 {
			wantRotated = 0
		}
		if len(flat) != 1 || len(rotated) != wantRotated {
			t.Fatalf("%s drawn %d times flat and %d rotated, want 1 and %d", name, len(flat), len(rotated), wantRotated)
		}
		xs = append(xs, flat[0].x)
		if j > 0 {
			heights = append(heights, rotated[0].x)
		}
	}
	if !slices.IsSorted(xs) || len(slices.Compact(slices.Clone(xs))) != len(xs) {
		t.Errorf("bottom names at x %v: want left to right", xs)
	}
	slices.Reverse(heights)
	if !slices.IsSorted(heights) || len(slices.Compact(slices.Clone(heights))) != len(heights) {
		t.Errorf("left names at heights %v (bottom first): want top to bottom", heights)
	}
	// Parameters 0 and 1 are tied: their correlation is 1.
	if !strings.Contains(svg, ">1.00</text>") {
		t.Error("no correlation of 1.00 for the tied pair")
	}
	// The axes span the priors: the last prior's maximum is a tick.
	if len(svgTexts(t, svg, "40")) == 0 {
		t.Error("no tick at the prior maximum 40")
	}
	for _, want := range []string{"30 plausible points of 4 parameters", "baseline"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// TestPairsEdges: one point, one parameter, 24 parameters, NaN values, no
// points, no parameters all draw; what is left out is counted.
func TestPairsEdges(t *testing.T) {
	names, points, opts := pairsTestSet(3, 10)
	points[2][1] = math.NaN()
	points[7][0] = math.NaN()
	points[4][2] = 99 // outside the prior [0, 30]
	points[5] = points[5][:2]
	f := PairsFigure(names, points, opts)
	renderHM(t, f)
	for _, want := range []string{"3 points with missing (NaN) values", "1 point outside the prior range"} {
		if !strings.Contains(f.Caption, want) {
			t.Errorf("caption lacks %q: %s", want, f.Caption)
		}
	}

	one := PairsFigure([]string{"hub.assessment"}, [][]float64{{12}}, PairsOptions{Min: []float64{4}, Max: []float64{40}})
	svg := renderHM(t, one)
	if !strings.Contains(svg, "1 plausible point of 1 parameter") || strings.Contains(one.Caption, "baseline") {
		t.Errorf("one point of one parameter: caption %q", one.Caption)
	}

	// Without priors an axis spans its points; a constant one is widened.
	noPrior := PairsFigure([]string{"a", "b"}, [][]float64{{1, 5}, {2, 5}}, PairsOptions{})
	renderHM(t, noPrior)
	if !strings.Contains(noPrior.Caption, "2 parameters without a prior range") {
		t.Errorf("caption %q", noPrior.Caption)
	}

	for _, empty := range []*Figure{
		PairsFigure(names, nil, opts),
		PairsFigure(nil, nil, PairsOptions{}),
	} {
		if svg := renderHM(t, empty); !strings.Contains(svg, "no plausible points") {
			t.Error("empty set: the figure does not say there are no plausible points")
		}
	}

	names24, points24, opts24 := pairsTestSet(24, 5)
	for j := range names24 {
		names24[j] = fmt.Sprintf("sites.kings_mill.pathways.p%d.capacity", j)
	}
	f24 := PairsFigure(names24, points24, opts24)
	svg24 := renderHM(t, f24)
	if f24.Width > 16*72 || f24.Height > 17*72 {
		t.Errorf("24 parameters: %v × %v points, want at most 16 × 17 inches", f24.Width, f24.Height)
	}
	if short := abbreviate(names24, 10); len(slices.Compact(slices.Sorted(slices.Values(short)))) != 24 {
		t.Errorf("24 names sharing their start and end abbreviate to %q: want 24 different labels", short)
	}
	if !strings.Contains(f24.Caption, "Abbreviated names:") {
		t.Error("24 long names: the caption gives no key to the abbreviations")
	}
	if !strings.Contains(svg24, "<svg") {
		t.Error("no SVG")
	}
	if strings.Contains(f24.Caption, "scatters show every") {
		t.Error("5 points thinned")
	}
	// 24 parameters are 276 scatters: 450 points exceed the marker budget
	// of about 217 a scatter, so every third point is drawn. (Not
	// rendered: the caption says it, and rendering is slow under -race.)
	names24, points24, opts24 = pairsTestSet(24, 450)
	if c := PairsFigure(names24, points24, opts24).Caption; !strings.Contains(c, "every 3rd point (150 of 450)") {
		t.Errorf("450 points of 24 parameters: caption %s", c)
	}
	if c := PairsFigure(names24[:6], points24, opts24).Caption; strings.Contains(c, "scatters show every") {
		t.Errorf("450 points of 6 parameters thinned: %s", c)
	}
}

// TestAbbreviate: names longer than the limit keep their end, or their
// start and end, or a number, so that no two labels are the same.
func TestAbbreviate(t *testing.T) {
	cases := []struct {
		names []string
		max   int
		want  []string
	}{
		{[]string{"los_scale", "hub.staff"}, 12, []string{"los_scale", "hub.staff"}},
		{[]string{"sites.qmc.hub.staff", "p1"}, 8, []string{"…b.staff", "p1"}},
		{[]string{"qmc_los_scale", "city_los_scale"}, 8, []string{"qmc…cale", "cit…cale"}},
		{[]string{"a_long_same_tail", "a_long_same_tail"}, 8, []string{"…_tail#1", "…_tail#2"}},
	}
	for _, c := range cases {
		got := abbreviate(c.names, c.max)
		if !slices.Equal(got, c.want) {
			t.Errorf("abbreviate(%q, %d) = %q, want %q", c.names, c.max, got, c.want)
		}
		for _, s := range got {
			if n := len([]rune(s)); n > c.max {
				t.Errorf("%q: %d characters, limit %d", s, n, c.max)
			}
		}
	}
}

// TestPairsHelpers: histogram counts, correlations and thinned ticks.
func TestPairsHelpers(t *testing.T) {
	pts := [][]float64{{0}, {0.5}, {2.5}, {2.6}, {10}, {11}, {math.NaN()}}
	value := func(i, j int) float64 { return pts[i][j] }
	h, top := histogram(pts, value, 0, 0, 10, 4)
	// Bins [0, 2.5) [2.5, 5) [5, 7.5) [7.5, 10]: 2, 2, 0, 1; 11 and NaN out.
	var counts []float64
	for _, r := range h.rects {
		counts = append(counts, r.y1)
	}
	if !slices.Equal(counts, []float64{2, 2, 1}) || top != 2 || h.rects[2].x0 != 7.5 {
		t.Errorf("histogram %v (top %v), want bars 2, 2, 1 with the last at 7.5", h.rects, top)
	}

	xy := [][]float64{{1, 2, 5, 3}, {2, 4, 5, 1}, {3, 6, 5, 2}, {4, 8, 5, math.NaN()}}
	v := func(i, j int) float64 { return xy[i][j] }
	for _, c := range []struct {
		a, b int
		want string
	}{
		{0, 1, "1.00"},  // linear
		{0, 2, ""},      // constant
		{0, 3, "-0.50"}, // over the three finite pairs
	} {
		if got := correlation(xy, v, c.a, c.b); got != c.want {
			t.Errorf("correlation(%d, %d) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
	if got := correlation(xy[:2], v, 0, 1); got != "" {
		t.Errorf("correlation of 2 points %q, want none", got)
	}

	ticks := fewTicks(thousandsTicks{}.Ticks(0, 100), 2)
	var labelled []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labelled = append(labelled, tk.Label)
		}
	}
	if len(labelled) > 2 || len(labelled) == 0 || labelled[0] != "0" || len(ticks) < 5 {
		t.Errorf("fewTicks kept labels %q of %d ticks", labelled, len(ticks))
	}
}
