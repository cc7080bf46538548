package runs

import (
	"net/url"
	"strings"
)

// segments splits an escaped URL path into its unescaped segments,
// ignoring one trailing slash. It reports false for a path any segment of
// which is not a plain name (see plainName): empty ("//"), "." or "..",
// or one that unescapes to a slash, a backslash or a control character.
func segments(escaped string) ([]string, bool) {
	p := strings.TrimPrefix(escaped, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil, true
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		seg, err := url.PathUnescape(part)
		if err != nil || !plainName(seg) {
			return nil, false
		}
		parts[i] = seg
	}
	return parts, true
}

// plainName reports whether s can name a file directly inside a
// directory and nothing else: not empty, not hidden (which also rules out
// "." and ".." and flowsim's temporary files), no separator of any
// system, no control character, at most 255 bytes.
func plainName(s string) bool {
	if s == "" || len(s) > 255 || s[0] == '.' {
		return false
	}
	for _, r := range s {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// pathEscape escapes a plain name for a URL path.
func pathEscape(name string) string { return url.PathEscape(name) }
