package run

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

const mmcFile = "../../scenarios/examples/mmc.yaml"

// quick returns options for a short run of the M/M/c example into out.
func quick(out string, reps int) Options {
	seed := uint64(7)
	return Options{Reps: reps, Seed: &seed, Horizon: "150h", Warmup: "10h", Workers: 2, Out: out,
		Patients: true, Version: "test"}
}

// cancelAfter returns a Progress that cancels the context after n
// replications are done.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
	done   atomic.Int64
}

func (c *cancelAfter) Start(string) {}
func (c *cancelAfter) Done()        {}
func (c *cancelAfter) Update(done, _ int) {
	if done >= c.n {
		c.cancel()
	}
}

// sameFiles fails the test unless dirs a and b hold byte-identical result
// files and manifests equal in everything that determines the results.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	ma, err := output.Verify(filepath.Join(a, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	mb, err := output.Verify(filepath.Join(b, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ma.Files, ",") != strings.Join(mb.Files, ",") {
		t.Fatalf("files %v and %v", ma.Files, mb.Files)
	}
	for _, f := range ma.Files {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s", f, a, b)
		}
	}
	ia, _ := ma.Identity()
	ib, _ := mb.Identity()
	for k, v := range ia {
		if !bytes.Equal(v, ib[k]) {
			t.Errorf("manifest field %s differs: %s and %s", k, v, ib[k])
		}
	}
}

func TestResumeIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if _, err := Run(context.Background(), mmcFile, quick(whole, 8)); err != nil {
		t.Fatal(err)
	}
	for _, how := range []string{"resume", "out"} {
		t.Run(how, func(t *testing.T) {
			cut := filepath.Join(dir, "cut-"+how)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o := quick(cut, 8)
			o.Workers = 1
			o.Progress = &cancelAfter{n: 3, cancel: cancel}
			var alerted string
			o.Alert = func(msg string) { alerted = msg }
			_, err := Run(ctx, mmcFile, o)
			var ie *InterruptedError
			if !errors.As(err, &ie) || ie.Saved < 3 || ie.Saved >= 8 || ie.Dir != cut {
				t.Fatalf("interrupted run: %v; want an InterruptedError with 3 to 7 saved in %s", err, cut)
			}
			if !strings.Contains(alerted, "--resume "+cut) {
				t.Errorf("alert %q does not say how to resume", alerted)
			}
			if _, err := os.Stat(filepath.Join(cut, output.ManifestFile)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("an interrupted run left a manifest (%v)", err)
			}
			// A temporary file a kill left behind is cleared on resume.
			os.WriteFile(filepath.Join(cut, ".summary.csv.tmp-1"), []byte("x"), 0o644)
			o = quick(cut, 8)
			o.Workers = 3
			if how == "resume" {
				o.Out, o.Resume = "", cut
			}
			var notes []string
			o.Note = func(msg string) { notes = append(notes, msg) }
			res, err := Run(context.Background(), mmcFile, o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Manifest.Run.Resumed != ie.Saved {
				t.Errorf("resumed %d replications, want the %d saved", res.Manifest.Run.Resumed, ie.Saved)
			}
			if how == "out" && !strings.Contains(strings.Join(notes, "\n"), "resuming it") {
				t.Errorf("notes %q do not say the run was resumed", notes)
			}
			sameFiles(t, whole, cut)
		})
	}
}

func TestResumeRefusesAnotherRun(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	o := quick(dir, 6)
	o.Workers = 1
	o.Args = []string{"mmc.yaml", "--seed", "7"}
	o.Progress = &cancelAfter{n: 2, cancel: cancel}
	if _, err := Run(ctx, mmcFile, o); !errors.As(err, new(*InterruptedError)) {
		t.Fatalf("want an interruption, got %v", err)
	}
	cancel()
	for _, tc := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"seed", func(o *Options) { s := uint64(8); o.Seed = &s }, "seed 7 there, 8 here"},
		{"reps", func(o *Options) { o.Reps = 5 }, "replications 6 there, 5 here"},
		{"patients", func(o *Options) { o.Patients = false }, "--patients true there, false here"},
		{"patients-gzip", func(o *Options) { o.PatientsGzip = true }, "--patients-gzip false there, true here"},
		{"horizon", func(o *Options) { o.Horizon = "160h" }, "scenario mmc contents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := quick("", 6)
			o.Resume = dir
			tc.edit(&o)
			_, err := Run(context.Background(), mmcFile, o)
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "flowsim run mmc.yaml --seed 7") {
				t.Errorf("got %v; want an input error with %q and the original command line", err, tc.want)
			}
			// Given as --out instead, the run is refused without --force.
			o.Resume, o.Out = "", dir
			if _, err := Run(context.Background(), mmcFile, o); !errors.As(err, &ie) ||
				!strings.Contains(err.Error(), "another command line: "+tc.want) {
				t.Errorf("--out: got %v; want a refusal naming %q", err, tc.want)
			}
		})
	}
}

func TestOutOntoAnotherRun(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), mmcFile, quick(dir, 3)); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, output.PatientsFile)
	o := quick(dir, 2)
	o.Patients = false
	_, err := Run(context.Background(), mmcFile, o)
	if !errors.As(err, new(*InputError)) || !strings.Contains(err.Error(), "holds a finished run") {
		t.Fatalf("got %v; want a refusal of a finished run's directory", err)
	}
	o.Force = true
	res, err := Run(context.Background(), mmcFile, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--force left the earlier run's %s (%v)", output.PatientsFile, err)
	}
	if res.Manifest.Reps != 2 || res.Reps != 2 {
		t.Errorf("forced run has %d replications, want 2", res.Manifest.Reps)
	}
}

// shards runs the shards of quick(_, reps) into dir/shard-K and returns
// their directories.
func shards(t *testing.T, dir string, reps, count int) []string {
	t.Helper()
	var dirs []string
	for k := 1; k <= count; k++ {
		d := filepath.Join(dir, "shard-"+string(rune('0'+k)))
		o := withCensus(quick(d, reps))
		o.Shard = &batch.Shard{Index: k, Count: count}
		res, err := Run(context.Background(), mmcFile, o)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(o.Shard.Reps(reps)); res.Reps != want {
			t.Fatalf("shard %d/%d ran %d replications, want %d", k, count, res.Reps, want)
		}
		dirs = append(dirs, d)
	}
	return dirs
}

// withCensus asks o for census.csv at the midnight starting day 2, taken
// by replication 0 (so only the first shard writes one).
func withCensus(o Options) Options {
	day := 2
	o.CensusDay = &day
	return o
}

func TestShardsMergeToTheSingleRun(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if _, err := Run(context.Background(), mmcFile, withCensus(quick(whole, 7))); err != nil {
		t.Fatal(err)
	}
	dirs := shards(t, dir, 7, 3)
	merged := filepath.Join(dir, "merged")
	// The order the shards are given in does not matter.
	res, err := Merge(context.Background(), []string{dirs[2], dirs[0], dirs[1]}, MergeOptions{Out: merged})
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest.Shard != nil || res.Reps != 7 || len(res.Manifest.Run.MergedFrom) != 3 {
		t.Errorf("merged manifest: shard %v, %d replications, merged from %v", res.Manifest.Shard, res.Reps, res.Manifest.Run.MergedFrom)
	}
	sameFiles(t, whole, merged)
	if !slices.Contains(res.Manifest.Files, output.CensusFile) {
		t.Errorf("merged run lacks %s: files %v", output.CensusFile, res.Manifest.Files)
	}
	// The merged run is complete: its checkpoints are all there, so a
	// plain run into it is refused as a finished run, not half-reused.
	for r := range 7 {
		store := &batch.Store{Dir: filepath.Join(merged, CheckpointDir), Keys: []string{res.Manifest.Scenarios[0].CheckpointKey}}
		if got, err := store.Load(batch.Task{Rep: r}); err != nil || got == nil {
			t.Errorf("merged run lacks the checkpoint of replication %d (%v)", r, err)
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	dirs := shards(t, dir, 4, 2)
	other := filepath.Join(dir, "other-seed")
	o := withCensus(quick(other, 4))
	s := uint64(8)
	o.Seed = &s
	o.Shard = &batch.Shard{Index: 2, Count: 2}
	if _, err := Run(context.Background(), mmcFile, o); err != nil {
		t.Fatal(err)
	}
	longer := filepath.Join(dir, "longer")
	o = withCensus(quick(longer, 4))
	o.Horizon = "200h"
	o.Shard = &batch.Shard{Index: 2, Count: 2}
	if _, err := Run(context.Background(), mmcFile, o); err != nil {
		t.Fatal(err)
	}
	unsharded := filepath.Join(dir, "unsharded")
	if _, err := Run(context.Background(), mmcFile, withCensus(quick(unsharded, 4))); err != nil {
		t.Fatal(err)
	}
	noCensus := filepath.Join(dir, "no-census")
	o = quick(noCensus, 4)
	o.Shard = &batch.Shard{Index: 2, Count: 2}
	if _, err := Run(context.Background(), mmcFile, o); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"seed", []string{dirs[0], other}, "not shards of one run: they differ in scenario_sha256 ("},
		{"seed value", []string{dirs[0], other}, ", scenarios, seed (7 and 8)"},
		{"horizon", []string{dirs[0], longer}, "horizon (150h and 200h)"},
		{"census", []string{dirs[0], noCensus}, "they differ in census_day, scenarios"},
		{"missing", dirs[:1], "missing shard(s) 2/2"},
		{"twice", []string{dirs[0], dirs[0], dirs[1]}, "shard 1/2 given twice"},
		{"split", []string{dirs[0], unsharded}, "split the run differently (shard 1/2 and not sharded)"},
		{"unfinished", []string{dirs[0], dir}, "not a finished run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "m-"+strings.ReplaceAll(tc.name, " ", "-"))
			_, err := Merge(context.Background(), tc.dirs, MergeOptions{Out: out})
			if !errors.As(err, new(*InputError)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want an input error containing %q", err, tc.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused merge created %s", out)
			}
		})
	}
}

// TestReplicateReportsABadCensus: a census naming a site the scenario
// lacks is a scenario error naming the census file and line (bad input),
// not a failure inside the batch; a good scenario gives its replications.
func TestReplicateReportsABadCensus(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "c.csv"), []byte("site,days_in_unit,medically_safe,pathway\nnowhere,1,no,p0\n"), 0o644)
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte("name: s\nhorizon: 20d\ncensus: c.csv\nplaces: {p: {arrivals: 1/h}}\n"+
		"sites: {main: {beds: {capacity: 5, los: {dist: exponential, mean: 1d}}}}\n"), 0o644)
	_, _, err := Replicate(context.Background(), file, Options{Reps: 2})
	var se scenario.Errors
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "c.csv:2") || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("bad census: %v, want scenario errors naming c.csv:2", err)
	}
	sc, res, err := Replicate(context.Background(), mmcFile, Options{Reps: 3, Horizon: "100h", Warmup: "10h", Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || sc.Reps != 3 || sc.Horizon.Days()*24 != 100 {
		t.Errorf("Replicate: %v, %d results, scenario reps %d horizon %v", err, len(res), sc.Reps, sc.Horizon)
	}
}
