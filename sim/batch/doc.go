// Package batch runs replications of a scenario in parallel and combines
// their results in replication order, so the combined results do not depend
// on how many workers ran them or in which order they finished.
package batch
