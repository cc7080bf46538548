package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
)

// MergeOptions are the settings of Merge.
type MergeOptions struct {
	// Out is the merged run's directory (required).
	Out string
	// Force writes into an Out holding another run, replacing its files.
	Force bool
	// Args is the command line, recorded in the merged run's run.json.
	Args []string
	// Note receives remarks; nil drops them.
	Note func(msg string)
}

// Merge combines the shards of one run, each in one of dirs, into the
// files a single machine would have written, byte for byte, in o.Out. It
// refuses directories that are not finished runs, shards of different
// runs (naming the difference), a shard given twice and a missing shard.
func Merge(ctx context.Context, dirs []string, o MergeOptions) (*Result, error) {
	if len(dirs) == 0 {
		return nil, usagef("merge needs the shard directories")
	}
	if o.Out == "" {
		return nil, usagef("merge needs --out DIR")
	}
	note := func(format string, a ...any) {
		if o.Note != nil {
			o.Note(fmt.Sprintf(format, a...))
		}
	}
	started := time.Now().UTC()
	for _, d := range dirs {
		if filepath.Clean(d) == filepath.Clean(o.Out) {
			return nil, usagef("--out %s is one of the shards; merge into a new directory", o.Out)
		}
	}
	mans := make([]*output.Manifest, len(dirs))
	for i, d := range dirs {
		m, err := readFinished(d, o.Note)
		if err != nil {
			return nil, err
		}
		mans[i] = m
	}
	if err := sameRun(dirs, mans); err != nil {
		return nil, err
	}
	// Which directory holds each replication.
	count := 1
	if mans[0].Shard != nil {
		count = mans[0].Shard.Count
	}
	owner := map[int]int{} // shard index → dirs index
	for i, m := range mans {
		k := 1
		if m.Shard != nil {
			k = m.Shard.Index
		}
		if j, dup := owner[k]; dup {
			return nil, inputf("shard %d/%d given twice: %s and %s", k, count, dirs[j], dirs[i])
		}
		owner[k] = i
	}
	if n := count - len(owner); n > 0 {
		// List the first few: a manifest may claim any number of shards.
		var missing []string
		for k := 1; k <= count && len(missing) < 10; k++ {
			if _, ok := owner[k]; !ok {
				missing = append(missing, fmt.Sprintf("%d/%d", k, count))
			}
		}
		if n > len(missing) {
			missing = append(missing, fmt.Sprintf("and %d more", n-len(missing)))
		}
		return nil, inputf("missing shard(s) %s of the %d; merge needs all of them", strings.Join(missing, ", "), count)
	}

	m0 := mans[0]
	if err := batch.CheckSize(m0.Reps, len(m0.Scenarios)); err != nil {
		return nil, inputf("%s: %w", dirs[0], err)
	}
	reps := batch.Sequence(0, m0.Reps)
	results := make([][]*model.Result, len(m0.Scenarios))
	var builds []string
	for _, m := range mans {
		if !slices.Contains(builds, m.Run.Build) {
			builds = append(builds, m.Run.Build)
		}
	}
	keys := make([]string, len(m0.Scenarios))
	for j, e := range m0.Scenarios {
		keys[j] = e.CheckpointKey
	}
	stores := make([]*batch.Store, len(dirs))
	for i, d := range dirs {
		stores[i] = &batch.Store{Dir: filepath.Join(d, CheckpointDir), Keys: keys}
	}
	// fetch reads replication r of scenario j from the shard that ran it.
	fetch := func(j, r int) (*model.Result, error) {
		i := owner[r%count+1]
		res, err := stores[i].Load(batch.Task{Job: j, Rep: r})
		if err != nil {
			return nil, inputf("%s: %w", dirs[i], err)
		}
		if res == nil {
			return nil, inputf("%s: the checkpoint of %s replication %d is missing or damaged; rerun that shard with --resume %s",
				dirs[i], m0.Scenarios[j].Name, r, dirs[i])
		}
		return res, nil
	}
	for j := range m0.Scenarios {
		results[j] = make([]*model.Result, m0.Reps)
		for _, r := range reps {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			res, err := fetch(j, r)
			if err != nil {
				return nil, err
			}
			results[j][r] = batch.Lean(res)
		}
	}
	// The shards are read; now the output directory: a merge is never
	// resumed, so anything there is refused unless Force.
	if _, err := prepareOut(o.Out, o.Force, nil, ""); err != nil {
		return nil, err
	}
	m := *m0
	m.Shard = nil
	info := output.RunInfo{StartedAt: started, Workers: 1, GoVersion: runtime.Version(), MergedFrom: dirs,
		Build: strings.Join(builds, ",")}
	if err := copyCheckpoints(o.Out, dirs, &m); err != nil {
		return nil, err
	}
	// Mark reps/ as flowsim's, so that a later run may reuse the directory.
	st := &state{Tool: "flowsim", Version: m.Version, Build: buildID(), Command: "merge of " + m.Command,
		Seed: m.Seed, Reps: strconv.Itoa(m.Reps), Patients: m.Patients, PatientsGzip: m.PatientsGzip, CensusDay: m.CensusDay, Args: o.Args}
	for _, e := range m.Scenarios {
		st.Scenarios = append(st.Scenarios, stateScenario{Name: e.Name, Values: e.Values, Key: e.CheckpointKey})
	}
	if err := writeState(filepath.Join(o.Out, CheckpointDir), st); err != nil {
		return nil, err
	}
	if len(builds) > 1 {
		note("warning: the shards were run by different builds of flowsim %s (%s)", m.Version, strings.Join(builds, ", "))
	}
	return finish(o.Out, &m, reps, results, fetch, info)
}

// readFinished reads and verifies the manifest of the finished run in
// dir: a manifest or result file edited after the run is refused. A
// manifest too old to record its integrity is read with a note.
func readFinished(dir string, note func(string)) (*output.Manifest, error) {
	path := filepath.Join(dir, output.ManifestFile)
	m, err := output.Verify(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, inputf("%s: no %s, so not a finished run (finish an interrupted one with --resume %s)", dir, output.ManifestFile, dir)
	}
	if err != nil {
		return nil, &InputError{err}
	}
	noteUnsealed(m, path, note)
	return m, nil
}

// noteUnsealed notes that the manifest at path is too old to record
// hashes, so that its run could not be checked.
func noteUnsealed(m *output.Manifest, path string, note func(string)) {
	if !m.Sealed() && note != nil {
		note(fmt.Sprintf("note: %s records no hashes (an older flowsim wrote it), so edits after the run cannot be detected", path))
	}
}

// sameRun checks that the manifests describe shards of one run: equal in
// everything but the shard and the execution details.
func sameRun(dirs []string, mans []*output.Manifest) error {
	first, err := mans[0].Identity()
	if err != nil {
		return err
	}
	for i := 1; i < len(mans); i++ {
		id, err := mans[i].Identity()
		if err != nil {
			return err
		}
		var differ []string
		for k, v := range first {
			if !bytes.Equal(v, id[k]) {
				differ = append(differ, k)
			}
		}
		for k := range id {
			if _, ok := first[k]; !ok {
				differ = append(differ, k)
			}
		}
		if len(differ) > 0 {
			slices.Sort(differ)
			return inputf("%s and %s are not shards of one run: they differ in %s",
				dirs[0], dirs[i], describeDifferences(mans[0], mans[i], differ))
		}
		a, b := mans[0].Shard, mans[i].Shard
		if (a == nil) != (b == nil) || (a != nil && a.Count != b.Count) {
			return inputf("%s and %s split the run differently (%s and %s)", dirs[0], dirs[i], shardText(a), shardText(b))
		}
	}
	return nil
}

func shardText(s *output.Shard) string {
	if s == nil {
		return "not sharded"
	}
	return fmt.Sprintf("shard %d/%d", s.Index, s.Count)
}

// describeDifferences names the differing manifest fields, with the
// values where they are short.
func describeDifferences(a, b *output.Manifest, fields []string) string {
	var parts []string
	for _, f := range fields {
		var x, y any
		switch f {
		case "version":
			x, y = a.Version, b.Version
		case "seed":
			x, y = a.Seed, b.Seed
		case "reps":
			x, y = a.Reps, b.Reps
		case "horizon":
			x, y = a.Horizon, b.Horizon
		case "warmup":
			x, y = a.Warmup, b.Warmup
		case "command":
			x, y = a.Command, b.Command
		case "scenario":
			x, y = a.Scenario, b.Scenario
		case "scenario_sha256":
			x, y = prefix(a.ScenarioSHA256, 12)+"…", prefix(b.ScenarioSHA256, 12)+"…"
		}
		if x != nil {
			parts = append(parts, fmt.Sprintf("%s (%v and %v)", f, x, y))
		} else {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, ", ")
}

// copyCheckpoints links (or copies) every shard's checkpoints into the
// merged run's directory, so that it is a complete run like any other.
func copyCheckpoints(out string, dirs []string, m *output.Manifest) error {
	for _, e := range m.Scenarios {
		dst := filepath.Join(out, filepath.FromSlash(e.Checkpoints))
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return inputf("create %s: %w", dst, err)
		}
		for _, d := range dirs {
			src := filepath.Join(d, filepath.FromSlash(e.Checkpoints))
			entries, err := os.ReadDir(src)
			if err != nil {
				return inputf("%s: %w", d, err)
			}
			for _, ent := range entries {
				if !strings.HasSuffix(ent.Name(), ".rep") || output.IsTemporary(ent.Name()) || !ent.Type().IsRegular() {
					continue // only checkpoints, never links to elsewhere
				}
				from, to := filepath.Join(src, ent.Name()), filepath.Join(dst, ent.Name())
				os.Remove(to)
				if os.Link(from, to) == nil {
					continue
				}
				data, err := os.ReadFile(from)
				if err != nil {
					return fmt.Errorf("copy checkpoint: %w", err)
				}
				if err := output.WriteCheckpoint(to, data); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
