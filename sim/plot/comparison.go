package plot

import (
	"fmt"
	"slices"

	"github.com/flowsim/flowsim/sim/metric"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// comparisonMetrics are the comparison figure's panels.
var comparisonMetrics = []string{metric.BedDays, metric.DelayedBedDays}

// ComparisonFigure is what the comparison figure plots: for each
// alternative scenario, the bed-days (and delayed bed-days) it saves
// against the base, per site and in all, with paired 95% intervals.
type ComparisonFigure struct {
	Base         string
	Alternatives []string
	// Sites are the run's sites, then SystemSite.
	Sites  []string
	Panels []ComparisonPanel
}

// ComparisonPanel is one metric's differences: Diff[alternative][site] is
// base − alternative (positive: saved).
type ComparisonPanel struct {
	Metric string
	Diff   [][]Interval
}

// ComparisonData computes the comparison figure's series from
// comparison.csv.
func ComparisonData(r *Run) ComparisonFigure {
	f := ComparisonFigure{Base: r.baseName(), Sites: append(slices.Clone(r.Sites), SystemSite)}
	for _, c := range r.Comparison {
		if slices.Contains(comparisonMetrics, c.Metric) && !slices.Contains(f.Alternatives, c.Scenario) {
			f.Alternatives = append(f.Alternatives, c.Scenario)
		}
	}
	for _, m := range comparisonMetrics {
		p := ComparisonPanel{Metric: m}
		found := false
		for _, alt := range f.Alternatives {
			row := make([]Interval, len(f.Sites))
			for i, site := range f.Sites {
				row[i] = nan3()
				for _, c := range r.Comparison {
					if c.Scenario == alt && c.Metric == m && c.Site == site {
						row[i] = Interval{Mean: c.DiffMean, Low: c.DiffLow, High: c.DiffHigh, N: c.N}
						found = true
					}
				}
			}
			p.Diff = append(p.Diff, row)
		}
		if found {
			f.Panels = append(f.Panels, p)
		}
	}
	return f
}

// baseName is the base scenario of a comparison.
func (r *Run) baseName() string {
	for _, s := range r.Manifest.Scenarios {
		if s.Role == "base" {
			return s.Name
		}
	}
	if r.Manifest.Scenario != "" {
		return r.Manifest.Scenario
	}
	if len(r.Groups) > 0 {
		return r.Groups[0].Scenario
	}
	return ""
}

func nan3() Interval {
	return Interval{Mean: nan(), Low: nan(), High: nan()}
}

// metricTitle names a metric on a figure, with its unit: the figures'
// own short titles for the metrics they plot most, otherwise the
// registry's label and unit.
func metricTitle(m string) string {
	switch m {
	case metric.BedDays:
		return "bed-days"
	case metric.DelayedBedDays:
		return "delayed bed-days"
	case metric.OccupancyMean:
		return "mean bed occupancy (share of capacity)"
	case metric.PathwayWaitDaysMean:
		return "mean wait for a pathway place (days)"
	case metric.BoardingHoursMean:
		return "mean wait for a bed (hours)"
	case metric.ED4hShare:
		return "ED patients within 4 hours (share)"
	}
	if d, ok := metric.Lookup(m); ok {
		return d.Label + " (" + d.Unit + ")"
	}
	return m
}

func comparisonFigure(r *Run, d ComparisonFigure) *Figure {
	nAlt, nSeries := len(d.Alternatives), len(d.Sites)
	height := max(4.6, 1.7+0.17*float64(nAlt*nSeries)+0.25*float64(nAlt))
	fig := &Figure{
		Kind:   KindComparison,
		Title:  "Saved against " + d.Base,
		Width:  10 * vg.Inch,
		Height: vg.Length(height) * vg.Inch,
	}
	n := 0
	if len(d.Panels) > 0 && len(d.Panels[0].Diff) > 0 && len(d.Panels[0].Diff[0]) > 0 {
		n = d.Panels[0].Diff[0][len(d.Sites)-1].N
	}
	fig.Caption = fmt.Sprintf("Bed-days and delayed bed-days saved by each alternative against %s over the reporting period "+
		"(base minus alternative: positive is saved), per site and in all, with 95%% confidence intervals "+
		"of the paired differences over %d replications run with common random numbers.", d.Base, n)
	var row []*plot.Plot
	for _, p := range d.Panels {
		panel := newPanel(metricTitle(p.Metric)+" saved", metricTitle(p.Metric)+" saved (base − alternative)", "")
		panel.X.Tick.Marker = thousandsTicks{}
		var series []barSeries
		for j, site := range d.Sites {
			s := barSeries{color: SiteColor(r.Sites, site)}
			for i := range d.Alternatives {
				s.values = append(s.values, p.Diff[i][j])
			}
			series = append(series, s)
		}
		groupedBars(panel, d.Alternatives, series, true)
		if len(row) > 0 { // the first panel's labels name the rows
			ticks := slices.Clone(panel.Y.Tick.Marker.(plot.ConstantTicks))
			for i := range ticks {
				ticks[i].Label = ""
			}
			panel.Y.Tick.Marker = ticks
		}
		zeroLine(panel, true)
		row = append(row, panel)
	}
	var legend []legendItem
	for _, site := range d.Sites {
		label := site
		if site == SystemSite {
			label = "all sites"
		}
		legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{boxThumb{fill: SiteColor(r.Sites, site)}}})
	}
	legend = append(legend, legendItem{label: "95% CI of the paired difference", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 1.1)}}})
	l := &layout{title: fig.Title, note: "Positive: fewer bed-days with the alternative", legend: legend,
		rows: [][]*plot.Plot{row}, width: fig.Width, height: fig.Height, padX: vg.Points(26)}
	fig.draw = l.draw
	return fig
}
