// Package design builds space-filling designs in the unit hypercube
// [0,1)^d: the points at which an uncertain model is run before anything
// is known about where its good parameter values lie.
//
// LatinHypercube is gonum's stratified sampler; Sobol is the Sobol
// low-discrepancy sequence with the Joe–Kuo (2008) direction numbers, whose
// first 2^k points put exactly 2^(k-j) points in each of the 2^j equal
// slices of every axis. Every design is deterministic given its source of
// randomness (a stream from sim/rng); none uses a global generator.
package design
