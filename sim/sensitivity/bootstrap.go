package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/stats"
)

// Bootstrap sets the bootstrap intervals of an analysis.
type Bootstrap struct {
	// Resamples is the number of bootstrap resamples; 0 means 1000.
	Resamples int
	// Level is the confidence level of the percentile intervals, in (0, 1);
	// 0 means 0.95.
	Level float64
	// Seed seeds the resampling: the same seed gives the same intervals.
	Seed uint64
}

// withDefaults fills in the zero fields and checks the others.
func (b Bootstrap) withDefaults() (Bootstrap, error) {
	if b.Resamples == 0 {
		b.Resamples = 1000
	}
	if b.Level == 0 {
		b.Level = 0.95
	}
	if b.Resamples < 2 {
		return b, fmt.Errorf("bootstrap resamples %d: want at least 2", b.Resamples)
	}
	if !(b.Level > 0 && b.Level < 1) {
		return b, fmt.Errorf("bootstrap level %v: want a number in (0, 1)", b.Level)
	}
	return b, nil
}

// stream returns the generator of one named use of the bootstrap seed.
func (b Bootstrap) stream(name string) *rand.Rand {
	return rng.Seed(b.Seed).Replication(0).Stream("sensitivity/bootstrap/" + name)
}

// percentile returns the central Level interval of the values in xs,
// which it sorts. NaN values (a resample whose variance was zero) are
// left out; with none left the interval is NaN.
func (b Bootstrap) percentile(xs []float64) (lo, hi float64) {
	xs = slices.DeleteFunc(xs, math.IsNaN)
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(xs)
	return stats.Quantile(xs, (1-b.Level)/2), stats.Quantile(xs, (1+b.Level)/2)
}
