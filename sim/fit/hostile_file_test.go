//go:build unix

package fit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// TestReadFileHostile: fit data that is a named pipe, /dev/zero, a link
// to it, a directory, over the size limit or missing is refused at once
// with an error naming the path.
func TestReadFileHostile(t *testing.T) {
	for _, c := range inputfiletest.Hostile(t, t.TempDir(), "los.csv", inputfile.FitData.MaxBytes) {
		t.Run(c.Name, func(t *testing.T) {
			var err error
			inputfiletest.Within(t, func() { _, err = ReadFile(c.Path, ReadOptions{Value: "los"}) })
			if !errors.Is(err, c.Want) || !strings.Contains(err.Error(), c.Path) {
				t.Errorf("error %v, want %v naming %s", err, c.Want, c.Path)
			}
		})
	}
}

// TestReadFileLongRecord: a file with no line breaks, or a quote left open
// over many lines, stops at the record limit with the record's first line.
func TestReadFileLongRecord(t *testing.T) {
	long := strings.Repeat("1", inputfile.FitData.MaxRecord+1)
	cases := []struct {
		name, data string
		line       int
	}{
		{"no line break", "los\n" + long, 2},
		{"long header", long + "\n1\n", 1},
		{"quote left open", "los\n1\n\"" + strings.Repeat("2\n", inputfile.FitData.MaxRecord), 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "los.csv")
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path, ReadOptions{Value: "los"})
			e, ok := errors.AsType[*inputfile.Error](err)
			if !ok || e.Line != c.line || !errors.Is(err, inputfile.ErrRecordTooLong) {
				t.Fatalf("error %v, want a record too long at line %d", err, c.line)
			}
			if want := path + ":"; !strings.HasPrefix(err.Error(), want) || strings.Count(err.Error(), path) != 1 {
				t.Errorf("error %q, want it to name %s once", err, path)
			}
		})
	}
	path := filepath.Join(t.TempDir(), "los.csv")
	if err := os.WriteFile(path, []byte("los\n1\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if tab, err := ReadFile(path, ReadOptions{Value: "los"}); err != nil || tab.Rows != 2 {
		t.Errorf("a good file: %v, %v", tab, err)
	}
}
