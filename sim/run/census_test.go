package run

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestRerunFollowsTheCensus: a run from a census is rerun from the
// manifest only while the census is the one the run read — an edited
// census changes the scenario hash and is refused, a missing one is an
// error naming the census, not the scenario file.
func TestRerunFollowsTheCensus(t *testing.T) {
	dir := t.TempDir()
	census := filepath.Join(dir, "c.csv")
	good := "site,days_in_unit,medically_safe,pathway\nmain,1,no,p0\nmain,2,yes,p0\n"
	os.WriteFile(census, []byte(good), 0o644)
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte("name: s\ncensus: c.csv\nplaces: {p: {arrivals: 1/h}}\n"+
		"sites: {main: {beds: {capacity: 5, los: {dist: exponential, mean: 1d}}}}\n"), 0o644)
	first := filepath.Join(dir, "first")
	if _, err := Run(context.Background(), file, quick(first, 2)); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(first, output.ManifestFile)
	rerun := func(name string) error {
		o := quick(filepath.Join(dir, name), 0)
		o.Seed = nil
		_, err := Rerun(context.Background(), manifest, o)
		return err
	}
	if err := rerun("same"); err != nil {
		t.Fatalf("rerun with the census unchanged: %v", err)
	}
	sameFiles(t, first, filepath.Join(dir, "same"))

	os.WriteFile(census, []byte(strings.Replace(good, "main,1", "main,3", 1)), 0o644)
	if err := rerun("edited"); err == nil || !strings.Contains(err.Error(), "has changed since") {
		t.Errorf("rerun with the census edited: %v, want a refusal saying the scenario has changed", err)
	}

	os.Remove(census)
	err := rerun("missing")
	var se scenario.Errors
	if !errors.As(err, &se) || !strings.Contains(err.Error(), census) || strings.Contains(err.Error(), "which is not there") {
		t.Errorf("rerun with the census missing: %v, want the load error naming %s", err, census)
	}
}
