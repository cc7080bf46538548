package plot

import (
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes in points, at the figure's own size: large enough to read when
// a 10-inch figure is shrunk onto a slide or an A4 page.
const (
	sizeTitle  = 15
	sizePanel  = 13
	sizeLabel  = 12
	sizeTick   = 11
	sizeLegend = 11.5
)

// sans is the typeface of every run figure (gonum/plot ships Liberation;
// Liberation Sans has the metrics of Arial and Helvetica).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// siteColors are the sites' colours, in the order of the sorted site names:
// the Okabe–Ito palette, which readers with colour-blindness can tell apart,
// without its yellow (too pale on white).
var siteColors = [...]color.RGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xD5, 0x5E, 0x00, 0xFF}, // vermilion
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x8C, 0x56, 0x4B, 0xFF}, // brown
	{0x7F, 0x7F, 0x7F, 0xFF}, // grey
}

// SiteColor returns the colour of site among sites (sorted by name, as
// Run.Sites): the same in every figure of a run. The system total is
// black.
func SiteColor(sites []string, site string) color.RGBA {
	if site == SystemSite {
		return color.RGBA{0x22, 0x22, 0x22, 0xFF}
	}
	i, found := slices.BinarySearch(sites, site)
	if !found {
		i = len(sites)
	}
	return siteColors[i%len(siteColors)]
}

// pathwayColor gives the discharge pathways p0–p3 colours of their own,
// apart from the first sites' colours.
func pathwayColor(pathway string) color.RGBA {
	switch strings.ToLower(pathway) {
	case "p0":
		return color.RGBA{0x55, 0x55, 0x55, 0xFF}
	case "p1":
		return color.RGBA{0xD5, 0x5E, 0x00, 0xFF}
	case "p2":
		return color.RGBA{0x56, 0xB4, 0xE9, 0xFF}
	case "p3":
		return color.RGBA{0x88, 0x22, 0x55, 0xFF}
	}
	return color.RGBA{0x99, 0x99, 0x33, 0xFF}
}

// grey returns an opaque grey of level y.
func grey(y uint8) color.RGBA { return color.RGBA{y, y, y, 0xFF} }

// translucent returns c with opacity a in [0, 1].
func translucent(c color.RGBA, a float64) color.NRGBA {
	return color.NRGBA{c.R, c.G, c.B, uint8(math.Round(a * 255))}
}

var (
	black        = color.RGBA{0x11, 0x11, 0x11, 0xFF}
	warmupShade  = color.RGBA{0xE4, 0xE4, 0xE4, 0xFF}
	gridColor    = color.Gray{Y: 225}
	captionColor = color.RGBA{0x44, 0x44, 0x44, 0xFF}
)

func textStyle(size float64, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(sans, font.Length(size)), Handler: plot.DefaultTextHandler}
}

// restyle sets the figures' font and size on st, keeping its alignment.
func restyle(st *text.Style, size float64) {
	st.Font = font.From(sans, font.Length(size))
	st.Color = black
}

// newPanel returns a plot with the figures' fonts, a light grid, and the
// given title and axis labels.
func newPanel(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	restyle(&p.Title.TextStyle, sizePanel)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		restyle(&a.Label.TextStyle, sizeLabel)
		restyle(&a.Tick.Label, sizeTick)
		a.Label.Padding = vg.Points(4)
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.X.Tick.Marker, p.Y.Tick.Marker = thousandsTicks{}, thousandsTicks{}
	restyle(&p.Legend.TextStyle, sizeLegend)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridColor, gridColor
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
	p.Add(grid)
	return p
}

// thousandsTicks label an axis at 4 to 8 round values (steps of 1, 2, 2.5
// or 5 times a power of ten), with thousands separators (12,000) and no
// more decimals than the step needs.
type thousandsTicks struct{}

func (thousandsTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	decimals := 0
	for d := step; math.Abs(d-math.Round(d)) > 1e-9*step && decimals < 10; d *= 10 {
		decimals++
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step-1e-9) * step; v <= hi+1e-9*step; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: groupThousands(strconv.FormatFloat(v, 'f', decimals, 64))})
	}
	return ticks
}

// logTicks label a logarithmic axis at 1, 2 and 5 times powers of ten
// inside [lo, hi], with unlabelled minor ticks between.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		p := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = groupThousands(strconv.FormatFloat(v, 'f', max(0, int(-e)), 64))
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// log10Ticks label an axis of log10(x) with the values of x, as logTicks
// would on a logarithmic axis. Figures plot log10(x) on a linear axis
// rather than use plot.LogScale, whose centred axis label gonum/plot
// mis-measures, squeezing the panel.
type log10Ticks struct{}

func (log10Ticks) Ticks(lo, hi float64) []plot.Tick {
	ticks := logTicks{}.Ticks(math.Pow(10, lo), math.Pow(10, hi))
	for i := range ticks {
		ticks[i].Value = math.Log10(ticks[i].Value)
	}
	return ticks
}

// groupThousands puts commas into the integer part of a number's label.
func groupThousands(s string) string {
	if s == "" || strings.ContainsAny(s, "eE") {
		return s
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) <= 3 {
		return sign + s
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// dateTicks labels an axis of days since start with dates: weekly ticks
// for short runs, monthly for up to about two years, else quarterly.
// every, when above 1, labels only every so many weeks or months, for
// narrow panels.
type dateTicks struct {
	start time.Time
	every int
}

func (t dateTicks) Ticks(lo, hi float64) []plot.Tick {
	day := func(d time.Time) float64 { return d.Sub(t.start).Hours() / 24 }
	from := t.start.AddDate(0, 0, int(math.Floor(lo)))
	to := t.start.AddDate(0, 0, int(math.Ceil(hi)))
	var ticks []plot.Tick
	span := hi - lo
	switch {
	case span <= 100:
		for d := from; !d.After(to); d = d.AddDate(0, 0, 7*max(1, t.every)) {
			ticks = append(ticks, plot.Tick{Value: day(d), Label: d.Format("2 Jan")})
		}
	default:
		step := max(1, t.every)
		if span > 800 {
			step = max(step, 3)
		}
		m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		if m.Before(from) {
			m = m.AddDate(0, 1, 0)
		}
		for ; !m.After(to); m = m.AddDate(0, 1, 0) {
			label := ""
			if (int(m.Month())-1)%step == 0 {
				label = m.Format("Jan")
				if m.Month() == time.January || len(ticks) == 0 {
					label = m.Format("Jan\n2006")
				}
			}
			ticks = append(ticks, plot.Tick{Value: day(m), Label: label})
		}
	}
	return ticks
}

// legendItem is one entry of a figure's legend: a label and the thumbnails
// drawn before it (several are drawn on top of each other).
type legendItem struct {
	label  string
	thumbs []plot.Thumbnailer
}

// layout is a figure: a title, a note under it, a legend in rows across the
// top, and a grid of panels. A nil panel leaves its cell empty.
type layout struct {
	title, note   string
	legend        []legendItem
	rows          [][]*plot.Plot
	width, height vg.Length
	padX, padY    vg.Length
}

// draw draws the figure onto c.
func (l *layout) draw(c draw.Canvas) {
	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	margin := vg.Points(10)
	y := c.Max.Y - margin
	left := c.Min.X + margin
	if l.title != "" {
		st := textStyle(sizeTitle, black)
		y -= st.Height(l.title)
		c.FillText(st, vg.Point{X: left, Y: y}, l.title)
	}
	if l.note != "" {
		st := textStyle(sizeLegend, captionColor)
		y -= vg.Points(4) + st.Height(l.note)
		c.FillText(st, vg.Point{X: left, Y: y}, l.note)
	}
	if len(l.legend) > 0 {
		y -= vg.Points(8)
		y = l.drawLegend(c, left, c.Max.X-margin, y)
	}
	body := draw.Crop(c, margin, -margin, margin, y-c.Max.Y-vg.Points(8))
	rows, cols := len(l.rows), 0
	for _, r := range l.rows {
		cols = max(cols, len(r))
	}
	if rows == 0 || cols == 0 {
		return
	}
	padX, padY := l.padX, l.padY
	if padX == 0 {
		padX = vg.Points(18)
	}
	if padY == 0 {
		padY = vg.Points(14)
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: padX, PadY: padY, PadLeft: vg.Points(2), PadRight: vg.Points(6)}
	grid := make([][]*plot.Plot, rows)
	for i, r := range l.rows {
		grid[i] = make([]*plot.Plot, cols)
		copy(grid[i], r)
	}
	canvases := plot.Align(grid, tiles, body)
	for i := range grid {
		for j, p := range grid[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
}

// drawLegend lays the legend out in rows from the top y between x0 and x1
// and returns the y below it.
func (l *layout) drawLegend(c draw.Canvas, x0, x1, y vg.Length) vg.Length {
	st := textStyle(sizeLegend, black)
	rowH := st.Height("Xg") + vg.Points(4)
	thumbW, gap, after := vg.Points(22), vg.Points(5), vg.Points(16)
	x := x0
	y -= rowH
	for _, it := range l.legend {
		tw := thumbW + gap
		if len(it.thumbs) == 0 {
			tw = 0
		}
		w := tw + st.Width(it.label)
		if x > x0 && x+w > x1 {
			x = x0
			y -= rowH
		}
		box := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y + vg.Points(1)},
			Max: vg.Point{X: x + thumbW, Y: y + rowH - vg.Points(5)},
		}}
		for _, t := range it.thumbs {
			t.Thumbnail(&box)
		}
		c.FillText(st, vg.Point{X: x + tw, Y: y + vg.Points(1)}, it.label)
		x += w + after
	}
	return y
}

// Thumbnails for legends.

// lineThumb is a line sample in the legend.
type lineThumb struct{ style draw.LineStyle }

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.style, c.Min.X, y, c.Max.X, y)
}

// boxThumb is a filled box in the legend, optionally outlined.
type boxThumb struct {
	fill    color.Color
	outline *draw.LineStyle
}

func (t boxThumb) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(t.fill, pts)
	if t.outline != nil {
		c.StrokeLines(*t.outline, append(pts, c.Min))
	}
}

// glyphThumb is a marker in the legend.
type glyphThumb struct{ style draw.GlyphStyle }

func (t glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(t.style, c.Center()) }

// Plotters.

// band fills between lo and hi over x (NaN points are left out).
func band(x, lo, hi []float64, fill color.Color) (*plotter.Polygon, bool) {
	var top, bottom plotter.XYs
	for i := range x {
		if finite(lo[i]) && finite(hi[i]) {
			top = append(top, plotter.XY{X: x[i], Y: hi[i]})
			bottom = append(bottom, plotter.XY{X: x[i], Y: lo[i]})
		}
	}
	if len(top) < 2 {
		return nil, false
	}
	slices.Reverse(bottom)
	poly, err := plotter.NewPolygon(append(top, bottom...))
	if err != nil {
		return nil, false
	}
	poly.Color = fill
	poly.LineStyle.Width = 0
	return poly, true
}

// line draws y over x, leaving out NaN points.
func line(x, y []float64, style draw.LineStyle) (*plotter.Line, bool) {
	pts := xys(x, y)
	if len(pts) == 0 {
		return nil, false
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, false
	}
	l.LineStyle = style
	return l, true
}

// rect is a filled rectangle in data coordinates.
func rect(x0, x1, y0, y1 float64, fill color.Color) *plotter.Polygon {
	poly, _ := plotter.NewPolygon(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	poly.Color = fill
	poly.LineStyle.Width = 0
	return poly
}

func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, 0, len(x))
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	return pts
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func solid(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width)}
}

func dashed(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
}
