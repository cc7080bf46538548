package plot

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bars is a plotter of rectangles in data coordinates: bar charts whose
// bars line up exactly with error bars drawn at the same positions.
type bars struct {
	rects []barRect
}

type barRect struct {
	x0, x1, y0, y1 float64
	fill           color.Color
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, r := range b.rects {
		if !finite(r.y0) || !finite(r.y1) || !finite(r.x0) || !finite(r.x1) {
			continue
		}
		pts := []vg.Point{
			{X: tx(r.x0), Y: ty(r.y0)}, {X: tx(r.x1), Y: ty(r.y0)},
			{X: tx(r.x1), Y: ty(r.y1)}, {X: tx(r.x0), Y: ty(r.y1)},
		}
		c.FillPolygon(r.fill, c.ClipPolygonXY(pts))
	}
}

func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range b.rects {
		for _, x := range []float64{r.x0, r.x1} {
			if finite(x) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			}
		}
		for _, y := range []float64{r.y0, r.y1} {
			if finite(y) {
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	return xmin, xmax, ymin, ymax
}

// whiskers is a plotter of confidence intervals: a line from lo to hi at
// position at, with caps; horizontal intervals when horizontal is set.
type whiskers struct {
	items      []whisker
	horizontal bool
	style      draw.LineStyle
	cap        vg.Length
}

type whisker struct{ at, lo, hi float64 }

func (w *whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, it := range w.items {
		if !finite(it.lo) || !finite(it.hi) || !finite(it.at) {
			continue
		}
		if w.horizontal {
			y, x0, x1 := ty(it.at), tx(it.lo), tx(it.hi)
			c.StrokeLines(w.style, c.ClipLinesXY([]vg.Point{{X: x0, Y: y}, {X: x1, Y: y}})...)
			for _, x := range []vg.Length{x0, x1} {
				c.StrokeLines(w.style, c.ClipLinesXY([]vg.Point{{X: x, Y: y - w.cap/2}, {X: x, Y: y + w.cap/2}})...)
			}
			continue
		}
		x, y0, y1 := tx(it.at), ty(it.lo), ty(it.hi)
		c.StrokeLines(w.style, c.ClipLinesXY([]vg.Point{{X: x, Y: y0}, {X: x, Y: y1}})...)
		for _, y := range []vg.Length{y0, y1} {
			c.StrokeLines(w.style, c.ClipLinesXY([]vg.Point{{X: x - w.cap/2, Y: y}, {X: x + w.cap/2, Y: y}})...)
		}
	}
}

func (w *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	amin, amax := math.Inf(1), math.Inf(-1)
	vmin, vmax := math.Inf(1), math.Inf(-1)
	for _, it := range w.items {
		if !finite(it.lo) || !finite(it.hi) || !finite(it.at) {
			continue
		}
		amin, amax = math.Min(amin, it.at), math.Max(amax, it.at)
		vmin, vmax = math.Min(vmin, it.lo), math.Max(vmax, it.hi)
	}
	if w.horizontal {
		return vmin, vmax, amin, amax
	}
	return amin, amax, vmin, vmax
}

// whiskerThumb is an interval in a legend.
type whiskerThumb struct{ style draw.LineStyle }

func (t whiskerThumb) Thumbnail(c *draw.Canvas) {
	x, y := c.Center().X, c.Center().Y
	h := (c.Max.Y - c.Min.Y) / 2
	c.StrokeLine2(t.style, x, y-h, x, y+h)
	c.StrokeLine2(t.style, x-vg.Points(3), y-h, x+vg.Points(3), y-h)
	c.StrokeLine2(t.style, x-vg.Points(3), y+h, x+vg.Points(3), y+h)
}

// groupedBars adds to p one group of bars per category, one bar per series
// in each group, with their intervals. Categories sit at 0, 1, 2, … on the
// category axis (x, or y when horizontal, where the first is at the top).
func groupedBars(p *plot.Plot, categories []string, series []barSeries, horizontal bool) {
	n := len(series)
	if n == 0 {
		return
	}
	width := 0.8 / float64(n)
	b := &bars{}
	w := &whiskers{horizontal: horizontal, style: solid(black, 1.1), cap: vg.Points(5)}
	for j, s := range series {
		for i := range categories {
			if i >= len(s.values) || !finite(s.values[i].Mean) {
				continue
			}
			pos := float64(i)
			if horizontal {
				pos = float64(len(categories) - 1 - i)
			}
			// Series run left to right, or top to bottom.
			off := (float64(j) - float64(n-1)/2) * width
			if horizontal {
				off = -off
			}
			c := pos + off
			v := s.values[i]
			if horizontal {
				b.rects = append(b.rects, barRect{x0: 0, x1: v.Mean, y0: c - width*0.45, y1: c + width*0.45, fill: s.color})
			} else {
				b.rects = append(b.rects, barRect{x0: c - width*0.45, x1: c + width*0.45, y0: 0, y1: v.Mean, fill: s.color})
			}
			w.items = append(w.items, whisker{at: c, lo: v.Low, hi: v.High})
		}
	}
	p.Add(b, w)
	ticks := make([]plot.Tick, len(categories))
	for i, c := range categories {
		pos := float64(i)
		if horizontal {
			pos = float64(len(categories) - 1 - i)
		}
		ticks[i] = plot.Tick{Value: pos, Label: c}
	}
	axis := &p.X
	if horizontal {
		axis = &p.Y
	}
	axis.Tick.Marker = plot.ConstantTicks(ticks)
	axis.Min, axis.Max = -0.6, float64(len(categories))-0.4
	axis.Tick.Length = 0
}

// stackedBars adds to p one bar per category, stacking its segments' values
// (segments[i][k] in colors[k]) from zero, with the interval of totals[i]
// at the top. It returns the highest point drawn (at least 1), for the
// axis.
func stackedBars(p *plot.Plot, categories []string, segments [][]float64, colors []color.Color, totals []Interval) float64 {
	b := &bars{}
	w := &whiskers{style: solid(black, 1.1), cap: vg.Points(7)}
	top := 0.0
	for i := range categories {
		lo, hi := 0.0, 0.0 // negative segments stack below zero
		for k, v := range segments[i] {
			if !finite(v) || v == 0 {
				continue
			}
			if v > 0 {
				b.rects = append(b.rects, barRect{x0: float64(i) - 0.3, x1: float64(i) + 0.3, y0: hi, y1: hi + v, fill: colors[k]})
				hi += v
			} else {
				b.rects = append(b.rects, barRect{x0: float64(i) - 0.3, x1: float64(i) + 0.3, y0: lo + v, y1: lo, fill: colors[k]})
				lo += v
			}
		}
		top = max(top, hi)
		if t := totals[i]; finite(t.Low) && finite(t.High) {
			w.items = append(w.items, whisker{at: float64(i), lo: t.Low, hi: t.High})
			top = max(top, t.High)
		}
	}
	p.Add(b, w)
	ticks := make([]plot.Tick, len(categories))
	for i, c := range categories {
		ticks[i] = plot.Tick{Value: float64(i), Label: c}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.6, float64(len(categories))-0.4
	p.X.Tick.Length = 0
	if top <= 0 {
		top = 1
	}
	return top
}

// barSeries is one series of groupedBars: a value per category.
type barSeries struct {
	values []Interval
	color  color.Color
}

// zeroLine is a line at value 0 across the value axis.
func zeroLine(p *plot.Plot, horizontal bool) {
	z := &refLine{value: 0, vertical: horizontal, style: solid(color.Gray{Y: 90}, 0.9)}
	p.Add(z)
}

// refLine is a horizontal (or vertical) line across the whole panel.
type refLine struct {
	value    float64
	vertical bool
	style    draw.LineStyle
}

func (l *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	if l.vertical {
		x := tx(l.value)
		c.StrokeLines(l.style, c.ClipLinesXY([]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}})...)
		return
	}
	y := ty(l.value)
	c.StrokeLines(l.style, c.ClipLinesXY([]vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}})...)
}
