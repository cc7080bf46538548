package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortEvents: sortEvents gives slices.SortFunc's order for windows of
// every size up to 300 — times drawn from a few values, so many events
// share one and the key decides — already sorted, reversed and shuffled.
func TestSortEvents(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		evs := make([]event, n)
		for i := range evs {
			evs[i] = event{at: Time(r.IntN(5)) * 0.025, key: uint64(r.IntN(1<<20))<<16 | uint64(i), arg: int32(i)}
		}
		want := slices.Clone(evs)
		slices.SortFunc(want, func(a, b event) int {
			if a.before(&b) {
				return -1
			}
			return 1
		})
		sorted := slices.Clone(want)
		reversed := slices.Clone(want)
		slices.Reverse(reversed)
		for name, got := range map[string][]event{"shuffled": evs, "sorted": sorted, "reversed": reversed} {
			sortEvents(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%d events, %s: sortEvents gave another order", n, name)
			}
		}
	}
}
