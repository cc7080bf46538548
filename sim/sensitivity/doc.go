// Package sensitivity measures how much each uncertain input of a model
// moves one of its outputs: global sensitivity analysis over the unit
// hypercube [0, 1]^k of k factors. The caller maps a point of the cube onto
// its parameters (a prior's quantiles, say) and returns the metric.
//
// Two methods, each split into a design (the points to evaluate) and an
// analysis of the outputs at those points, so that the expensive
// evaluations can be run, stored and resumed by the caller:
//
//   - Morris elementary effects (Morris 1991) with μ* (Campolongo,
//     Cariboni and Saltelli 2007): r one-at-a-time trajectories on a
//     p-level grid, optionally chosen for spread from a larger pool
//     (Campolongo et al. 2007); per factor the mean elementary effect μ, the
//     mean absolute effect μ* with a bootstrap interval, and their standard
//     deviation σ (interactions or non-linearity). k+1 evaluations per
//     trajectory: a screening method for expensive models.
//   - Sobol indices from Saltelli (2010) sampling: matrices A, B and the k
//     matrices A_B^(i) built from a caller-supplied base design of n rows
//     and 2k columns; first-order indices by the Saltelli (2010) estimator,
//     total-order indices by Jansen's (1999), each with a bootstrap
//     interval. n(k+2) evaluations.
//
// NewMorris and NewSobol return the same design for the same options, so
// outputs stored by point index can be analysed later or after a restart.
//
// Model is the evaluation callback; PerPoint turns a function of one point
// into a Model run by a bounded number of workers, each result stored at its
// point's index, so outputs are identical for any worker count. Every random
// choice (trajectories, bootstrap resamples) comes from a seed through
// sim/rng: same options, same seed ⇒ same numbers.
//
// Rank orders the factors by μ* or by total-order index into a Ranking,
// which prints as a table and which sim/plot draws as a tornado figure.
package sensitivity
