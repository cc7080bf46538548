package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/hmatch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/priors"
)

// Match is a history match of an experiment's base scenario over the
// priors' space against calibration targets: the experiment evaluates
// each point, hmatch rules points out in waves.
type Match struct {
	Experiment *Experiment
	Space      *priors.Space
	Targets    *calibrate.Targets
	// Discrepancy is the model discrepancy of each kind of target: how
	// far the best the model can do may lie from the truth (relative for
	// counts and times, on the logit scale for shares). A target's own
	// discrepancy, if its file gives one, takes its place.
	Discrepancy calibrate.Discrepancy
	// Config sets waves, points, replications, seed and workers; Dim
	// and Targets are filled in from Space and Targets.
	Config hmatch.Config
}

// HMTargets returns the targets as hmatch reads them: each published
// range a 95% interval, plus the discrepancy.
func (m *Match) HMTargets() []hmatch.Target {
	out := make([]hmatch.Target, len(m.Targets.Targets))
	for i, t := range m.Targets.Targets {
		sd := m.Discrepancy.SD(t)
		out[i] = hmatch.RangeTarget(t.Name, t.Low, t.High, sd*sd)
		out[i].Hard = t.Hard
	}
	return out
}

// Simulator returns the hmatch simulator: a point of the unit cube
// becomes the priors' overrides, run under common random numbers, and
// each replication gives every target's value.
func (m *Match) Simulator() hmatch.Simulator {
	// A point borrows the memory of one run before it: a point far
	// outside the targets can hold tens of thousands of patients in
	// queues, and growing their records afresh at every point costs a
	// tenth of the match.
	scratches := &model.Scratches{}
	return func(ctx context.Context, u []float64, reps int, enough func([][]float64) bool) ([][]float64, error) {
		set, err := m.Space.Overrides(u)
		if err != nil {
			return nil, err
		}
		runs, err := m.Experiment.measure(ctx, set, reps, m.Targets, enough, scratches)
		if err != nil {
			return nil, err
		}
		for r, row := range runs {
			for k, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, &UndefinedError{Target: m.Targets.Targets[k].Name, Rep: r, Point: describe(set)}
				}
			}
		}
		return runs, nil
	}
}

// UndefinedError reports a target (or a measured metric) with no value at a point: a ratio whose
// denominator is zero there (no late discharges, say). History matching
// needs every target defined everywhere in the priors' box.
type UndefinedError struct {
	Target, Point string
	Rep           int
}

func (e *UndefinedError) Error() string {
	in := fmt.Sprintf("in replication %d ", e.Rep)
	if e.Rep < 0 {
		in = "over the replications "
	}
	return fmt.Sprintf("%q is undefined %sat %s: a ratio over a count that is zero there; "+
		"measure it by a metric defined everywhere, or narrow the priors that reach that corner", e.Target, in, e.Point)
}

// Run runs the match. If dir is not empty, each finished wave is saved
// there (waves.json, written atomically) and a match whose waves.json
// exists resumes after its last wave, so an interrupted calibration loses
// at most the wave it was in; the saved waves must come from the same
// space, targets and configuration (their number of dimensions and
// targets is checked; the rest is the caller's to keep).
func (m *Match) Run(ctx context.Context, dir string) (*hmatch.Result, error) {
	cfg := m.config()
	var done []*hmatch.Wave
	if dir != "" {
		var err error
		if done, err = LoadWaves(filepath.Join(dir, WavesFile), cfg.Dim, len(cfg.Targets)); err != nil {
			return nil, err
		}
		next := cfg.OnWave
		cfg.OnWave = func(waves []*hmatch.Wave) error {
			if err := SaveWaves(filepath.Join(dir, WavesFile), waves); err != nil {
				return err
			}
			if next != nil {
				return next(waves)
			}
			return nil
		}
	}
	return hmatch.Run(ctx, cfg, m.Simulator(), done...)
}

// WavesFile holds a match's finished waves: what a resumed match needs.
const WavesFile = "waves.json"

// savedWave is a finished wave as saved: its points and their runs, from
// which hmatch rebuilds the rest.
type savedWave struct {
	Index  int           `json:"index"`
	Points [][]float64   `json:"points"`
	Runs   [][][]float64 `json:"runs"`
}

// SaveWaves writes the waves' points and runs to path atomically.
func SaveWaves(path string, waves []*hmatch.Wave) error {
	saved := make([]savedWave, len(waves))
	for i, w := range waves {
		saved[i] = savedWave{Index: w.Index, Points: w.Points, Runs: w.Runs}
	}
	return output.WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		return enc.Encode(saved)
	})
}

// LoadWaves reads the waves SaveWaves wrote, or none if path does not
// exist; dim and targets are the match's, which the saved points and runs
// must have.
func LoadWaves(path string, dim, targets int) ([]*hmatch.Wave, error) {
	data, err := inputfile.ReadFile(path, inputfile.Manifest)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var saved []savedWave
	if err := json.Unmarshal(data, &saved); err != nil {
		return nil, fmt.Errorf("%s: %s", path, output.JSONProblem(err))
	}
	waves := make([]*hmatch.Wave, len(saved))
	for i, s := range saved {
		if s.Index != i+1 || len(s.Points) != len(s.Runs) {
			return nil, fmt.Errorf("%s: wave %d of %d is not the wave that belongs there (index %d, %d points, %d runs)",
				path, i+1, len(saved), s.Index, len(s.Points), len(s.Runs))
		}
		for j, p := range s.Points {
			if len(p) != dim {
				return nil, fmt.Errorf("%s: wave %d point %d has %d dimensions; the priors have %d: a different match, start afresh in another directory",
					path, s.Index, j, len(p), dim)
			}
			for _, rep := range s.Runs[j] {
				if len(rep) != targets {
					return nil, fmt.Errorf("%s: wave %d point %d has %d target values; there are %d targets: a different match, start afresh in another directory",
						path, s.Index, j, len(rep), targets)
				}
			}
		}
		waves[i] = &hmatch.Wave{Index: s.Index, Points: s.Points, Runs: s.Runs}
	}
	return waves, nil
}

// The files WriteResults writes beside waves.json.
const (
	// WavesCSV has every point of every wave: its values, whether it is
	// plausible and each target's implausibility.
	WavesCSV = "waves.csv"
	// PlausibleCSV has the plausible set: one row a parameter set.
	PlausibleCSV = "plausible.csv"
	// PlausibleYAML is the plausible set as an ensemble of overrides, for
	// compare --ensemble.
	PlausibleYAML = "plausible.yaml"
)

// WriteResults writes the match's tables into dir, each atomically, and
// returns their paths. scenarioPath and priorsPath are recorded in the
// ensemble, relative to dir (as an extends: is to its file), so that the
// ensemble names them from wherever it is read.
func (m *Match) WriteResults(dir string, res *hmatch.Result, scenarioPath, priorsPath string) ([]string, error) {
	ens, err := res.Ensemble(m.Space, besideDir(dir, scenarioPath), besideDir(dir, priorsPath))
	if err != nil {
		return nil, err
	}
	targets := m.HMTargets()
	return writeFiles(dir, []namedFile{
		{WavesCSV, func(w io.Writer) error { return res.WriteWavesCSV(w, m.Space, targets) }},
		{PlausibleCSV, func(w io.Writer) error { return res.WritePlausibleCSV(w, m.Space) }},
		{PlausibleYAML, ens.Write},
	})
}

// namedFile is a file of an output directory and how to write it.
type namedFile struct {
	name  string
	write func(io.Writer) error
}

// writeFiles writes each file into dir atomically and returns the paths
// written, in order, up to the first failure.
func writeFiles(dir string, files []namedFile) ([]string, error) {
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := output.WriteFile(p, f.write); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// TargetFit says how the plausible set meets one target.
type TargetFit struct {
	Name string
	// Met is the share of plausible points whose mean lies in the range.
	Met float64
	// Low and High are the smallest and largest point mean.
	Low, High float64
}

// Fits returns, per target, how the plausible set's points meet it.
func (m *Match) Fits(res *hmatch.Result) []TargetFit {
	out := make([]TargetFit, len(m.Targets.Targets))
	for k, t := range m.Targets.Targets {
		out[k] = TargetFit{Name: t.Name, Low: math.Inf(1), High: math.Inf(-1)}
	}
	idx := res.PlausibleSet()
	for _, p := range idx {
		for k, t := range m.Targets.Targets {
			v := p.Wave.Mean[p.I][k]
			if v >= t.Low && v <= t.High {
				out[k].Met++
			}
			out[k].Low = math.Min(out[k].Low, v)
			out[k].High = math.Max(out[k].High, v)
		}
	}
	for k := range out {
		if len(idx) > 0 {
			out[k].Met /= float64(len(idx))
		} else {
			out[k].Low, out[k].High = math.NaN(), math.NaN()
		}
	}
	return out
}

// besideDir is path as a file in dir names it (inputfile.RelativeTo), or
// path as given where it cannot be resolved.
func besideDir(dir, path string) string {
	if rel, err := inputfile.RelativeTo(dir, path); err == nil {
		return rel
	}
	return path
}
