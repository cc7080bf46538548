package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/stats"
)

func summarize(xs []float64) stats.Summary { return stats.Summarize(xs) }

// TestMain clears the variables a shard is read from, so that the tests
// run every replication even when go test itself runs in a Slurm array
// task or a Kubernetes Indexed Job.
func TestMain(m *testing.M) {
	for _, v := range run.ShardVariables() {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

const (
	mmcFile   = "../../scenarios/examples/mmc.yaml"
	lossFile  = "../../scenarios/examples/erlang-loss.yaml"
	alt6File  = "testdata/alt-6beds.yaml"
	loss6File = "testdata/loss-6beds.yaml"
)

// mustRun runs flowsim and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := flowsim(t, args...)
	if code != 0 {
		t.Fatalf("flowsim %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(readFile(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// column returns the index of name in a CSV header.
func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %s in %v", name, header)
	}
	return i
}

func readManifest(t *testing.T, dir string) *output.Manifest {
	t.Helper()
	var m output.Manifest
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// sameOutputs checks that two run directories hold byte-identical output
// files and manifests that differ only in their run sections.
func sameOutputs(t *testing.T, a, b string, files ...string) {
	t.Helper()
	if len(files) == 0 {
		files = []string{"summary.csv", "replications.csv", "daily.csv"}
	}
	for _, f := range files {
		if !bytes.Equal(readFile(t, filepath.Join(a, f)), readFile(t, filepath.Join(b, f))) {
			t.Errorf("%s differs between %s and %s", f, filepath.Base(a), filepath.Base(b))
		}
	}
	if x, y := manifestWithoutRun(t, a), manifestWithoutRun(t, b); x != y {
		t.Errorf("manifests differ beyond their run sections:\n%s\n%s", x, y)
	}
}

func TestCompareOutputs(t *testing.T) {
	out := t.TempDir()
	stdout := mustRun(t, "compare", mmcFile, alt6File, lossFile, "--reps", "8", "--out", out)
	rows := readCSV(t, filepath.Join(out, "comparison.csv"))
	if got := strings.Join(rows[0], ","); got != "scenario,metric,site,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,n,better,verdict" {
		t.Fatalf("comparison.csv header %s", got)
	}
	alts := map[string]int{}
	for _, r := range rows[1:] {
		alts[r[0]]++
		if r[8] != "8" {
			t.Fatalf("row %v: n = %s, want 8", r, r[8])
		}
		base, _ := strconv.ParseFloat(r[3], 64)
		alt, _ := strconv.ParseFloat(r[4], 64)
		diff, _ := strconv.ParseFloat(r[5], 64)
		if !math.IsNaN(diff) && math.Abs(base-alt-diff) > 1e-4*math.Max(1, math.Abs(base)) {
			t.Errorf("row %v: diff_mean is not base_mean − alt_mean", r)
		}
	}
	// The direction comes from the metric registry; the verdict from the
	// interval: a sixth bed shortens the queue (better), and arrivals have
	// no better direction.
	for _, r := range rows[1:] {
		switch {
		case r[0] == "mmc-6beds" && r[1] == "queue_mean" && r[2] == "all" && (r[9] != "lower" || r[10] != "better"):
			t.Errorf("queue_mean of mmc-6beds: better %q, verdict %q; want lower, better", r[9], r[10])
		case r[1] == "arrivals" && (r[9] != "" || r[10] != ""):
			t.Errorf("arrivals: better %q, verdict %q; want neither", r[9], r[10])
		}
	}
	if len(alts) != 2 || alts["mmc-6beds"] == 0 || alts["erlang-loss"] == 0 || alts["mmc"] != 0 {
		t.Errorf("comparison.csv rows per scenario: %v, want the two alternatives", alts)
	}
	// Each scenario's own results, told apart by the scenario column.
	for _, f := range []string{"summary.csv", "replications.csv", "daily.csv"} {
		seen := map[string]bool{}
		for _, r := range readCSV(t, filepath.Join(out, f))[1:] {
			seen[r[0]] = true
		}
		if len(seen) != 3 || !seen["mmc"] || !seen["mmc-6beds"] || !seen["erlang-loss"] {
			t.Errorf("%s holds scenarios %v, want mmc, mmc-6beds and erlang-loss", f, seen)
		}
	}
	m := readManifest(t, out)
	if m.Command != "compare" || len(m.Scenarios) != 3 || m.Scenarios[0].Role != "base" || m.Scenarios[1].Role != "alternative" {
		t.Fatalf("manifest: command %s, %d scenarios", m.Command, len(m.Scenarios))
	}
	for _, e := range m.Scenarios {
		if len(e.SHA256) != 64 || e.File == "" || len(e.Resolved) == 0 {
			t.Errorf("manifest entry %s: sha %q, file %q", e.Name, e.SHA256, e.File)
		}
	}
	if !slices.Contains(m.Files, "comparison.csv") {
		t.Errorf("manifest files %v lack comparison.csv", m.Files)
	}
	// Each alternative's table ends with the report's answer in words:
	// a loss system turns patients away, so it uses fewer bed-days.
	if !regexp.MustCompile(`\nerlang-loss saves [0-9,]+ bed-days over the 79 days reported \(95% CI [0-9,]+ to [0-9,]+\), about [0-9,]+ beds? at 92% occupancy\.\n`).MatchString(stdout) {
		t.Errorf("no answer sentence for erlang-loss:\n%s", stdout)
	}
	for _, want := range []string{"mmc-6beds against mmc", "erlang-loss against mmc", "bed_days", "boarding_hours_mean", "95% CI"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("printed table lacks %q:\n%s", want, stdout)
		}
	}
}

// TestCompareCRNNarrowsTheInterval: the same pair of scenarios compared
// with common random numbers, and with the alternative run from another
// seed (independent replications, paired by number). Both estimate the
// extra bed-days a sixth bed lets a loss system use; common random numbers
// must give a far narrower interval.
func TestCompareCRNNarrowsTheInterval(t *testing.T) {
	dir := t.TempDir()
	crn, base, indep := filepath.Join(dir, "crn"), filepath.Join(dir, "base"), filepath.Join(dir, "indep")
	mustRun(t, "compare", lossFile, loss6File, "--reps", "30", "--out", crn, "-q")
	mustRun(t, "run", lossFile, "--reps", "30", "--out", base, "-q")
	mustRun(t, "run", loss6File, "--reps", "30", "--seed", "99", "--out", indep, "-q")

	var paired []string
	for _, r := range readCSV(t, filepath.Join(crn, "comparison.csv")) {
		if r[1] == "bed_days" && r[2] == "main" {
			paired = r
		}
	}
	lo, _ := strconv.ParseFloat(paired[6], 64)
	hi, _ := strconv.ParseFloat(paired[7], 64)
	crnWidth := hi - lo
	if !(hi < 0) {
		t.Errorf("CRN interval [%v, %v]: the sixth bed should use more bed-days (a negative difference)", lo, hi)
	}
	bedDays := func(dir string) []float64 {
		var xs []float64
		for _, r := range readCSV(t, filepath.Join(dir, "replications.csv")) {
			if r[2] == "bed_days" && r[3] == "main" {
				x, _ := strconv.ParseFloat(r[4], 64)
				xs = append(xs, x)
			}
		}
		return xs
	}
	b, a := bedDays(base), bedDays(indep)
	d := make([]float64, len(b))
	for i := range d {
		d[i] = b[i] - a[i]
	}
	s := summarize(d)
	indepWidth := s.CIHigh - s.CILow
	t.Logf("bed_days saved: CRN %s [%v, %v] width %.3g; independent %.4g [%.4g, %.4g] width %.3g",
		paired[5], lo, hi, crnWidth, s.Mean, s.CILow, s.CIHigh, indepWidth)
	if !(crnWidth*2 < indepWidth) {
		t.Errorf("CRN interval width %.3g is not half the independent one, %.3g", crnWidth, indepWidth)
	}
}

func TestSweepGrid(t *testing.T) {
	out := t.TempDir()
	stdout := mustRun(t, "sweep", mmcFile, "--set", "sites.main.beds.capacity=5,6", "--set", "places.town.arrivals=3/h,4/h,4.5/h",
		"--reps", "3", "--out", out)
	want := [][]string{{"5", "3/h"}, {"5", "4/h"}, {"5", "4.5/h"}, {"6", "3/h"}, {"6", "4/h"}, {"6", "4.5/h"}}
	m := readManifest(t, out)
	if len(m.Scenarios) != 6 || len(m.Sets) != 2 || m.Sets[0].Path != "sites.main.beds.capacity" {
		t.Fatalf("manifest: %d points, sets %+v", len(m.Scenarios), m.Sets)
	}
	for i, e := range m.Scenarios {
		if !slices.Equal(e.Values, want[i]) {
			t.Errorf("point %d = %v, want %v", i, e.Values, want[i])
		}
		// The resolved scenario holds the point's values.
		var r struct {
			Places map[string]struct{ Arrivals string }
			Sites  map[string]struct{ Beds struct{ Capacity int } }
		}
		json.Unmarshal(e.Resolved, &r)
		capacity, _ := strconv.Atoi(want[i][0])
		if r.Sites["main"].Beds.Capacity != capacity || r.Places["town"].Arrivals == "" {
			t.Errorf("point %d resolved to capacity %d, arrivals %s", i, r.Sites["main"].Beds.Capacity, r.Places["town"].Arrivals)
		}
	}
	// summary.csv: the swept values as columns after scenario, one block
	// of metrics per point, in grid order.
	rows := readCSV(t, filepath.Join(out, "summary.csv"))
	if h := strings.Join(rows[0][:5], ","); h != "scenario,sites.main.beds.capacity,places.town.arrivals,metric,site" {
		t.Fatalf("summary.csv header %v", rows[0])
	}
	var points [][]string
	occupancy := map[string]float64{}
	arrivals := map[string]float64{}
	for _, r := range rows[1:] {
		p := r[1:3]
		if len(points) == 0 || !slices.Equal(points[len(points)-1], p) {
			points = append(points, p)
		}
		mean, _ := strconv.ParseFloat(r[5], 64)
		if r[4] == "all" && r[3] == "beds_occupied_mean" {
			occupancy[strings.Join(p, " ")] = mean
		}
		if r[4] == "all" && r[3] == "arrivals" {
			arrivals[strings.Join(p, " ")] = mean
		}
	}
	if len(points) != 6 || !slices.EqualFunc(points, want, slices.Equal) {
		t.Fatalf("summary.csv points %v, want %v", points, want)
	}
	// The values took effect: arrivals follow the rate (1900 h after
	// warm-up) and the same arrivals occupy about the same beds whatever
	// the capacity (common random numbers across points).
	for _, p := range want {
		rate, _ := strconv.ParseFloat(strings.TrimSuffix(p[1], "/h"), 64)
		if got := arrivals[strings.Join(p, " ")]; math.Abs(got-rate*1900) > 0.05*rate*1900 {
			t.Errorf("point %v: %v arrivals, want about %v", p, got, rate*1900)
		}
	}
	if a, b := occupancy["5 3/h"], occupancy["6 3/h"]; math.Abs(a-b) > 0.02*a {
		t.Errorf("beds occupied %v with 5 beds and %v with 6 at 3/h: should be nearly equal", a, b)
	}
	for _, f := range []string{"replications.csv", "daily.csv"} {
		h := readCSV(t, filepath.Join(out, f))[0]
		if strings.Join(h[:4], ",") != "scenario,sites.main.beds.capacity,places.town.arrivals,rep" {
			t.Errorf("%s header %v", f, h)
		}
	}
	if !strings.Contains(stdout, "6 points × 3 replications") {
		t.Errorf("table:\n%s", stdout)
	}
}

func TestSweepErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"misspelt site", []string{"--set", "sites.mian.beds.capacity=4,5"}, 1, `sites.mian.beds.capacity: sites has no entry "mian" (it has: main)`},
		{"misspelt field", []string{"--set", "sites.main.beds.capcity=4"}, 1, `did you mean "capacity"`},
		{"below a value", []string{"--set", "horizon.days=4"}, 1, `horizon is a single value`},
		{"bad value", []string{"--set", "sites.main.beds.capacity=5,0"}, 1, "--set sites.main.beds.capacity=0: sites.main.beds.capacity"},
		{"no values", []string{"--set", "sites.main.beds.capacity="}, 2, "empty value"},
		{"no equals", []string{"--set", "sites.main.beds.capacity"}, 2, "want PATH=V1,V2"},
		{"twice", []string{"--set", "horizon=10d", "--set", "horizon=20d"}, 2, "given twice"},
		{"no set", nil, 2, "at least one --set"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, append([]string{"sweep", mmcFile, "--reps", "2", "--out", t.TempDir()}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

// TestShardsMergeToTheSingleRun: shards of a run, of a comparison and of
// a sweep, merged, give byte-identical files to the run on one machine.
func TestShardsMergeToTheSingleRun(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		shards int
		files  []string
	}{
		{"run", []string{"run", "testdata/small.yaml", "--reps", "7"}, 3, nil},
		{"compare", []string{"compare", mmcFile, alt6File, "--reps", "5"}, 2,
			[]string{"summary.csv", "replications.csv", "daily.csv", "comparison.csv"}},
		{"sweep", []string{"sweep", mmcFile, "--set", "sites.main.beds.capacity=5,6", "--reps", "4"}, 4, nil},
		{"patients-gzip", []string{"run", "testdata/small.yaml", "--reps", "5", "--patients-gzip"}, 2,
			[]string{"summary.csv", "daily.csv", "patients.csv.gz"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			single := filepath.Join(dir, "single")
			mustRun(t, append(tc.args, "--out", single, "--workers", "3", "-q")...)
			var shards []string
			for k := tc.shards; k >= 1; k-- { // any order
				d := filepath.Join(dir, "shard"+strconv.Itoa(k))
				mustRun(t, append(tc.args, "--shard", strconv.Itoa(k)+"/"+strconv.Itoa(tc.shards), "--out", d, "--workers", "1", "-q")...)
				shards = append(shards, d)
			}
			merged := filepath.Join(dir, "merged")
			mustRun(t, append(append([]string{"merge"}, shards...), "--out", merged, "-q")...)
			sameOutputs(t, single, merged, tc.files...)
			if m := readManifest(t, merged); len(m.Run.MergedFrom) != tc.shards || m.Shard != nil {
				t.Errorf("merged manifest: merged_from %v, shard %v", m.Run.MergedFrom, m.Shard)
			}
		})
	}
}

func TestShardFromEnvironment(t *testing.T) {
	args := func(out string, extra ...string) []string {
		return append([]string{"run", mmcFile, "--reps", "5", "--out", out, "-q"}, extra...)
	}
	shardOf := func(dir string) string {
		m := readManifest(t, dir)
		if m.Shard == nil {
			return "none"
		}
		return strconv.Itoa(m.Shard.Index) + "/" + strconv.Itoa(m.Shard.Count)
	}
	// Slurm numbers array tasks from --array's first index.
	t.Setenv("SLURM_ARRAY_TASK_ID", "5")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
	t.Setenv("SLURM_ARRAY_TASK_MIN", "4")
	out := t.TempDir()
	mustRun(t, args(out)...)
	if got := shardOf(out); got != "2/3" {
		t.Errorf("Slurm task 5 of 4-6: shard %s, want 2/3", got)
	}
	reps := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(out, "replications.csv"))[1:] {
		reps[r[1]] = true
	}
	if len(reps) != 2 || !reps["1"] || !reps["4"] {
		t.Errorf("shard 2/3 of 5 holds replications %v, want 1 and 4", reps)
	}
	out = t.TempDir()
	mustRun(t, args(out, "--shard", "off")...)
	if got := shardOf(out); got != "none" {
		t.Errorf("--shard off: shard %s", got)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "2")
	out = t.TempDir()
	mustRun(t, args(out, "--shard-count", "3")...)
	if got := shardOf(out); got != "3/3" {
		t.Errorf("JOB_COMPLETION_INDEX 2 of 3: shard %s, want 3/3", got)
	}
	out = t.TempDir()
	mustRun(t, args(out)...)
	if got := shardOf(out); got != "none" {
		t.Errorf("JOB_COMPLETION_INDEX without --shard-count: shard %s, want none", got)
	}
	if code, _, stderr := flowsim(t, args(t.TempDir(), "--shard-count", "2")...); code != 2 || !strings.Contains(stderr, "JOB_COMPLETION_INDEX=2") {
		t.Errorf("index 2 of 2: exit %d, %s", code, stderr)
	}
}

func TestMergeRefusesMismatchedShards(t *testing.T) {
	dir := t.TempDir()
	shard := func(name string, extra ...string) string {
		d := filepath.Join(dir, name)
		mustRun(t, append([]string{"run", mmcFile, "--reps", "6", "--out", d, "-q"}, extra...)...)
		return d
	}
	a, b := shard("a", "--shard", "1/2"), shard("b", "--shard", "2/2")
	seed := shard("seed", "--shard", "2/2", "--seed", "5")
	reps := shard("reps", "--shard", "2/2", "--reps", "8")
	horizon := shard("horizon", "--shard", "2/2", "--horizon", "1000h")
	other := filepath.Join(dir, "other")
	mustRun(t, "run", lossFile, "--reps", "6", "--shard", "2/2", "--out", other, "-q")
	three := shard("three", "--shard", "2/3")
	unfinished := filepath.Join(dir, "unfinished")
	os.MkdirAll(filepath.Join(unfinished, "reps"), 0o755)
	damaged := shard("damaged", "--shard", "2/2")
	m := readManifest(t, damaged)
	os.Remove(filepath.Join(damaged, m.Scenarios[0].Checkpoints, "000003.rep"))

	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"seed", []string{a, seed}, "seed (1 and 5)"},
		{"reps", []string{a, reps}, "reps (6 and 8)"},
		{"horizon", []string{a, horizon}, "horizon (2000h and 1000h)"},
		{"scenario", []string{a, other}, "scenario (mmc and erlang-loss)"},
		{"split", []string{a, three}, "split the run differently"},
		{"missing", []string{a}, "missing shard(s) 2/2"},
		{"twice", []string{a, b, b}, "given twice"},
		{"unfinished", []string{a, unfinished}, "not a finished run"},
		{"damaged", []string{a, damaged}, "replication 3 is missing or damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, append(append([]string{"merge"}, tc.dirs...), "--out", filepath.Join(dir, "m-"+tc.name))...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr, tc.want)
			}
		})
	}
	mustRun(t, "merge", a, b, "--out", filepath.Join(dir, "ok"), "-q")
}

// TestResumeIsByteIdentical interrupts a batch (as SIGINT does, by
// cancelling its context) once a few replications are checkpointed, adds
// what a kill -9 can leave (a partly written temporary file), and resumes:
// the files must equal an uninterrupted run's.
func TestResumeIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	full, cut := filepath.Join(dir, "full"), filepath.Join(dir, "cut")
	args := []string{"compare", mmcFile, alt6File, "--reps", "120", "--workers", "2", "--horizon", "400h", "--warmup", "20h"}
	mustRun(t, append(args, "--out", full, "-q")...)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			files, _ := filepath.Glob(filepath.Join(cut, "reps", "*", "*.rep"))
			if len(files) >= 6 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	code := runCLI(ctx, append(args, "--out", cut, "-q"), &stdout, &stderr)
	cancel()
	<-done
	if code != exitInterrupted || !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "--resume "+cut) {
		t.Fatalf("interrupted run: exit %d, stderr %q; want exit 130 telling how to resume", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(cut, "manifest.json")); err == nil {
		t.Fatal("an interrupted run wrote manifest.json")
	}
	saved, _ := filepath.Glob(filepath.Join(cut, "reps", "*", "*.rep"))
	t.Logf("%d of 240 replications saved before the interruption", len(saved))
	if len(saved) >= 240 {
		t.Fatalf("the interruption came too late: all %d replications finished", len(saved))
	}
	jobDir := filepath.Dir(saved[0])
	os.WriteFile(filepath.Join(jobDir, ".000119.rep.tmp-42"), []byte("flowsim-checkpoint 1\n\x05ab"), 0o644)

	out := mustRun(t, append(args, "--resume", cut)...)
	if !strings.Contains(out, strconv.Itoa(len(saved))+" from checkpoints") {
		t.Errorf("resume should report %d replications from checkpoints:\n%s", len(saved), out)
	}
	sameOutputs(t, full, cut, "summary.csv", "replications.csv", "daily.csv", "comparison.csv")
	tmps, _ := filepath.Glob(filepath.Join(cut, "reps", "*", ".*"))
	if len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	if m := readManifest(t, cut); m.Run.Resumed != len(saved) {
		t.Errorf("manifest run.resumed = %d, want %d", m.Run.Resumed, len(saved))
	}
}

func TestResumeRefusesAnotherRun(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, "run", mmcFile, "--reps", "4", "--out", dir, "-q")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", mmcFile, "--reps", "4", "--seed", "2"}, "seed 1 there, 2 here"},
		{[]string{"run", mmcFile, "--reps", "5"}, "replications 4 there, 5 here"},
		{[]string{"run", lossFile, "--reps", "4"}, "scenario 1 mmc there, erlang-loss here"},
		{[]string{"run", mmcFile, "--reps", "4", "--horizon", "1000h"}, "scenario mmc contents"},
		{[]string{"compare", mmcFile, alt6File, "--reps", "4"}, "command run there, compare here"},
	}
	for _, tc := range cases {
		code, _, stderr := flowsim(t, append(tc.args, "--resume", dir)...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if code, _, stderr := flowsim(t, "run", mmcFile, "--resume", t.TempDir()); code != 1 || !strings.Contains(stderr, "nothing to resume") {
		t.Errorf("resume of an empty directory: exit %d, %q", code, stderr)
	}
	// The same command resumes (here: nothing left to do).
	mustRun(t, "run", mmcFile, "--reps", "4", "--resume", dir, "-q")

	// A fresh run clears its own old checkpoints, never someone else's.
	foreign := t.TempDir()
	os.MkdirAll(filepath.Join(foreign, "reps"), 0o755)
	os.WriteFile(filepath.Join(foreign, "reps", "notes.txt"), []byte("mine"), 0o644)
	if code, _, stderr := flowsim(t, "run", mmcFile, "--reps", "2", "--out", foreign); code != 1 || !strings.Contains(stderr, "add --force") {
		t.Errorf("--out over a foreign reps/: exit %d, %s", code, stderr)
	}
	if code, _, stderr := flowsim(t, "run", mmcFile, "--reps", "2", "--out", foreign, "--force"); code != 1 || !strings.Contains(stderr, "not a flowsim checkpoint directory") {
		t.Errorf("--out --force over a foreign reps/: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(foreign, "reps", "notes.txt")); err != nil {
		t.Errorf("a foreign file was removed: %v", err)
	}
}

func TestRerunFromManifest(t *testing.T) {
	dir := t.TempDir()
	// A copy of the scenario, to change it afterwards.
	scen := filepath.Join(dir, "mmc.yaml")
	os.WriteFile(scen, readFile(t, mmcFile), 0o644)
	first, again := filepath.Join(dir, "first"), filepath.Join(dir, "again")
	mustRun(t, "run", scen, "--reps", "5", "--seed", "7", "--horizon", "500h", "--warmup", "50h", "--out", first, "-q")
	mustRun(t, "run", "--manifest", filepath.Join(first, "manifest.json"), "--out", again, "--workers", "1", "-q")
	sameOutputs(t, first, again)
	if m := readManifest(t, again); m.Run.RerunOf == "" || m.Seed != 7 || m.Reps != 5 || m.Horizon != "500h" {
		t.Errorf("rerun manifest: %+v", m)
	}
	// A sweep reruns too, sets and all.
	sw, sw2 := filepath.Join(dir, "sweep"), filepath.Join(dir, "sweep2")
	mustRun(t, "sweep", scen, "--set", "sites.main.beds.capacity=5,6", "--reps", "3", "--out", sw, "-q")
	mustRun(t, "run", "--manifest", filepath.Join(sw, "manifest.json"), "--out", sw2, "-q")
	sameOutputs(t, sw, sw2)

	// Comments do not change the scenario; a value does.
	os.WriteFile(scen, append([]byte("# a new comment\n"), readFile(t, scen)...), 0o644)
	mustRun(t, "run", "--manifest", filepath.Join(first, "manifest.json"), "--out", filepath.Join(dir, "c"), "-q")
	os.WriteFile(scen, bytes.Replace(readFile(t, scen), []byte("capacity: 5 "), []byte("capacity: 6 "), 1), 0o644)
	code, _, stderr := flowsim(t, "run", "--manifest", filepath.Join(first, "manifest.json"), "--out", filepath.Join(dir, "x"))
	if code != 1 || !strings.Contains(stderr, "mmc.yaml has changed since") {
		t.Errorf("changed scenario: exit %d, stderr %q; want exit 1 naming the file", code, stderr)
	}
	for _, bad := range [][]string{{"--seed", "3"}, {"--reps", "9"}, {mmcFile}} {
		code, _, stderr := flowsim(t, append([]string{"run", "--manifest", filepath.Join(first, "manifest.json")}, bad...)...)
		if code != 2 {
			t.Errorf("--manifest with %v: exit %d, %s; want 2", bad, code, stderr)
		}
	}
}

func TestRepsAuto(t *testing.T) {
	dir := t.TempDir()
	var outs []string
	for _, w := range []string{"1", "3"} {
		out := filepath.Join(dir, "w"+w)
		mustRun(t, "run", mmcFile, "--reps", "auto", "--ci-width", "15", "--metric", "arrivals", "--horizon", "500h", "--warmup", "50h",
			"--workers", w, "--out", out, "-q")
		outs = append(outs, out)
	}
	sameOutputs(t, outs[0], outs[1])
	m := readManifest(t, outs[0])
	p := m.Precision
	if p == nil || !p.Met || p.Metric != "arrivals" || p.HalfWidth > 15 || m.Reps != p.Rounds[len(p.Rounds)-1] || len(p.Rounds) < 2 {
		t.Fatalf("precision %+v with %d reps: want the target met after more than one round", p, m.Reps)
	}
	for _, r := range readCSV(t, filepath.Join(outs[0], "summary.csv")) {
		if r[1] == "arrivals" && r[2] == "all" {
			lo, _ := strconv.ParseFloat(r[6], 64)
			hi, _ := strconv.ParseFloat(r[7], 64)
			if (hi-lo)/2 > 15 || r[10] != strconv.Itoa(m.Reps) {
				t.Errorf("summary: arrivals interval [%v, %v] over n=%s", lo, hi, r[10])
			}
		}
	}
	// The same count, given outright, gives the same files.
	fixed := filepath.Join(dir, "fixed")
	mustRun(t, "run", mmcFile, "--reps", strconv.Itoa(m.Reps), "--horizon", "500h", "--warmup", "50h", "--out", fixed, "-q")
	for _, f := range []string{"summary.csv", "replications.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(outs[0], f)), readFile(t, filepath.Join(fixed, f))) {
			t.Errorf("%s of --reps auto differs from --reps %d", f, m.Reps)
		}
	}
	// An unreachable target stops at --max-reps, with a warning.
	code, _, stderr := flowsim(t, "run", mmcFile, "--reps", "auto", "--ci-width", "0.001", "--max-reps", "12", "--horizon", "200h",
		"--out", filepath.Join(dir, "max"))
	if code != 0 || !strings.Contains(stderr, "--max-reps 12") || readManifest(t, filepath.Join(dir, "max")).Reps != 12 {
		t.Errorf("unreachable target: exit %d, %s", code, stderr)
	}
	// Comparisons aim at the paired difference.
	cmpDir := filepath.Join(dir, "cmp")
	mustRun(t, "compare", lossFile, loss6File, "--reps", "auto", "--ci-width", "0.5", "--horizon", "500h", "--out", cmpDir, "-q")
	if p := readManifest(t, cmpDir).Precision; p == nil || !p.Met || !strings.Contains(p.Of, "difference") {
		t.Errorf("compare precision %+v", p)
	}
	code, _, stderr = flowsim(t, "run", mmcFile, "--reps", "auto", "--ci-width", "1", "--metric", "bed_dayz", "--out", filepath.Join(dir, "bad"))
	if code != 1 || !strings.Contains(stderr, "no such system-wide metric") || !strings.Contains(stderr, "bed_days") {
		t.Errorf("unknown metric: exit %d, %s", code, stderr)
	}
}

func TestWarmupAuto(t *testing.T) {
	dir := t.TempDir()
	auto := filepath.Join(dir, "auto")
	// A hospital that starts empty and fills over weeks.
	scen := filepath.Join(dir, "fill.yaml")
	os.WriteFile(scen, []byte(`name: fill
horizon: 240d
places: {town: {arrivals: 40/d}}
sites: {main: {beds: {capacity: 400, los: {dist: exponential, mean: 6d}}}}
`), 0o644)
	mustRun(t, "run", scen, "--reps", "6", "--warmup", "auto", "--out", auto, "-q")
	m := readManifest(t, auto)
	w := m.WarmupAuto
	if w == nil || w.Method != "MSER-5" || w.PilotReps != 6 || w.Days < 10 || w.Days > 60 || len(w.PerScenario) != 1 {
		t.Fatalf("warmup_auto %+v, want MSER-5 on 6 pilot replications proposing 10–60 days", w)
	}
	if m.WarmupDays != w.Days || int(w.Days)%5 != 0 {
		t.Errorf("manifest warm-up %v days, proposed %v", m.WarmupDays, w.Days)
	}
	// Using the proposal outright gives the same results.
	fixed := filepath.Join(dir, "fixed")
	mustRun(t, "run", scen, "--reps", "6", "--warmup", strconv.Itoa(int(w.Days))+"d", "--out", fixed, "-q")
	for _, f := range []string{"summary.csv", "replications.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(auto, f)), readFile(t, filepath.Join(fixed, f))) {
			t.Errorf("%s of --warmup auto differs from --warmup %vd", f, w.Days)
		}
	}
	// A rerun keeps the warm-up and its explanation.
	again := filepath.Join(dir, "again")
	mustRun(t, "run", "--manifest", filepath.Join(auto, "manifest.json"), "--out", again, "-q")
	sameOutputs(t, auto, again)
}

func TestBatchUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"compare one file", []string{"compare", mmcFile}, "at least one alternative"},
		{"ci-width without auto", []string{"run", mmcFile, "--ci-width", "3"}, "--ci-width applies only with --reps auto"},
		{"auto without ci-width", []string{"run", mmcFile, "--reps", "auto"}, "needs --ci-width"},
		{"bad shard", []string{"run", mmcFile, "--shard", "4/3"}, "--shard"},
		{"auto sharded", []string{"run", mmcFile, "--reps", "auto", "--ci-width", "1", "--shard", "1/2"}, "cannot be sharded"},
		{"merge without out", []string{"merge", "x"}, "--out"},
		{"merge nothing", []string{"merge", "--out", "y"}, "shard directories"},
		{"resume and out", []string{"run", mmcFile, "--resume", "a", "--out", "b"}, "--resume DIR writes to DIR"},
		{"shard-count without index", []string{"run", mmcFile, "--shard-count", "3"}, "JOB_COMPLETION_INDEX"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := flowsim(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.want)
			}
		})
	}
	code, _, stderr := flowsim(t, "compare", mmcFile, mmcFile, "--out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, `both named "mmc"`) {
		t.Errorf("compare a file with itself: exit %d, %s", code, stderr)
	}
}

func TestPatientsFile(t *testing.T) {
	out := t.TempDir()
	mustRun(t, "sweep", mmcFile, "--set", "sites.main.beds.capacity=5,6", "--reps", "2", "--horizon", "200h", "--warmup", "10h", "--patients", "--out", out, "-q")
	rows := readCSV(t, filepath.Join(out, "patients.csv"))
	if strings.Join(rows[0][:4], ",") != "scenario,sites.main.beds.capacity,rep,patient" || len(rows) < 100 {
		t.Errorf("patients.csv: header %v, %d rows", rows[0], len(rows))
	}
	if m := readManifest(t, out); !m.Patients || !slices.Contains(m.Files, "patients.csv") {
		t.Errorf("manifest: patients %v, files %v", m.Patients, m.Files)
	}
}

// TestPatientsGzip: --patients-gzip writes patients.csv.gz, the very bytes
// of patients.csv compressed, with a gzip header that records no name and
// no time, so that the file is the same on any number of workers.
func TestPatientsGzip(t *testing.T) {
	dir := t.TempDir()
	args := []string{"run", "testdata/small.yaml", "--reps", "4", "--horizon", "300h", "--warmup", "10h"}
	plain, one, three := filepath.Join(dir, "plain"), filepath.Join(dir, "one"), filepath.Join(dir, "three")
	mustRun(t, append(args, "--patients", "--out", plain, "-q")...)
	mustRun(t, append(args, "--patients-gzip", "--out", one, "--workers", "1", "-q")...)
	mustRun(t, append(args, "--patients-gzip", "--out", three, "--workers", "3", "-q")...)
	gz := readFile(t, filepath.Join(one, "patients.csv.gz"))
	if !bytes.Equal(gz, readFile(t, filepath.Join(three, "patients.csv.gz"))) {
		t.Error("patients.csv.gz differs between 1 and 3 workers")
	}
	if _, err := os.Stat(filepath.Join(one, "patients.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("--patients-gzip also wrote patients.csv (%v)", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if !zr.ModTime.IsZero() || zr.Name != "" || zr.Comment != "" {
		t.Errorf("gzip header: time %v, name %q, comment %q; want none", zr.ModTime, zr.Name, zr.Comment)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	want := readFile(t, filepath.Join(plain, "patients.csv"))
	if !bytes.Equal(got, want) {
		t.Errorf("patients.csv.gz decompresses to %d bytes, not the %d of patients.csv", len(got), len(want))
	}
	if len(gz)*3 > len(want) {
		t.Errorf("patients.csv.gz is %d bytes, patients.csv %d: less than 3× smaller", len(gz), len(want))
	}
	if m := readManifest(t, one); !m.Patients || !m.PatientsGzip || !slices.Contains(m.Files, "patients.csv.gz") {
		t.Errorf("manifest: patients %v, gzip %v, files %v", m.Patients, m.PatientsGzip, m.Files)
	}
	// The run reads as the plain one does: the length-of-stay figure needs
	// the patients file, and its data are the same.
	for _, d := range []string{plain, one} {
		mustRun(t, "plot", d, "--kind", "los", "--format", "svg", "-q")
	}
	a := readFile(t, filepath.Join(plain, "plots", "los.svg"))
	b := readFile(t, filepath.Join(one, "plots", "los.svg"))
	if !bytes.Equal(a, b) {
		t.Error("the length-of-stay figure from patients.csv.gz differs from the one from patients.csv")
	}
	// A rerun from the manifest writes it compressed again, byte for byte.
	again := filepath.Join(dir, "again")
	mustRun(t, "run", "--manifest", filepath.Join(one, "manifest.json"), "--out", again, "-q")
	if !bytes.Equal(gz, readFile(t, filepath.Join(again, "patients.csv.gz"))) {
		t.Error("a rerun from the manifest wrote another patients.csv.gz")
	}
}
