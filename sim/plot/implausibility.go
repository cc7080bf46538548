package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KindImplausibility is the kind of the figure of a history match's
// implausibility by wave.
const KindImplausibility = "implausibility"

// WaveImplausibility is what the implausibility figure shows of one wave
// of a history match.
type WaveImplausibility struct {
	// Index is the wave's number, from 1.
	Index int
	// Measure holds, per point of the wave, the implausibility that rules
	// it in or out: the Order-th largest over the targets. NaN values are
	// left out and counted in the caption.
	Measure []float64
	// RuledOutVolume is the share of the whole prior space ruled out
	// after this wave, in [0, 1]; NaN if unknown.
	RuledOutVolume float64
}

// implausibilityClip is the top of the implausibility axis (at least
// twice the cutoff): measures range up to the hundreds, but only those
// near the cutoff matter, so higher ones are drawn at the top.
const implausibilityClip = 20

// Colours of the implausibility figure: points kept in blue, points ruled
// out in grey.
var (
	keptColor      = siteColors[0]
	ruledOutColor  = grey(150)
	cutoffColor    = siteColors[4]
	implausibleCap = draw.GlyphStyle{Color: ruledOutColor, Radius: vg.Points(2.6), Shape: draw.PyramidGlyph{}}
)

// ImplausibilityFigure draws each wave's points by their implausibility
// measure, one column per wave, as a strip jittered sideways by the
// point's index (no randomness: the same waves draw the same figure), with
// the cutoff as a dashed line and the share of the prior space ruled out
// after the wave above its column. Measures above the axis' top
// (max(20, 2×cutoff)) are drawn as triangles at the top. A cutoff that is
// not positive draws no line. With no waves the figure says so.
func ImplausibilityFigure(waves []WaveImplausibility, cutoff float64) *Figure {
	n := len(waves)
	fig := &Figure{
		Name:   KindImplausibility,
		Kind:   KindImplausibility,
		Title:  "Implausibility of the points run, by wave",
		Width:  vg.Length(max(6, 2.5+1.3*float64(n))) * vg.Inch,
		Height: 5.2 * vg.Inch,
	}
	hasCut := cutoff > 0 && finite(cutoff)
	top := float64(implausibilityClip)
	if hasCut {
		top = math.Max(top, 2*cutoff)
	}
	panel := newPanel("", "", "implausibility measure")
	var kept, out, capped plotter.XYs
	var missing, above, total int
	ticks := make([]plot.Tick, n)
	for w, wave := range waves {
		nKept, nFinite := 0, 0
		for i, m := range wave.Measure {
			total++
			if !finite(m) || m < 0 {
				missing++
				continue
			}
			nFinite++
			pt := plotter.XY{X: float64(w) + jitter(i, 0.7), Y: m}
			switch {
			case !hasCut && m <= top, hasCut && m <= cutoff:
				nKept++
				kept = append(kept, pt)
			case m > top:
				above++
				pt.Y = top
				capped = append(capped, pt)
			default:
				out = append(out, pt)
			}
		}
		label := "wave " + strconv.Itoa(wave.Index)
		if hasCut {
			label += "\n" + groupThousands(strconv.Itoa(nKept)) + " of " + groupThousands(strconv.Itoa(nFinite)) + " kept"
		} else {
			label += "\n" + count(nFinite, "point")
		}
		ticks[w] = plot.Tick{Value: float64(w), Label: label}
	}
	for _, s := range []struct {
		pts   plotter.XYs
		style draw.GlyphStyle
	}{
		{out, draw.GlyphStyle{Color: translucent(ruledOutColor, 0.7), Radius: vg.Points(2), Shape: draw.CircleGlyph{}}},
		{capped, implausibleCap},
		{kept, draw.GlyphStyle{Color: translucent(keptColor, 0.8), Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}},
	} {
		panel.Add(&glyphs{pts: s.pts, styles: []draw.GlyphStyle{s.style}})
	}
	if hasCut {
		panel.Add(&refLine{value: cutoff, style: dashed(cutoffColor, 1.6)})
	}
	// The share of the space ruled out, above each column.
	label := &labels{style: textStyle(sizeTick, black)}
	for w, wave := range waves {
		if finite(wave.RuledOutVolume) {
			label.items = append(label.items, labelAt{x: float64(w), y: top * 1.07,
				text: strconv.FormatFloat(100*wave.RuledOutVolume, 'f', 1, 64) + "% ruled out"})
		}
	}
	panel.Add(label)
	panel.X.Tick.Marker = plot.ConstantTicks(ticks)
	panel.X.Tick.Length = 0
	panel.X.Min, panel.X.Max = -0.6, math.Max(0.6, float64(n)-0.4)
	panel.Y.Min, panel.Y.Max = 0, top*1.14
	panel.Y.Tick.Marker = clippedTicks{top: top, cutoff: cutoff}

	dot := func(c color.Color) []plot.Thumbnailer {
		return []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: c, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}}}
	}
	legend := []legendItem{{label: "point", thumbs: dot(keptColor)}}
	if hasCut {
		legend = []legendItem{{label: "point kept", thumbs: dot(keptColor)}, {label: "point ruled out", thumbs: dot(ruledOutColor)}}
	}
	legend = append(legend, legendItem{label: "above " + strconv.FormatFloat(top, 'g', 4, 64) + ", drawn at the top", thumbs: []plot.Thumbnailer{glyphThumb{implausibleCap}}})
	if hasCut {
		legend = append(legend, legendItem{label: "cutoff " + strconv.FormatFloat(cutoff, 'g', 4, 64), thumbs: []plot.Thumbnailer{lineThumb{dashed(cutoffColor, 1.6)}}})
	}
	note := ""
	if n == 0 {
		note = "no waves: the history match has not run a wave yet"
	}

	var caption strings.Builder
	fmt.Fprintf(&caption, "The implausibility measure of each point run in each of %s of history matching: "+
		"|target − simulated mean| / sqrt(target, model-discrepancy and simulation variances) per target, then the "+
		"largest (or second or third largest) over the targets. Points are spread sideways by their index "+
		"only to be seen apart.", count(n, "wave"))
	if hasCut {
		fmt.Fprintf(&caption, " Points at or below the cutoff of %s (dashed) are kept; the next wave samples among them.",
			strconv.FormatFloat(cutoff, 'g', 4, 64))
	}
	fmt.Fprintf(&caption, " The axis stops at %s: higher measures (%d of %d points here) are drawn as triangles at the top.",
		strconv.FormatFloat(top, 'g', 4, 64), above, total)
	caption.WriteString(" Above each column, the share of the whole prior space ruled out after that wave.")
	if missing > 0 {
		fmt.Fprintf(&caption, " %s without a measure (NaN: runs that failed) are left out.", count(missing, "point"))
	}
	fig.Caption = caption.String()
	lay := &layout{title: fig.Title, note: note, legend: legend, rows: [][]*plot.Plot{{panel}}, width: fig.Width, height: fig.Height}
	fig.draw = lay.draw
	return fig
}

// jitter returns the offset of item i in a strip of the given width,
// centred on zero: the fractional parts of i times the golden ratio, which
// spread any number of items evenly and depend on nothing but i.
func jitter(i int, width float64) float64 {
	const phi = 0.6180339887498949
	f := math.Mod(float64(i)*phi, 1)
	return (f - 0.5) * width
}

// clippedTicks label an implausibility axis from 0 to top, with the cutoff
// among the ticks.
type clippedTicks struct{ top, cutoff float64 }

func (t clippedTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for _, tk := range (thousandsTicks{}).Ticks(lo, t.top) {
		if t.cutoff > 0 && math.Abs(tk.Value-t.cutoff) < 0.05*t.top {
			continue // the cutoff's own tick stands in for it
		}
		ticks = append(ticks, tk)
	}
	if t.cutoff > 0 && t.cutoff < t.top {
		ticks = append(ticks, plot.Tick{Value: t.cutoff, Label: strconv.FormatFloat(t.cutoff, 'g', 4, 64)})
	}
	return ticks
}

// labels is a plotter of texts centred at points in data coordinates.
type labels struct {
	items []labelAt
	style draw.TextStyle
}

type labelAt struct {
	x, y float64
	text string
}

func (l *labels) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	st := l.style
	st.XAlign, st.YAlign = draw.XCenter, draw.YCenter
	for _, it := range l.items {
		c.FillText(st, vg.Point{X: tx(it.x), Y: ty(it.y)}, it.text)
	}
}

func (l *labels) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}
