// Package priors reads and writes the two files that carry parameter
// uncertainty through flowsim: a priors file, which says which scenario
// values are unknown, over what range and on whose authority, and an
// ensemble file, a list of named parameter sets (each a list of --set
// overrides) that history matching found plausible.
//
// # Priors file
//
//	# unknowns of the Notts baseline (comments describe the file)
//	priors:
//	  - name: nuh_hub_assessment          # a column name: letters, digits, _
//	    path: [sites.qmc.hub.assessment.mean, sites.qmc.hub.assessment.sd]
//	    scale: true                       # min/max are factors of the base value
//	    dist: loguniform                  # uniform (default), loguniform, triangular, normal
//	    min: 0.5
//	    max: 2
//	    source: no local figure; baselines with 8 h and 30 h both meet the targets
//	    grade: E
//	  - name: tertiary_arrivals
//	    path: places.tertiary.arrivals
//	    min: 7300/y                       # written as the scenario writes it
//	    max: 14600/y
//	    source: ...
//	    grade: E
//
// Each prior is one uncertain number x. Without scale, x is written at
// every path, so min, max (and mode, mean, sd) carry the unit the scenario
// uses there: "8h", "6.5d", "29273/y", or a bare number for counts, shares
// and factors. With scale: true they are bare factors and each path gets
// x times its value in the base scenario, so one prior can move several
// values together (a mean and its sd, one capacity at three sites).
// integer: true rounds the value written (not x) to the nearest whole
// number, for capacities and staff.
//
// Shares that must sum to 1 stay valid with rest: KEY, naming the share
// that takes up the change: the path with its last segment that can be
// replaced by KEY to give a share of the base scenario — the sibling p0
// of cohorts.fit.pathways.p1, or cohorts.under65.share for
// cohorts.fit.share. After every prior is applied, each rest share is its
// base value minus the sum of the changes made to the shares that name it. Perturbing the p1, p2 and p3 shares of a
// cohort with rest: p0 leaves p0 = 1 − p1 − p2 − p3. Bind checks that every
// rest share stays within [0, 1] over the whole box, which, as each rest
// is linear in the priors, holds at every point once it holds at the
// worst corners.
//
// Every prior needs a source (who says so, or why it is an estimate) and
// a grade: S (seed document), P (public data), D (derived), E (estimate),
// or a combination such as P/E, as the shipped scenarios grade their
// values.
//
// # The unit hypercube
//
// History matching and sensitivity analysis work in [0,1]^d. Space.Values
// maps a point u of the cube to prior values through each prior's
// quantile function, so a uniform design in the cube is a design from the
// priors, and Space.Overrides turns it into the overrides that load the
// scenario at that point.
package priors
