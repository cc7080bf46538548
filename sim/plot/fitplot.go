package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/flowsim/flowsim/sim/fit"
)

// FitLabels are the words on a fit figure.
type FitLabels struct {
	// Column names the data, e.g. "los_days".
	Column string
	// Unit is the unit of the values in words, e.g. "days".
	Unit string
}

// Size of the fit figure: two panels side by side.
const (
	fitWidth  = 11 * vg.Inch
	fitHeight = 4.5 * vg.Inch
	fitDPI    = 150
)

// fitColor gives each family the same colour in every fit figure (from the
// Okabe–Ito palette, which colour-blind readers can tell apart).
func fitColor(f fit.Family) color.Color {
	switch f {
	case fit.LogNormal:
		return color.RGBA{0x00, 0x72, 0xB2, 0xFF} // blue
	case fit.Gamma:
		return color.RGBA{0xE6, 0x9F, 0x00, 0xFF} // orange
	case fit.Weibull:
		return color.RGBA{0x00, 0x9E, 0x73, 0xFF} // green
	}
	return color.RGBA{0xCC, 0x79, 0xA7, 0xFF} // exponential: purple
}

// FitPlots returns the two panels of the fit figure: the histogram of the
// positive values with the fitted densities over it, and the QQ plot of
// fitted against data quantiles with the line of perfect fit. The first
// curve in f is the best fit and is drawn thickest.
func FitPlots(f fit.Figure, l FitLabels) (density, qq *plot.Plot, err error) {
	density = fitNewPlot()
	density.Title.Text = l.Column + ": positive values and fitted densities"
	if note := fitNote(f); note != "" {
		density.Title.Text += "\n" + note
	}
	density.X.Label.Text = fmt.Sprintf("%s (%s)", l.Column, l.Unit)
	density.Y.Label.Text = fmt.Sprintf("density (per %s)", fitSingular(l.Unit))
	ymax := 0.0
	if len(f.Bins) > 0 {
		h := &plotter.Histogram{FillColor: color.Gray{Y: 215}, LineStyle: draw.LineStyle{Color: color.Gray{Y: 150}, Width: vg.Points(0.5)}}
		for _, b := range f.Bins {
			h.Bins = append(h.Bins, plotter.HistogramBin{Min: b.Lo, Max: b.Hi, Weight: b.Density})
			ymax = max(ymax, b.Density)
		}
		h.Width = f.Bins[0].Hi - f.Bins[0].Lo
		density.Add(h)
		density.Legend.Add("data", h)
	}
	for i, c := range f.Densities {
		line, err := plotter.NewLine(fitXYs(c.X, c.Y))
		if err != nil {
			return nil, nil, fmt.Errorf("density of %s: %w", c.Family, err)
		}
		line.LineStyle = fitLineStyle(c.Family, i == 0)
		density.Add(line)
		density.Legend.Add(fitName(c.Family, i == 0), line)
	}
	density.Y.Min = 0
	if ymax > 0 {
		// A density that is infinite at zero (shape < 1) must not squash
		// the histogram: the axis follows the bars and the curves are
		// clipped. Set after every Add, which widens the axes.
		density.Y.Max = 1.3 * ymax
		density.X.Min, density.X.Max = 0, f.XMax
	}

	qq = fitNewPlot()
	qq.Title.Text = l.Column + ": quantiles, 1% to 99%"
	if f.Censored {
		qq.Title.Text += "\ndata quantiles from the Kaplan–Meier estimate"
	}
	qq.X.Label.Text = fmt.Sprintf("fitted quantile (%s)", l.Unit)
	qq.Y.Label.Text = fmt.Sprintf("data quantile (%s)", l.Unit)
	top := 0.0
	for _, c := range f.QQ {
		for i := range c.X {
			top = max(top, c.X[i], c.Y[i])
		}
	}
	if top > 0 {
		diag, err := plotter.NewLine(fitXYs([]float64{0, top}, []float64{0, top}))
		if err != nil {
			return nil, nil, err
		}
		diag.LineStyle = draw.LineStyle{Color: color.Gray{Y: 120}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		qq.Add(diag)
		qq.Legend.Add("perfect fit", diag)
	}
	// Draw the best fit last, on top.
	for i := len(f.QQ) - 1; i >= 0; i-- {
		c := f.QQ[i]
		if len(c.X) == 0 {
			continue
		}
		s, err := plotter.NewScatter(fitXYs(c.X, c.Y))
		if err != nil {
			return nil, nil, fmt.Errorf("QQ of %s: %w", c.Family, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: fitColor(c.Family), Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
		if i == 0 {
			s.GlyphStyle.Radius = vg.Points(3)
		}
		qq.Add(s)
	}
	for i, c := range f.QQ {
		if len(c.X) == 0 {
			continue
		}
		s, _ := plotter.NewScatter(fitXYs(c.X[:1], c.Y[:1]))
		s.GlyphStyle = draw.GlyphStyle{Color: fitColor(c.Family), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		qq.Legend.Add(fitName(c.Family, i == 0), s)
	}
	qq.X.Min, qq.Y.Min = 0, 0
	// Fits usually fall short of a long tail, putting points above the
	// diagonal: the bottom right is the emptiest corner.
	qq.Legend.Top = false
	return density, qq, nil
}

// WriteFit draws the fit figure, the two panels of FitPlots side by side,
// to w as "png" (150 dpi) or "svg".
func WriteFit(w io.Writer, f fit.Figure, l FitLabels, format string) error {
	density, qq, err := FitPlots(f, l)
	if err != nil {
		return err
	}
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(fitWidth, fitHeight), vgimg.UseDPI(fitDPI))}
	case "svg":
		c = vgsvg.New(fitWidth, fitHeight)
	default:
		return fmt.Errorf("plot: unknown format %q: want png or svg", format)
	}
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(24), PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(12)}
	canvases := plot.Align([][]*plot.Plot{{density, qq}}, tiles, dc)
	density.Draw(canvases[0][0])
	qq.Draw(canvases[0][1])
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plot: write %s: %w", format, err)
	}
	return nil
}

// fitNewPlot returns a plot with fonts large enough to read when the
// figure is shrunk onto a slide or a page.
func fitNewPlot() *plot.Plot {
	p := plot.New()
	p.Title.TextStyle.Font.Size = font.Length(13)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = font.Length(12)
		a.Tick.Label.Font.Size = font.Length(10.5)
	}
	p.Legend.TextStyle.Font.Size = font.Length(10.5)
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

func fitLineStyle(f fit.Family, best bool) draw.LineStyle {
	s := draw.LineStyle{Color: fitColor(f), Width: vg.Points(1.5)}
	if best {
		s.Width = vg.Points(2.75)
	} else {
		s.Dashes = []vg.Length{vg.Points(5), vg.Points(2.5)}
	}
	return s
}

func fitName(f fit.Family, best bool) string {
	if best {
		return f.String() + " (best AIC)"
	}
	return f.String()
}

// fitNote says what the histogram leaves out or estimates.
func fitNote(f fit.Figure) string {
	note := ""
	if f.SameDayShare > 0 {
		note = fmt.Sprintf("%.1f%% same-day stays not shown", 100*f.SameDayShare)
	}
	if f.Censored {
		if note != "" {
			note += "; "
		}
		note += "censored: Kaplan–Meier histogram"
	}
	return note
}

// fitSingular turns "days" into "day" for "per day".
func fitSingular(unit string) string {
	if n := len(unit); n > 1 && unit[n-1] == 's' {
		return unit[:n-1]
	}
	return unit
}

func fitXYs(xs, ys []float64) plotter.XYs {
	pts := make(plotter.XYs, 0, len(xs))
	for i := range xs {
		if math.IsNaN(xs[i]) || math.IsNaN(ys[i]) || math.IsInf(xs[i], 0) || math.IsInf(ys[i], 0) {
			continue
		}
		pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
	}
	return pts
}
