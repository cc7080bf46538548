// Package dist provides the duration distributions that drive the
// simulation: lengths of stay, delays, service times.
//
// Every distribution is a small value type with exported parameters and a
// validating constructor (NewLogNormalMeanSD, NewGamma, ...) that returns an
// error, never panics, for parameters a scenario file could contain: NaN,
// infinities, non-positive scales, min > max and so on. Build values through
// the constructors; a literal such as Gamma{Shape: -1} is not checked and
// samples garbage.
//
// Values are plain float64 and the package does not care about units; the
// model passes hours. Every distribution describes a non-negative quantity.
//
// Sampling takes the random stream explicitly, as a *math/rand/v2.Rand, so
// each replication and each process can own its stream (there is no global
// generator here). Sample is on the simulation hot path: it does not
// allocate, and it does not use gonum's distuv Rand methods, which build a
// new rand.Rand on every draw. gonum is used where it does not cost per draw,
// e.g. in the tests, to cross-check means, variances and quantiles.
//
// Mean and Variance are exact (analytic), not estimated, so they can be shown
// next to simulation output and used to check it.
package dist
