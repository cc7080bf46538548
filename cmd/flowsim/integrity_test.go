package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenamedCheckpointsAreRefused: --resume and merge refuse a
// checkpoint that is not the replication its name says (exit 1, naming
// it), and remove nothing.
func TestRenamedCheckpointsAreRefused(t *testing.T) {
	dir := t.TempDir()
	args := []string{"run", mmcFile, "--reps", "6", "--horizon", "200h", "-q"}
	shard := func(name string, k string) string {
		d := filepath.Join(dir, name)
		mustRun(t, append(args, "--shard", k+"/2", "--out", d)...)
		return d
	}
	a, b := shard("a", "1"), shard("b", "2")
	ckpt := func(d string) string { return filepath.Join(d, readManifest(t, d).Scenarios[0].Checkpoints) }
	// Shard 2 holds replications 1, 3 and 5: put a copy of 1 in 3's place.
	os.WriteFile(filepath.Join(ckpt(b), "000003.rep"), readFile(t, filepath.Join(ckpt(b), "000001.rep")), 0o644)
	code, _, stderr := flowsim(t, "merge", a, b, "--out", filepath.Join(dir, "m"))
	if code != exitBadInput || !strings.Contains(stderr, "000003.rep") || !strings.Contains(stderr, "holds replication 1, not 3") {
		t.Errorf("merge with a renamed checkpoint: exit %d, %s", code, stderr)
	}
	// An unfinished run (no manifest) with a renamed checkpoint.
	cut := filepath.Join(dir, "cut")
	mustRun(t, append(args, "--out", cut)...)
	os.Remove(filepath.Join(cut, "manifest.json"))
	entries, _ := filepath.Glob(filepath.Join(cut, "reps", "*", "*.rep"))
	victim := entries[0]
	os.Rename(entries[1], victim)
	code, _, stderr = flowsim(t, append(args, "--resume", cut)...)
	if code != exitBadInput || !strings.Contains(stderr, victim) {
		t.Errorf("resume with a swapped checkpoint: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("the refused checkpoint was removed: %v", err)
	}
}

// copyDir copies the run directory from into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// TestEditedRunsAreRefused: a manifest or result file edited after the
// run is refused (exit 1, naming the file) by report, plot, merge and run
// --manifest, which would otherwise draw, merge or rerun something other
// than what ran.
func TestEditedRunsAreRefused(t *testing.T) {
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig")
	mustRun(t, "run", mmcFile, "--reps", "4", "--horizon", "200h", "--shard", "1/2", "--out", orig, "-q")
	other := filepath.Join(dir, "other")
	mustRun(t, "run", mmcFile, "--reps", "4", "--horizon", "200h", "--shard", "2/2", "--out", other, "-q")
	edit := func(file, old, new string) func(d string) {
		return func(d string) {
			p := filepath.Join(d, file)
			data := readFile(t, p)
			if !strings.Contains(string(data), old) {
				t.Fatalf("%s holds no %q", file, old)
			}
			os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644)
		}
	}
	tamperings := []struct {
		name   string
		change func(d string)
		want   string
	}{
		{"seed", edit("manifest.json", `"seed": 1,`, `"seed": 2,`), "manifest.json was edited"},
		{"reps", edit("manifest.json", `"reps": 4,`, `"reps": 400000000,`), "manifest.json was edited"},
		{"summary", edit("summary.csv", "mmc,arrivals", "mmc,arrivalz"), "summary.csv was changed"},
		{"replications", func(d string) {
			f, _ := os.OpenFile(filepath.Join(d, "replications.csv"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("mmc,9,arrivals,all,1\n")
			f.Close()
		}, "replications.csv was changed"},
	}
	commands := []struct {
		name string
		args func(d string) []string
	}{
		{"report", func(d string) []string { return []string{"report", d, "-q"} }},
		{"plot", func(d string) []string { return []string{"plot", d, "--kind", "occupancy", "-q"} }},
		{"merge", func(d string) []string {
			return []string{"merge", d, other, "--out", filepath.Join(d, "..", filepath.Base(d)+"-merged"), "-q"}
		}},
		{"rerun", func(d string) []string {
			return []string{"run", "--manifest", filepath.Join(d, "manifest.json"), "--out", filepath.Join(d, "..", filepath.Base(d)+"-again"), "-q"}
		}},
	}
	for _, c := range commands {
		t.Run(c.name+"/untouched", func(t *testing.T) {
			d := filepath.Join(t.TempDir(), "run")
			copyDir(t, orig, d)
			mustRun(t, c.args(d)...)
		})
		for _, tc := range tamperings {
			t.Run(c.name+"/"+tc.name, func(t *testing.T) {
				d := filepath.Join(t.TempDir(), "run")
				copyDir(t, orig, d)
				tc.change(d)
				code, _, stderr := flowsim(t, c.args(d)...)
				if code != exitBadInput || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, d) {
					t.Errorf("exit %d, %q; want exit 1 naming %s and %q", code, stderr, d, tc.want)
				}
			})
		}
	}
}
