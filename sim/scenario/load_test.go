package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// writeFiles writes files (name → content) into a new temporary directory
// and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadIn loads main.yaml from files written to a temporary directory and
// returns the scenario and the error text with the directory removed, so
// that messages read "main.yaml:9: ...".
func loadIn(t *testing.T, files map[string]string) (*Scenario, string) {
	t.Helper()
	dir := writeFiles(t, files)
	s, err := Load(filepath.Join(dir, "main.yaml"))
	if err == nil {
		return s, ""
	}
	if s != nil {
		t.Errorf("Load returned a scenario and an error")
	}
	var errs Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		t.Fatalf("Load error is %T, want a non-empty Errors: %v", err, err)
	}
	for _, e := range errs {
		if e.File == "" || e.Line < 1 {
			t.Errorf("error without file:line: %#v", e)
		}
	}
	return nil, strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
}

// mmcDoc is a valid M/M/5 scenario; the tests below that derive from it
// rely on its line numbers.
const mmcDoc = `name: mmc
horizon: 2000h
warmup: 200h
places:
  town: {arrivals: 4/h}
sites:
  main:
    beds:
      capacity: 5
      los: {dist: exponential, mean: 1h}
      when_full: queue
`

// withLine returns mmcDoc with line n (1-based) replaced by repl, which may
// hold several lines or none.
func withLine(n int, repl string) string {
	lines := strings.Split(mmcDoc, "\n")
	var out []string
	out = append(out, lines[:n-1]...)
	if repl != "" {
		out = append(out, repl)
	}
	out = append(out, lines[n:]...)
	return strings.Join(out, "\n")
}

// withLOS returns mmcDoc with the length of stay on line 10 replaced.
func withLOS(los string) string { return withLine(10, "      los: "+los) }

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // main.yaml is loaded
		want  []string
	}{
		{"unknown key", map[string]string{"main.yaml": withLine(9, "      capcity: 5")}, []string{
			`main.yaml:9: sites.main.beds.capcity: unknown field (did you mean "capacity"?)`,
			`main.yaml:8: sites.main.beds.capacity: missing required field`,
		}},
		{"unknown top-level key", map[string]string{"main.yaml": "hoizon: 4h\n" + mmcDoc}, []string{
			`main.yaml:1: hoizon: unknown field (did you mean "horizon"?)`,
		}},
		{"unknown key far from any", map[string]string{"main.yaml": withLine(11, "      colour: blue")}, []string{
			`main.yaml:11: sites.main.beds.colour: unknown field (known: capacity, los, los_scale, schedule, when_full)`,
		}},
		{"wrong type int", map[string]string{"main.yaml": withLine(9, "      capacity: many")}, []string{
			`main.yaml:9: sites.main.beds.capacity: want a whole number, got "many"`,
		}},
		{"fractional int", map[string]string{"main.yaml": withLine(9, "      capacity: 4.5")}, []string{
			`main.yaml:9: sites.main.beds.capacity: want a whole number, got 4.5`,
		}},
		{"quoted int", map[string]string{"main.yaml": withLine(9, `      capacity: "5"`)}, []string{
			`main.yaml:9: sites.main.beds.capacity: want a whole number, got "5"`,
		}},
		{"wrong type mapping", map[string]string{"main.yaml": withLine(5, "  town: [4/h]")}, []string{
			`main.yaml:5: places.town: want a mapping with keys ambulance, arrival_profile, arrivals, cohorts, sites, got a list`,
		}},
		{"wrong type list", map[string]string{"main.yaml": "places: [town]\n" + mmcDoc[strings.Index(mmcDoc, "sites:"):]}, []string{
			`main.yaml:1: places: want a mapping, got a list`,
		}},
		{"negative seed", map[string]string{"main.yaml": "seed: -1\n" + mmcDoc}, []string{
			`main.yaml:1: seed: want a whole number >= 0, got -1`,
		}},
		{"missing capacity", map[string]string{"main.yaml": withLine(9, "")}, []string{
			`main.yaml:8: sites.main.beds.capacity: missing required field`,
		}},
		{"missing los", map[string]string{"main.yaml": withLine(10, "")}, []string{
			`main.yaml:8: sites.main.beds.los: missing: give the length of stay here or in every cohort`,
		}},
		{"null los", map[string]string{"main.yaml": withLine(10, "      los:")}, []string{
			`main.yaml:10: sites.main.beds.los: missing: give the length of stay here or in every cohort`,
		}},
		{"missing dist", map[string]string{"main.yaml": withLOS("{mean: 1h}")}, []string{
			`main.yaml:10: sites.main.beds.los.dist: missing required field`,
		}},
		{"missing places and sites", map[string]string{"main.yaml": "# nothing\nname: x\n"}, []string{
			`main.yaml:1: places: missing required field`,
			`main.yaml:1: sites: missing required field`,
		}},
		{"empty site", map[string]string{"main.yaml": withLine(8, "")[:strings.Index(mmcDoc, "  main:")] + "  main:\n"}, []string{
			`main.yaml:7: sites.main.beds: missing required field`,
		}},
		{"negative capacity", map[string]string{"main.yaml": withLine(9, "      capacity: -2")}, []string{
			`main.yaml:9: sites.main.beds.capacity: must be >= 1, got -2`,
		}},
		{"zero capacity", map[string]string{"main.yaml": withLine(9, "      capacity: 0")}, []string{
			`main.yaml:9: sites.main.beds.capacity: must be >= 1, got 0`,
		}},
		{"shares do not sum to 1", map[string]string{"main.yaml": withLine(5, "  town:\n    arrivals: 4/h\n    sites: {main: 0.6, other: 0.3}") +
			"  other:\n    beds: {capacity: 2, los: {dist: fixed, value: 4h}}\n"}, []string{
			`main.yaml:7: places.town.sites: shares sum to 0.9, want 1`,
		}},
		{"share out of range", map[string]string{"main.yaml": withLine(5, "  town: {arrivals: 4/h, sites: {main: 1.5}}")}, []string{
			`main.yaml:5: places.town.sites.main: must be between 0 and 1, got 1.5`,
		}},
		{"share to unknown site", map[string]string{"main.yaml": withLine(5, "  town: {arrivals: 4/h, sites: {mian: 1}}")}, []string{
			`main.yaml:5: places.town.sites.mian: no such site (sites: main)`,
		}},
		{"place without shares, two sites", map[string]string{"main.yaml": mmcDoc + "  other:\n    beds: {capacity: 2, los: {dist: fixed, value: 4h}}\n"}, []string{
			`main.yaml:5: places.town.sites: missing: say which sites this place's arrivals go to, as shares summing to 1 (sites: main, other)`,
		}},
		{"mixture p do not sum to 1", map[string]string{"main.yaml": withLOS("{dist: mixture, of: [{p: 0.35, dist: fixed, value: 0h}, {p: 0.55, dist: lognormal, mean: 9.1d, sd: 12d}]}")}, []string{
			`main.yaml:10: sites.main.beds.los.of: probabilities sum to 0.9, want 1`,
		}},
		{"mixture p out of range", map[string]string{"main.yaml": withLOS("{dist: mixture, of: [{p: -0.5, dist: fixed, value: 0h}, {p: 1.5, dist: fixed, value: 1d}]}")}, []string{
			`main.yaml:10: sites.main.beds.los.of[0].p: must be between 0 and 1, got -0.5`,
			`main.yaml:10: sites.main.beds.los.of[1].p: must be between 0 and 1, got 1.5`,
		}},
		{"mixture component missing p", map[string]string{"main.yaml": withLine(10, "      los:\n        dist: mixture\n        of:\n          - {p: 1, dist: fixed, value: 0h}\n          - dist: fixed\n            value: 1d")}, []string{
			`main.yaml:14: sites.main.beds.los.of[1].p: missing required field`,
		}},
		{"unknown distribution", map[string]string{"main.yaml": withLOS("{dist: expo, mean: 1h}")}, []string{
			`main.yaml:10: sites.main.beds.los.dist: unknown distribution "expo"; known: exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture`,
		}},
		{"misspelt distribution", map[string]string{"main.yaml": withLOS("{dist: lognormall, mean: 1h, sd: 1h}")}, []string{
			`main.yaml:10: sites.main.beds.los.dist: unknown distribution "lognormall" (did you mean "lognormal"?)`,
		}},
		{"parameter the type does not take", map[string]string{"main.yaml": withLOS("{dist: lognormal, mean: 1h, sd: 1h, k: 3}")}, []string{
			`main.yaml:10: sites.main.beds.los.k: lognormal does not take k (it takes mean, sd, median, p95)`,
		}},
		{"bad unit", map[string]string{"main.yaml": withLOS("{dist: exponential, mean: 4x}")}, []string{
			`main.yaml:10: sites.main.beds.los.mean: bad duration "4x": unknown unit "x"`,
		}},
		{"duration without unit", map[string]string{"main.yaml": withLOS("{dist: exponential, mean: 4}")}, []string{
			`main.yaml:10: sites.main.beds.los.mean: bad duration "4": missing unit: write 4h, 30m or 6.5d`,
		}},
		{"rate without unit", map[string]string{"main.yaml": withLine(5, "  town: {arrivals: 4}")}, []string{
			`main.yaml:5: places.town.arrivals: bad rate "4": missing unit: write 4/h, 96/d or 29273/y`,
		}},
		{"negative duration", map[string]string{"main.yaml": withLOS("{dist: exponential, mean: -3h}")}, []string{
			`main.yaml:10: sites.main.beds.los.mean: must be > 0, got -3h`,
		}},
		{"negative warmup", map[string]string{"main.yaml": withLine(3, "warmup: -1d")}, []string{
			`main.yaml:3: warmup: must be >= 0, got -24h`,
		}},
		{"warmup not shorter than horizon", map[string]string{"main.yaml": withLine(3, "warmup: 2000h")}, []string{
			`main.yaml:3: warmup: must be shorter than horizon (2000h), got 2000h`,
		}},
		{"warmup longer than default horizon", map[string]string{"main.yaml": withLine(2, "warmup: 400d")[:0] + withLine(3, "warmup: 400d")[len("name: mmc\nhorizon: 2000h\n"):]}, []string{
			`main.yaml:1: warmup: must be shorter than horizon (365d), got 400d`,
		}},
		{"zero reps", map[string]string{"main.yaml": "reps: 0\n" + mmcDoc}, []string{
			`main.yaml:1: reps: must be >= 1, got 0`,
		}},
		{"zero arrivals", map[string]string{"main.yaml": withLine(5, "  town: {arrivals: 0/h}")}, []string{
			`main.yaml:5: places.town.arrivals: must be > 0, got 0`,
		}},
		{"bad when_full", map[string]string{"main.yaml": withLine(11, "      when_full: wait")}, []string{
			`main.yaml:11: sites.main.beds.when_full: must be queue or lost, got "wait"`,
		}},
		{"bad cohort age", map[string]string{"main.yaml": mmcDoc + "cohorts:\n  old:\n    share: 1\n    age: 65plus\n"}, []string{
			`main.yaml:15: cohorts.old.age: must be under65 or 65+, got "65plus"`,
		}},
		{"bad date", map[string]string{"main.yaml": "start: 07/04/2025\n" + mmcDoc}, []string{
			`main.yaml:1: start: bad date "07/04/2025": want YYYY-MM-DD, e.g. 2025-04-07`,
		}},
		{"site key all", map[string]string{"main.yaml": strings.ReplaceAll(mmcDoc, "  main:", "  all:")}, []string{
			`main.yaml:7: sites.all: "all" is reserved for the whole system in outputs`,
		}},
		{"site key with a space", map[string]string{"main.yaml": strings.ReplaceAll(mmcDoc, "  main:", "  St Marys:")}, []string{
			`main.yaml:7: sites."St Marys": a site key may use only letters, digits, _ and -`,
		}},
		{"malformed YAML", map[string]string{"main.yaml": "name: x\nplaces:\n  town: {arrivals: 4/h\nsites: {}\n"}, []string{
			`main.yaml:3: did not find expected ',' or '}'`,
		}},
		{"malformed YAML tab", map[string]string{"main.yaml": "name: x\nplaces:\n\ttown: {}\n"}, []string{
			`main.yaml:3: found character that cannot start any token`,
		}},
		{"malformed YAML first line", map[string]string{"main.yaml": "a: [\n"}, []string{
			`main.yaml:1: did not find expected node content`,
		}},
		{"two documents", map[string]string{"main.yaml": mmcDoc + "---\nname: y\n"}, []string{
			`main.yaml:12: a scenario file holds one YAML document`,
		}},
		{"duplicate key", map[string]string{"main.yaml": withLine(11, "      capacity: 6")}, []string{
			`main.yaml:11: sites.main.beds.capacity: duplicate key (first at line 9)`,
		}},
		{"top level is a list", map[string]string{"main.yaml": "- a\n- b\n"}, []string{
			`main.yaml:1: not a flowsim scenario: want a mapping of settings (name:, places:, sites:, …) at the top level, got a list`,
		}},
		{"alias inside itself", map[string]string{"main.yaml": "a: &x [1, *x]\n"}, []string{
			`main.yaml:1: a[1]: alias *x is inside the value it refers to`,
		}},
		{"too many aliases", map[string]string{"main.yaml": "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
			"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"}, []string{
			`aliases expand to more than 200000 values`,
		}},
		{"nested too deep", map[string]string{"main.yaml": "description: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"}, []string{
			`main.yaml:1: description[0][0]…: nested more than 100 levels deep`,
		}},
		{"extends cycle", map[string]string{
			"main.yaml": "extends: b.yaml\nname: a\n",
			"b.yaml":    "extends: main.yaml\n",
		}, []string{
			`b.yaml:1: extends cycle: main.yaml → b.yaml → main.yaml`,
		}},
		{"extends itself", map[string]string{"main.yaml": "name: a\nextends: ./main.yaml\n"}, []string{
			`main.yaml:2: extends cycle: main.yaml → main.yaml`,
		}},
		{"extends cycle further up", map[string]string{
			"main.yaml":   "extends: base/b.yaml\n",
			"base/b.yaml": "extends: c.yaml\n",
			"base/c.yaml": "extends: b.yaml\n",
		}, []string{
			`base/c.yaml:1: extends cycle: main.yaml → base/b.yaml → base/c.yaml → base/b.yaml`,
		}},
		{"extends missing file", map[string]string{"main.yaml": "# intervention\nextends: baseline.yaml\n"}, []string{
			`main.yaml:2: extends: cannot read baseline.yaml: no such file or directory`,
		}},
		{"extends a directory", map[string]string{"main.yaml": "extends: dir\n", "dir/x.yaml": mmcDoc}, []string{
			`main.yaml:1: extends: cannot read dir: is a directory, not a regular file`,
		}},
		{"extends not a string", map[string]string{"main.yaml": "extends: [a.yaml, b.yaml]\n"}, []string{
			`main.yaml:1: extends: want the name of a scenario file, got a list`,
		}},
		{"syntax error in parent", map[string]string{
			"main.yaml": "extends: base.yaml\n",
			"base.yaml": "name: base\nplaces: {\n",
		}, []string{
			`base.yaml:2: did not find expected node content`,
		}},
		{"unknown key in parent", map[string]string{
			"main.yaml": "extends: base.yaml\nsites: {main: {beds: {capacity: 7}}}\n",
			"base.yaml": withLine(9, "      capacity: 5\n      colour: blue"),
		}, []string{
			`base.yaml:10: sites.main.beds.colour: unknown field`,
		}},
		{"validation error in parent", map[string]string{
			"main.yaml": "extends: base.yaml\nsites: {main: {beds: {capacity: 7}}}\n",
			"base.yaml": withLOS("{dist: exponential, mean: -1h}"),
		}, []string{
			`base.yaml:10: sites.main.beds.los.mean: must be > 0, got -1h`,
		}},
		{"validation error in child", map[string]string{
			"main.yaml": "extends: base.yaml\nsites:\n  main:\n    beds: {capacity: 0}\n",
			"base.yaml": mmcDoc,
		}, []string{
			`main.yaml:4: sites.main.beds.capacity: must be >= 1, got 0`,
		}},
		{"child deletes a required field", map[string]string{
			"main.yaml": "extends: base.yaml\nsites:\n  main:\n    beds: {los: ~}\n",
			"base.yaml": mmcDoc,
		}, []string{
			`main.yaml:4: sites.main.beds.los: missing: give the length of stay here or in every cohort`,
		}},
		{"errors in two files, ordered", map[string]string{
			"main.yaml": "extends: base.yaml\nreps: 0\n",
			"base.yaml": withLine(9, "      capacity: 0"),
		}, []string{
			"main.yaml:2: reps: must be >= 1, got 0\nbase.yaml:9: sites.main.beds.capacity: must be >= 1, got 0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, msg := loadIn(t, tt.files)
			if msg == "" {
				t.Fatalf("Load succeeded, want errors %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error\n%s\nwant it to contain\n%s", msg, w)
				}
			}
		})
	}
}

// TestDistErrors checks distribution validation, one length of stay at a
// time.
func TestDistErrors(t *testing.T) {
	tests := []struct {
		los, want string
	}{
		{"{dist: exponential}", "los.mean: missing: exponential needs mean"},
		{"{dist: exponential, mean: 0}", "los.mean: must be > 0, got 0"},
		{"{dist: exponential, mean: 1h, sd: 1h}", "los.sd: exponential does not take sd (it takes mean)"},
		{"{dist: lognormal}", "los.mean: missing: lognormal needs mean + sd, or median + p95"},
		{"{dist: lognormal, mean: 1d}", "los.sd: missing: lognormal needs sd"},
		{"{dist: lognormal, mean: 1d, sd: 1d, median: 1d}", "los: lognormal takes mean + sd or median + p95, not both"},
		{"{dist: lognormal, median: 5d, p95: 4d}", "los.p95: must be > median (5d), got 4d"},
		{"{dist: lognormal, median: 5d, p95: 5d}", "los.p95: must be > median (5d), got 5d"},
		{"{dist: gamma, shape: 2}", "los.scale: missing: gamma needs scale"},
		{"{dist: gamma, shape: 0, scale: 1d}", "los.shape: must be > 0, got 0"},
		{"{dist: gamma, shape: 2, scale: 1d, mean: 2d}", "los: gamma takes shape + scale or mean + sd, not both"},
		{"{dist: gamma}", "los.shape: missing: gamma needs shape + scale, or mean + sd"},
		{"{dist: gamma, shape: .nan, scale: 1d}", `los.shape: want a number, got .nan`},
		{"{dist: weibull, shape: 1.5}", "los.scale: missing: weibull needs scale"},
		{"{dist: erlang, mean: 2d}", "los.k: missing: erlang needs k (the number of phases) and mean"},
		{"{dist: erlang, k: 0, mean: 2d}", "los.k: must be >= 1, got 0"},
		{"{dist: erlang, k: 2.5, mean: 2d}", "los.k: want a whole number, got 2.5"},
		{"{dist: triangular, min: 1d, mode: 5d, max: 3d}", "los.mode: must be between min (24h) and max (3d), got 5d"},
		{"{dist: triangular, min: 2d, mode: 2d, max: 2d}", "los.max: must be > min (2d), got 2d"},
		{"{dist: triangular, min: -1d, mode: 2d, max: 3d}", "los.min: must be >= 0, got -24h"},
		{"{dist: uniform, min: 3d, max: 1d}", "los.max: must be > min (3d), got 24h"},
		{"{dist: uniform, max: 1d}", "los.min: missing: uniform needs min"},
		{"{dist: fixed}", "los.value: missing: fixed needs value"},
		{"{dist: fixed, value: -1h}", "los.value: must be >= 0, got -1h"},
		{"{dist: empirical, samples: []}", "los.samples: missing: empirical needs a non-empty list of samples"},
		{"{dist: empirical}", "los.samples: missing: empirical needs a non-empty list of samples"},
		{"{dist: empirical, samples: [1d, -2h]}", "los.samples[1]: must be >= 0, got -2h"},
		{"{dist: empirical, samples: [1d, 2]}", `los.samples[1]: bad duration "2": missing unit`},
		{"{dist: empirical, samples: 1d}", `los.samples: want a list, got "1d"`},
		{"{dist: mixture}", "los.of: missing: mixture needs a non-empty list of components"},
		{"{dist: mixture, of: []}", "los.of: missing: mixture needs a non-empty list of components"},
		{"{dist: mixture, of: [{p: 1, dist: mixture, of: [{p: 1, dist: expo, mean: 1h}]}]}", `los.of[0].of[0].dist: unknown distribution "expo"`},
		{"{dist: mixture, of: [{p: 1, dist: fixed, value: 1h, mean: 2h}]}", "los.of[0].mean: fixed does not take mean (it takes value)"},
		{"{dist: mixture, of: [{p: 1, dist: fixed, value: 1h}], mean: 2h}", "los.mean: mixture does not take mean (it takes of)"},
		{"{dist: mixture, of: [~]}", "los.of[0].p: missing required field"},
		{"{dist: fixed, value: 1h, p: 1}", `los.p: unknown field (known: dist, k, max, mean, median, min, mode, of, p95, samples, scale, sd, shape, value)`},
		{"4h", `los: want a mapping with keys dist, k, max, mean, median, min, mode, of, p95, samples, scale, sd, shape, value, got "4h"`},
	}
	for _, tt := range tests {
		t.Run(tt.los, func(t *testing.T) {
			_, err := LoadBytes("los.yaml", []byte(withLOS(tt.los)))
			want := "los.yaml:10: sites.main.beds." + tt.want
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("los: %s\nerror = %v\nwant it to contain %q", tt.los, err, want)
			}
		})
	}
}

func TestGoodDists(t *testing.T) {
	for _, los := range []string{
		"{dist: exponential, mean: 9.1d}",
		"{dist: lognormal, mean: 9.1d, sd: 12d}",
		"{dist: lognormal, median: 5d, p95: 30d}",
		"{dist: gamma, shape: 2, scale: 3d}",
		"{dist: gamma, mean: 6d, sd: 4d}",
		"{dist: weibull, shape: 1.5, scale: 4d}",
		"{dist: erlang, k: 3, mean: 2d}",
		"{dist: triangular, min: 0, mode: 2d, max: 10d}",
		"{dist: triangular, min: 1d, mode: 1d, max: 2d}",
		"{dist: uniform, min: 0, max: 8h}",
		"{dist: fixed, value: 0h}",
		"{dist: empirical, samples: [0, 4h, 1d, 2.5d, 2w]}",
		"{dist: mixture, of: [{p: 0.35, dist: fixed, value: 0h}, {p: 0.65, dist: lognormal, mean: 9.1d, sd: 12d}]}",
		"{dist: mixture, of: [{p: 0.1, dist: fixed, value: 1h}, {p: 0.2, dist: fixed, value: 2h}, {p: 0.7, dist: mixture, of: [{p: 1, dist: exponential, mean: 1d}]}]}",
	} {
		if _, err := LoadBytes("los.yaml", []byte(withLOS(los))); err != nil {
			t.Errorf("los: %s: %v", los, err)
		}
	}
}

func TestLoadMMC(t *testing.T) {
	s, err := Load("testdata/mmc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Scenario{
		Name:        "mmc",
		Description: "M/M/5 queue, rho = 0.8",
		Start:       NewDate(2025, time.April, 7),
		Horizon:     2000,
		Warmup:      200,
		Reps:        20,
		Seed:        1,
		Places:      map[string]*Place{"town": {Arrivals: 4, Sites: map[string]float64{"main": 1}}},
		Sites: map[string]*Site{"main": {Beds: Beds{
			Capacity: 5,
			LOS:      &Dist{Type: "exponential", Mean: ptr(Duration(1))},
			LOSScale: 1,
			WhenFull: WhenFullQueue,
		}}},
		Sources: []string{"testdata/mmc.yaml"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Load(testdata/mmc.yaml) =\n%s\nwant\n%s", dump(t, s), dump(t, want))
	}
}

func TestLoadDefaults(t *testing.T) {
	doc := "places:\n  town: {arrivals: 4/h}\nsites:\n  main:\n    beds: {capacity: 5, los: {dist: exponential, mean: 1h}}\n"
	s, err := LoadBytes("scenarios/examples/tiny.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := &Scenario{
		Name:    "tiny",
		Start:   NewDate(2025, time.April, 7),
		Horizon: 365 * 24,
		Warmup:  0,
		Reps:    20,
		Seed:    1,
		Places:  map[string]*Place{"town": {Arrivals: 4, Sites: map[string]float64{"main": 1}}},
		Sites: map[string]*Site{"main": {Beds: Beds{
			Capacity: 5,
			LOS:      &Dist{Type: "exponential", Mean: ptr(Duration(1))},
			LOSScale: 1,
			WhenFull: WhenFullQueue,
		}}},
		Sources: []string{"scenarios/examples/tiny.yaml"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("defaults =\n%s\nwant\n%s", dump(t, s), dump(t, want))
	}

	// Null is the same as absent; an explicit zero seed is kept, not
	// replaced by the default.
	s, err = LoadBytes("x.yaml", []byte("seed: 0\nreps: ~\nname:\n"+doc))
	if err != nil {
		t.Fatal(err)
	}
	if s.Seed != 0 || s.Reps != 20 || s.Name != "x" {
		t.Errorf("seed, reps, name = %d, %d, %q; want 0, 20, \"x\"", s.Seed, s.Reps, s.Name)
	}
}

func TestLoadLossSystem(t *testing.T) {
	s, err := LoadBytes("mmcc.yaml", []byte(strings.ReplaceAll(mmcDoc, "when_full: queue", "when_full: lost")))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Sites["main"].Beds.WhenFull; got != WhenFullLost {
		t.Errorf("when_full = %q, want %q", got, WhenFullLost)
	}
}

func TestExtendsDeepMerge(t *testing.T) {
	s, msg := loadIn(t, map[string]string{
		"base.yaml": mmcDoc,
		"main.yaml": "# More beds, nothing else.\nextends: base.yaml\nsites:\n  main:\n    beds:\n      capacity: 6\n",
	})
	if msg != "" {
		t.Fatal(msg)
	}
	beds := s.Sites["main"].Beds
	if beds.Capacity != 6 {
		t.Errorf("capacity = %d, want the child's 6", beds.Capacity)
	}
	if beds.LOS.Type != "exponential" || beds.LOS.Mean == nil || *beds.LOS.Mean != 1 || beds.WhenFull != WhenFullQueue {
		t.Errorf("beds = %+v, want the parent's los and when_full kept", beds)
	}
	if s.Horizon != 2000 || s.Warmup != 200 || s.Places["town"].Arrivals != 4 {
		t.Errorf("horizon, warmup, arrivals = %v, %v, %v; want the parent's", s.Horizon, s.Warmup, s.Places["town"].Arrivals)
	}
	if s.Name != "main" {
		t.Errorf("name = %q, want the child's file name, not the parent's name", s.Name)
	}
	if s.Extends != "" {
		t.Errorf("Extends = %q, want empty after loading", s.Extends)
	}
	if len(s.Sources) != 2 || filepath.Base(s.Sources[0]) != "base.yaml" || filepath.Base(s.Sources[1]) != "main.yaml" {
		t.Errorf("Sources = %q, want base.yaml then main.yaml", s.Sources)
	}
}

func TestExtendsChain(t *testing.T) {
	s, msg := loadIn(t, map[string]string{
		"base/mmc.yaml":     mmcDoc,
		"base/longer.yaml":  "extends: mmc.yaml\nhorizon: 4000h\nsites: {main: {beds: {los: {dist: lognormal, mean: 2h, sd: 1h}}}}\n",
		"main.yaml":         "extends: base/longer.yaml\nname: chain\nsites:\n  main:\n    beds: {capacity: 8}\n",
		"base/unused.yaml":  "not: read\n",
		"base/unused2.yaml": "[",
	})
	if msg != "" {
		t.Fatal(msg)
	}
	beds := s.Sites["main"].Beds
	if s.Name != "chain" || s.Horizon != 4000 || s.Warmup != 200 || beds.Capacity != 8 {
		t.Errorf("name, horizon, warmup, capacity = %q, %v, %v, %d; want chain, 4000h, 200h, 8", s.Name, s.Horizon, s.Warmup, beds.Capacity)
	}
	// The los mappings merged key by key; the middle file set every key.
	if beds.LOS.Type != "lognormal" || *beds.LOS.Mean != 2 || *beds.LOS.SD != 1 {
		t.Errorf("los = %+v, want lognormal mean 2h sd 1h", beds.LOS)
	}
	if len(s.Sources) != 3 || !strings.HasSuffix(s.Sources[0], "mmc.yaml") || !strings.HasSuffix(s.Sources[2], "main.yaml") {
		t.Errorf("Sources = %q", s.Sources)
	}
}

func TestExtendsNullDeletes(t *testing.T) {
	base := mmcDoc + "  other:\n    beds: {capacity: 2, los: {dist: fixed, value: 4h}}\n"
	base = strings.ReplaceAll(base, "  town: {arrivals: 4/h}", "  town: {arrivals: 4/h, sites: {main: 0.5, other: 0.5}}")
	s, msg := loadIn(t, map[string]string{
		"base.yaml": base,
		// Close site "other"; town's shares are a mapping, so they merge:
		// delete other's share and give main all of it.
		"main.yaml": "extends: base.yaml\ndescription: ~\nsites: {other: ~}\nplaces: {town: {sites: {main: 1, other: ~}}}\n",
	})
	if msg != "" {
		t.Fatal(msg)
	}
	if len(s.Sites) != 1 || s.Sites["main"] == nil {
		t.Errorf("sites = %v, want only main", s.Sites)
	}
	if got := s.Places["town"].Sites; !reflect.DeepEqual(got, map[string]float64{"main": 1}) {
		t.Errorf("town's shares = %v, want {main: 1}", got)
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	doc := `places:
  town: {arrivals: 4/h, sites: {a: 0.5, b: 0.5}}
sites:
  a:
    beds: &beds
      capacity: 5
      los: &los {dist: lognormal, mean: 9.1d, sd: 12d}
  b:
    beds:
      <<: *beds
      capacity: 7
  c:
    beds: {capacity: 1, los: *los, when_full: lost}
`
	s, err := LoadBytes("anchors.yaml", []byte(strings.Replace(doc, "sites: {a: 0.5, b: 0.5}", "sites: {a: 0.5, b: 0.25, c: 0.25}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if a, b, c := s.Sites["a"].Beds, s.Sites["b"].Beds, s.Sites["c"].Beds; a.Capacity != 5 || b.Capacity != 7 || c.Capacity != 1 ||
		!reflect.DeepEqual(a.LOS, b.LOS) || !reflect.DeepEqual(a.LOS, c.LOS) || *a.LOS.Mean != days(9.1) || c.WhenFull != WhenFullLost {
		t.Errorf("beds a, b, c = %+v, %+v, %+v", a, b, c)
	}
	// Aliased values are reported where the anchor wrote them.
	_, err = LoadBytes("anchors.yaml", []byte(strings.Replace(doc, "sd: 12d", "sd: -12d", 1)))
	for _, want := range []string{
		"anchors.yaml:7: sites.a.beds.los.sd: must be > 0, got -12d",
		"anchors.yaml:7: sites.c.beds.los.sd: must be > 0, got -12d",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want %q", err, want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.HasSuffix(err.Error(), "nope.yaml: no such file or directory") {
		t.Errorf("error = %v, want file: no such file or directory", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(err, fs.ErrNotExist) = false for %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Line != 0 {
		t.Errorf("errors.As(*Error) = %v, %+v", errors.As(err, &e), e)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "scenarios/x.yaml", Line: 12, Field: "sites.qmc.beds.capacity", Msg: "must be >= 1, got 0"}, "scenarios/x.yaml:12: sites.qmc.beds.capacity: must be >= 1, got 0"},
		{Error{File: "x.yaml", Line: 3, Msg: "did not find expected node content"}, "x.yaml:3: did not find expected node content"},
		{Error{File: "x.yaml", Msg: "no such file or directory"}, "x.yaml: no such file or directory"},
		{Error{Field: "reps", Msg: "must be >= 1, got 0"}, "reps: must be >= 1, got 0"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	errs := Errors{&tests[0].e, &tests[1].e}
	if got, want := errs.Error(), tests[0].want+"\n"+tests[1].want; got != want {
		t.Errorf("Errors.Error() = %q, want %q", got, want)
	}
}

func TestPathString(t *testing.T) {
	tests := []struct {
		p    Path
		want string
	}{
		{Path{"sites", "qmc", "beds", "capacity"}, "sites.qmc.beds.capacity"},
		{Path{"sites", "qmc", "beds", "los", "of", "[1]", "mean"}, "sites.qmc.beds.los.of[1].mean"},
		{Path{"sites", "st.marys"}, `sites."st.marys"`},
		{Path{"sites", ""}, `sites.""`},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%q.String() = %q, want %q", []string(tt.p), got, tt.want)
		}
	}
}

func TestCanonicalJSON(t *testing.T) {
	a, err := LoadBytes("same.yaml", []byte(mmcDoc))
	if err != nil {
		t.Fatal(err)
	}
	// The same scenario written differently: other key order, other units,
	// defaults spelt out, flow style.
	b, err := LoadBytes("other/same.yaml", []byte(`sites: {main: {beds: {when_full: queue, los: {mean: 60m, dist: exponential}, capacity: 5}}}
places: {town: {arrivals: 96/d, sites: {main: 1}}}
warmup: 200h
horizon: 2000h
start: 2025-04-07
reps: 20
seed: 1
name: mmc
`))
	if err != nil {
		t.Fatal(err)
	}
	ha, err := a.SHA256()
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := b.SHA256()
	if ha != hb {
		ja, _ := a.CanonicalJSON()
		jb, _ := b.CanonicalJSON()
		t.Errorf("equal scenarios hash differently:\n%s\n%s", ja, jb)
	}
	j, _ := a.CanonicalJSON()
	want := `{"name":"mmc","start":"2025-04-07","horizon":"2000h","warmup":"200h","reps":20,"seed":1,` +
		`"places":{"town":{"arrivals":"4/h","sites":{"main":1}}},` +
		`"sites":{"main":{"beds":{"capacity":5,"los":{"dist":"exponential","mean":"1h"},"los_scale":1,"when_full":"queue"}}}}`
	if string(j) != want {
		t.Errorf("CanonicalJSON =\n%s\nwant\n%s", j, want)
	}
	c, _ := LoadBytes("c.yaml", []byte(strings.ReplaceAll(mmcDoc, "capacity: 5", "capacity: 6")))
	if hc, _ := c.SHA256(); hc == ha {
		t.Errorf("different scenarios have the same hash")
	}
}

// TestYAMLRoundTrip checks that a loaded scenario written back as YAML
// loads to the same thing, so the resolved scenario can be saved.
func TestYAMLRoundTrip(t *testing.T) {
	doc := withLOS("{dist: mixture, of: [{p: 0.35, dist: fixed, value: 0h}, {p: 0.65, dist: lognormal, mean: 9.1d, sd: 12d}]}")
	s, err := LoadBytes("rt.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadBytes("rt.yaml", out)
	if err != nil {
		t.Fatalf("reloading\n%s: %v", out, err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("YAML round trip changed the scenario:\n%s\n%s", dump(t, s), dump(t, back))
	}
}

func ptr[T any](v T) *T { return &v }

func dump(t *testing.T, s *Scenario) string {
	t.Helper()
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\nsources: " + strings.Join(s.Sources, ", ")
}

func TestSyntaxErrorLines(t *testing.T) {
	tests := []struct {
		doc  string
		want string
	}{
		{"a: [\n", "x.yaml:1: did not find expected node content"},
		{"v:\n- [A,", "x.yaml:2: did not find expected node content"},
		{"a: 1\nb: [1, 2\nc: 3\n", "x.yaml:2: did not find expected ',' or ']'"},
		{"a: 1\n- b\n", "x.yaml:2: did not find expected key"},
		{"a: 1\nb: 2\n c: 3\n", "x.yaml:3: mapping values are not allowed in this context"},
		{"a: 1\r\nb: 2\r\n c: 3\r\n", "x.yaml:3: mapping values are not allowed in this context"},
		{"a: 1\rb: [1, 2\rc: 3\r", "x.yaml:2: did not find expected ',' or ']'"},
		{"a: 1\n\nb: 'abc\n", "x.yaml:3: found unexpected end of stream"},
		{"a: 1\nb: *nope\n", "x.yaml:2: an alias (*name) refers to an anchor (&name) not defined before it"},
		{"a: 1\nb: \x01\n", "x.yaml:2: control characters are not allowed"},
		{"a: 1\nb: \xc3\x28\n", "x.yaml:2: invalid"},
	}
	for _, tt := range tests {
		_, err := LoadBytes("x.yaml", []byte(tt.doc))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("LoadBytes(%q) error = %v, want %q", tt.doc, err, tt.want)
		}
	}
}

// TestSHA256CoversTheCensus: the census file is an input of the run, so
// its bytes are part of the scenario hash even though only its name is in
// the scenario — the bytes as Load read them, framed as they always have
// been (so hashes of runs from a census are unchanged), whatever happens
// to the file afterwards.
func TestSHA256CoversTheCensus(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "s.yaml")
	census := filepath.Join(dir, "today.csv")
	os.WriteFile(main, []byte(mmcDoc+"census: today.csv\n"), 0o644)
	first := "site,days_in_hospital,medically_safe,pathway\nmain,1,no,p0\n"
	os.WriteFile(census, []byte(first), 0o644)
	s, err := Load(main)
	if err != nil {
		t.Fatal(err)
	}
	if s.CensusPath() != census {
		t.Errorf("CensusPath() = %q, want %q", s.CensusPath(), census)
	}
	before, err := s.SHA256()
	if err != nil {
		t.Fatal(err)
	}
	j, _ := s.CanonicalJSON()
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00census\x00%d\x00%s", j, len(first), first)
	if want := hex.EncodeToString(h.Sum(nil)); before != want {
		t.Errorf("SHA256() = %s, want %s (the canonical JSON, then the census framed by its length)", before, want)
	}

	os.WriteFile(census, []byte("site,days_in_hospital,medically_safe,pathway\nmain,2,no,p0\n"), 0o644)
	if again, _ := s.SHA256(); again != before {
		t.Error("changing the census file after Load changed the loaded scenario's hash")
	}
	other, err := Load(main)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := other.SHA256(); after == before {
		t.Error("loading a changed census left the scenario hash unchanged")
	}
	os.Remove(census)
	if _, err := Load(main); err == nil || !strings.Contains(err.Error(), census) {
		t.Errorf("a missing census: Load error %v, want one naming %s", err, census)
	}
}

// TestCensusPathFollowsTheFileThatNamedIt: a census named in a baseline is
// found beside the baseline when an intervention elsewhere extends it, and
// beside the intervention when the intervention names its own (or sets it
// with --set).
func TestCensusPathFollowsTheFileThatNamedIt(t *testing.T) {
	dir := t.TempDir()
	baseDir, altDir := filepath.Join(dir, "base"), filepath.Join(dir, "alt")
	os.MkdirAll(baseDir, 0o755)
	os.MkdirAll(altDir, 0o755)
	base := filepath.Join(baseDir, "baseline.yaml")
	os.WriteFile(base, []byte(mmcDoc+"census: today.csv\n"), 0o644)
	inherits := filepath.Join(altDir, "inherits.yaml")
	os.WriteFile(inherits, []byte("extends: ../base/baseline.yaml\n"), 0o644)
	own := filepath.Join(altDir, "own.yaml")
	os.WriteFile(own, []byte("extends: ../base/baseline.yaml\ncensus: mine.csv\n"), 0o644)
	cases := []struct {
		file string
		set  []Override
		want string
	}{
		{base, nil, filepath.Join(baseDir, "today.csv")},
		{inherits, nil, filepath.Join(baseDir, "today.csv")},
		{own, nil, filepath.Join(altDir, "mine.csv")},
	}
	for _, f := range []string{filepath.Join(baseDir, "today.csv"), filepath.Join(altDir, "mine.csv"), filepath.Join(altDir, "other.csv")} {
		os.WriteFile(f, []byte("site,days_in_unit,medically_safe,pathway\nmain,1,no,p0\n"), 0o644)
	}
	o := Override{Path: Path{"census"}, Value: "other.csv"}
	cases = append(cases, struct {
		file string
		set  []Override
		want string
	}{inherits, []Override{o}, filepath.Join(altDir, "other.csv")})
	for _, c := range cases {
		s, err := LoadWith(c.file, c.set...)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.CensusPath(); got != c.want {
			t.Errorf("%s %v: CensusPath() = %q, want %q", filepath.Base(c.file), c.set, got, c.want)
		}
	}
}

// TestNonScenarioFilesAreNotEchoed: a file that is not a scenario, loaded
// directly or through extends, is refused without its keys or values
// appearing in the message.
func TestNonScenarioFilesAreNotEchoed(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"passwd-like":   "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin\n",
		"secret keys":   "secret_token: hunter6\napi_key: s3cr3t-value\n",
		"a list":        "- hunter6\n- s3cr3t-value\n",
		"unknown alias": "secret_token: *hunter6\n",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			other := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".txt")
			if err := os.WriteFile(other, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			main := filepath.Join(dir, "main-"+strings.ReplaceAll(name, " ", "_")+".yaml")
			if err := os.WriteFile(main, []byte("extends: "+other+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{other, main} {
				_, err := Load(path)
				if err == nil {
					t.Fatalf("%s loaded", path)
				}
				for _, secret := range []string{"hunter6", "s3cr3t", "root:x", "daemon", "secret_token", "api_key"} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("Load(%s): %q repeats %q from the file", filepath.Base(path), err, secret)
					}
				}
				if !strings.Contains(err.Error(), filepath.Base(other)) {
					t.Errorf("Load(%s): %q does not name the file", filepath.Base(path), err)
				}
			}
		})
	}
}
