package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/output"
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

// snapshot maps every file under dir to its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files[rel] = string(readFile(t, path))
		}
		return nil
	})
	return files
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for f, data := range before {
		if got, ok := after[f]; !ok {
			t.Errorf("%s was removed", f)
		} else if got != data {
			t.Errorf("%s was changed", f)
		}
	}
	for f := range after {
		if _, ok := before[f]; !ok {
			t.Errorf("%s was added", f)
		}
	}
}

// TestOutOntoAnotherRun: --out onto a directory that is not free is
// refused, leaving it as it was, unless --force, which leaves none of the
// old run's files; an unfinished run of the same command is resumed.
func TestOutOntoAnotherRun(t *testing.T) {
	dir := t.TempDir()
	short := []string{"--reps", "3", "--horizon", "200h", "-q"}
	runArgs := func(out string, extra ...string) []string {
		return append(append([]string{"run", mmcFile, "--out", out}, short...), extra...)
	}
	// A finished run with every optional file, a report and a figure.
	rich := filepath.Join(dir, "rich")
	mustRun(t, runArgs(rich, "--patients", "--write-census", "2")...)
	mustRun(t, "report", rich, "-q")
	mustRun(t, "plot", rich, "--kind", "occupancy", "-q")
	cmp := filepath.Join(dir, "cmp")
	mustRun(t, append([]string{"compare", mmcFile, alt6File, "--out", cmp}, short...)...)
	// An unfinished run of another seed.
	otherSeed := filepath.Join(dir, "other-seed")
	mustRun(t, runArgs(otherSeed, "--seed", "5")...)
	os.Remove(filepath.Join(otherSeed, "manifest.json"))
	foreign := filepath.Join(dir, "foreign")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	plain := filepath.Join(dir, "plain")
	mustRun(t, runArgs(plain)...)

	cases := []struct {
		name string
		from string // run directory copied to --out; "" for an empty one
		args func(out string) []string
		want string // "" for success
		gone []string
		kept []string
	}{
		{"empty directory", "", func(o string) []string { return runArgs(o) }, "", nil, nil},
		{"finished run", plain, func(o string) []string { return runArgs(o) }, "holds a finished run", nil, nil},
		{"finished run, --force", rich, func(o string) []string { return runArgs(o, "--force") }, "",
			[]string{"patients.csv", "census.csv", "report.html", "plots"}, nil},
		{"comparison", cmp, func(o string) []string { return runArgs(o) }, "holds a finished run", nil, nil},
		{"comparison, --force", cmp, func(o string) []string { return runArgs(o, "--force") }, "", []string{"comparison.csv"}, nil},
		{"unfinished run of another seed", otherSeed, func(o string) []string { return runArgs(o) }, "seed 5 there, 1 here", nil, nil},
		{"unfinished run of another seed, --force", otherSeed, func(o string) []string { return runArgs(o, "--force") }, "", nil, nil},
		{"foreign files", foreign, func(o string) []string { return runArgs(o) }, "holds no flowsim run", nil, nil},
		{"foreign files, --force", foreign, func(o string) []string { return runArgs(o, "--force") }, "", nil, []string{"notes.txt"}},
		{"merge onto a run", rich, func(o string) []string { return []string{"merge", plain, "--out", o, "-q"} }, "holds a finished run", nil, nil},
		{"merge onto a run, --force", rich, func(o string) []string { return []string{"merge", plain, "--out", o, "--force", "-q"} }, "",
			[]string{"patients.csv", "census.csv", "report.html", "plots"}, nil},
		{"sweep onto a run", plain, func(o string) []string {
			return append([]string{"sweep", mmcFile, "--set", "seed=1,2", "--out", o}, short...)
		}, "holds a finished run", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(out, 0o755)
			if tc.from != "" {
				copyDir(t, tc.from, out)
			}
			before := snapshot(t, out)
			code, _, stderr := flowsim(t, tc.args(out)...)
			if tc.want != "" {
				if code != exitBadInput || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "--force") {
					t.Errorf("exit %d, %q; want exit 1 with %q and a word on --force", code, stderr, tc.want)
				}
				sameSnapshot(t, before, snapshot(t, out))
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, err := output.Verify(filepath.Join(out, "manifest.json")); err != nil {
				t.Errorf("the new run does not verify: %v", err)
			}
			for _, f := range tc.gone {
				if _, err := os.Stat(filepath.Join(out, f)); err == nil {
					t.Errorf("the old run's %s survived", f)
				}
			}
			for _, f := range tc.kept {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s, not flowsim's, was removed", f)
				}
			}
			// One checkpoint directory, the new run's.
			entries, _ := os.ReadDir(filepath.Join(out, "reps"))
			var dirs []string
			for _, e := range entries {
				if e.IsDir() {
					dirs = append(dirs, e.Name())
				}
			}
			if len(dirs) != 1 {
				t.Errorf("checkpoint directories %v, want the new run's only", dirs)
			}
		})
	}
	if code, _, stderr := flowsim(t, "run", mmcFile, "--resume", plain, "--force"); code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("--resume with --force: exit %d, %s", code, stderr)
	}
}

// TestOutResumesTheSameUnfinishedRun: --out onto an interrupted run of the
// same command line resumes it, reusing its checkpoints and removing the
// temporary files a kill left (in the run directory and its checkpoints),
// with the files of an uninterrupted run.
func TestOutResumesTheSameUnfinishedRun(t *testing.T) {
	dir := t.TempDir()
	args := []string{"run", mmcFile, "--reps", "30", "--horizon", "300h", "--workers", "2", "-q"}
	full, cut := filepath.Join(dir, "full"), filepath.Join(dir, "cut")
	mustRun(t, append(args, "--out", full)...)
	if code, _, stderr := interruptAfter(t, cut, 5, append(args, "--out", cut)...); code != exitInterrupted {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	saved, _ := filepath.Glob(filepath.Join(cut, "reps", "*", "*.rep"))
	os.WriteFile(filepath.Join(cut, ".summary.csv.tmp-77"), []byte("scenario,me"), 0o644)
	os.WriteFile(filepath.Join(filepath.Dir(saved[0]), ".000029.rep.tmp-9"), []byte("flowsim"), 0o644)
	code, stdout, stderr := flowsim(t, "run", mmcFile, "--reps", "30", "--horizon", "300h", "--out", cut)
	if code != 0 || !strings.Contains(stderr, "resuming it") || !strings.Contains(stderr, "removed 2 partly written") {
		t.Fatalf("exit %d, %s", code, stderr)
	}
	if m := readManifest(t, cut); m.Run.Resumed != len(saved) {
		t.Errorf("resumed %d, want the %d checkpoints (%s)", m.Run.Resumed, len(saved), stdout)
	}
	sameOutputs(t, full, cut)
	noStrays(t, cut, false)
}

// TestMadeUpManifestsAreRefused: a manifest without integrity hashes (as
// older ones are) whose fields would send merge or a rerun astray — its
// checkpoints outside the run directory, a short key, a shard count of
// a billion billion — is refused with exit 1, never a panic or a hang.
func TestMadeUpManifestsAreRefused(t *testing.T) {
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig")
	mustRun(t, "run", mmcFile, "--reps", "2", "--horizon", "200h", "--out", orig, "-q")
	unsealed := func(edit func(m map[string]any)) string {
		d := filepath.Join(t.TempDir(), "run")
		copyDir(t, orig, d)
		var m map[string]any
		if err := json.Unmarshal(readFile(t, filepath.Join(d, "manifest.json")), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "integrity")
		edit(m)
		b, _ := json.MarshalIndent(m, "", "  ")
		os.WriteFile(filepath.Join(d, "manifest.json"), b, 0o644)
		return d
	}
	scenario0 := func(m map[string]any) map[string]any { return m["scenarios"].([]any)[0].(map[string]any) }
	cases := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"checkpoints outside", func(m map[string]any) { scenario0(m)["checkpoints"] = "../../elsewhere" }, "the directory its key names"},
		{"short key", func(m map[string]any) { scenario0(m)["checkpoint_key"] = "ab" }, "checkpoint_key"},
		{"short hash", func(m map[string]any) { m["scenario_sha256"] = "x" }, "scenario_sha256"},
		{"huge shard count", func(m map[string]any) { m["shard"] = map[string]any{"index": 1, "count": 1e18} }, "missing shard(s) 2/1000000000000000000"},
		{"file outside", func(m map[string]any) { m["files"] = []any{"../../etc/passwd"} }, "not a file name"},
		{"reps", func(m map[string]any) { m["reps"] = 1e9 }, "at most 100000"},
		{"census day", func(m map[string]any) { m["census_day"] = -3 }, "census_day -3"},
	}
	for _, tc := range cases {
		d := unsealed(tc.edit)
		for _, args := range [][]string{
			{"merge", d, "--out", filepath.Join(filepath.Dir(d), "merged")},
			{"run", "--manifest", filepath.Join(d, "manifest.json"), "--out", filepath.Join(filepath.Dir(d), "again")},
			{"report", d},
		} {
			if args[0] != "merge" && strings.HasPrefix(tc.name, "huge") || args[0] == "report" && tc.name == "reps" {
				continue // merge's and the batch's concerns; report reads the CSVs
			}
			t.Run(tc.name+"/"+args[0], func(t *testing.T) {
				code, _, stderr := flowsim(t, append(args, "-q")...)
				if code != exitBadInput || !strings.Contains(stderr, tc.want) {
					t.Errorf("exit %d, %q; want exit 1 with %q", code, stderr, tc.want)
				}
			})
		}
	}
}
