package report

import (
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

// headline writes one alternative's sentence (metric.BedDaysAnswer).
// c.DiffMean is base − alternative: positive is bed-days saved.
func headline(alt string, c plot.ComparisonRow, days float64) string {
	return metric.BedDaysAnswer(alt, c.DiffMean, c.DiffLow, c.DiffHigh, days)
}
