package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// weightTolerance is how far mixture weights may sum from 1: enough for
// decimal weights such as 0.1 + 0.2 + 0.7, not enough to hide a typo.
const weightTolerance = 1e-9

// Mixture draws from component i with probability weights[i]: for example
// "35% are discharged the same day (fixed 0), the rest stay
// lognormal(mean 9.1h, sd 12h)".
//
// The zero Mixture is not usable; build one with NewMixture.
type Mixture struct {
	weights    []float64
	components []Distribution
	// cum[i] is the probability of picking a component <= i, normalised so
	// that the last component with positive weight has cum exactly 1.
	cum []float64
}

// NewMixture returns the mixture of components with the given weights. There
// must be at least one component and as many weights as components; weights
// must be finite, >= 0 and sum to 1 within 1e-9; components must not be nil.
// Both slices are copied.
func NewMixture(weights []float64, components []Distribution) (Mixture, error) {
	if len(components) == 0 {
		return Mixture{}, fmt.Errorf("mixture: components must not be empty")
	}
	if len(weights) != len(components) {
		return Mixture{}, fmt.Errorf("mixture: got %d weights for %d components", len(weights), len(components))
	}
	var sum float64
	last := -1
	for i, w := range weights {
		if err := nonNegative("mixture", fmt.Sprintf("weights[%d]", i), w); err != nil {
			return Mixture{}, err
		}
		if components[i] == nil {
			return Mixture{}, fmt.Errorf("mixture: components[%d] is nil", i)
		}
		sum += w
		if w > 0 {
			last = i
		}
	}
	if math.Abs(sum-1) > weightTolerance {
		// %.12g: show 0.3 + 0.6 as 0.9, yet 1 + 1e-8 as 1.00000001.
		return Mixture{}, fmt.Errorf("mixture: weights must sum to 1, got %.12g", sum)
	}
	cum := make([]float64, len(weights))
	var c float64
	for i, w := range weights {
		c += w
		cum[i] = c / sum
		if i >= last {
			// Rounding must not leave a sliver of [0, 1) that picks no
			// component or a zero-weight one.
			cum[i] = 1
		}
	}
	return Mixture{
		weights:    slices.Clone(weights),
		components: slices.Clone(components),
		cum:        cum,
	}, nil
}

// Sample picks a component with one uniform draw from r, then samples it.
func (m Mixture) Sample(r *rand.Rand) float64 {
	u := r.Float64()
	// Mixtures have a handful of components; a linear scan beats a binary
	// search there.
	for i, c := range m.cum {
		if u < c {
			return m.components[i].Sample(r)
		}
	}
	// Unreachable: u < 1 and some cum is exactly 1.
	return m.components[len(m.components)-1].Sample(r)
}

// Mean returns Σ wᵢ·meanᵢ.
func (m Mixture) Mean() float64 {
	var mean float64
	for i, w := range m.weights {
		if w > 0 {
			mean += w * m.components[i].Mean()
		}
	}
	return mean
}

// Variance returns the variance by the law of total variance:
// Σ wᵢ·varianceᵢ + Σ wᵢ·(meanᵢ - mean)².
func (m Mixture) Variance() float64 {
	mean := m.Mean()
	var v float64
	for i, w := range m.weights {
		if w > 0 {
			d := m.components[i].Mean() - mean
			v += w * (m.components[i].Variance() + d*d)
		}
	}
	return v
}

// Weights returns a copy of the weights.
func (m Mixture) Weights() []float64 { return slices.Clone(m.weights) }

// Components returns a copy of the components.
func (m Mixture) Components() []Distribution { return slices.Clone(m.components) }

// String returns e.g. "mixture(0.35: fixed(0), 0.65: lognormal(mean=9.1, sd=12))".
func (m Mixture) String() string {
	var b strings.Builder
	b.WriteString("mixture(")
	for i, w := range m.weights {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", num(w), m.components[i])
	}
	b.WriteString(")")
	return b.String()
}
