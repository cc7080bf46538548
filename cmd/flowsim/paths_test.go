package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// abs returns path made absolute, for tests that change directory.
func abs(t *testing.T, path string) string {
	t.Helper()
	a, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// runDirs lists the directories under dir/results.
func runDirs(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(dir, "results"))
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// onlyResults fails unless dir holds nothing but the scenario files and
// results/ — no file placed beside or above it.
func onlyResults(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "results" && !strings.HasSuffix(e.Name(), ".yaml") {
			t.Errorf("%s was created outside results/", e.Name())
		}
	}
	parent, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range parent {
		if filepath.Join(filepath.Dir(dir), e.Name()) != dir {
			t.Errorf("%s was created beside the working directory", e.Name())
		}
	}
}

var stamp = `\d{8}T\d{6}Z`

// TestScenarioNamesStayInsideResults: whatever a scenario's name: says,
// the default output directory is one element under results/.
func TestScenarioNamesStayInsideResults(t *testing.T) {
	body := readFile(t, mmcFile)
	cases := []struct {
		name string // YAML for name:
		want string // regexp of the directory's name
	}{
		{`"../../etc"`, `^etc-` + stamp + `$`},
		{`"a/b/c"`, `^a_b_c-` + stamp + `$`},
		{`"/etc/passwd"`, `^etc_passwd-` + stamp + `$`},
		{`".."`, `^scenario-` + stamp + `$`},
		{`"."`, `^scenario-` + stamp + `$`},
		{`"..\\..\\windows"`, `^windows-` + stamp + `$`},
		{`"nul\0byte"`, `^nul_byte-` + stamp + `$`},
		{`"tab\tand\nnewline"`, `^tab_and_newline-` + stamp + `$`},
		{`"` + strings.Repeat("long", 100) + `"`, `^(long){16}-` + stamp + `$`},
		{`".hidden"`, `^hidden-` + stamp + `$`},
		{`"café-ward"`, `^café-ward-` + stamp + `$`},
	}
	for i, tc := range cases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			root := t.TempDir()
			work := filepath.Join(root, "work")
			os.Mkdir(work, 0o755)
			scen := filepath.Join(work, "s.yaml")
			data := regexp.MustCompile(`(?m)^name: .*$`).ReplaceAll(body, []byte("name: "+tc.name))
			os.WriteFile(scen, data, 0o644)
			t.Chdir(work)
			code, _, stderr := flowsim(t, "run", scen, "--reps", "1", "--horizon", "200h", "-q")
			if code != 0 {
				if code == exitBadInput && strings.Contains(stderr, "s.yaml") {
					return // the loader refuses the name: just as safe
				}
				t.Fatalf("exit %d: %s", code, stderr)
			}
			dirs := runDirs(t, work)
			if len(dirs) != 1 || !regexp.MustCompile(tc.want).MatchString(dirs[0]) {
				t.Errorf("results/ holds %q, want one directory matching %s", dirs, tc.want)
			}
			onlyResults(t, work)
			if _, err := os.Stat(filepath.Join(work, "results", dirs[0], "manifest.json")); err != nil {
				t.Errorf("no manifest in the run directory: %v", err)
			}
		})
	}
}

// TestDefaultDirectoriesSayWhatTheyHold: compare and sweep directories
// are named for what they ran, shards for their shard, and runs started in
// the same second get distinct directories.
func TestDefaultDirectoriesSayWhatTheyHold(t *testing.T) {
	mmc, alt, loss := abs(t, mmcFile), abs(t, alt6File), abs(t, lossFile)
	short := []string{"--reps", "2", "--horizon", "200h", "-q"}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"run", []string{"run", mmc}, `^mmc-` + stamp + `$`},
		{"shard", []string{"run", mmc, "--shard", "2/3"}, `^mmc-` + stamp + `-shard-2-of-3$`},
		{"compare", []string{"compare", mmc, alt}, `^compare-mmc-vs-mmc-6beds-` + stamp + `$`},
		{"compare two", []string{"compare", mmc, alt, loss}, `^compare-mmc-vs-mmc-6beds-erlang-loss-` + stamp + `$`},
		{"sweep", []string{"sweep", mmc, "--set", "sites.main.beds.capacity=5,6"}, `^sweep-mmc-` + stamp + `$`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			t.Chdir(work)
			mustRun(t, append(tc.args, short...)...)
			if dirs := runDirs(t, work); len(dirs) != 1 || !regexp.MustCompile(tc.want).MatchString(dirs[0]) {
				t.Errorf("results/ holds %q, want one directory matching %s", dirs, tc.want)
			}
		})
	}
	t.Run("same second", func(t *testing.T) {
		work := t.TempDir()
		t.Chdir(work)
		for range 4 {
			mustRun(t, append([]string{"run", mmc}, short...)...)
		}
		dirs := runDirs(t, work)
		if len(dirs) != 4 {
			t.Fatalf("4 runs made %d directories: %v", len(dirs), dirs)
		}
		// Those that ran in the same second are numbered.
		for _, d := range dirs {
			if !regexp.MustCompile(`^mmc-` + stamp + `(-[2-4])?$`).MatchString(d) {
				t.Errorf("directory %s", d)
			}
		}
	})
}

// TestErrorsAreCapped: a file with many mistakes, or many bad files, print
// at most 20 lines of problems and then a count; control characters in
// file names and values are escaped.
func TestErrorsAreCapped(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString("name: many\nplaces: {town: {arrivals: 1/h}}\nsites:\n")
	for i := range 60 {
		fmt.Fprintf(&b, "  s%02d: {beds: {capacity: 0, los: {dist: exponential, mean: 1h}}}\n", i)
	}
	many := filepath.Join(dir, "many.yaml")
	os.WriteFile(many, b.Bytes(), 0o644)
	var bad []string
	for i := range 30 {
		f := filepath.Join(dir, fmt.Sprintf("bad%02d.yaml", i))
		os.WriteFile(f, []byte("name: x\nplaces: {town: {arrivals: 1/h}}\nsites: {s: {beds: {capacity: 0, los: {dist: exponential, mean: 1h}}}}\n"), 0o644)
		bad = append(bad, f)
	}
	esc := filepath.Join(dir, "esc\x1b[2Jape.yaml")
	os.WriteFile(esc, []byte("name: x\nplaces: {town: {arrivals: 1/h}}\nsites: {s: {beds: {capacity: 0, los: {dist: exponential, mean: 1h}}}}\n"), 0o644)
	cases := []struct {
		name  string
		args  []string
		lines int // at most
		want  string
	}{
		{"one file, run", []string{"run", many, "--out", filepath.Join(dir, "o")}, 21, "more not shown"},
		{"one file, validate", []string{"validate", many}, 22, "more not shown"},
		{"many files, validate", append([]string{"validate"}, bad...), 22, "more not shown"},
		{"compare of many", append([]string{"compare", many}, bad[:3]...), 21, "more not shown"},
		{"escape", []string{"validate", esc}, 3, `esc\x1b[2Jape.yaml`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, tc.args...)
			lines := strings.Count(stderr, "\n")
			if code != exitBadInput || lines > tc.lines || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, %d lines; want exit 1, at most %d lines with %q:\n%s", code, lines, tc.lines, tc.want, stderr)
			}
			if strings.ContainsRune(stderr, 0x1b) {
				t.Errorf("an escape character reached the terminal: %q", stderr)
			}
		})
	}
}

// TestNonScenarioFilesAreNotQuoted: a manifest or checkpoint state that is
// some other file (here, a private one) is refused without printing its
// contents.
func TestNonScenarioFilesAreNotQuoted(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.json")
	os.WriteFile(secret, []byte("root:x:0:0:hunter2:/root:/bin/bash\n"), 0o644)
	typed := filepath.Join(dir, "typed.json")
	os.WriteFile(typed, []byte(`{"tool": "flowsim", "reps": "hunter2"}`), 0o644)
	resumable := filepath.Join(dir, "run")
	os.MkdirAll(filepath.Join(resumable, "reps"), 0o755)
	os.WriteFile(filepath.Join(resumable, "reps", "run.json"), []byte("hunter2 is the password"), 0o644)
	plotDir := filepath.Join(dir, "plotme")
	os.MkdirAll(plotDir, 0o755)
	os.WriteFile(filepath.Join(plotDir, "manifest.json"), []byte("hunter2"), 0o644)
	for _, args := range [][]string{
		{"run", "--manifest", secret},
		{"run", "--manifest", typed},
		{"run", mmcFile, "--resume", resumable},
		{"merge", plotDir, "--out", filepath.Join(dir, "m")},
		{"plot", plotDir},
		{"report", plotDir},
	} {
		code, _, stderr := flowsim(t, args...)
		if code != exitBadInput || strings.Contains(stderr, "hunter2") {
			t.Errorf("%v: exit %d, %q; want exit 1 without the file's contents", args, code, stderr)
		}
	}
}
