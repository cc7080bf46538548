package plot

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/flowsim/flowsim/sim/sensitivity"
)

// KindTornado is the kind of the sensitivity figure.
const KindTornado = "tornado"

// TornadoLabels are the words on a tornado figure.
type TornadoLabels struct {
	// Metric names the output whose sensitivity is shown, e.g.
	// "bed-days saved by 7-day hubs".
	Metric string
	// Unit is the metric's unit, e.g. "bed-days"; empty for none.
	Unit string
}

// tornadoColor is the bars' colour: the first site colour, as the figure
// is about one metric of the whole system.
var tornadoColor = siteColors[0]

// TornadoFigure draws a ranking of the unknowns as horizontal bars, the
// factor that moves the metric most at the top: μ* with its bootstrap
// interval and σ as a marker for a Morris ranking, or the total-order index
// with its interval and the first-order index as a marker for a Sobol one.
func TornadoFigure(r sensitivity.Ranking, l TornadoLabels) *Figure {
	n := len(r.Factors)
	fig := &Figure{
		Name:   KindTornado,
		Kind:   KindTornado,
		Title:  "Which unknowns move " + l.Metric,
		Width:  10 * vg.Inch,
		Height: vg.Length(max(3.5, 1.9+0.32*float64(n))) * vg.Inch,
	}
	per := ""
	if l.Unit != "" {
		per = " (" + l.Unit + ")"
	}
	var xLabel, barName, markName string
	var mark draw.GlyphStyle
	switch r.Measure {
	case sensitivity.ByTotalOrder:
		xLabel = "total-order Sobol index: share of the variance of " + l.Metric
		barName, markName = "total-order index", "first-order index"
		mark = draw.GlyphStyle{Color: black, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		fig.Caption = fmt.Sprintf("Total-order Sobol indices of %s for %d uncertain parameters, largest first, "+
			"with 95%% bootstrap intervals: the share of the metric's variance over the priors that would go "+
			"if the parameter were known, alone and through its interactions. Dots: first-order indices "+
			"(the parameter alone). A parameter with an index near 0 can be fixed anywhere in its range.", l.Metric, n)
	default:
		xLabel = "μ*: mean absolute elementary effect on " + l.Metric + per + " per prior range"
		barName, markName = "μ* (mean |elementary effect|)", "σ (spread of the effects)"
		mark = draw.GlyphStyle{Color: black, Radius: vg.Points(4.5), Shape: draw.PyramidGlyph{}}
		fig.Caption = fmt.Sprintf("Morris screening of %s for %d uncertain parameters, largest μ* first, "+
			"with 95%% bootstrap intervals over the trajectories. μ* is the mean absolute change in the metric "+
			"per unit of a parameter's prior range; σ (triangles) is the spread of those changes: "+
			"large when the parameter acts non-linearly or through interactions.", l.Metric, n)
	}
	panel := newPanel("", xLabel, "")
	categories := make([]string, n)
	values := make([]Interval, n)
	var marks plotter.XYs
	for i, f := range r.Factors {
		categories[i] = f.Name
		values[i] = Interval{Mean: f.Value, Low: f.Low, High: f.High}
		if finite(f.Other) {
			marks = append(marks, plotter.XY{X: f.Other, Y: float64(n - 1 - i)})
		}
	}
	groupedBars(panel, categories, []barSeries{{values: values, color: tornadoColor}}, true)
	if len(marks) > 0 {
		if s, err := plotter.NewScatter(marks); err == nil {
			s.GlyphStyle = mark
			panel.Add(s)
		}
	}
	zeroLine(panel, true)
	legend := []legendItem{
		{label: barName, thumbs: []plot.Thumbnailer{boxThumb{fill: tornadoColor}}},
		{label: "95% bootstrap interval", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 1.1)}}},
		{label: markName, thumbs: []plot.Thumbnailer{glyphThumb{mark}}},
	}
	lay := &layout{title: fig.Title, legend: legend, rows: [][]*plot.Plot{{panel}}, width: fig.Width, height: fig.Height}
	fig.draw = lay.draw
	return fig
}
