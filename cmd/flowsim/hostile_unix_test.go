//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
	"github.com/flowsim/flowsim/sim/run"
)

// TestHostileRunFiles: a manifest or run state that is a named pipe,
// /dev/zero, a directory or too large is refused at once with exit 1
// naming it, by every command that reads one.
func TestHostileRunFiles(t *testing.T) {
	dir := t.TempDir()
	for _, c := range inputfiletest.Hostile(t, filepath.Join(dir, "m"), "manifest.json", inputfile.Manifest.MaxBytes) {
		// A run directory whose manifest is the hostile path.
		runDir := filepath.Join(dir, "run-"+strings.ReplaceAll(c.Name, " ", "_"))
		os.MkdirAll(runDir, 0o755)
		os.Symlink(c.Path, filepath.Join(runDir, "manifest.json"))
		for _, args := range [][]string{
			{"run", "--manifest", c.Path, "--out", filepath.Join(dir, "x")},
			{"merge", runDir, "--out", filepath.Join(dir, "y")},
			{"plot", runDir},
			{"report", runDir},
		} {
			t.Run(c.Name+"/"+args[0], func(t *testing.T) {
				inputfiletest.Within(t, func() {
					code, _, stderr := flowsim(t, args...)
					if code != exitBadInput || !strings.Contains(stderr, "manifest.json") && !strings.Contains(stderr, c.Path) {
						t.Errorf("exit %d, %q; want exit 1 naming the manifest", code, stderr)
					}
				})
			})
		}
	}
	for _, c := range inputfiletest.Hostile(t, filepath.Join(dir, "s"), "run.json", run.MaxStateBytes) {
		t.Run("resume/"+c.Name, func(t *testing.T) {
			runDir := t.TempDir()
			os.MkdirAll(filepath.Join(runDir, "reps"), 0o755)
			os.Symlink(c.Path, filepath.Join(runDir, "reps", "run.json"))
			inputfiletest.Within(t, func() {
				code, _, stderr := flowsim(t, "run", mmcFile, "--resume", runDir)
				if code != exitBadInput || !strings.Contains(stderr, "run.json") {
					t.Errorf("exit %d, %q; want exit 1 naming run.json", code, stderr)
				}
			})
		})
	}
}
