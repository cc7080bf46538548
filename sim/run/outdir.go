package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/output"
)

// The run directory's own entries beyond output.RunFiles and the
// manifest: the checkpoints, and what report and plot write there by
// default.
const (
	// CheckpointDir holds the checkpoints (batch.Store) and StateFile.
	CheckpointDir = output.CheckpointDir
	// StateFile, in CheckpointDir, says what is being run, so that a
	// resume can check it is the same run.
	StateFile = "run.json"
	// ReportFile is where report writes by default.
	ReportFile = "report.html"
	// PlotsDir is where plot writes by default.
	PlotsDir = "plots"
)

// outState is what an existing output directory holds.
type outState int

const (
	outEmpty      outState = iota // missing or empty: a fresh start
	outResumable                  // an unfinished run of this very plan
	outOccupied                   // anything else: refused without force
	outNotADir                    // a file where the directory belongs
	outUnreadable                 // cannot be listed
)

// inspectOut says what dir holds; for an occupied directory, why it is
// not free, in words for the refusal. want is the plan about to run, or
// nil when nothing can be resumed (a merge).
func inspectOut(dir string, want *state, program string) (outState, string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return outEmpty, "", nil
	case err != nil:
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return outNotADir, "", nil
		}
		return outUnreadable, "", err
	case len(entries) == 0:
		return outEmpty, "", nil
	}
	if _, err := os.Stat(filepath.Join(dir, output.ManifestFile)); err == nil {
		return outOccupied, "it holds a finished run (" + output.ManifestFile + ")", nil
	}
	if _, err := os.Stat(filepath.Join(dir, CheckpointDir, StateFile)); err == nil {
		if want == nil {
			return outOccupied, "it holds an unfinished run", nil
		}
		if err := checkResume(dir, want, program); err != nil {
			var d *differentRunError
			if errors.As(err, &d) {
				return outOccupied, "it holds an unfinished run of another command line: " + d.difference(), nil
			}
			return outOccupied, "it holds an unfinished run of another command line: " + err.Error(), nil
		}
		return outResumable, "", nil
	}
	names := make([]string, 0, 3)
	for _, e := range entries[:min(3, len(entries))] {
		names = append(names, e.Name())
	}
	more := ""
	if len(entries) > 3 {
		more = ", …"
	}
	return outOccupied, fmt.Sprintf("it is not empty (%d entries: %s%s) and holds no flowsim run", len(entries), strings.Join(names, ", "), more), nil
}

// prepareOut readies the output directory dir for a new execution of the
// plan want describes, and reports whether it is resuming an unfinished
// run of that same plan found there (its checkpoints are valid: their keys
// say so). Any other non-empty directory is refused unless force, which
// removes the files an earlier run left there (clearRun) so that none of
// them survives beside the new run's.
func prepareOut(dir string, force bool, want *state, program string) (resuming bool, err error) {
	st, why, err := inspectOut(dir, want, program)
	switch {
	case err != nil:
		return false, &InputError{fmt.Errorf("--out %s: %w", dir, err)}
	case st == outNotADir:
		return false, inputf("--out %s is a file, not a directory; choose another --out", dir)
	case st == outResumable && !force:
		return true, nil
	case st == outOccupied && !force:
		return false, inputf("--out %s: %s; choose another --out, or add --force to replace what flowsim wrote there", dir, why)
	case st != outEmpty:
		if err := clearRun(dir); err != nil {
			return false, err
		}
	}
	return false, nil
}

// clearRun removes from dir every file a flowsim run, plot or report
// writes there, the manifest first (its absence marks a run unfinished),
// and the checkpoints — but nothing flowsim did not make: a reps/ without
// run.json, or a directory where one of its files belongs, is left alone
// (and refused, or reported when written to).
func clearRun(dir string) error {
	remove := func(path string) error {
		st, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && st.IsDir() {
			return nil
		}
		if err == nil {
			err = os.Remove(path)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return &InputError{fmt.Errorf("--force: %w", err)}
		}
		return nil
	}
	for _, name := range append([]string{output.ManifestFile}, append(output.RunFiles(), ReportFile)...) {
		if err := remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	if _, err := removeTemporary(dir); err != nil {
		return err
	}
	if figs, err := os.ReadDir(filepath.Join(dir, PlotsDir)); err == nil {
		for _, f := range figs {
			if ext := filepath.Ext(f.Name()); ext == ".png" || ext == ".svg" || output.IsTemporary(f.Name()) {
				if err := remove(filepath.Join(dir, PlotsDir, f.Name())); err != nil {
					return err
				}
			}
		}
		os.Remove(filepath.Join(dir, PlotsDir)) // only if now empty
	}
	reps := filepath.Join(dir, CheckpointDir)
	if st, err := os.Lstat(reps); err == nil {
		if _, serr := os.Stat(filepath.Join(reps, StateFile)); !st.IsDir() || serr != nil {
			return inputf("%s exists and is not a flowsim checkpoint directory (no %s); move it, or choose another --out", reps, StateFile)
		}
		if err := os.RemoveAll(reps); err != nil {
			return &InputError{fmt.Errorf("--force: %w", err)}
		}
	}
	return nil
}

// removeTemporary deletes the temporary files that atomic writes cut short
// by a kill left in dir and its checkpoint directory, and returns how many
// there were.
func removeTemporary(dir string) (int, error) {
	n := 0
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, inputf("%s: %w", dir, err)
	}
	for _, e := range entries {
		if !e.IsDir() && output.IsTemporary(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return n, &InputError{err}
			}
			n++
		}
	}
	store := &batch.Store{Dir: filepath.Join(dir, CheckpointDir)}
	m, err := store.RemoveTemporary()
	if err != nil {
		return n + m, &InputError{err}
	}
	return n + m, nil
}
