package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sealedRun writes a small run directory as flowsim does: the files, then
// the sealed manifest; it returns the manifest's path.
func sealedRun(t *testing.T, edit func(m *Manifest)) string {
	t.Helper()
	dir := t.TempDir()
	key := strings.Repeat("0123456789abcdef", 4)
	m := &Manifest{Tool: "flowsim", Version: "test", Command: "run", Scenario: "s", Seed: 3, Reps: 2, ScenarioSHA256: key,
		Scenarios: []ScenarioEntry{{Name: "s", File: "s.yaml", SHA256: key, CheckpointKey: key, Checkpoints: "reps/" + key[:16],
			Resolved: []byte(`{"name": "s", "reps": 2}`)}},
		Files:     []string{SummaryFile, DailyFile},
		Run:       RunInfo{StartedAt: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), WallSeconds: 0.1 + 0.2},
		Integrity: &Integrity{Files: map[string]string{}}}
	if edit != nil {
		edit(m)
	}
	for _, f := range m.Files {
		sum, err := WriteFileHashed(filepath.Join(dir, f), func(w io.Writer) error {
			_, err := io.WriteString(w, "scenario,x\ns,"+f+"\n")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		m.Integrity.Files[f] = sum
	}
	if err := m.Seal(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, ManifestFile)
	if err := WriteFile(path, func(w io.Writer) error { return WriteManifest(w, m) }); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVerify(t *testing.T) {
	replace := func(file, old, new string) func(path string) {
		return func(path string) {
			p := filepath.Join(filepath.Dir(path), file)
			data, _ := os.ReadFile(p)
			if !bytes.Contains(data, []byte(old)) {
				panic(file + " holds no " + old)
			}
			os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
		}
	}
	cases := []struct {
		name   string
		seal   func(m *Manifest) // before sealing
		change func(path string) // after writing
		want   string            // "" for accepted
	}{
		{"untouched", nil, func(string) {}, ""},
		{"reindented", nil, func(path string) {
			data, _ := os.ReadFile(path)
			os.WriteFile(path, bytes.ReplaceAll(data, []byte("\n  "), []byte("\n\t")), 0o644)
		}, ""},
		{"a result file deleted", nil, func(path string) { os.Remove(filepath.Join(filepath.Dir(path), DailyFile)) }, ""},
		{"invalid UTF-8 in a name", func(m *Manifest) { m.ScenarioFile = "bad\xff.yaml" }, func(string) {}, ""},
		{"seed edited", nil, replace(ManifestFile, `"seed": 3`, `"seed": 4`), "manifest.json was edited"},
		{"reps edited", nil, replace(ManifestFile, `"reps": 2,`, `"reps": 1000000000,`), "manifest.json was edited"},
		{"resolved scenario edited", nil, replace(ManifestFile, `"reps": 2`+"\n", `"reps": 3`+"\n"), "manifest.json was edited"},
		{"run section edited", nil, replace(ManifestFile, `"wall_seconds": 0.3`, `"wall_seconds": 1`), "manifest.json was edited"},
		{"file hash edited", nil, func(path string) {
			data, _ := os.ReadFile(path)
			i := bytes.Index(data, []byte(`"summary.csv": "`)) + len(`"summary.csv": "`)
			data[i] ^= 1
			os.WriteFile(path, data, 0o644)
		}, "manifest.json was edited"},
		{"summary edited", nil, replace(SummaryFile, "s,summary", "s,Summary"), "summary.csv was changed"},
		{"daily appended", nil, func(path string) {
			f, _ := os.OpenFile(filepath.Join(filepath.Dir(path), DailyFile), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("s,more\n")
			f.Close()
		}, "daily.csv was changed"},
		{"summary swapped for daily", nil, func(path string) {
			d := filepath.Dir(path)
			os.Rename(filepath.Join(d, DailyFile), filepath.Join(d, SummaryFile))
		}, "summary.csv was changed"},
		{"file listed outside", func(m *Manifest) { m.Files = append(m.Files, "../escape.csv") }, func(string) {}, "not a file name"},
		{"checkpoints outside", func(m *Manifest) { m.Scenarios[0].Checkpoints = "../../etc" }, func(string) {}, "the directory its key names"},
		{"short key", func(m *Manifest) { m.Scenarios[0].CheckpointKey = "ab" }, func(string) {}, "want 64 hex digits"},
		{"no replications", func(m *Manifest) { m.Reps = 0 }, func(string) {}, "want at least 1"},
		{"bad shard", func(m *Manifest) { m.Shard = &Shard{Index: 3, Count: 2} }, func(string) {}, "shard 3/2"},
		{"census day beyond the horizon", func(m *Manifest) { d := 5; m.CensusDay, m.HorizonDays = &d, 5 }, func(string) {}, "census_day 5"},
		{"unknown command", func(m *Manifest) { m.Command = "rm" }, func(string) {}, "unknown command"},
		{"files and hashes disagree", nil, func(path string) {
			m, _ := ReadManifest(path)
			m.Files = m.Files[:1]
			m.Seal()
			WriteFile(path, func(w io.Writer) error { return WriteManifest(w, m) })
		}, "records hashes for"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := sealedRun(t, tc.seal)
			tc.change(path)
			m, err := Verify(path)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Verify: %v, want it accepted", err)
			case tc.want == "" && !m.Sealed():
				t.Error("a sealed manifest reads as unsealed")
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("Verify: %v, want an error with %q", err, tc.want)
			case tc.want != "" && !errors.Is(err, ErrTampered) && !strings.Contains(err.Error(), "not a flowsim run manifest"):
				t.Errorf("Verify: %v, want ErrTampered or a malformed manifest", err)
			}
		})
	}
}

// TestVerifyUnsealed: a manifest written before integrity records (the
// reference runs in seeds/) is read unchecked.
func TestVerifyUnsealed(t *testing.T) {
	// A run written before manifests carried integrity hashes: the
	// reference run's manifest without them.
	data, err := os.ReadFile("../../seeds/mmc/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "integrity")
	old, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), ManifestFile)
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Verify(path)
	if err != nil || m.Sealed() {
		t.Fatalf("an unsealed manifest: %v, sealed %v", err, m != nil && m.Sealed())
	}
	if m, err := Verify("../../seeds/mmc/manifest.json"); err != nil || !m.Sealed() {
		t.Errorf("seeds/mmc (sealed by make seeds): %v, sealed %v", err, m != nil && m.Sealed())
	}
	if _, err := Verify(filepath.Join(t.TempDir(), ManifestFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing manifest: %v", err)
	}
}

// TestIdentityIgnoresIntegrity: shards of one run, whose files differ,
// have one identity.
func TestIdentityIgnoresIntegrity(t *testing.T) {
	a, _ := ReadManifest(sealedRun(t, nil))
	b, _ := ReadManifest(sealedRun(t, func(m *Manifest) { m.Files = m.Files[:1] }))
	ia, _ := a.Identity()
	ib, _ := b.Identity()
	if len(ia) != len(ib) || ia["integrity"] != nil {
		t.Fatalf("identities differ: %v / %v", ia, ib)
	}
	for k, v := range ia {
		if !bytes.Equal(v, ib[k]) {
			t.Errorf("identity field %s differs", k)
		}
	}
}
