package plot

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KindSavings is the kind of the figure of savings across a plausible set
// of baselines.
const KindSavings = "savings"

// AltSavings is one alternative's saving across the plausible baselines.
type AltSavings struct {
	// Name names the alternative.
	Name string
	// PointMeans are the paired mean savings at each plausible baseline
	// (base − alternative: positive is saved); NaN values are left out
	// and counted in the caption.
	PointMeans []float64
	// Low and High bound the interval that includes parameter
	// uncertainty.
	Low, High float64
	// WithinLow and WithinHigh bound a typical single-baseline confidence
	// interval (the dice only); NaN to omit.
	WithinLow, WithinHigh float64
}

// SavingsLabels are the words on a savings figure.
type SavingsLabels struct {
	// Metric names the saving with its period, e.g. "bed-days saved a
	// year".
	Metric string
	// Unit is the metric's unit, e.g. "bed-days"; empty for none.
	Unit string
	// Base names the base scenario the savings are measured against.
	Base string
	// Level is the level of the intervals, e.g. 0.95; 0 leaves it unsaid.
	Level float64
	// Beats, if not nil, holds rank probabilities: Beats[a][b] is the
	// share of plausible baselines at which alternative a saves more than
	// b. They go into the caption, not onto the figure.
	Beats [][]float64
}

// Colours of the savings figure.
var (
	savingsColor = siteColors[0]
	savingsBar   = translucent(siteColors[0], 0.35)
)

// SavingsFigure draws each alternative's saving across the plausible
// baselines, one row each (the first at the top): the paired mean saving
// at every plausible baseline as a strip of points (spread by their index,
// no randomness), the interval that includes parameter uncertainty as a
// thick bar with whiskers, their mean as a bar across it, a typical
// single-baseline interval as a thin line under it, and zero as a
// reference line. With no alternatives the figure says so.
func SavingsFigure(alts []AltSavings, l SavingsLabels) *Figure {
	n := len(alts)
	metric := l.Metric
	if metric == "" {
		metric = "saving"
	}
	fig := &Figure{
		Name:   KindSavings,
		Kind:   KindSavings,
		Title:  capitalise(metric) + " across the plausible baselines",
		Width:  10 * vg.Inch,
		Height: vg.Length(max(3.5, 2+0.6*float64(n))) * vg.Inch,
	}
	xLabel := metric
	if l.Unit != "" {
		xLabel += " (" + l.Unit + ")"
	}
	panel := newPanel("", xLabel, "")
	level := ""
	if l.Level > 0 && l.Level < 1 {
		level = strconv.FormatFloat(100*l.Level, 'g', 4, 64) + "% "
	}

	var pts plotter.XYs
	b := &bars{}
	wide := &whiskers{horizontal: true, style: solid(black, 1.3), cap: vg.Points(10)}
	within := &whiskers{horizontal: true, style: solid(grey(60), 1.1), cap: vg.Points(5)}
	meanTicks := &whiskers{style: solid(black, 2.2), cap: 0}
	ticks := make([]plot.Tick, n)
	var missing, points int
	hasWithin := false
	for a, alt := range alts {
		pos := float64(n - 1 - a)
		ticks[a] = plot.Tick{Value: pos, Label: alt.Name}
		var sum float64
		k := 0
		for i, m := range alt.PointMeans {
			if !finite(m) {
				missing++
				continue
			}
			points = max(points, len(alt.PointMeans))
			pts = append(pts, plotter.XY{X: m, Y: pos + 0.18 + jitter(i, 0.3)})
			sum += m
			k++
		}
		if finite(alt.Low) && finite(alt.High) {
			b.rects = append(b.rects, barRect{x0: alt.Low, x1: alt.High, y0: pos - 0.2, y1: pos - 0.04, fill: savingsBar})
			wide.items = append(wide.items, whisker{at: pos - 0.12, lo: alt.Low, hi: alt.High})
		}
		if k > 0 {
			mean := sum / float64(k)
			meanTicks.items = append(meanTicks.items, whisker{at: mean, lo: pos - 0.22, hi: pos - 0.02})
		}
		if finite(alt.WithinLow) && finite(alt.WithinHigh) {
			hasWithin = true
			within.items = append(within.items, whisker{at: pos - 0.33, lo: alt.WithinLow, hi: alt.WithinHigh})
		}
	}
	zeroLine(panel, true)
	pointGlyph := draw.GlyphStyle{Color: translucent(savingsColor, 0.6), Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
	panel.Add(b, wide, within, meanTicks, &glyphs{pts: pts, styles: []draw.GlyphStyle{pointGlyph}})
	// glyphs ask for no axis range: widen the axis to the points here.
	xmin, xmax := 0.0, 0.0
	for _, p := range pts {
		xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
	}
	for _, w := range [][]whisker{wide.items, within.items} {
		for _, it := range w {
			xmin, xmax = math.Min(xmin, it.lo), math.Max(xmax, it.hi)
		}
	}
	pad := math.Max((xmax-xmin)*0.04, 1e-9)
	if xmax == xmin {
		pad = 1
	}
	panel.X.Min, panel.X.Max = xmin-pad, xmax+pad
	panel.Y.Tick.Marker = plot.ConstantTicks(ticks)
	panel.Y.Tick.Length = 0
	panel.Y.Min, panel.Y.Max = -0.6, math.Max(0.6, float64(n)-0.4)

	legend := []legendItem{
		{label: "paired mean at one plausible baseline", thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: savingsColor, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}}}},
		{label: level + "interval with parameter uncertainty", thumbs: []plot.Thumbnailer{boxThumb{fill: savingsBar}, whiskerHThumb{solid(black, 1.3)}}},
		{label: "mean over the baselines", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 2.2)}}},
	}
	if hasWithin {
		legend = append(legend, legendItem{label: "typical single-baseline " + level + "CI", thumbs: []plot.Thumbnailer{whiskerHThumb{solid(grey(60), 1.1)}}})
	}
	note := "Positive: saved by the alternative"
	if l.Base != "" {
		note += " against " + l.Base
	}
	if n == 0 {
		note = "no alternatives to show"
	}

	var caption strings.Builder
	against := ""
	if l.Base != "" {
		against = " against " + l.Base
	}
	fmt.Fprintf(&caption, "The %s by each of %s%s (base minus alternative: positive is saved), across up to %s. "+
		"Each dot is the paired mean saving with the alternative applied on top of one plausible baseline; their "+
		"spread is what the unknown parameters do to the answer. The thick bar is the %sinterval that includes "+
		"parameter uncertainty as well as the dice, with the mean over the baselines marked across it.",
		metric, count(n, "alternative"), against, count(points, "plausible baseline"), level)
	if hasWithin {
		fmt.Fprintf(&caption, " The thin line under it is a typical %sconfidence interval at a single baseline: "+
			"what a run of one calibrated baseline would report.", level)
	}
	if missing > 0 {
		fmt.Fprintf(&caption, " %s without a value (NaN) are left out.", count(missing, "paired mean"))
	}
	if s := beatsText(alts, l.Beats); s != "" {
		caption.WriteString(" " + s)
	}
	fig.Caption = caption.String()
	lay := &layout{title: fig.Title, note: note, legend: legend, rows: [][]*plot.Plot{{panel}}, width: fig.Width, height: fig.Height}
	fig.draw = lay.draw
	return fig
}

// beatsText writes the rank probabilities of every pair of alternatives
// for the caption, or "" if beats does not hold one per pair.
func beatsText(alts []AltSavings, beats [][]float64) string {
	n := len(alts)
	if n < 2 || len(beats) != n {
		return ""
	}
	for _, row := range beats {
		if len(row) != n {
			return ""
		}
	}
	var parts []string
	for a := range n {
		for b := a + 1; b < n; b++ {
			if p := beats[a][b]; finite(p) {
				parts = append(parts, fmt.Sprintf("P(%s saves more than %s) = %s", alts[a].Name, alts[b].Name, strconv.FormatFloat(p, 'f', 2, 64)))
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Over the plausible baselines, " + strings.Join(parts, "; ") + "."
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// whiskerHThumb is a horizontal interval in a legend.
type whiskerHThumb struct{ style draw.LineStyle }

func (t whiskerHThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	h := (c.Max.Y - c.Min.Y) / 2
	c.StrokeLine2(t.style, c.Min.X, y, c.Max.X, y)
	c.StrokeLine2(t.style, c.Min.X, y-h, c.Min.X, y+h)
	c.StrokeLine2(t.style, c.Max.X, y-h, c.Max.X, y+h)
}
