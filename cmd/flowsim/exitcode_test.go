package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// noStrays fails the test if dir holds a temporary file of an interrupted
// atomic write, or (when unfinished) a manifest.
func noStrays(t *testing.T, dir string, unfinished bool) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", path)
		}
		return nil
	})
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); unfinished && err == nil {
		t.Errorf("%s: an unfinished run wrote manifest.json", dir)
	}
}

// interruptAfter runs flowsim with a context cancelled (as SIGINT does)
// once dir holds n checkpoints, or at once for n == 0.
func interruptAfter(t *testing.T, dir string, n int, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			files, _ := filepath.Glob(filepath.Join(dir, "reps", "*", "*.rep"))
			if len(files) >= n {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var out, errb bytes.Buffer
	code = runCLI(ctx, args, &out, &errb)
	cancel()
	<-done
	return code, out.String(), errb.String()
}

// resumeWords returns the words of the resume command an interrupted run
// printed, as a POSIX shell splits them.
func resumeWords(t *testing.T, stderr string) []string {
	t.Helper()
	_, hint, ok := strings.Cut(stderr, "to finish, run:\n  ")
	if !ok {
		t.Fatalf("no resume command in %q", stderr)
	}
	hint = strings.TrimRight(hint, "\n")
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to split the command")
	}
	out, err := exec.Command("sh", "-c", `printf '%s\0' `+hint).Output()
	if err != nil {
		t.Fatalf("sh cannot parse %q: %v", hint, err)
	}
	words := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if words[0] != "flowsim" {
		t.Fatalf("resume command %q does not start with flowsim", hint)
	}
	return words[1:]
}

// TestInterruptedRunsExit130 interrupts each kind of batch and checks the
// exit code, that the checkpoints are kept and nothing is half-written,
// and that the printed resume command, split by a real shell, finishes
// the run with the files of an uninterrupted one.
func TestInterruptedRunsExit130(t *testing.T) {
	dir := t.TempDir()
	// A scenario whose path needs quoting.
	odd := filepath.Join(dir, "it's a $cenario")
	os.MkdirAll(odd, 0o755)
	scen := filepath.Join(odd, "m m c.yaml")
	os.WriteFile(scen, readFile(t, mmcFile), 0o644)
	cases := []struct {
		name  string
		args  []string
		after int // checkpoints before the interruption
		files []string
	}{
		{"run", []string{"run", scen, "--reps", "40", "--horizon", "400h", "--warmup", "20h", "--workers", "2"}, 4, nil},
		{"run at once", []string{"run", scen, "--reps", "6", "--horizon", "200h"}, 0, nil},
		{"compare", []string{"compare", mmcFile, alt6File, "--reps", "30", "--horizon", "400h", "--workers=2"}, 4,
			[]string{"summary.csv", "replications.csv", "daily.csv", "comparison.csv"}},
		{"sweep", []string{"sweep", scen, "--set", "sites.main.beds.capacity=5, 6", "--set=places.town.arrivals=3/h,4/h",
			"--reps", "10", "--horizon", "300h"}, 3, nil},
		{"reps auto", []string{"run", scen, "--reps", "auto", "--ci-width", "15", "--metric", "arrivals", "--horizon", "300h"}, 3, nil},
		{"census", []string{"run", scen, "--reps", "20", "--horizon", "300h", "--write-census", "3", "--patients"}, 2,
			[]string{"summary.csv", "replications.csv", "daily.csv", "patients.csv", "census.csv"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
			full, cut := base+"-full", base+" cut 'here'"
			mustRun(t, append(tc.args, "--out", full, "-q")...)
			code, _, stderr := interruptAfter(t, cut, tc.after, append(tc.args, "--out", cut, "-q")...)
			if code != exitInterrupted || !strings.Contains(stderr, "interrupted") {
				t.Fatalf("exit %d, stderr %q; want exit %d", code, stderr, exitInterrupted)
			}
			noStrays(t, cut, true)
			if !strings.Contains(stderr, "either way, finish the run later with:\n  ") {
				t.Errorf("no resume command at the moment of the interruption: %q", stderr)
			}
			words := resumeWords(t, stderr)
			if words[0] != tc.args[0] || !strings.Contains(strings.Join(words, " "), "--resume "+cut) {
				t.Fatalf("resume command %q", words)
			}
			mustRun(t, words...)
			sameOutputs(t, full, cut, tc.files...)
			noStrays(t, cut, false)
		})
	}
}

// TestInterruptedElsewhereExit130: the warm-up pilot and calibrate,
// which keep nothing, exit 130 too.
func TestInterruptedElsewhereExit130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"run", mmcFile, "--warmup", "auto", "--reps", "4", "--out", t.TempDir()},
		{"calibrate", "../../scenarios/notts/baseline.yaml", "--reps", "2"},
	} {
		var out, errb bytes.Buffer
		if code := runCLI(ctx, args, &out, &errb); code != exitInterrupted || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("%v: exit %d, %q; want %d", args, code, errb.String(), exitInterrupted)
		}
	}
}

// TestIOErrorsExit1: where flowsim cannot write, it exits 1 naming the
// path, and leaves no temporary file behind.
func TestIOErrorsExit1(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	dirty := filepath.Join(dir, "summary-is-a-dir")
	os.MkdirAll(filepath.Join(dirty, "summary.csv"), 0o755)
	repsFile := filepath.Join(dir, "reps-is-a-file")
	os.MkdirAll(repsFile, 0o755)
	os.WriteFile(filepath.Join(repsFile, "reps"), []byte("x"), 0o644)
	short := []string{"--reps", "2", "--horizon", "200h", "-q"}
	ok := filepath.Join(dir, "ok")
	mustRun(t, append([]string{"run", mmcFile, "--out", ok}, short...)...)
	runInto := func(out string, extra ...string) []string {
		return append(append([]string{"run", mmcFile, "--out", out}, short...), extra...)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"--out is a file", runInto(file), file},
		{"--out below a file", runInto(filepath.Join(file, "sub")), file},
		{"a directory where a file belongs", runInto(dirty, "--force"), "summary.csv"},
		{"reps is a file", runInto(repsFile, "--force"), filepath.Join(repsFile, "reps")},
		{"merge --out is a file", []string{"merge", ok, "--out", file}, file},
		{"schema --out in a missing directory", []string{"schema", "--out", filepath.Join(dir, "no", "such", "s.json")}, "s.json"},
		{"plot --out is a file", []string{"plot", ok, "--out", file}, file},
	}
	// Links to devices (a regression would replace the link, not the
	// device).
	toFull, toNull := filepath.Join(dir, "to-full"), filepath.Join(dir, "to-null")
	os.Symlink("/dev/full", toFull)
	os.Symlink("/dev/null", toNull)
	cases = append(cases, []struct {
		name string
		args []string
		want string
	}{
		{"schema --out a device", []string{"schema", "--out", toFull}, "not a regular file"},
		{"report --out a device", []string{"report", ok, "--out", toNull, "-q"}, "not a regular file"},
		{"report --out a directory", []string{"report", ok, "--out", dir, "-q"}, "not a regular file"},
	}...)
	if runtime.GOOS == "linux" {
		if err := os.Mkdir("/sys/flowsim-test", 0o755); err != nil && !os.IsExist(err) {
			// /sys refuses new directories even to root: a read-only place.
			cases = append(cases, struct {
				name string
				args []string
				want string
			}{"read-only", runInto("/sys/flowsim-test/out"), "/sys/flowsim-test"})
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, tc.args...)
			if code != exitBadInput || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 naming %s", code, stderr, tc.want)
			}
		})
	}
	noStrays(t, dirty, true)
	for _, link := range []string{toFull, toNull} {
		if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s was replaced", link)
		}
	}
}

// TestStdoutErrorsExit1: results that cannot be written to standard
// output (a full disk) are exit 1, not success.
func TestStdoutErrorsExit1(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	for _, args := range [][]string{{"schema"}, {"version"}, {"validate", mmcFile}} {
		var errb bytes.Buffer
		code := runCLI(context.Background(), args, full, &errb)
		if code != exitBadInput || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v > /dev/full: exit %d, %q; want exit 1", args, code, errb.String())
		}
	}
}

// TestAbsurdSizesAreRefused: counts that would allocate gigabytes before
// the first replication are refused with a message, quickly and without
// allocating them.
func TestAbsurdSizesAreRefused(t *testing.T) {
	dir := t.TempDir()
	bigReps := filepath.Join(dir, "big-reps.yaml")
	os.WriteFile(bigReps, append(readFile(t, mmcFile), []byte("reps: 1000000000\n")...), 0o644)
	// A scenario whose resolved form is large (a long description).
	wordy := filepath.Join(dir, "wordy.yaml")
	os.WriteFile(wordy, regexp.MustCompile(`(?m)^description: .*$`).ReplaceAll(readFile(t, mmcFile), []byte("description: "+strings.Repeat("a", 200000))), 0o644)
	manifest := filepath.Join(dir, "m")
	mustRun(t, "run", mmcFile, "--reps", "2", "--horizon", "200h", "--out", manifest, "-q")
	m := readFile(t, filepath.Join(manifest, "manifest.json"))
	os.WriteFile(filepath.Join(manifest, "manifest.json"), bytes.Replace(m, []byte(`"reps": 2,`), []byte(`"reps": 1000000000,`), 1), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"--reps", []string{"run", mmcFile, "--reps", "1000000000"}, 2, "--reps must be at most 100000"},
		{"--reps overflowing", []string{"run", mmcFile, "--reps", "99999999999999999999"}, 2, "--reps"},
		{"--max-reps", []string{"run", mmcFile, "--reps", "auto", "--ci-width", "1", "--max-reps", "1000000000"}, 2, "--max-reps must be from 2 to 100000"},
		{"--workers", []string{"run", mmcFile, "--workers", "1000000000"}, 2, "--workers must be from 1 to 256"},
		{"compare × reps", append(append([]string{"compare", mmcFile}, slices.Repeat([]string{alt6File}, 10)...), "--reps", "100000"), 2, "11 scenarios × 100000 replications"},
		{"sweep × reps", []string{"sweep", mmcFile, "--set", "seed=" + strings.Repeat("1,", 99) + "1", "--reps", "20000"}, 2, "100 scenarios × 20000"},
		{"reps in the file", []string{"run", bigReps}, 1, "big-reps.yaml"},
		{"reps in a manifest", []string{"run", "--manifest", filepath.Join(manifest, "manifest.json"), "--out", filepath.Join(dir, "again")}, 1, "manifest.json"},
		{"calibrate --reps", []string{"calibrate", mmcFile, "--reps", "1000000000"}, 2, "--reps"},
		{"manifest too large to read back", []string{"sweep", wordy, "--set", "seed=" + strings.TrimSuffix(strings.Repeat("1,", 1000), ","), "--reps", "1"},
			2, "the manifest would be about"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			code, _, stderr := flowsim(t, append(tc.args, "--out", filepath.Join(dir, "x-"+tc.name))[:len(tc.args)+outFor(tc.args)]...)
			runtime.ReadMemStats(&after)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.want)
			}
			if a := after.TotalAlloc - before.TotalAlloc; a > 256<<20 {
				t.Errorf("allocated %d MB before refusing", a>>20)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v to refuse", d)
			}
		})
	}
}

// outFor is how many of the arguments "--out DIR" a command line takes:
// none where it has its own or takes no --out.
func outFor(args []string) int {
	if args[0] == "calibrate" || strings.Contains(strings.Join(args, " "), "--out") {
		return 0
	}
	return 2
}
