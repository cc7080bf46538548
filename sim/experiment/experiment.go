// Package experiment runs a base scenario at points of its parameter space:
// the base file with a point's overrides applied (the --set syntax), a few
// replications under common random numbers, so that two points differ only
// by their parameters and not by their dice. History matching, sensitivity
// analysis and ensemble comparisons all evaluate points this way.
package experiment

import (
	"context"
	"fmt"

	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Experiment is a base scenario and the seed its points share.
type Experiment struct {
	// Base is the scenario file every point starts from.
	Base string
	// Fixed overrides apply at every point before the point's own (a
	// shorter horizon for a screening run, say).
	Fixed []scenario.Override
	// Seed is the master seed: replication r of every point uses the same
	// streams (common random numbers).
	Seed uint64
	// CensusOverCapacity starts a point from its census even where the
	// census holds more patients in a unit than the point has places
	// (model.PrepareOptions): a match started from the baseline's census.
	CensusOverCapacity bool
	// Cache, if not nil, keeps the scenario files parsed for one point
	// for the next (scenario.Cache): the same loads, without parsing the
	// base again at every point.
	Cache *scenario.Cache
}

// Load returns the scenario of a point: the base with Fixed and then the
// point's overrides applied, checked as a file would be.
func (e *Experiment) Load(point []scenario.Override) (*scenario.Scenario, error) {
	all := append(append([]scenario.Override(nil), e.Fixed...), point...)
	load := scenario.LoadWith
	if e.Cache != nil {
		load = e.Cache.LoadWith
	}
	sc, err := load(e.Base, all...)
	if err != nil {
		return nil, fmt.Errorf("point %s: %w", describe(point), err)
	}
	return sc, nil
}

// Run runs replications 0..reps-1 of the point one after another (points,
// not replications, are what callers run in parallel) and returns their
// results. It stops at the next simulated midnight once ctx is done.
func (e *Experiment) Run(ctx context.Context, point []scenario.Override, reps int) ([]*model.Result, error) {
	sc, err := e.Load(point)
	if err != nil {
		return nil, err
	}
	return e.run(ctx, sc, point, reps)
}

func (e *Experiment) run(ctx context.Context, sc *scenario.Scenario, point []scenario.Override, reps int) ([]*model.Result, error) {
	out := make([]*model.Result, 0, reps)
	err := e.each(ctx, sc, point, reps, nil, false, func(res *model.Result) (bool, error) {
		out = append(out, res)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each runs replications 0, 1, … of the point's scenario sc, up to reps,
// one after another in the same memory (a model.Scratch, from scratches
// if that is not nil), handing each result to f as it
// finishes; it stops early when f reports done (or an error). With
// release, f's result is given back once f returns (f must not keep it).
// It stops at the next simulated midnight once ctx is done.
func (e *Experiment) each(ctx context.Context, sc *scenario.Scenario, point []scenario.Override, reps int, scratches *model.Scratches, release bool, f func(*model.Result) (done bool, err error)) error {
	plan, err := model.PrepareWith(sc, model.PrepareOptions{CensusOverCapacity: e.CensusOverCapacity})
	if err != nil {
		return fmt.Errorf("point %s: %w", describe(point), err)
	}
	seed := rng.Seed(e.Seed)
	stop := func() bool { return ctx.Err() != nil }
	opt := model.Options{Scratch: &model.Scratch{}}
	if scratches != nil {
		opt.Scratch = scratches.Get()
		defer scratches.Put(opt.Scratch)
	}
	for r := range reps {
		res, ok := model.RunPlanUntil(plan, seed.Replication(r), opt, stop)
		if !ok {
			return ctx.Err()
		}
		done, err := f(res)
		if release {
			opt.Scratch.Release(res)
		}
		if done || err != nil {
			return err
		}
	}
	return nil
}

// Measure runs the point like Run and returns, per replication, the value
// of every target (in the targets' order), over the point's recorded days.
func (e *Experiment) Measure(ctx context.Context, point []scenario.Override, reps int, t *calibrate.Targets) ([][]float64, error) {
	return e.MeasureUntil(ctx, point, reps, t, nil)
}

// MeasureUntil is Measure that, if enough is not nil, asks it after each
// replication with the values so far and returns them as soon as it
// reports true: a history match's point whose first runs rule it out.
func (e *Experiment) MeasureUntil(ctx context.Context, point []scenario.Override, reps int, t *calibrate.Targets, enough func([][]float64) bool) ([][]float64, error) {
	return e.measure(ctx, point, reps, t, enough, nil)
}

// measure is MeasureUntil in the memory of earlier points, from
// scratches if that is not nil.
func (e *Experiment) measure(ctx context.Context, point []scenario.Override, reps int, t *calibrate.Targets, enough func([][]float64) bool, scratches *model.Scratches) ([][]float64, error) {
	sc, err := e.Load(point)
	if err != nil {
		return nil, err
	}
	days := (sc.Horizon - sc.Warmup).Days()
	out := make([][]float64, 0, reps)
	err = e.each(ctx, sc, point, reps, scratches, true, func(res *model.Result) (bool, error) {
		v, err := calibrate.Values(t, res, days)
		if err != nil {
			return false, fmt.Errorf("point %s: %w", describe(point), err)
		}
		out = append(out, v)
		return enough != nil && enough(out), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// describe writes a point's overrides for a message.
func describe(point []scenario.Override) string {
	if len(point) == 0 {
		return "(the base)"
	}
	s := ""
	for i, o := range point {
		if i > 0 {
			s += ", "
		}
		s += o.String()
	}
	return s
}
