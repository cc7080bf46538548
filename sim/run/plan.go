package run

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
	// reps is the replication count; 0 with AutoReps until decided.
	reps  int
	shard *batch.Shard
	// patients keeps every patient's journey for patients.csv.
	patients bool
	// patientsGzip writes patients.csv.gz instead of patients.csv.
	patientsGzip bool
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
	// mp is sc's prepared plan, made once sc's run settings are final and
	// shared by every replication.
	mp *model.Plan
	// The scenario's own seed, before the run's was applied.
	ownSeed uint64
}

// scenarios returns the jobs' scenarios.
func (p *plan) scenarios() []*scenario.Scenario {
	scs := make([]*scenario.Scenario, len(p.jobs))
	for i, j := range p.jobs {
		scs[i] = j.sc
	}
	return scs
}

// modelPlans returns the jobs' prepared plans.
func (p *plan) modelPlans() []*model.Plan {
	mps := make([]*model.Plan, len(p.jobs))
	for i, j := range p.jobs {
		mps[i] = j.mp
	}
	return mps
}

// newPlan loads the jobs' scenarios (the primary too when it is not a
// job), works out the run settings from the primary, applies them to
// every scenario and prepares each job's model plan.
func newPlan(command string, primary *job, jobs []*job, sets []output.Set, o *Options) (*plan, error) {
	var errs scenario.Errors
	seen := map[string]bool{}
	add := func(e *scenario.Error) {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			errs = append(errs, e)
		}
	}
	load := func(j *job) {
		if j.sc != nil {
			return
		}
		sc, err := scenario.LoadWith(j.file, j.overrides...)
		if err != nil {
			var es scenario.Errors
			if !errors.As(err, &es) {
				add(&scenario.Error{File: j.file, Msg: err.Error(), Err: err})
				return
			}
			for _, e := range es {
				add(e)
			}
			return
		}
		j.sc = sc
		j.ownSeed = sc.Seed
		for _, w := range sc.Warnings {
			switch {
			case o.Strict:
				add(&scenario.Error{File: w.File, Line: w.Line, Field: w.Field, Msg: w.Msg + " (an error under --strict)"})
			case !seen["warning\x00"+w.Error()]:
				seen["warning\x00"+w.Error()] = true
				o.note("warning: %s", w)
			}
		}
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
	s, err := o.resolve(primary.sc)
	if err != nil {
		return nil, err
	}
	if s.reps > batch.MaxReps {
		// The options are checked on their own, so this count is the file's.
		return nil, inputf("%s: reps: %d replications: at most %d are run in one batch", primary.file, s.reps, batch.MaxReps)
	}
	if s.reps > 0 {
		if err := batch.CheckSize(s.reps, len(jobs)); err != nil {
			return nil, usagef("%v; run fewer replications or scenarios", err)
		}
	}
	p := &plan{command: command, primary: primary, jobs: jobs, sets: sets, seed: s.seed, reps: s.reps,
		patients: o.Patients, patientsGzip: o.Patients && o.PatientsGzip, censusDay: o.CensusDay, shard: o.Shard}
	for _, j := range p.all() {
		if err := s.apply(j.sc); err != nil {
			return nil, err
		}
	}
	if err := p.prepare(); err != nil {
		return nil, err
	}
	return p, nil
}

// prepare builds every job's model plan from its scenario as it will run.
// What the run reads beyond the scenario file (the census) is checked
// here, so a bad one is bad input naming the file, not a failure later.
func (p *plan) prepare() error {
	var errs scenario.Errors
	seen := map[string]bool{}
	for _, j := range p.jobs {
		mp, err := model.Prepare(j.sc)
		if err != nil {
			e := &scenario.Error{File: j.file, Msg: err.Error(), Err: err}
			if !seen[e.Error()] {
				seen[e.Error()] = true
				errs = append(errs, e)
			}
			continue
		}
		j.mp = mp
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
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
		PatientsGzip:   p.patientsGzip,
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
		e.Checkpoints = CheckpointDir + "/" + keys[i][:16]
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
// report and a rerun cannot read. The points of a sweep are alike, so
// one entry, as WriteManifest indents it, stands for all; it is checked
// before the other points are loaded.
func checkManifestSize(sample *job, n int) error {
	e, err := describe(sample)
	if err != nil {
		return err
	}
	e.CheckpointKey, e.Checkpoints = strings.Repeat("0", 64), CheckpointDir+"/"+strings.Repeat("0", 16)
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
				return inputf("%s and %s are both named %q; set a distinct name: in one of them", b.file, a.file, a.sc.Name)
			}
		}
	}
	return nil
}

// setReps fixes the replication count of every scenario.
func (p *plan) setReps(n int) {
	p.reps = n
	for _, j := range p.all() {
		j.sc.Reps = n
	}
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
