package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/run"
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
	patientsGz bool
	quiet      bool
	strict     bool
}

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
	fs.IntVar(&o.maxReps, "max-reps", run.DefaultMaxReps, "with --reps auto: the most replications to run")
	fs.StringVar(&o.shard, "shard", "", "run only shard K of N of the replications, e.g. 2/4; off ignores Slurm and Kubernetes variables")
	fs.IntVar(&o.shardCount, "shard-count", 0, "number of shards when the shard index comes from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)")
	fs.StringVar(&o.resume, "resume", "", "finish the interrupted run in this directory, reusing its finished replications")
	fs.BoolVar(&o.force, "force", false, "write into a non-empty --out, replacing the files an earlier run (or plot, report) left there")
	fs.BoolVar(&o.patients, "patients", false, "also write patients.csv, one row per patient journey (large)")
	fs.BoolVar(&o.patientsGz, "patients-gzip", false, "also write patients.csv.gz: patients.csv gzip-compressed (about a quarter of the size; pandas and R read it as it is)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	fs.BoolVar(&o.strict, "strict", false, "treat the scenarios' warnings (an extends file adding a site, place or cohort its base lacks; a site with no arrivals; a unit no patient can reach) as errors")
}

// options turns the parsed flags into the run package's Options; the run
// package checks the values, this only what is about flags.
func (o *batchOptions) options(fs *pflag.FlagSet, args []string, stderr io.Writer) (run.Options, error) {
	ro := run.Options{Workers: o.workers, Horizon: o.horizon, Warmup: o.warmup, Out: o.out, Resume: o.resume,
		Force: o.force, Patients: o.patients || o.patientsGz, PatientsGzip: o.patientsGz, Strict: o.strict, CIWidth: o.ciWidth, Metric: o.metric, MaxReps: o.maxReps,
		Version: versionString(), Program: programName(), Args: args,
		Hint:  func(command, dir string) string { return resumeHint(command, fs, dir) },
		Alert: func(msg string) { printError(stderr, "flowsim: ", errorString(msg)) },
	}
	if o.workers < 1 {
		// Checked here too, as the run package reads 0 as one worker.
		return ro, usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, o.workers)
	}
	switch {
	case !fs.Changed("reps"):
	case o.reps == "auto":
		ro.AutoReps = true
	default:
		n, err := strconv.Atoi(o.reps)
		if err != nil || n < 1 {
			return ro, usagef("--reps must be at least 1 (or auto), got %q", o.reps)
		}
		if n > batch.MaxReps {
			return ro, usagef("--reps must be at most %d, got %d", batch.MaxReps, n)
		}
		ro.Reps = n
	}
	if !ro.AutoReps {
		for _, f := range []string{"ci-width", "max-reps"} {
			if fs.Changed(f) {
				return ro, usagef("--%s applies only with --reps auto", f)
			}
		}
	}
	if fs.Changed("seed") {
		ro.Seed = &o.seed
	}
	if !o.quiet {
		ro.Note = func(msg string) { printError(stderr, "flowsim: ", errorString(msg)) }
		ro.Progress = newProgress(stderr, false)
	}
	if o.manifestOnly(fs) {
		return ro, nil
	}
	shard, from, err := run.ResolveShard(run.ShardSpec{Given: fs.Changed("shard"), Spec: o.shard, Count: o.shardCount}, os.Getenv)
	ro.Shard, ro.ShardFrom = shard, from
	return ro, err
}

// manifestOnly reports whether this is a rerun, whose shard is the
// manifest's.
func (o *batchOptions) manifestOnly(fs *pflag.FlagSet) bool {
	f := fs.Lookup("manifest")
	return f != nil && f.Value.String() != ""
}

// resumeHint returns the shell command that finishes an interrupted run:
// the command line as parsed (fs), with --resume DIR in place of --out,
// --resume and --force, every word quoted for a POSIX shell. It is built
// from the parsed flags rather than the raw arguments, so that a flag
// value that looks like a flag ("--metric --out") or a file name with
// spaces survives.
func resumeHint(command string, fs *pflag.FlagSet, dir string) string {
	words := []string{programName(), command, "--resume", dir}
	fs.Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "out", "resume", "force":
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				words = append(words, "--"+f.Name+"="+v)
			}
			return
		}
		if f.Value.Type() == "bool" && f.Value.String() == "true" {
			words = append(words, "--"+f.Name)
			return
		}
		words = append(words, "--"+f.Name+"="+f.Value.String())
	})
	if args := fs.Args(); len(args) > 0 {
		// After --, a file whose name starts with - is still a file.
		if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-") }) {
			words = append(words, "--")
		}
		words = append(words, args...)
	}
	return run.ShellJoin(words)
}

// programName is how to call flowsim in a suggested command: as it was
// called (bin/flowsim) when that was flowsim itself, else flowsim.
func programName() string {
	if len(os.Args) > 0 && filepath.Base(os.Args[0]) == "flowsim" {
		return os.Args[0]
	}
	return "flowsim"
}
