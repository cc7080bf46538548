package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KindPairs is the kind of the figure of a history match's plausible set.
const KindPairs = "pairs"

// PairsOptions are the priors and marks of a pairs figure.
type PairsOptions struct {
	// Min and Max are each parameter's prior range, in the units of the
	// points; every axis spans its prior, so the share of the range the
	// plausible points still cover can be read off. A parameter without a
	// valid range (missing, NaN, Min >= Max) spans its points instead.
	Min, Max []float64
	// Baseline, if not nil, holds the baseline scenario's value of each
	// parameter (NaN where it has none), marked on every panel.
	Baseline []float64
	// MaxLabel is the longest parameter name drawn, in characters; 0
	// chooses from the panel size. Longer names keep their end (the most
	// specific part of a --set path) after an ellipsis.
	MaxLabel int
}

// Colours of the pairs figure.
var (
	pairsPointColor = siteColors[0]
	pairsHistColor  = translucent(siteColors[0], 0.55)
	pairsMarkColor  = siteColors[4] // vermilion: the baseline
	pairsFrameColor = grey(150)
)

// PairsFigure draws the plausible set of a history match as a matrix of
// panels, one row and one column per parameter: below the diagonal each
// pair of parameters as a scatter of the plausible points, on the diagonal
// a histogram of each parameter, above it the pairs' Pearson correlation.
// points[i][j] is parameter j at plausible point i. Every axis spans the
// parameter's prior range. Values that are NaN are left out of the panels
// of their parameter and counted in the caption. With no points the figure
// still draws the empty matrix and says "no plausible points".
func PairsFigure(names []string, points [][]float64, opts PairsOptions) *Figure {
	n := len(names)
	// Panels shrink from 2.4 inches (a few parameters) to 0.55 (24 and
	// more), fonts with them, so that 24 parameters fit on about 14 inches.
	cell := min(2.4, max(0.55, 13.0/float64(max(n, 1))))
	tick := min(10, max(6, 4.5+2.4*cell))
	label := tick + 1
	maxLabel := opts.MaxLabel
	if maxLabel <= 0 {
		// Liberation Sans averages about 0.5 em a character; leave room
		// between neighbouring labels.
		maxLabel = min(30, max(6, int(cell*72*0.8/(label*0.55))))
	}
	short := abbreviate(names, maxLabel)

	lo, hi := make([]float64, n), make([]float64, n)
	value := func(i, j int) float64 {
		if j < len(points[i]) {
			return points[i][j]
		}
		return math.NaN()
	}
	var missing, outside int
	for i := range points {
		miss, out := false, false
		for j := range n {
			v := value(i, j)
			if !finite(v) {
				miss = true
			} else if j < len(opts.Min) && j < len(opts.Max) && finite(opts.Min[j]) && opts.Max[j] > opts.Min[j] &&
				(v < opts.Min[j] || v > opts.Max[j]) {
				out = true
			}
		}
		if miss {
			missing++
		}
		if out {
			outside++
		}
	}
	noPrior := 0
	for j := range n {
		if j < len(opts.Min) && j < len(opts.Max) && finite(opts.Min[j]) && finite(opts.Max[j]) && opts.Max[j] > opts.Min[j] {
			lo[j], hi[j] = opts.Min[j], opts.Max[j]
			continue
		}
		noPrior++
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		for i := range points {
			if v := value(i, j); finite(v) {
				lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
			}
		}
		switch {
		case lo[j] > hi[j]:
			lo[j], hi[j] = 0, 1
		case lo[j] == hi[j]:
			w := math.Max(math.Abs(lo[j])*0.1, 0.5)
			lo[j], hi[j] = lo[j]-w, hi[j]+w
		}
	}
	base := func(j int) float64 {
		if j < len(opts.Baseline) {
			return opts.Baseline[j]
		}
		return math.NaN()
	}
	hasBase := false
	for j := range n {
		hasBase = hasBase || finite(base(j))
	}

	ticks := make([][]plot.Tick, n)
	for j := range n {
		ticks[j] = fewTicks(thousandsTicks{}.Ticks(lo[j], hi[j]), max(2, int(cell/0.45)))
	}
	pointGlyph := draw.GlyphStyle{Color: translucent(pairsPointColor, 0.6), Radius: vg.Points(min(2.2, 0.6+0.7*cell)), Shape: draw.CircleGlyph{}}
	// The baseline: a vermilion square on a white disc, to stand out on
	// top of a crowd of points.
	baseR := vg.Points(min(3.5, 1.8+0.8*cell))
	baseGlyphs := []draw.GlyphStyle{
		{Color: color.White, Radius: baseR * 1.6, Shape: draw.CircleGlyph{}},
		{Color: pairsMarkColor, Radius: baseR, Shape: draw.BoxGlyph{}},
	}
	bins := min(20, max(4, int(math.Round(math.Sqrt(float64(len(points)))))))
	// A large set over many parameters would draw hundreds of thousands
	// of markers (a 24-parameter SVG of 1,000 points is 36 MB): the
	// scatters show every stride-th point, within a budget of markers;
	// histograms and correlations use every point.
	stride := 1
	if pairs := n * (n - 1) / 2; pairs > 0 {
		perPanel := max(200, pairsMarkerBudget/pairs)
		stride = (len(points) + perPanel - 1) / perPanel
		stride = max(stride, 1)
	}

	cells := make([][]*plot.Plot, n)
	for r := range n {
		cells[r] = make([]*plot.Plot, n)
		for c := range n {
			// Every cell's axes are hidden, so that its data area is its
			// whole tile; pairsMatrix draws the outer ticks and names.
			p := plot.New()
			p.BackgroundColor = nil
			p.HideAxes()
			p.X.Padding, p.Y.Padding = 0, 0
			switch {
			case c > r:
				p.Add(&cellText{text: correlation(points, value, r, c), style: textStyle(tick+1, black)})
				p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
			case c == r:
				p.Add(&frame{x: ticks[c], style: solid(pairsFrameColor, 0.6)})
				h, top := histogram(points, value, c, lo[c], hi[c], bins)
				p.Add(h)
				if b := base(c); finite(b) {
					p.Add(&refLine{value: b, vertical: true, style: dashed(pairsMarkColor, 1.2)})
				}
				p.X.Min, p.X.Max = lo[c], hi[c]
				p.Y.Min, p.Y.Max = 0, math.Max(1, top)*1.12
			default:
				p.Add(&frame{x: ticks[c], y: ticks[r], style: solid(pairsFrameColor, 0.6)})
				var pts plotter.XYs
				for i := 0; i < len(points); i += stride {
					x, y := value(i, c), value(i, r)
					if finite(x) && finite(y) {
						pts = append(pts, plotter.XY{X: x, Y: y})
					}
				}
				p.Add(&glyphs{pts: pts, styles: []draw.GlyphStyle{pointGlyph}})
				if bx, by := base(c), base(r); finite(bx) && finite(by) {
					p.Add(&glyphs{pts: plotter.XYs{{X: bx, Y: by}}, styles: baseGlyphs})
				}
				// Set after Add, which widens the axes to the data.
				p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo[c], hi[c], lo[r], hi[r]
			}
			cells[r][c] = p
		}
	}
	matrix := plot.New()
	matrix.HideAxes()
	matrix.X.Padding, matrix.Y.Padding = 0, 0
	matrix.Add(&pairsMatrix{cells: cells, lo: lo, hi: hi, ticks: ticks, names: short,
		tick: textStyle(tick, black), label: textStyle(label, black), pad: vg.Points(min(8, 2+2*cell))})
	matrix.X.Min, matrix.X.Max, matrix.Y.Min, matrix.Y.Max = 0, 1, 0, 1

	fig := &Figure{
		Name:   KindPairs,
		Kind:   KindPairs,
		Title:  "Plausible parameter sets",
		Width:  vg.Length(max(7, cell*float64(n)+1.3)) * vg.Inch,
		Height: vg.Length(max(3.2, cell*float64(n)+1.5)) * vg.Inch,
	}
	note := fmt.Sprintf("%s of %s; each axis spans the parameter's prior range", count(len(points), "plausible point"), count(n, "parameter"))
	if len(points) == 0 {
		note = "no plausible points: every point tried was ruled out"
	}
	var caption strings.Builder
	fmt.Fprintf(&caption, "The %s left by history matching, over %s. Below the diagonal, each pair of parameters "+
		"(the column's on the horizontal axis, the row's on the vertical); on the diagonal, a histogram of each "+
		"parameter; above it, the Pearson correlation of the pair over the plausible points. Each axis spans the "+
		"parameter's prior range, so a parameter whose points fill its axis is not pinned down by the targets and "+
		"one whose points gather in a corner is; points along a diagonal band mean only a combination of the two "+
		"is identified.", count(len(points), "plausible point"), count(n, "parameter"))
	if stride > 1 {
		fmt.Fprintf(&caption, " To keep the figure light, the scatters show every %s point (%s of %s); the histograms "+
			"and correlations use them all.", ordinal(stride), groupThousands(strconv.Itoa((len(points)+stride-1)/stride)),
			groupThousands(strconv.Itoa(len(points))))
	}
	if hasBase {
		caption.WriteString(" Squares and dashed lines: the baseline scenario's values.")
	}
	if missing > 0 {
		fmt.Fprintf(&caption, " %s with missing (NaN) values are left out of the panels of those parameters.", count(missing, "point"))
	}
	if outside > 0 {
		fmt.Fprintf(&caption, " %s outside the prior range are cut off at the axes.", count(outside, "point"))
	}
	if noPrior > 0 {
		fmt.Fprintf(&caption, " %s without a prior range span their points instead.", count(noPrior, "parameter"))
	}
	var full []string
	for j := range n {
		if short[j] != names[j] {
			full = append(full, short[j]+" = "+names[j])
		}
	}
	if len(full) > 0 {
		caption.WriteString(" Abbreviated names: " + strings.Join(full, "; ") + ".")
	}
	fig.Caption = caption.String()

	legend := []legendItem{
		{label: "plausible point", thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: pairsPointColor, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}}}},
		{label: "histogram over the prior range", thumbs: []plot.Thumbnailer{boxThumb{fill: pairsHistColor}}},
	}
	if hasBase {
		legend = append(legend, legendItem{label: "baseline", thumbs: []plot.Thumbnailer{
			glyphThumb{draw.GlyphStyle{Color: pairsMarkColor, Radius: vg.Points(3.5), Shape: draw.BoxGlyph{}}},
			lineThumb{dashed(pairsMarkColor, 1.2)},
		}})
	}
	lay := &layout{title: fig.Title, note: note, legend: legend, rows: [][]*plot.Plot{{matrix}}, width: fig.Width, height: fig.Height}
	fig.draw = lay.draw
	return fig
}

// pairsMarkerBudget is about the most markers the scatters of a pairs
// figure draw in all.
const pairsMarkerBudget = 60000

// ordinal writes k as "2nd", "3rd", "11th"…
func ordinal(k int) string {
	suffix := "th"
	switch {
	case k%100 >= 11 && k%100 <= 13:
	case k%10 == 1:
		suffix = "st"
	case k%10 == 2:
		suffix = "nd"
	case k%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(k) + suffix
}

// histogram counts parameter j of the points in bins equal bins over
// [lo, hi] (values outside are left out) and returns the bars and the
// highest count.
func histogram(points [][]float64, value func(i, j int) float64, j int, lo, hi float64, bins int) (*bars, float64) {
	counts := make([]float64, bins)
	w := (hi - lo) / float64(bins)
	for i := range points {
		v := value(i, j)
		if !finite(v) || v < lo || v > hi {
			continue
		}
		counts[min(bins-1, int((v-lo)/w))]++
	}
	b := &bars{}
	top := 0.0
	for k, c := range counts {
		top = math.Max(top, c)
		if c > 0 {
			b.rects = append(b.rects, barRect{x0: lo + float64(k)*w, x1: lo + float64(k+1)*w, y0: 0, y1: c, fill: pairsHistColor})
		}
	}
	return b, top
}

// correlation is the Pearson correlation of parameters a and b over the
// points where both are finite, to two decimals, or "" when it is
// undefined (fewer than 3 such points, or a constant parameter).
func correlation(points [][]float64, value func(i, j int) float64, a, b int) string {
	var n, sx, sy float64
	for i := range points {
		if x, y := value(i, a), value(i, b); finite(x) && finite(y) {
			n++
			sx += x
			sy += y
		}
	}
	if n < 3 {
		return ""
	}
	mx, my := sx/n, sy/n
	var sxx, syy, sxy float64
	for i := range points {
		if x, y := value(i, a), value(i, b); finite(x) && finite(y) {
			sxx += (x - mx) * (x - mx)
			syy += (y - my) * (y - my)
			sxy += (x - mx) * (y - my)
		}
	}
	if !(sxx > 0) || !(syy > 0) {
		return ""
	}
	r := sxy / math.Sqrt(sxx*syy)
	s := strconv.FormatFloat(math.Max(-1, math.Min(1, r)), 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// abbreviate shortens each name to at most maxLen characters, keeping its
// end after an ellipsis; names that would then collide keep their start
// and end instead, and a number if they still do.
func abbreviate(names []string, maxLen int) []string {
	maxLen = max(maxLen, 4)
	out := make([]string, len(names))
	for i, s := range names {
		if r := []rune(s); len(r) > maxLen {
			out[i] = "…" + string(r[len(r)-(maxLen-1):])
		} else {
			out[i] = s
		}
	}
	seen := func(i int) bool {
		for k := range out {
			if k != i && out[k] == out[i] {
				return true
			}
		}
		return false
	}
	var clash []int
	for i := range out {
		if seen(i) && out[i] != names[i] {
			clash = append(clash, i)
		}
	}
	for _, i := range clash {
		r := []rune(names[i])
		head := (maxLen - 1) / 2
		out[i] = string(r[:head]) + "…" + string(r[len(r)-(maxLen-1-head):])
	}
	clash = clash[:0]
	for i := range out {
		if seen(i) && out[i] != names[i] {
			clash = append(clash, i)
		}
	}
	for _, i := range clash {
		num := fmt.Sprintf("#%d", i+1)
		r := []rune(names[i])
		keep := max(1, maxLen-1-len(num))
		out[i] = "…" + string(r[len(r)-min(keep, len(r)):]) + num
	}
	return out
}

// fewTicks keeps the labels of at most n of ticks, evenly spread; the
// others stay as unlabelled marks.
func fewTicks(ticks []plot.Tick, n int) []plot.Tick {
	labelled := 0
	for _, t := range ticks {
		if t.Label != "" {
			labelled++
		}
	}
	if labelled <= n {
		return ticks
	}
	step := (labelled + n - 1) / n
	out := make([]plot.Tick, len(ticks))
	k := 0
	for i, t := range ticks {
		out[i] = t
		if t.Label != "" {
			if k%step != 0 {
				out[i].Label = ""
			}
			k++
		}
	}
	return out
}

// count writes n and a noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return groupThousands(strconv.Itoa(n)) + " " + noun + "s"
}

// frame is a plotter of a panel's outline and light grid lines at ticks
// (labelled or not), for panels whose axes are hidden.
type frame struct {
	x, y  []plot.Tick
	style draw.LineStyle
}

func (f *frame) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	grid := solid(gridColor, 0.5)
	for _, t := range f.x {
		if x := tx(t.Value); x >= c.Min.X && x <= c.Max.X {
			c.StrokeLine2(grid, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for _, t := range f.y {
		if y := ty(t.Value); y >= c.Min.Y && y <= c.Max.Y {
			c.StrokeLine2(grid, c.Min.X, y, c.Max.X, y)
		}
	}
	c.StrokeLines(f.style, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}, c.Min})
}

func (f *frame) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

// cellText is a plotter of one text centred in the panel, its colour
// fading when the text is a small correlation.
type cellText struct {
	text  string
	style text.Style
}

func (t *cellText) Plot(c draw.Canvas, _ *plot.Plot) {
	if t.text == "" {
		return
	}
	st := t.style
	if r, err := strconv.ParseFloat(t.text, 64); err == nil {
		st.Color = color.Gray{Y: uint8(170 - 150*math.Min(1, math.Abs(r)))}
	}
	st.XAlign, st.YAlign = draw.XCenter, draw.YCenter
	c.FillText(st, c.Center(), t.text)
}

func (t *cellText) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, 1 }

// glyphs is a plotter of markers at points, each drawn with every style in
// turn. Unlike plotter.Scatter it asks for no room around the data for
// markers at the edges: the axes of a pairs figure span the priors
// exactly, and tiny panels have no room to spare.
type glyphs struct {
	pts    plotter.XYs
	styles []draw.GlyphStyle
}

func (g *glyphs) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, pt := range g.pts {
		at := vg.Point{X: tx(pt.X), Y: ty(pt.Y)}
		for _, st := range g.styles {
			c.DrawGlyph(st, at)
		}
	}
}

func (g *glyphs) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

// pairsMatrix is a plotter of the whole matrix of a pairs figure, filling
// its panel: the cells in a grid of equal tiles, the ticks and names of
// the parameters under the bottom row and left of the left column (from
// the second row: the first row's left cell is a histogram).
type pairsMatrix struct {
	cells       [][]*plot.Plot
	lo, hi      []float64
	ticks       [][]plot.Tick
	names       []string
	tick, label text.Style
	pad         vg.Length
}

func (m *pairsMatrix) Plot(c draw.Canvas, _ *plot.Plot) {
	n := len(m.cells)
	if n == 0 {
		return
	}
	tickLen := vg.Points(2.5)
	tickH, labelH := m.tick.Height("0"), m.label.Height("Xg")
	var tickW vg.Length
	for r := 1; r < n; r++ {
		for _, t := range m.ticks[r] {
			tickW = max(tickW, m.tick.Width(t.Label))
		}
	}
	left := vg.Points(2)
	if n > 1 {
		left += labelH + vg.Points(3) + tickW + tickLen + vg.Points(1)
	}
	bottom := labelH + vg.Points(2) + tickH + tickLen + vg.Points(1)
	area := draw.Crop(c, left, -vg.Points(8), bottom, -vg.Points(2))
	tiles := draw.Tiles{Rows: n, Cols: n, PadX: m.pad, PadY: m.pad}
	for r := range n {
		for col := range n {
			m.cells[r][col].Draw(tiles.At(area, col, r))
		}
	}
	mark := solid(black, 0.6)
	at := func(v, lo, hi float64, from, to vg.Length) vg.Length {
		return from + vg.Length((v-lo)/(hi-lo))*(to-from)
	}
	xt, yt := m.tick, m.tick
	xt.XAlign, xt.YAlign = draw.XCenter, draw.YTop
	yt.XAlign, yt.YAlign = draw.XRight, draw.YCenter
	xl, yl := m.label, m.label
	xl.XAlign, xl.YAlign = draw.XCenter, draw.YTop
	yl.XAlign, yl.YAlign, yl.Rotation = draw.XCenter, draw.YTop, math.Pi/2
	for j := range n {
		cc := tiles.At(area, j, n-1)
		for _, t := range m.ticks[j] {
			x := at(t.Value, m.lo[j], m.hi[j], cc.Min.X, cc.Max.X)
			l := tickLen
			if t.Label == "" {
				l /= 2
			}
			c.StrokeLine2(mark, x, cc.Min.Y, x, cc.Min.Y-l)
			if t.Label != "" {
				c.FillText(xt, vg.Point{X: x, Y: cc.Min.Y - tickLen - vg.Points(1)}, t.Label)
			}
		}
		c.FillText(xl, vg.Point{X: (cc.Min.X + cc.Max.X) / 2, Y: cc.Min.Y - tickLen - tickH - vg.Points(3)}, m.names[j])
	}
	for r := 1; r < n; r++ {
		cc := tiles.At(area, 0, r)
		for _, t := range m.ticks[r] {
			y := at(t.Value, m.lo[r], m.hi[r], cc.Min.Y, cc.Max.Y)
			l := tickLen
			if t.Label == "" {
				l /= 2
			}
			c.StrokeLine2(mark, cc.Min.X, y, cc.Min.X-l, y)
			if t.Label != "" {
				c.FillText(yt, vg.Point{X: cc.Min.X - tickLen - vg.Points(1), Y: y}, t.Label)
			}
		}
		c.FillText(yl, vg.Point{X: c.Min.X + vg.Points(1), Y: (cc.Min.Y + cc.Max.Y) / 2}, m.names[r])
	}
}

func (m *pairsMatrix) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, 1 }
