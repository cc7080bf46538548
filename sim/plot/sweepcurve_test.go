package plot

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
)

// TestSweepCurveData: the curve of one metric at one site holds that
// metric's rows of summary.csv, ordered by swept value, one series per
// combination of the other swept parameters.
func TestSweepCurveData(t *testing.T) {
	run := readTestRun(t, "plot_sweep")
	d, err := SweepCurveData(run, metric.BedDays, SystemSite)
	if err != nil {
		t.Fatal(err)
	}
	if d.Param != "sites.north.beds.capacity" || !slices.Equal(d.X, []float64{8, 10, 12}) {
		t.Fatalf("param %q at %v, want sites.north.beds.capacity at 8, 10, 12", d.Param, d.X)
	}
	if len(d.Panels) != 1 || len(d.Panels[0].Series) != 2 {
		t.Fatalf("got %+v, want one panel of two series (hub days 5 and 7)", d.Panels)
	}
	want := map[string][]Interval{
		"sites.north.hub.days=5": {{Mean: 102, Low: 97, High: 107, N: 3}, {Mean: 100, Low: 95, High: 105, N: 3}, {Mean: 98, Low: 93, High: 103, N: 3}},
		"sites.north.hub.days=7": {{Mean: 99, Low: 94, High: 104, N: 3}, {Mean: 97, Low: 92, High: 102, N: 3}, {Mean: 95, Low: 90, High: 100, N: 3}},
	}
	for _, s := range d.Panels[0].Series {
		if s.Site != SystemSite {
			t.Errorf("series at site %q, want %q only", s.Site, SystemSite)
		}
		w, ok := want[s.Others]
		if !ok {
			t.Errorf("unexpected series %q", s.Others)
			continue
		}
		for i := range w {
			if s.Values[i] != w[i] {
				t.Errorf("%s at %v: %+v, want %+v", s.Others, d.X[i], s.Values[i], w[i])
			}
		}
	}
	fig := SweepCurve(run, d)
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<svg") || !strings.Contains(fig.Title, "all sites") {
		t.Errorf("figure %q does not draw an SVG of all sites", fig.Title)
	}
}

// TestSweepCurveRefuses: a site or metric the run does not have, and a
// run that is not a sweep, are errors that say why.
func TestSweepCurveRefuses(t *testing.T) {
	sweep := readTestRun(t, "plot_sweep")
	cases := []struct {
		run          *Run
		metric, site string
		want         string
	}{
		{sweep, metric.BedDays, "east", `site "east"`},
		{sweep, metric.DelayedBedDays, "north", "no delayed_bed_days rows"},
		{readTestRun(t, "plot_run"), metric.BedDays, SystemSite, "not a sweep"},
	}
	for _, c := range cases {
		_, err := SweepCurveData(c.run, c.metric, c.site)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s at %s: %v, want an error saying %q", c.metric, c.site, err, c.want)
		}
	}
}
