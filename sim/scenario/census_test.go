package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/census"
)

const goodCensus = "site,days_in_unit,medically_safe,pathway\nmain,1,no,p0\nmain,2.5,yes,p0\n"

// TestCensusIsReadOnce: however a scenario is loaded — alone, with
// overrides, with an override naming another census, through extends —
// its census is read once, and the scenario carries that file's rows.
func TestCensusIsReadOnce(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "today.csv"), []byte(goodCensus), 0o644)
	os.WriteFile(filepath.Join(dir, "other.csv"), []byte("site,days_in_unit,medically_safe,pathway\nmain,3,no,p0\n"), 0o644)
	base := filepath.Join(dir, "base.yaml")
	os.WriteFile(base, []byte(mmcDoc+"census: today.csv\n"), 0o644)
	alt := filepath.Join(dir, "alt.yaml")
	os.WriteFile(alt, []byte("extends: base.yaml\nreps: 3\n"), 0o644)
	cases := []struct {
		name, file string
		set        []Override
		census     string
		rows       int
	}{
		{"Load", base, nil, "today.csv", 2},
		{"extends", alt, nil, "today.csv", 2},
		{"LoadWith", base, []Override{{Path: Path{"reps"}, Value: "4"}}, "today.csv", 2},
		{"LoadWith census", alt, []Override{{Path: Path{"census"}, Value: "other.csv"}}, "other.csv", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var read []string
			r := reads{census: func(path string) (*census.File, error) {
				read = append(read, path)
				return census.Read(path)
			}}
			s, err := loadWith(c.file, r, c.set)
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(dir, c.census)
			if len(read) != 1 || read[0] != want {
				t.Errorf("census reads %v, want %s once", read, want)
			}
			f, err := s.CensusFile()
			if err != nil {
				t.Fatal(err)
			}
			if f.Path != want || len(f.Rows) != c.rows {
				t.Errorf("carried census %s with %d rows, want %s with %d", f.Path, len(f.Rows), want, c.rows)
			}
		})
	}
}

// TestCensusErrorsAreLoadErrors: a census that breaks its format fails the
// load with an error at the census field of the file that named it, whose
// message names the census file, line and column.
func TestCensusErrorsAreLoadErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.csv"), []byte("site,days_in_unit,medically_safe,pathway\nmain,1,no,p0\nmain,NaN,no,p0\n"), 0o644)
	base := filepath.Join(dir, "base.yaml")
	doc := mmcDoc + "census: bad.csv\n"
	os.WriteFile(base, []byte(doc), 0o644)
	alt := filepath.Join(dir, "alt.yaml")
	os.WriteFile(alt, []byte("extends: base.yaml\nreps: 3\n"), 0o644)
	censusLine := strings.Count(mmcDoc, "\n") + 1
	load := map[string]func() (*Scenario, error){
		"Load":      func() (*Scenario, error) { return Load(base) },
		"LoadBytes": func() (*Scenario, error) { return LoadBytes(base, []byte(doc)) },
		"extends":   func() (*Scenario, error) { return Load(alt) },
		"LoadWith":  func() (*Scenario, error) { return LoadWith(alt, Override{Path: Path{"reps"}, Value: "4"}) },
	}
	for name, f := range load {
		t.Run(name, func(t *testing.T) {
			s, err := f()
			var es Errors
			if s != nil || !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("got %v, %v; want one scenario error", s, err)
			}
			e := es[0]
			if e.File != base || e.Line != censusLine || e.Field != "census" {
				t.Errorf("error at %s:%d %s, want %s:%d census", e.File, e.Line, e.Field, base, censusLine)
			}
			want := filepath.Join(dir, "bad.csv") + ":3: days_in_unit: want a number of days from 0 to 36500"
			if !strings.Contains(e.Msg, want) {
				t.Errorf("message %q, want %q", e.Msg, want)
			}
			var ce *census.Error
			if !errors.As(err, &ce) || ce.Line != 3 || ce.Column != "days_in_unit" {
				t.Errorf("errors.As *census.Error: %+v", ce)
			}
		})
	}
}

// TestCensusFileNeedsReading: a census named after Load (or in a scenario
// built in code) is refused until ReadCensus reads it, so that nothing
// runs or hashes a census other than the one read.
func TestCensusFileNeedsReading(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "today.csv"), []byte(goodCensus), 0o644)
	s, err := LoadBytes(filepath.Join(dir, "s.yaml"), []byte(mmcDoc))
	if err != nil {
		t.Fatal(err)
	}
	if f, err := s.CensusFile(); f != nil || err != nil {
		t.Errorf("no census: CensusFile() = %v, %v", f, err)
	}
	s.Census = "today.csv"
	if _, err := s.CensusFile(); err == nil || !strings.Contains(err.Error(), "has not been read") {
		t.Errorf("unread census: %v", err)
	}
	if err := s.HashCensus(new(strings.Builder)); err == nil {
		t.Error("an unread census was hashed")
	}
	if err := s.ReadCensus(); err != nil {
		t.Fatal(err)
	}
	if f, err := s.CensusFile(); err != nil || len(f.Rows) != 2 || f.Rows[1].DaysInUnit != 2.5 || !f.Rows[1].MedicallySafe {
		t.Errorf("after ReadCensus: %+v, %v", f, err)
	}
	s.Census = "missing.csv"
	if err := s.ReadCensus(); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("ReadCensus of a missing file: %v", err)
	}
}
