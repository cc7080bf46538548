package scenario

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestDecodeResolvedRoundTrips: every shipped scenario's resolved form
// decodes back to a scenario with the same resolved form, so that a type
// whose JSON form changes without a decoder fails here, not in a report.
func TestDecodeResolvedRoundTrips(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "scenarios", "*", "*.yaml"))
	if len(files) < 3 {
		t.Fatalf("found %d shipped scenarios", len(files))
	}
	loaded := 0
	for _, f := range files {
		sc, err := Load(f)
		if err != nil {
			continue // validation of the shipped files is tested elsewhere
		}
		loaded++
		want, err := sc.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeResolved(want)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		got, err := back.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: resolved form changes on a round trip:\n%s\n%s", f, want, got)
		}
	}
	if loaded < 3 {
		t.Errorf("only %d shipped scenarios loaded", loaded)
	}
	if _, err := DecodeResolved([]byte(`{"horizon": "forever"}`)); err == nil {
		t.Error("a bad duration decoded")
	}
}
