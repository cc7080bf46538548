package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Scenario roles in a manifest.
const (
	roleBase  = "base"
	roleAlt   = "alternative"
	rolePoint = "point"
)

// plan is what a run, comparison or sweep will simulate: one or more
// scenarios with shared run settings.
type plan struct {
	command string
	// primary is the scenario the manifest's top-level fields describe:
	// the one run, the comparison's base, or the swept file as written. It
	// is jobs[0] except in a sweep.
	primary *job
	jobs    []*job
	sets    []output.Set
	seed    uint64
	// reps is the replication count; 0 with --reps auto until decided.
	reps  int
	shard *batch.Shard
	// patients keeps every patient's journey for patients.csv.
	patients bool
	// censusDay, when set, asks replication 0 for the census at the
	// midnight starting that day, for census.csv.
	censusDay *int
	// warmupAuto and precision explain automatic choices; a rerun carries
	// them over from the manifest it repeats.
	warmupAuto *output.WarmupAuto
	precision  *output.Precision
}

// job is one scenario of a plan.
type job struct {
	role      string
	file      string
	values    []string // a sweep point's values
	overrides []scenario.Override
	sc        *scenario.Scenario
	// The scenario's own settings, before the run's were applied.
	ownSeed               uint64
	ownHorizon, ownWarmup scenario.Duration
}

// scenarios returns the jobs' scenarios.
func (p *plan) scenarios() []*scenario.Scenario {
	scs := make([]*scenario.Scenario, len(p.jobs))
	for i, j := range p.jobs {
		scs[i] = j.sc
	}
	return scs
}

// newPlan loads the jobs' scenarios (the primary too when it is not a
// job), works out the run settings from the primary with resolve, and
// applies them to every scenario.
func newPlan(command string, primary *job, jobs []*job, sets []output.Set,
	resolve func(primary *scenario.Scenario) (*settings, error)) (*plan, error) {
	var errs scenario.Errors
	seen := map[string]bool{}
	load := func(j *job) {
		if j.sc != nil {
			return
		}
		sc, err := scenario.LoadWith(j.file, j.overrides...)
		if err != nil {
			var es scenario.Errors
			if !errors.As(err, &es) {
				errs = append(errs, &scenario.Error{File: j.file, Msg: err.Error(), Err: err})
				return
			}
			for _, e := range es {
				if !seen[e.Error()] {
					seen[e.Error()] = true
					errs = append(errs, e)
				}
			}
			return
		}
		// What the run reads beyond the file (the census) is bad input
		// too, reported now rather than as an internal error later.
		if _, err := model.Prepare(sc); err != nil {
			errs = append(errs, &scenario.Error{File: j.file, Msg: err.Error(), Err: err})
			return
		}
		j.sc = sc
		j.ownSeed, j.ownHorizon, j.ownWarmup = sc.Seed, sc.Horizon, sc.Warmup
	}
	load(primary)
	if primary.sc != nil && len(jobs) > 1 {
		if err := checkManifestSize(primary, len(jobs)); err != nil {
			return nil, err
		}
	}
	for _, j := range jobs {
		load(j)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	s, err := resolve(primary.sc)
	if err != nil {
		return nil, err
	}
	if s.reps > batch.MaxReps {
		// Flags are checked on their own, so this count is the file's.
		return nil, &inputError{fmt.Errorf("%s: reps: %d replications: at most %d are run in one batch", primary.file, s.reps, batch.MaxReps)}
	}
	if s.reps > 0 {
		if err := batch.CheckSize(s.reps, len(jobs)); err != nil {
			return nil, usagef("%v; run fewer replications or scenarios", err)
		}
	}
	p := &plan{command: command, primary: primary, jobs: jobs, sets: sets, seed: s.seed, reps: s.reps}
	for _, j := range p.all() {
		if err := s.apply(j.sc); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// all returns the primary and the jobs (the primary once).
func (p *plan) all() []*job {
	if slices.Contains(p.jobs, p.primary) {
		return p.jobs
	}
	return append([]*job{p.primary}, p.jobs...)
}

// manifest describes the plan as it ran: the output.Manifest without its
// Run and Files sections. version is the tool's.
func (p *plan) manifest(version string, keys []string) (*output.Manifest, error) {
	primary, err := describe(p.primary)
	if err != nil {
		return nil, err
	}
	m := &output.Manifest{
		Tool:           "flowsim",
		Version:        version,
		Command:        p.command,
		Scenario:       p.primary.sc.Name,
		ScenarioFile:   p.primary.file,
		ScenarioSHA256: primary.SHA256,
		Seed:           p.seed,
		Reps:           p.reps,
		Horizon:        p.primary.sc.Horizon.String(),
		Warmup:         p.primary.sc.Warmup.String(),
		HorizonDays:    p.primary.sc.Horizon.Days(),
		WarmupDays:     p.primary.sc.Warmup.Days(),
		WarmupAuto:     p.warmupAuto,
		Precision:      p.precision,
		Sets:           p.sets,
		Patients:       p.patients,
		CensusDay:      p.censusDay,
	}
	if p.shard != nil {
		m.Shard = &output.Shard{Index: p.shard.Index, Count: p.shard.Count}
	}
	for i, j := range p.jobs {
		e, err := describe(j)
		if err != nil {
			return nil, err
		}
		e.CheckpointKey = keys[i]
		e.Checkpoints = checkpointDir + "/" + keys[i][:16]
		m.Scenarios = append(m.Scenarios, e)
	}
	return m, nil
}

// describe returns j's manifest entry (without checkpoints).
func describe(j *job) (output.ScenarioEntry, error) {
	resolved, err := j.sc.CanonicalJSON()
	if err != nil {
		return output.ScenarioEntry{}, fmt.Errorf("encode resolved scenario %s: %w", j.sc.Name, err)
	}
	sha, _ := j.sc.SHA256()
	return output.ScenarioEntry{Role: j.role, Name: j.sc.Name, File: j.file, Values: j.values, SHA256: sha,
		Resolved: json.RawMessage(resolved)}, nil
}

// checkManifestSize refuses a plan of n scenarios like sample whose
// manifest would be larger than flowsim reads back (inputfile.Manifest):
// the manifest holds every scenario's resolved form, so a huge sweep of a
// large scenario would run to the end and leave a run that merge, plot,
// report and --manifest cannot read. The points of a sweep are alike, so
// one entry, as WriteManifest indents it, stands for all; it is checked
// before the other points are loaded.
func checkManifestSize(sample *job, n int) error {
	e, err := describe(sample)
	if err != nil {
		return err
	}
	e.CheckpointKey, e.Checkpoints = strings.Repeat("0", 64), "reps/"+strings.Repeat("0", 16)
	b, err := json.MarshalIndent(e, "    ", "  ")
	if err != nil {
		return err
	}
	size := int64(len(b)+64)*int64(n) + int64(len(b)) // the entries, and the top level
	if limit := inputfile.Manifest.MaxBytes; size > limit {
		return usagef("%d scenarios of about %d KiB each: the manifest would be about %d MiB, more than the %d MiB flowsim reads back; run fewer points",
			n, len(b)>>10, size>>20, limit>>20)
	}
	return nil
}

// checkRunnable checks what a batch needs of its scenarios: distinct names
// in a comparison (the scenario column tells them apart).
func (p *plan) checkRunnable() error {
	if p.command != "compare" {
		return nil
	}
	for i, a := range p.jobs {
		for _, b := range p.jobs[:i] {
			if a.sc.Name == b.sc.Name {
				return &inputError{fmt.Errorf("%s and %s are both named %q; set a distinct name: in one of them", b.file, a.file, a.sc.Name)}
			}
		}
	}
	return nil
}

// grid returns every combination of the sets' values, the first set
// varying slowest.
func grid(sets []output.Set) [][]string {
	points := [][]string{nil}
	for _, s := range sets {
		var next [][]string
		for _, p := range points {
			for _, v := range s.Values {
				next = append(next, append(slices.Clip(p), v))
			}
		}
		points = next
	}
	return points
}
