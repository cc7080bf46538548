package batch

import (
	"cmp"
	"slices"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/stats"
)

// Compare pairs the replications of an alternative scenario with the base's
// (base[i] with alt[i], the same replication number, so the same patients
// under common random numbers) and summarises base − alt for every metric
// and site the two share, in the base's order. A metric only scenarios
// with some section report (metric.Def.OnlyWith, such as the escalation
// metrics) counts as zero in the scenario that lacks it, in the registry's
// order. Positive bed-days are bed-days saved by the alternative. The
// interval is the paired 95% t-interval: the differences' own spread,
// which common random numbers make far smaller than the spread of either
// scenario.
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
	keys, baseIndex, altIndex := pairedMetrics(baseOf(base[0]), altOf(alt[0]))
	n := len(base)
	diffs := make([]float64, n)
	var rows []output.ComparisonRow
	for _, k := range keys {
		i, j := baseIndex[k], altIndex[k]
		var bt, at stats.Tally
		for r := range n {
			b, a := 0.0, 0.0
			if i >= 0 {
				b = baseOf(base[r])[i].Value
			}
			if j >= 0 {
				a = altOf(alt[r])[j].Value
			}
			bt.Add(b)
			at.Add(a)
			diffs[r] = b - a
		}
		rows = append(rows, output.ComparisonRow{
			Scenario: altName, Metric: k.name, Site: k.site,
			BaseMean: bt.Mean(), AltMean: at.Mean(),
			Diff: stats.Summarize(diffs), Period: p,
		})
	}
	return rows
}

// metricKey names one metric at one site.
type metricKey struct{ name, site string }

// pairedMetrics returns the metrics a comparison of base and alt reports,
// in order, with each one's index in base and in alt (-1: absent, zero).
// Those are the metrics both report, in base's order, and those only
// scenarios with some section report that one of them does, placed by the
// registry's order (the model reports metrics in it).
func pairedMetrics(base, alt []model.Metric) ([]metricKey, map[metricKey]int, map[metricKey]int) {
	index := func(ms []model.Metric) map[metricKey]int {
		ix := make(map[metricKey]int, len(ms))
		for i, m := range ms {
			ix[metricKey{m.Name, m.Site}] = i
		}
		return ix
	}
	baseIndex, altIndex := index(base), index(alt)
	var keys []metricKey
	added := false
	add := func(ms []model.Metric, other map[metricKey]int, both bool) {
		for _, m := range ms {
			k := metricKey{m.Name, m.Site}
			_, inOther := other[k]
			switch {
			case inOther && both:
				keys = append(keys, k)
			case !inOther && metric.ReportedOnlyWith(m.Name) != "":
				other[k] = -1
				keys = append(keys, k)
				added = true
			}
		}
	}
	add(base, altIndex, true)
	add(alt, baseIndex, false)
	if !added {
		return keys, baseIndex, altIndex
	}
	rank := make(map[string]int)
	for i, d := range metric.All() {
		rank[d.Name] = i
	}
	slices.SortStableFunc(keys, func(a, b metricKey) int { return cmp.Compare(rank[a.name], rank[b.name]) })
	return keys, baseIndex, altIndex
}
