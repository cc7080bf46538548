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
