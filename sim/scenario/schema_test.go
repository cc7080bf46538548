package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	invopop "github.com/invopop/jsonschema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/flowsim/flowsim/sim/scenario/internal/docgen"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite "+shippedSchema+" from Schema")

const (
	// shippedSchema is the schema file editors use.
	shippedSchema = "../../scenarios/flowsim.schema.json"
	// shippedScenarios holds the scenarios the schema must accept.
	shippedScenarios = "../../scenarios"
	// regenerate is how to bring every generated file up to date.
	regenerate = "go generate ./sim/scenario"
)

// TestSchemaDocsUpToDate: schema_docs_gen.go holds the doc comments as
// they are now.
func TestSchemaDocsUpToDate(t *testing.T) {
	want, err := docgen.Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("schema_docs_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schema_docs_gen.go is stale (the doc comments of the scenario types changed): run %s", regenerate)
	}
}

// TestShippedSchemaInSync: scenarios/flowsim.schema.json is what Schema
// writes now, and Schema writes the same bytes every time.
func TestShippedSchemaInSync(t *testing.T) {
	got := schemaBytes(t)
	if again := schemaBytes(t); !bytes.Equal(got, again) {
		t.Fatal("Schema gave different bytes on a second call")
	}
	if *updateSchema {
		if err := os.WriteFile(shippedSchema, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shipped, err := os.ReadFile(shippedSchema)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shipped, got) {
		t.Errorf("scenarios/flowsim.schema.json is stale: run %s (or go test ./sim/scenario -run TestShippedSchemaInSync -update-schema)", regenerate)
	}
}

// TestSchemaRefinementsApply: every refinement in fieldRefinements names a
// field that exists and is not of a type that gives its own schema, so
// none is silently lost when a field is renamed or becomes a typed value.
func TestSchemaRefinementsApply(t *testing.T) {
	_, _, unused, err := buildSchema()
	if err != nil {
		t.Fatal(err)
	}
	if unused != nil {
		t.Errorf("fieldRefinements in schema.go names fields that do not exist or whose type gives its own schema "+
			"(move the rule into the type's JSONSchema method): %s", strings.Join(unused, ", "))
	}
}

// TestSchemaDescribesEveryField: every $defs entry and every property has
// a description, and every property a type, so a field of a new kind cannot
// slip through as "anything" and editors document every key on hover.
func TestSchemaDescribesEveryField(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(schemaBytes(t), &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		def := defs[name].(map[string]any)
		if def["description"] == nil {
			t.Errorf("$defs.%s has no description: give type %s a doc comment", name, strings.TrimSuffix(name, patchSuffix))
		}
		props, _ := def["properties"].(map[string]any)
		for _, key := range slices.Sorted(maps.Keys(props)) {
			p := props[key].(map[string]any)
			if d, _ := p["description"].(string); d == "" {
				t.Errorf("$defs.%s.properties.%s has no description: give the field a doc comment", name, key)
			}
			if p["type"] == nil && p["$ref"] == nil && p["anyOf"] == nil {
				t.Errorf("$defs.%s.properties.%s has no type", name, key)
			}
		}
	}
}

// ownSchemaUnit decodes itself from YAML and gives its schema, as
// Duration does.
type ownSchemaUnit float64

func (*ownSchemaUnit) UnmarshalYAML(*yaml.Node) error { return nil }

func (ownSchemaUnit) JSONSchema() *invopop.Schema {
	return &invopop.Schema{Type: "string", Pattern: "^[0-9]+u$"}
}

// noSchemaUnit decodes itself from YAML but does not say how it is written.
type noSchemaUnit float64

func (*noSchemaUnit) UnmarshalYAML(*yaml.Node) error { return nil }

type withOwnSchemaUnit struct {
	A ownSchemaUnit  `yaml:"a"`
	B *ownSchemaUnit `yaml:"b,omitempty"`
}

type withNoSchemaUnit struct {
	X noSchemaUnit `yaml:"x"`
}

// TestSchemaSelfDecodingTypes: a type that decodes itself gets the schema
// its JSONSchema method gives, with no change to the generator, and no
// refinement of the field; one without that method is refused rather than
// described by its Go kind.
func TestSchemaSelfDecodingTypes(t *testing.T) {
	g := newSchemaGen()
	applied := false
	g.refine = map[string]func(*invopop.Schema){"withOwnSchemaUnit.A": func(*invopop.Schema) { applied = true }}
	defs, err := g.reflect(reflect.TypeFor[withOwnSchemaUnit](), false)
	if err != nil {
		t.Fatal(err)
	}
	if applied || g.used["withOwnSchemaUnit.A"] {
		t.Error("a refinement was applied to a field whose type gives its own schema; it should be reported unused")
	}
	if u := defs["ownSchemaUnit"]; u == nil || u.Type != "string" || u.Pattern != "^[0-9]+u$" {
		t.Errorf("$defs.ownSchemaUnit = %+v, want the schema of its JSONSchema method", u)
	}
	holder := defs["withOwnSchemaUnit"]
	if holder == nil {
		t.Fatal("no $defs.withOwnSchemaUnit")
	}
	if a := holder.Properties.Value("a"); a == nil || a.Ref != "#/$defs/ownSchemaUnit" {
		t.Errorf("a = %+v, want a $ref to ownSchemaUnit", a)
	}
	if b := holder.Properties.Value("b"); b == nil || len(b.AnyOf) != 2 || b.AnyOf[0].Ref != "#/$defs/ownSchemaUnit" || b.AnyOf[1].Type != "null" {
		t.Errorf("b = %+v, want ownSchemaUnit or null", b)
	}
	if !slices.Equal(holder.Required, []string{"a"}) {
		t.Errorf("required = %v, want [a]", holder.Required)
	}

	_, err = newSchemaGen().reflect(reflect.TypeFor[withNoSchemaUnit](), false)
	if err == nil || !strings.Contains(err.Error(), "noSchemaUnit") || !strings.Contains(err.Error(), "JSONSchema()") {
		t.Errorf("a self-decoding type without JSONSchema: got %v, want an error naming the type and the method", err)
	}
}

// TestShippedScenariosMatchSchema: every shipped scenario names the schema
// on its first line and validates against it, both as written (a file
// with extends: as a partial scenario) and resolved by the loader. A YAML
// file under scenarios/ none of whose top-level keys is a scenario field
// (such as notts/targets.yaml) is some other kind of file, and skipped.
func TestShippedScenariosMatchSchema(t *testing.T) {
	v := newSchemaValidator(t, schemaBytes(t))
	absSchema, err := filepath.Abs(shippedSchema)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	err = filepath.WalkDir(shippedScenarios, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no scenarios under %s", shippedScenarios)
	}
	for _, path := range files {
		t.Run(strings.TrimPrefix(filepath.ToSlash(path), "../../"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := yamlDocument(data)
			if err != nil {
				t.Fatal(err)
			}
			if !looksLikeScenario(raw) {
				t.Skip("not a scenario: no top-level key is a scenario field")
			}
			first, _, _ := strings.Cut(string(data), "\n")
			rel, err := filepath.Rel(filepath.Dir(path), shippedSchema)
			if err != nil {
				t.Fatal(err)
			}
			modeline := "# yaml-language-server: $schema=" + filepath.ToSlash(rel)
			if target, ok := strings.CutPrefix(first, "# yaml-language-server: $schema="); !ok {
				t.Errorf("first line is %q, want %q, so that editors find the schema", first, modeline)
			} else if abs, _ := filepath.Abs(filepath.Join(filepath.Dir(path), target)); abs != absSchema {
				t.Errorf("first line names %s, which is not scenarios/flowsim.schema.json; want %q", target, modeline)
			}

			for _, e := range v.validate(raw) {
				t.Errorf("as written: %s", e)
			}

			s, err := Load(path)
			if err != nil {
				t.Fatalf("does not load: %v", err)
			}
			b, err := s.CanonicalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var resolved any
			if err := json.Unmarshal(b, &resolved); err != nil {
				t.Fatal(err)
			}
			for _, e := range v.validate(resolved) {
				t.Errorf("resolved (CanonicalJSON): %s", e)
			}
		})
	}
}

// looksLikeScenario reports whether doc is a mapping with at least one
// key, other than extends, that names a field of Scenario.
func looksLikeScenario(doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	for _, fi := range (&decoder{}).fieldsOf(reflect.TypeFor[Scenario]()).order {
		// extends: alone says nothing: priors and targets files extend
		// their own kind.
		if _, ok := m[fi.name]; ok && fi.name != "extends" {
			return true
		}
	}
	return false
}

// schemaBase is a valid scenario the cases below change.
const schemaBase = `places:
  town: {arrivals: 4/h}
sites:
  main:
    beds:
      capacity: 5
      los: {dist: exponential, mean: 1h}
`

// TestSchemaAgreesWithLoader: the schema accepts and rejects what the
// loader does, file by file, for everything the loader checks while
// decoding (keys, types, units, required fields) and the lists the schema
// knows (distributions and their parameters, when_full, key spellings).
// The last cases are the known differences: checks left to Validate, and
// the schema wanting text where the loader takes any scalar.
func TestSchemaAgreesWithLoader(t *testing.T) {
	v := newSchemaValidator(t, schemaBytes(t))
	site := func(beds string) string {
		return "places:\n  town: {arrivals: 4/h}\nsites:\n  main:\n    beds: " + beds + "\n"
	}
	los := func(dist string) string { return site("{capacity: 5, los: " + dist + "}") }
	over := func(s string) string { return "extends: base.yaml\n" + s }
	for _, c := range []struct {
		name           string
		main           string
		loader, schema bool
	}{
		{"base", schemaBase, true, true},
		{"every top-level field", "extends: ~\nname: x\ndescription: y\nstart: 2025-01-06\nhorizon: 6.5d\nwarmup: 30m\nreps: 5\nseed: 7\n" + schemaBase, true, true},
		{"null optional field", "warmup: ~\n" + schemaBase, true, true},
		{"zero duration", "warmup: 0\n" + schemaBase, true, true},
		{"zero duration as float", "warmup: 0.0\n" + schemaBase, true, true},
		{"zero duration quoted", "warmup: \"0\"\n" + schemaBase, true, true},
		{"duration with space", "horizon: 10 d\n" + schemaBase, true, true},
		{"rate per day", "places:\n  town: {arrivals: 80/day}\n" + schemaBase[strings.Index(schemaBase, "sites:"):], true, true},
		{"whole float count", site("{capacity: 5.0, los: {dist: fixed, value: 1h}}"), true, true},
		{"lognormal by median", los("{dist: lognormal, median: 5d, p95: 30d}"), true, true},
		{"mixture", los("{dist: mixture, of: [{p: 0.35, dist: fixed, value: 0h}, {p: 0.65, dist: lognormal, mean: 9.1d, sd: 12d}]}"), true, true},
		{"empirical", los("{dist: empirical, samples: [0, 4h, 1d, 2.5d, 2w]}"), true, true},
		{"erlang", los("{dist: erlang, k: 3, mean: 2d}"), true, true},
		{"anchors and aliases", "places:\n  town: {arrivals: 4/h, sites: {main: 0.5, other: 0.5}}\nsites:\n  main: {beds: &b {capacity: 5, los: {dist: fixed, value: 1h}}}\n  other: {beds: *b}\n", true, true},
		{"merge key", "places:\n  town: {arrivals: 4/h}\nsites:\n  main:\n    beds: {capacity: 5, los: {<<: {dist: fixed}, value: 1h}}\n", true, true},

		{"unknown top-level key", "horizn: 10d\n" + schemaBase, false, false},
		{"unknown nested key", site("{capacity: 5, capacty: 5, los: {dist: fixed, value: 1h}}"), false, false},
		{"missing required field", "places:\n  town: {arrivals: 4/h}\n", false, false},
		{"missing dist", los("{mean: 1h}"), false, false},
		{"null required field", site("{capacity: ~, los: {dist: fixed, value: 1h}}"), false, false},
		{"null map value", schemaBase + "  other: ~\n", false, false},
		{"duration without unit", "horizon: 400\n" + schemaBase, false, false},
		{"duration with unknown unit", "horizon: 4y\n" + schemaBase, false, false},
		{"duration in capitals", "horizon: 4H\n" + schemaBase, false, false},
		{"duration not a number", "horizon: lots\n" + schemaBase, false, false},
		{"distribution parameter without unit", los("{dist: exponential, mean: 4}"), false, false},
		{"rate without unit", "places:\n  town: {arrivals: 4}\n" + schemaBase[strings.Index(schemaBase, "sites:"):], false, false},
		{"rate with unknown period", "places:\n  town: {arrivals: 4/x}\n" + schemaBase[strings.Index(schemaBase, "sites:"):], false, false},
		{"bad date", "start: 2025-13-01\n" + schemaBase, false, false},
		{"short date", "start: 2025-4-7\n" + schemaBase, false, false},
		{"text for a count", site("{capacity: five, los: {dist: fixed, value: 1h}}"), false, false},
		{"fraction for a count", site("{capacity: 4.5, los: {dist: fixed, value: 1h}}"), false, false},
		{"negative seed", "seed: -1\n" + schemaBase, false, false},
		{"list for a mapping", site("[5]"), false, false},
		{"unknown distribution", los("{dist: expo, mean: 1h}"), false, false},
		{"parameter the distribution does not take", los("{dist: exponential, mean: 1h, sd: 1h}"), false, false},
		{"unknown when_full", site("{capacity: 5, los: {dist: fixed, value: 1h}, when_full: divert}"), false, false},
		{"site key all", strings.Replace(schemaBase, "main:", "all:", 1), false, false},
		{"site key with a space", strings.Replace(schemaBase, "main:", "st mary:", 1), false, false},
		{"place key with a dot", strings.Replace(schemaBase, "town:", "a.b:", 1), false, false},
		{"capacity 0", site("{capacity: 0, los: {dist: fixed, value: 1h}}"), false, false},
		{"capacity a billion", site("{capacity: 1000000000, los: {dist: fixed, value: 1h}}"), false, false},
		{"reps a billion", "reps: 1000000000\n" + schemaBase, false, false},
		{"erlang k a billion", los("{dist: erlang, k: 1000000000, mean: 2d}"), false, false},
		{"profile weight 1e308", "arrival_profile: {weekday: [1, 1, 1, 1, 1, 1, 1e308]}\n" + schemaBase, false, false},
		{"hub on six days", site("{capacity: 5, los: {dist: fixed, value: 1h}}") + "    hub: {days: 6, assessment: {dist: fixed, value: 1h}, staff: 1}\n", false, false},
		{"hub on five days", site("{capacity: 5, los: {dist: fixed, value: 1h}}") + "    hub: {days: 5, assessment: {dist: fixed, value: 1h}, staff: 1}\n", true, true},
		{"unknown weekday", site("{capacity: 5, los: {dist: fixed, value: 1h}, schedule: [{days: [funday], capacity: 3}]}"), false, false},
		{"unknown SDEC when_full", site("{capacity: 5, los: {dist: fixed, value: 1h}}") + "    sdec: {chairs: 2, episode: {dist: fixed, value: 4h}, same_day: 0.5, when_full: queue}\n", false, false},
		{"SDEC when_full wait", site("{capacity: 5, los: {dist: fixed, value: 1h}}") + "    sdec: {chairs: 2, episode: {dist: fixed, value: 4h}, same_day: 0.5, when_full: wait}\n", true, true},
		{"unknown electives when_full", site("{capacity: 5, los: {dist: fixed, value: 1h}}") + "    electives: {arrivals: 1/h, los: {dist: fixed, value: 1d}, when_full: lost}\n", false, false},
		{"los_scale 0", site("{capacity: 5, los: {dist: fixed, value: 1h}, los_scale: 0}"), false, false},
		{"los_scale 11", site("{capacity: 5, los: {dist: fixed, value: 1h}, los_scale: 11}"), false, false},
		{"los_scale 10", site("{capacity: 5, los: {dist: fixed, value: 1h}, los_scale: 10}"), true, true},
		{"gamma shape 0", los("{dist: gamma, shape: 0, scale: 1d}"), false, false},
		{"gamma shape 1e7", los("{dist: gamma, shape: 1e7, scale: 1d}"), false, false},
		{"schedule of 1001 rules", site("{capacity: 5, los: {dist: fixed, value: 1h}, schedule: [" + strings.Repeat("{capacity: 3}, ", 1000) + "{capacity: 3}]}"), false, false},
		{"mixture of 101 components", los("{dist: mixture, of: [" + strings.Repeat("{p: 0.01, dist: fixed, value: 1h}, ", 100) + "{p: 0, dist: fixed, value: 1h}]}"), false, false},
		{"201 sites", manySites(201), false, false},
		{"200 sites", manySites(200), true, true},

		{"override", over("sites: {main: {beds: {capacity: 6}}}\n"), true, true},
		{"override switching distribution", over("sites: {main: {beds: {los: {dist: fixed, value: 1h, mean: ~}}}}\n"), true, true},
		{"override deleting a site", over("sites:\n  main: ~\n  other: {beds: {capacity: 3, los: {dist: fixed, value: 1h}}}\n"), true, true},
		{"override with unknown key", over("sites: {main: {beds: {capacty: 6}}}\n"), false, false},
		{"override with bad duration", over("horizon: 400\n"), false, false},
		{"override with unknown distribution", over("sites: {main: {beds: {los: {dist: expo}}}}\n"), false, false},
		{"override with incomplete list item", over("sites: {main: {beds: {los: {dist: mixture, mean: ~, of: [{dist: fixed, value: 1h}]}}}}\n"), false, false},

		// Checks left to Validate: the schema accepts these.
		{"negative duration", los("{dist: exponential, mean: -1h}"), false, true},
		{"shares not summing to 1", "places:\n  town: {arrivals: 4/h, sites: {main: 0.9}}\n" + schemaBase[strings.Index(schemaBase, "sites:"):], false, true},
		{"override adding a parameter the inherited distribution does not take", over("sites: {main: {beds: {los: {sd: 1h}}}}\n"), false, true},
		// The loader takes any scalar as text; the schema wants a string,
		// which editors then complete as text.
		{"number as text", "name: 2025\n" + schemaBase, true, false},
		// Weekday names are matched regardless of case and spaces; the
		// schema lists them as the loader writes them, for completion.
		{"weekday in capitals", site("{capacity: 5, los: {dist: fixed, value: 1h}, schedule: [{days: [Sat], capacity: 3}]}"), true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range map[string]string{"base.yaml": schemaBase, "main.yaml": c.main} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(filepath.Join(dir, "main.yaml"))
			if loaderOK := err == nil; loaderOK != c.loader {
				t.Errorf("loader accepts: %v, want %v (%v)", loaderOK, c.loader, err)
			}
			doc, err := yamlDocument([]byte(c.main))
			if err != nil {
				t.Fatal(err)
			}
			errs := v.validate(doc)
			if schemaOK := len(errs) == 0; schemaOK != c.schema {
				t.Errorf("schema accepts: %v, want %v %q", schemaOK, c.schema, errs)
			}
		})
	}
}

// manySites returns a scenario with n sites, each with a share of the one
// place's arrivals.
func manySites(n int) string {
	var shares, sites strings.Builder
	for i := range n {
		fmt.Fprintf(&shares, "s%d: %g, ", i, 1/float64(n))
		fmt.Fprintf(&sites, "  s%d: {beds: {capacity: 1, los: {dist: fixed, value: 1h}}}\n", i)
	}
	return "places:\n  town: {arrivals: 4/h, sites: {" + strings.TrimSuffix(shares.String(), ", ") + "}}\nsites:\n" + sites.String()
}

// TestSchemaKeyRule: the pattern for place, site, cohort and virtual-ward
// keys accepts what the validator does, and rejects what it rejects as far
// as ASCII goes (the pattern lets all non-ASCII characters through).
func TestSchemaKeyRule(t *testing.T) {
	v := newSchemaValidator(t, schemaBytes(t))
	props := v.root.(map[string]any)["$defs"].(map[string]any)["Scenario"].(map[string]any)["properties"].(map[string]any)
	for what, key := range map[string]string{"place": "places", "site": "sites", "cohort": "cohorts", "virtual ward": "virtual_wards"} {
		p, ok := props[key].(map[string]any)
		if !ok {
			t.Errorf("Scenario has no %s", key)
			continue
		}
		if _, ok := p["propertyNames"]; !ok {
			t.Errorf("%s has no propertyNames", key)
			continue
		}
		for _, k := range []string{"qmc", "kings-mill", "city_2", "Città", "Ωmega", "٣", "½", "a.b", "a b", "x/y", "", "all", "All", "_", "a:b", "a@b", "a[0]", "a^b", "a`b", "a{b}", "a~b", "a\x7f", "a\tb", "🏥", "a,b", "Z-9_z"} {
			val := &validator{}
			val.key(Path{key, k}, what)
			valid, accepted := len(val.errs) == 0, len(v.validateAt(t, "/$defs/Scenario/properties/"+key+"/propertyNames", k)) == 0
			if accepted != valid && (valid || isASCII(k)) {
				t.Errorf("%s key %q: schema accepts: %v, validator: %v", what, k, accepted, valid)
			}
		}
	}
}

// TestSchemaUnitPatterns: the duration, rate and date patterns accept
// exactly what the parsers do.
func TestSchemaUnitPatterns(t *testing.T) {
	v := newSchemaValidator(t, schemaBytes(t))
	for _, c := range []struct {
		def    string
		parse  func(string) error
		inputs []string
	}{
		{"Duration", func(s string) error { _, err := ParseDuration(s); return err }, []string{
			"0", "-0", "0.0", ".0", "0e5", "00", "4h", "30m", "6.5d", "2w", "1e3h", "1E-2d", ".5d", "5.h", "-4h",
			"+4h", " 4 h ", "4", "4x", "4H", "4hh", "h", "", " ", "4 /h", "1eh", "inf", "nanh", "0x10h", "1_000h", "4 h d",
		}},
		{"Rate", func(s string) error { _, err := ParseRate(s); return err }, []string{
			"0", "4/h", "96/d", "672/w", "29273/y", "80/day", "1/hour", "2/week", "3/year", "4 / h", "1.5e2/d",
			"4", "4/", "/h", "4/x", "4/H", "4h", "4/hours", "4//h",
		}},
		{"Date", func(s string) error { _, err := ParseDate(s); return err }, []string{
			"2025-04-07", "1999-12-31", " 2025-04-07", "2025-4-7", "2025-13-01", "2025-00-10", "2025-01-32", "25-01-01", "2025/01/01", "",
		}},
	} {
		for _, in := range c.inputs {
			want := c.parse(in) == nil
			if got := len(v.validateAt(t, "/$defs/"+c.def, in)) == 0; got != want {
				t.Errorf("%s %q: schema accepts: %v, parser: %v", c.def, in, got, want)
			}
		}
	}
}

// TestSchemaMessages: the messages for editors are the loader's own.
func TestSchemaMessages(t *testing.T) {
	for _, want := range []string{
		`"errorMessage": "missing unit: write 4h, 30m or 6.5d"`,
		`"errorMessage": "missing unit: write 4/h, 96/d or 29273/y"`,
		`"patternErrorMessage": "want YYYY-MM-DD, e.g. 2025-04-07"`,
		`"errorMessage": "exponential does not take sd (it takes mean)"`,
		`"patternErrorMessage": "a site key may use only letters, digits, _ and -"`,
	} {
		if !bytes.Contains(schemaBytes(t), []byte(want)) {
			t.Errorf("schema lacks %s", want)
		}
	}
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func schemaBytes(t *testing.T) []byte {
	t.Helper()
	b, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// yamlDocument returns a YAML file as the JSON value an editor validates:
// mappings, lists, strings, float64 numbers, booleans and nil, with aliases
// and << merge keys applied. Dates stay strings, as in YAML 1.2.
func yamlDocument(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return yamlValue(doc.Content[0])
}

func yamlValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := yamlValue(c)
			if err != nil {
				return nil, err
			}
			list[i] = v
		}
		return list, nil
	case yaml.MappingNode:
		m := map[string]any{}
		var merges []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.ShortTag() == "!!merge" {
				merges = append(merges, val)
				continue
			}
			v, err := yamlValue(val)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		for _, mn := range merges {
			v, err := yamlValue(mn)
			if err != nil {
				return nil, err
			}
			sources, ok := v.([]any)
			if !ok {
				sources = []any{v}
			}
			for _, src := range sources {
				sm, ok := src.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("line %d: << merges a non-mapping", mn.Line)
				}
				for k, x := range sm {
					if _, set := m[k]; !set {
						m[k] = x
					}
				}
			}
		}
		return m, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int", "!!float":
			var f float64
			err := n.Decode(&f)
			return f, err
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// schemaURL is the address under which the tests compile the schema.
const schemaURL = "file:///flowsim.schema.json"

// schemaValidator checks JSON values against the schema with
// github.com/santhosh-tekuri/jsonschema, a validator of the full draft
// 2020-12 (which also checks the schema itself against the draft's
// meta-schema). root is the schema as JSON, for tests that look into it.
type schemaValidator struct {
	root     any
	compiler *jsonschema.Compiler
	full     *jsonschema.Schema
}

func newSchemaValidator(t *testing.T, schema []byte) *schemaValidator {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	v := &schemaValidator{root: doc, compiler: jsonschema.NewCompiler()}
	if err := v.compiler.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	if v.full, err = v.compiler.Compile(schemaURL); err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return v
}

// validate checks a document against the whole schema and returns the
// problems, or nil.
func (v *schemaValidator) validate(doc any) []string { return problems(v.full.Validate(doc)) }

// validateAt checks inst against the part of the schema at JSON pointer
// ptr, such as "/$defs/Duration".
func (v *schemaValidator) validateAt(t *testing.T, ptr string, inst any) []string {
	t.Helper()
	sch, err := v.compiler.Compile(schemaURL + "#" + ptr)
	if err != nil {
		t.Fatalf("%s: %v", ptr, err)
	}
	return problems(sch.Validate(inst))
}

// problems returns the leaves of a validation error, each with the
// location of the value concerned, or nil if err is nil.
func problems(err error) []string {
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{err.Error()}
	}
	var out []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, "/"+strings.Join(e.InstanceLocation, "/")+": "+e.ErrorKind.LocalizedString(message.NewPrinter(language.English)))
		}
		for _, c := range e.Causes {
			leaves(c)
		}
	}
	leaves(ve)
	return out
}
