package plot

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// scenarioColor is the colour of the i-th scenario of a comparison in
// figures that overlay them: the base dark grey, the alternatives the
// palette's colours in order.
func scenarioColor(i int) color.RGBA {
	if i == 0 {
		return grey(0x33)
	}
	return siteColors[(i-1)%len(siteColors)]
}

// zoomRange returns the y range of a panel showing values: from 0 to a
// little above the highest, or, zoomed, from a little below the lowest
// to a little above the highest, so that differences of a few beds near
// capacity show.
func zoomRange(zoom bool, values ...[]float64) (lo, hi float64) {
	top := maxOf(values...)
	if !finite(top) || top <= 0 {
		return 0, 1
	}
	if !zoom {
		return 0, top * 1.06
	}
	bottom := math.Inf(1)
	for _, v := range values {
		for _, x := range v {
			if finite(x) && x < bottom {
				bottom = x
			}
		}
	}
	pad := math.Max((top-bottom)*0.08, top*0.005)
	return math.Max(0, bottom-pad), top + pad
}

// overlaidOccupancyFigure draws the occupancy of every scenario of a
// comparison in one figure: one panel per site, each scenario's median
// and 5th–95th percentile band in its own colour, and each scenario's bed
// capacity dashed in the same colour.
func overlaidOccupancyFigure(r *Run, ds []OccupancyFigure, zoom bool) *Figure {
	const panelH = 2.35
	sites := map[string]bool{}
	var order []string
	for _, d := range ds {
		for _, s := range d.Sites {
			if !sites[s.Site] {
				sites[s.Site] = true
				order = append(order, s.Site)
			}
		}
	}
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Group.Label(r.KeyCols)
	}
	fig := &Figure{
		Kind:   KindOccupancy,
		Title:  "Beds in use each day, by site: " + strings.Join(names, " against "),
		Width:  10 * vg.Inch,
		Height: vg.Length(1.1+panelH*float64(len(order))) * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("General and acute beds in use at each site, as a daily mean, for every scenario of the comparison in its own colour: "+
		"the line is the median of the %d replications and the shaded band holds the middle 90%% of them (5th to 95th percentile). "+
		"The dashed lines are each scenario's bed capacity. The scenarios see the same patients (common random numbers), so the gap between the lines is the scenarios' difference. ", ds[0].Reps)
	if zoom {
		fig.Caption += "The beds axis is zoomed to the range the lines use; it does not start at zero. "
	}
	fig.Caption += ds[0].warmupCaption()
	var rows [][]*plot.Plot
	for _, site := range order {
		p := newPanel(site, "", "beds in use")
		var all [][]float64
		for _, d := range ds {
			for _, s := range d.Sites {
				if s.Site == site {
					all = append(all, s.Occupied.P05, s.Occupied.P95, s.Capacity)
				}
			}
		}
		lo, hi := zoomRange(zoom, all...)
		days := 0
		ds[0].warmup(p, hi)
		for i, d := range ds {
			for _, s := range d.Sites {
				if s.Site != site {
					continue
				}
				col := scenarioColor(i)
				days = max(days, addBand(p, s.Occupied, col, 0.2, 1.5))
				addCapacity(p, s.Occupied.Day, s.Capacity, dashed(col, 1.1))
			}
		}
		p.Y.Min, p.Y.Max = lo, hi
		ds[0].xAxis(p, days)
		rows = append(rows, []*plot.Plot{p})
	}
	var legend []legendItem
	for i, name := range names {
		col := scenarioColor(i)
		legend = append(legend, legendItem{label: name,
			thumbs: []plot.Thumbnailer{boxThumb{fill: translucent(col, 0.2)}, lineThumb{solid(col, 1.5)}}})
	}
	legend = append(legend, legendItem{label: fmt.Sprintf("median and 5th–95th percentile of %d replications; dashed: bed capacity", ds[0].Reps)})
	fig.draw = ds[0].layout(fig, legend, rows).draw
	return fig
}
