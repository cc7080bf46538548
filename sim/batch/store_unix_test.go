//go:build unix

package batch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestHostileCheckpointPaths: a checkpoint that is a named pipe, a device,
// a directory or huge is an error naming it, at once; a missing one is
// simply not there.
func TestHostileCheckpointPaths(t *testing.T) {
	sc := load(t)
	b := &Batch{Scenarios: []*scenario.Scenario{sc}, Seed: 1}
	s := newStore(t, t.TempDir(), b)
	for _, c := range inputfiletest.Hostile(t, t.TempDir(), "000000.rep", checkpointFile.MaxBytes) {
		t.Run(c.Name, func(t *testing.T) {
			jobDir := filepath.Join(s.Dir, s.JobDir(0))
			os.RemoveAll(jobDir)
			os.MkdirAll(jobDir, 0o755)
			if c.Path != "/dev/zero" {
				if err := os.Rename(c.Path, filepath.Join(jobDir, "000000.rep")); err != nil && !errors.Is(c.Want, fs.ErrNotExist) {
					t.Fatal(err)
				}
			} else {
				os.Symlink("/dev/zero", filepath.Join(jobDir, "000000.rep"))
			}
			inputfiletest.Within(t, func() {
				res, err := s.Load(Task{0, 0})
				switch {
				case errors.Is(c.Want, fs.ErrNotExist):
					if err != nil || res != nil {
						t.Errorf("missing: %v, %v", res, err)
					}
				case !errors.Is(err, c.Want) || !strings.Contains(err.Error(), "000000.rep"):
					t.Errorf("err = %v, want %v naming the file", err, c.Want)
				}
				var fe *inputfile.Error
				if err != nil && !errors.As(err, &fe) {
					t.Errorf("err %v is not an *inputfile.Error", err)
				}
			})
		})
	}
}
