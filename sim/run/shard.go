package run

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
)

// The environment variables a shard can come from.
const (
	envSlurmID    = "SLURM_ARRAY_TASK_ID"
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	envSlurmStep  = "SLURM_ARRAY_TASK_STEP"
	envK8sIndex   = "JOB_COMPLETION_INDEX"
)

// ShardVariables returns the names of the environment variables
// ResolveShard reads.
func ShardVariables() []string {
	return []string{envSlurmID, envSlurmCount, envSlurmMin, envSlurmStep, envK8sIndex}
}

// ShardSpec is how a command line asks for a shard.
type ShardSpec struct {
	// Given says that Spec was given ("K/N", or "off" or "none" for all
	// replications whatever the environment says).
	Given bool
	Spec  string
	// Count, when not 0, is the number of shards of a Kubernetes Indexed
	// Job, whose index is in JOB_COMPLETION_INDEX.
	Count int
}

// ResolveShard returns the shard to run (nil for all replications) and
// where it came from: the spec; else a Slurm array task; else, with a
// Count, a Kubernetes Indexed Job's completion index. getenv reads the
// environment (os.Getenv).
func ResolveShard(spec ShardSpec, getenv func(string) string) (*batch.Shard, string, error) {
	if spec.Given {
		if spec.Spec == "off" || spec.Spec == "none" {
			return nil, "", nil
		}
		s, err := batch.ParseShard(spec.Spec)
		if err != nil {
			return nil, "", usagef("--shard: %v", err)
		}
		return &s, "--shard", nil
	}
	num := func(name string, def int) (int, error) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, usagef("%s=%q is not a whole number", name, v)
		}
		return n, nil
	}
	if spec.Count != 0 {
		if spec.Count < 1 {
			return nil, "", usagef("--shard-count must be at least 1, got %d", spec.Count)
		}
		if getenv(envK8sIndex) == "" {
			return nil, "", usagef("--shard-count needs %s (set by a Kubernetes Indexed Job); use --shard K/N elsewhere", envK8sIndex)
		}
		idx, err := num(envK8sIndex, 0)
		if err != nil {
			return nil, "", err
		}
		s := batch.Shard{Index: idx + 1, Count: spec.Count}
		if err := s.Validate(); err != nil {
			return nil, "", usagef("%s=%d with --shard-count %d: want an index from 0 to %d", envK8sIndex, idx, spec.Count, spec.Count-1)
		}
		return &s, envK8sIndex, nil
	}
	if getenv(envSlurmID) == "" || getenv(envSlurmCount) == "" {
		return nil, "", nil
	}
	var id, count, lo, step int
	for _, v := range []struct {
		name string
		def  int
		dst  *int
	}{{envSlurmID, 0, &id}, {envSlurmCount, 0, &count}, {envSlurmMin, 0, &lo}, {envSlurmStep, 1, &step}} {
		n, err := num(v.name, v.def)
		if err != nil {
			return nil, "", err
		}
		*v.dst = n
	}
	if step < 1 || (id-lo)%step != 0 {
		return nil, "", usagef("%s=%d is not on the array's grid (min %d, step %d)", envSlurmID, id, lo, step)
	}
	s := batch.Shard{Index: (id-lo)/step + 1, Count: count}
	if err := s.Validate(); err != nil {
		return nil, "", usagef("Slurm array task %d of %d (min %d, step %d): %v; submit the array as --array=0-%d",
			id, count, lo, step, err, count-1)
	}
	return &s, fmt.Sprintf("%s=%d", envSlurmID, id), nil
}
