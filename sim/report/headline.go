package report

import (
	"fmt"
	"math"
	"slices"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/plot"
)

// headlines returns a comparison's answer, one sentence per alternative,
// from the system's paired bed-day difference: what it saves (or costs)
// over the days reported, its 95% interval, and about how many beds that
// is. A difference whose interval includes zero is said to be no clear
// difference. Nil for a run that is not a comparison.
func headlines(run *plot.Run) []string {
	if run.Comparison == nil {
		return nil
	}
	days := run.Manifest.HorizonDays - run.Manifest.WarmupDays
	var alts []string
	for _, c := range run.Comparison {
		if !slices.Contains(alts, c.Scenario) {
			alts = append(alts, c.Scenario)
		}
	}
	var out []string
	for _, alt := range alts {
		i := slices.IndexFunc(run.Comparison, func(c plot.ComparisonRow) bool {
			return c.Scenario == alt && c.Metric == metric.BedDays && c.Site == plot.SystemSite
		})
		if i < 0 {
			continue
		}
		out = append(out, headline(alt, run.Comparison[i], days))
	}
	return out
}

// headline writes one alternative's sentence. c.DiffMean is base −
// alternative: positive is bed-days saved.
func headline(alt string, c plot.ComparisonRow, days float64) string {
	period := "over the " + metric.Count.Value(days) + " days reported"
	if math.Abs(days-365) < 1 {
		period = "a year"
	}
	ci := ""
	if !math.IsNaN(c.DiffLow) {
		_, lo, hi := metric.Count.Interval(c.DiffMean, c.DiffLow, c.DiffHigh)
		ci = " (95% CI " + lo + " to " + hi + ")"
	}
	beds := "about " + metric.Count.Value(metric.Beds(math.Abs(c.DiffMean), days)) + " beds"
	switch beds {
	case "about 0 beds":
		beds = "less than one bed"
	case "about 1 beds":
		beds = "about 1 bed"
	}
	switch {
	case !math.IsNaN(c.DiffLow) && c.DiffLow <= 0 && c.DiffHigh >= 0:
		d, lo, hi := metric.Count.SignedInterval(c.DiffMean, c.DiffLow, c.DiffHigh)
		return fmt.Sprintf("%s makes no clear difference to bed-days %s: %s (95%% CI %s to %s).", alt, period, d, lo, hi)
	case c.DiffMean >= 0:
		return fmt.Sprintf("%s saves %s bed-days %s%s, %s at %.0f%% occupancy.",
			alt, metric.Count.Value(c.DiffMean), period, ci, beds, 100*metric.PlanningOccupancy)
	default:
		return fmt.Sprintf("%s uses %s more bed-days %s%s, %s at %.0f%% occupancy.",
			alt, metric.Count.Value(-c.DiffMean), period, ci, beds, 100*metric.PlanningOccupancy)
	}
}
