package batch

import (
	"context"
	"fmt"
	"math"

	"github.com/flowsim/flowsim/sim/model"
)

// Sequential describes a run whose replication count is chosen by the
// precision it reaches: replications are added in rounds until every
// interval Measure reports is narrow enough, or MaxReps is reached.
type Sequential struct {
	// First is the replication count of the first round (at least 2).
	First int
	// MaxReps caps the count.
	MaxReps int
	// Target is the largest acceptable half-width.
	Target float64
	// Measure returns the widest 95% half-width of interest over the
	// results so far (Results[j] holds scenario j's replications 0..n-1).
	Measure func(results [][]*model.Result) (float64, error)
}

// Rounds is how a sequential run went.
type Rounds struct {
	// Counts are the replication counts after each round.
	Counts []int
	// HalfWidth is the last half-width measured.
	HalfWidth float64
	// Met says whether HalfWidth reached the target.
	Met bool
}

// Next returns the count for the round after one that ended with n
// replications and half-width h: the count at which the half-width,
// shrinking as 1/√n, would reach the target, plus 10% against the
// estimate's noise; at least one more replication, at most four times as
// many (an early half-width is itself uncertain), and at most MaxReps.
func (s *Sequential) Next(n int, h float64) int {
	want := float64(n) * (h / s.Target) * (h / s.Target) * 1.1
	next := n + 1
	if want > float64(next) {
		next = int(math.Min(math.Ceil(want), float64(4*n)))
	}
	return min(next, s.MaxReps)
}

// RunSequential runs b in rounds (replications 0..n-1, adding only the new
// ones each round) until s is satisfied. The rounds depend only on the
// results, so the final count is the same for any number of workers, and a
// resumed run (with b.Store) retraces the same rounds from its checkpoints.
func (b *Batch) RunSequential(ctx context.Context, s *Sequential) (*Outcome, Rounds, error) {
	var rounds Rounds
	if s.First < 2 || s.MaxReps < s.First || !(s.Target > 0) {
		return nil, rounds, fmt.Errorf("batch: sequential run needs 2 ≤ first (%d) ≤ max (%d) and a positive target (%v)",
			s.First, s.MaxReps, s.Target)
	}
	all := &Outcome{Results: make([][]*model.Result, len(b.Scenarios))}
	n := 0
	// Progress counts from the start of the run towards this round's end.
	progress := b.Progress
	defer func() { b.Progress = progress }()
	for next := s.First; ; {
		if progress != nil {
			before, target := n*len(b.Scenarios), next*len(b.Scenarios)
			b.Progress = func(done, _ int) { progress(before+done, target) }
		}
		out, err := b.Run(ctx, Sequence(n, next))
		if out != nil {
			all.Simulated += out.Simulated
			all.Loaded += out.Loaded
			for j := range all.Results {
				all.Results[j] = append(all.Results[j], out.Results[j]...)
			}
		}
		if err != nil {
			return all, rounds, err
		}
		n = next
		h, err := s.Measure(all.Results)
		if err != nil {
			return all, rounds, err
		}
		rounds.Counts = append(rounds.Counts, n)
		rounds.HalfWidth = h
		rounds.Met = h <= s.Target
		if rounds.Met || n >= s.MaxReps {
			return all, rounds, nil
		}
		next = s.Next(n, h)
	}
}
