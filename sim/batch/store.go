package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Store keeps one checkpoint file per finished replication under Dir:
//
//	Dir/<first 16 hex digits of the scenario's key>/<rep, 6 digits>.rep
//
// Each file is written atomically (output.WriteCheckpoint) and carries its
// scenario's full key and a checksum, so a kill -9 at any moment leaves
// either a whole checkpoint or none, and a damaged file is recognised and
// simulated again rather than trusted.
type Store struct {
	// Dir is the checkpoint directory, conventionally RUN/reps.
	Dir string
	// Keys are the scenarios' keys (JobKey), in Batch.Scenarios order.
	Keys []string

	mu      sync.Mutex
	damaged []string
}

// JobKey identifies a scenario's replications: it hashes the flowsim
// version, the layout of model.Result, the master seed, the model's
// options and the resolved scenario with its replication count left out
// (more replications of the same run are the same run). Two checkpoints
// with the same key and number hold the same result.
func JobKey(version string, seed uint64, sc *scenario.Scenario, opt model.Options) (string, error) {
	c := *sc
	c.Reps = 0
	c.Seed = seed
	resolved, err := c.CanonicalJSON()
	if err != nil {
		return "", fmt.Errorf("checkpoint key: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "flowsim-checkpoint\x00%s\x00%s\x00%d\x00%+v\x00", version, output.ResultLayout(), seed, opt)
	h.Write(resolved)
	if err := sc.HashCensus(h); err != nil {
		return "", fmt.Errorf("checkpoint key: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// JobDir returns the directory, relative to Dir, of scenario job's
// checkpoints.
func (s *Store) JobDir(job int) string { return s.Keys[job][:16] }

func (s *Store) path(t Task) string {
	return filepath.Join(s.Dir, s.JobDir(t.Job), fmt.Sprintf("%06d.rep", t.Rep))
}

// ErrForeign is returned (wrapped) by Store.Load for an intact checkpoint
// that is not the one its place says: another run's (another key), or
// another replication's (renamed, or swapped with another file). Such a
// file is refused, never taken for the replication its name says, nor
// silently replaced: someone put it there.
var ErrForeign = errors.New("checkpoint of another run or replication")

// checkpointFile bounds a checkpoint. A replication's daily rows and
// journeys take tens of MiB for a year of the Notts baseline, so this
// leaves room for long horizons while refusing /dev/zero and the like.
var checkpointFile = inputfile.Kind{Name: "checkpoint", MaxBytes: 1 << 30}

// Load returns the checkpointed result of t, or nil if there is none or it
// is damaged (Damaged lists those). A checkpoint that belongs to another
// run or replication is an error wrapping ErrForeign; one that is not a
// regular file, or too large, an *inputfile.Error.
func (s *Store) Load(t Task) (*model.Result, error) {
	path := s.path(t)
	data, err := inputfile.ReadFile(path, checkpointFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	key, rep, res, err := output.DecodeResult(data)
	switch {
	case errors.Is(err, output.ErrCorrupt):
		s.mu.Lock()
		s.damaged = append(s.damaged, path)
		s.mu.Unlock()
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	case key != s.Keys[t.Job]:
		return nil, fmt.Errorf("%s: %w: it belongs to another run (key %.16s…, want %.16s…)", path, ErrForeign, key, s.Keys[t.Job])
	case rep != t.Rep:
		return nil, fmt.Errorf("%s: %w: it holds replication %d, not %d (renamed or swapped?); delete it to simulate replication %d again",
			path, ErrForeign, rep, t.Rep, t.Rep)
	}
	return res, nil
}

// Save checkpoints the result of t.
func (s *Store) Save(t Task, res *model.Result) error {
	data, err := output.EncodeResult(s.Keys[t.Job], t.Rep, res)
	if err != nil {
		return err
	}
	path := s.path(t)
	if int64(len(data)) > checkpointFile.MaxBytes {
		return fmt.Errorf("%s: replication %d's checkpoint would be %d MiB, over the %d MiB a checkpoint may hold; run without --patients, or with a shorter horizon",
			path, t.Rep, len(data)>>20, checkpointFile.MaxBytes>>20)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return output.WriteCheckpoint(path, data)
}

// Damaged lists the checkpoint files found damaged (and so simulated
// again), in the order found.
func (s *Store) Damaged() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.damaged)
}

// Reps returns the replication numbers that have a checkpoint file for
// scenario job, in increasing order.
func (s *Store) Reps(job int) ([]int, error) {
	dir := filepath.Join(s.Dir, s.JobDir(job))
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoints: %w", err)
	}
	var reps []int
	for _, e := range entries {
		name := e.Name()
		num, ok := strings.CutSuffix(name, ".rep")
		if !ok {
			continue
		}
		if r, err := strconv.Atoi(num); err == nil && r >= 0 {
			reps = append(reps, r)
		}
	}
	slices.Sort(reps)
	return reps, nil
}

// Clear removes every checkpoint under Dir, for a fresh start.
func (s *Store) Clear() error {
	if err := os.RemoveAll(s.Dir); err != nil {
		return fmt.Errorf("clear checkpoints: %w", err)
	}
	return nil
}

// RemoveTemporary deletes the temporary files that writes interrupted by a
// kill left behind, and returns how many there were.
func (s *Store) RemoveTemporary() (int, error) {
	n := 0
	err := filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !d.IsDir() && output.IsTemporary(d.Name()) {
			n++
			return os.Remove(path)
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("checkpoints: %w", err)
	}
	return n, nil
}
