package report

import (
	"math"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
)

func TestHeadline(t *testing.T) {
	for _, c := range []struct {
		row  metric.Paired
		days float64
		want string
	}{
		{metric.Paired{Mean: 13912, Low: 12900, High: 14950}, 365,
			"hubs saves 13,912 bed-days a year (95% CI 12,900 to 14,950), about 41 beds at 92% occupancy."},
		{metric.Paired{Mean: -3650, Low: -4000, High: -3300}, 365,
			"hubs uses 3,650 more bed-days a year (95% CI −4,000 to −3,300), about 11 beds at 92% occupancy."},
		{metric.Paired{Mean: 40, Low: -20, High: 100}, 79,
			"hubs makes no clear difference to bed-days over the 79 days reported: +40 (95% CI −20 to +100)."},
		{metric.Paired{Mean: 20, Low: math.NaN(), High: math.NaN()}, 365,
			"hubs saves 20 bed-days a year, less than one bed at 92% occupancy."},
	} {
		if got := headline("hubs", map[string]metric.Paired{metric.BedDays: c.row}, c.days); got != c.want {
			t.Errorf("headline = %q\nwant       %q", got, c.want)
		}
	}
}

// TestHeadlineWithMoney: where the comparison has the system's cost
// differences, the headline goes on to the money; where they are NA (no
// costs section), it does not.
func TestHeadlineWithMoney(t *testing.T) {
	paired := map[string]metric.Paired{
		metric.BedDays:      {Mean: 3650, Low: 3000, High: 4300},
		metric.CostServices: {Mean: -1e6, Low: -1.2e6, High: -0.8e6},
		metric.CostBedDays:  {Mean: 1.5e6, Low: 1.2e6, High: 1.8e6},
		metric.CostTotal:    {Mean: 0.5e6, Low: 0.1e6, High: 0.9e6},
	}
	got := headline("hubs", paired, 365)
	want := "hubs saves 3,650 bed-days a year (95% CI 3,000 to 4,300), about 11 beds at 92% occupancy. " +
		"It costs £1.00m a year more in services (95% CI £0.80m to £1.20m), frees bed-days worth £1.50m (95% CI £1.20m to £1.80m); net saving £500,000 a year (95% CI £100,000 to £900,000)."
	if got != want {
		t.Errorf("headline =\n%s\nwant\n%s", got, want)
	}
	nan := math.NaN()
	for _, m := range []string{metric.CostServices, metric.CostBedDays, metric.CostTotal} {
		paired[m] = metric.Paired{Mean: nan, Low: nan, High: nan}
	}
	if got := headline("hubs", paired, 365); strings.Contains(got, "£") {
		t.Errorf("headline without costs = %q, want no money", got)
	}
}

// TestReportOpensWithTheAnswer: a comparison's page names the
// alternatives in its title and puts one answer per alternative in its
// header, before the contents.
func TestReportOpensWithTheAnswer(t *testing.T) {
	run := testRun(t)
	if run.Comparison == nil {
		t.Skip("the test run is not a comparison")
	}
	html := renderPage(t, run, Options{})
	answer := strings.Index(html, `<p class="answer">`)
	toc := strings.Index(html, `<nav class="toc"`)
	if answer < 0 || toc < 0 || answer > toc || !strings.Contains(html, "bed-days") {
		t.Errorf("no answer before the contents (answer at %d, contents at %d)", answer, toc)
	}
	if !strings.Contains(html, "<title>flowsim report: ") || !strings.Contains(html[:strings.Index(html, "</title>")], " against ") {
		i := strings.Index(html, "<title>")
		t.Errorf("the title does not name the alternatives: %s", html[i:i+120])
	}
}
