package priors

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// TestLoadFollowsExtends: a priors file that extends another has that
// file's priors first (the first dimensions of the hypercube), then its
// own, each naming its own file and line in messages, and Files lists
// the chain base first. A prior name or a path used again across the
// chain is refused at the extending file's entry, naming the first; a
// file may extend and add nothing.
func TestLoadFollowsExtends(t *testing.T) {
	dir := t.TempDir()
	entry := func(name, path string) string {
		return "  - name: " + name + "\n    path: " + path + "\n    min: 0.8\n    max: 1.2\n    source: x\n    grade: E\n"
	}
	inputfiletest.WriteFiles(t, dir, map[string]string{
		"base.yaml":        "priors:\n" + entry("qmc_los", "sites.qmc.beds.los_scale"),
		"ed/ed.yaml":       "# ED's unknowns\nextends: ../base.yaml\npriors:\n" + entry("city_los", "sites.city.beds.los_scale"),
		"ed/only.yaml":     "extends: ed.yaml\n",
		"ed/again.yaml":    "extends: ../base.yaml\npriors:\n" + entry("qmc_los", "sites.city.beds.los_scale"),
		"ed/samepath.yaml": "extends: ../base.yaml\npriors:\n" + entry("other", "sites.qmc.beds.los_scale"),
		"ed/bad.yaml":      "extends: 3\npriors:\n" + entry("city_los", "sites.city.beds.los_scale"),
		"ed/cycle.yaml":    "extends: cycle.yaml\n",
		"ed/unbound.yaml":  "extends: ../base.yaml\npriors:\n" + entry("nowhere", "sites.nowhere.beds.los_scale"),
	})
	f, err := Load(filepath.Join(dir, "ed", "ed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base, top := filepath.Join(dir, "base.yaml"), filepath.Join(dir, "ed", "ed.yaml")
	if len(f.Priors) != 2 || f.Priors[0].Name != "qmc_los" || f.Priors[0].File != base || f.Priors[0].Line != 2 ||
		f.Priors[1].Name != "city_los" || f.Priors[1].File != top || f.Priors[1].Line != 4 {
		t.Errorf("priors %+v, want qmc_los (base.yaml:2) then city_los (ed/ed.yaml:4)", f.Priors)
	}
	if len(f.Files) != 2 || f.Files[0] != base || f.Files[1] != top {
		t.Errorf("files %v, want base.yaml then ed/ed.yaml", f.Files)
	}
	if f, err := Load(filepath.Join(dir, "ed", "only.yaml")); err != nil || len(f.Priors) != 2 || len(f.Files) != 3 {
		t.Errorf("a file that only extends: %v, %v", f, err)
	}
	for file, want := range map[string]string{
		"again.yaml":    "again.yaml:3: qmc_los: also a prior of " + base + ":2",
		"samepath.yaml": "samepath.yaml:3: other.path: sites.qmc.beds.los_scale is also set by qmc_los (" + base + ":2)",
		"bad.yaml":      "bad.yaml:1: extends: want the name of a priors file",
		"cycle.yaml":    "cycle.yaml:1: extends: a cycle",
	} {
		_, err := Load(filepath.Join(dir, "ed", file))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", file, err, want)
		}
	}
	s, err := NewSpace(f, nottsBaseline)
	if err != nil || s.Dim() != 2 {
		t.Fatalf("binding the chain: %v, want 2 dimensions", err)
	}
	// An error binding a prior to the scenario names the prior's own
	// file, not the file loaded.
	unbound, err := Load(filepath.Join(dir, "ed", "unbound.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewSpace(unbound, nottsBaseline); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "ed", "unbound.yaml")+":3: nowhere") {
		t.Errorf("binding a prior of the extending file to a missing path: %v, want an error at unbound.yaml:3", err)
	}
}

// TestShippedEDPriorsExtendTheBaselines: calibration/ed-priors.yaml is the
// baseline's priors, in their order, then the front door's, and binds to
// ed-capacity.yaml over its whole box.
func TestShippedEDPriorsExtendTheBaselines(t *testing.T) {
	base, err := Load(nottsPriors)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := Load("../../scenarios/notts/calibration/ed-priors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ed.Priors) <= len(base.Priors) {
		t.Fatalf("ed-priors.yaml has %d priors, the baseline's %d: it adds none", len(ed.Priors), len(base.Priors))
	}
	for i, pr := range base.Priors {
		if ed.Priors[i].Name != pr.Name || ed.Priors[i].File != nottsPriors {
			t.Errorf("prior %d: %s from %s, want the baseline's %s", i, ed.Priors[i].Name, ed.Priors[i].File, pr.Name)
		}
	}
	for _, pr := range ed.Priors[len(base.Priors):] {
		if !strings.Contains(pr.Paths[0].String(), ".ed.") {
			t.Errorf("%s sets %s, not a part of ED", pr.Name, pr.Paths[0])
		}
	}
	if _, err := NewSpace(ed, "../../scenarios/notts/ed-capacity.yaml"); err != nil {
		t.Fatal(err)
	}
}
