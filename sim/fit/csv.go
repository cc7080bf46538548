package fit

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// ReadOptions name the columns ReadCSV reads. At least one of Value and
// Arrivals must be set.
type ReadOptions struct {
	// Value is the column of durations (lengths of stay), numbers >= 0 in
	// the caller's unit.
	Value string
	// Censored, if set, is a column flagging values that are censored
	// (the patient was still in hospital at the extract): 1/0, true/false,
	// yes/no, y/n or t/f, in any case. An empty or NA flag means not
	// censored.
	Censored string
	// SameDay, if set, is a column flagging same-day stays (see
	// Data.SameDay), in the form of Censored. A row flagged both
	// same-day and censored is a bad cell.
	SameDay string
	// SameDayBelow, if positive, makes every uncensored value below it
	// (in the Value column's unit) a same-day stay. A censored value is
	// never one: the stay had not ended.
	SameDayBelow float64
	// Arrivals, if set, is a column of arrival timestamps (see
	// ParseTimestamp).
	Arrivals string
	// Where keeps only the rows that pass every filter.
	Where []Filter
	// SkipBad skips bad cells instead of failing: a bad cell in the
	// stay's columns (Value, Censored, SameDay) leaves the stay out, a
	// bad timestamp the arrival, and a row with the wrong number of
	// fields both. They are listed in Table.Skipped.
	SkipBad bool
}

// Filter keeps the rows whose cell in Column equals Value (after trimming
// spaces; case matters), or, if Not, those whose cell does not.
type Filter struct {
	Column, Value string
	Not           bool
}

// ParseFilter parses "column=value" or "column!=value".
func ParseFilter(s string) (Filter, error) {
	var f Filter
	col, val, ok := strings.Cut(s, "!=")
	if ok {
		f.Not = true
	} else if col, val, ok = strings.Cut(s, "="); !ok {
		return f, fmt.Errorf("filter %q: want column=value or column!=value", s)
	}
	f.Column, f.Value = strings.TrimSpace(col), strings.TrimSpace(val)
	if f.Column == "" {
		return f, fmt.Errorf("filter %q: no column before the =", s)
	}
	return f, nil
}

// String returns the filter as ParseFilter reads it.
func (f Filter) String() string {
	if f.Not {
		return f.Column + "!=" + f.Value
	}
	return f.Column + "=" + f.Value
}

// Table is what ReadCSV read.
type Table struct {
	// Rows is the number of data rows (the header excluded).
	Rows int
	// Filtered is the number of rows the Where filters left out.
	Filtered int
	// Data holds the Value column's values (with censoring flags, when a
	// Censored column was named, and same-day flags, when a SameDay
	// column or SameDayBelow was) of the rows where it was present.
	Data Data
	// SameDayFlagged counts the values the SameDay column flags, and
	// SameDayBelow the others below ReadOptions.SameDayBelow; zeros
	// neither flagged nor below a threshold are in neither count.
	SameDayFlagged, SameDayBelow int
	// Missing counts rows whose value was missing: empty, or NA, N/A,
	// NaN, NULL, None, "-" or "." in any case.
	Missing int
	// Arrivals holds the Arrivals column's timestamps, where present.
	Arrivals []time.Time
	// ArrivalsMissing counts rows whose timestamp was missing.
	ArrivalsMissing int
	// Skipped lists the bad cells skipped under SkipBad, in file order.
	Skipped []*CellError
}

// CellError is a bad cell, located by file, line and column.
type CellError struct {
	// File is the file name as given to ReadCSV.
	File string
	// Line is the 1-based line of the cell (of the row if Column is "").
	Line int
	// Column is the header name of the bad cell's column, if one.
	Column string
	// Msg says what is wrong.
	Msg string
}

// Error returns "file:line: column C: message".
func (e *CellError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: column %s: %s", e.File, e.Line, e.Column, e.Msg)
}

// BadRowsError lists the bad cells of a file (a row with the wrong number
// of fields is one): the first few, and how many there were.
type BadRowsError struct {
	// Rows are the first bad cells, up to MaxListed.
	Rows []*CellError
	// Total is the number of bad cells.
	Total int
}

// MaxListed is the number of bad cells a BadRowsError lists.
const MaxListed = 5

// Error lists the bad rows, one a line after a count.
func (e *BadRowsError) Error() string {
	var b strings.Builder
	if e.Total == 1 {
		b.WriteString(e.Rows[0].Error())
		return b.String()
	}
	fmt.Fprintf(&b, "%d bad %s", e.Total, plural(e.Total, "cell", "cells"))
	if e.Total > len(e.Rows) {
		fmt.Fprintf(&b, ", the first %d", len(e.Rows))
	}
	b.WriteString(":")
	for _, r := range e.Rows {
		b.WriteString("\n  ")
		b.WriteString(r.Error())
	}
	return b.String()
}

// Unwrap returns the listed rows' errors.
func (e *BadRowsError) Unwrap() []error {
	errs := make([]error, len(e.Rows))
	for i, r := range e.Rows {
		errs[i] = r
	}
	return errs
}

// isMissing reports whether a cell means "no value": empty, or NA, N/A,
// NaN, NULL, None, "-" or "." in any case.
func isMissing(cell string) bool {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "", "na", "n/a", "nan", "null", "none", "-", ".":
		return true
	}
	return false
}

// ReadFile reads the CSV file at path as ReadCSV does. The path must name
// a regular file within the limits of inputfile.FitData (a named pipe, a
// device or a directory is refused before anything is read), so that no
// input can block the reader or exhaust memory.
func ReadFile(path string, opt ReadOptions) (*Table, error) {
	f, err := inputfile.Open(path, inputfile.FitData)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCSV(f, path, opt)
}

// ReadCSV reads the columns opt names from CSV data with a header row, as
// read from file (named in errors). Cells are trimmed of spaces; a UTF-8
// byte-order mark is ignored. Rows failing a filter of opt.Where are left
// out (and counted) before their cells are read. Missing cells are skipped
// and counted (see Table.Missing). A bad cell — a value that is not a plain
// decimal number or is negative, a flag that is not a yes/no, a timestamp
// that does not parse — or a row with more or fewer fields than the header
// (a decimal comma such as 3,5 in a value splits it in two) is an error
// naming the file, line and column; ReadCSV reads on and reports up to
// MaxListed of them at once (a *BadRowsError), unless opt.SkipBad, which
// leaves out what the bad cell belongs to: the stay, the arrival, or for a
// ragged row both. Columns opt does not name are never read, so nothing in
// them can spoil a row. A CSV syntax error (a stray quote) stops reading at
// once, as does a read error such as a record over the limits of an
// inputfile.File. Errors quote the header's names only if it looks like
// one, and a bad cell only if it is short, so that a file which is not a
// CSV of stays is not echoed.
func ReadCSV(r io.Reader, file string, opt ReadOptions) (*Table, error) {
	if opt.Value == "" && opt.Arrivals == "" {
		return nil, errors.New("fit: no column to read")
	}
	if (opt.Censored != "" || opt.SameDay != "" || opt.SameDayBelow > 0) && opt.Value == "" {
		return nil, errors.New("fit: a censoring or same-day column needs a value column")
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // short rows are reported with their line
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file: want a header row naming the columns", file)
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	header = slices.Clone(header)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	idx := func(name string) (int, error) {
		if name == "" {
			return -1, nil
		}
		return columnIndex(file, header, name, "")
	}
	var c cols
	for _, p := range []struct {
		i    *int
		name string
	}{{&c.value, opt.Value}, {&c.censored, opt.Censored}, {&c.sameDay, opt.SameDay}, {&c.arrival, opt.Arrivals}} {
		if *p.i, err = idx(p.name); err != nil {
			return nil, err
		}
	}
	where := make([]int, len(opt.Where))
	for i, f := range opt.Where {
		if where[i], err = columnIndex(file, header, f.Column, "--where "+f.String()+": "); err != nil {
			return nil, err
		}
	}
	c.below = opt.SameDayBelow

	t := &Table{}
	if c.censored >= 0 {
		t.Data.Censored = []bool{}
	}
	if c.sameDay >= 0 || c.below > 0 {
		t.Data.SameDay = []bool{}
	}
	var bad []*CellError
	badTotal := 0
	report := func(e *CellError, line int, rec []string) {
		e.File, e.Line = file, line
		if i := slices.Index(header, e.Column); i >= 0 && i < len(rec) {
			e.Line, _ = cr.FieldPos(i)
		}
		badTotal++
		if opt.SkipBad {
			t.Skipped = append(t.Skipped, e)
		} else if len(bad) < MaxListed {
			bad = append(bad, e)
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		t.Rows++
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			t.Rows-- // a blank line
			continue
		}
		if cerr := ragged(rec, header, append([]int{c.value, c.censored, c.sameDay, c.arrival}, where...)...); cerr != nil {
			report(cerr, line, rec)
			continue
		}
		if !keep(rec, opt.Where, where) {
			t.Filtered++
			continue
		}
		if c.value >= 0 {
			st, cerr := parseStay(rec, header, c)
			switch {
			case cerr != nil:
				report(cerr, line, rec)
			case st.missing:
				t.Missing++
			default:
				t.Data.Values = append(t.Data.Values, st.value)
				if t.Data.Censored != nil {
					t.Data.Censored = append(t.Data.Censored, st.censored)
				}
				if t.Data.SameDay != nil {
					t.Data.SameDay = append(t.Data.SameDay, st.flagged || st.below)
				}
				if st.flagged {
					t.SameDayFlagged++
				} else if st.below {
					t.SameDayBelow++
				}
			}
		}
		if c.arrival >= 0 {
			s := strings.TrimSpace(rec[c.arrival])
			if isMissing(s) {
				t.ArrivalsMissing++
			} else if ts, perr := ParseTimestamp(s); perr != nil {
				report(&CellError{Column: header[c.arrival], Msg: perr.Error()}, line, rec)
			} else {
				t.Arrivals = append(t.Arrivals, ts)
			}
		}
	}
	if len(bad) > 0 {
		return nil, &BadRowsError{Rows: bad, Total: badTotal}
	}
	if t.Rows == 0 {
		return nil, fmt.Errorf("%s: no data rows after the header", file)
	}
	if len(opt.Where) > 0 && t.Filtered == t.Rows {
		return nil, fmt.Errorf("%s: no row of %d passes %s", file, t.Rows, describeFilters(opt.Where))
	}
	kept := t.Rows - t.Filtered
	if c.value >= 0 && len(t.Data.Values) == 0 {
		return nil, fmt.Errorf("%s: column %s: no values: all %d are missing or bad", file, opt.Value, kept)
	}
	if c.arrival >= 0 && len(t.Arrivals) == 0 {
		return nil, fmt.Errorf("%s: column %s: no timestamps: all %d are missing or bad", file, opt.Arrivals, kept)
	}
	return t, nil
}

// describeFilters writes filters joined by "and".
func describeFilters(fs []Filter) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = f.String()
	}
	return strings.Join(s, " and ")
}

// keep reports whether rec passes every filter, fs[i] on column at[i].
func keep(rec []string, fs []Filter, at []int) bool {
	for i, f := range fs {
		if (strings.TrimSpace(rec[at[i]]) == f.Value) == f.Not {
			return false
		}
	}
	return true
}

// cols are the indexes of the columns ReadCSV reads (-1: not read), with
// the same-day threshold.
type cols struct {
	value, censored, sameDay, arrival int
	below                             float64
}

// stay is the parsed stay of one row.
type stay struct {
	value                    float64
	censored, flagged, below bool
	missing                  bool
}

// ragged returns an error for a row whose number of fields is not the
// header's: with more, the columns after the first extra comma would be
// read from the wrong fields; with fewer, a column is absent or shifted.
// Either way the row cannot be trusted, even if the columns read are
// present.
func ragged(rec, header []string, cols ...int) *CellError {
	if len(rec) == len(header) {
		return nil
	}
	msg := fmt.Sprintf("row has %d fields, the header %d", len(rec), len(header))
	if len(rec) < len(header) {
		for _, i := range cols {
			if i >= len(rec) {
				return &CellError{Msg: fmt.Sprintf("%s; column %s is absent", msg, header[i])}
			}
		}
		return &CellError{Msg: msg}
	}
	for i := 0; i+1 < len(rec); i++ {
		a, b := strings.TrimSpace(rec[i]), strings.TrimSpace(rec[i+1])
		if isDigits(strings.TrimLeft(a, "+-")) && isDigits(b) && len(a) <= maxQuoted && len(b) <= maxQuoted {
			return &CellError{Msg: fmt.Sprintf("%s: is %s,%s one number? Write numbers with a decimal point and no thousands separator (%s.%s)", msg, a, b, a, b)}
		}
	}
	return &CellError{Msg: msg + ": is a value with a comma not quoted?"}
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDecimal reports whether s is a plain decimal number: an optional sign,
// digits with an optional point, and an optional exponent. It excludes
// what strconv.ParseFloat also accepts but a data extract should not hold
// as a length of stay: infinities, hexadecimal and underscores.
func isDecimal(s string) bool {
	s = strings.TrimLeft(s, "+-")
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	whole, frac, _ := strings.Cut(mant, ".")
	if (whole != "" && !isDigits(whole)) || (frac != "" && !isDigits(frac)) || whole+frac == "" {
		return false
	}
	return !hasExp || isDigits(strings.TrimLeft(exp, "+-"))
}

// parseStay parses the stay columns of c in rec, which has as many fields
// as the header (see ragged).
func parseStay(rec, header []string, c cols) (stay, *CellError) {
	var st stay
	cell := func(i int) string { return strings.TrimSpace(rec[i]) }
	s := cell(c.value)
	if isMissing(s) {
		st.missing = true
	} else {
		v, perr := strconv.ParseFloat(s, 64)
		switch {
		case strings.Count(s, ",") == 1 && len(s) <= maxQuoted && isDecimal(strings.Replace(s, ",", ".", 1)):
			return st, &CellError{Column: header[c.value], Msg: fmt.Sprintf("%q is not a number: write numbers with a decimal point and no thousands separator (%s)", s, strings.Replace(s, ",", ".", 1))}
		case perr != nil || !isDecimal(s) || math.IsNaN(v) || math.IsInf(v, 0):
			return st, &CellError{Column: header[c.value], Msg: quoteCell(s) + " is not a number"}
		case v < 0:
			return st, &CellError{Column: header[c.value], Msg: fmt.Sprintf("%s is negative; a duration must be >= 0", strconv.FormatFloat(v, 'g', -1, 64))}
		}
		st.value = v
	}
	if c.censored >= 0 {
		s := cell(c.censored)
		b, ok := parseFlag(s)
		if !ok {
			return st, &CellError{Column: header[c.censored], Msg: quoteCell(s) + " is not a censoring flag: want 1/0, true/false or yes/no"}
		}
		st.censored = b
	}
	if c.sameDay >= 0 {
		s := cell(c.sameDay)
		b, ok := parseFlag(s)
		switch {
		case !ok:
			return st, &CellError{Column: header[c.sameDay], Msg: quoteCell(s) + " is not a same-day flag: want 1/0, true/false or yes/no"}
		case b && st.censored:
			return st, &CellError{Column: header[c.sameDay], Msg: fmt.Sprintf("a same-day stay cannot be censored (still in hospital, column %s)", header[c.censored])}
		}
		st.flagged = b
	}
	st.below = !st.missing && !st.censored && !st.flagged && st.value < c.below
	return st, nil
}

// maxQuoted is the longest cell an error quotes.
const maxQuoted = 40

// quoteCell quotes s for an error if it looks like a cell of an extract —
// short, printable, with no more colons and slashes than a timestamp — and
// otherwise says how long it is, so that a file that is not a CSV of stays
// (a record of /etc/passwd, a key file) is not echoed line by line.
func quoteCell(s string) string {
	if len(s) <= maxQuoted && utf8.ValidString(s) && strings.Count(s, ":") <= 3 && strings.Count(s, "/") <= 2 &&
		!strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("a cell of %d bytes", len(s))
}

// parseFlag reads a yes/no flag; missing means no.
func parseFlag(s string) (censored, ok bool) {
	if isMissing(s) {
		return false, true
	}
	switch strings.ToLower(s) {
	case "1", "true", "t", "yes", "y":
		return true, true
	case "0", "false", "f", "no", "n":
		return false, true
	}
	return false, false
}

// ParseTimestamp parses an arrival time: RFC 3339 ("2025-04-07T08:30:00Z",
// "2025-04-07T09:30:00+01:00"), "2025-04-07 08:30" or "2025-04-07
// 08:30:00" (a T in place of the space also works), or the British
// "07/04/2025 08:30" (day first). The hour of day and weekday are taken as
// written: a time with an offset keeps its own clock, and one without is
// local time.
func ParseTimestamp(s string) (time.Time, error) {
	layouts := [...]string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		"02/01/2006 15:04:05",
		"02/01/2006 15:04",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s is not a timestamp: want e.g. 2025-04-07 08:30, 2025-04-07T08:30:00Z or 07/04/2025 08:30", quoteCell(s))
}

// columnIndex finds name in header: exactly, or else case-insensitively if
// that is unambiguous. The error, prefixed by what, lists the header's
// names only if the header looks like one (see looksLikeHeader), and
// otherwise says only how many fields it has.
func columnIndex(file string, header []string, name, what string) (int, error) {
	for i, h := range header {
		if strings.TrimSpace(h) == name {
			return i, nil
		}
	}
	found := -1
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			if found >= 0 {
				found = -2
				break
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	if !looksLikeHeader(header) {
		hint := "; is this a CSV file with a header row naming the columns?"
		if len(header) == 1 && strings.ContainsAny(header[0], ";\t") {
			hint = " (columns must be separated by commas; this looks like semicolons or tabs)"
		}
		n := "columns"
		if len(header) == 1 {
			n = "column"
		}
		return -1, fmt.Errorf("%s:1: %sno column %q; the header has %d %s%s", file, what, name, len(header), n, hint)
	}
	quoted := make([]string, 0, min(len(header), maxNames))
	for _, h := range header[:min(len(header), maxNames)] {
		quoted = append(quoted, strconv.Quote(strings.TrimSpace(h)))
	}
	more := ""
	if len(header) > maxNames {
		more = fmt.Sprintf(" and %d more", len(header)-maxNames)
	}
	return -1, fmt.Errorf("%s:1: %sno column %q; the header has %s%s", file, what, name, strings.Join(quoted, ", "), more)
}

// maxNames is the most column names an error lists.
const maxNames = 30

// looksLikeHeader reports whether header looks like the column names of a
// CSV file rather than the first line of some other file: every name is
// short, printable and free of the separators of paths, key-value files
// and records such as /etc/passwd (":", "/", "\\", "=", ";", tabs).
func looksLikeHeader(header []string) bool {
	for _, h := range header {
		h = strings.TrimSpace(h)
		if h == "" || len(h) > 64 || !utf8.ValidString(h) ||
			strings.ContainsAny(h, ":/\\=;") ||
			strings.ContainsFunc(h, func(r rune) bool { return !unicode.IsPrint(r) }) {
			return false
		}
	}
	return true
}

// csvError turns an encoding/csv error into one naming file and line.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CellError{File: file, Line: pe.Line, Msg: fmt.Sprintf("CSV syntax: %v", pe.Err)}
	}
	if _, ok := errors.AsType[*inputfile.Error](err); ok {
		return err // names the file (and line) already
	}
	return fmt.Errorf("%s: %w", file, err)
}

// plural returns one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
