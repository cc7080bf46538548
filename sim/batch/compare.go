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
	whole := func(r *model.Result) []model.Metric { return r.Metrics }
	b0 := base[0]
	rows := comparePaired(altName, output.Period{}, base, alt, whole, whole)
	if len(b0.Periods) == 0 {
		return rows
	}
	for i := range rows {
		rows[i].Period = output.RunPeriod(b0.Periods)
	}
	// Financial years pair by label: the alternative may start or end
	// elsewhere.
	altYear := map[string]int{}
	for k, p := range alt[0].Periods {
		altYear[p.Label] = k
	}
	for k := range b0.Periods {
		ak, ok := altYear[b0.Periods[k].Label]
		if !ok {
			continue
		}
		rows = append(rows, comparePaired(altName, output.YearPeriod(&b0.Periods[k]), base, alt,
			func(r *model.Result) []model.Metric { return r.Periods[k].Metrics },
			func(r *model.Result) []model.Metric { return r.Periods[ak].Metrics })...)
	}
	return rows
}

// comparePaired compares the metrics baseOf and altOf pick from each pair
// of results, for period p.
func comparePaired(altName string, p output.Period, base, alt []*model.Result, baseOf, altOf func(*model.Result) []model.Metric) []output.ComparisonRow {
	type key struct{ name, site string }
	altIndex := make(map[key]int, len(altOf(alt[0])))
	for i, m := range altOf(alt[0]) {
		altIndex[key{m.Name, m.Site}] = i
	}
	n := len(base)
	diffs := make([]float64, n)
	var rows []output.ComparisonRow
	for i, m := range baseOf(base[0]) {
		j, ok := altIndex[key{m.Name, m.Site}]
		if !ok {
			continue
		}
		var bt, at stats.Tally
		for r := range n {
			b, a := baseOf(base[r])[i].Value, altOf(alt[r])[j].Value
			bt.Add(b)
			at.Add(a)
			diffs[r] = b - a
		}
		rows = append(rows, output.ComparisonRow{
			Scenario: altName, Metric: m.Name, Site: m.Site,
			BaseMean: bt.Mean(), AltMean: at.Mean(),
			Diff: stats.Summarize(diffs), Period: p,
		})
	}
	return rows
}
