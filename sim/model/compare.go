package model

import "math"

// SameResults reports whether a and b are identical to the bit, counting
// NaN metrics (a share with nothing to divide) as equal to themselves.
func SameResults(a, b *Result) bool {
	if a.Events != b.Events || len(a.Metrics) != len(b.Metrics) || len(a.Daily) != len(b.Daily) {
		return false
	}
	for i, x := range a.Metrics {
		y := b.Metrics[i]
		if x.Name != y.Name || x.Site != y.Site || math.Float64bits(x.Value) != math.Float64bits(y.Value) {
			return false
		}
	}
	for i, x := range a.Daily {
		if x != b.Daily[i] {
			return false
		}
	}
	return true
}
