package run

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/scenario"
)

// MaxWorkers bounds Options.Workers: each worker holds a replication's
// model in memory, and replications are single-threaded, so workers beyond
// the cores add memory, not speed.
const MaxWorkers = 256

// Defaults of the precision-driven mode.
const (
	// DefaultMaxReps is Options.MaxReps's usual value.
	DefaultMaxReps = 1000
	firstRound     = 10 // replications in the first round of AutoReps
	pilotReps      = 10 // replications the warm-up pilot judges the warm-up on
)

// WarmupAuto is the Options.Warmup that asks for the warm-up to be chosen
// by MSER-5 on pilot replications.
const WarmupAuto = "auto"

// Options are the settings of a run, comparison, sweep or rerun, and how
// it reports while it works. The zero value runs the scenarios' own
// settings with one worker into a new directory under results/, silently.
type Options struct {
	// Reps, when positive, replaces the scenarios' replication count.
	Reps int
	// AutoReps adds replications in rounds until the 95% CI half-width of
	// Metric (system-wide) is below CIWidth, or MaxReps are run.
	AutoReps bool
	CIWidth  float64
	Metric   string
	MaxReps  int
	// Seed, when not nil, replaces the scenarios' master seed.
	Seed *uint64
	// Horizon and Warmup, when not empty, replace every scenario's (a
	// duration such as "365d"); Warmup may be WarmupAuto.
	Horizon, Warmup string
	// Workers bounds the replications run at once (1 to MaxWorkers; 0 is
	// 1). It never changes the results.
	Workers int
	// Out is the run directory; empty: a new one under results/ named
	// after the run and its start time.
	Out string
	// Resume finishes the interrupted run in this directory.
	Resume string
	// Force writes into an Out holding another run, replacing its files.
	Force bool
	// Patients also writes patients.csv.
	Patients bool
	// PatientsGzip, with Patients, writes it gzip-compressed as
	// patients.csv.gz instead.
	PatientsGzip bool
	// CensusDay, when not nil, writes census.csv: replication 0's patients
	// at the midnight starting that day (Run only).
	CensusDay *int
	// Shard, when not nil, runs only that shard of the replications;
	// ShardFrom says where it came from, for a note ("--shard" needs none).
	Shard     *batch.Shard
	ShardFrom string

	// Version is the tool's version, recorded in the manifest and in the
	// checkpoint keys.
	Version string
	// Program is how to call flowsim in a suggested command.
	Program string
	// Args is the command line, recorded in run.json so that a refused
	// resume can say which command line started the run.
	Args []string
	// Hint returns the shell command that finishes an interrupted run in
	// dir; nil: Program, the command and --resume dir.
	Hint func(command, dir string) string

	// Strict makes the scenarios' warnings (an extends file adding a
	// site its base lacks, a site with no arrivals) errors.
	Strict bool

	// Note receives remarks (a resumed run, a warm-up chosen, a
	// scenario's warnings); nil drops them.
	Note func(msg string)
	// Alert receives what must be shown even when notes are not: how to
	// finish a run being interrupted. nil drops it.
	Alert func(msg string)
	// Progress, when not nil, follows the replications.
	Progress Progress
}

// Progress follows a batch: Start begins a phase ("replications",
// "warm-up pilot"), Update reports done of total (from worker goroutines,
// one call at a time), Done ends the phase.
type Progress interface {
	Start(label string)
	Update(done, total int)
	Done()
}

// check checks the options' values on their own.
func (o *Options) check() error {
	if o.Workers == 0 {
		o.Workers = 1
	}
	if o.Workers < 1 || o.Workers > MaxWorkers {
		return usagef("--workers must be from 1 to %d, got %d", MaxWorkers, o.Workers)
	}
	if o.Reps < 0 || o.Reps > batch.MaxReps {
		return usagef("--reps must be from 1 to %d, got %d", batch.MaxReps, o.Reps)
	}
	if o.AutoReps {
		if !(o.CIWidth > 0) || math.IsInf(o.CIWidth, 0) {
			return usagef("--reps auto needs --ci-width, the CI half-width to reach (> 0)")
		}
		if o.MaxReps < 2 || o.MaxReps > batch.MaxReps {
			return usagef("--max-reps must be from 2 to %d, got %d", batch.MaxReps, o.MaxReps)
		}
		if o.Metric == "" {
			return usagef("--metric must name a metric")
		}
	}
	if o.Resume != "" && o.Out != "" && o.Out != o.Resume {
		return usagef("--resume DIR writes to DIR; drop --out or give the same directory")
	}
	if o.Resume != "" && o.Force {
		return usagef("--force starts afresh and --resume keeps what is there; give one")
	}
	if o.Shard != nil {
		if err := o.Shard.Validate(); err != nil {
			return usagef("--shard: %v", err)
		}
		if o.AutoReps {
			return usagef("--reps auto cannot be sharded (the rounds need every replication); give a number of replications, or --shard off")
		}
	}
	return nil
}

func (o *Options) note(format string, a ...any) {
	if o.Note != nil {
		o.Note(fmt.Sprintf(format, a...))
	}
}

func (o *Options) hint(command, dir string) string {
	if o.Hint != nil {
		return o.Hint(command, dir)
	}
	return ShellJoin([]string{o.program(), command, "--resume", dir})
}

func (o *Options) program() string {
	if o.Program == "" {
		return "flowsim"
	}
	return o.Program
}

// settings are the run settings every scenario of a batch shares.
type settings struct {
	seed uint64
	reps int // fixed count; 0 with AutoReps until the rounds decide
	// horizon and warmup, when set, replace every scenario's own.
	horizon, warmup *scenario.Duration
}

// resolve works out the settings from the options and the primary
// scenario.
func (o *Options) resolve(primary *scenario.Scenario) (*settings, error) {
	s := &settings{seed: primary.Seed, reps: primary.Reps}
	if o.Seed != nil {
		s.seed = *o.Seed
	}
	switch {
	case o.AutoReps:
		s.reps = 0
	case o.Reps > 0:
		s.reps = o.Reps
	}
	for _, f := range []struct {
		name, value string
		dst         **scenario.Duration
	}{{"horizon", o.Horizon, &s.horizon}, {"warmup", o.Warmup, &s.warmup}} {
		if f.value == "" || (f.name == "warmup" && f.value == WarmupAuto) {
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
	// The scenario's own bounds hold for what the options set, too.
	if errs := sc.Validate(); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return usagef("%s with the command line's --seed, --reps, --horizon and --warmup: %s", sc.Name, strings.Join(msgs, "; "))
	}
	return nil
}

// checkCensusDay checks a census day against the horizon of sc, the
// scenario run: the census is taken at a midnight before the horizon.
func checkCensusDay(day *int, sc *scenario.Scenario) error {
	if day == nil {
		return nil
	}
	h := sc.Horizon.Days()
	last := int(math.Ceil(h)) - 1
	if *day < 0 || float64(*day) >= h {
		return usagef("--write-census must be a whole day from 0 to %d (the horizon is %s days), got %d",
			last, strconv.FormatFloat(h, 'g', 6, 64), *day)
	}
	return nil
}
