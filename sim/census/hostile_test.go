//go:build unix

package census

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// TestHostileFiles: a census that is a named pipe, /dev/zero, a link to
// it, a directory, over the size limit or missing is refused at once with
// an error naming the path, never read without end.
func TestHostileFiles(t *testing.T) {
	for _, c := range inputfiletest.Hostile(t, t.TempDir(), "census.csv", inputfile.Census.MaxBytes) {
		t.Run(c.Name, func(t *testing.T) {
			var err error
			inputfiletest.Within(t, func() { _, err = Read(c.Path) })
			if !errors.Is(err, c.Want) || !strings.Contains(err.Error(), c.Path) {
				t.Errorf("error %v, want %v naming %s", err, c.Want, c.Path)
			}
		})
	}
}
