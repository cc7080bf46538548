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
		paired := map[string]metric.Paired{}
		for _, c := range run.Comparison {
			if c.Scenario == alt && c.Site == plot.SystemSite {
				paired[c.Metric] = metric.Paired{Mean: c.DiffMean, Low: c.DiffLow, High: c.DiffHigh}
			}
		}
		if h := headline(alt, paired, days); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// headline writes one alternative's sentence (metric.BedDaysAnswer) from
// the system's paired differences, base − alternative (positive is
// bed-days saved), and where the scenarios give unit costs, its money
// (metric.PricedAnswer); "" without a bed-day difference.
func headline(alt string, paired map[string]metric.Paired, days float64) string {
	d, ok := paired[metric.BedDays]
	if !ok {
		return ""
	}
	h := metric.BedDaysAnswer(alt, d.Mean, d.Low, d.High, days)
	if money := metric.PricedAnswer(paired, days); money != "" {
		h += " " + money
	}
	return h
}
