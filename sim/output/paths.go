package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxElement bounds the bytes of a name PathElement makes, well under the
// 255 bytes file systems allow, leaving room for suffixes.
const maxElement = 64

// PathElement turns s (a scenario's name, which is the user's text) into
// one safe element of a file path: letters, digits, '-', '_' and '.' are
// kept, every run of anything else (slashes, spaces, NUL, control
// characters) becomes one '_', leading dots are dropped (no "..", no
// hidden file), and the result is at most 64 bytes. It is never empty,
// never "." or "..", and never holds a path separator, so
// filepath.Join(dir, PathElement(s)) stays inside dir whatever s is.
func PathElement(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if r == utf8.RuneError || !ok {
			if !under {
				b.WriteByte('_')
				under = true
			}
			continue
		}
		if b.Len()+utf8.RuneLen(r) > maxElement {
			break
		}
		b.WriteRune(r)
		under = false
	}
	out := strings.TrimRight(strings.TrimLeft(b.String(), "._"), "_")
	if out == "" {
		return "scenario"
	}
	return out
}

// MkdirUnique creates a new directory at path, or, if something is
// already there, at path-2, path-3, …, and returns the one it created.
// Creating is what claims a name (os.Mkdir fails when it exists), so
// runs started in the same second, even at once, never share a
// directory. Missing parents are created.
func MkdirUnique(path string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("create output directory: %w", err)
	}
	for i := 1; i <= 1000; i++ {
		p := path
		if i > 1 {
			p += "-" + strconv.Itoa(i)
		}
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("create output directory: %w", err)
		}
	}
	return "", fmt.Errorf("create output directory: %s and 999 numbered variants exist", path)
}
