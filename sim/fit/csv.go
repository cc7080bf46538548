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
	// Arrivals, if set, is a column of arrival timestamps (see
	// ParseTimestamp).
	Arrivals string
	// SkipBad skips rows with a bad cell instead of failing; they are
	// listed in Table.Skipped.
	SkipBad bool
}

// Table is what ReadCSV read.
type Table struct {
	// Rows is the number of data rows (the header excluded).
	Rows int
	// Data holds the Value column's values (and censoring flags, when a
	// Censored column was named) of the rows where it was present.
	Data Data
	// Missing counts rows whose value was missing: empty, or NA, N/A,
	// NaN, NULL, None, "-" or "." in any case.
	Missing int
	// Arrivals holds the Arrivals column's timestamps, where present.
	Arrivals []time.Time
	// ArrivalsMissing counts rows whose timestamp was missing.
	ArrivalsMissing int
	// Skipped lists the bad rows skipped under SkipBad.
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

// BadRowsError lists the bad rows of a file: the first few, and how many
// there were.
type BadRowsError struct {
	// Rows are the first bad rows, up to MaxListed.
	Rows []*CellError
	// Total is the number of bad rows.
	Total int
}

// MaxListed is the number of bad rows a BadRowsError lists.
const MaxListed = 5

// Error lists the bad rows, one a line after a count.
func (e *BadRowsError) Error() string {
	var b strings.Builder
	if e.Total == 1 {
		b.WriteString(e.Rows[0].Error())
		return b.String()
	}
	fmt.Fprintf(&b, "%d bad rows", e.Total)
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
// byte-order mark is ignored. Missing cells are skipped and counted (see
// Table.Missing). A bad cell — a value that is not a plain decimal number
// or is negative, a flag that is not a yes/no, a timestamp that does not
// parse — or a row with more or fewer fields than the header (a decimal
// comma such as 3,5 in a value splits it in two) is an error naming the
// file, line and column; ReadCSV reads on and reports up to MaxListed of
// them at once (a *BadRowsError), unless opt.SkipBad, which skips those
// rows. A CSV syntax error (a stray quote) stops reading at once, as does
// a read error such as a record over the limits of an inputfile.File.
func ReadCSV(r io.Reader, file string, opt ReadOptions) (*Table, error) {
	if opt.Value == "" && opt.Arrivals == "" {
		return nil, errors.New("fit: no column to read")
	}
	if opt.Censored != "" && opt.Value == "" {
		return nil, errors.New("fit: a censoring column needs a value column")
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
		return columnIndex(file, header, name)
	}
	vi, err := idx(opt.Value)
	if err != nil {
		return nil, err
	}
	ci, err := idx(opt.Censored)
	if err != nil {
		return nil, err
	}
	ai, err := idx(opt.Arrivals)
	if err != nil {
		return nil, err
	}

	t := &Table{}
	if ci >= 0 {
		t.Data.Censored = []bool{}
	}
	var bad []*CellError
	badTotal := 0
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
		cerr := ragged(rec, header, vi, ci, ai)
		var row row
		if cerr == nil {
			row, cerr = parseRow(rec, header, vi, ci, ai)
		}
		if cerr != nil {
			cerr.File, cerr.Line = file, line
			if i := slices.Index(header, cerr.Column); i >= 0 && i < len(rec) {
				cerr.Line, _ = cr.FieldPos(i)
			}
			badTotal++
			if opt.SkipBad {
				t.Skipped = append(t.Skipped, cerr)
			} else if len(bad) < MaxListed {
				bad = append(bad, cerr)
			}
			continue
		}
		if vi >= 0 {
			if row.valueMissing {
				t.Missing++
			} else {
				t.Data.Values = append(t.Data.Values, row.value)
				if ci >= 0 {
					t.Data.Censored = append(t.Data.Censored, row.censored)
				}
			}
		}
		if ai >= 0 {
			if row.arrivalMissing {
				t.ArrivalsMissing++
			} else {
				t.Arrivals = append(t.Arrivals, row.arrival)
			}
		}
	}
	if len(bad) > 0 {
		return nil, &BadRowsError{Rows: bad, Total: badTotal}
	}
	if t.Rows == 0 {
		return nil, fmt.Errorf("%s: no data rows after the header", file)
	}
	if vi >= 0 && len(t.Data.Values) == 0 {
		return nil, fmt.Errorf("%s: column %s: no values: all %d are missing or bad", file, opt.Value, t.Rows)
	}
	if ai >= 0 && len(t.Arrivals) == 0 {
		return nil, fmt.Errorf("%s: column %s: no timestamps: all %d are missing or bad", file, opt.Arrivals, t.Rows)
	}
	return t, nil
}

// row is one parsed data row.
type row struct {
	value                        float64
	censored                     bool
	arrival                      time.Time
	valueMissing, arrivalMissing bool
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
		if isDigits(strings.TrimLeft(a, "+-")) && isDigits(b) {
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

// parseRow parses the columns vi, ci and ai (-1: not read) of rec, which
// has as many fields as the header (see ragged).
func parseRow(rec, header []string, vi, ci, ai int) (row, *CellError) {
	var r row
	cell := func(i int) string { return strings.TrimSpace(rec[i]) }
	if vi >= 0 {
		s := cell(vi)
		if isMissing(s) {
			r.valueMissing = true
		} else {
			v, perr := strconv.ParseFloat(s, 64)
			switch {
			case strings.Count(s, ",") == 1 && isDecimal(strings.Replace(s, ",", ".", 1)):
				return r, &CellError{Column: header[vi], Msg: fmt.Sprintf("%q is not a number: write numbers with a decimal point and no thousands separator (%s)", s, strings.Replace(s, ",", ".", 1))}
			case perr != nil || !isDecimal(s) || math.IsNaN(v) || math.IsInf(v, 0):
				return r, &CellError{Column: header[vi], Msg: fmt.Sprintf("%q is not a number", s)}
			case v < 0:
				return r, &CellError{Column: header[vi], Msg: fmt.Sprintf("%s is negative; a duration must be >= 0", s)}
			}
			r.value = v
		}
	}
	if ci >= 0 {
		s := cell(ci)
		b, ok := parseFlag(s)
		if !ok {
			return r, &CellError{Column: header[ci], Msg: fmt.Sprintf("%q is not a censoring flag: want 1/0, true/false or yes/no", s)}
		}
		r.censored = b
	}
	if ai >= 0 {
		s := cell(ai)
		if isMissing(s) {
			r.arrivalMissing = true
		} else {
			ts, perr := ParseTimestamp(s)
			if perr != nil {
				return r, &CellError{Column: header[ai], Msg: perr.Error()}
			}
			r.arrival = ts
		}
	}
	return r, nil
}

// parseFlag reads a censoring flag; missing means not censored.
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
	return time.Time{}, fmt.Errorf("%q is not a timestamp: want e.g. 2025-04-07 08:30, 2025-04-07T08:30:00Z or 07/04/2025 08:30", s)
}

// columnIndex finds name in header: exactly, or else case-insensitively if
// that is unambiguous.
func columnIndex(file string, header []string, name string) (int, error) {
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
	quoted := make([]string, len(header))
	for i, h := range header {
		quoted[i] = strconv.Quote(strings.TrimSpace(h))
	}
	hint := ""
	if len(header) == 1 && strings.ContainsAny(header[0], ";\t") {
		hint = " (columns must be separated by commas; this looks like semicolons or tabs)"
	}
	return -1, fmt.Errorf("%s:1: no column %q; the header has %s%s", file, name, strings.Join(quoted, ", "), hint)
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
