package scenario

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Override replaces the value at a path of a scenario's YAML before it is
// decoded, as "flowsim sweep --set" does. Because the override is applied
// to the node tree, not to the decoded Scenario, any path the file format
// has can be set, and every check and default applies as if the value had
// been written in the file; problems with other values still name their
// own file and line.
type Override struct {
	// Path locates the value: YAML keys and list indices,
	// "sites.qmc.beds.capacity" or "sites.qmc.beds.los.of[1].mean".
	Path Path
	// Value is YAML text: "6", "2h", "{dist: fixed, value: 1d}". A mapping
	// replaces the whole mapping at Path (it is not merged into it); ~
	// removes the setting, so its default applies.
	Value string
}

// String returns "path=value".
func (o Override) String() string { return o.Path.String() + "=" + o.Value }

// overrideFile is the name under which overrides are loaded, as a file
// beside the scenario that extends it; messages about it are rewritten to
// name the --set instead.
const overrideFile = "--set"

// ParsePath parses a path written as Path.String writes it: keys separated
// by dots, list indices as [i] (or as a plain number), keys with dots or
// spaces in double quotes.
func ParsePath(s string) (Path, error) {
	var p Path
	rest := s
	for rest != "" {
		switch {
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("path %q: unclosed [", s)
			}
			seg := rest[:end+1]
			if _, ok := isIndex(seg); !ok || len(p) == 0 {
				return nil, fmt.Errorf("path %q: %s is not a list index after a key", s, seg)
			}
			p = append(p, seg)
			rest = rest[end+1:]
		case rest[0] == '"':
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("path %q: bad quoted key", s)
			}
			key, _ := strconv.Unquote(q)
			p = append(p, key)
			rest = rest[len(q):]
		default:
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			if end == 0 {
				return nil, fmt.Errorf("path %q: empty key", s)
			}
			if strings.ContainsAny(rest[:end], `]"`) {
				return nil, fmt.Errorf("path %q: quote a key holding ] or \"", s)
			}
			p = append(p, rest[:end])
			rest = rest[end:]
		}
		if rest == "" {
			break
		}
		switch rest[0] {
		case '.':
			rest = rest[1:]
			if rest == "" {
				return nil, fmt.Errorf("path %q: ends with a dot", s)
			}
		case '[':
		default:
			return nil, fmt.Errorf("path %q: want . or [ after %s", s, p[len(p)-1])
		}
	}
	if len(p) == 0 {
		return nil, fmt.Errorf("empty path")
	}
	return p, nil
}

// ParseOverride parses "PATH=VALUE", as calibrate --fit's --set and an
// ensemble's members write an override; spaces around either side are
// dropped.
func ParseOverride(s string) (Override, error) {
	ps, value, ok := strings.Cut(s, "=")
	if !ok {
		return Override{}, fmt.Errorf("want PATH=VALUE, got %q", s)
	}
	p, err := ParsePath(strings.TrimSpace(ps))
	if err != nil {
		return Override{}, err
	}
	return Override{Path: p, Value: strings.TrimSpace(value)}, nil
}

// ParseSweep parses "PATH=V1,V2,…", the argument of sweep's --set, into
// the path and its values. Values are split at commas outside brackets,
// braces and quotes, so "los={dist: fixed, value: 1d},{dist: fixed,
// value: 2d}" gives two values.
func ParseSweep(s string) (Path, []string, error) {
	ps, vs, ok := strings.Cut(s, "=")
	if !ok {
		return nil, nil, fmt.Errorf("want PATH=V1,V2,…, got %q", s)
	}
	p, err := ParsePath(strings.TrimSpace(ps))
	if err != nil {
		return nil, nil, err
	}
	var values []string
	depth, quote, start := 0, byte(0), 0
	for i := 0; i <= len(vs); i++ {
		if i < len(vs) {
			c := vs[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				} else if c == '\\' && quote == '"' {
					i++
				}
				continue
			case c == '"' || c == '\'':
				quote = c
				continue
			case c == '[' || c == '{':
				depth++
				continue
			case c == ']' || c == '}':
				depth--
				continue
			case c != ',' || depth > 0:
				continue
			}
		}
		v := strings.TrimSpace(vs[start:i])
		if v == "" {
			return nil, nil, fmt.Errorf("%s: empty value in %q (write ~ to remove a setting)", p, vs)
		}
		values = append(values, v)
		start = i + 1
	}
	if quote != 0 || depth != 0 {
		return nil, nil, fmt.Errorf("%s: unbalanced quotes or brackets in %q", p, vs)
	}
	return p, values, nil
}

// LoadWith loads the scenario file at path as Load does, with the
// overrides applied in order. A path that leads nowhere — a misspelt
// field, a site the scenario does not have, a list index out of range —
// is an error naming the path and what is there. Errors in an overridden
// value are reported against "--set path=value"; all others keep their
// file and line. Sources lists the scenario's own files.
func LoadWith(path string, overrides ...Override) (*Scenario, error) {
	return loadWith(path, defaultReads(), overrides)
}

func loadWith(path string, r reads, overrides []Override) (*Scenario, error) {
	if len(overrides) == 0 {
		return load(path, r)
	}
	// The file is checked on its own first, so that its own errors keep
	// their file and line; its census is read once, with the overrides
	// (which may name another).
	sc, err := load(path, reads{cache: r.cache})
	if err != nil {
		return nil, err
	}
	data, err := readFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: readErrMsg(err), Err: err}}
	}
	l := &loader{origin: map[*yaml.Node]string{}, cache: r.cache}
	root, perr := l.resolve(path, data, nil)
	if perr != nil {
		return nil, Errors{perr}
	}

	// The overrides become a file beside the scenario that extends it and
	// states only what changes (see Scenario.Extends for the merge).
	overlay := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	putKey(overlay, "extends", strNode(filepath.Base(path)))
	putKey(overlay, "name", strNode(sc.Name))
	var errs Errors
	for _, o := range overrides {
		if err := applyOverride(overlay, root, o, r.cache); err != nil {
			errs = append(errs, &Error{File: overrideFile, Field: o.Path.String(), Msg: err.Error()})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	text, err := yaml.Marshal(overlay)
	if err != nil {
		return nil, fmt.Errorf("encode overrides: %w", err)
	}
	synth := filepath.Join(filepath.Dir(path), overrideFile)
	out, err := loadBytes(synth, text, r)
	if err != nil {
		var es Errors
		if errors.As(err, &es) {
			for _, e := range es {
				if e.File == synth {
					e.File, e.Line = blame(overrides, e.Field), 0
				}
			}
		}
		return nil, err
	}
	out.Sources = slices.DeleteFunc(out.Sources, func(s string) bool { return s == synth })
	return out, nil
}

// blame returns "--set path=value" for the override a problem at field is
// about: the last whose path holds field or, failing that, lies inside it
// (a sum over a list one item of which was set).
func blame(overrides []Override, field string) string {
	within := func(inner, outer string) bool {
		return inner == outer || strings.HasPrefix(inner, outer+".") || strings.HasPrefix(inner, outer+"[")
	}
	for _, inside := range []bool{false, true} {
		for i := len(overrides) - 1; i >= 0; i-- {
			p := overrides[i].Path.String()
			if (!inside && within(field, p)) || (inside && within(p, field)) {
				return overrideFile + " " + overrides[i].String()
			}
		}
	}
	return overrideFile
}

// applyOverride checks o.Path against the resolved tree root and the
// Scenario type (its fields from cache, if not nil), then records the new
// value in overlay.
func applyOverride(overlay, root *yaml.Node, o Override, cache *Cache) error {
	value, err := parseValue(o.Value)
	if err != nil {
		return err
	}
	if o.Path[0] == "extends" {
		return errors.New("extends cannot be overridden; load another file instead")
	}
	// Walk the resolved tree and the Go type together to check the path.
	d := decoder{l: &loader{cache: cache}}
	n, t := root, reflect.TypeFor[Scenario]()
	// over is where the overlay stands: in merge mode a mapping merged key
	// by key over the scenario; once inside a list (copied whole, since
	// lists are replaced, not merged) or a value set by an earlier
	// override, direct mode edits that copy in place.
	over, direct := overlay, false
	for i, seg := range o.Path {
		at := o.Path[:i]
		last := i == len(o.Path)-1
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if reflect.PointerTo(t).Implements(unmarshalerType) || !isContainer(t) {
			return fmt.Errorf("%s is a single value%s, so it has no %q", at, nodeText(n), seg)
		}
		if n != nil && n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode && !isNull(n) {
			return fmt.Errorf("%s is %s, so it has no %q", describePath(at), describe(n), seg)
		}
		var next *yaml.Node
		switch t.Kind() {
		case reflect.Struct:
			sf := d.fieldsOf(t)
			if fi, ok := sf.byName[seg]; ok {
				t = t.FieldByIndex(fi.index).Type
			} else if sf.inlineMap != nil {
				t = t.FieldByIndex(sf.inlineMap).Type.Elem()
			} else {
				return fmt.Errorf("%s has no field %q%s", describePath(at), seg, suggest(seg, sf.names))
			}
			next = child(n, seg)
		case reflect.Map:
			t = t.Elem()
			next = child(n, seg)
			if next == nil && !last {
				return fmt.Errorf("%s has no entry %q%s", describePath(at), seg, entries(n))
			}
		case reflect.Slice, reflect.Array:
			idx, ok := isIndex(seg)
			if !ok {
				if v, err := strconv.Atoi(seg); err == nil && v >= 0 {
					idx, ok = v, true
				}
			}
			if !ok {
				return fmt.Errorf("%s is a list; want an index such as [0], got %q", describePath(at), seg)
			}
			if n == nil || n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return fmt.Errorf("%s has %d items, so [%d] is out of range", describePath(at), items(n), idx)
			}
			seg = index(idx)
			t = t.Elem()
			next = n.Content[idx]
		}

		// Follow in the overlay.
		if !direct && next != nil && next.Kind == yaml.SequenceNode && !last {
			// Entering a list: the overlay takes a copy of it whole.
			c := child(over, seg)
			if c == nil || c.Kind != yaml.SequenceNode {
				c = deepCopy(next)
				putKey(over, seg, c)
			}
			over, direct = c, true
			n = next
			continue
		}
		if last {
			if direct {
				setIn(over, seg, value)
			} else {
				putKey(over, seg, replacing(next, value))
			}
			return nil
		}
		if direct {
			over = childIn(over, seg)
		} else {
			c := child(over, seg)
			switch {
			case c == nil:
				c = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				putKey(over, seg, c)
			case c.Kind != yaml.MappingNode:
				// An earlier override set this whole value: edit it.
				direct = true
			}
			over = c
		}
		n = next
	}
	return nil
}

// isContainer reports whether a path may go inside a value of type t.
func isContainer(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Slice, reflect.Array:
		return true
	}
	return false
}

// parseValue parses an override's YAML text into a node.
func parseValue(text string) (*yaml.Node, error) {
	if strings.TrimSpace(text) == "" {
		return nil, errors.New("empty value (write ~ to remove a setting)")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("value %q is not YAML: %s", text, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("value %q is not one YAML value", text)
	}
	v := doc.Content[0]
	if hasAlias(v) {
		return nil, fmt.Errorf("value %q: aliases are not allowed in --set", text)
	}
	return v, nil
}

func hasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	return slices.ContainsFunc(n.Content, hasAlias)
}

// replacing returns value prepared to replace base when merged over it:
// where both are mappings, keys of base that value lacks are set to null,
// recursively, so the merge deletes them instead of keeping them.
func replacing(base, value *yaml.Node) *yaml.Node {
	if base == nil || base.Kind != yaml.MappingNode || value.Kind != yaml.MappingNode {
		return value
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: value.Tag, Style: value.Style}
	for i := 0; i+1 < len(value.Content); i += 2 {
		k, v := value.Content[i], value.Content[i+1]
		out.Content = append(out.Content, k, replacing(child(base, k.Value), v))
	}
	for i := 0; i+1 < len(base.Content); i += 2 {
		if child(value, base.Content[i].Value) == nil {
			out.Content = append(out.Content, strNode(base.Content[i].Value),
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "~"})
		}
	}
	return out
}

// child returns the value under key in mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// childIn returns the value under seg (a key or an index) in n, a copy the
// overlay owns, creating an empty mapping under a missing key.
func childIn(n *yaml.Node, seg string) *yaml.Node {
	if i, ok := isIndex(seg); ok && n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return n.Content[i]
	}
	if n.Kind != yaml.MappingNode {
		// A null (absent) value becomes a mapping to hold the key.
		*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	}
	if c := child(n, seg); c != nil {
		return c
	}
	c := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	putKey(n, seg, c)
	return c
}

// setIn sets seg (a key or an index) of n, a copy the overlay owns.
func setIn(n *yaml.Node, seg string, value *yaml.Node) {
	if i, ok := isIndex(seg); ok && n.Kind == yaml.SequenceNode && i < len(n.Content) {
		n.Content[i] = value
		return
	}
	if n.Kind != yaml.MappingNode {
		*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	}
	putKey(n, seg, value)
}

// putKey sets key to value in mapping n, replacing any earlier value.
func putKey(n *yaml.Node, key string, value *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = value
			return
		}
	}
	n.Content = append(n.Content, strNode(key), value)
}

// strNode is a string scalar that YAML will not read as anything else.
func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

func deepCopy(n *yaml.Node) *yaml.Node {
	c := &yaml.Node{Kind: n.Kind, Style: n.Style, Tag: n.Tag, Value: n.Value}
	for _, x := range n.Content {
		c.Content = append(c.Content, deepCopy(x))
	}
	return c
}

// describePath names a path in messages; the top level has no path.
func describePath(p Path) string {
	if len(p) == 0 {
		return "the scenario"
	}
	return p.String()
}

// entries lists mapping n's keys for a message.
func entries(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return " (it has none)"
	}
	keys := make([]string, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return " (it has: " + strings.Join(keys, ", ") + ")"
}

// items returns the length of list n (0 if absent).
func items(n *yaml.Node) int {
	if n == nil || n.Kind != yaml.SequenceNode {
		return 0
	}
	return len(n.Content)
}

// nodeText shows a scalar's value in a message.
func nodeText(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return " (" + describe(n) + ")"
}
