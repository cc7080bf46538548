package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/output"
)

// MaxStateBytes bounds reps/run.json, which holds a few KiB (the command
// line and a key per scenario).
const MaxStateBytes = 16 * inputfile.MiB

var stateKind = inputfile.Kind{Name: "run state file", MaxBytes: MaxStateBytes}

// state identifies a run in its checkpoint directory (reps/run.json).
type state struct {
	Tool     string `json:"tool"`
	Version  string `json:"version"`
	Build    string `json:"build"`
	Command  string `json:"command"`
	Seed     uint64 `json:"seed"`
	Reps     string `json:"reps"`
	Shard    string `json:"shard,omitempty"`
	Patients bool   `json:"patients,omitempty"`
	// PatientsGzip: --patients-gzip.
	PatientsGzip bool            `json:"patients_gzip,omitempty"`
	CensusDay    *int            `json:"census_day,omitempty"`
	Scenarios    []stateScenario `json:"scenarios"`
	// Args is the command line, to tell the user how to resume.
	Args []string `json:"args"`
}

type stateScenario struct {
	Name   string   `json:"name"`
	Values []string `json:"values,omitempty"`
	Key    string   `json:"key"`
}

// state describes the execution for reps/run.json.
func (e *execution) state(keys []string) *state {
	p, o := e.p, e.o
	s := &state{Tool: "flowsim", Version: o.Version, Build: buildID(), Command: p.command, Seed: p.seed,
		Reps: strconv.Itoa(p.reps), Patients: p.patients, PatientsGzip: p.patientsGzip, CensusDay: p.censusDay, Args: o.Args}
	if o.AutoReps && p.precision == nil {
		s.Reps = fmt.Sprintf("auto: %s ci-width %s, at most %d", o.Metric, output.Exact(o.CIWidth), o.MaxReps)
	}
	if p.shard != nil {
		s.Shard = p.shard.String()
	}
	for i, j := range p.jobs {
		s.Scenarios = append(s.Scenarios, stateScenario{Name: j.sc.Name, Values: j.values, Key: keys[i]})
	}
	return s
}

// startFresh prepares dir for a new run: no manifest (its absence marks
// the run unfinished) and no checkpoints but the new run's state.
func startFresh(dir string, store *batch.Store, st *state) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &InputError{fmt.Errorf("create output directory: %w", err)}
	}
	if err := os.Remove(filepath.Join(dir, output.ManifestFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &InputError{fmt.Errorf("output directory: %w", err)}
	}
	// Clear earlier checkpoints, but never a reps/ that flowsim did not
	// make.
	entries, err := os.ReadDir(store.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &InputError{fmt.Errorf("output directory: %w", err)}
	}
	if _, serr := os.Stat(filepath.Join(store.Dir, StateFile)); len(entries) > 0 && serr != nil {
		return inputf("%s exists and is not a flowsim checkpoint directory (no %s); choose another --out", store.Dir, StateFile)
	}
	if err := store.Clear(); err != nil {
		return err
	}
	return writeState(store.Dir, st)
}

// writeState writes dir/run.json.
func writeState(dir string, st *state) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &InputError{fmt.Errorf("create checkpoint directory: %w", err)}
	}
	return output.WriteFile(filepath.Join(dir, StateFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	})
}

// differentRunError is a resume refused because the directory holds
// another run; what names the first difference.
type differentRunError struct {
	dir, what   string
	there, here any
	how         string
}

func (e *differentRunError) Error() string {
	return fmt.Sprintf("--resume %s: it holds a different run: %s", e.dir, e.difference())
}

func (e *differentRunError) difference() string {
	return fmt.Sprintf("%s %v there, %v here%s", e.what, e.there, e.here, e.how)
}

// checkResume checks that dir holds an interrupted run of the same plan.
// program is how to call flowsim in the suggested command.
func checkResume(dir string, want *state, program string) error {
	path := filepath.Join(dir, CheckpointDir, StateFile)
	data, err := inputfile.ReadFile(path, stateKind)
	if errors.Is(err, fs.ErrNotExist) {
		return inputf("--resume %s: nothing to resume there (no %s/%s)", dir, CheckpointDir, StateFile)
	}
	if err != nil {
		return &InputError{fmt.Errorf("--resume: %w", err)}
	}
	var got state
	if err := json.Unmarshal(data, &got); err != nil {
		return inputf("--resume: %s: %s", path, output.JSONProblem(err))
	}
	differ := func(what string, there, here any) error {
		how := ""
		if slices.Contains([]string{"run", "compare", "sweep"}, got.Command) {
			how = fmt.Sprintf(" (finish it with the command line it was started with: %s)",
				ShellJoin(append([]string{program, got.Command}, got.Args...)))
		}
		return &InputError{&differentRunError{dir: dir, what: what, there: there, here: here, how: how}}
	}
	switch {
	case got.Version != want.Version:
		return differ("version", got.Version, want.Version)
	case got.Build != want.Build:
		return inputf("--resume %s: it was started by another flowsim build (%s, this is %s), whose results could differ; start afresh",
			dir, got.Build, want.Build)
	case got.Command != want.Command:
		return differ("command", got.Command, want.Command)
	case got.Seed != want.Seed:
		return differ("seed", got.Seed, want.Seed)
	case got.Reps != want.Reps:
		return differ("replications", got.Reps, want.Reps)
	case got.Patients != want.Patients:
		return differ("--patients", got.Patients, want.Patients)
	case got.PatientsGzip != want.PatientsGzip:
		return differ("--patients-gzip", got.PatientsGzip, want.PatientsGzip)
	case censusText(got.CensusDay) != censusText(want.CensusDay):
		return differ("--write-census", censusText(got.CensusDay), censusText(want.CensusDay))
	case got.Shard != want.Shard:
		return differ("shard", cmpOr(got.Shard, "none"), cmpOr(want.Shard, "none"))
	case len(got.Scenarios) != len(want.Scenarios):
		return differ("number of scenarios", len(got.Scenarios), len(want.Scenarios))
	}
	for i, s := range got.Scenarios {
		w := want.Scenarios[i]
		if s.Name != w.Name || !slices.Equal(s.Values, w.Values) {
			return differ(fmt.Sprintf("scenario %d", i+1), s.Name+strings.Join(s.Values, ","), w.Name+strings.Join(w.Values, ","))
		}
		if s.Key != w.Key {
			return differ("scenario "+s.Name, "contents "+prefix(s.Key, 16), "contents "+prefix(w.Key, 16))
		}
	}
	return nil
}

// prefix returns the first n bytes of s, or s if it is shorter (a key read
// from a file may be).
func prefix(s string, n int) string { return s[:min(n, len(s))] }

// censusText describes a census day for messages.
func censusText(day *int) string {
	if day == nil {
		return "none"
	}
	return strconv.Itoa(*day)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
