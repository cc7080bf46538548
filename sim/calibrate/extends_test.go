package calibrate

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestLoadFollowsExtends: a targets file that extends another has that
// file's targets first, then its own, each keeping its own file and line
// for messages; its discrepancy block replaces the base's, and without
// one the base's applies; Files lists the chain, base first; a file that
// only extends (no targets of its own) is the base's targets.
func TestLoadFollowsExtends(t *testing.T) {
	dir := t.TempDir()
	inputfiletest.WriteFiles(t, dir, map[string]string{
		"base.yaml": "discrepancy: {relative: 0.2, share: 0.03}\ntargets:\n" +
			"  - {name: beds, metric: bed_days, sites: [a], low: 1, high: 2, source: P}\n" +
			"  - {name: occ, metric: occupancy_mean, sites: [a], low: 0.9, high: 1, source: P}\n",
		"front/ed.yaml": "# the front door\nextends: ../base.yaml\ntargets:\n" +
			"  - {name: four hours, metric: ed_4h_share, sites: [a], low: 0.6, high: 0.7, source: P}\n",
		"front/ed-disc.yaml": "extends: ed.yaml\ndiscrepancy: {relative: 0.1, share: 0.01}\n",
	})
	tg, err := Load(filepath.Join(dir, "front", "ed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range tg.Targets {
		got = append(got, x.Name+"@"+strings.TrimPrefix(x.File, dir+"/")+":"+strconv.Itoa(x.Line))
	}
	if want := "beds@base.yaml:3 occ@base.yaml:4 four hours@front/ed.yaml:4"; strings.Join(got, " ") != want {
		t.Errorf("targets %q, want %q", strings.Join(got, " "), want)
	}
	if tg.Discrepancy == nil || tg.Discrepancy.Relative != 0.2 {
		t.Errorf("discrepancy %+v, want the base's (relative 0.2)", tg.Discrepancy)
	}
	if len(tg.Files) != 2 || tg.Files[0] != filepath.Join(dir, "base.yaml") || tg.Files[1] != filepath.Join(dir, "front", "ed.yaml") {
		t.Errorf("files %v, want base.yaml then front/ed.yaml", tg.Files)
	}
	tg, err = Load(filepath.Join(dir, "front", "ed-disc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tg.Targets) != 3 || tg.Discrepancy == nil || tg.Discrepancy.Relative != 0.1 || len(tg.Files) != 3 {
		t.Errorf("an extends-only file with its own discrepancy: %d targets, %+v, files %v; want 3, relative 0.1, 3 files", len(tg.Targets), tg.Discrepancy, tg.Files)
	}
}

// TestLoadRefusesBadExtends: the faults of an extends chain are refused
// with the file and line at fault — a bad target in the base (named in
// the base), a target name used again by the extending file, an extends
// that is not a name, a cycle, a missing base, and a file with no targets
// anywhere in its chain.
func TestLoadRefusesBadExtends(t *testing.T) {
	dir := t.TempDir()
	good := "  - {name: beds, metric: bed_days, sites: [a], low: 1, high: 2, source: P}\n"
	inputfiletest.WriteFiles(t, dir, map[string]string{
		"badbase.yaml": "targets:\n  - {name: x, metric: bed_dayz, sites: [a], low: 1, high: 2, source: P}\n",
		"onbad.yaml":   "extends: badbase.yaml\ntargets:\n" + good,
		"base.yaml":    "targets:\n" + good,
		"again.yaml":   "extends: base.yaml\ntargets:\n" + good,
		"notname.yaml": "extends: [base.yaml]\ntargets:\n" + good,
		"cycle.yaml":   "extends: cycle.yaml\ntargets:\n" + good,
		"missing.yaml": "\nextends: nowhere.yaml\ntargets:\n" + good,
		"empty.yaml":   "targets: []\n",
		"onempty.yaml": "extends: empty.yaml\n",
		"unknown.yaml": "extends: base.yaml\nsauce: 1\n",
	})
	for file, want := range map[string]string{
		"onbad.yaml":   "badbase.yaml:2: targets[0] (x): unknown metric",
		"again.yaml":   `again.yaml:3: targets[0] (beds): also a target of ` + filepath.Join(dir, "base.yaml") + ":2",
		"notname.yaml": "notname.yaml:1: extends: want the name of a targets file",
		"cycle.yaml":   "cycle.yaml:1: extends: a cycle",
		"missing.yaml": "missing.yaml:2: extends: cannot read " + filepath.Join(dir, "nowhere.yaml"),
		"onempty.yaml": "onempty.yaml: no targets",
		"unknown.yaml": "sauce",
	} {
		_, err := Load(filepath.Join(dir, file))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", file, err, want)
		}
	}
}

// TestShippedEDTargetsExtendTheBaselines: calibration/ed-targets.yaml is
// the baseline's targets, in their order, then the front door's, all
// independent, and every site they name is in ed-capacity.yaml.
func TestShippedEDTargetsExtendTheBaselines(t *testing.T) {
	base, err := Load("../../scenarios/notts/calibration/targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ed, err := Load("../../scenarios/notts/calibration/ed-targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ed.Targets) <= len(base.Targets) {
		t.Fatalf("ed-targets.yaml has %d targets, the baseline's %d: it adds none", len(ed.Targets), len(base.Targets))
	}
	for i, tg := range base.Targets {
		if ed.Targets[i].Name != tg.Name {
			t.Errorf("target %d: %s, want the baseline's %s", i, ed.Targets[i].Name, tg.Name)
		}
	}
	for _, tg := range ed.Targets[len(base.Targets):] {
		if !tg.Independent() {
			t.Errorf("%s is fitted by %v: nothing in ed-capacity.yaml was tuned to the front door's figures", tg.Name, tg.FittedBy)
		}
	}
	sc, err := scenario.Load("../../scenarios/notts/ed-capacity.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.Check(sc); err != nil {
		t.Error(err)
	}
}
