// Package run owns a flowsim run's life cycle and its directory: it turns
// scenario files and run settings into a plan, executes the plan as a
// batch of replications (all of them, a shard, or rounds until a
// precision is reached), checkpoints every replication so that an
// interrupted run resumes, merges the shards of one run, reruns a run from
// its manifest, and writes the output files and the manifest.
//
// One call per command: Run, Compare, Sweep, Rerun and Merge each take
// Options and return a Result describing the finished run; the command
// line only turns flags into Options and prints the Result.
//
// A run directory holds the output files, manifest.json (written last, so
// its presence means the run finished) and the checkpoints:
//
//	reps/run.json                  what is being run, for a resume to check
//	reps/<key>/<rep>.rep           one checkpoint per finished replication
//
// Outputs depend only on the scenarios, the seed and the replication
// numbers: never on the workers, the shard split, or which replications
// came from checkpoints.
package run
