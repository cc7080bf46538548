package plot

import (
	"errors"
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/flowsim/flowsim/sim/metric"
)

// SweepCurveData is one metric at one site (SystemSite: all sites)
// against a sweep's first swept parameter, from summary.csv: the means
// with their 95% intervals that SweepCurve draws. It is an error if the
// run is not a sweep or summary.csv has no rows of the metric at the
// site.
func SweepCurveData(r *Run, metricName, site string) (SweepFigure, error) {
	if len(r.KeyCols) == 0 {
		return SweepFigure{}, errors.New("the run is not a sweep: summary.csv has no swept parameter columns")
	}
	if site != SystemSite && !slices.Contains(r.Sites, site) {
		return SweepFigure{}, fmt.Errorf("site %q: the run's sites are %v (or %q for all of them)", site, r.Sites, SystemSite)
	}
	d := sweepData(r, []string{metricName}, []string{site})
	if len(d.Panels) == 0 {
		return SweepFigure{}, fmt.Errorf("%s has no %s rows at site %q", SummaryFile, metricName, site)
	}
	return d, nil
}

// SweepCurve draws d, from SweepCurveData, as one panel: the metric's
// mean at each swept value joined by a line, with 95% intervals.
func SweepCurve(r *Run, d SweepFigure) *Figure {
	name := "no metric"
	if len(d.Panels) > 0 {
		name = d.Panels[0].Metric
	}
	title := name
	if def, ok := metric.Lookup(name); ok {
		title = def.Label
	}
	where := "all sites"
	if len(d.Panels) > 0 && len(d.Panels[0].Series) > 0 && d.Panels[0].Series[0].Site != SystemSite {
		where = d.Panels[0].Series[0].Site
	}
	fig := &Figure{
		Name:   "curve",
		Kind:   KindSweep,
		Title:  fmt.Sprintf("%s at %s against %s", title, where, d.Param),
		Width:  8 * vg.Inch,
		Height: 5 * vg.Inch,
	}
	fig.Caption = fmt.Sprintf("The mean of %s at %s over the replications at each swept value of %s, with its 95%% confidence interval.",
		name, where, d.Param)
	var others []string
	var panels []*plot.Plot
	var legend []legendItem
	for _, p := range d.Panels {
		panels = append(panels, sweepPanel(r, d, p, metricTitle(p.Metric), &others))
		for _, s := range p.Series {
			label := s.Site
			if s.Site == SystemSite {
				label = "all sites"
			}
			if s.Others != "" {
				label += ", " + s.Others
			}
			st := solid(SiteColor(r.Sites, s.Site), 1.5)
			st.Dashes = sweepDashes[slices.Index(others, s.Others)%len(sweepDashes)]
			legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{lineThumb{st}}})
		}
	}
	legend = append(legend, legendItem{label: "95% CI", thumbs: []plot.Thumbnailer{whiskerThumb{solid(black, 1.1)}}})
	l := &layout{title: fig.Title, legend: legend, rows: [][]*plot.Plot{panels}, width: fig.Width, height: fig.Height,
		padX: vg.Points(26), padY: vg.Points(20)}
	fig.draw = l.draw
	return fig
}
