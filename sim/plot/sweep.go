package plot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/scenario"
)

// sweepMetrics are the sweep figure's panels, when summary.csv has them.
var sweepMetrics = []string{metric.BedDays, metric.DelayedBedDays, metric.OccupancyMean, metric.PathwayWaitDaysMean}

// SweepFigure is what the sweep figure plots: each metric against the
// first swept parameter, per site, with 95% intervals. With several swept
// parameters, each combination of the others is a series of its own.
type SweepFigure struct {
	// Param is the first swept YAML path: the x axis.
	Param string
	// Unit is the x unit when the values carry one ("days", "per day").
	Unit string
	// X are the positions of the parameter's values, Labels the values as
	// written. Numeric values (durations in days, rates per day) are
	// placed by value, others evenly.
	X      []float64
	Labels []string
	Panels []SweepPanel
}

// SweepPanel is one metric against the swept parameter.
type SweepPanel struct {
	Metric string
	Series []SweepSeries
}

// SweepSeries is one site (and combination of the other swept
// parameters): Values[i] is at X[i]; NaN where the point is missing.
type SweepSeries struct {
	Site   string
	Others string
	Values []Interval
}

// SweepData computes the sweep figure's series from summary.csv.
func SweepData(r *Run) SweepFigure {
	return sweepData(r, sweepMetrics, append(slices.Clone(r.Sites), SystemSite))
}

// sweepData computes the series of metrics at sites from summary.csv:
// one panel per metric that has rows, one series per site (and
// combination of the other swept parameters) that has rows.
func sweepData(r *Run, metrics, sites []string) SweepFigure {
	f := SweepFigure{}
	if len(r.KeyCols) == 0 {
		return f
	}
	f.Param = r.KeyCols[0]
	for _, g := range r.Groups {
		if !slices.Contains(f.Labels, g.Keys[0]) {
			f.Labels = append(f.Labels, g.Keys[0])
		}
	}
	f.X, f.Unit = sweepPositions(f.Labels)
	if f.Unit != "" || allNumbers(f.Labels) {
		// Order the points by value.
		idx := make([]int, len(f.X))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case f.X[a] < f.X[b]:
				return -1
			case f.X[a] > f.X[b]:
				return 1
			}
			return 0
		})
		x, labels := make([]float64, len(idx)), make([]string, len(idx))
		for i, j := range idx {
			x[i], labels[i] = f.X[j], f.Labels[j]
		}
		f.X, f.Labels = x, labels
	}
	var others []string
	for _, g := range r.Groups {
		o := otherKeys(r.KeyCols, g.Keys)
		if !slices.Contains(others, o) {
			others = append(others, o)
		}
	}
	for _, m := range metrics {
		p := SweepPanel{Metric: m}
		for _, o := range others {
			for _, site := range sites {
				s, ok := seriesOf(r.Summary, m, site, len(f.X), func(row SummaryRow) int {
					if otherKeys(r.KeyCols, row.Keys) != o {
						return -1
					}
					return slices.Index(f.Labels, row.Keys[0])
				})
				if ok {
					s.Others = o
					p.Series = append(p.Series, s)
				}
			}
		}
		if len(p.Series) > 0 {
			f.Panels = append(f.Panels, p)
		}
	}
	return f
}

// seriesOf returns the series of metric at site over n points from rows:
// at reports the point a row is at, or -1 for a row of another series.
// ok is false when no row is at any point.
func seriesOf(rows []SummaryRow, metric, site string, n int, at func(SummaryRow) int) (s SweepSeries, ok bool) {
	s = SweepSeries{Site: site, Values: make([]Interval, n)}
	for i := range s.Values {
		s.Values[i] = nan3()
	}
	for _, row := range rows {
		if row.Metric != metric || row.Site != site {
			continue
		}
		if i := at(row); i >= 0 {
			s.Values[i] = Interval{Mean: row.Mean, Low: row.CILow, High: row.CIHigh, N: row.N}
			ok = true
		}
	}
	return s, ok
}

// otherKeys labels the values of every swept parameter but the first.
func otherKeys(cols, keys []string) string {
	parts := make([]string, 0, len(keys))
	for i := 1; i < len(keys) && i < len(cols); i++ {
		parts = append(parts, cols[i]+"="+keys[i])
	}
	return strings.Join(parts, ", ")
}

func allNumbers(vals []string) bool {
	for _, v := range vals {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return false
		}
	}
	return len(vals) > 0
}

// sweepPositions places the swept values on the x axis: as numbers, as
// durations in days, as rates per day, or else evenly in the order given.
func sweepPositions(vals []string) ([]float64, string) {
	x := make([]float64, len(vals))
	if allNumbers(vals) {
		for i, v := range vals {
			x[i], _ = strconv.ParseFloat(v, 64)
		}
		return x, ""
	}
	ok := true
	for i, v := range vals {
		d, err := scenario.ParseDuration(v)
		if err != nil {
			ok = false
			break
		}
		x[i] = d.Days()
	}
	if ok {
		return x, "days"
	}
	ok = true
	for i, v := range vals {
		r, err := scenario.ParseRate(v)
		if err != nil {
			ok = false
			break
		}
		x[i] = r.PerDay()
	}
	if ok {
		return x, "per day"
	}
	for i := range x {
		x[i] = float64(i)
	}
	return x, ""
}

// sweepDashes tell apart the combinations of the other swept parameters.
var sweepDashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}}

func sweepFigure(r *Run, d SweepFigure) *Figure {
	return seriesFigure(r, d, KindSweep, "Sweep of "+d.Param)
}

// seriesFigure draws d's panels, two a row, as a figure of kind titled
// title.
func seriesFigure(r *Run, d SweepFigure, kind, title string) *Figure {
	rowsN := (len(d.Panels) + 1) / 2
	fig := &Figure{
		Kind:   kind,
		Title:  title,
		Width:  10 * vg.Inch,
		Height: vg.Length(1.3+3.4*float64(rowsN)) * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("Each metric against the swept value of %s, per site and in all: points are means over the "+
		"replications with 95%% confidence intervals.", d.Param)
	var others []string
	var panels []*plot.Plot
	for _, p := range d.Panels {
		panels = append(panels, sweepPanel(r, d, p, metricTitle(p.Metric), &others))
	}
	var rows [][]*plot.Plot
	for i := 0; i < len(panels); i += 2 {
		rows = append(rows, panels[i:min(i+2, len(panels))])
	}
	var legend []legendItem
	for _, site := range append(slices.Clone(r.Sites), SystemSite) {
		label := site
		if site == SystemSite {
			label = "all sites"
		}
		legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{lineThumb{solid(SiteColor(r.Sites, site), 1.5)}}})
	}
	for k, o := range others {
		if o == "" {
			continue
		}
		st := solid(grey(0x44), 1.5)
		st.Dashes = sweepDashes[k%len(sweepDashes)]
		legend = append(legend, legendItem{label: o, thumbs: []plot.Thumbnailer{lineThumb{st}}})
	}
	legend = append(legend, legendItem{label: "95% CI", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 1.1)}}})
	l := &layout{title: fig.Title, legend: legend, rows: rows, width: fig.Width, height: fig.Height, padX: vg.Points(26), padY: vg.Points(20)}
	fig.draw = l.draw
	return fig
}

// sweepPanel draws panel p of d, titled title: each series' means joined
// by a line, with their 95% intervals as whiskers. others collects the
// combinations of the other swept parameters in the order they are met,
// which sets each one's dashes.
func sweepPanel(r *Run, d SweepFigure, p SweepPanel, title string, others *[]string) *plot.Plot {
	xlabel := d.Param
	if d.Unit != "" {
		xlabel += " (" + d.Unit + ")"
	}
	numeric := d.Unit != "" || allNumbers(d.Labels)
	panel := newPanel(title, xlabel, "")
	for _, s := range p.Series {
		k := slices.Index(*others, s.Others)
		if k < 0 {
			*others = append(*others, s.Others)
			k = len(*others) - 1
		}
		col := SiteColor(r.Sites, s.Site)
		st := solid(col, 1.5)
		st.Dashes = sweepDashes[k%len(sweepDashes)]
		means := make([]float64, len(s.Values))
		w := &whiskers{style: solid(col, 1.1), cap: vg.Points(5)}
		for i, v := range s.Values {
			means[i] = v.Mean
			w.items = append(w.items, whisker{at: d.X[i], lo: v.Low, hi: v.High})
		}
		if l, ok := line(d.X, means, st); ok {
			panel.Add(l)
		}
		panel.Add(w)
		if pts := xys(d.X, means); len(pts) > 0 {
			if sc, err := plotter.NewScatter(pts); err == nil {
				sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
				panel.Add(sc)
			}
		}
	}
	if !numeric {
		ticks := make([]plot.Tick, len(d.Labels))
		for i, l := range d.Labels {
			ticks[i] = plot.Tick{Value: d.X[i], Label: l}
		}
		panel.X.Tick.Marker = plot.ConstantTicks(ticks)
		panel.X.Min, panel.X.Max = -0.5, float64(len(d.Labels))-0.5
	} else if lo, hi := minMax(d.X); hi > lo {
		pad := (hi - lo) * 0.05
		panel.X.Min, panel.X.Max = lo-pad, hi+pad
	}
	return panel
}
