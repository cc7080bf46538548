package batch

import (
	"math"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/stats"
)

// DailyOccupancy returns the series MSER-5 judges a warm-up on: for each of
// the first days days, the places occupied summed over every site and unit
// (for beds, the bed-days used that day), averaged over the replications.
// Averaging replications first removes most of the noise, so the
// transient shows. Days a replication did not report count as missing.
func DailyOccupancy(results []*model.Result, days int) []float64 {
	sum := make([]float64, days)
	n := make([]int, days)
	for _, res := range results {
		seen := make([]bool, days)
		for _, d := range res.Daily {
			if d.Day < 0 || d.Day >= days {
				continue
			}
			sum[d.Day] += d.Occupied
			if !seen[d.Day] {
				seen[d.Day] = true
				n[d.Day]++
			}
		}
	}
	series := make([]float64, 0, days)
	for d := range days {
		if n[d] == 0 {
			break
		}
		series = append(series, sum[d]/float64(n[d]))
	}
	return series
}

// ProposeWarmup runs MSER-5 on DailyOccupancy of results over the whole
// days of a run of horizonDays (a partial last day is left out), and
// returns the proposed warm-up in whole days.
func ProposeWarmup(results []*model.Result, horizonDays float64) stats.Truncation {
	return stats.MSER5(DailyOccupancy(results, int(math.Floor(horizonDays))))
}
