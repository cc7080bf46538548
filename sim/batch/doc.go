// Package batch runs replications of scenarios in parallel and combines
// their results in replication order, so the combined results do not depend
// on how many workers ran them, in which order they finished, on which
// machine (Shard) or in how many sittings (Store).
//
// Every scenario of a Batch draws replication r from the same streams, so
// scenarios are compared on the same patients (common random numbers) and
// Compare pairs them. A Store checkpoints each finished replication
// atomically, so an interrupted batch resumes where it stopped and shards
// run on different machines merge into the results of one run. Sequential
// adds replications in rounds until an interval is narrow enough, and
// ProposeWarmup chooses a warm-up by MSER-5 on daily occupancy.
package batch
