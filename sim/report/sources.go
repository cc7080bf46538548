package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Param is one setting of a scenario, as written in its files, with the
// source comment written next to it.
type Param struct {
	// Path is the setting's YAML path, e.g. "sites.qmc.beds.capacity".
	Path string
	// Value is the value as written: a scalar, or a list or distribution
	// in flow style ("{dist: lognormal, median: 7d, p95: 45d}").
	Value string
	// Comment is the source comment: the comment on the setting's line
	// (or on an enclosing one-line map or list), else the comment on the
	// line above it.
	Comment string
	// Grade is the source grade the comment starts with: S (seed
	// document), P (public data), D (derived), E (estimate), or a
	// combination such as "S/D"; empty if none.
	Grade string
	// File and Line say where the value was written (the last file of the
	// extends: chain to set it).
	File string
	Line int
	// Section marks a note on a group of settings (a comment above a
	// block such as cohorts:), with no value.
	Section bool
}

// SourceFile is one file of a scenario's extends: chain.
type SourceFile struct {
	Path string
	// Header is the comment at the top of the file.
	Header string
}

// Sources is what a scenario's files say about its settings.
type Sources struct {
	// Files are the extends: chain, the base first.
	Files  []SourceFile
	Params []Param
}

// gradeRE matches a source grade at the start of a comment: "E", "S/D:",
// "P/E: …".
var gradeRE = regexp.MustCompile(`^([SPDE](?:/[SPDE])*)(?:[:,;.)]|\s|$)`)

// Grades explains the source grades.
var Grades = []struct{ Code, Meaning string }{
	{"S", "seed document (the commissioning plan the model was built from)"},
	{"P", "public NHS data or published literature"},
	{"D", "derived from S or P figures by arithmetic"},
	{"E", "estimate: a modelling judgement, tuned to calibration targets where so marked"},
}

// ReadSources reads the scenario file path and the files it extends, and
// lists every setting with its value and source comment, merged as the
// loader merges them: later files override earlier ones key by key. The
// chain of files is the loader's own (scenario.Chain); this only reads
// their comments.
func ReadSources(path string) (*Sources, error) {
	chain, err := scenario.Chain(path)
	if err != nil {
		return nil, err
	}
	roots := make([]*yaml.Node, len(chain))
	docs := make([]*yaml.Node, len(chain))
	for i, p := range chain {
		data, err := inputfile.ReadFile(p, inputfile.Scenario)
		if err != nil {
			return nil, err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		root := &yaml.Node{Kind: yaml.MappingNode}
		if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
			root = doc.Content[0]
		}
		roots[i], docs[i] = root, &doc
	}
	s := &Sources{}
	var merged *pnode
	for i, file := range chain {
		root := roots[i]
		// The comment at the top of a file belongs to the document when a
		// blank line follows it, else to the first key.
		header := cleanComment(docs[i].HeadComment)
		if len(root.Content) > 0 {
			header = strings.TrimSpace(header + "\n" + cleanComment(root.Content[0].HeadComment))
			root.Content[0].HeadComment = ""
		}
		s.Files = append(s.Files, SourceFile{Path: file, Header: header})
		tree := build(file, root)
		delete(tree.kids, "extends")
		tree.keys = remove(tree.keys, "extends")
		if merged == nil {
			merged = tree
		} else {
			merged = merge(merged, tree)
		}
	}
	if merged != nil {
		flatten(&s.Params, "", merged, "")
	}
	return s, nil
}

// pnode is a setting in a scenario's files: a mapping of settings, or a
// leaf value (a scalar or a list), with its comments.
type pnode struct {
	isMap bool
	keys  []string
	kids  map[string]*pnode
	// flow marks a mapping written on one line: its comment applies to
	// everything in it.
	flow  bool
	null  bool
	value string
	// comment is the source comment; note the comment above a mapping,
	// written at noteFile:noteLine.
	comment, note string
	file          string
	line          int
	noteFile      string
	noteLine      int
}

func build(file string, n *yaml.Node) *pnode {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	p := &pnode{file: file, line: n.Line}
	switch n.Kind {
	case yaml.MappingNode:
		p.isMap, p.kids, p.flow = true, map[string]*pnode{}, n.Style&yaml.FlowStyle != 0
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" { // merge keys: rare in scenarios; listed as written
				continue
			}
			c := build(file, v)
			c.line = k.Line
			c.comment = firstNonEmpty(cleanComment(k.LineComment), cleanComment(v.LineComment), c.comment)
			// The comment above a block of settings is a note on the
			// block; above a one-line setting it is the setting's source.
			head := cleanComment(k.HeadComment)
			if c.isMap && !c.flow {
				c.note, c.noteFile, c.noteLine = head, file, k.Line
			} else if c.comment == "" {
				c.comment = head
			}
			if _, dup := p.kids[k.Value]; !dup {
				p.keys = append(p.keys, k.Value)
			}
			p.kids[k.Value] = c
		}
	case yaml.SequenceNode:
		p.value = render(n)
		var items []string
		for _, it := range n.Content {
			if c := cleanComment(it.LineComment); c != "" {
				items = append(items, c)
			}
		}
		p.comment = strings.Join(items, "; ")
	default:
		p.value = n.Value
		p.null = n.Tag == "!!null" || (n.Kind == yaml.ScalarNode && n.Value == "~")
	}
	return p
}

// merge lays over on base as the scenario loader does: mappings merge key
// by key, a null deletes, anything else replaces.
func merge(base, over *pnode) *pnode {
	if !base.isMap || !over.isMap {
		return over
	}
	out := &pnode{isMap: true, kids: map[string]*pnode{}, flow: over.flow,
		comment: firstNonEmpty(over.comment, base.comment),
		note:    over.note, noteFile: over.noteFile, noteLine: over.noteLine,
		file: over.file, line: over.line}
	if over.note == "" {
		out.note, out.noteFile, out.noteLine = base.note, base.noteFile, base.noteLine
	}
	for _, k := range base.keys {
		out.keys = append(out.keys, k)
		out.kids[k] = base.kids[k]
	}
	for _, k := range over.keys {
		o := over.kids[k]
		b, ok := out.kids[k]
		switch {
		case o.null:
			delete(out.kids, k)
			out.keys = remove(out.keys, k)
		case ok:
			out.kids[k] = merge(b, o)
		default:
			out.keys = append(out.keys, k)
			out.kids[k] = o
		}
	}
	return out
}

// flatten lists the settings under n. A distribution (a mapping with a
// dist key) is one setting; comments of one-line mappings and of mapping
// keys pass down to the settings inside that have none of their own.
func flatten(out *[]Param, path string, n *pnode, inherited string) {
	if n.isMap && n.kids["dist"] == nil {
		if n.note != "" && path != "" {
			*out = append(*out, Param{Path: path, Comment: n.note, Grade: grade(n.note), File: n.noteFile, Line: n.noteLine, Section: true})
		}
		inh := firstNonEmpty(n.comment, inherited)
		for _, k := range n.keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(out, p, n.kids[k], inh)
		}
		return
	}
	value := n.value
	if n.isMap {
		value = renderTree(n)
	}
	c := firstNonEmpty(n.comment, inherited)
	*out = append(*out, Param{Path: path, Value: value, Comment: c, Grade: grade(c), File: n.file, Line: n.line})
}

// render writes a YAML node in flow style on one line.
func render(n *yaml.Node) string {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			parts[i] = render(c)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+": "+render(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return n.Value
}

// renderTree writes a merged mapping in flow style.
func renderTree(n *pnode) string {
	if !n.isMap {
		return n.value
	}
	parts := make([]string, 0, len(n.keys))
	for _, k := range n.keys {
		parts = append(parts, k+": "+renderTree(n.kids[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// cleanComment strips the # marks from a YAML comment and drops editor
// directives (# yaml-language-server: …).
func cleanComment(c string) string {
	if c == "" {
		return ""
	}
	var lines []string
	for _, l := range strings.Split(c, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimPrefix(l, "#"))
		if strings.HasPrefix(l, "yaml-language-server:") {
			continue
		}
		lines = append(lines, l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func grade(comment string) string {
	if m := gradeRE.FindStringSubmatch(comment); m != nil {
		return m[1]
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func remove(keys []string, k string) []string {
	out := keys[:0:0]
	for _, x := range keys {
		if x != k {
			out = append(out, x)
		}
	}
	return out
}

// findScenario looks for a scenario file named in a manifest: as written
// (relative to the working directory, as when the run was made), then
// relative to the run directory and each directory above it.
func findScenario(file, runDir string) (string, error) {
	if file == "" {
		return "", errors.New("the manifest names no scenario file")
	}
	if filepath.IsAbs(file) {
		return file, statFile(file)
	}
	if statFile(file) == nil {
		return file, nil
	}
	dir, err := filepath.Abs(runDir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, file)
		if statFile(p) == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("scenario file %s not found (looked in the working directory and above the run directory)", file)
}

func statFile(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file", p)
	}
	return nil
}
