package output

import (
	"encoding/json"
	"io"
	"time"
)

// Manifest records what was run, so that a run can be repeated exactly. All
// fields but Run are determined by the inputs; Run records this particular
// execution (wall-clock times, workers) and is ignored when comparing runs.
type Manifest struct {
	Tool           string          `json:"tool"`
	Version        string          `json:"version"`
	Command        string          `json:"command"`
	Scenario       string          `json:"scenario"`
	ScenarioFile   string          `json:"scenario_file"`
	ScenarioSHA256 string          `json:"scenario_sha256"`
	Seed           uint64          `json:"seed"`
	Reps           int             `json:"reps"`
	HorizonDays    float64         `json:"horizon_days"`
	WarmupDays     float64         `json:"warmup_days"`
	Files          []string        `json:"files"`
	Resolved       json.RawMessage `json:"resolved_scenario"`
	Run            RunInfo         `json:"run"`
}

// RunInfo describes one execution of a run.
type RunInfo struct {
	StartedAt   time.Time `json:"started_at"`
	FinishedAt  time.Time `json:"finished_at"`
	WallSeconds float64   `json:"wall_seconds"`
	Workers     int       `json:"workers"`
	GoVersion   string    `json:"go_version"`
	Events      uint64    `json:"events"`
}

// WriteManifest writes m as indented JSON.
func WriteManifest(w io.Writer, m *Manifest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
