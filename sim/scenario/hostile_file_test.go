//go:build unix

package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// TestHostileFiles: every way the loader reads a file — the scenario
// itself, a file it extends, the scenario again under --set, and the
// census it reads — refuses a named pipe, /dev/zero, a symbolic link to
// it, a directory, a file over the limit and a missing file, at once and
// with an error that names the file, never by blocking or reading
// without end.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	readers := []struct {
		name  string
		limit int64
		read  func(t *testing.T, path string) error
	}{
		{"Load", inputfile.Scenario.MaxBytes, func(t *testing.T, path string) error {
			_, err := Load(path)
			return err
		}},
		{"LoadWith", inputfile.Scenario.MaxBytes, func(t *testing.T, path string) error {
			_, err := LoadWith(path, Override{Path: Path{"reps"}, Value: "3"})
			return err
		}},
		{"extends", inputfile.Scenario.MaxBytes, func(t *testing.T, path string) error {
			main := filepath.Join(t.TempDir(), "main.yaml")
			if err := os.WriteFile(main, []byte("extends: "+path+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(main)
			return err
		}},
		{"census", inputfile.Census.MaxBytes, func(t *testing.T, path string) error {
			_, err := LoadBytes(filepath.Join(dir, "x.yaml"), []byte(mmcDoc+"census: "+path+"\n"))
			return err
		}},
	}
	for _, r := range readers {
		for _, c := range inputfiletest.Hostile(t, filepath.Join(dir, r.name), "s.yaml", r.limit) {
			t.Run(r.name+"/"+c.Name, func(t *testing.T) {
				var err error
				inputfiletest.Within(t, func() { err = r.read(t, c.Path) })
				if err == nil {
					t.Fatal("no error")
				}
				if !strings.Contains(err.Error(), c.Path) {
					t.Errorf("error %q does not name %s", err, c.Path)
				}
				if !errors.Is(err, c.Want) {
					t.Errorf("error %q is not %v", err, c.Want)
				}
			})
		}
	}
}
