//go:build unix

package plot

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// TestReadRunHostileFiles: each file of a run directory replaced by a
// link to a named pipe, /dev/zero, a directory or (for the manifest) a
// file over its size limit is refused at once with an error naming the
// path; a link to nothing is a missing file, an error only for the files a
// run must have.
func TestReadRunHostileFiles(t *testing.T) {
	files := []struct {
		name     string
		limit    int64
		required bool
	}{
		{ManifestFile, inputfile.Manifest.MaxBytes, true},
		{SummaryFile, 0, true},
		{ReplicationsFile, 0, false},
		{ComparisonFile, 0, false},
		{DailyFile, 0, false},
		{PatientsFile, 0, false},
	}
	for _, f := range files {
		for _, c := range inputfiletest.Hostile(t, t.TempDir(), f.name, f.limit) {
			t.Run(f.name+"/"+c.Name, func(t *testing.T) {
				dir := copyRun(t, "plot_run")
				path := filepath.Join(dir, f.name)
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(c.Path, path); err != nil {
					t.Fatal(err)
				}
				var err error
				inputfiletest.Within(t, func() { _, err = ReadRun(dir) })
				if !f.required && errors.Is(c.Want, os.ErrNotExist) {
					if err != nil {
						t.Errorf("optional file missing: %v, want no error", err)
					}
					return
				}
				if !errors.Is(err, c.Want) || !strings.Contains(err.Error(), f.name) {
					t.Errorf("error %v, want %v naming %s", err, c.Want, f.name)
				}
			})
		}
	}
}

// TestReadRunLongRecord: a run CSV file with no line break, or with a
// quote left open, stops at the record limit with its first line.
func TestReadRunLongRecord(t *testing.T) {
	long := strings.Repeat("9", inputfile.RunCSV.MaxRecord+1)
	for _, c := range []struct {
		file, tail string
	}{
		{SummaryFile, long},
		{DailyFile, long},
		{ReplicationsFile, "\"" + strings.Repeat("x\n", inputfile.RunCSV.MaxRecord/2+1)},
		{PatientsFile, long},
	} {
		t.Run(c.file, func(t *testing.T) {
			dir := copyRun(t, "plot_run")
			path := filepath.Join(dir, c.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			line := strings.Count(string(data), "\n") + 1
			if err := os.WriteFile(path, append(data, c.tail...), 0o644); err != nil {
				t.Fatal(err)
			}
			run, err := ReadRun(dir)
			if err == nil && c.file == PatientsFile {
				err = run.loadPatients()
			}
			e, ok := errors.AsType[*inputfile.Error](err)
			if !ok || e.Line != line || !errors.Is(err, inputfile.ErrRecordTooLong) {
				t.Fatalf("error %v, want a record too long at line %d", err, line)
			}
			if !strings.HasPrefix(err.Error(), path+":") || strings.Count(err.Error(), path) != 1 {
				t.Errorf("error %q, want it to name %s once", err, path)
			}
		})
	}
}

// TestReadRunGzipPatients: a run whose patients file is patients.csv.gz
// reads as the same rows as patients.csv; one that is not gzip data is
// refused with its name.
func TestReadRunGzipPatients(t *testing.T) {
	dir := copyRun(t, "plot_run")
	plain := filepath.Join(dir, PatientsFile)
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := want.loadPatients(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	gz := filepath.Join(dir, PatientsGzipFile)
	os.Remove(plain)
	os.WriteFile(gz, b.Bytes(), 0o644)
	got, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.loadPatients(); err != nil {
		t.Fatal(err)
	}
	// fmt, not reflect.DeepEqual: a stay may be NaN (los_days NA).
	if len(got.patients) == 0 || fmt.Sprint(stays(got)) != fmt.Sprint(stays(want)) {
		t.Errorf("stays from %s differ from those of %s", PatientsGzipFile, PatientsFile)
	}
	os.WriteFile(gz, data, 0o644)
	if _, err := ReadRun(dir); !errors.Is(err, inputfile.ErrBadGzip) || !strings.Contains(err.Error(), gz) {
		t.Errorf("plain CSV named .gz: error %v, want ErrBadGzip naming %s", err, gz)
	}
}

// stays lists r's stays by group, in group order.
func stays(r *Run) [][]stay {
	var out [][]stay
	for _, id := range slices.Sorted(maps.Keys(r.patients)) {
		out = append(out, r.patients[id].stays)
	}
	return out
}
