package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/scenario"
)

// shardedFit runs o's match wave by wave, its n shards last to first,
// merging after each wave, as a cluster would.
func shardedFit(t *testing.T, o FitOptions, n int) {
	t.Helper()
	for wave := 1; wave <= o.Waves; wave++ {
		for k := n; k >= 1; k-- {
			if _, err := FitShard(context.Background(), o, wave, batch.Shard{Index: k, Count: n}); err != nil {
				t.Fatalf("wave %d shard %d/%d: %v", wave, k, n, err)
			}
		}
		res, err := FitMerge(o)
		if err != nil {
			t.Fatalf("merging wave %d of %d shards: %v", wave, n, err)
		}
		if res.Merged != wave {
			t.Fatalf("merge says it merged wave %d, want %d", res.Merged, wave)
		}
		if wantNext := wave + 1; wave < o.Waves && res.Next != wantNext && res.Result.Stopped == "" {
			t.Fatalf("after wave %d the merge drew wave %d's design, want %d", wave, res.Next, wantNext)
		}
	}
}

// sameFiles fails unless every file of want's directory is in got's with
// the same bytes.
func sameFiles(t *testing.T, want, got string) {
	t.Helper()
	entries, err := os.ReadDir(want)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 8 {
		t.Fatalf("%s has %d files; the match wrote too few to compare", want, len(entries))
	}
	for _, e := range entries {
		a, err := os.ReadFile(filepath.Join(want, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(got, e.Name()))
		if err != nil {
			t.Errorf("the sharded match lacks %s: %v", e.Name(), err)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the one-node and the sharded match (%d and %d bytes)", e.Name(), len(a), len(b))
		}
	}
}

// TestShardedFitIsTheOneNodeFit: two waves run as 2 or 3 shards with 1
// or 3 workers and merged write exactly the files one calibrate --fit
// writes, and the plausible set is not empty (so the comparison covers
// it).
func TestShardedFitIsTheOneNodeFit(t *testing.T) {
	sc := fitDir(t, "main")
	one := filepath.Join(t.TempDir(), "one")
	o := fitOptions(sc, one)
	o.Waves = 2
	res, err := Fit(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Result.Waves) != 2 || len(res.Result.Plausible()) == 0 {
		t.Fatalf("one-node match: %d waves, %d plausible (stopped %q)", len(res.Result.Waves), len(res.Result.Plausible()), res.Result.Stopped)
	}
	for _, c := range []struct{ shards, workers int }{{2, 1}, {3, 3}} {
		o := o
		o.Out, o.Workers = filepath.Join(t.TempDir(), "sharded"), c.workers
		shardedFit(t, o, c.shards)
		sameFiles(t, one, o.Out)
		// A merge with every wave merged changes nothing.
		again, err := FitMerge(o)
		if err != nil || again.Merged != 0 {
			t.Fatalf("merging a finished match: merged %v, %v", again, err)
		}
		sameFiles(t, one, o.Out)
	}
}

// TestShardOfAnotherMatchIsRefused: a shard run in the directory with
// another scenario, seed, warm-up or discrepancy is refused, and so is
// another match's shard file copied in, at the merge.
func TestShardOfAnotherMatchIsRefused(t *testing.T) {
	sc := fitDir(t, "main")
	dir := filepath.Join(t.TempDir(), "m")
	o := fitOptions(sc, dir)
	if _, err := FitShard(context.Background(), o, 1, batch.Shard{Index: 1, Count: 2}); err != nil {
		t.Fatal(err)
	}
	seed := uint64(99)
	day, err := scenario.ParseDuration("124h") // a day more than the scenario's 100h
	if err != nil {
		t.Fatal(err)
	}
	horizon, err := scenario.ParseOverride("horizon=500h")
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string]func(*FitOptions){
		"seed":        func(o *FitOptions) { o.Seed = &seed },
		"warm-up":     func(o *FitOptions) { o.Warmup = &day },
		"discrepancy": func(o *FitOptions) { o.Discrepancy = "relative=0.5" },
		"scenario":    func(o *FitOptions) { o.Set = []scenario.Override{horizon} },
		"points":      func(o *FitOptions) { o.Points = 12 },
	}
	for name, change := range variants {
		v := o
		change(&v)
		_, err := FitShard(context.Background(), v, 1, batch.Shard{Index: 2, Count: 2})
		if err == nil || !strings.Contains(err.Error(), "another scenario, priors, targets, seed or design") {
			t.Errorf("another %s: %v", name, err)
		}
	}
	// Shard 2/2 of a match with another seed, copied in beside 1/2.
	other := o
	other.Out, other.Seed = filepath.Join(t.TempDir(), "other"), &seed
	sh := batch.Shard{Index: 2, Count: 2}
	if _, err := FitShard(context.Background(), other, 1, sh); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(other.Out, ShardFile(1, sh)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ShardFile(1, sh)), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FitMerge(o); err == nil || !strings.Contains(err.Error(), "a shard of another match") {
		t.Errorf("merging another match's shard: %v", err)
	}
}

// TestMergeNamesTheMissingShards: with shards 1 and 3 of 4 run, the merge
// names 2/4 and 4/4 and merges nothing.
func TestMergeNamesTheMissingShards(t *testing.T) {
	o := fitOptions(fitDir(t, "main"), filepath.Join(t.TempDir(), "m"))
	if _, err := FitMerge(o); err == nil || !strings.Contains(err.Error(), "holds no match") {
		t.Errorf("merging before any shard ran: %v", err)
	}
	for _, k := range []int{1, 3} {
		if _, err := FitShard(context.Background(), o, 1, batch.Shard{Index: k, Count: 4}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := FitMerge(o)
	if err == nil || !strings.Contains(err.Error(), "missing shards 2/4, 4/4") {
		t.Fatalf("merge with shards 2 and 4 of 4 missing: %v", err)
	}
	if _, err := os.Stat(filepath.Join(o.Out, WavesFile)); !os.IsNotExist(err) {
		t.Errorf("a failed merge wrote %s (%v)", WavesFile, err)
	}
	if _, err := FitShard(context.Background(), o, 2, batch.Shard{Index: 1, Count: 4}); err == nil || !strings.Contains(err.Error(), "merge wave 1 first") {
		t.Errorf("a shard of wave 2 before wave 1 is merged: %v", err)
	}
}

// TestHalfDoneShardResumes: a shard file with some points not yet run is
// refused by the merge, and running the shard again runs just those and
// ends with the bytes of a shard run straight through.
func TestHalfDoneShardResumes(t *testing.T) {
	o := fitOptions(fitDir(t, "main"), filepath.Join(t.TempDir(), "m"))
	sh := batch.Shard{Index: 1, Count: 1}
	if _, err := FitShard(context.Background(), o, 1, sh); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(o.Out, ShardFile(1, sh))
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s savedShard
	if err := json.Unmarshal(whole, &s); err != nil {
		t.Fatal(err)
	}
	for _, j := range []int{1, 4, 5, 9} {
		s.Runs[j] = nil // as if stopped before these points finished
	}
	half, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, half, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FitMerge(o); err == nil || !strings.Contains(err.Error(), "has run 6 of its 10 points") {
		t.Errorf("merging a half-done shard: %v", err)
	}
	res, err := FitShard(context.Background(), o, 1, sh)
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed != 6 || res.Points != 10 {
		t.Errorf("resumed %d of %d points, want 6 of 10", res.Resumed, res.Points)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, whole) {
		t.Error("the resumed shard's file differs from the one run straight through")
	}
	if _, err := FitMerge(o); err != nil {
		t.Errorf("merging the finished shard: %v", err)
	}
}

// TestShardedFitStopsLikeTheOneNodeFit: with a target no point of the
// box can reach (a utilisation of 20–22% needs stays under 0.26 h), the
// one-node match stops after wave 1 for want of points; the merge of wave
// 1 records that in wave 2's design, wave 2's shards say so and run
// nothing, and the files are the one-node match's.
func TestShardedFitStopsLikeTheOneNodeFit(t *testing.T) {
	sc := fitDir(t, "main")
	targets := filepath.Join(filepath.Dir(sc), "calibration", "targets.yaml")
	if err := os.WriteFile(targets, []byte("targets:\n  - name: utilisation\n    metric: occupancy_mean\n    sites: [main]\n"+
		"    low: 0.2\n    high: 0.22\n    source: out of reach\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := fitOptions(sc, filepath.Join(t.TempDir(), "one"))
	o.Waves = 2
	one, err := Fit(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Result.Waves) != 1 || one.Result.Stopped == "" {
		t.Fatalf("the one-node match ran %d waves (stopped %q); the test needs it to stop after 1", len(one.Result.Waves), one.Result.Stopped)
	}
	sh := o
	sh.Out = filepath.Join(t.TempDir(), "sharded")
	for k := 1; k <= 2; k++ {
		if _, err := FitShard(context.Background(), sh, 1, batch.Shard{Index: k, Count: 2}); err != nil {
			t.Fatal(err)
		}
	}
	merged, err := FitMerge(sh)
	if err != nil || merged.Next != 0 || merged.Result.Stopped != one.Result.Stopped {
		t.Fatalf("merge of wave 1: next %v, stopped %q, %v", merged, merged.Result.Stopped, err)
	}
	res, err := FitShard(context.Background(), sh, 2, batch.Shard{Index: 1, Count: 2})
	if err != nil || res.Stopped != one.Result.Stopped || res.Points != 0 {
		t.Fatalf("a shard of the stopped wave 2: %+v, %v", res, err)
	}
	if _, err := FitMerge(sh); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, one.Dir, sh.Out)
}

// TestShardsStartTogether: the shards of wave 1, started at once in a
// directory that does not exist yet (an array job's first moments), all
// run: none takes another's half-written match.json or design for a
// stranger's files.
func TestShardsStartTogether(t *testing.T) {
	o := fitOptions(fitDir(t, "main"), filepath.Join(t.TempDir(), "m"))
	o.Workers = 1
	const n = 4
	errs := make(chan error, n)
	for k := 1; k <= n; k++ {
		go func() {
			_, err := FitShard(context.Background(), o, 1, batch.Shard{Index: k, Count: n})
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if _, err := FitMerge(o); err != nil {
		t.Errorf("merging the shards: %v", err)
	}
}

// TestMatchIdentityFollowsExtends: a match whose targets file extends
// another depends on both: a shard run after the extended file changed
// is refused, and one run with it restored is accepted.
func TestMatchIdentityFollowsExtends(t *testing.T) {
	sc := fitDir(t, "main")
	cal := filepath.Join(filepath.Dir(sc), "calibration")
	base := filepath.Join(cal, "targets.yaml")
	ext := filepath.Join(cal, "more-targets.yaml")
	if err := os.WriteFile(ext, []byte("extends: targets.yaml\ntargets:\n  - {name: stays, metric: discharges, sites: [main], low: 1, high: 1e9, source: a test}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := fitOptions(sc, filepath.Join(t.TempDir(), "m"))
	o.Targets = ext
	if _, err := FitShard(context.Background(), o, 1, batch.Shard{Index: 1, Count: 2}); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base, []byte(strings.Replace(string(orig), "high: 0.9", "high: 0.95", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FitShard(context.Background(), o, 1, batch.Shard{Index: 2, Count: 2}); err == nil || !strings.Contains(err.Error(), "another scenario, priors, targets, seed or design") {
		t.Errorf("after the extended targets file changed: %v, want the shard refused", err)
	}
	if err := os.WriteFile(base, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FitShard(context.Background(), o, 1, batch.Shard{Index: 2, Count: 2}); err != nil {
		t.Errorf("with the extended file restored: %v", err)
	}
}

// TestEnsembleNamesItsScenarioFromItsDirectory: a match's plausible.yaml
// records the scenario relative to its own directory, so compare
// --ensemble finds it from any working directory; an ensemble whose path
// names no file beside it (written relative to where its match ran) is
// read as given.
func TestEnsembleNamesItsScenarioFromItsDirectory(t *testing.T) {
	sc := fitDir(t, "main")
	out := filepath.Join(t.TempDir(), "deep", "m")
	if _, err := Fit(context.Background(), fitOptions(sc, out)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, PlausibleYAML)
	ens, err := priors.ReadEnsemble(path)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.IsAbs(ens.Scenario) || !samePath(ensembleScenario(path, ens.Scenario), sc) {
		t.Errorf("plausible.yaml records scenario %q, which from %s is %s, not %s", ens.Scenario, out, ensembleScenario(path, ens.Scenario), sc)
	}
	if got := ensembleScenario(path, "scenarios/notts/baseline.yaml"); got != "scenarios/notts/baseline.yaml" {
		t.Errorf("a path with no file beside the ensemble: %q, want it as given", got)
	}
}
