// Package stats holds the arithmetic of simulation output: streaming tallies
// and time-weighted averages used inside a replication, and summaries with
// confidence intervals across replications.
package stats
