package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const overrideBase = `name: ward
horizon: 30d
places:
  town: {arrivals: 4/h}
sites:
  main:
    beds:
      capacity: 5
      los:
        dist: mixture
        of:
          - {p: 0.25, dist: fixed, value: 2h}
          - {p: 0.75, dist: exponential, mean: 1h}
`

// overrideDir writes base.yaml (overrideBase) and files into a temporary
// directory.
func overrideDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["base.yaml"] = overrideBase
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustPath(t *testing.T, s string) Path {
	t.Helper()
	p, err := ParsePath(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadWithOverrides(t *testing.T) {
	dir := overrideDir(t, map[string]string{
		"alt.yaml": "extends: base.yaml\nsites: {main: {beds: {capacity: 7}}}\n",
	})
	base := filepath.Join(dir, "base.yaml")
	set := func(path, value string) Override { return Override{Path: mustPath(t, path), Value: value} }
	cases := []struct {
		name  string
		file  string
		sets  []Override
		check func(t *testing.T, s *Scenario)
	}{
		{"scalar", base, []Override{set("sites.main.beds.capacity", "9")}, func(t *testing.T, s *Scenario) {
			if s.Sites["main"].Beds.Capacity != 9 {
				t.Errorf("capacity = %d, want 9", s.Sites["main"].Beds.Capacity)
			}
		}},
		{"top level with units", base, []Override{set("horizon", "60d"), set("places.town.arrivals", "96/d")}, func(t *testing.T, s *Scenario) {
			if s.Horizon != 60*24 || s.Places["town"].Arrivals != 4 {
				t.Errorf("horizon %v, arrivals %v; want 1440h and 4/h", s.Horizon, s.Places["town"].Arrivals)
			}
		}},
		{"list item field", base, []Override{set("sites.main.beds.los.of[1].mean", "3h")}, func(t *testing.T, s *Scenario) {
			of := s.Sites["main"].Beds.LOS.Of
			if len(of) != 2 || *of[1].Mean != 3 || *of[0].Value != 2 || of[0].P != 0.25 {
				t.Errorf("mixture = %+v, want the second mean 3h and the rest kept", of)
			}
		}},
		{"index as a plain number", base, []Override{set("sites.main.beds.los.of.0.value", "4h")}, func(t *testing.T, s *Scenario) {
			if of := s.Sites["main"].Beds.LOS.Of; *of[0].Value != 4 || *of[1].Mean != 1 {
				t.Errorf("mixture = %+v", of)
			}
		}},
		{"mapping replaces, not merges", base, []Override{set("sites.main.beds.los", "{dist: lognormal, median: 2h, p95: 9h}")}, func(t *testing.T, s *Scenario) {
			los := s.Sites["main"].Beds.LOS
			if los.Type != "lognormal" || los.Of != nil || *los.Median != 2 {
				t.Errorf("los = %+v, want lognormal alone", los)
			}
		}},
		{"two on one list", base, []Override{set("sites.main.beds.los.of[0].p", "0.5"), set("sites.main.beds.los.of[1].p", "0.5")}, func(t *testing.T, s *Scenario) {
			if of := s.Sites["main"].Beds.LOS.Of; of[0].P != 0.5 || of[1].P != 0.5 {
				t.Errorf("mixture = %+v", of)
			}
		}},
		{"later wins", base, []Override{set("sites.main.beds.capacity", "9"), set("sites.main.beds.capacity", "11")}, func(t *testing.T, s *Scenario) {
			if s.Sites["main"].Beds.Capacity != 11 {
				t.Errorf("capacity = %d, want 11", s.Sites["main"].Beds.Capacity)
			}
		}},
		{"absent optional field", base, []Override{set("sites.main.beds.when_full", "lost")}, func(t *testing.T, s *Scenario) {
			if s.Sites["main"].Beds.WhenFull != WhenFullLost {
				t.Errorf("when_full = %q", s.Sites["main"].Beds.WhenFull)
			}
		}},
		{"null restores the default", base, []Override{set("horizon", "~")}, func(t *testing.T, s *Scenario) {
			if s.Horizon != 365*24 {
				t.Errorf("horizon = %v, want the default 365d", s.Horizon)
			}
		}},
		{"a file that extends", filepath.Join(dir, "alt.yaml"), []Override{set("sites.main.beds.los.of[1].mean", "5h")}, func(t *testing.T, s *Scenario) {
			if s.Name != "alt" || s.Sites["main"].Beds.Capacity != 7 || *s.Sites["main"].Beds.LOS.Of[1].Mean != 5 {
				t.Errorf("name %q, capacity %d: want alt's own name and capacity", s.Name, s.Sites["main"].Beds.Capacity)
			}
			if len(s.Sources) != 2 || !strings.HasSuffix(s.Sources[1], "alt.yaml") {
				t.Errorf("sources = %v, want base.yaml then alt.yaml", s.Sources)
			}
		}},
		{"name", base, []Override{set("name", "renamed")}, func(t *testing.T, s *Scenario) {
			if s.Name != "renamed" {
				t.Errorf("name = %q", s.Name)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := LoadWith(tc.file, tc.sets...)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, s)
			plain, _ := Load(tc.file)
			if s.Name != plain.Name && tc.name != "name" {
				t.Errorf("name %q, want the file's %q", s.Name, plain.Name)
			}
		})
	}
	// Without overrides LoadWith is Load.
	a, err1 := LoadWith(base)
	b, err2 := Load(base)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("LoadWith without overrides differs from Load")
	}
}

func TestOverrideChangesOnlyWhatItSets(t *testing.T) {
	dir := overrideDir(t, map[string]string{})
	base := filepath.Join(dir, "base.yaml")
	want, _ := Load(base)
	want.Sites["main"].Beds.Capacity = 6
	got, err := LoadWith(base, Override{Path: mustPath(t, "sites.main.beds.capacity"), Value: "6"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := got.CanonicalJSON()
	b, _ := want.CanonicalJSON()
	if string(a) != string(b) {
		t.Errorf("override changed more than capacity:\n%s\n%s", a, b)
	}
}

func TestOverrideErrors(t *testing.T) {
	dir := overrideDir(t, map[string]string{})
	base := filepath.Join(dir, "base.yaml")
	cases := []struct {
		path, value string
		want        string
	}{
		{"sites.mian.beds.capacity", "4", `--set: sites.mian.beds.capacity: sites has no entry "mian" (it has: main)`},
		{"sites.main.beds.capcity", "4", `--set: sites.main.beds.capcity: sites.main.beds has no field "capcity" (did you mean "capacity"?)`},
		{"sites.main.beds.capacity.max", "4", `--set: sites.main.beds.capacity.max: sites.main.beds.capacity is a single value (5), so it has no "max"`},
		{"horizon.days", "4", `--set: horizon.days: horizon is a single value ("30d"), so it has no "days"`},
		{"sites.main.beds.los.of[2].p", "1", `--set: sites.main.beds.los.of[2].p: sites.main.beds.los.of has 2 items, so [2] is out of range`},
		{"sites.main.beds.los.of.first", "1", `sites.main.beds.los.of is a list; want an index such as [0], got "first"`},
		{"hoizon", "4d", `--set: hoizon: the scenario has no field "hoizon" (did you mean "horizon"?)`},
		{"extends", "x.yaml", "extends cannot be overridden"},
		{"sites.main.beds.capacity", "[1, 2", "is not YAML"},
		// Problems in the new value are the loader's (its wording is its
		// own), blamed on the --set.
		{"sites.main.beds.capacity", "0", "--set sites.main.beds.capacity=0: sites.main.beds.capacity: "},
		{"sites.main.beds.capacity", "many", `--set sites.main.beds.capacity=many: sites.main.beds.capacity: `},
		{"sites.main.beds.los", "{dist: fixed}", "--set sites.main.beds.los={dist: fixed}: sites.main.beds.los"},
		{"sites.main.beds.los.of[0].p", "0.9", "--set sites.main.beds.los.of[0].p=0.9: sites.main.beds.los.of"},
	}
	for _, tc := range cases {
		t.Run(tc.path+"="+tc.value, func(t *testing.T) {
			_, err := LoadWith(base, Override{Path: mustPath(t, tc.path), Value: tc.value})
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("err = %v (%T), want Errors", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n  %s\nwant it to contain:\n  %s", err, tc.want)
			}
			if strings.Contains(err.Error(), dir) && !strings.Contains(tc.want, "base.yaml") {
				for _, e := range es {
					if strings.Contains(e.File, overrideFile) && strings.Contains(e.File, dir) {
						t.Errorf("message names the synthetic file: %s", e)
					}
				}
			}
		})
	}
}

// TestOverrideKeepsFileLines: a problem the override causes elsewhere is
// still reported at its own file and line.
func TestOverrideKeepsFileLines(t *testing.T) {
	dir := overrideDir(t, map[string]string{})
	base := filepath.Join(dir, "base.yaml")
	// A second site leaves the place (line 4) without shares for two sites.
	_, err := LoadWith(base, Override{Path: mustPath(t, "sites.other"),
		Value: "{beds: {capacity: 2, los: {dist: fixed, value: 1h}}}"})
	if err == nil {
		t.Fatal("want an error about places.town.sites")
	}
	if msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""); !strings.Contains(msg, "base.yaml:4: places.town") {
		t.Errorf("error %q, want it at base.yaml:4: places.town…", msg)
	}
}

func TestParsePath(t *testing.T) {
	for in, want := range map[string]Path{
		"horizon":                          {"horizon"},
		"sites.qmc.beds.capacity":          {"sites", "qmc", "beds", "capacity"},
		"sites.qmc.beds.los.of[1].mean":    {"sites", "qmc", "beds", "los", "of", "[1]", "mean"},
		`sites."king's mill.2".beds`:       {"sites", "king's mill.2", "beds"},
		"a.b[0][2]":                        {"a", "b", "[0]", "[2]"},
		"sites.qmc.beds.los.of.1.mean":     {"sites", "qmc", "beds", "los", "of", "1", "mean"},
		`cohorts."65+ frail".pathways.p2`:  {"cohorts", "65+ frail", "pathways", "p2"},
		"sites.kings_mill.sdec.chairs":     {"sites", "kings_mill", "sdec", "chairs"},
		"virtual_wards.notts.capacity[0]":  {"virtual_wards", "notts", "capacity", "[0]"},
		"places.city.sites.qmc":            {"places", "city", "sites", "qmc"},
		"sites.qmc.beds.schedule[0].hours": {"sites", "qmc", "beds", "schedule", "[0]", "hours"},
	} {
		got, err := ParsePath(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParsePath(%q) = %q, %v; want %q", in, got, err, want)
		}
		if err == nil && !strings.Contains(in, ".1.") {
			if back, _ := ParsePath(got.String()); !reflect.DeepEqual(back, got) {
				t.Errorf("%q does not survive String and back: %q", in, back)
			}
		}
	}
	for _, bad := range []string{"", ".a", "a.", "a..b", "[0]", "a[x]", "a[1", `a."b`, "a]b", `"a"b`} {
		if p, err := ParsePath(bad); err == nil {
			t.Errorf("ParsePath(%q) = %q, want an error", bad, p)
		}
	}
}

func TestParseSweep(t *testing.T) {
	cases := []struct {
		in     string
		path   string
		values []string
	}{
		{"sites.main.beds.capacity=4,5,6", "sites.main.beds.capacity", []string{"4", "5", "6"}},
		{"sites.main.beds.capacity = 4 , 5", "sites.main.beds.capacity", []string{"4", "5"}},
		{"horizon=30d", "horizon", []string{"30d"}},
		{"sites.main.beds.los={dist: fixed, value: 1d},{dist: fixed, value: 2d}", "sites.main.beds.los",
			[]string{"{dist: fixed, value: 1d}", "{dist: fixed, value: 2d}"}},
		{`name="a,b",'c,d',e`, "name", []string{`"a,b"`, `'c,d'`, "e"}},
		{"a.b=[1, 2],[3]", "a.b", []string{"[1, 2]", "[3]"}},
	}
	for _, tc := range cases {
		p, vs, err := ParseSweep(tc.in)
		if err != nil || p.String() != tc.path || !reflect.DeepEqual(vs, tc.values) {
			t.Errorf("ParseSweep(%q) = %s, %q, %v; want %s, %q", tc.in, p, vs, err, tc.path, tc.values)
		}
	}
	for _, bad := range []string{"capacity", "=4", "a=", "a=1,,2", "a=1,", "a={x: 1", `a="x`} {
		if _, _, err := ParseSweep(bad); err == nil {
			t.Errorf("ParseSweep(%q) accepted", bad)
		}
	}
}

func TestParseOverride(t *testing.T) {
	o, err := ParseOverride(" sites.qmc.beds.capacity = 12 ")
	if err != nil || o.Path.String() != "sites.qmc.beds.capacity" || o.Value != "12" {
		t.Errorf("ParseOverride = %v, %v", o, err)
	}
	if _, err := ParseOverride("sites.qmc.beds.capacity"); err == nil || !strings.Contains(err.Error(), "want PATH=VALUE") {
		t.Errorf("no =: %v", err)
	}
	if _, err := ParseOverride("=12"); err == nil {
		t.Error("an empty path was accepted")
	}
}
