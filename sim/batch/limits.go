package batch

import "fmt"

// A batch holds every replication's metrics in memory (about 10 kB a
// replication for the Notts baseline, far less for a textbook queue) and
// its list of replication numbers, so its size is bounded: a typo such as
// --reps 1000000000 is refused with a message instead of ending in Go's
// out-of-memory crash.
const (
	// MaxReps is the most replications of one scenario in a batch.
	MaxReps = 100_000
	// MaxTasks is the most replications of all a batch's scenarios
	// together (scenarios × replications).
	MaxTasks = 1_000_000
)

// CheckSize returns an error unless a batch of scenarios scenarios with
// reps replications each is within MaxReps and MaxTasks.
func CheckSize(reps, scenarios int) error {
	switch {
	case reps < 1:
		return fmt.Errorf("%d replications: want at least 1", reps)
	case reps > MaxReps:
		return fmt.Errorf("%d replications: at most %d are run in one batch", reps, MaxReps)
	case scenarios < 1:
		return fmt.Errorf("no scenarios")
	case reps > MaxTasks/scenarios:
		return fmt.Errorf("%d scenarios × %d replications: at most %d replications are run in one batch", scenarios, reps, MaxTasks)
	}
	return nil
}
