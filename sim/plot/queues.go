package plot

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// QueueFigure is what the queues figure plots for one scenario: for each
// discharge pathway with a capacity, the patients waiting in an acute bed
// for a place, per site and day.
type QueueFigure struct {
	Group Group
	Reps  int
	timeAxis
	Pathways []QueuePathway
}

// QueuePathway is one pathway's panel.
type QueuePathway struct {
	Pathway string // p1, p2 or p3
	Sites   []QueueSite
}

// QueueSite is one site's queue for a pathway.
type QueueSite struct {
	Site    string
	Waiting Band
}

// QueueData computes the queues figure's series for group g.
func QueueData(r *Run, g Group) (QueueFigure, error) {
	f := QueueFigure{Group: g}
	gd, ax, err := r.dailyOf(g)
	if gd == nil || err != nil {
		return f, err
	}
	f.Reps, f.timeAxis = len(gd.reps), ax
	for _, pw := range []string{"p1", "p2", "p3"} {
		qp := QueuePathway{Pathway: pw}
		for _, site := range r.Sites {
			if u := gd.units[siteUnit{site, pw}]; u != nil {
				qp.Sites = append(qp.Sites, QueueSite{Site: site, Waiting: bandOf(u.delayed)})
			}
		}
		if len(qp.Sites) > 0 {
			f.Pathways = append(f.Pathways, qp)
		}
	}
	return f, nil
}

// pathwayName says what a discharge pathway is, in the NHS's terms.
func pathwayName(pw string) string {
	switch strings.ToLower(pw) {
	case "p0":
		return "P0: home, no new support"
	case "p1":
		return "P1: home with support"
	case "p2":
		return "P2: rehabilitation bed"
	case "p3":
		return "P3: care home placement"
	}
	return strings.ToUpper(pw)
}

func queueFigure(r *Run, d QueueFigure) *Figure {
	const panelH = 2.35
	fig := &Figure{
		Kind:   KindQueues,
		Title:  "Waiting for a discharge pathway place: " + d.Group.Label(r.KeyCols),
		Width:  10 * vg.Inch,
		Height: vg.Length(0.95+panelH*float64(len(d.Pathways))) * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("Medically safe patients whose discharge the hub has arranged, waiting in an acute bed for a place "+
		"on pathway 1, 2 or 3, as a daily mean, by site: the line is the median of %d replications and the band "+
		"the 5th to 95th percentile.", d.Reps)
	var rows [][]*plot.Plot
	var legend []legendItem
	seen := map[string]bool{}
	for _, qp := range d.Pathways {
		p := newPanel(pathwayName(qp.Pathway), "", "patients waiting")
		ymax := 0.0
		for _, s := range qp.Sites {
			ymax = max(ymax, maxOf(s.Waiting.P95))
		}
		if !finite(ymax) || ymax <= 0 {
			ymax = 1
		}
		ymax *= 1.06
		d.warmup(p, ymax)
		days := 0
		for _, s := range qp.Sites {
			col := SiteColor(r.Sites, s.Site)
			days = max(days, addBand(p, s.Waiting, col, 0.22, 1.5))
			if !seen[s.Site] {
				seen[s.Site] = true
				legend = append(legend, legendItem{label: s.Site, thumbs: []plot.Thumbnailer{
					boxThumb{fill: translucent(col, 0.22)}, lineThumb{solid(col, 1.5)}}})
			}
		}
		p.Y.Min, p.Y.Max = 0, ymax
		d.xAxis(p, days)
		rows = append(rows, []*plot.Plot{p})
	}
	legend = append(legend, legendItem{label: "line: median; band: 5th–95th percentile"})
	fig.draw = d.layout(fig, legend, rows).draw
	return fig
}
