package plot

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Delay causes: a medically safe patient on pathway 1–3 first waits for
// the transfer-of-care hub to arrange their discharge, then for a place on
// their pathway, in an acute bed throughout.
const (
	CauseHub = "hub"
	CauseP1  = "p1"
	CauseP2  = "p2"
	CauseP3  = "p3"
)

// DelayCauses are the causes in the order the delays figure shows them.
var DelayCauses = []string{CauseHub, CauseP1, CauseP2, CauseP3}

// DelayFigure is what the delays figure plots for one scenario: delayed
// bed-days after the warm-up per site, in total and by what the patients
// were waiting for, and the beds held by delayed patients each day.
type DelayFigure struct {
	Group Group
	Reps  int
	timeAxis
	Sites []DelaySite
}

// DelaySite is one site's delays.
type DelaySite struct {
	Site string
	// Total is the delayed bed-days after the warm-up (mean and 95% CI
	// over replications): medically safe p1–p3 patients still in a bed.
	Total Interval
	// ByCause splits Total by DelayCauses: bed-days waiting for a p1, p2
	// or p3 place (the pathway's queue, summed over days), and the rest,
	// waiting for the hub to arrange the discharge.
	ByCause []Interval
	// Daily is the beds held by delayed patients each day.
	Daily Band
}

// DelayData computes the delays figure's series for group g from
// daily.csv.
func DelayData(r *Run, g Group) (DelayFigure, error) {
	f := DelayFigure{Group: g}
	gd := r.daily[g.ID()]
	if gd == nil {
		return f, nil
	}
	var err error
	if f.timeAxis, err = r.timeAxis(g); err != nil {
		return f, err
	}
	n := len(gd.reps)
	f.Reps = n
	for _, site := range r.Sites {
		beds := gd.units[siteUnit{site, "beds"}]
		if beds == nil {
			continue
		}
		w := reportWeights(len(beds.delayed), f.WarmupDays, f.HorizonDays)
		total := perRep(beds.delayed, w, n)
		hub := append([]float64(nil), total...)
		s := DelaySite{Site: site, Total: intervalOf(total), Daily: bandOf(beds.delayed)}
		byPathway := make([]Interval, 3)
		for i, pw := range []string{"p1", "p2", "p3"} {
			u := gd.units[siteUnit{site, pw}]
			if u == nil {
				byPathway[i] = intervalOf(make([]float64, n))
				continue
			}
			waits := perRep(u.delayed, reportWeights(len(u.delayed), f.WarmupDays, f.HorizonDays), n)
			for k := range hub {
				hub[k] -= waits[k]
			}
			byPathway[i] = intervalOf(waits)
		}
		s.ByCause = append([]Interval{intervalOf(hub)}, byPathway...)
		f.Sites = append(f.Sites, s)
	}
	return f, nil
}

// causeLabel names a delay cause on the figure.
func causeLabel(c string) string {
	switch c {
	case CauseHub:
		return "hub arranging discharge"
	case CauseP1, CauseP2, CauseP3:
		return "waiting for a " + strings.ToUpper(c) + " place"
	}
	return c
}

func delayFigure(r *Run, d DelayFigure) *Figure {
	fig := &Figure{
		Kind:   KindDelays,
		Title:  "Delayed discharges: " + d.Group.Label(r.KeyCols),
		Width:  10 * vg.Inch,
		Height: 8.6 * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("Top: bed-days used by medically safe patients waiting to leave on pathways 1–3, after the warm-up, "+
		"by site: all causes, then split into days waiting for the transfer-of-care hub to arrange the discharge and days "+
		"waiting for a place on each pathway. Bars are means of %d replications with 95%% confidence intervals. "+
		"Bottom: beds held by such patients each day (median and 5th–95th percentile of the replications).", d.Reps)

	cats := []string{"all causes"}
	for _, c := range DelayCauses {
		cats = append(cats, causeLabel(c))
	}
	top := newPanel("Delayed bed-days after the warm-up", "", "delayed bed-days")
	var series []barSeries
	var legend []legendItem
	for _, s := range d.Sites {
		col := SiteColor(r.Sites, s.Site)
		series = append(series, barSeries{values: append([]Interval{s.Total}, s.ByCause...), color: col})
		legend = append(legend, legendItem{
			label:  fmt.Sprintf("%s: %s in total", s.Site, trimFloat(roundSig(s.Total.Mean, 3))),
			thumbs: []plot.Thumbnailer{boxThumb{fill: col}},
		})
	}
	groupedBars(top, cats, series, false)
	top.Y.Min = 0
	top.Y.Max = maxWhisker(series) * 1.08

	bottom := newPanel("Beds held by delayed patients each day", "", "beds")
	ymax := 0.0
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
		x := midDay(s.Daily.Day)
		days = max(days, len(x))
		if poly, ok := band(x, s.Daily.P05, s.Daily.P95, translucent(col, 0.22)); ok {
			bottom.Add(poly)
		}
		if l, ok := line(x, s.Daily.P50, solid(col, 1.5)); ok {
			bottom.Add(l)
		}
	}
	bottom.Y.Min, bottom.Y.Max = 0, ymax
	d.xAxis(bottom, days)

	mid := grey(0x66)
	legend = append(legend,
		legendItem{label: "95% CI", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 1.1)}}},
		legendItem{label: "daily median and 5th–95th percentile", thumbs: []plot.Thumbnailer{boxThumb{fill: translucent(mid, 0.3)}, lineThumb{solid(mid, 1.5)}}},
	)
	if d.WarmupDays > 0 {
		legend = append(legend, legendItem{label: "warm-up (excluded)", thumbs: []plot.Thumbnailer{boxThumb{fill: warmupShade}}})
	}
	l := &layout{title: fig.Title, note: d.note(), legend: legend,
		rows: [][]*plot.Plot{{top}, {bottom}}, width: fig.Width, height: fig.Height, padY: vg.Points(22)}
	fig.draw = l.draw
	return fig
}

// maxWhisker is the largest upper end (or mean) of the series' values.
func maxWhisker(series []barSeries) float64 {
	m := 0.0
	for _, s := range series {
		for _, v := range s.values {
			for _, x := range []float64{v.Mean, v.High} {
				if finite(x) && x > m {
					m = x
				}
			}
		}
	}
	if m == 0 {
		m = 1
	}
	return m
}
