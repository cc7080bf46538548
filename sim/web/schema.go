package web

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/scenario"
)

// schemaDoc is the scenario JSON Schema (scenario.Schema, what "flowsim
// schema" prints), decoded, for generating the form.
type schemaDoc struct {
	defs map[string]map[string]any
	root map[string]any
}

// loadSchema decodes the scenario package's schema.
func loadSchema() (*schemaDoc, error) {
	b, err := scenario.Schema()
	if err != nil {
		return nil, fmt.Errorf("web: scenario schema: %w", err)
	}
	var doc struct {
		Defs map[string]map[string]any `json:"$defs"`
		Else map[string]any            `json:"else"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("web: scenario schema: %w", err)
	}
	return &schemaDoc{defs: doc.Defs, root: doc.Else}, nil
}

// fieldSchema is what the schema says about one setting.
type fieldSchema struct {
	// Type is the form's input: "integer", "number", "enum", or "text"
	// for everything written as text (durations, rates, windows,
	// distributions, lists).
	Type string
	// Kind names the schema type of a setting written as text, such as
	// "Duration", "Rate", "Window" or "Dist".
	Kind        string
	Description string
	// KindDescription is the description of Kind (how to write it).
	KindDescription string
	Enum            []string
	Min, Max        string
	Default         string
}

// Units is a short statement of how the value is written.
func (f fieldSchema) Units() string {
	switch f.Kind {
	case "Duration":
		return "duration: a number and a unit (30m, 4h, 6.5d, 2w)"
	case "Rate":
		return "rate: a number per period (4/h, 96/d, 29273/y)"
	case "Window":
		return "daily window HH:MM-HH:MM"
	case "Dist":
		return "distribution, e.g. {dist: lognormal, median: 7d, p95: 45d}"
	case "Date":
		return "date YYYY-MM-DD"
	case "DayList":
		return "days, e.g. [mon, tue, wed]"
	}
	switch f.Type {
	case "integer":
		return "whole number"
	case "number":
		return "number"
	}
	return ""
}

// Range states the bounds, "0 to 1000000", or "".
func (f fieldSchema) Range() string {
	switch {
	case f.Min != "" && f.Max != "":
		return f.Min + " to " + f.Max
	case f.Min != "":
		return "at least " + f.Min
	case f.Max != "":
		return "at most " + f.Max
	}
	return ""
}

// lookup returns the schema of the setting at a dotted path such as
// "sites.qmc.pathways.p2.capacity": properties by name, map entries
// through additionalProperties, references and nullable anyOfs followed.
// ok is false for a path the schema does not describe.
func (d *schemaDoc) lookup(path string) (fieldSchema, bool) {
	node, desc, ok := d.walk(path)
	if !ok {
		return fieldSchema{}, false
	}
	target, kind := d.deref(node)
	if target == nil {
		return fieldSchema{}, false
	}
	f := fieldSchema{Description: desc, Kind: kind, Type: "text"}
	if kd, ok := target["description"].(string); ok && kind != "" {
		f.KindDescription = kd
		if f.Description == "" {
			f.Description = kd
		}
	}
	switch t := typeOf(target); {
	case target["enum"] != nil:
		f.Type = "enum"
		for _, v := range target["enum"].([]any) {
			f.Enum = append(f.Enum, jsonText(v))
		}
	case t == "integer" || t == "number":
		f.Type = t
	}
	for _, k := range []string{"minimum", "exclusiveMinimum"} {
		if v, ok := target[k]; ok {
			f.Min = jsonText(v)
			if k == "exclusiveMinimum" {
				f.Min = "more than " + f.Min
			}
		}
	}
	if v, ok := target["maximum"]; ok {
		f.Max = jsonText(v)
	}
	if v, ok := node["default"]; ok {
		f.Default = jsonText(v)
	}
	return f, true
}

// walk returns the schema of the setting at path, before references are
// followed, and its description.
func (d *schemaDoc) walk(path string) (node map[string]any, desc string, ok bool) {
	node = d.root
	if path == "" {
		return node, "", true
	}
	for _, seg := range strings.Split(path, ".") {
		node, _ = d.deref(node)
		if node == nil {
			return nil, "", false
		}
		var next map[string]any
		if props, ok := node["properties"].(map[string]any); ok {
			next, _ = props[seg].(map[string]any)
		}
		if next == nil {
			next, _ = node["additionalProperties"].(map[string]any)
		}
		if next == nil {
			if items, ok := node["items"].(map[string]any); ok {
				if _, err := strconv.Atoi(seg); err == nil {
					next = items
				}
			}
		}
		if next == nil {
			return nil, "", false
		}
		desc, _ = next["description"].(string)
		node = next
	}
	return node, desc, true
}

// leafKinds are the types a form edits as one value, though the schema
// gives some of them properties.
var leafKinds = map[string]bool{"Dist": true, "Schedule": true, "DayList": true, "Window": true,
	"Duration": true, "Rate": true, "Date": true, "HubDays": true}

// leaves returns the paths of the settings the schema allows under the
// object at prefix, in name order: into nested objects, but not into maps
// (whose keys are the scenario's to choose) or values edited whole.
func (d *schemaDoc) leaves(prefix string) []string {
	node, _, ok := d.walk(prefix)
	if !ok {
		return nil
	}
	var out []string
	var visit func(path string, n map[string]any, depth int)
	visit = func(path string, n map[string]any, depth int) {
		target, kind := d.deref(n)
		props, isObj := target["properties"].(map[string]any)
		if depth > 0 && (!isObj || leafKinds[kind]) {
			out = append(out, path)
			return
		}
		if !isObj || depth > 6 {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(props)) {
			child, _ := props[k].(map[string]any)
			if child == nil {
				continue
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			visit(p, child, depth+1)
		}
	}
	visit(prefix, node, 0)
	return out
}

// deref follows $ref and the non-null branch of an anyOf, returning the
// schema reached and the name of the last definition followed.
func (d *schemaDoc) deref(node map[string]any) (map[string]any, string) {
	kind := ""
	for range 8 {
		if node == nil {
			return nil, kind
		}
		if r, ok := node["$ref"].(string); ok {
			kind = strings.TrimPrefix(r, "#/$defs/")
			node = d.defs[kind]
			continue
		}
		if alts, ok := node["anyOf"].([]any); ok {
			var refs []map[string]any
			for _, a := range alts {
				if m, _ := a.(map[string]any); m != nil && m["type"] != "null" {
					refs = append(refs, m)
				}
			}
			if len(refs) == 1 && refs[0]["$ref"] != nil {
				node = refs[0]
				continue
			}
		}
		return node, kind
	}
	return node, kind
}

// typeOf returns a schema's type, ignoring a "null" alternative.
func typeOf(n map[string]any) string {
	switch t := n["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok && s != "null" {
				return s
			}
		}
	}
	return ""
}

func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
