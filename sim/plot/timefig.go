package plot

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// The parts the figures of daily series over time share: finding a
// group's daily rows, drawing a band and its median, a capacity step line,
// and the layout with the warm-up in the legend.

// dailyOf returns group g's daily rows and its time axis; gd is nil when
// daily.csv has none for g.
func (r *Run) dailyOf(g Group) (gd *groupDaily, ax timeAxis, err error) {
	if gd = r.daily[g.ID()]; gd == nil {
		return nil, ax, nil
	}
	ax, err = r.timeAxis(g)
	return gd, ax, err
}

// addBand draws b on p: the 5th–95th percentile band filled with col at
// opacity alpha, and the median as a line of width points, each value at
// the middle of its day. It returns the number of days drawn.
func addBand(p *plot.Plot, b Band, col color.RGBA, alpha, width float64) int {
	x := midDay(b.Day)
	if poly, ok := band(x, b.P05, b.P95, translucent(col, alpha)); ok {
		p.Add(poly)
	}
	if l, ok := line(x, b.P50, solid(col, width)); ok {
		p.Add(l)
	}
	return len(x)
}

// addCapacity draws a daily capacity (nil: none known) on p as a step
// line: day d's value from d to d+1.
func addCapacity(p *plot.Plot, days, capacity []float64, style draw.LineStyle) {
	if capacity == nil {
		return
	}
	if l, ok := line(stepX(days), stepY(capacity), style); ok {
		p.Add(l)
	}
}

// warmupCaption is the caption's sentence on the warm-up, if there is one.
func (ax timeAxis) warmupCaption() string {
	if ax.WarmupDays <= 0 {
		return ""
	}
	return fmt.Sprintf("The grey region is the %s-day warm-up, which every statistic leaves out.", trimFloat(ax.WarmupDays))
}

// layout lays fig out: its title, the time axis's note, the legend (with
// the warm-up's shading added when there is one) and the rows of panels.
func (ax timeAxis) layout(fig *Figure, legend []legendItem, rows [][]*plot.Plot) *layout {
	if ax.WarmupDays > 0 {
		legend = append(legend, legendItem{label: "warm-up (excluded)", thumbs: []plot.Thumbnailer{boxThumb{fill: warmupShade}}})
	}
	return &layout{title: fig.Title, note: ax.note(), legend: legend, rows: rows, width: fig.Width, height: fig.Height}
}
