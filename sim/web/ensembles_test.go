package web

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLibraryEnsemblesOffered checks that an ensemble file among the
// planner's scenarios is recognised, offered on the run form after the
// results directory's matches and resolved only through the library's
// confinement, while scenarios and files outside it are refused.
func TestLibraryEnsemblesOffered(t *testing.T) {
	s, mine := newServer(t)
	s.cfg.Ensembles = func() []Ensemble { return []Ensemble{{ID: "calibrate-x", Label: "calibrate-x/plausible.yaml"}} }
	if err := os.MkdirAll(filepath.Join(mine, "notts"), 0o755); err != nil {
		t.Fatal(err)
	}
	ens := "# flowsim ensemble\nscenario: x.yaml\nmembers:\n  - name: a\n    set: [sites.main.beds.capacity=6]\n"
	for name, text := range map[string]string{"notts/plausible.yaml": ens, "members-in-a-comment.yaml": "# members:\nname: x\n"} {
		if err := os.WriteFile(filepath.Join(mine, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outside := filepath.Join(t.TempDir(), "plausible.yaml")
	if err := os.WriteFile(outside, []byte(ens), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(mine, "linked.yaml")); err != nil {
		t.Fatal(err)
	}

	// The shipped library's plausible set (scenarios/notts/calibration)
	// is offered as well, between the matches and the planner's own.
	got := s.ensembles()
	if len(got) != 3 || got[0].ID != "calibrate-x" || got[1].ID != "shipped/notts/calibration/plausible.yaml" || got[2].ID != "mine/notts/plausible.yaml" {
		t.Fatalf("ensembles() = %v, want the match, the shipped plausible set, then mine/notts/plausible.yaml only", got)
	}
	if p, err := s.ResolveEnsemble("mine/notts/plausible.yaml"); err != nil || p != filepath.Join(mine, "notts", "plausible.yaml") {
		t.Errorf("ResolveEnsemble: %q, %v", p, err)
	}
	for _, id := range []string{"mine/../" + filepath.Base(filepath.Dir(outside)) + "/plausible.yaml", "mine/linked.yaml",
		"mine/notts/../notts/plausible.yaml", outside, "mine/notts/plausible.yml", "other/notts/plausible.yaml"} {
		if _, err := s.ResolveEnsemble(id); !errors.Is(err, errBadName) && !errors.Is(err, errNotFound) {
			t.Errorf("ResolveEnsemble(%q): %v, want it refused as no file of the library", id, err)
		}
	}
	for _, id := range []string{"shipped/examples/mmc.yaml", "mine/members-in-a-comment.yaml"} {
		if _, err := s.ResolveEnsemble(id); !errors.Is(err, errNotEnsemble) {
			t.Errorf("ResolveEnsemble(%q): %v, want %v", id, err, errNotEnsemble)
		}
	}

	w := get(t, s, "/scenario/shipped/examples/mmc.yaml")
	want := `<option value="" selected>none: this scenario as written</option><option value="calibrate-x">calibrate-x/plausible.yaml</option><option value="shipped/notts/calibration/plausible.yaml">`
	if w.Code != 200 || !strings.Contains(w.Body.String(), want) || !strings.Contains(w.Body.String(), `<option value="mine/notts/plausible.yaml">`) {
		t.Errorf("scenario page: %d, want the run form to offer every ensemble, none chosen:\n%s", w.Code, w.Body.String())
	}
}
