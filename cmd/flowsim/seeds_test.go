package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSeeds reruns every reference run in seeds/ from its manifest (from
// the repository's root, where the manifests' scenario paths start) and
// requires the CSVs kept beside each manifest to come out byte for byte.
// After an intended change of results, regenerate them with make seeds.
func TestSeeds(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	manifests, _ := filepath.Glob(filepath.Join(root, "seeds", "*", "manifest.json"))
	if len(manifests) == 0 {
		t.Fatal("no reference runs in seeds/")
	}
	t.Chdir(root)
	for _, m := range manifests {
		dir := filepath.Dir(m)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := t.TempDir()
			rel, _ := filepath.Rel(root, m)
			code, _, stderr := flowsim(t, "run", "--manifest", rel, "--out", out, "--quiet")
			if code != 0 {
				t.Fatalf("flowsim run --manifest %s: exit %d: %s(if the change is intended, regenerate with make seeds)", rel, code, stderr)
			}
			expected, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
			if len(expected) == 0 {
				t.Fatalf("%s holds no CSV to compare", dir)
			}
			for _, want := range expected {
				got, err := os.ReadFile(filepath.Join(out, filepath.Base(want)))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, readFile(t, want)) {
					t.Errorf("%s differs from the reference run; if the change is intended, regenerate with make seeds", filepath.Join(filepath.Base(dir), filepath.Base(want)))
				}
			}
		})
	}
}
