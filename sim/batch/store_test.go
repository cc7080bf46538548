package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/scenario"
)

// TestCheckpointsSayWhatTheyHold: a checkpoint renamed, swapped with
// another, or copied from another run or scenario is refused with
// ErrForeign rather than taken for the replication its name says; a
// version-1 or damaged one is simulated again; nothing is removed.
func TestCheckpointsSayWhatTheyHold(t *testing.T) {
	base, alt := loadDoc(t, "base.yaml", queueBase), loadDoc(t, "alt.yaml", strings.Replace(queueBase, "capacity: 5", "capacity: 6", 1))
	mk := func(seed uint64) *Batch {
		return &Batch{Scenarios: []*scenario.Scenario{base, alt}, Seed: seed, Workers: 2}
	}
	dir := t.TempDir()
	b := mk(9)
	b.Store = newStore(t, dir, b)
	runAll(t, b, Sequence(0, 4))
	other := mk(10)
	other.Store = newStore(t, filepath.Join(dir, "other"), other)
	runAll(t, other, Sequence(0, 4))
	ck := func(s *Store, job, rep int) string { return s.path(Task{Job: job, Rep: rep}) }
	copyFile := func(from, to string) {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(to), 0o755)
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name  string
		setup func(s *Store) // damages s, a copy of b's checkpoints
		task  Task
		want  string // "" for a nil result and no error (simulated again)
	}{
		{"renamed", func(s *Store) { os.Rename(ck(s, 0, 1), ck(s, 0, 5)) }, Task{0, 5}, "holds replication 1, not 5"},
		{"swapped", func(s *Store) {
			a, b := ck(s, 0, 1), ck(s, 0, 2)
			os.Rename(a, a+".x")
			os.Rename(b, a)
			os.Rename(a+".x", b)
		}, Task{0, 2}, "holds replication 1, not 2"},
		{"other scenario", func(s *Store) { copyFile(ck(s, 1, 3), ck(s, 0, 3)) }, Task{0, 3}, "another run"},
		{"other run", func(s *Store) { copyFile(ck(other.Store, 0, 2), ck(s, 0, 2)) }, Task{0, 2}, "another run"},
		{"version 1", func(s *Store) {
			data, _ := os.ReadFile(ck(s, 0, 0))
			os.WriteFile(ck(s, 0, 0), append([]byte("flowsim-checkpoint 1\n"), data[len("flowsim-checkpoint 2\n"):]...), 0o644)
		}, Task{0, 0}, ""},
		{"truncated", func(s *Store) {
			data, _ := os.ReadFile(ck(s, 1, 0))
			os.WriteFile(ck(s, 1, 0), data[:len(data)/3], 0o644)
		}, Task{1, 0}, ""},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := filepath.Join(t.TempDir(), "reps")
			os.CopyFS(d, os.DirFS(b.Store.Dir))
			s := &Store{Dir: d, Keys: b.Store.Keys}
			tc.setup(s)
			res, err := s.Load(tc.task)
			switch {
			case tc.want == "" && (err != nil || res != nil || len(s.Damaged()) != 1):
				t.Errorf("Load = %v, %v, damaged %v; want it simulated again", res, err, s.Damaged())
			case tc.want != "" && (!errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), d)):
				t.Errorf("Load: err = %v; want ErrForeign naming the file and %q", err, tc.want)
			}
			// A batch over the damaged store fails the same way, and
			// removes nothing.
			before, _ := filepath.Glob(filepath.Join(d, "*", "*.rep"))
			b2 := mk(9)
			b2.Store = &Store{Dir: d, Keys: b.Store.Keys}
			_, err = b2.Run(context.Background(), Sequence(0, 6))
			if tc.want != "" && !errors.Is(err, ErrForeign) || tc.want == "" && err != nil {
				t.Errorf("case %d: batch over it: %v", i, err)
			}
			after, _ := filepath.Glob(filepath.Join(d, "*", "*.rep"))
			if len(after) < len(before) {
				t.Errorf("checkpoints removed: %d before, %d after", len(before), len(after))
			}
		})
	}
}
