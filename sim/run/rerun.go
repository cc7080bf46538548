package run

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Rerun repeats the run the manifest at path records: the same scenario
// files (and sweep values), seed, replications, horizon, warm-up and
// shard; of o, only the workers, the output directory (Out, Resume,
// Force) and the reporting apply. It refuses if a scenario no longer
// resolves to the recorded hash, since the rerun would then not reproduce
// the run. Scenario files are found by the paths the manifest records,
// relative to the working directory, as they were given when the run was
// made.
func Rerun(ctx context.Context, path string, o Options) (*Result, error) {
	o.Reps, o.AutoReps, o.Seed, o.Horizon, o.Warmup, o.Shard, o.Patients, o.PatientsGzip, o.CensusDay = 0, false, nil, "", "", nil, false, false, nil
	if err := o.check(); err != nil {
		return nil, err
	}
	m, err := output.Verify(path)
	if err != nil {
		return nil, &InputError{fmt.Errorf("--manifest: %w", err)}
	}
	noteUnsealed(m, path, o.Note)
	if m.Version != o.Version {
		o.note("warning: %s was written by flowsim %s; this is %s, whose results may differ", path, m.Version, o.Version)
	}
	if err := batch.CheckSize(m.Reps, len(m.Scenarios)); err != nil {
		return nil, inputf("--manifest %s: %w", path, err)
	}
	var paths []scenario.Path
	for _, s := range m.Sets {
		p, err := scenario.ParsePath(s.Path)
		if err != nil {
			return nil, inputf("--manifest %s: sets: %w", path, err)
		}
		paths = append(paths, p)
	}
	var jobs []*job
	for _, e := range m.Scenarios {
		if len(e.Values) != len(paths) {
			return nil, inputf("--manifest %s: scenario %s has %d values for %d sets", path, e.Name, len(e.Values), len(paths))
		}
		j := &job{role: e.Role, file: e.File, values: e.Values}
		for i, v := range e.Values {
			j.overrides = append(j.overrides, scenario.Override{Path: paths[i], Value: v})
		}
		if err := j.reload(path, e.SHA256, e.Resolved); err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	primary := jobs[0]
	if m.Command == "sweep" {
		primary = &job{file: m.ScenarioFile}
		top, _ := json.Marshal(map[string]any{"seed": m.Seed, "reps": m.Reps, "horizon": m.Horizon, "warmup": m.Warmup})
		if err := primary.reload(path, m.ScenarioSHA256, top); err != nil {
			return nil, err
		}
	}
	switch m.Command {
	case "run", "compare", "sweep":
	default:
		return nil, inputf("--manifest %s: unknown command %q", path, m.Command)
	}
	p := &plan{command: m.Command, primary: primary, jobs: jobs, sets: m.Sets, seed: m.Seed, reps: m.Reps,
		patients: m.Patients, patientsGzip: m.PatientsGzip, censusDay: m.CensusDay, warmupAuto: m.WarmupAuto, precision: m.Precision}
	if m.Shard != nil {
		p.shard = &batch.Shard{Index: m.Shard.Index, Count: m.Shard.Count}
		if err := p.shard.Validate(); err != nil {
			return nil, inputf("--manifest %s: %w", path, err)
		}
	}
	if err := p.prepare(); err != nil {
		return nil, err
	}
	e := &execution{p: p, o: &o, rerunOf: path}
	return e.execute(ctx)
}

// reload loads j's scenario with the run settings recorded in resolved (a
// resolved scenario's JSON, or just its seed, reps, horizon and warmup) and
// checks that it hashes to sha.
func (j *job) reload(manifest, sha string, resolved json.RawMessage) error {
	var rs struct {
		Seed    uint64 `json:"seed"`
		Reps    int    `json:"reps"`
		Horizon string `json:"horizon"`
		Warmup  string `json:"warmup"`
	}
	if err := json.Unmarshal(resolved, &rs); err != nil {
		return inputf("--manifest %s: resolved scenario of %s: %w", manifest, j.file, err)
	}
	sc, err := scenario.LoadWith(j.file, j.overrides...)
	if err != nil {
		// Only the scenario file itself is found relative to the working
		// directory; a file it names (extends, census) is relative to it,
		// and its error names it.
		if es, ok := errors.AsType[scenario.Errors](err); ok && len(es) == 1 && es[0].File == j.file && es[0].Line == 0 &&
			errors.Is(err, fs.ErrNotExist) {
			return inputf("--manifest %s names %s, which is not there; run from the directory the run was made in: %w",
				manifest, j.file, err)
		}
		return err
	}
	h, err1 := scenario.ParseDuration(rs.Horizon)
	w, err2 := scenario.ParseDuration(rs.Warmup)
	if err1 != nil || err2 != nil {
		return inputf("--manifest %s: bad horizon %q or warm-up %q for %s", manifest, rs.Horizon, rs.Warmup, j.file)
	}
	sc.Seed, sc.Reps, sc.Horizon, sc.Warmup = rs.Seed, rs.Reps, h, w
	now, err := sc.SHA256()
	if err != nil {
		return err
	}
	if now != sha {
		what := j.file
		if len(j.overrides) > 0 {
			what += fmt.Sprintf(" (with %v)", j.values)
		}
		return inputf("%s has changed since %s was written: the scenario's SHA-256 is now %.12s…, the manifest has %.12s…; "+
			"a rerun would not reproduce that run (restore the file, e.g. from version control)", what, manifest, now, sha)
	}
	j.sc = sc
	return nil
}
