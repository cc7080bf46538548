package experiment

import (
	"context"
	"fmt"
	"math"

	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/sensitivity"
)

// Sensitivity measures one metric of a scenario — or what an alternative
// saves of it — at points of the priors' space, for a global sensitivity
// analysis: which unknown moves the answer.
type Sensitivity struct {
	Space *priors.Space
	// Base is the scenario file; Alt, if set, an alternative to it: the
	// measure is then base − alternative (the saving), paired under
	// common random numbers at every point.
	Base, Alt string
	// Metric and Site name the measure ("bed_days", "all").
	Metric, Site string
	// Seed, Reps and Workers as for an ensemble.
	Seed          uint64
	Reps, Workers int
}

// Model returns the sensitivity model: the mean over Reps replications of
// the measure at each point.
func (s *Sensitivity) Model() (sensitivity.Model, error) {
	if s.Reps < 1 {
		return nil, fmt.Errorf("sensitivity: %d replications", s.Reps)
	}
	var adjust func(priors.Member) ([]scenario.Override, error)
	if s.Alt != "" {
		// The paths the priors set, from the centre of the box, tell
		// which of the alternative's changes to keep as ratios.
		centre := make([]float64, s.Space.Dim())
		for i := range centre {
			centre[i] = 0.5
		}
		m, err := s.Space.Member("centre", centre)
		if err != nil {
			return nil, err
		}
		e := &Ensemble{Base: s.Base, Alternatives: []string{s.Alt}, Members: []priors.Member{m}}
		fns, _, err := e.adjustments()
		if err != nil {
			return nil, err
		}
		adjust = fns[0]
	}
	cache := &scenario.Cache{} // every point loads the same files
	f := func(ctx context.Context, i int, u []float64) (float64, error) {
		m, err := s.Space.Member(fmt.Sprintf("point %d", i), u)
		if err != nil {
			return 0, err
		}
		base, err := (&Experiment{Base: s.Base, Seed: s.Seed, Cache: cache}).Run(ctx, m.Set, s.Reps)
		if err != nil {
			return 0, err
		}
		values := make([]float64, s.Reps)
		for r, res := range base {
			v, ok := valueOf(res, s.Metric, s.Site)
			if !ok {
				return 0, fmt.Errorf("no metric %s at site %s", s.Metric, s.Site)
			}
			values[r] = v
		}
		if adjust != nil {
			set, err := adjust(m)
			if err != nil {
				return 0, err
			}
			alt, err := (&Experiment{Base: s.Alt, Seed: s.Seed, Cache: cache}).Run(ctx, set, s.Reps)
			if err != nil {
				return 0, err
			}
			for r, res := range alt {
				v, ok := valueOf(res, s.Metric, s.Site)
				if !ok {
					return 0, fmt.Errorf("%s: no metric %s at site %s", s.Alt, s.Metric, s.Site)
				}
				values[r] -= v
			}
		}
		mean := 0.0
		for _, v := range values {
			mean += v
		}
		mean /= float64(len(values))
		if math.IsNaN(mean) || math.IsInf(mean, 0) {
			return 0, &UndefinedError{Target: s.Metric + " at " + s.Site, Rep: -1, Point: describe(m.Set)}
		}
		return mean, nil
	}
	return sensitivity.PerPoint(f, s.Workers), nil
}
