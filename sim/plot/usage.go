package plot

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// KindUsage is the resource-usage figure: for every finite service, in
// use, queue and capacity over time, as simmer.plot draws a resource's
// usage.
const KindUsage = "usage"

// usageUnits are the finite services the usage figure draws, in order:
// daily.csv's units other than beds (the occupancy figure's), with what
// their places are called.
var usageUnits = []struct{ unit, name, places string }{
	{"sdec", "SDEC", "SDEC chairs"},
	{"virtual_ward", "Virtual ward", "virtual beds"},
	{"hub", "Transfer-of-care hub", "hub team"},
	{"d2a", "Discharge to assess", "interim places"},
	{"p1", "P1: home with support", "P1 places"},
	{"p2", "P2: rehabilitation bed", "P2 beds"},
	{"p3", "P3: care home placement", "P3 placements"},
	{"utc", "Urgent treatment centre", "UTC clinicians"},
	{"ed", "Emergency department", "ED spaces"},
}

// UsageFigure is what the usage figure plots for one scenario: each
// finite service of each site.
type UsageFigure struct {
	Group Group
	Reps  int
	timeAxis
	Services []UsageService
}

// UsageService is one service's row of panels, one per site that has it.
type UsageService struct {
	Unit, Name, Places string
	Sites              []UsageSite
}

// UsageSite is one site's panel of a service: places in use and the
// queue for them (daily means across replications), and the capacity
// (nil when the manifest does not give it).
type UsageSite struct {
	Site     string
	InUse    Band
	Queue    Band
	Capacity []float64
	// HasQueue is false for a service nobody waits for (a full virtual
	// ward sends patients to a bed instead).
	HasQueue bool
}

// UsageData computes the usage figure's series for group g.
func UsageData(r *Run, g Group) (UsageFigure, error) {
	f := UsageFigure{Group: g}
	gd, ax, err := r.dailyOf(g)
	if gd == nil || err != nil {
		return f, err
	}
	f.Reps, f.timeAxis = len(gd.reps), ax
	caps, err := r.capacitiesOf(g)
	if err != nil {
		return f, err
	}
	for _, uu := range usageUnits {
		svc := UsageService{Unit: uu.unit, Name: uu.name, Places: uu.places}
		for _, site := range r.Sites {
			u := gd.units[siteUnit{site, uu.unit}]
			if u == nil {
				continue
			}
			s := UsageSite{Site: site, InUse: bandOf(u.occupied), Queue: bandOf(u.delayed), Capacity: caps.daily(site, uu.unit, len(u.occupied))}
			s.HasQueue = maxOf(s.Queue.P95) > 0
			svc.Sites = append(svc.Sites, s)
		}
		if len(svc.Sites) > 0 {
			f.Services = append(f.Services, svc)
		}
	}
	return f, nil
}

// queueColor draws queues in usage panels, apart from the sites' colours.
var queueColor = siteColors[4] // vermilion

func usageFigure(r *Run, d UsageFigure, zoom bool) *Figure {
	const panelH = 1.9
	cols := 0
	for _, s := range d.Services {
		cols = max(cols, len(s.Sites))
	}
	fig := &Figure{
		Kind:   KindUsage,
		Title:  "Services in use, queues and capacity each day: " + d.Group.Label(r.KeyCols),
		Width:  10 * vg.Inch,
		Height: vg.Length(1.1+panelH*float64(len(d.Services))) * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("Each finite service of each site, as a daily mean, in the style of simmer.plot's resource usage: "+
		"places in use (the line is the median of %d replications, the band the 5th to 95th percentile), "+
		"the queue waiting for a place (median, %s line, where anyone waits) and the capacity (dashed, following its schedule; "+
		"its value is in each panel's title). "+
		"SDEC's capacity is its chairs while open, so a day's mean use stays below it when SDEC closes at night; "+
		"the hub's is its team, and a referral being assessed holds a member overnight; "+
		"a virtual ward's capacity is the whole ward, shared by the sites it serves, and its use is the site's own patients; "+
		"an ED's places are its cubicles and corridor spaces and its queue the ambulance patients waiting for handover (walk-ins waiting for a cubicle are not drawn). ", d.Reps, "vermilion")
	if zoom {
		fig.Caption += "Each panel's axis is zoomed to the range its lines use; it does not start at zero. "
	}
	fig.Caption += d.warmupCaption()
	var rows [][]*plot.Plot
	for _, svc := range d.Services {
		row := make([]*plot.Plot, 0, cols)
		for _, s := range svc.Sites {
			col := SiteColor(r.Sites, s.Site)
			// The y label names the service; the title the site and
			// capacity, short enough for three panels abreast.
			title := s.Site
			if lo, hi := minMax(s.Capacity); finite(lo) {
				if lo == hi {
					title += fmt.Sprintf(" (%s)", trimFloat(lo))
				} else {
					title += fmt.Sprintf(" (%s–%s)", trimFloat(lo), trimFloat(hi))
				}
			}
			p := newPanel(title, "", svc.Places)
			p.Title.TextStyle.Color = col
			series := [][]float64{s.InUse.P05, s.InUse.P95, s.Capacity}
			if s.HasQueue {
				series = append(series, s.Queue.P50)
			}
			lo, hi := zoomRange(zoom, series...)
			d.warmup(p, hi)
			days := addBand(p, s.InUse, col, 0.28, 1.4)
			if s.HasQueue {
				if l, ok := line(midDay(s.Queue.Day), s.Queue.P50, solid(queueColor, 1.1)); ok {
					p.Add(l)
				}
			}
			addCapacity(p, s.InUse.Day, s.Capacity, dashed(black, 1.1))
			p.Y.Min, p.Y.Max = lo, hi
			d.xAxis(p, days)
			if dt, ok := p.X.Tick.Marker.(dateTicks); ok && cols > 1 {
				dt.every = cols
				p.X.Tick.Marker = dt
			}
			row = append(row, p)
		}
		rows = append(rows, row)
	}
	mid := grey(0x66)
	fig.draw = d.layout(fig, []legendItem{
		{label: fmt.Sprintf("in use: median and 5th–95th percentile of %d replications", d.Reps),
			thumbs: []plot.Thumbnailer{boxThumb{fill: translucent(mid, 0.3)}, lineThumb{solid(mid, 1.4)}}},
		{label: "queue (median)", thumbs: []plot.Thumbnailer{lineThumb{solid(queueColor, 1.1)}}},
		{label: "capacity", thumbs: []plot.Thumbnailer{lineThumb{dashed(black, 1.1)}}},
	}, rows).draw
	return fig
}
