package report

import (
	"math"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/plot"
)

func TestHeadline(t *testing.T) {
	for _, c := range []struct {
		row  plot.ComparisonRow
		days float64
		want string
	}{
		{plot.ComparisonRow{DiffMean: 13912, DiffLow: 12900, DiffHigh: 14950}, 365,
			"hubs saves 13,912 bed-days a year (95% CI 12,900 to 14,950), about 41 beds at 92% occupancy."},
		{plot.ComparisonRow{DiffMean: -3650, DiffLow: -4000, DiffHigh: -3300}, 365,
			"hubs uses 3,650 more bed-days a year (95% CI −4,000 to −3,300), about 11 beds at 92% occupancy."},
		{plot.ComparisonRow{DiffMean: 40, DiffLow: -20, DiffHigh: 100}, 79,
			"hubs makes no clear difference to bed-days over the 79 days reported: +40 (95% CI −20 to +100)."},
		{plot.ComparisonRow{DiffMean: 20, DiffLow: math.NaN(), DiffHigh: math.NaN()}, 365,
			"hubs saves 20 bed-days a year, less than one bed at 92% occupancy."},
	} {
		if got := headline("hubs", c.row, c.days); got != c.want {
			t.Errorf("headline = %q\nwant       %q", got, c.want)
		}
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
