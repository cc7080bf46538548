package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// Manifest records what was run, so that a run can be repeated exactly and
// shards of one run recognised. All fields but Run are determined by the
// inputs; Run records this particular execution (wall-clock times, workers,
// resumption, merging) and is ignored when comparing runs.
type Manifest struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Command is "run", "compare" or "sweep".
	Command string `json:"command"`
	// Scenario, ScenarioFile and ScenarioSHA256 describe the primary
	// scenario: the one run, the base of a comparison, or the swept file
	// as written (before any --set).
	Scenario       string `json:"scenario"`
	ScenarioFile   string `json:"scenario_file"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	Seed           uint64 `json:"seed"`
	Reps           int    `json:"reps"`
	// Horizon and Warmup are exact durations ("2000h"); the _days fields
	// give the same in days for reading.
	Horizon     string  `json:"horizon"`
	Warmup      string  `json:"warmup"`
	HorizonDays float64 `json:"horizon_days"`
	WarmupDays  float64 `json:"warmup_days"`
	// WarmupAuto explains a warm-up chosen by --warmup auto.
	WarmupAuto *WarmupAuto `json:"warmup_auto,omitempty"`
	// Precision explains a replication count chosen by --reps auto.
	Precision *Precision `json:"precision,omitempty"`
	// Patients says patients.csv was written (--patients).
	Patients bool `json:"patients,omitempty"`
	// PatientsGzip says the patients file was written gzip-compressed, as
	// patients.csv.gz (--patients-gzip).
	PatientsGzip bool `json:"patients_gzip,omitempty"`
	// CensusDay, when set, is the day whose starting midnight replication
	// 0's census.csv records (--write-census).
	CensusDay *int `json:"census_day,omitempty"`
	// Sets are a sweep's parameters, in the order of its key columns.
	Sets []Set `json:"sets,omitempty"`
	// Shard is set when this run holds only some of the replications.
	Shard *Shard `json:"shard,omitempty"`
	// Scenarios lists every scenario run, in output order.
	Scenarios []ScenarioEntry `json:"scenarios"`
	Files     []string        `json:"files"`
	Run       RunInfo         `json:"run"`
	// Integrity records hashes of the files and of the manifest itself,
	// so that a run directory edited after the run is recognised
	// (Verify). Manifests written before it existed have none.
	Integrity *Integrity `json:"integrity,omitempty"`
	// OldResolved is the resolved scenario where the first manifests kept
	// it, at the top level; ReadAnyManifest moves it into Scenarios, and
	// flowsim never writes it.
	OldResolved json.RawMessage `json:"resolved_scenario,omitempty"`
}

// ScenarioEntry describes one scenario of a run.
type ScenarioEntry struct {
	// Role is "base" or "alternative" in a comparison, "point" in a sweep.
	Role string `json:"role,omitempty"`
	Name string `json:"name"`
	File string `json:"file"`
	// Values are a sweep point's values, one per Manifest.Sets entry.
	Values []string `json:"values,omitempty"`
	// SHA256 is the hash of the resolved scenario (Resolved), after
	// extends:, --set and the run settings: what makes results differ.
	SHA256 string `json:"sha256"`
	// Checkpoints is the directory, relative to the run directory, that
	// holds this scenario's per-replication checkpoints, and
	// CheckpointKey the key each of them carries.
	Checkpoints   string          `json:"checkpoints"`
	CheckpointKey string          `json:"checkpoint_key"`
	Resolved      json.RawMessage `json:"resolved_scenario"`
}

// Set is one swept parameter: a YAML path and the values it takes.
type Set struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// Shard says which replications a run holds: those r with r mod Count ==
// Index−1.
type Shard struct {
	Index int `json:"index"` // 1-based
	Count int `json:"count"`
}

// WarmupAuto records how --warmup auto chose the warm-up.
type WarmupAuto struct {
	Method string `json:"method"`
	Series string `json:"series"`
	// PilotReps replications (numbers 0…PilotReps−1) were run without a
	// warm-up to find it.
	PilotReps int     `json:"pilot_reps"`
	Days      float64 `json:"days"`
	// PerScenario is each scenario's own proposal, in scenario order; the
	// run uses the longest, so every scenario shares one warm-up.
	PerScenario []WarmupProposal `json:"per_scenario"`
}

// WarmupProposal is MSER-5's answer for one scenario.
type WarmupProposal struct {
	Scenario string   `json:"scenario"`
	Values   []string `json:"values,omitempty"`
	Days     int      `json:"days"`
	// Reliable is false when the series was too short for MSER-5 to see
	// the end of the transient: the run should be longer.
	Reliable bool `json:"reliable"`
}

// Precision records how --reps auto chose the replication count.
type Precision struct {
	Metric string `json:"metric"`
	Site   string `json:"site"`
	// Of is what the interval is for: "mean" of each scenario, or "paired
	// difference" of each alternative from the base.
	Of string `json:"of"`
	// TargetHalfWidth is the required half-width of the 95% interval.
	TargetHalfWidth float64 `json:"target_half_width"`
	// HalfWidth is the widest interval's half-width at the end.
	HalfWidth float64 `json:"half_width"`
	MaxReps   int     `json:"max_reps"`
	// Rounds are the replication counts after each round.
	Rounds []int `json:"rounds"`
	// Met says whether the target was reached (false: stopped at MaxReps).
	Met bool `json:"met"`
}

// RunInfo describes one execution of a run.
type RunInfo struct {
	StartedAt   time.Time `json:"started_at"`
	FinishedAt  time.Time `json:"finished_at"`
	WallSeconds float64   `json:"wall_seconds"`
	Workers     int       `json:"workers"`
	GoVersion   string    `json:"go_version"`
	Events      uint64    `json:"events"`
	// Resumed counts replications taken from checkpoints of an earlier,
	// interrupted execution rather than simulated now.
	Resumed int `json:"resumed,omitempty"`
	// MergedFrom lists the shard directories a merge combined.
	MergedFrom []string `json:"merged_from,omitempty"`
	// RerunOf is the manifest a "run --manifest" repeated.
	RerunOf string `json:"rerun_of,omitempty"`
	// Build identifies the executable (a hash of it), since one version
	// string can cover several builds during development.
	Build string `json:"build,omitempty"`
}

// WriteManifest writes m as indented JSON.
func WriteManifest(w io.Writer, m *Manifest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// ReadManifest reads a manifest written by WriteManifest. The path must be
// a regular file within inputfile.Manifest's limit.
func ReadManifest(path string) (*Manifest, error) {
	data, err := inputfile.ReadFile(path, inputfile.Manifest)
	if err != nil {
		return nil, err
	}
	m := new(Manifest)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: not a flowsim manifest: %s", path, JSONProblem(err))
	}
	if m.Tool != "flowsim" || m.Command == "" || len(m.Scenarios) == 0 {
		return nil, fmt.Errorf("%s: not a flowsim run manifest (tool %q, command %q, %d scenarios)",
			path, m.Tool, m.Command, len(m.Scenarios))
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%s: not a flowsim run manifest: %w", path, err)
	}
	return m, nil
}

// ReadAnyManifest reads the manifest at path of any flowsim version, for
// its results (figures, reports). A manifest of the current layout is
// read as ReadManifest reads it; the older layouts — the resolved scenario
// at the top level instead of a list of scenarios, or scenarios without
// checkpoint keys (written before flowsim kept checkpoints) — are
// accepted with what a reader of results relies on checked
// (CheckResults). Those describe results but cannot be merged or rerun,
// so merge and run --manifest use ReadManifest (through Verify). The
// path must be a regular file within inputfile.Manifest's limit.
func ReadAnyManifest(path string) (*Manifest, error) {
	data, err := inputfile.ReadFile(path, inputfile.Manifest)
	if err != nil {
		return nil, err
	}
	m := new(Manifest)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: not a flowsim manifest: %s", path, JSONProblem(err))
	}
	if m.Tool != "flowsim" {
		return nil, fmt.Errorf("%s: not a flowsim manifest (tool %q)", path, m.Tool)
	}
	if len(m.Scenarios) > 0 && m.Scenarios[0].CheckpointKey != "" {
		return ReadManifest(path) // the current layout, checked in full
	}
	if len(m.Scenarios) == 0 {
		m.Scenarios = []ScenarioEntry{{Name: m.Scenario, File: m.ScenarioFile, SHA256: m.ScenarioSHA256, Resolved: m.OldResolved}}
	}
	m.OldResolved = nil
	if err := m.CheckResults(); err != nil {
		return nil, fmt.Errorf("%s: not a flowsim run manifest: %w", path, err)
	}
	return m, nil
}

// CheckResults checks what a reader of a run's results relies on: a
// known command, a value for every swept path
// in every scenario, a valid shard, plain file names and a census day
// that is a day.
func (m *Manifest) CheckResults() error {
	switch m.Command {
	case "run", "compare", "sweep":
	default:
		return fmt.Errorf("unknown command %q", m.Command)
	}
	for i, e := range m.Scenarios {
		if len(e.Values) != len(m.Sets) {
			return fmt.Errorf("scenarios[%d] has %d values for %d swept paths", i, len(e.Values), len(m.Sets))
		}
	}
	if s := m.Shard; s != nil && (s.Count < 1 || s.Index < 1 || s.Index > s.Count) {
		return fmt.Errorf("shard %d/%d: want 1 ≤ index ≤ count", s.Index, s.Count)
	}
	if m.CensusDay != nil && (*m.CensusDay < 0 || float64(*m.CensusDay) >= m.HorizonDays) {
		return fmt.Errorf("census_day %d: want a day from 0 within the horizon (%g days)", *m.CensusDay, m.HorizonDays)
	}
	for _, f := range m.Files {
		if f == "" || f == "." || f == ".." || strings.ContainsAny(f, `/\`) {
			return fmt.Errorf("files: %q is not a file name", f)
		}
	}
	return nil
}

// ScenarioOf returns the manifest's entry for the scenario named name
// with sweep values keys; failing that the first entry of that name, or
// the only entry.
func (m *Manifest) ScenarioOf(name string, keys []string) (ScenarioEntry, bool) {
	var byName *ScenarioEntry
	for i, s := range m.Scenarios {
		if s.Name != name {
			continue
		}
		if slices.Equal(s.Values, keys) {
			return s, true
		}
		if byName == nil {
			byName = &m.Scenarios[i]
		}
	}
	if byName != nil {
		return *byName, true
	}
	if len(m.Scenarios) == 1 {
		return m.Scenarios[0], true
	}
	return ScenarioEntry{}, false
}

// Check checks what readers of a manifest rely on: a known command, at
// least one replication, well-formed hashes and checkpoint keys, each
// scenario's checkpoints in the directory its key names (inside the run
// directory), a value for every swept path, a valid shard, plain file
// names, a census day that is a day. A manifest edited by hand or made up
// is refused here rather than trusted by merge, which reads and copies
// the checkpoints it names.
func (m *Manifest) Check() error {
	if err := m.CheckResults(); err != nil {
		return err
	}
	if m.Reps < 1 {
		return fmt.Errorf("reps %d: want at least 1", m.Reps)
	}
	if !isHex(m.ScenarioSHA256, 64) {
		return fmt.Errorf("scenario_sha256 %q: want 64 hex digits", m.ScenarioSHA256)
	}
	for i, e := range m.Scenarios {
		switch {
		case !isHex(e.SHA256, 64):
			return fmt.Errorf("scenarios[%d].sha256 %q: want 64 hex digits", i, e.SHA256)
		case !isHex(e.CheckpointKey, 64):
			return fmt.Errorf("scenarios[%d].checkpoint_key %q: want 64 hex digits", i, e.CheckpointKey)
		case e.Checkpoints != CheckpointDir+"/"+e.CheckpointKey[:16]:
			return fmt.Errorf("scenarios[%d].checkpoints %q: want %s/%s, the directory its key names", i, e.Checkpoints, CheckpointDir, e.CheckpointKey[:16])
		}
	}
	return nil
}

// isHex reports whether s is n lowercase hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Identity returns the parts of m that determine a run's results, as
// top-level JSON fields: everything but Run, Shard, Files and Integrity.
// Two shards of one run have equal identities.
func (m *Manifest) Identity() (map[string]json.RawMessage, error) {
	c := *m
	c.Run, c.Shard, c.Files, c.Integrity = RunInfo{}, nil, nil, nil
	var buf bytes.Buffer
	if err := WriteManifest(&buf, &c); err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &fields); err != nil {
		return nil, err
	}
	delete(fields, "run")
	delete(fields, "files")
	return fields, nil
}

// JSONProblem describes an error of encoding/json decoding a file without
// quoting the file (which may not be flowsim's, and may be private): where
// the syntax breaks, or which field has the wrong type.
func JSONProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON (at byte %d)", se.Offset)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the top level"
		}
		return fmt.Sprintf("%s: want %s, got a JSON %s", field, te.Type, te.Value)
	}
	return "not valid JSON"
}
