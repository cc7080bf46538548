// Package rng derives independent, reproducible random-number streams from
// one master seed.
//
// Every replication, and inside it every purpose (arrivals at a place,
// length of stay at a site, routing…), gets its own PCG stream whose seed is
// a hash of (master seed, replication, stream name). Streams are therefore
// independent of the order in which they are created and of each other:
// adding a new named stream never shifts the numbers an existing one
// produces, and replication r draws the same numbers whichever worker runs
// it. Two scenarios run with the same seed see the same arrivals and the
// same patient needs (common random numbers), so their differences pair.
package rng
