package scenario

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder decodes a merged node tree into Go values strictly, by reflection
// over the yaml struct tags, and records every problem with the file and
// line of the node it concerns. It replaces yaml.v3's own struct decoding,
// which stops at file boundaries it cannot see, loses the field path, and
// silently truncates 4.5 into an int.
//
// The rules, for any struct type (so new scenario fields need no code here):
//   - A key that names no field is an error, with a suggestion.
//   - A field whose yaml tag has neither omitempty nor a default:"…" tag is
//     required; a missing one is reported at the line of the key that holds
//     the mapping.
//   - A field with a default:"…" tag gets that value, decoded as if it had
//     been written in the file, when the key is absent or null.
//   - A key whose value is null (~, null or nothing) counts as absent.
//   - ",inline" structs (or pointers to structs) contribute their fields to
//     the enclosing mapping; an ",inline" map collects the keys no field
//     claims.
//   - Types implementing yaml.Unmarshaler decode themselves; their error
//     text becomes the message.
type decoder struct {
	l      *loader
	errs   []*Error
	fields map[reflect.Type]*structFields
}

// structFields is the yaml view of a struct type.
type structFields struct {
	byName map[string]*fieldInfo
	order  []*fieldInfo // declaration order, inline fields expanded
	names  []string     // sorted, for messages
	// inlineMap is the index of an ",inline" map field, or nil.
	inlineMap []int
}

// fieldInfo is one yaml field of a struct, possibly promoted from an inline
// struct.
type fieldInfo struct {
	name     string
	index    []int
	required bool
	def      *string
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// fieldsOf returns (and caches) the yaml fields of struct type t.
func (d *decoder) fieldsOf(t reflect.Type) *structFields {
	if sf, ok := d.fields[t]; ok {
		return sf
	}
	var cache *Cache
	if d.l != nil {
		cache = d.l.cache
	}
	sf := cache.fieldsOf(t)
	if sf == nil {
		sf = &structFields{byName: map[string]*fieldInfo{}}
		d.collectFields(sf, t, nil)
		for name := range sf.byName {
			sf.names = append(sf.names, name)
		}
		slices.Sort(sf.names)
		cache.keepFields(t, sf)
	}
	if d.fields == nil {
		d.fields = map[reflect.Type]*structFields{}
	}
	d.fields[t] = sf
	return sf
}

// collectFields adds the fields of t, whose value sits at index prefix
// within the outer struct, to sf. Like yaml.v3, the first field to claim a
// name wins; a later duplicate is ignored.
func (d *decoder) collectFields(sf *structFields, t reflect.Type, prefix []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		optList := strings.Split(opts, ",")
		index := append(slices.Clone(prefix), i)
		if slices.Contains(optList, "inline") {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.Struct:
				d.collectFields(sf, ft, index)
			case reflect.Map:
				if sf.inlineMap == nil {
					sf.inlineMap = index
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if _, dup := sf.byName[name]; dup {
			continue
		}
		fi := &fieldInfo{name: name, index: index}
		if def, ok := f.Tag.Lookup("default"); ok {
			fi.def = &def
		}
		fi.required = fi.def == nil && !slices.Contains(optList, "omitempty")
		sf.byName[name] = fi
		sf.order = append(sf.order, fi)
	}
}

// fail records a problem at node n.
func (d *decoder) fail(n *yaml.Node, path Path, format string, args ...any) {
	d.errs = append(d.errs, &Error{
		File:  d.l.fileOf(n),
		Line:  n.Line,
		Field: path.String(),
		Msg:   fmt.Sprintf(format, args...),
	})
}

// decode decodes n into the settable value v at path. at is the node to
// blame for a missing field inside n: the key holding n, the list item, or
// the top of the file.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path Path, at *yaml.Node) {
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if isNull(n) {
			d.fail(n, path, "missing value")
			return
		}
		if err := v.Addr().Interface().(yaml.Unmarshaler).UnmarshalYAML(n); err != nil {
			d.fail(n, path, "%s", err.Error())
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) && !isStructLike(v.Type().Elem()) {
			v.SetZero()
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path, at)
	case reflect.Struct:
		d.decodeStruct(n, v, path, at)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

// isStructLike reports whether t is a struct that does not decode itself.
// A null where such a value belongs decodes as an empty mapping, so that
// its missing required fields are named.
func isStructLike(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType)
}

// decodeStruct decodes mapping n into struct v.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path Path, at *yaml.Node) {
	sf := d.fieldsOf(v.Type())
	if n.Kind != yaml.MappingNode && !isNull(n) {
		d.fail(n, path, "want a mapping with keys %s, got %s", strings.Join(sf.names, ", "), describe(n))
		return
	}
	set := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		fi, ok := sf.byName[name]
		if !ok {
			if sf.inlineMap != nil {
				m := fieldByIndexAlloc(v, sf.inlineMap)
				d.decodeMapEntry(k, val, m, path)
				continue
			}
			d.fail(k, path.With(name), "unknown field%s", suggest(name, sf.names))
			continue
		}
		if isNull(val) {
			if fi.required {
				d.fail(k, path.With(name), "missing value (required)")
			}
			continue
		}
		set[name] = true
		d.decode(val, fieldByIndexAlloc(v, fi.index), path.With(name), k)
	}
	for _, fi := range sf.order {
		switch {
		case set[fi.name]:
		case fi.def != nil:
			def := &yaml.Node{Kind: yaml.ScalarNode, Value: *fi.def, Line: at.Line}
			d.l.origin[def] = d.l.fileOf(at)
			d.decode(def, fieldByIndexAlloc(v, fi.index), path.With(fi.name), at)
		case fi.required && !hasKey(n, fi.name):
			d.fail(at, path.With(fi.name), "missing required field")
		}
	}
}

// hasKey reports whether mapping n has key name.
func hasKey(n *yaml.Node, name string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return true
		}
	}
	return false
}

// fieldByIndexAlloc is v.FieldByIndex(index), allocating nil embedded
// pointers on the way.
func fieldByIndexAlloc(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// decodeMap decodes mapping n into map v, allocating it if nil.
func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path Path) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping, got %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		d.decodeMapEntry(n.Content[i], n.Content[i+1], v, path)
	}
}

// decodeMapEntry decodes one key k and value val into map m.
func (d *decoder) decodeMapEntry(k, val *yaml.Node, m reflect.Value, path Path) {
	t := m.Type()
	key := reflect.New(t.Key()).Elem()
	if t.Key().Kind() == reflect.String {
		key.SetString(k.Value)
	} else {
		before := len(d.errs)
		d.decode(k, key, path.With(k.Value), k)
		if len(d.errs) > before {
			return
		}
	}
	elem := reflect.New(t.Elem()).Elem()
	d.decode(val, elem, path.With(k.Value), k)
	if m.IsNil() {
		m.Set(reflect.MakeMap(t))
	}
	m.SetMapIndex(key, elem)
}

// decodeSlice decodes sequence n into slice v.
func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path Path) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, path, "want a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), path.With(index(i)), item)
	}
	v.Set(s)
}

// decodeScalar decodes scalar n into v, a bool, number or string. Numbers
// must be exact: 4.5 is not an int, and NaN and infinities are not numbers.
func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path Path) {
	want := wantText(v.Type())
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.fail(n, path, "want %s, got %s", want, describe(n))
		return
	}
	if v.Kind() == reflect.String {
		v.SetString(n.Value)
		return
	}
	var x any
	if n.ShortTag() == "!!str" || n.Decode(&x) != nil {
		d.fail(n, path, "want %s, got %s", want, describe(n))
		return
	}
	ok := false
	switch v.Kind() {
	case reflect.Bool:
		if b, isBool := x.(bool); isBool {
			v.SetBool(b)
			ok = true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i, exact := toInt64(x); exact && !v.OverflowInt(i) {
			v.SetInt(i)
			ok = true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u, exact := toUint64(x); exact && !v.OverflowUint(u) {
			v.SetUint(u)
			ok = true
		}
	case reflect.Float32, reflect.Float64:
		if f, isNum := toFloat64(x); isNum && !math.IsNaN(f) && !math.IsInf(f, 0) && !v.OverflowFloat(f) {
			v.SetFloat(f)
			ok = true
		}
	default:
		// Not a type the scenario uses; let yaml.v3 try.
		if err := n.Decode(v.Addr().Interface()); err == nil {
			ok = true
		}
	}
	if !ok {
		d.fail(n, path, "want %s, got %s", want, describe(n))
	}
}

// toInt64 converts a yaml.v3 scalar to an int64 if it is a whole number in
// range.
func toInt64(x any) (int64, bool) {
	switch x := x.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case uint64:
		return int64(x), x <= math.MaxInt64
	case float64:
		if x == math.Trunc(x) && x >= -(1<<63) && x < 1<<63 {
			return int64(x), true
		}
	}
	return 0, false
}

// toUint64 converts a yaml.v3 scalar to a uint64 if it is a whole number
// >= 0 in range.
func toUint64(x any) (uint64, bool) {
	switch x := x.(type) {
	case int:
		return uint64(x), x >= 0
	case int64:
		return uint64(x), x >= 0
	case uint64:
		return x, true
	case float64:
		if x == math.Trunc(x) && x >= 0 && x < 1<<64 {
			return uint64(x), true
		}
	}
	return 0, false
}

// toFloat64 converts a yaml.v3 numeric scalar to a float64.
func toFloat64(x any) (float64, bool) {
	switch x := x.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// wantText says in words what a value of type t looks like.
func wantText(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number >= 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	}
	return "a " + t.String()
}

// describe says in words what node n holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	if isNull(n) {
		return "nothing (null)"
	}
	s := n.Value
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	if tag := n.ShortTag(); tag == "!!int" || tag == "!!float" || tag == "!!bool" {
		return s
	}
	return strconv.Quote(s)
}

// isNull reports whether n is a null scalar: ~, null, or nothing at all.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// suggest returns " (did you mean "x"?)" for the known name closest to
// name, or else a list of the known names.
func suggest(name string, known []string) string {
	if s := didYouMean(name, known); s != "" {
		return s
	}
	if len(known) == 0 {
		return ""
	}
	return " (known: " + strings.Join(known, ", ") + ")"
}
