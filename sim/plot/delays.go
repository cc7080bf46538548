package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Delay causes of runs written before daily.csv split delayed bed-days by
// reason: a medically safe patient on pathway 1–3 first waits for the
// transfer-of-care hub to arrange their discharge, then for a place on
// their pathway, in an acute bed throughout. Newer runs name their causes
// in daily.csv's delayed_<reason> columns (hub, d2a, acceptance, p1, p2,
// p3, p0).
const (
	CauseHub = "hub"
	CauseP1  = "p1"
	CauseP2  = "p2"
	CauseP3  = "p3"
)

// DelayCauses are the causes the delays figure shows for runs without
// delayed_<reason> columns, in order.
var DelayCauses = []string{CauseHub, CauseP1, CauseP2, CauseP3}

// DelayFigure is what the delays figure plots for one scenario: delayed
// bed-days after the warm-up per site, in total and by what the patients
// were waiting for, and the beds held by delayed patients each day.
type DelayFigure struct {
	Group Group
	Reps  int
	timeAxis
	// Causes name the entries of each site's ByCause: the reasons of
	// daily.csv's delayed_<reason> columns that hold any delay at some
	// site, in file order; for older runs, DelayCauses.
	Causes []string
	Sites  []DelaySite
}

// DelaySite is one site's delays.
type DelaySite struct {
	Site string
	// Total is the delayed bed-days after the warm-up (mean and 95% CI
	// over replications): medically safe patients still in a bed.
	Total Interval
	// ByCause splits Total by the figure's Causes. From delayed_<reason>
	// columns the split is exact; in older runs it is the bed-days waiting
	// for a p1, p2 or p3 place (the pathway's queue, summed over days), and
	// the rest, waiting for the hub to arrange the discharge.
	ByCause []Interval
	// Daily is the beds held by delayed patients each day.
	Daily Band
}

// DelayData computes the delays figure's series for group g from
// daily.csv.
func DelayData(r *Run, g Group) (DelayFigure, error) {
	f := DelayFigure{Group: g}
	gd, ax, err := r.dailyOf(g)
	if gd == nil || err != nil {
		return f, err
	}
	f.timeAxis = ax
	n := len(gd.reps)
	f.Reps = n
	byReason := len(r.delayReasons) > 0
	var split [][][]float64 // [site][cause][rep]
	for _, site := range r.Sites {
		beds := gd.units[siteUnit{site, "beds"}]
		if beds == nil {
			continue
		}
		w := reportWeights(len(beds.delayed), f.WarmupDays, f.HorizonDays)
		total := perRep(beds.delayed, w, n)
		f.Sites = append(f.Sites, DelaySite{Site: site, Total: intervalOf(total), Daily: bandOf(beds.delayed)})
		if byReason {
			causes := make([][]float64, len(r.delayReasons))
			for k := range causes {
				if k < len(beds.byReason) {
					causes[k] = perRep(beds.byReason[k], w, n)
				} else {
					causes[k] = make([]float64, n)
				}
			}
			split = append(split, causes)
			continue
		}
		hub := append([]float64(nil), total...)
		causes := [][]float64{hub}
		for _, pw := range []string{CauseP1, CauseP2, CauseP3} {
			u := gd.units[siteUnit{site, pw}]
			if u == nil {
				causes = append(causes, make([]float64, n))
				continue
			}
			waits := perRep(u.delayed, reportWeights(len(u.delayed), f.WarmupDays, f.HorizonDays), n)
			for k := range hub {
				hub[k] -= waits[k]
			}
			causes = append(causes, waits)
		}
		split = append(split, causes)
	}
	f.Causes = DelayCauses
	keep := func(int) bool { return true }
	if byReason {
		// Only the reasons some site has: a scenario without interim
		// places or acceptance windows has no bars for them.
		f.Causes = nil
		kept := map[int]bool{}
		for k, reason := range r.delayReasons {
			for _, causes := range split {
				if slices.ContainsFunc(causes[k], func(v float64) bool { return v != 0 && !math.IsNaN(v) }) {
					kept[k] = true
					f.Causes = append(f.Causes, reason)
					break
				}
			}
		}
		keep = func(k int) bool { return kept[k] }
	}
	for i, causes := range split {
		for k, xs := range causes {
			if keep(k) {
				f.Sites[i].ByCause = append(f.Sites[i].ByCause, intervalOf(xs))
			}
		}
	}
	return f, nil
}

// causeLabel names a delay cause on the figure.
func causeLabel(c string, legacy bool) string {
	switch c {
	case CauseHub:
		if legacy {
			return "hub arranging discharge"
		}
		return "hub assessment"
	case "d2a":
		return "interim (D2A) place"
	case "acceptance":
		return "provider not accepting"
	case "p0":
		return "going home (P0)"
	case CauseP1, CauseP2, CauseP3:
		return "waiting for a " + strings.ToUpper(c) + " place"
	}
	return c
}

// causeColor is a delay cause's colour in the stacked bars: pathways keep
// their colours of the other figures.
func causeColor(c string) color.Color {
	switch c {
	case CauseHub:
		return color.RGBA{0x33, 0x22, 0x88, 0xFF} // indigo
	case "d2a":
		return color.RGBA{0x44, 0xAA, 0x99, 0xFF} // teal
	case "acceptance":
		return color.RGBA{0xDD, 0xCC, 0x77, 0xFF} // sand
	case "p0", CauseP1, CauseP2, CauseP3:
		return pathwayColor(c)
	}
	return grey(0xAA)
}

func delayFigure(r *Run, d DelayFigure) *Figure {
	fig := &Figure{
		Kind:   KindDelays,
		Title:  "Delayed discharges: " + d.Group.Label(r.KeyCols),
		Width:  10 * vg.Inch,
		Height: 8.6 * vg.Inch,
	}
	legacy := len(r.delayReasons) == 0
	what := "medically safe patients still in a bed, by what they were waiting for"
	if legacy {
		what = "medically safe patients waiting to leave on pathways 1–3: days waiting for the transfer-of-care hub " +
			"to arrange the discharge and days waiting for a place on each pathway"
	}
	fig.Caption = fmt.Sprintf("Top: bed-days used by %s, after the warm-up, by site. Each bar stacks the causes' "+
		"means over %d replications; the whisker is the 95%% confidence interval of the site's total. "+
		"Bottom: beds held by such patients each day (median and 5th–95th percentile of the replications).", what, d.Reps)

	top := newPanel("Delayed bed-days after the warm-up", "", "delayed bed-days")
	var legend []legendItem
	var sites []string
	var stacks [][]float64
	var totals []Interval
	for _, s := range d.Sites {
		sites = append(sites, s.Site)
		seg := make([]float64, len(s.ByCause))
		for k, c := range s.ByCause {
			seg[k] = c.Mean
		}
		stacks = append(stacks, seg)
		totals = append(totals, s.Total)
	}
	colors := make([]color.Color, len(d.Causes))
	for k, c := range d.Causes {
		colors[k] = causeColor(c)
	}
	ymax := stackedBars(top, sites, stacks, colors, totals)
	top.Y.Min = 0
	top.Y.Max = ymax * 1.08
	for k, c := range d.Causes {
		legend = append(legend, legendItem{label: causeLabel(c, legacy), thumbs: []plot.Thumbnailer{boxThumb{fill: colors[k]}}})
	}

	bottom := newPanel("Beds held by delayed patients each day", "", "beds")
	ymax = 0.0
	for _, s := range d.Sites {
		ymax = max(ymax, maxOf(s.Daily.P95))
	}
	if !finite(ymax) || ymax <= 0 {
		ymax = 1
	}
	ymax *= 1.06
	d.warmup(bottom, ymax)
	days := 0
	for _, s := range d.Sites {
		col := SiteColor(r.Sites, s.Site)
		days = max(days, addBand(bottom, s.Daily, col, 0.22, 1.5))
		legend = append(legend, legendItem{
			label:  fmt.Sprintf("%s: %s bed-days in total", s.Site, trimFloat(roundSig(s.Total.Mean, 3))),
			thumbs: []plot.Thumbnailer{lineThumb{solid(col, 1.5)}},
		})
	}
	bottom.Y.Min, bottom.Y.Max = 0, ymax
	d.xAxis(bottom, days)

	mid := grey(0x66)
	legend = append(legend,
		legendItem{label: "95% CI of the total", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 1.1)}}},
		legendItem{label: "daily median and 5th–95th percentile", thumbs: []plot.Thumbnailer{boxThumb{fill: translucent(mid, 0.3)}, lineThumb{solid(mid, 1.5)}}},
	)
	l := d.layout(fig, legend, [][]*plot.Plot{{top}, {bottom}})
	l.padY = vg.Points(22)
	fig.draw = l.draw
	return fig
}
