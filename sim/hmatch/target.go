package hmatch

import (
	"fmt"
	"math"
	"slices"
)

// Target is an observed value the simulator should reproduce.
type Target struct {
	// Name identifies the target in outputs.
	Name string
	// Value is the observation z.
	Value float64
	// VarObs is the variance of the observation about the truth
	// (V_target): its measurement error or the width of its range.
	VarObs float64
	// VarDisc is the model discrepancy variance: how far the best the
	// model can do may lie from reality.
	VarDisc float64
	// Hard targets are never forgiven: a point is ruled out when a hard
	// target's implausibility passes the cutoff, whatever the Order (which
	// lets a point miss its largest one or two). For a figure that no
	// plausible system can miss, such as a hospital's average occupancy.
	Hard bool
}

// RangeTarget returns a target for a published range [low, high], read
// as a 95% interval: Value is the midpoint and the half-width is two
// standard deviations, so VarObs = ((high − low)/4)². disc is the model
// discrepancy variance.
func RangeTarget(name string, low, high, disc float64) Target {
	sd := (high - low) / 4
	return Target{Name: name, Value: (low + high) / 2, VarObs: sd * sd, VarDisc: disc}
}

func (t Target) check() error {
	switch {
	case math.IsNaN(t.Value) || math.IsInf(t.Value, 0):
		return fmt.Errorf("target %s: value %v", t.Name, t.Value)
	case !(t.VarObs >= 0) || !(t.VarDisc >= 0) || math.IsInf(t.VarObs+t.VarDisc, 0):
		return fmt.Errorf("target %s: variances must be finite and >= 0, got obs %v, disc %v", t.Name, t.VarObs, t.VarDisc)
	}
	return nil
}

// Implausibility returns |z − mean| / sqrt(VarObs + VarDisc + v), where v
// is the variance of mean itself (V_sim/n for a mean of n runs, or an
// emulator's prediction variance). A zero denominator gives 0 for an
// exact match and +Inf otherwise.
func (t Target) Implausibility(mean, v float64) float64 {
	d := math.Abs(t.Value - mean)
	den := t.VarObs + t.VarDisc + v
	if den <= 0 {
		if d == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return d / math.Sqrt(den)
}

// measureOf returns a point's measure from its targets' implausibilities
// imp: the order-th largest, or a hard target's if that is larger. It
// sorts imp.
func measureOf(imp []float64, targets []Target, order int) float64 {
	hard := math.Inf(-1)
	for k, t := range targets {
		if t.Hard {
			hard = math.Max(hard, imp[k])
		}
	}
	return math.Max(orderMax(imp, order), hard)
}

// orderMax returns the order-th largest of xs (1 = the maximum), or the
// smallest when xs has fewer values. It sorts xs.
func orderMax(xs []float64, order int) float64 {
	s := xs
	slices.Sort(s)
	k := len(s) - order
	if k < 0 {
		k = 0
	}
	return s[k]
}
