package inputfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

// lineExtends is a test Extends: a file extends the name on a first line
// "extends NAME".
func lineExtends(_ string, data []byte) (string, int, error) {
	first, _, _ := strings.Cut(string(data), "\n")
	if name, ok := strings.CutPrefix(first, "extends "); ok {
		return name, 1, nil
	}
	return "", 0, nil
}

// TestReadChainBaseFirst: a chain is read from the named file to the one
// that extends nothing, each name relative to the directory of the file
// giving it, and returned base first.
func TestReadChainBaseFirst(t *testing.T) {
	dir := t.TempDir()
	inputfiletest.WriteFiles(t, dir, map[string]string{
		"top.yaml":      "extends sub/mid.yaml\ntop",
		"sub/mid.yaml":  "extends ../base.yaml\nmid",
		"base.yaml":     "base",
		"abs/self.yaml": "extends " + filepath.Join(dir, "base.yaml") + "\nabs",
	})
	chain, err := inputfile.ReadChain(filepath.Join(dir, "top.yaml"), inputfile.Targets, lineExtends)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range chain {
		got = append(got, strings.TrimPrefix(l.Path, dir+string(filepath.Separator))+"="+string(l.Data[strings.LastIndexByte(string(l.Data), '\n')+1:]))
	}
	if got, want := strings.Join(got, " "), "base.yaml=base sub/mid.yaml=mid top.yaml=top"; got != want {
		t.Errorf("chain %s, want %s", got, want)
	}
	chain, err = inputfile.ReadChain(filepath.Join(dir, "abs", "self.yaml"), inputfile.Targets, lineExtends)
	if err != nil || len(chain) != 2 || string(chain[0].Data) != "base" {
		t.Errorf("an absolute extends: %v, %v", chain, err)
	}
}

// TestReadChainRefusesWhatCannotEnd: every chain that cannot be followed
// to a base is refused with the file and line of the extends at fault —
// a file extending itself, a longer cycle, a cycle through a symbolic
// link, a chain of more than inputfile.MaxChain distinct files, and a parent that
// is missing, a directory or a named pipe (which would block a reader).
func TestReadChainRefusesWhatCannotEnd(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"self.yaml":    "extends self.yaml\n",
		"a.yaml":       "extends b.yaml\n",
		"b.yaml":       "extends c.yaml\n",
		"c.yaml":       "extends a.yaml\n",
		"viaLink.yaml": "extends link.yaml\n",
		"missing.yaml": "extends nowhere.yaml\n",
		"dir.yaml":     "extends sub\n",
		"fifo.yaml":    "extends pipe\n",
		"sub/x":        "",
	}
	for i := range inputfile.MaxChain + 1 {
		files[fmt.Sprintf("long%02d.yaml", i)] = fmt.Sprintf("extends long%02d.yaml\n", i+1)
	}
	files[fmt.Sprintf("long%02d.yaml", inputfile.MaxChain+1)] = "base"
	inputfiletest.WriteFiles(t, dir, files)
	if err := os.Symlink(filepath.Join(dir, "viaLink.yaml"), filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, at, want string }{
		{"self.yaml", "self.yaml:1", "a cycle"},
		{"a.yaml", "c.yaml:1", "a cycle"},
		{"viaLink.yaml", "viaLink.yaml:1", "a cycle"}, // link.yaml is viaLink.yaml
		{"long00.yaml", fmt.Sprintf("long%02d.yaml:1", inputfile.MaxChain-1), fmt.Sprintf("more than %d files", inputfile.MaxChain)},
		{"missing.yaml", "missing.yaml:1", "cannot read"},
		{"dir.yaml", "dir.yaml:1", "is a directory"},
		{"fifo.yaml", "fifo.yaml:1", "named pipe"},
	} {
		_, err := inputfile.ReadChain(filepath.Join(dir, c.file), inputfile.Targets, lineExtends)
		var ce *inputfile.ChainError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.at+": extends: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a *ChainError at %s saying %q", c.file, err, c.at, c.want)
		}
	}
	if _, err := inputfile.ReadChain(filepath.Join(dir, "missing.yaml"), inputfile.Targets, lineExtends); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing parent: %v does not unwrap to fs.ErrNotExist", err)
	}
}

// TestExtendsKey: extends: in a YAML mapping names the parent; null or
// absent names none; anything but a non-empty string is refused at its
// line; what is not a mapping is left to the file's own parser.
func TestExtendsKey(t *testing.T) {
	ext := inputfile.ExtendsKey("targets file")
	for _, c := range []struct {
		data, parent string
		line         int
		bad          bool
	}{
		{"extends: base.yaml\ntargets: []\n", "base.yaml", 1, false},
		{"targets: []\nextends: '../b.yaml'\n", "../b.yaml", 2, false},
		{"extends: ~\n", "", 0, false},
		{"targets: []\n", "", 0, false},
		{"- a\n- b\n", "", 0, false},
		{"{{{", "", 0, false},
		{"extends: [a, b]\n", "", 1, true},
		{"extends: 5\n", "", 1, true},
		{"extends: ''\n", "", 1, true},
		{"extends: {a: b}\n", "", 1, true},
	} {
		parent, line, err := ext("f.yaml", []byte(c.data))
		if parent != c.parent || (err != nil) != c.bad || !c.bad && line != c.line {
			t.Errorf("%q: %q, %d, %v; want %q, %d, error %v", c.data, parent, line, err, c.parent, c.line, c.bad)
		}
		if c.bad && !strings.Contains(fmt.Sprint(err), "f.yaml:1: extends: want the name of a targets file") {
			t.Errorf("%q: %v", c.data, err)
		}
	}
}
