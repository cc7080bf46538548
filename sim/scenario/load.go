package scenario

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/inputfile"
)

// maxAliasNodes bounds the nodes created by expanding YAML aliases, against
// "billion laughs" documents that are small on disk and huge when expanded.
const maxAliasNodes = 200_000

// maxDepth bounds how deeply mappings and lists may nest. Real scenarios
// nest a dozen levels; the bound keeps the work per node (whose field path
// grows with depth) small whatever the input.
const maxDepth = 100

// Load reads the scenario file at path, resolves its extends: chain, decodes
// it strictly, applies defaults and validates it. See LoadBytes.
func Load(path string) (*Scenario, error) { return load(path, defaultReads()) }

// reads are how a load reads what the scenario names beyond its files:
// tests replace them to count the reads.
type reads struct {
	// census reads the census at path; nil leaves it unread, for a load
	// whose scenario is loaded again with changes (LoadWith).
	census func(path string) (*census.File, error)
	// cache, if not nil, holds the files parsed by earlier loads.
	cache *Cache
}

// defaultReads read the census from disk.
func defaultReads() reads { return reads{census: census.Read} }

func load(path string, r reads) (*Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: readErrMsg(err), Err: err}}
	}
	return loadBytes(path, data, r)
}

// LoadBytes is Load for a scenario already in memory. name is the file name
// used in messages, as the default scenario name, and to find files named by
// extends:, which are read from disk relative to filepath.Dir(name).
//
// Loading proceeds in stages, each reporting every problem it finds before
// the next runs:
//
//  1. Parse each file (syntax errors stop here), expand aliases and <<
//     merge keys, reject duplicate keys, and follow extends: (a missing file
//     or a cycle stops here).
//  2. Merge each file over the one it extends (see Scenario.Extends).
//  3. Decode strictly: unknown keys, wrong types, bad units and missing
//     required fields are errors; absent optional fields get their defaults
//     (the default:"…" struct tags in types.go; the name defaults to name's
//     base without extension; a place may omit sites: when there is exactly
//     one site, and then sends all its arrivals there).
//  4. Validate (Scenario.Validate).
//  5. Read the census, if the scenario names one (see Scenario.Census),
//     once: its rows and a hash of its bytes stay with the Scenario, so
//     that what runs and what is hashed are the file as it was then. A
//     census that cannot be read or breaks its format is an error at the
//     census: field, whose message names the census file, line and
//     column.
//
// On failure the error is an Errors listing each problem as
// "file:line: field: message", with file and line pointing at the file of
// the chain that set the offending value; the *Scenario is nil. LoadBytes
// never panics, whatever data holds.
func LoadBytes(name string, data []byte) (*Scenario, error) {
	return loadBytes(name, data, defaultReads())
}

func loadBytes(name string, data []byte, r reads) (*Scenario, error) {
	l := &loader{origin: map[*yaml.Node]string{}, cache: r.cache}
	root, err := l.resolve(name, data, nil)
	if err != nil {
		return nil, Errors{err}
	}
	top := &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	l.origin[top] = name

	s := new(Scenario)
	d := &decoder{l: l}
	d.decode(root, reflect.ValueOf(s).Elem(), nil, top)
	if len(d.errs) > 0 {
		return nil, l.sorted(d.errs)
	}
	if s.Name == "" {
		s.Name = defaultName(name)
	}
	s.fillShares()
	if s.Census != "" {
		// A census named in a file of the extends chain is relative to
		// that file, wherever the loaded file is.
		s.censusFrom = l.fileOf(locate(root, top, Path{"census"}))
	}
	for i := len(l.files) - 1; i >= 0; i-- {
		s.Sources = append(s.Sources, l.files[i])
	}
	if ferrs := s.Validate(); len(ferrs) > 0 {
		errs := make([]*Error, len(ferrs))
		for i, fe := range ferrs {
			at := locate(root, top, fe.Path)
			errs[i] = &Error{File: l.fileOf(at), Line: at.Line, Field: fe.Path.String(), Msg: fe.Msg}
		}
		return nil, l.sorted(errs)
	}
	s.Warnings = l.warnings
	unfed := s.siteKeysWithoutArrivals()
	for _, key := range unfed {
		at := locate(root, top, Path{"sites", key})
		s.Warnings = append(s.Warnings, &Error{File: l.fileOf(at), Line: at.Line, Field: Path{"sites", key}.String(),
			Msg: "receives no patients: no place sends it a share of its arrivals, and it has no electives or direct SDEC referrals"})
	}
	for _, u := range s.unusedUnits(unfed) {
		at := locate(root, top, u.path)
		s.Warnings = append(s.Warnings, &Error{File: l.fileOf(at), Line: at.Line, Field: u.path.String(), Msg: u.msg})
	}
	if s.Census != "" && r.census != nil {
		if err := s.readCensus(r.census); err != nil {
			at := locate(root, top, Path{"census"})
			return nil, Errors{{File: l.fileOf(at), Line: at.Line, Field: "census", Msg: censusMsg(s.CensusPath(), err), Err: err}}
		}
	}
	return s, nil
}

// defaultName is the scenario name for file name: its base without
// extension.
func defaultName(name string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if base == "" || base == "." || base == string(filepath.Separator) {
		return "scenario"
	}
	return base
}

// fillShares sends all of a place's arrivals to the only site when the
// place names no sites, so that the loaded Scenario is explicit.
func (s *Scenario) fillShares() {
	if len(s.Sites) != 1 {
		return
	}
	for site := range s.Sites {
		for _, p := range s.Places {
			if p != nil && len(p.Sites) == 0 {
				p.Sites = map[string]float64{site: 1}
			}
		}
	}
}

// loader holds the state of one Load: which file each node came from and
// the files read.
type loader struct {
	// origin maps every node of the resolved tree to the file it was read
	// from, so that errors found after merging name the right file.
	origin map[*yaml.Node]string
	// files are the names of the files read, the loaded file first.
	files []string
	// aliasNodes counts nodes created by expanding aliases.
	aliasNodes int
	// warnings are the load's findings that are legal but likely
	// mistakes (an extends file adding a site its base lacks).
	warnings []*Error
	// cache, if not nil, holds files parsed before.
	cache *Cache
}

// fileOf returns the file node n came from.
func (l *loader) fileOf(n *yaml.Node) string {
	if f, ok := l.origin[n]; ok {
		return f
	}
	if len(l.files) > 0 {
		return l.files[0]
	}
	return ""
}

// sorted returns errs as Errors ordered by file (in reading order), line,
// field and message.
func (l *loader) sorted(errs []*Error) Errors {
	rank := func(file string) int {
		if i := slices.Index(l.files, file); i >= 0 {
			return i
		}
		return len(l.files)
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(rank(a.File), rank(b.File)),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return Errors(slices.CompactFunc(errs, func(a, b *Error) bool {
		return a.File == b.File && a.Line == b.Line && a.Field == b.Field && a.Msg == b.Msg
	}))
}

// link is one file in a chain of extends:, for cycle detection.
type link struct {
	name string // as shown in messages
	key  string // absolute, symlinks resolved
}

// resolve parses data, read from file name, and merges it over the file it
// extends, recursively. chain is the files that led here.
func (l *loader) resolve(name string, data []byte, chain []link) (*yaml.Node, *Error) {
	l.files = append(l.files, name)
	root, err := l.parse(name, data)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(pairs(root), func(k *yaml.Node) bool { return k.Value == "extends" })
	if i < 0 {
		return root, nil
	}
	k, v := root.Content[2*i], root.Content[2*i+1]
	root.Content = slices.Delete(root.Content, 2*i, 2*i+2)
	if isNull(v) {
		return root, nil
	}
	if v.Kind != yaml.ScalarNode || v.Value == "" {
		return nil, &Error{File: name, Line: v.Line, Field: "extends", Msg: "want the name of a scenario file, got " + describe(v)}
	}
	parent := v.Value
	if !filepath.IsAbs(parent) {
		parent = filepath.Join(filepath.Dir(name), parent)
	}
	chain = append(slices.Clip(chain), link{name, inputfile.FileKey(name)})
	pkey := inputfile.FileKey(parent)
	for _, c := range chain {
		if c.key == pkey {
			names := make([]string, 0, len(chain)+1)
			for _, c := range chain {
				names = append(names, c.name)
			}
			names = append(names, parent)
			return nil, &Error{File: name, Line: k.Line, Msg: "extends cycle: " + strings.Join(names, " → ")}
		}
	}
	pdata, rerr := readFile(parent)
	if rerr != nil {
		return nil, &Error{File: name, Line: k.Line, Field: "extends",
			Msg: fmt.Sprintf("cannot read %s: %s", parent, readErrMsg(rerr)), Err: rerr}
	}
	base, err := l.resolve(parent, pdata, chain)
	if err != nil {
		return nil, err
	}
	// A scenario's name is its own: an intervention file that does not set
	// one is named after its file, not after the baseline it extends.
	if j := slices.IndexFunc(pairs(base), func(k *yaml.Node) bool { return k.Value == "name" }); j >= 0 {
		base.Content = slices.Delete(base.Content, 2*j, 2*j+2)
	}
	l.warnAdded(base, root, parent, nil)
	return l.merge(base, root), nil
}

// keyedCollections are the mappings whose keys name things a scenario
// has — sites, places, cohorts, virtual wards — with the word for one of
// them. (A place's shares by site or cohort are checked against the
// scenario's sites and cohorts by Validate: a misspelt key is an error.) An extends file that adds
// a key to one that its base already has is legal (a new site) but more
// often a typo ("QMC:" for "qmc:" adds a fifth site with no arrivals).
var keyedCollections = []struct {
	path []string // "*" matches any key
	what string
}{
	{[]string{"sites"}, "site"},
	{[]string{"places"}, "place"},
	{[]string{"cohorts"}, "cohort"},
	{[]string{"virtual_wards"}, "virtual ward"},
}

// warnAdded records a warning for each key that over adds to a keyed
// collection that base has, recursing through the mappings both have;
// path is where base and over are, parent the file over extends.
func (l *loader) warnAdded(base, over *yaml.Node, parent string, path []string) {
	if base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode {
		return
	}
	baseAt := map[string]*yaml.Node{}
	var baseKeys []string
	for i := 0; i+1 < len(base.Content); i += 2 {
		baseAt[base.Content[i].Value] = base.Content[i+1]
		baseKeys = append(baseKeys, base.Content[i].Value)
	}
	what := ""
	for _, c := range keyedCollections {
		if matchPath(c.path, path) {
			what = c.what
		}
	}
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		bv, ok := baseAt[k.Value]
		switch {
		case ok:
			l.warnAdded(bv, v, parent, append(slices.Clip(path), k.Value))
		case what != "" && len(baseKeys) > 0 && !isNull(v):
			msg := fmt.Sprintf("adds a %s that %s does not have", what, parent)
			if near := didYouMean(k.Value, baseKeys); near != "" {
				msg += near
			} else {
				msg += " (it has " + strings.Join(baseKeys, ", ") + ")"
			}
			l.warnings = append(l.warnings, &Error{File: l.fileOf(k), Line: k.Line,
				Field: Path(append(slices.Clip(path), k.Value)).String(), Msg: msg})
		}
	}
}

// matchPath reports whether path matches pattern, "*" matching any key.
func matchPath(pattern, path []string) bool {
	if len(pattern) != len(path) {
		return false
	}
	for i := range pattern {
		if pattern[i] != "*" && pattern[i] != path[i] {
			return false
		}
	}
	return true
}

// siteKeysWithoutArrivals returns the sites, in key order, that no place
// sends a positive share of its arrivals and that have no electives or
// direct SDEC referrals of their own.
func (s *Scenario) siteKeysWithoutArrivals() []string {
	var out []string
	for _, key := range slices.Sorted(maps.Keys(s.Sites)) {
		site := s.Sites[key]
		if site == nil || site.Electives != nil || (site.SDEC != nil && site.SDEC.Direct > 0) {
			continue
		}
		fed := false
		for _, p := range s.Places {
			if p != nil && p.Sites[key] > 0 && p.Arrivals > 0 {
				fed = true
			}
		}
		if !fed {
			out = append(out, key)
		}
	}
	return out
}

// pairs returns the keys of mapping n.
func pairs(n *yaml.Node) []*yaml.Node {
	keys := make([]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i])
	}
	return keys
}

// merge returns over merged onto base, both mappings: keys of over replace
// those of base, except that where both values are mappings they are merged
// recursively; a null in over deletes the key. Lists and scalars are
// replaced whole. Key order is base's, then over's new keys.
func (l *loader) merge(base, over *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: over.Tag, Style: over.Style, Line: over.Line, Column: over.Column}
	l.origin[out] = l.fileOf(over)
	overAt := map[string]int{}
	for i := 0; i+1 < len(over.Content); i += 2 {
		overAt[over.Content[i].Value] = i
	}
	used := map[string]bool{}
	for i := 0; i+1 < len(base.Content); i += 2 {
		bk, bv := base.Content[i], base.Content[i+1]
		j, ok := overAt[bk.Value]
		if !ok {
			out.Content = append(out.Content, bk, bv)
			continue
		}
		used[bk.Value] = true
		ok2, ov := over.Content[j], over.Content[j+1]
		switch {
		case isNull(ov):
		case bv.Kind == yaml.MappingNode && ov.Kind == yaml.MappingNode:
			out.Content = append(out.Content, ok2, l.merge(bv, ov))
		default:
			out.Content = append(out.Content, ok2, ov)
		}
	}
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		if !used[k.Value] && !isNull(v) {
			out.Content = append(out.Content, k, v)
		}
	}
	return out
}

// parse parses one file into a fresh mapping node with aliases and merge
// keys expanded and every node's origin recorded.
func (l *loader) parse(name string, data []byte) (*yaml.Node, *Error) {
	doc := l.cache.doc(name, data)
	if doc == nil {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		doc = new(yaml.Node)
		err := dec.Decode(doc)
		if errors.Is(err, io.EOF) {
			return l.emptyMapping(name), nil
		}
		if err != nil {
			return nil, syntaxError(name, data, err)
		}
		var extra yaml.Node
		if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
			if err != nil {
				return nil, syntaxError(name, data, err)
			}
			return nil, &Error{File: name, Line: max(extra.Line, 1), Msg: "a scenario file holds one YAML document; remove the second ---"}
		}
		l.cache.keep(name, data, doc)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return l.emptyMapping(name), nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		// Only the kind, never the content: the file may not be a
		// scenario at all (extends: /etc/passwd).
		return nil, &Error{File: name, Line: root.Line, Msg: "not a flowsim scenario: want a mapping of settings (name:, places:, sites:, …) at the top level, got " + describeKind(root)}
	}
	out, cerr := l.copy(name, root, nil, map[*yaml.Node]bool{}, false)
	if cerr == nil && !hasScenarioKey(out) {
		return nil, &Error{File: name, Line: root.Line, Msg: "not a flowsim scenario: none of its top-level keys is a scenario setting (extends:, name:, places:, sites:, …)"}
	}
	return out, cerr
}

// hasScenarioKey reports whether mapping n is empty or has at least one
// key that is a field of Scenario. A file with none is not a scenario, and
// its keys and values are not repeated in messages.
func hasScenarioKey(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true
	}
	fields := (&decoder{}).fieldsOf(reflect.TypeFor[Scenario]())
	for i := 0; i+1 < len(n.Content); i += 2 {
		if _, ok := fields.byName[n.Content[i].Value]; ok || n.Content[i].Value == "extends" {
			return true
		}
	}
	return false
}

// describeKind names what n is without quoting it.
func describeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing (null)"
		}
		return "text"
	case yaml.AliasNode:
		return "an alias"
	}
	return describe(n)
}

// emptyMapping returns an empty top-level mapping for an empty file.
func (l *loader) emptyMapping(name string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	l.origin[n] = name
	return n
}

// copy returns a deep copy of n, read from file, with aliases replaced by
// copies of what they refer to and << merge keys applied, recording the
// origin of every new node. active holds the anchors being expanded, to
// catch an alias inside its own anchor; inAlias says whether this copy is
// the expansion of an alias, which counts against maxAliasNodes.
func (l *loader) copy(file string, n *yaml.Node, path Path, active map[*yaml.Node]bool, inAlias bool) (*yaml.Node, *Error) {
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if t == nil {
			return nil, &Error{File: file, Line: n.Line, Field: path.String(), Msg: fmt.Sprintf("unknown alias *%s", n.Value)}
		}
		if active[t] {
			return nil, &Error{File: file, Line: n.Line, Field: path.String(), Msg: fmt.Sprintf("alias *%s is inside the value it refers to", n.Value)}
		}
		return l.copy(file, t, path, active, true)
	}
	if len(path) > maxDepth {
		return nil, &Error{File: file, Line: n.Line, Field: path[:3].String() + "…",
			Msg: fmt.Sprintf("nested more than %d levels deep", maxDepth)}
	}
	if inAlias {
		l.aliasNodes++
		if l.aliasNodes > maxAliasNodes {
			return nil, &Error{File: file, Line: n.Line, Field: path.String(),
				Msg: fmt.Sprintf("aliases expand to more than %d values", maxAliasNodes)}
		}
	}
	if n.Anchor != "" {
		// An alias inside its own anchor's value would expand forever.
		active[n] = true
		defer delete(active, n)
	}
	out := &yaml.Node{Kind: n.Kind, Style: n.Style, Tag: n.Tag, Value: n.Value, Line: n.Line, Column: n.Column}
	l.origin[out] = file
	switch n.Kind {
	case yaml.SequenceNode:
		out.Content = make([]*yaml.Node, 0, len(n.Content))
		for i, item := range n.Content {
			c, err := l.copy(file, item, path.With(index(i)), active, inAlias)
			if err != nil {
				return nil, err
			}
			out.Content = append(out.Content, c)
		}
	case yaml.MappingNode:
		seen := map[string]int{}
		var merges []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.AliasNode && k.Alias != nil {
				k = k.Alias
			}
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{File: file, Line: k.Line, Field: path.String(), Msg: "a key must be a plain name, got " + describe(k)}
			}
			if k.ShortTag() == "!!merge" {
				merges = append(merges, v)
				continue
			}
			if first, dup := seen[k.Value]; dup {
				return nil, &Error{File: file, Line: k.Line, Field: path.With(k.Value).String(),
					Msg: fmt.Sprintf("duplicate key (first at line %d)", first)}
			}
			seen[k.Value] = k.Line
			kc, err := l.copy(file, k, path, active, inAlias)
			if err != nil {
				return nil, err
			}
			vc, err := l.copy(file, v, path.With(k.Value), active, inAlias)
			if err != nil {
				return nil, err
			}
			out.Content = append(out.Content, kc, vc)
		}
		// Keys written in the mapping win over merged ones; among merged
		// mappings the first wins (YAML merge key semantics).
		for _, m := range merges {
			mc, err := l.copy(file, m, path, active, inAlias)
			if err != nil {
				return nil, err
			}
			sources := []*yaml.Node{mc}
			if mc.Kind == yaml.SequenceNode {
				sources = mc.Content
			}
			for _, src := range sources {
				if src.Kind != yaml.MappingNode {
					return nil, &Error{File: file, Line: m.Line, Field: path.String(),
						Msg: "<< must merge a mapping or a list of mappings, got " + describe(src)}
				}
				for i := 0; i+1 < len(src.Content); i += 2 {
					if _, dup := seen[src.Content[i].Value]; !dup {
						seen[src.Content[i].Value] = src.Content[i].Line
						out.Content = append(out.Content, src.Content[i], src.Content[i+1])
					}
				}
			}
		}
	}
	return out, nil
}

// locate returns the node to blame for a problem at path in the resolved
// tree root: the key that holds the value, or, when the path leads to
// something absent, the key of the deepest mapping on the way (top for the
// top level).
func locate(root, top *yaml.Node, path Path) *yaml.Node {
	n, at := root, top
	for _, seg := range path {
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == seg {
					at, n = n.Content[i], n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return at
			}
		case yaml.SequenceNode:
			i, ok := isIndex(seg)
			if !ok || i >= len(n.Content) {
				return at
			}
			at, n = n.Content[i], n.Content[i]
		default:
			return at
		}
	}
	return at
}

// readFile reads a scenario file: a regular file within the limit of
// inputfile.Scenario, so that a path such as /dev/zero, a named pipe or a
// stray data file can neither block nor exhaust memory.
func readFile(path string) ([]byte, error) { return inputfile.ReadFile(path, inputfile.Scenario) }

// readErrMsg is the reason in a file-reading error, without the path that
// the message around it already names.
func readErrMsg(err error) string { return inputfile.Reason(err) }

// yamlLine matches yaml.v3's "yaml: line N: message" errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlUnknownAnchor matches yaml.v3's error for an alias with no anchor.
var yamlUnknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). For those, yaml.v3 reports the 0-based line of the construct
// being parsed, or none when that is the first line.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// syntaxError turns a yaml.v3 parse error into an Error at file:line.
func syntaxError(name string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	switch {
	case slices.Contains(parserProblems, msg):
		line++ // 0-based, and absent for 0
	case line > 0:
	case yamlUnknownAnchor.MatchString(err.Error()):
		alias := "*" + yamlUnknownAnchor.FindStringSubmatch(err.Error())[1]
		if i := bytes.Index(data, []byte(alias)); i >= 0 {
			line = lineAt(data, i)
		}
		// The line says where; the name is not repeated, in case the
		// file is not a scenario.
		msg = "an alias (*name) refers to an anchor (&name) not defined before it"
	default:
		// Reader errors (bad UTF-8, control characters) have no line.
		line = badCharLine(data)
	}
	// yaml.v3 places a problem at the end of the input on the line after
	// the last one.
	line = max(min(line, lineAt(data, len(data))), 1)
	return &Error{File: name, Line: line, Msg: msg, Err: err}
}

// badCharLine returns the line of the first byte of data that is not valid
// UTF-8 or is a character YAML does not allow, or 0.
func badCharLine(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		ok := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7e) || r == 0x85 ||
			(r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || (r >= 0x10000 && r <= 0x10ffff)
		if !ok || (r == utf8.RuneError && size <= 1) {
			return lineAt(data, i)
		}
		i += size
	}
	return 0
}

// lineAt returns the 1-based line of byte offset i in data, counting line
// breaks as YAML does: LF, CR, CR LF, NEL, LS and PS. An offset just after
// a final line break counts as the last line, not a new one.
func lineAt(data []byte, i int) int {
	line := 1
	for j := 0; j < i && j < len(data); {
		r, size := utf8.DecodeRune(data[j:])
		switch r {
		case '\r':
			if j+1 < len(data) && data[j+1] == '\n' {
				size = 2
			}
			fallthrough
		case '\n', 0x85, 0x2028, 0x2029:
			if j+size < len(data) {
				line++
			}
		}
		j += size
	}
	return line
}
