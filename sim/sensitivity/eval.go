package sensitivity

import (
	"context"
	"fmt"
	"math"

	"golang.org/x/sync/errgroup"
)

// Model evaluates the metric at each of points (rows of k coordinates in
// [0, 1]) and returns one value per point, in the order of points. It must
// not keep or modify points.
type Model func(ctx context.Context, points [][]float64) ([]float64, error)

// PointFunc evaluates the metric at one point x, the i-th (0-based) of the
// design. It is called concurrently from several goroutines, so it must
// derive any randomness from i or x, never from shared state. It must not
// keep or modify x.
type PointFunc func(ctx context.Context, i int, x []float64) (float64, error)

// PerPoint returns a Model that evaluates f at every point with at most
// workers calls at once (workers < 1 means 1). Each result is stored at its
// point's index, so the outputs do not depend on the worker count or on the
// order in which calls finish. The first error cancels the remaining calls
// and is returned, wrapped with the index of its point.
func PerPoint(f PointFunc, workers int) Model {
	workers = max(workers, 1)
	return func(ctx context.Context, points [][]float64) ([]float64, error) {
		y := make([]float64, len(points))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(workers)
		for i, x := range points {
			if gctx.Err() != nil {
				break
			}
			g.Go(func() error {
				v, err := f(gctx, i, x)
				if err != nil {
					return fmt.Errorf("point %d: %w", i, err)
				}
				y[i] = v
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		// A cancelled ctx may stop the loop before any call fails.
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("evaluation stopped: %w", err)
		}
		return y, nil
	}
}

// evaluate runs m on points and checks that it returned one finite value
// per point.
func evaluate(ctx context.Context, m Model, points [][]float64) ([]float64, error) {
	y, err := m(ctx, points)
	if err != nil {
		return nil, err
	}
	if err := checkOutputs(y, len(points)); err != nil {
		return nil, err
	}
	return y, nil
}

// checkOutputs reports outputs that are not one finite value per point:
// an index computed from a NaN is NaN without saying where it came from.
func checkOutputs(y []float64, n int) error {
	if len(y) != n {
		return fmt.Errorf("%d outputs for %d points", len(y), n)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("output of point %d is %v: want a finite number", i, v)
		}
	}
	return nil
}
