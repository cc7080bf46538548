package main

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/scenario"
)

// batchOptions are the flags that run, compare and sweep share.
type batchOptions struct {
	reps       string
	seed       uint64
	workers    int
	out        string
	horizon    string
	warmup     string
	ciWidth    float64
	metric     string
	maxReps    int
	shard      string
	shardCount int
	resume     string
	force      bool
	patients   bool
	quiet      bool

	// Parsed by validate.
	fixedReps  int // 0: the scenario's
	autoReps   bool
	warmupAuto bool
}

// maxWorkers bounds --workers: each worker holds a replication's model in
// memory, and replications are single-threaded, so workers beyond the
// cores add memory, not speed.
const maxWorkers = 256

// Defaults of the precision-driven mode.
const (
	defaultMaxReps = 1000
	firstRound     = 10 // replications in the first round of --reps auto
	pilotReps      = 10 // replications --warmup auto judges the warm-up on
)

// AddFlags registers the options on fs.
func (o *batchOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.reps, "reps", "", "replications, or auto to add them until --ci-width is reached (default: the scenario's reps)")
	fs.Uint64Var(&o.seed, "seed", 0, "master random seed (default: the scenario's seed)")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "replications run in parallel; never changes results")
	fs.StringVar(&o.out, "out", "", "output directory (default results/<scenario>-<UTC time>; compare-<base>-vs-<alt>-<time>, sweep-<scenario>-<time>)")
	fs.StringVar(&o.horizon, "horizon", "", "simulated length including warm-up, e.g. 365d (default: the scenario's)")
	fs.StringVar(&o.warmup, "warmup", "", "warm-up discarded from statistics, e.g. 30d, or auto (MSER-5) (default: the scenario's)")
	fs.Float64Var(&o.ciWidth, "ci-width", 0, "with --reps auto: stop when the 95% CI half-width of --metric is below this, in the metric's units")
	fs.StringVar(&o.metric, "metric", "bed_days", "with --reps auto: the system-wide metric whose precision decides")
	fs.IntVar(&o.maxReps, "max-reps", defaultMaxReps, "with --reps auto: the most replications to run")
	fs.StringVar(&o.shard, "shard", "", "run only shard K of N of the replications, e.g. 2/4; off ignores Slurm and Kubernetes variables")
	fs.IntVar(&o.shardCount, "shard-count", 0, "number of shards when the shard index comes from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)")
	fs.StringVar(&o.resume, "resume", "", "finish the interrupted run in this directory, reusing its finished replications")
	fs.BoolVar(&o.force, "force", false, "write into a non-empty --out, replacing the files an earlier run (or plot, report) left there")
	fs.BoolVar(&o.patients, "patients", false, "also write patients.csv, one row per patient journey (large)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
}

// validate checks the flags' values on their own.
func (o *batchOptions) validate(fs *pflag.FlagSet) error {
	if o.workers < 1 || o.workers > maxWorkers {
		return usagef("--workers must be from 1 to %d, got %d", maxWorkers, o.workers)
	}
	switch {
	case !fs.Changed("reps"):
	case o.reps == "auto":
		o.autoReps = true
	default:
		n, err := strconv.Atoi(o.reps)
		if err != nil || n < 1 {
			return usagef("--reps must be at least 1 (or auto), got %q", o.reps)
		}
		if n > batch.MaxReps {
			return usagef("--reps must be at most %d, got %d", batch.MaxReps, n)
		}
		o.fixedReps = n
	}
	if o.autoReps {
		if !(o.ciWidth > 0) || math.IsInf(o.ciWidth, 0) {
			return usagef("--reps auto needs --ci-width, the CI half-width to reach (> 0)")
		}
		if o.maxReps < 2 || o.maxReps > batch.MaxReps {
			return usagef("--max-reps must be from 2 to %d, got %d", batch.MaxReps, o.maxReps)
		}
		if o.metric == "" {
			return usagef("--metric must name a metric")
		}
	} else {
		for _, f := range []string{"ci-width", "max-reps"} {
			if fs.Changed(f) {
				return usagef("--%s applies only with --reps auto", f)
			}
		}
	}
	o.warmupAuto = o.warmup == "auto"
	if o.resume != "" && fs.Changed("out") && o.out != o.resume {
		return usagef("--resume DIR writes to DIR; drop --out or give the same directory")
	}
	if o.resume != "" && o.force {
		return usagef("--force starts afresh and --resume keeps what is there; give one")
	}
	return nil
}

// settings are the run settings every scenario of a batch shares.
type settings struct {
	seed uint64
	reps int // fixed count; 0 with --reps auto until the rounds decide
	// horizon and warmup, when set, replace every scenario's own.
	horizon, warmup *scenario.Duration
}

// resolve works out the settings from the flags and the primary scenario.
func (o *batchOptions) resolve(fs *pflag.FlagSet, primary *scenario.Scenario) (*settings, error) {
	s := &settings{seed: primary.Seed, reps: primary.Reps}
	if fs.Changed("seed") {
		s.seed = o.seed
	}
	switch {
	case o.autoReps:
		s.reps = 0
	case o.fixedReps > 0:
		s.reps = o.fixedReps
	}
	for _, f := range []struct {
		name, value string
		dst         **scenario.Duration
	}{{"horizon", o.horizon, &s.horizon}, {"warmup", o.warmup, &s.warmup}} {
		if f.value == "" || (f.name == "warmup" && o.warmupAuto) {
			continue
		}
		d, err := scenario.ParseDuration(f.value)
		if err != nil {
			return nil, usagef("--%s: %v", f.name, err)
		}
		if d < 0 {
			return nil, usagef("--%s must not be negative, got %s", f.name, f.value)
		}
		*f.dst = &d
	}
	return s, nil
}

// apply sets sc's run settings, so that the resolved scenario in the
// manifest describes exactly what ran.
func (s *settings) apply(sc *scenario.Scenario) error {
	sc.Seed = s.seed
	if s.reps > 0 {
		sc.Reps = s.reps
	}
	if s.horizon != nil {
		sc.Horizon = *s.horizon
	}
	if s.warmup != nil {
		sc.Warmup = *s.warmup
	}
	if sc.Warmup >= sc.Horizon {
		return usagef("%s: warm-up (%s) must be shorter than the horizon (%s)", sc.Name, sc.Warmup, sc.Horizon)
	}
	// The scenario's own bounds hold for what the flags set, too.
	if errs := sc.Validate(); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return usagef("%s with the command line's --seed, --reps, --horizon and --warmup: %s", sc.Name, strings.Join(msgs, "; "))
	}
	return nil
}

// shardEnv names the environment variables a shard can come from.
const (
	envSlurmID    = "SLURM_ARRAY_TASK_ID"
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	envSlurmStep  = "SLURM_ARRAY_TASK_STEP"
	envK8sIndex   = "JOB_COMPLETION_INDEX"
)

// resolveShard returns the shard to run (nil for all replications) and
// where it came from: --shard; else a Slurm array task; else, with
// --shard-count, a Kubernetes Indexed Job's completion index.
func (o *batchOptions) resolveShard(fs *pflag.FlagSet, getenv func(string) string) (*batch.Shard, string, error) {
	if fs.Changed("shard") {
		if o.shard == "off" || o.shard == "none" {
			return nil, "", nil
		}
		s, err := batch.ParseShard(o.shard)
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
	if o.shardCount != 0 {
		if o.shardCount < 1 {
			return nil, "", usagef("--shard-count must be at least 1, got %d", o.shardCount)
		}
		if getenv(envK8sIndex) == "" {
			return nil, "", usagef("--shard-count needs %s (set by a Kubernetes Indexed Job); use --shard K/N elsewhere", envK8sIndex)
		}
		idx, err := num(envK8sIndex, 0)
		if err != nil {
			return nil, "", err
		}
		s := batch.Shard{Index: idx + 1, Count: o.shardCount}
		if err := s.Validate(); err != nil {
			return nil, "", usagef("%s=%d with --shard-count %d: want an index from 0 to %d", envK8sIndex, idx, o.shardCount, o.shardCount-1)
		}
		return &s, envK8sIndex, nil
	}
	if getenv(envSlurmID) == "" || getenv(envSlurmCount) == "" {
		return nil, "", nil
	}
	id, err := num(envSlurmID, 0)
	if err != nil {
		return nil, "", err
	}
	count, err := num(envSlurmCount, 0)
	if err != nil {
		return nil, "", err
	}
	lo, err := num(envSlurmMin, 0)
	if err != nil {
		return nil, "", err
	}
	step, err := num(envSlurmStep, 1)
	if err != nil {
		return nil, "", err
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
