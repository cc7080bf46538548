package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// rerun repeats the run a manifest records: the same scenario files (and
// sweep values), seed, replications, horizon, warm-up and shard. It
// refuses if a scenario no longer resolves to the recorded hash, since the
// rerun would then not reproduce the run. Scenario files are found by the
// paths the manifest records, relative to the working directory, as they
// were given when the run was made.
func rerun(ctx context.Context, fs *pflag.FlagSet, o *runOptions, args []string, stdout, stderr io.Writer) error {
	if fs.NArg() != 0 {
		return usagef("--manifest reruns the scenario files the manifest names; give no scenario file")
	}
	for _, f := range []string{"reps", "seed", "horizon", "warmup", "ci-width", "metric", "max-reps", "shard", "shard-count", "patients", "write-census"} {
		if fs.Changed(f) {
			return usagef("--manifest reruns exactly; --%s cannot change it", f)
		}
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	m, err := output.Verify(o.manifest)
	if err != nil {
		return &inputError{fmt.Errorf("--manifest: %w", err)}
	}
	noteUnsealed(m, o.manifest, o.quiet, stderr)
	if m.Version != versionString() && !o.quiet {
		fmt.Fprintf(stderr, "flowsim: warning: %s was written by flowsim %s; this is %s, whose results may differ\n",
			o.manifest, m.Version, versionString())
	}
	if err := batch.CheckSize(m.Reps, len(m.Scenarios)); err != nil {
		return &inputError{fmt.Errorf("--manifest %s: %w", o.manifest, err)}
	}
	var paths []scenario.Path
	for _, s := range m.Sets {
		p, err := scenario.ParsePath(s.Path)
		if err != nil {
			return &inputError{fmt.Errorf("--manifest %s: sets: %w", o.manifest, err)}
		}
		paths = append(paths, p)
	}
	var jobs []*job
	for _, e := range m.Scenarios {
		if len(e.Values) != len(paths) {
			return &inputError{fmt.Errorf("--manifest %s: scenario %s has %d values for %d sets", o.manifest, e.Name, len(e.Values), len(paths))}
		}
		j := &job{role: e.Role, file: e.File, values: e.Values}
		for i, v := range e.Values {
			j.overrides = append(j.overrides, scenario.Override{Path: paths[i], Value: v})
		}
		if err := j.reload(o.manifest, e.SHA256, e.Resolved); err != nil {
			return err
		}
		jobs = append(jobs, j)
	}
	primary := jobs[0]
	if m.Command == "sweep" {
		primary = &job{file: m.ScenarioFile}
		top, _ := json.Marshal(map[string]any{"seed": m.Seed, "reps": m.Reps, "horizon": m.Horizon, "warmup": m.Warmup})
		if err := primary.reload(o.manifest, m.ScenarioSHA256, top); err != nil {
			return err
		}
	}
	switch m.Command {
	case "run", "compare", "sweep":
	default:
		return &inputError{fmt.Errorf("--manifest %s: unknown command %q", o.manifest, m.Command)}
	}
	p := &plan{command: m.Command, primary: primary, jobs: jobs, sets: m.Sets, seed: m.Seed, reps: m.Reps,
		patients: m.Patients, censusDay: m.CensusDay, warmupAuto: m.WarmupAuto, precision: m.Precision}
	if m.Shard != nil {
		p.shard = &batch.Shard{Index: m.Shard.Index, Count: m.Shard.Count}
		if err := p.shard.Validate(); err != nil {
			return &inputError{fmt.Errorf("--manifest %s: %w", o.manifest, err)}
		}
	}
	e := &execution{p: p, o: &o.batchOptions, args: args, fs: fs, stdout: stdout, stderr: stderr, rerunOf: o.manifest}
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
		return &inputError{fmt.Errorf("--manifest %s: resolved scenario of %s: %w", manifest, j.file, err)}
	}
	sc, err := scenario.LoadWith(j.file, j.overrides...)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &inputError{fmt.Errorf("--manifest %s names %s, which is not there; run from the directory the run was made in: %w",
				manifest, j.file, err)}
		}
		return err
	}
	h, err1 := scenario.ParseDuration(rs.Horizon)
	w, err2 := scenario.ParseDuration(rs.Warmup)
	if err1 != nil || err2 != nil {
		return &inputError{fmt.Errorf("--manifest %s: bad horizon %q or warm-up %q for %s", manifest, rs.Horizon, rs.Warmup, j.file)}
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
		return &inputError{fmt.Errorf("%s has changed since %s was written: the scenario's SHA-256 is now %.12s…, the manifest has %.12s…; "+
			"a rerun would not reproduce that run (restore the file, e.g. from version control)", what, manifest, now, sha)}
	}
	j.sc = sc
	return nil
}
