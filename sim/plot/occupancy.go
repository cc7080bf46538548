package plot

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// OccupancyFigure is what the occupancy figure plots for one scenario:
// each site's G&A beds in use per day across replications, against the
// bed capacity.
type OccupancyFigure struct {
	Group Group
	Reps  int
	timeAxis
	Sites []OccupancySite
}

// OccupancySite is one site's panel.
type OccupancySite struct {
	Site     string
	Occupied Band
	// Capacity is the day's capacity (the time-weighted mean of its
	// schedule); nil when the manifest does not give it.
	Capacity []float64
}

// OccupancyData computes the occupancy figure's series for group g.
func OccupancyData(r *Run, g Group) (OccupancyFigure, error) {
	f := OccupancyFigure{Group: g}
	gd, ax, err := r.dailyOf(g)
	if gd == nil || err != nil {
		return f, err
	}
	f.Reps, f.timeAxis = len(gd.reps), ax
	caps, err := r.capacitiesOf(g)
	if err != nil {
		return f, err
	}
	for _, site := range r.Sites {
		if u := gd.units[siteUnit{site, "beds"}]; u != nil {
			f.Sites = append(f.Sites, OccupancySite{Site: site, Occupied: bandOf(u.occupied), Capacity: caps.daily(site, "beds", len(u.occupied))})
		}
	}
	return f, nil
}

// xAxis sets p's x axis to days since the start, labelled with dates when
// the start is known.
func (ax timeAxis) xAxis(p *plot.Plot, days int) {
	p.X.Min, p.X.Max = 0, float64(days)
	if ax.HorizonDays > 0 {
		p.X.Max = ax.HorizonDays
	}
	if t, err := time.Parse(time.DateOnly, ax.Start); err == nil {
		p.X.Tick.Marker = dateTicks{start: t}
		p.X.Label.Text = ""
		return
	}
	p.X.Label.Text = "day of the run"
}

// warmup shades the warm-up period of p up to height top.
func (ax timeAxis) warmup(p *plot.Plot, top float64) {
	if ax.WarmupDays > 0 {
		p.Add(rect(0, ax.WarmupDays, 0, top, warmupShade))
	}
}

// midDay shifts day numbers to the middle of their days.
func midDay(days []float64) []float64 {
	x := make([]float64, len(days))
	for i, d := range days {
		x[i] = d + 0.5
	}
	return x
}

func occupancyFigure(r *Run, d OccupancyFigure, zoom bool) *Figure {
	const panelH = 2.35
	fig := &Figure{
		Kind:   KindOccupancy,
		Title:  "Beds in use each day, by site: " + d.Group.Label(r.KeyCols),
		Width:  10 * vg.Inch,
		Height: vg.Length(0.95+panelH*float64(len(d.Sites))) * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("General and acute beds in use at each site, as a daily mean: the line is the median of %d replications "+
		"and the shaded band holds the middle 90%% of them (5th to 95th percentile). The dashed line is the bed capacity. ", d.Reps)
	fig.Caption += d.warmupCaption()
	var rows [][]*plot.Plot
	for _, s := range d.Sites {
		col := SiteColor(r.Sites, s.Site)
		title := s.Site
		if lo, hi := minMax(s.Capacity); finite(lo) {
			if lo == hi {
				title += fmt.Sprintf(" (%s beds)", trimFloat(lo))
			} else {
				title += fmt.Sprintf(" (%s–%s beds)", trimFloat(lo), trimFloat(hi))
			}
		}
		p := newPanel(title, "", "beds in use")
		p.Title.TextStyle.Color = col
		bottom, top := zoomRange(zoom, s.Occupied.P05, s.Occupied.P95, s.Capacity)
		d.warmup(p, top)
		days := addBand(p, s.Occupied, col, 0.28, 1.6)
		addCapacity(p, s.Occupied.Day, s.Capacity, dashed(black, 1.3))
		p.Y.Min, p.Y.Max = bottom, top
		d.xAxis(p, days)
		rows = append(rows, []*plot.Plot{p})
	}
	mid := grey(0x66)
	fig.draw = d.layout(fig, []legendItem{
		{label: fmt.Sprintf("median and 5th–95th percentile of %d replications", d.Reps),
			thumbs: []plot.Thumbnailer{boxThumb{fill: translucent(mid, 0.3)}, lineThumb{solid(mid, 1.6)}}},
		{label: "bed capacity", thumbs: []plot.Thumbnailer{lineThumb{dashed(black, 1.3)}}},
	}, rows).draw
	return fig
}

// note is the line under a time figure's title.
func (ax timeAxis) note() string {
	s := ""
	if ax.Start != "" {
		s = "Start " + ax.Start
	}
	if ax.HorizonDays > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%s days reported after a %s-day warm-up", trimFloat(ax.HorizonDays-ax.WarmupDays), trimFloat(ax.WarmupDays))
	}
	return s
}

// stepX and stepY turn daily values into a step line: day d's value from d
// to d+1.
func stepX(days []float64) []float64 {
	x := make([]float64, 0, 2*len(days))
	for _, d := range days {
		x = append(x, d, d+1)
	}
	return x
}

func stepY(v []float64) []float64 {
	y := make([]float64, 0, 2*len(v))
	for _, c := range v {
		y = append(y, c, c)
	}
	return y
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	for _, x := range v {
		if !finite(x) {
			continue
		}
		if !(x >= lo) {
			lo = x
		}
		if !(x <= hi) {
			hi = x
		}
	}
	return lo, hi
}

// trimFloat writes v with up to 2 decimals and no trailing zeros.
func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return groupThousands(s)
}
