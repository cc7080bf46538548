// Package ensemble summarises the savings of alternatives across an
// ensemble of plausible baselines (the parameter sets that calibration by
// history matching could not rule out), so that an interval shows what is
// not known about the parameters as well as the dice.
//
// Input is, for each plausible point j, the paired per-replication savings
// of each alternative a: savings[j][a][r] = base − alternative in
// replication r of point j, run with common random numbers. Summarize
// returns per alternative the within-point paired mean and t-interval, the
// ensemble distribution of those paired means, an interval that includes
// parameter uncertainty, and the probabilities of each order of the
// alternatives across points. Every point counts equally (the plausible set
// is a uniform sample of what is left of the prior space).
//
// The results depend on the set of points, not on their order: means are
// summed in sorted order and probabilities are counts.
package ensemble
