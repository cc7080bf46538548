package run

import (
	"math"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/stats"
)

// precisionOf says what the precision of AutoReps is measured on.
func (p *plan) precisionOf() string {
	if p.command == "compare" {
		return "paired difference from the base (widest over alternatives)"
	}
	if len(p.jobs) > 1 {
		return "mean (widest over scenarios)"
	}
	return "mean"
}

// measure returns the widest 95% half-width of metric (system-wide) over
// the plan's scenarios — or, in a comparison, over the paired differences
// from the base, since that is the answer the comparison gives.
func (p *plan) measure(metric string) func([][]*model.Result) (float64, error) {
	return func(results [][]*model.Result) (float64, error) {
		values := make([][]float64, len(results))
		for j, res := range results {
			xs, ok := batch.Values(res, metric, model.SystemSite)
			if !ok {
				return 0, inputf("--metric %s: no such system-wide metric (there are: %s)", metric, systemMetrics(res))
			}
			values[j] = xs
		}
		worst := 0.0
		half := func(xs []float64, what string) error {
			s := stats.Summarize(xs)
			h := (s.CIHigh - s.CILow) / 2
			if math.IsNaN(h) || math.IsInf(h, 0) {
				return inputf("--metric %s: %s is NA in some replications, so its precision cannot guide --reps auto", metric, what)
			}
			worst = max(worst, h)
			return nil
		}
		if p.command == "compare" {
			for j := 1; j < len(values); j++ {
				d := make([]float64, len(values[0]))
				for r := range d {
					d[r] = values[0][r] - values[j][r]
				}
				if err := half(d, "the difference "+p.jobs[0].sc.Name+" − "+p.jobs[j].sc.Name); err != nil {
					return 0, err
				}
			}
			return worst, nil
		}
		for j, xs := range values {
			if err := half(xs, p.jobs[j].sc.Name); err != nil {
				return 0, err
			}
		}
		return worst, nil
	}
}

// systemMetrics lists the system-wide metric names a result reports.
func systemMetrics(res []*model.Result) string {
	if len(res) == 0 {
		return "none"
	}
	var names []string
	for _, m := range res[0].Metrics {
		if m.Site == model.SystemSite {
			names = append(names, m.Name)
		}
	}
	return strings.Join(names, ", ")
}
