package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/hmatch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/run"
)

// A match sharded over a cluster runs a wave at a time: the shards of a
// wave each run their points of the wave's design into a shard file, and
// a merge combines them into waves.json, judges the wave and draws the
// next wave's design. Its files, beside the ones a one-node match writes:
//
//	design-wave-W.json           wave W's points (wave 1's drawn by its shards, later waves' by the merge before)
//	wave-W-shard-K-of-N.json     shard K of N of wave W: its points' runs, written as each is run
//
// Point i of a wave belongs to shard i mod N + 1, as replications do in a
// sharded run (batch.Shard).

// DesignFile names wave w's design in a match directory.
func DesignFile(wave int) string { return fmt.Sprintf("design-wave-%d.json", wave) }

// ShardFile names shard sh of wave w's results in a match directory.
func ShardFile(wave int, sh batch.Shard) string {
	return fmt.Sprintf("wave-%d-shard-%d-of-%d.json", wave, sh.Index, sh.Count)
}

// savedDesign is a wave's design as saved.
type savedDesign struct {
	Identity  string      `json:"identity"`
	Wave      int         `json:"wave"`
	Points    [][]float64 `json:"points"`
	Resampled int         `json:"resampled"`
	// Stopped, if not empty, says why the wave has no points: the match
	// ends with the waves before it.
	Stopped string `json:"stopped,omitempty"`
}

// savedShard is a shard's runs as saved: Runs[j] are the runs of point
// Indices[j], null until it is run.
type savedShard struct {
	Identity string        `json:"identity"`
	Wave     int           `json:"wave"`
	Shard    string        `json:"shard"`
	Design   string        `json:"design"` // SHA-256 of the design file
	Points   int           `json:"points"` // of the whole wave
	Indices  []int         `json:"indices"`
	Runs     [][][]float64 `json:"runs"`
}

// ShardOutcome is a finished shard of a wave.
type ShardOutcome struct {
	Dir, File string
	Wave      int
	Shard     batch.Shard
	// Points is how many of the wave's points are the shard's; Resumed
	// how many of them an earlier attempt had run; AlreadyMerged says the
	// wave was merged before this shard ran, so it ran nothing.
	Points, Resumed int
	AlreadyMerged   bool
	// Stopped, if not empty, says why the wave has no points.
	Stopped string
}

// FitShard runs shard sh of wave wave of o's match: the wave's design
// must exist in the match directory (wave 1's is drawn here if it does
// not) and the waves before it must be merged. The shard's runs are saved
// as each point finishes, so a shard stopped half-way resumes where it
// was.
func FitShard(ctx context.Context, o FitOptions, wave int, sh batch.Shard) (*ShardOutcome, error) {
	if err := sh.Validate(); err != nil {
		return nil, &run.InputError{Err: fmt.Errorf("--shard: %w", err)}
	}
	if wave < 1 {
		return nil, &run.InputError{Err: fmt.Errorf("--wave %d: waves are numbered from 1", wave)}
	}
	// o.Resuming hears of the shard resuming, not of the match.
	so := o
	so.Resuming = nil
	fo, id, err := setupFit(&so, openOrCreate)
	if err != nil {
		return nil, err
	}
	m := fo.Match
	out := &ShardOutcome{Dir: fo.Dir, Wave: wave, Shard: sh, File: filepath.Join(fo.Dir, ShardFile(wave, sh))}
	done, err := m.loadWaves(fo.Dir)
	if err != nil {
		return nil, err
	}
	switch {
	case len(done) >= wave:
		out.AlreadyMerged = true
		return out, nil
	case len(done) < wave-1:
		return nil, &run.InputError{Err: fmt.Errorf("--wave %d: %s holds %d merged waves; merge wave %d first (calibrate --fit --merge)",
			wave, fo.Dir, len(done), len(done)+1)}
	}
	d, digest, err := m.design(fo.Dir, id, wave, done)
	if err != nil {
		return nil, err
	}
	if d.Stopped != "" {
		out.Stopped = d.Stopped
		return out, nil
	}
	w := &hmatch.Wave{Index: wave, Points: d.Points, Runs: make([][][]float64, len(d.Points))}
	saved := &savedShard{Identity: id, Wave: wave, Shard: sh.String(), Design: digest, Points: len(d.Points),
		Indices: sh.Reps(len(d.Points))}
	if err := loadShard(out.File, saved, w); err != nil {
		return nil, err
	}
	var todo []int
	for _, i := range saved.Indices {
		if w.Runs[i] == nil {
			todo = append(todo, i)
		}
	}
	out.Points, out.Resumed = len(saved.Indices), len(saved.Indices)-len(todo)
	if out.Resumed > 0 && o.Resuming != nil {
		o.Resuming(out.File)
	}
	plan, err := hmatch.NewPlan(m.config(), done...)
	if err != nil {
		return nil, err
	}
	save := func(complete bool) error {
		saved.Runs = saved.Runs[:0]
		for _, i := range saved.Indices {
			saved.Runs = append(saved.Runs, w.Runs[i])
		}
		write := output.WriteCheckpoint
		if complete {
			write = func(path string, b []byte) error {
				return output.WriteFile(path, func(w io.Writer) error { _, err := w.Write(b); return err })
			}
		}
		b, err := json.Marshal(saved)
		if err != nil {
			return err
		}
		return write(out.File, append(b, '\n'))
	}
	if len(todo) > 0 {
		err = plan.Evaluate(ctx, m.Simulator(), w, todo, func(int, [][]float64) error { return save(false) })
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, fmt.Errorf("interrupted; the points run are in %s: run the same command to resume: %w", out.File, err)
			}
			return nil, err
		}
	}
	return out, save(true)
}

// config returns the hmatch configuration of the match.
func (m *Match) config() hmatch.Config {
	cfg := m.Config
	cfg.Dim = m.Space.Dim()
	cfg.Targets = m.HMTargets()
	return cfg
}

// loadWaves reads the match's merged waves from dir.
func (m *Match) loadWaves(dir string) ([]*hmatch.Wave, error) {
	return LoadWaves(filepath.Join(dir, WavesFile), m.Space.Dim(), len(m.Targets.Targets))
}

// design returns wave's design in dir and the SHA-256 of its file. Wave
// 1's is drawn from the priors and saved if dir lacks it; a later wave's
// must have been saved by the merge of the wave before.
func (m *Match) design(dir, id string, wave int, done []*hmatch.Wave) (*savedDesign, string, error) {
	path := filepath.Join(dir, DesignFile(wave))
	b, err := inputfile.ReadFile(path, inputfile.Manifest)
	if errors.Is(err, os.ErrNotExist) && wave == 1 {
		if err := m.saveNextDesign(dir, id, done); err != nil {
			return nil, "", err
		}
		b, err = inputfile.ReadFile(path, inputfile.Manifest)
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", &run.InputError{Err: fmt.Errorf("%s: no design for wave %d; it is drawn by merging wave %d (calibrate --fit --merge)",
			path, wave, wave-1)}
	}
	if err != nil {
		return nil, "", err
	}
	var d savedDesign
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, "", &run.InputError{Err: fmt.Errorf("%s: %s", path, output.JSONProblem(err))}
	}
	if d.Identity != id || d.Wave != wave {
		return nil, "", &run.InputError{Err: fmt.Errorf("%s is the design of wave %d of another match (its scenario, priors, targets, seed, warm-up, discrepancy or design differ); "+
			"start afresh in another directory", path, d.Wave)}
	}
	for j, p := range d.Points {
		if len(p) != m.Space.Dim() {
			return nil, "", &run.InputError{Err: fmt.Errorf("%s: point %d has %d dimensions; the priors have %d", path, j, len(p), m.Space.Dim())}
		}
	}
	sum := sha256.Sum256(b)
	return &d, hex.EncodeToString(sum[:]), nil
}

// saveNextDesign draws the design of the wave after done and saves it in
// dir, atomically; shards drawing wave 1's at once write the same bytes.
func (m *Match) saveNextDesign(dir, id string, done []*hmatch.Wave) error {
	plan, err := hmatch.NewPlan(m.config(), done...)
	if err != nil {
		return err
	}
	w, err := plan.Next()
	if err != nil {
		return err
	}
	d := savedDesign{Identity: id, Wave: len(done) + 1, Stopped: plan.Result().Stopped}
	if w != nil {
		d.Points, d.Resampled = w.Points, w.Resampled
	}
	return output.WriteFile(filepath.Join(dir, DesignFile(d.Wave)), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(d)
	})
}

// loadShard fills w.Runs from the shard file at path if it exists: the
// points an earlier attempt ran. The file must be this shard's, of this
// match and design.
func loadShard(path string, want *savedShard, w *hmatch.Wave) error {
	got, err := readShard(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := got.matches(path, want); err != nil {
		return err
	}
	for j, i := range got.Indices {
		w.Runs[i] = got.Runs[j]
	}
	return nil
}

// readShard reads a shard file.
func readShard(path string) (*savedShard, error) {
	b, err := inputfile.ReadFile(path, inputfile.Manifest)
	if err != nil {
		return nil, err
	}
	var s savedShard
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, &run.InputError{Err: fmt.Errorf("%s: %s", path, output.JSONProblem(err))}
	}
	return &s, nil
}

// matches checks that the shard read from path is the one want describes:
// the same match, wave, design, shard and points.
func (s *savedShard) matches(path string, want *savedShard) error {
	switch {
	case s.Identity != want.Identity:
		return &run.InputError{Err: fmt.Errorf("%s is a shard of another match (its scenario, priors, targets, seed, warm-up, discrepancy or design differ); "+
			"remove it, or merge it in the directory of the match it belongs to", path)}
	case s.Wave != want.Wave || s.Shard != want.Shard:
		return &run.InputError{Err: fmt.Errorf("%s holds shard %s of wave %d, not shard %s of wave %d: a renamed file; remove it", path, s.Shard, s.Wave, want.Shard, want.Wave)}
	case s.Design != want.Design:
		return &run.InputError{Err: fmt.Errorf("%s was run on another design of wave %d than %s; remove it and run the shard again", path, s.Wave, DesignFile(s.Wave))}
	case s.Points != want.Points || !slices.Equal(s.Indices, want.Indices) || len(s.Runs) != len(s.Indices):
		return &run.InputError{Err: fmt.Errorf("%s does not hold shard %s's points of a wave of %d; remove it and run the shard again", path, want.Shard, want.Points)}
	}
	return nil
}

// MergeOutcome is a merged wave: the match so far, and what comes next.
type MergeOutcome struct {
	*FitOutcome
	// Merged is the wave merged (0 if every wave asked for was merged
	// before); Next the wave whose design was drawn (0 if none: the match
	// is finished or stopped).
	Merged, Next int
}

// FitMerge combines the finished shards of the match's current wave (the
// one after the merged waves) into waves.json, judges the wave, draws the
// next wave's design if fewer than o.Waves are merged, and writes the
// tables and figures a one-node calibrate --fit writes, with the same
// bytes.
func FitMerge(o FitOptions) (*MergeOutcome, error) {
	fo, id, err := setupFit(&o, openExisting)
	if err != nil {
		return nil, err
	}
	m := fo.Match
	out := &MergeOutcome{FitOutcome: fo}
	done, err := m.loadWaves(fo.Dir)
	if err != nil {
		return nil, err
	}
	wave := len(done) + 1
	plan, err := hmatch.NewPlan(m.config(), done...)
	if err != nil {
		return nil, err
	}
	if len(done) < o.Waves {
		d, digest, err := m.design(fo.Dir, id, wave, done)
		if err != nil {
			return nil, err
		}
		if d.Stopped != "" {
			plan.Result().Stopped = d.Stopped
		} else {
			w, err := gatherShards(fo.Dir, id, digest, wave, d.Points)
			if err != nil {
				return nil, err
			}
			if err := plan.Add(w); err != nil {
				return nil, err
			}
			if err := SaveWaves(filepath.Join(fo.Dir, WavesFile), plan.Result().Waves); err != nil {
				return nil, err
			}
			out.Merged = wave
			if wave < o.Waves {
				if err := m.saveNextDesign(fo.Dir, id, plan.Result().Waves); err != nil {
					return nil, err
				}
				d, _, err := m.design(fo.Dir, id, wave+1, plan.Result().Waves)
				if err != nil {
					return nil, err
				}
				if d.Stopped == "" {
					out.Next = wave + 1
				} else {
					plan.Result().Stopped = d.Stopped
				}
			}
		}
	}
	fo.Result = plan.Result()
	if fo.Files, err = m.WriteResults(fo.Dir, fo.Result, o.Scenario, fo.PriorsFile); err != nil {
		return nil, err
	}
	figs, err := writeFitFigures(fo.Dir, m, fo.Result)
	fo.Files = append(fo.Files, figs...)
	return out, err
}

// gatherShards reads the shard files of wave in dir and assembles the
// wave's runs. Every shard of one split must be there and finished.
func gatherShards(dir, id, digest string, wave int, points [][]float64) (*hmatch.Wave, error) {
	paths, err := filepath.Glob(filepath.Join(dir, fmt.Sprintf("wave-%d-shard-*-of-*.json", wave)))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, &run.InputError{Err: fmt.Errorf("%s: no shard of wave %d to merge; run calibrate --fit --wave %d --shard K/N for K = 1 to N first",
			dir, wave, wave)}
	}
	w := &hmatch.Wave{Index: wave, Points: points, Runs: make([][][]float64, len(points))}
	count := 0
	have := map[int]bool{}
	for _, p := range paths {
		var k, n int
		if _, err := fmt.Sscanf(filepath.Base(p), "wave-%d-shard-%d-of-%d.json", new(int), &k, &n); err != nil {
			continue
		}
		sh := batch.Shard{Index: k, Count: n}
		if sh.Validate() != nil || filepath.Base(p) != ShardFile(wave, sh) {
			continue
		}
		if count != 0 && n != count {
			return nil, &run.InputError{Err: fmt.Errorf("%s holds shards of wave %d split two ways (into %d and %d); remove one split's files", dir, wave, count, n)}
		}
		count = n
		want := &savedShard{Identity: id, Wave: wave, Shard: sh.String(), Design: digest, Points: len(points), Indices: sh.Reps(len(points))}
		if err := loadShard(p, want, w); err != nil {
			return nil, err
		}
		missing := 0
		for _, i := range want.Indices {
			if w.Runs[i] == nil {
				missing++
			}
		}
		if missing > 0 {
			return nil, &run.InputError{Err: fmt.Errorf("%s: shard %s of wave %d has run %d of its %d points; run it again to finish (it resumes)",
				p, sh, wave, len(want.Indices)-missing, len(want.Indices))}
		}
		have[k] = true
	}
	var absent []string
	for k := 1; k <= count; k++ {
		if !have[k] {
			absent = append(absent, batch.Shard{Index: k, Count: count}.String())
		}
	}
	if len(absent) > 0 {
		return nil, &run.InputError{Err: fmt.Errorf("%s: wave %d is missing shards %s (of %d found); run calibrate --fit --wave %d --shard K/N for each, then merge again",
			dir, wave, strings.Join(absent, ", "), len(have), wave)}
	}
	return w, nil
}
