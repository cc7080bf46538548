package scenario

import (
	"strconv"
	"strings"
	"unicode"
)

// Error is one problem in a scenario file, located by file, line and field.
// Its message reads
//
//	scenarios/x.yaml:12: sites.qmc.beds.capacity: must be >= 1, got 0
//
// Line is 1-based; 0 means the problem concerns the whole file (it could not
// be read). Field is empty when the problem is not about one field (a YAML
// syntax error, an extends cycle).
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
	// Err is the underlying error, if any (for example a *fs.PathError when
	// a file cannot be read), for errors.Is and errors.As.
	Err error
}

// Error formats e as "file:line: field: msg", leaving out the parts that are
// not known.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found in a scenario, ordered by file (in the order
// the files were read: the loaded file first, then the files it extends),
// line and field. Load and LoadBytes return a non-empty Errors or nil.
type Errors []*Error

// Error lists the errors one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the errors, so that errors.As finds an *Error.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// FieldError is one problem Validate found, located by the field's path.
type FieldError struct {
	Path Path
	Msg  string
}

// Error formats e as "path: msg".
func (e FieldError) Error() string {
	if len(e.Path) == 0 {
		return e.Msg
	}
	return e.Path.String() + ": " + e.Msg
}

// Path locates a value in a scenario: a sequence of mapping keys (YAML field
// names and map keys) and list indices, the latter written "[i]". Its
// String form is "sites.qmc.beds.capacity" or "sites.qmc.beds.los.of[1].mean".
type Path []string

// index returns the path segment for list index i.
func index(i int) string { return "[" + strconv.Itoa(i) + "]" }

// isIndex reports whether seg is a list index made by index, and which.
func isIndex(seg string) (int, bool) {
	if len(seg) < 3 || seg[0] != '[' || seg[len(seg)-1] != ']' {
		return 0, false
	}
	i, err := strconv.Atoi(seg[1 : len(seg)-1])
	return i, err == nil && i >= 0
}

// With returns a new path: p followed by segs. It never shares p's array, so
// paths built from a common prefix do not overwrite each other.
func (p Path) With(segs ...string) Path {
	q := make(Path, 0, len(p)+len(segs))
	return append(append(q, p...), segs...)
}

// String joins the segments with dots, writes indices as [i], and quotes keys
// that would otherwise be ambiguous (empty, or containing dots, brackets,
// quotes, spaces or control characters).
func (p Path) String() string {
	var b strings.Builder
	for i, seg := range p {
		if _, ok := isIndex(seg); ok {
			b.WriteString(seg)
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		if needsQuote(seg) {
			b.WriteString(strconv.Quote(seg))
		} else {
			b.WriteString(seg)
		}
	}
	return b.String()
}

// needsQuote reports whether a key must be quoted in a path's string form.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if r == '.' || r == '[' || r == ']' || r == '"' || r == ':' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
	}
	return false
}
