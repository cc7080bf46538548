//go:build unix

package calibrate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// TestLoadHostileFiles: a targets file that is a named pipe, /dev/zero, a
// link to it, a directory, over the size limit or missing is refused at
// once with an error naming the path.
func TestLoadHostileFiles(t *testing.T) {
	for _, c := range inputfiletest.Hostile(t, t.TempDir(), "targets.yaml", inputfile.Targets.MaxBytes) {
		t.Run(c.Name, func(t *testing.T) {
			var err error
			inputfiletest.Within(t, func() { _, err = Load(c.Path) })
			if !errors.Is(err, c.Want) || !strings.Contains(err.Error(), c.Path) {
				t.Errorf("error %v, want %v naming %s", err, c.Want, c.Path)
			}
		})
	}
}

// TestLoadHostileExtends: the same files named by extends: are refused
// as quickly, with an error naming the extends' file and line and the
// file it names.
func TestLoadHostileExtends(t *testing.T) {
	dir := t.TempDir()
	for _, c := range inputfiletest.Hostile(t, dir, "targets.yaml", inputfile.Targets.MaxBytes) {
		t.Run(c.Name, func(t *testing.T) {
			top := filepath.Join(t.TempDir(), "top.yaml")
			if err := os.WriteFile(top, []byte("extends: "+c.Path+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			inputfiletest.Within(t, func() { _, err = Load(top) })
			if !errors.Is(err, c.Want) || !strings.Contains(err.Error(), top+":1: extends: cannot read "+c.Path) {
				t.Errorf("error %v, want %v at %s:1 naming %s", err, c.Want, top, c.Path)
			}
		})
	}
}
