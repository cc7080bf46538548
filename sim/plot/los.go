package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/flowsim/flowsim/sim/stats"
)

// Sizes of the length-of-stay summaries.
const (
	losBins   = 40
	losPoints = 120 // ECDF evaluation points
)

// LOSFigure is what the length-of-stay figure plots for one scenario: the
// stays of patients who arrived after the warm-up and left a bed by the
// horizon (from patients.csv), by site and by discharge pathway.
type LOSFigure struct {
	Group Group
	// LogX puts the stays on a logarithmic axis; stays of zero days are
	// then left out and counted in Zero.
	LogX       bool
	WarmupDays float64
	BySite     LOSPanel
	ByPathway  LOSPanel
}

// LOSPanel is a histogram and an ECDF of stays, one curve per group.
type LOSPanel struct {
	// By is "site" or "pathway".
	By string
	// Edges are the histogram's bin edges in days, shared by the groups:
	// equal widths on the axis drawn (linear, or logarithmic with LogX).
	Edges  []float64
	Groups []LOSGroup
}

// LOSGroup is one site's or pathway's stays.
type LOSGroup struct {
	Name string
	// N counts the stays; Zero the zero-day stays left out on a log axis.
	N, Zero           int
	Mean, Median, P95 float64
	// MeanShare is the share of stays at most the mean.
	MeanShare float64
	// Percent is the share of the group's stays in each histogram bin, in
	// percent; Above the share beyond the last edge (not drawn).
	Percent []float64
	Above   float64
	// ECDFX and ECDFY trace the empirical distribution function: the share
	// of stays at most ECDFX[i] days.
	ECDFX, ECDFY []float64
}

// LOSData computes the length-of-stay figure's series for group g.
func LOSData(r *Run, g Group, logX bool) (LOSFigure, error) {
	f := LOSFigure{Group: g, LogX: logX, WarmupDays: r.Manifest.WarmupDays}
	if err := r.loadPatients(); err != nil {
		return f, err
	}
	gp := r.patients[g.ID()]
	if gp == nil {
		return f, nil
	}
	bySite := map[string][]float64{}
	byPathway := map[string][]float64{}
	var all []float64
	for _, s := range gp.stays {
		if !finite(s.los) || !(s.arrived >= f.WarmupDays) {
			continue
		}
		bySite[s.site] = append(bySite[s.site], s.los)
		byPathway[s.pathway] = append(byPathway[s.pathway], s.los)
		all = append(all, s.los)
	}
	if len(all) == 0 {
		return f, nil
	}
	slices.Sort(all)
	edges := losEdges(all, logX)
	f.BySite = losPanel("site", bySite, edges, logX)
	f.ByPathway = losPanel("pathway", byPathway, edges, logX)
	return f, nil
}

// losEdges returns histogram edges for the pooled sorted stays: from 0 to
// the 99th percentile, or on a log axis from the 0.5th to the 99.5th
// percentile of the positive stays.
func losEdges(sorted []float64, logX bool) []float64 {
	edges := make([]float64, losBins+1)
	if !logX {
		hi := stats.Quantile(sorted, 0.99)
		if hi <= 0 {
			hi = sorted[len(sorted)-1]
		}
		if hi <= 0 {
			hi = 1
		}
		for i := range edges {
			edges[i] = hi * float64(i) / losBins
		}
		return edges
	}
	i, _ := slices.BinarySearchFunc(sorted, 0.0, func(v, t float64) int {
		if v <= t {
			return -1
		}
		return 1
	})
	pos := sorted[i:]
	if len(pos) == 0 {
		pos = []float64{1}
	}
	lo, hi := math.Log10(stats.Quantile(pos, 0.005)), math.Log10(stats.Quantile(pos, 0.995))
	if hi-lo < 1e-9 {
		lo, hi = lo-0.5, hi+0.5
	}
	for i := range edges {
		edges[i] = math.Pow(10, lo+(hi-lo)*float64(i)/losBins)
	}
	return edges
}

func losPanel(by string, groups map[string][]float64, edges []float64, logX bool) LOSPanel {
	p := LOSPanel{By: by, Edges: edges}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	slices.Sort(names)
	lo, hi := edges[0], edges[len(edges)-1]
	xs := make([]float64, losPoints)
	for i := range xs {
		t := float64(i) / (losPoints - 1)
		if logX {
			xs[i] = math.Pow(10, math.Log10(lo)+t*(math.Log10(hi)-math.Log10(lo)))
		} else {
			xs[i] = lo + t*(hi-lo)
		}
	}
	for _, name := range names {
		v := groups[name]
		slices.Sort(v)
		g := LOSGroup{Name: name, N: len(v), Percent: make([]float64, len(edges)-1), ECDFX: xs, ECDFY: make([]float64, len(xs))}
		var t stats.Tally
		for _, x := range v {
			t.Add(x)
		}
		g.Mean, g.Median, g.P95 = t.Mean(), stats.Quantile(v, 0.5), stats.Quantile(v, 0.95)
		g.MeanShare = shareAtMost(v, g.Mean)
		for _, x := range v {
			if logX && x <= 0 {
				g.Zero++
				continue
			}
			if x < lo {
				continue // below the first edge: only on a log axis
			}
			i := binOf(edges, x)
			if i >= len(g.Percent) {
				if x == hi {
					i = len(g.Percent) - 1
				} else {
					g.Above++
					continue
				}
			}
			g.Percent[i]++
		}
		for i := range g.Percent {
			g.Percent[i] *= 100 / float64(len(v))
		}
		g.Above *= 100 / float64(len(v))
		for i, x := range xs {
			g.ECDFY[i] = shareAtMost(v, x)
		}
		p.Groups = append(p.Groups, g)
	}
	return p
}

// binOf returns the bin of x: the i with edges[i] <= x < edges[i+1].
func binOf(edges []float64, x float64) int {
	i, _ := slices.BinarySearchFunc(edges, x, func(e, t float64) int {
		if e <= t {
			return -1
		}
		return 1
	})
	return i - 1
}

// losColor colours a site by the site palette and a pathway by its own.
func losColor(r *Run, by, name string) color.RGBA {
	if by == "site" {
		return SiteColor(r.Sites, name)
	}
	return pathwayColor(name)
}

func losFigure(r *Run, d LOSFigure) *Figure {
	fig := &Figure{
		Kind:   KindLOS,
		Title:  "Length of stay in an acute bed: " + d.Group.Label(r.KeyCols),
		Width:  10 * vg.Inch,
		Height: 8.4 * vg.Inch,
	}
	axis := "days, linear axis"
	if d.LogX {
		axis = "days, logarithmic axis"
	}
	fig.Caption = fmt.Sprintf("Stays of patients admitted after the warm-up and discharged from the bed by the horizon "+
		"(from patients.csv), by site (top) and by discharge pathway (bottom). Left: share of stays per bin "+
		"(equal-width bins, %s; the longest 1%% lie beyond the axis). Right: the share of stays at most x days "+
		"(empirical distribution function); a circle marks each median and a triangle each mean.", axis)
	if d.LogX {
		fig.Caption += " Zero-day stays cannot be shown on a log axis and are left out of the histogram."
	}
	var rows [][]*plot.Plot
	var legend []legendItem
	for _, panel := range []LOSPanel{d.BySite, d.ByPathway} {
		title := "by site"
		if panel.By == "pathway" {
			title = "by discharge pathway"
		}
		hist := newPanel("Stays "+title, "length of stay ("+axis+")", "% of stays per bin")
		ecdf := newPanel("Cumulative share "+title, "length of stay ("+axis+")", "share of stays ≤ x")
		// On a log axis, plot log10 of the days (see log10Ticks).
		tx := func(v float64) float64 { return v }
		if d.LogX {
			tx = math.Log10
		}
		txs := func(vs []float64) []float64 {
			out := make([]float64, len(vs))
			for i, v := range vs {
				out[i] = tx(v)
			}
			return out
		}
		for _, g := range panel.Groups {
			col := losColor(r, panel.By, g.Name)
			x := make([]float64, 0, 2*len(g.Percent))
			y := make([]float64, 0, 2*len(g.Percent))
			for i, pc := range g.Percent {
				x = append(x, tx(panel.Edges[i]), tx(panel.Edges[i+1]))
				y = append(y, pc, pc)
			}
			if l, ok := line(x, y, solid(col, 1.6)); ok {
				hist.Add(l)
			}
			if l, ok := line(txs(g.ECDFX), g.ECDFY, solid(col, 1.6)); ok {
				ecdf.Add(l)
			}
			for _, m := range []struct {
				x, y  float64
				shape draw.GlyphDrawer
			}{{g.Median, 0.5, draw.CircleGlyph{}}, {g.Mean, g.MeanShare, draw.TriangleGlyph{}}} {
				if !finite(m.x) || m.x < g.ECDFX[0] || m.x > g.ECDFX[len(g.ECDFX)-1] || (d.LogX && m.x <= 0) {
					continue
				}
				s, err := plotter.NewScatter(plotter.XYs{{X: tx(m.x), Y: m.y}})
				if err != nil {
					continue
				}
				s.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: m.shape}
				ecdf.Add(s)
			}
			name := g.Name
			if panel.By == "pathway" {
				name = pathwayName(g.Name)
			}
			legend = append(legend, legendItem{
				label:  fmt.Sprintf("%s: median %s d, mean %s d (n=%s)", name, trimFloat(roundSig(g.Median, 3)), trimFloat(roundSig(g.Mean, 3)), groupThousands(fmt.Sprint(g.N))),
				thumbs: []plot.Thumbnailer{lineThumb{solid(col, 1.6)}},
			})
		}
		for _, p := range []*plot.Plot{hist, ecdf} {
			p.X.Min, p.X.Max = tx(panel.Edges[0]), tx(panel.Edges[len(panel.Edges)-1])
			if d.LogX {
				p.X.Tick.Marker = log10Ticks{}
			}
		}
		hist.Y.Min = 0
		ecdf.Y.Min, ecdf.Y.Max = 0, 1
		rows = append(rows, []*plot.Plot{hist, ecdf})
	}
	mid := grey(0x66)
	legend = append(legend,
		legendItem{label: "median", thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: mid, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}}}},
		legendItem{label: "mean", thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: mid, Radius: vg.Points(4), Shape: draw.TriangleGlyph{}}}}},
	)
	note := fmt.Sprintf("Patients admitted after the %s-day warm-up", trimFloat(d.WarmupDays))
	if d.LogX {
		zero := 0
		for _, g := range d.BySite.Groups {
			zero += g.Zero
		}
		if zero > 0 {
			note += fmt.Sprintf("; %s zero-day stays left out of the log axis", groupThousands(fmt.Sprint(zero)))
		}
	}
	l := &layout{title: fig.Title, note: note, legend: legend, rows: rows, width: fig.Width, height: fig.Height, padX: vg.Points(24), padY: vg.Points(20)}
	fig.draw = l.draw
	return fig
}

// shareAtMost returns the share of sorted that is at most x.
func shareAtMost(sorted []float64, x float64) float64 {
	k, _ := slices.BinarySearchFunc(sorted, x, func(e, t float64) int {
		if e <= t {
			return -1
		}
		return 1
	})
	return float64(k) / float64(len(sorted))
}
