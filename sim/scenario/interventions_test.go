package scenario

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The shipped interventions state numbers derived from the baseline they
// extend ("baseline 106 x 1.15 = 121.9, rounded"). When the baseline is
// refitted such a number goes stale silently: the file still validates and
// still runs, but "15% more p2/p3" quietly becomes 22% more. The two tests
// below make the derivations machine-checked: the comment beside a derived
// value is a rule, and a combination (combined.yaml) is checked against the
// files it names, so neither needs a list of expected values that would go
// stale in turn.

// ruleRE matches a derivation in a line comment:
//
//	baseline [PATH] BASE[UNIT] OP OPERAND [= RESULT]
//
// PATH is the value's path in the base scenario (the value's own path when
// absent), BASE the base value as it is there, UNIT its unit as written in
// scenario files (h, d, /d; none for counts), OP one of x (times), + or -,
// OPERAND a decimal or a fraction such as 5/7, and RESULT, when given, the
// exact result to the precision written.
var ruleRE = regexp.MustCompile(`\bbaseline\s+(?:([a-z_][a-z0-9_.\[\]]*)\s+)?(-?\d+(?:\.\d+)?)([a-z/]*)\s*(x|×|\+|-)\s*(\d+(?:\.\d+)?(?:/\d+)?)(?:\s*=\s*(-?\d+(?:\.\d+)?))?`)

// rule is one derivation found in an intervention file.
type rule struct {
	file    string
	line    int
	path    string // of the derived value, in the intervention
	value   string // the derived value as written, unit included
	base    string // path of the base value in the base scenario
	baseNum string // the base value as the comment states it
	unit    string // the unit of both
	op      string
	operand string
	result  string // the stated exact result, or ""
	comment string
}

func (r rule) String() string { return fmt.Sprintf("%s:%d %s", r.file, r.line, r.path) }

// shippedFile is one scenario file under scenarios/, parsed but not merged.
type shippedFile struct {
	path    string
	root    *yaml.Node // the file's top-level mapping
	extends string     // the base file's path, or "" for a base
}

// shippedFiles reads every scenario file under scenarios/*/ (other YAML
// files there, such as calibration targets, are not scenarios and lack
// the keys a scenario has; they are skipped as Load's callers skip them).
func shippedFiles(t *testing.T) []shippedFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "scenarios", "*", "*.yaml"))
	if err != nil || len(paths) < 3 {
		t.Fatalf("found %d shipped scenarios (%v)", len(paths), err)
	}
	var out []shippedFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(doc.Content) == 0 || !hasScenarioKey(doc.Content[0]) {
			continue
		}
		f := shippedFile{path: p, root: doc.Content[0]}
		if ext := child(f.root, "extends"); ext != nil {
			f.extends = filepath.Join(filepath.Dir(p), ext.Value)
		}
		out = append(out, f)
	}
	return out
}

// visit calls fn for every value node under n with its path as Path.String
// writes it (keys joined by dots, list items as [i]).
func visit(n *yaml.Node, path string, fn func(path string, n *yaml.Node)) {
	fn(path, n)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			visit(n.Content[i+1], p, fn)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			visit(c, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

// lineComments returns the line comment of each value node under root
// (with its key's, where the comment sits on the key).
func lineComments(root *yaml.Node) map[*yaml.Node]string {
	out := map[*yaml.Node]string{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if c := strings.TrimSpace(v.LineComment + " " + k.LineComment); c != "" {
					out[v] = c
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return out
}

// leaves flattens a resolved scenario (its canonical JSON) into path →
// leaf value, paths as visit writes them.
func leaves(t *testing.T, s *Scenario) map[string]any {
	t.Helper()
	b, err := s.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, c)
			}
		case []any:
			for i, c := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), c)
			}
		default:
			out[path] = v
		}
	}
	walk("", v)
	return out
}

// under returns the leaves at path or below it.
func under(l map[string]any, path string) map[string]any {
	out := map[string]any{}
	for p, v := range l {
		if p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[") {
			out[p] = v
		}
	}
	return out
}

// rulesIn returns the derivations stated in f's line comments. A comment
// that mentions a baseline figure but does not parse as a rule is an
// error, so that a derivation cannot slip out of the check by its wording.
func rulesIn(t *testing.T, f shippedFile) []rule {
	t.Helper()
	comments := lineComments(f.root)
	var rules []rule
	visit(f.root, "", func(path string, n *yaml.Node) {
		c, ok := comments[n]
		if !ok {
			return
		}
		m := ruleRE.FindStringSubmatch(c)
		if m == nil {
			if regexp.MustCompile(`\bbaseline\s+\d`).MatchString(c) {
				t.Errorf("%s:%d %s: comment %q states a baseline figure but not as a rule (baseline [PATH] BASE[UNIT] x|+|- OPERAND [= RESULT])", f.path, n.Line, path, c)
			}
			return
		}
		// The rule is about the one scalar at or under the commented node
		// (p2: {capacity: 122} # baseline 106 x 1.15).
		var target *yaml.Node
		var targetPath string
		count := 0
		visit(n, path, func(p string, s *yaml.Node) {
			if s.Kind == yaml.ScalarNode {
				target, targetPath = s, p
				count++
			}
		})
		if count != 1 {
			t.Errorf("%s:%d %s: the rule %q is beside %d values; put it beside the one it derives", f.path, n.Line, path, m[0], count)
			return
		}
		r := rule{file: f.path, line: n.Line, path: targetPath, value: target.Value, base: m[1], baseNum: m[2], unit: m[3], op: m[4], operand: m[5], result: m[6], comment: c}
		if r.base == "" {
			r.base = targetPath
		}
		rules = append(rules, r)
	})
	return rules
}

// rat parses a decimal or a fraction exactly.
func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil
	}
	return r
}

// halfUnit is half a unit in the last decimal place written in s: how far
// the exact value may be from s for s to be it "to the precision stated".
func halfUnit(s string) *big.Rat {
	d := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		d = len(s) - i - 1
	}
	return new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Mul(big.NewInt(2), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
}

// within reports whether written, a decimal, is exact to the precision
// it is written with.
func within(written string, exact *big.Rat) bool {
	w := rat(written)
	if w == nil {
		return false
	}
	diff := new(big.Rat).Sub(w, exact)
	return diff.Abs(diff).Cmp(halfUnit(written)) <= 0
}

// numberUnit splits a scalar such as "7.07h" or "368/d" into its number
// and its unit.
var numberUnitRE = regexp.MustCompile(`^(-?\d+(?:\.\d+)?)([a-z/]*)$`)

// sameQuantity reports whether a value as written in a scenario file
// ("16.5h", "106") and a resolved leaf (its canonical JSON value) are the
// same quantity, comparing durations and rates in their base units.
func sameQuantity(written string, leaf any) bool {
	switch x := leaf.(type) {
	case float64:
		w, err := strconv.ParseFloat(written, 64)
		return err == nil && w == x
	case string:
		if d1, err := ParseDuration(written); err == nil {
			d2, err := ParseDuration(x)
			return err == nil && closeTo(float64(d1), float64(d2))
		}
		if r1, err := ParseRate(written); err == nil {
			r2, err := ParseRate(x)
			return err == nil && closeTo(float64(r1), float64(r2))
		}
		return written == x
	}
	return false
}

func closeTo(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-9*max(1, a, -a)
}

// TestInterventionsFollowBaseline: every value a shipped intervention
// derives from its base, by a rule in the comment beside it, is that rule
// applied to the base as it loads now — so refitting the baseline without
// recomputing the interventions fails here, naming the file, the line,
// the stale figure and the value it should now be.
func TestInterventionsFollowBaseline(t *testing.T) {
	bases := map[string]map[string]any{}
	perFile := map[string]int{}
	total := 0
	for _, f := range shippedFiles(t) {
		rules := rulesIn(t, f)
		if len(rules) == 0 {
			continue
		}
		if f.extends == "" {
			t.Errorf("%s: states derivations from a baseline but extends none", f.path)
			continue
		}
		base, ok := bases[f.extends]
		if !ok {
			s, err := Load(f.extends)
			if err != nil {
				t.Fatalf("%s: %v", f.extends, err)
			}
			base = leaves(t, s)
			bases[f.extends] = base
		}
		alt, err := Load(f.path)
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		resolved := leaves(t, alt)
		for _, r := range rules {
			total++
			perFile[filepath.Base(r.file)]++
			for _, e := range checkRule(r, base, resolved) {
				t.Error(e)
			}
		}
	}
	// The rules must be found where the derivations are: a rewording that
	// hid them from ruleRE would otherwise pass silently. (qmc-utc.yaml
	// derives nothing from the baseline: its UTC streams a share of the
	// ED's attendances instead of cutting ed.others.)
	for _, name := range []string{"p2p3-capacity.yaml", "one-version-of-truth.yaml", "toc-hubs-7day.yaml", "vw-expansion.yaml", "sdec-expansion.yaml", "winter-surge.yaml"} {
		if perFile[name] == 0 {
			t.Errorf("no derivation rule found in scenarios/notts/%s", name)
		}
	}
	if total < 20 {
		t.Errorf("only %d derivation rules found in the shipped interventions", total)
	}
}

// checkRule checks one derivation against the loaded base and the
// resolved intervention, returning what is wrong.
func checkRule(r rule, base, resolved map[string]any) []string {
	leaf, ok := base[r.base]
	if !ok {
		return []string{fmt.Sprintf("%s: derives from %s, which its base does not set", r, r.base)}
	}
	if !sameQuantity(r.baseNum+r.unit, leaf) {
		return []string{fmt.Sprintf("%s: %q derives from baseline %s%s, but the base now has %s = %v: recompute from %v", r, r.comment, r.baseNum, r.unit, r.base, leaf, leaf)}
	}
	m := numberUnitRE.FindStringSubmatch(r.value)
	if m == nil || m[2] != r.unit {
		return []string{fmt.Sprintf("%s: value %q is not a number in the rule's unit %q", r, r.value, r.unit)}
	}
	b, k := rat(r.baseNum), rat(r.operand)
	if b == nil || k == nil {
		return []string{fmt.Sprintf("%s: cannot read the rule %q", r, r.comment)}
	}
	exact := new(big.Rat)
	switch r.op {
	case "x", "×":
		exact.Mul(b, k)
	case "+":
		exact.Add(b, k)
	case "-":
		exact.Sub(b, k)
	}
	var errs []string
	if !within(m[1], exact) {
		errs = append(errs, fmt.Sprintf("%s: %s is not baseline %s%s %s %s = %s%s", r, r.value, r.baseNum, r.unit, r.op, r.operand, exact.FloatString(3), r.unit))
	}
	if r.result != "" && !within(r.result, exact) {
		errs = append(errs, fmt.Sprintf("%s: the comment states = %s, but %s %s %s = %s", r, r.result, r.baseNum, r.op, r.operand, exact.FloatString(3)))
	}
	if got, ok := resolved[r.path]; !ok || !sameQuantity(r.value, got) {
		errs = append(errs, fmt.Sprintf("%s: the resolved intervention has %v at this path, not %s", r, got, r.value))
	}
	return errs
}

// TestCheckRule: the rule check passes a value derived to the precision
// written and fails each way a derivation goes stale or wrong.
func TestCheckRule(t *testing.T) {
	base := map[string]any{"p2": 90.0, "mean": "18.5h", "beds": 630.0}
	resolved := map[string]any{"p2": 104.0, "mean": "12.33h", "sched": 650.0}
	ok := []rule{
		{path: "p2", value: "104", base: "p2", baseNum: "90", op: "x", operand: "1.15", result: "103.5"}, // a tie may round either way
		{path: "mean", value: "12.33h", base: "mean", baseNum: "18.5", unit: "h", op: "x", operand: "2/3", result: "12.333"},
		{path: "sched", value: "650", base: "beds", baseNum: "630", op: "+", operand: "20"},
	}
	for _, r := range ok {
		if errs := checkRule(r, base, resolved); len(errs) > 0 {
			t.Errorf("%+v: %v", r, errs)
		}
	}
	bad := map[string]rule{
		"stale base":       {path: "p2", value: "104", base: "p2", baseNum: "95", op: "x", operand: "1.15"},
		"base unset":       {path: "p2", value: "104", base: "p3", baseNum: "90", op: "x", operand: "1.15"},
		"wrong value":      {path: "p2", value: "105", base: "p2", baseNum: "90", op: "x", operand: "1.15"},
		"too coarse":       {path: "mean", value: "12.3h", base: "mean", baseNum: "18.5", unit: "h", op: "x", operand: "2/3"},
		"wrong unit":       {path: "mean", value: "12.33d", base: "mean", baseNum: "18.5", unit: "h", op: "x", operand: "2/3"},
		"wrong result":     {path: "p2", value: "104", base: "p2", baseNum: "90", op: "x", operand: "1.15", result: "103.4"},
		"not the resolved": {path: "sched", value: "660", base: "beds", baseNum: "630", op: "+", operand: "30"},
	}
	for name, r := range bad {
		if errs := checkRule(r, base, resolved); len(errs) == 0 {
			t.Errorf("%s: passed", name)
		}
	}
}

// fileRefRE matches a scenario file named in a comment.
var fileRefRE = regexp.MustCompile(`[a-z0-9][a-z0-9_-]*\.yaml`)

// TestCombinedIsItsComponents: an intervention whose values carry the
// names of other shipped interventions (combined.yaml) is exactly those
// interventions together. Compared on resolved scenarios: every value it
// changes from its base is changed to the same value by a component named
// beside it; every value any component changes is changed the same way in
// the combination; and the components do not contradict each other. A
// component may extend an earlier base in the chain the file's own base
// extends (qmc-utc-ed.yaml, on ed-capacity.yaml, is qmc-utc.yaml's
// changes to baseline.yaml): its changes are taken from its own base.
// Naming the file's own base beside a value names no component.
func TestCombinedIsItsComponents(t *testing.T) {
	combos := 0
	files := shippedFiles(t)
	for _, f := range files {
		comments := lineComments(f.root)
		named := map[*yaml.Node][]string{}
		var components []string
		for n, c := range comments {
			for _, ref := range fileRefRE.FindAllString(c, -1) {
				p := filepath.Join(filepath.Dir(f.path), ref)
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s:%d: names %s, which does not exist", f.path, n.Line, ref)
					continue
				}
				if p == f.extends {
					continue
				}
				named[n] = append(named[n], p)
				if !slices.Contains(components, p) {
					components = append(components, p)
				}
			}
		}
		if len(components) == 0 || f.extends == "" {
			continue
		}
		combos++
		slices.Sort(components)
		checkCombination(t, f, files, named, components)
	}
	if combos == 0 {
		t.Error("no combination of interventions found (combined.yaml names its components beside its values)")
	}
}

// checkCombination checks one combination file f against its components.
func checkCombination(t *testing.T, f shippedFile, files []shippedFile, named map[*yaml.Node][]string, components []string) {
	t.Helper()
	load := func(p string) map[string]any {
		s, err := Load(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		l := leaves(t, s)
		delete(l, "name")
		delete(l, "description")
		return l
	}
	base := load(f.extends)
	combo := load(f.path)
	// ancestors are the bases a component may extend: f's base and the
	// bases it extends in turn.
	var ancestors []string
	for p := f.extends; p != "" && !slices.Contains(ancestors, p); {
		ancestors = append(ancestors, p)
		i := slices.IndexFunc(files, func(g shippedFile) bool { return g.path == p })
		if i < 0 {
			break
		}
		p = files[i].extends
	}
	// changes returns the leaves of s that differ from base's (or that
	// base lacks), and the base leaves s drops, as nil.
	changes := func(s, base map[string]any) map[string]any {
		out := map[string]any{}
		for p, v := range s {
			if b, ok := base[p]; !ok || b != v {
				out[p] = v
			}
		}
		for p := range base {
			if _, ok := s[p]; !ok {
				out[p] = nil
			}
		}
		return out
	}
	want := map[string]any{} // path → value, over all components
	setBy := map[string]string{}
	compChanges := map[string]map[string]any{}
	for _, c := range components {
		i := slices.IndexFunc(files, func(g shippedFile) bool { return g.path == c })
		if i < 0 || !slices.Contains(ancestors, files[i].extends) {
			t.Errorf("%s: names %s, which does not extend %s as it does, nor a base that extends", f.path, c, f.extends)
			continue
		}
		cbase := base
		if files[i].extends != f.extends {
			cbase = load(files[i].extends)
		}
		ch := changes(load(c), cbase)
		compChanges[c] = ch
		for _, p := range slices.Sorted(maps.Keys(ch)) {
			v := ch[p]
			if prev, ok := want[p]; ok && prev != v {
				t.Errorf("%s: components disagree at %s: %s sets %v, %s sets %v", f.path, p, setBy[p], prev, c, v)
				continue
			}
			want[p], setBy[p] = v, c
		}
	}
	got := changes(combo, base)
	for _, p := range slices.Sorted(maps.Keys(want)) {
		v := want[p]
		if g, ok := got[p]; !ok || g != v {
			t.Errorf("%s: %s sets %s to %v, but the combination has %v", f.path, filepath.Base(setBy[p]), p, v, combo[p])
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		v := got[p]
		if _, ok := want[p]; !ok {
			t.Errorf("%s: sets %s to %v, which none of its components (%s) changes", f.path, p, v, strings.Join(components, ", "))
		}
	}
	// Each value's comment names a component that sets it so.
	visit(f.root, "", func(path string, n *yaml.Node) {
		files, ok := named[n]
		if !ok {
			return
		}
		for p, v := range under(got, path) {
			by := false
			for _, c := range files {
				if w, ok := compChanges[c][p]; ok && w == v {
					by = true
				}
			}
			if !by {
				t.Errorf("%s:%d: %s = %v is set so by none of %s, named beside it", f.path, n.Line, p, v, strings.Join(files, ", "))
			}
		}
	})
}
