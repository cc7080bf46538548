package inputfile

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxChain bounds an extends chain: a file that extends one that extends
// another, and so on, at most this many files in all. Real chains are two
// or three files long; the bound keeps a hostile chain of distinct files
// from reading without end.
const MaxChain = 16

// Linked is one file of an extends chain.
type Linked struct {
	// Path is the file as named: by the caller for the first file, else
	// joined to the directory of the file that extends it.
	Path string
	// Data is the file's bytes.
	Data []byte
}

// ChainError is an extends that cannot be followed: a cycle, a chain too
// long, a file that cannot be read.
type ChainError struct {
	// Path and Line are the file and line of the extends.
	Path string
	Line int
	// Msg says what is wrong, without the path and line.
	Msg string
	// Err is the read error, if any.
	Err error
}

// Error returns "path:line: extends: msg".
func (e *ChainError) Error() string { return fmt.Sprintf("%s:%d: extends: %s", e.Path, e.Line, e.Msg) }

// Unwrap returns the read error.
func (e *ChainError) Unwrap() error { return e.Err }

// Extends reads the name of the file that a file's data extends, and the
// line naming it, or "" when it extends none. Its error is the file's own
// (a syntax error, an extends that is not a name), and stops the chain.
type Extends func(path string, data []byte) (parent string, line int, err error)

// ReadChain reads the file at path, a file of kind k, and, while the file
// last read extends another (as extends reports), that one too: a name
// relative to the directory of the file that gives it. It refuses a cycle
// (a file extending itself, directly or not) and a chain of more than
// MaxChain files with a *ChainError naming the file and line of the
// extends that would close or pass it, and a file that cannot be read
// the same way (the first file's read error is returned as it is). The
// files are returned base first: the one that extends no other, and path
// last.
func ReadChain(path string, k Kind, extends Extends) ([]Linked, error) {
	data, err := ReadFile(path, k)
	if err != nil {
		return nil, err
	}
	chain := []Linked{{Path: path, Data: data}}
	keys := []string{FileKey(path)}
	for {
		child := chain[len(chain)-1]
		parent, line, err := extends(child.Path, child.Data)
		if err != nil {
			return nil, err
		}
		if parent == "" {
			break
		}
		if !filepath.IsAbs(parent) {
			parent = filepath.Join(filepath.Dir(child.Path), parent)
		}
		key := FileKey(parent)
		for i, other := range keys {
			if other == key {
				names := make([]string, 0, len(chain)+1)
				for _, c := range chain[i:] {
					names = append(names, c.Path)
				}
				return nil, &ChainError{Path: child.Path, Line: line, Msg: "a cycle: " + strings.Join(names, " → ") + " → " + parent}
			}
		}
		if len(chain) == MaxChain {
			return nil, &ChainError{Path: child.Path, Line: line, Msg: fmt.Sprintf("%s would make a chain of more than %d files", parent, MaxChain)}
		}
		data, err := ReadFile(parent, k)
		if err != nil {
			return nil, &ChainError{Path: child.Path, Line: line, Msg: "cannot read " + parent + ": " + Reason(err), Err: err}
		}
		chain = append(chain, Linked{Path: parent, Data: data})
		keys = append(keys, key)
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain, nil
}

// RelativeTo returns target as a path relative to dir, in slashes, so
// that a file in dir naming it (an extends:, an ensemble's scenario) finds
// it; target's absolute path when there is no relative one (another
// volume).
func RelativeTo(dir, target string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absTarget, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absTarget)
	if err != nil {
		return absTarget, nil
	}
	return filepath.ToSlash(rel), nil
}

// FileKey identifies the file a path names, for cycle detection: the
// absolute path with symbolic links resolved (as far as they resolve).
func FileKey(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		return filepath.Clean(name)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// ExtendsKey is the Extends of a YAML file whose top-level mapping may
// have an extends: key naming a file of the same kind (what names it in
// messages). Data that is not a YAML mapping extends nothing here: the
// file's own parser says what is wrong with it. An extends that is not a
// name is a *ChainError.
func ExtendsKey(what string) Extends {
	return func(path string, data []byte) (string, int, error) {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return "", 0, nil // the file's own parser reports it, with its line
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			return "", 0, nil
		}
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k, v := root.Content[i], root.Content[i+1]; k.Value == "extends" {
				if v.Tag == "!!null" {
					return "", 0, nil
				}
				if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "" {
					return "", 0, &ChainError{Path: path, Line: v.Line, Msg: "want the name of a " + what}
				}
				return v.Value, k.Line, nil
			}
		}
		return "", 0, nil
	}
}
