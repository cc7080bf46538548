package calibrate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/metric"
)

// Kind is how a target's model discrepancy scales with its value.
type Kind string

// The kinds of target.
const (
	// Relative targets are counts, rates, stays and waits: the model's
	// error grows with the value, sd = D·m.
	Relative Kind = "relative"
	// ShareKind targets are proportions in [0, 1]: an error of D on the
	// logit scale, carried to the share scale by the delta method, gives
	// sd = D·m(1−m), which shrinks towards 0 and 1 where a share cannot
	// move far.
	ShareKind Kind = "share"
)

// DiscrepancyKind returns the target's kind: its own kind if the file
// gives one, else a share when it is a ratio (over:) or its metrics are
// all shares, and relative otherwise.
func (t Target) DiscrepancyKind() Kind {
	if t.Kind != "" {
		return t.Kind
	}
	if len(t.Over) > 0 {
		return ShareKind
	}
	for _, name := range t.Metric {
		if d, ok := metric.Lookup(name); !ok || d.Format != metric.Share {
			return Relative
		}
	}
	return ShareKind
}

// Discrepancy is the default model discrepancy of each kind of target:
// how far the best the model can do may lie from the truth, as a
// standard deviation.
type Discrepancy struct {
	// Relative is D for counts, rates, stays and waits: sd = D·m, so 0.05
	// allows 5% of the target's value.
	Relative float64 `yaml:"relative"`
	// Share is D for shares, on the logit scale: sd = D·m(1−m), so 0.2
	// allows 0.2·0.95·0.05 ≈ 1 point at 95% occupancy and 0.2·0.5·0.5 = 5
	// points at a half.
	Share float64 `yaml:"share"`
}

// SD returns target t's model discrepancy standard deviation, where m is
// the midpoint of its range: its own discrepancy (relative, sd = D·|m|)
// if it has one, else d's for its kind.
func (d Discrepancy) SD(t Target) float64 {
	m := (t.Low + t.High) / 2
	if t.Discrepancy != nil {
		return *t.Discrepancy * math.Abs(m)
	}
	if t.DiscrepancyKind() == ShareKind {
		return d.Share * math.Abs(m*(1-m))
	}
	return d.Relative * math.Abs(m)
}

// String writes d as the match identity and outputs record it.
func (d Discrepancy) String() string {
	return fmt.Sprintf("relative %v, share %v", d.Relative, d.Share)
}

// DefaultDiscrepancy is the discrepancy of a targets file that declares
// none: 5% of a count's or time's value, 0.2 on a share's logit scale.
func DefaultDiscrepancy() Discrepancy { return Discrepancy{Relative: 0.05, Share: 0.2} }

// ParseDiscrepancy reads a --discrepancy value on top of d: one number D
// for both kinds, or "relative=D", "share=D" or both, comma-separated.
func ParseDiscrepancy(s string, d Discrepancy) (Discrepancy, error) {
	check := func(v float64, err error) (float64, error) {
		if err != nil || !(v >= 0 && v <= 10) {
			return 0, fmt.Errorf("want a number from 0 to 10, got %q", s)
		}
		return v, nil
	}
	if !strings.Contains(s, "=") {
		v, err := check(strconv.ParseFloat(strings.TrimSpace(s), 64))
		return Discrepancy{Relative: v, Share: v}, err
	}
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(part, "=")
		x, err := check(strconv.ParseFloat(strings.TrimSpace(v), 64))
		if err != nil {
			return d, err
		}
		switch strings.TrimSpace(k) {
		case string(Relative):
			d.Relative = x
		case string(ShareKind):
			d.Share = x
		default:
			return d, fmt.Errorf("%q: want D, or relative=D and/or share=D", s)
		}
	}
	return d, nil
}

// DefaultDiscrepancy returns the file's declared discrepancy, or
// DefaultDiscrepancy if it declares none.
func (t *Targets) DefaultDiscrepancy() Discrepancy {
	if t.Discrepancy != nil {
		return *t.Discrepancy
	}
	return DefaultDiscrepancy()
}
