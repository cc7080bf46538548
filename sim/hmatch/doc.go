// Package hmatch calibrates a stochastic simulator by history matching in
// waves, as the hmer R package does and as Andrianakis et al. (2015),
// "Bayesian history matching of complex infectious disease models using
// emulation", describe: instead of searching for one best fit, it rules
// out the parameter values that cannot reproduce the targets, and what is
// left — the plausible set — carries the uncertainty the targets leave.
//
// The space is the unit hypercube [0,1]^d (sim/priors maps it to scenario
// values). A wave runs each of its points a few times under common random
// numbers and computes, per target k, the implausibility
//
//	I_k = |z_k − mean_k| / sqrt(V_obs,k + V_disc,k + V_sim,k / n)
//
// from the replications' mean and sample variance V_sim,k over n
// replications, the target z_k with its observation variance V_obs,k and
// the model discrepancy variance V_disc,k. A point is ruled out when the
// Order-th largest I_k (the maximum, the second or the third: allowing
// one or two targets to miss guards against one target the model cannot
// reach by design) exceeds Cutoff, 3 by Pukelsheim's three-sigma rule.
//
// The next wave is sampled inside what is left, screened by emulators:
// after each wave, each target gets a regression (quadratic, or linear
// plus squares, or linear, as many runs allow) of its point means on the
// point, fitted to that wave's runs. Its prediction variance s²(1 + h(x))
// — residual variance times one plus the leverage — stands in for
// V_sim/n and for the emulator's own error. A candidate for wave k+1 must
// be non-implausible under the emulators of every wave so far: the
// refocusing of history matching, in which each wave's emulator is
// trusted only inside the region it was trained on, which holds every
// later one. Candidates come from a shifted Sobol sequence, so the first
// survivors are spread over the region; when the region is too small for
// the sequence to find enough, the rest are drawn around the survivors
// (and the previous wave's plausible points) with Gaussian steps of the
// survivors' spread, screened the same way. When nothing survives at all,
// the sixteen candidates the emulators find least implausible walk
// downhill on that implausibility (random steps, halved after repeated
// failures) and those that reach the region become the centres; if none
// does, the match stops and says so (Result.Stopped).
//
// The share of the space ruled out after each wave is estimated by the
// emulators over a fixed Sobol set of VolumePoints points (the share of
// it implausible under any wave's emulators so far); RuledOutRuns is the
// share of the wave's own points that their runs ruled out. Both are
// reported. As sim/priors maps the cube through each prior's quantile
// function, a share of the cube is a share of prior probability.
//
// Results are deterministic for any number of workers: every point is
// evaluated independently, written to its own slot, and everything else
// is computed in point order.
package hmatch
