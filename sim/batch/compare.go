package batch

import (
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/stats"
)

// Compare pairs the replications of an alternative scenario with the base's
// (base[i] with alt[i], the same replication number, so the same patients
// under common random numbers) and summarises base − alt for every metric
// and site the two share, in the base's order. Positive bed-days are
// bed-days saved by the alternative. The interval is the paired 95%
// t-interval: the differences' own spread, which common random numbers make
// far smaller than the spread of either scenario.
func Compare(altName string, base, alt []*model.Result) []output.ComparisonRow {
	if len(base) == 0 || len(base) != len(alt) {
		return nil
	}
	type key struct{ name, site string }
	altIndex := make(map[key]int, len(alt[0].Metrics))
	for i, m := range alt[0].Metrics {
		altIndex[key{m.Name, m.Site}] = i
	}
	n := len(base)
	diffs := make([]float64, n)
	var rows []output.ComparisonRow
	for i, m := range base[0].Metrics {
		j, ok := altIndex[key{m.Name, m.Site}]
		if !ok {
			continue
		}
		var bt, at stats.Tally
		for r := range n {
			b, a := base[r].Metrics[i].Value, alt[r].Metrics[j].Value
			bt.Add(b)
			at.Add(a)
			diffs[r] = b - a
		}
		rows = append(rows, output.ComparisonRow{
			Scenario: altName, Metric: m.Name, Site: m.Site,
			BaseMean: bt.Mean(), AltMean: at.Mean(),
			Diff: stats.Summarize(diffs),
		})
	}
	return rows
}
