package census

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// Units: where a census patient is (Row.Unit).
const (
	Beds        = "beds"
	VirtualWard = "virtual_ward"
	D2A         = "d2a"
	P1          = "p1"
	P2          = "p2"
	P3          = "p3"
	// Waiting: admitted (a decision to admit, or a planned admission)
	// but waiting for a bed, in ED or on the ward; DaysInUnit is the
	// time waited so far.
	Waiting = "waiting"
	// Readmission: discharged, and to come back as an emergency
	// readmission; DaysInUnit is the time since leaving. Only a census a
	// simulation wrote can know who these are.
	Readmission = "readmission"
)

// MaxDays bounds the time a census patient has spent in a unit (a century):
// beyond it a value is a mistake, and times near the float range would
// break the simulation clock.
const MaxDays = 36500

// MaxHubHours bounds the hub working time a census patient's assessment
// has taken so far, in hours: MaxDays of them.
const MaxHubHours = MaxDays * 24

// columns are the required columns; days_in_hospital is accepted for
// days_in_unit (its name before the census covered more than beds).
var columns = []string{"site", "days_in_unit", "medically_safe", "pathway"}

// optional are the optional columns.
var optional = []string{"unit", "cohort", "hub_done", "hub_hours", "elective", "sdec_stay"}

// written are the columns Write writes, in order.
var written = []string{"site", "unit", "cohort", "pathway", "days_in_unit", "medically_safe", "hub_done", "hub_hours", "elective", "sdec_stay"}

// Row is one patient of a census.
type Row struct {
	// Line is the row's line in the file it was read from, for messages
	// about it; 0 for a row not read from a file.
	Line int
	// Site is the key of the patient's site.
	Site string
	// Unit is Beds, VirtualWard, D2A, P1, P2, P3, Waiting or Readmission.
	Unit string
	// Cohort is the patient's cohort ("" to draw it from the shares; an
	// elective patient has none).
	Cohort string
	// Pathway is the discharge pathway the patient needs, 0..3; on P1–P3
	// it is that unit's.
	Pathway int
	// DaysInUnit is the time already spent in the unit, in days (for beds,
	// since admission), from 0 to MaxDays.
	DaysInUnit float64
	// MedicallySafe: no longer needs the unit's care and waits to move on
	// (beds and virtual wards; a medically safe p0 patient is never on a
	// virtual ward, having left it).
	MedicallySafe bool
	// HubDone: the hub has arranged the patient's discharge.
	HubDone bool
	// HubHours is the hub working time already spent on the assessment,
	// in hours, from 0 to MaxHubHours.
	HubHours float64
	// Elective: a planned admission, in a bed or waiting for one, with
	// the site's elective length of stay; no cohort, pathway p0.
	Elective bool
	// SDECStay: a patient in a bed whose stay is the one SDEC gives those
	// suitable for same-day care who are admitted (sdec.los_if_admitted),
	// not their cohort's; pathway p0.
	SDECStay bool
}

// File is a census as read: its rows, in the file's order (the order in
// which those waiting are served), and the bytes they were read from.
type File struct {
	// Path is the file's name as given to Read or Parse, used in messages.
	Path string
	// Rows are the patients, one a data row.
	Rows []Row
	data []byte
}

// Hash writes the census's content to h — a label, its length and its
// bytes — so that a hash of a run's inputs changes when the census does.
// The framing is the one flowsim has always hashed, so that scenario
// hashes and checkpoint keys of runs from a census are unchanged.
func (f *File) Hash(h io.Writer) error {
	if _, err := fmt.Fprintf(h, "\x00census\x00%d\x00", len(f.data)); err != nil {
		return err
	}
	_, err := h.Write(f.data)
	return err
}

// Error is a problem with a census: its file, line and column, and what
// was expected.
type Error struct {
	// Path is the census file.
	Path string
	// Line is the 1-based line of the row (1 for the header), or 0 for
	// the whole file.
	Line int
	// Column names the column at fault, or "" when it is not one column.
	Column string
	// Msg says what was expected.
	Msg string
	// Err is the underlying error, if any.
	Err error
}

// Errorf returns an *Error about column of the row at line of the census
// at path.
func Errorf(path string, line int, column, format string, a ...any) *Error {
	return &Error{Path: path, Line: line, Column: column, Msg: fmt.Sprintf(format, a...)}
}

// Error reads "path:line: column: msg", leaving out what is not known.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Column != "" {
		b.WriteString(e.Column)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Read reads the census file at path, which must be a regular file within
// inputfile.Census's limit, and parses it (see Parse). An unreadable file
// gives the *inputfile.Error or *fs.PathError naming it.
func Read(path string) (*File, error) {
	data, err := inputfile.ReadFile(path, inputfile.Census)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses census data read from the file path (used in messages).
// Columns are found by their names in the header, in any case and order;
// cells are trimmed, yes/no cells also take y/n, true/false and 1/0, and
// an empty unit is Beds. A row that breaks the format gives an *Error
// naming its line and column; Parse keeps data, to Hash it.
func Parse(path string, data []byte) (*File, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(path, 1, "reading the header", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["days_in_unit"]; !ok {
		if i, ok := col["days_in_hospital"]; ok {
			col["days_in_unit"] = i
		}
	}
	for _, c := range columns {
		if _, ok := col[c]; !ok {
			return nil, Errorf(path, 1, "", "missing column %q (want %s, and optionally %s)", c,
				strings.Join(columns, ", "), strings.Join(optional, ", "))
		}
	}
	f := &File{Path: path, data: data}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(path, 0, "", err)
		}
		line, _ := r.FieldPos(0)
		row, err := parseRow(path, line, func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		})
		if err != nil {
			return nil, err
		}
		f.Rows = append(f.Rows, row)
	}
	return f, nil
}

// csvError turns a CSV syntax error into an *Error naming its line.
func csvError(path string, line int, what string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line, err = pe.Line, pe.Err
	}
	msg := err.Error()
	if what != "" {
		msg = what + ": " + msg
	}
	return &Error{Path: path, Line: line, Msg: msg, Err: err}
}

// parseRow parses the data row at line whose cells cell returns by column.
func parseRow(path string, line int, cell func(string) string) (Row, error) {
	bad := func(column, format string, a ...any) (Row, error) {
		return Row{}, Errorf(path, line, column, format, a...)
	}
	row := Row{Line: line, Site: cell("site"), Cohort: cell("cohort")}
	days, err := strconv.ParseFloat(cell("days_in_unit"), 64)
	if err != nil || !(days >= 0 && days <= MaxDays) {
		return bad("days_in_unit", "want a number of days from 0 to %d, got %q", MaxDays, cell("days_in_unit"))
	}
	row.DaysInUnit = days
	var ok bool
	if row.MedicallySafe, ok = yesNo(cell("medically_safe")); !ok {
		return bad("medically_safe", "want yes or no, got %q", cell("medically_safe"))
	}
	switch pw := strings.ToLower(cell("pathway")); pw {
	case "p0", "p1", "p2", "p3":
		row.Pathway = int(pw[1] - '0')
	default:
		return bad("pathway", "want p0, p1, p2 or p3, got %q", cell("pathway"))
	}
	if row.HubDone, ok = yesNo(cell("hub_done")); !ok {
		return bad("hub_done", "want yes or no, got %q", cell("hub_done"))
	}
	if row.Elective, ok = yesNo(cell("elective")); !ok {
		return bad("elective", "want yes or no, got %q", cell("elective"))
	}
	if row.SDECStay, ok = yesNo(cell("sdec_stay")); !ok {
		return bad("sdec_stay", "want yes or no, got %q", cell("sdec_stay"))
	}
	if h := cell("hub_hours"); h != "" {
		x, err := strconv.ParseFloat(h, 64)
		if err != nil || !(x >= 0 && x <= MaxHubHours) {
			return bad("hub_hours", "want a number of working hours from 0 to %d, got %q", MaxHubHours, h)
		}
		row.HubHours = x
	}
	switch u := strings.ToLower(cell("unit")); u {
	case "", Beds:
		row.Unit = Beds
	case VirtualWard:
		row.Unit = u
		if row.MedicallySafe && row.Pathway == 0 {
			return bad("medically_safe", "a medically safe p0 patient leaves the virtual ward at once: want no")
		}
	case D2A:
		row.Unit = u
		if row.Pathway == 0 {
			return bad("pathway", "a patient in discharge to assess needs p1, p2 or p3")
		}
	case P1, P2, P3:
		row.Unit = u
		if int(u[1]-'0') != row.Pathway {
			return bad("pathway", "a patient on %s has pathway %s, got p%d", u, u, row.Pathway)
		}
	case Waiting, Readmission:
		row.Unit = u
		what := "a patient waiting for a bed"
		if u == Readmission {
			what = "a patient at home awaiting readmission"
		}
		switch {
		case row.MedicallySafe:
			return bad("medically_safe", "%s has not had the acute stay yet: want no", what)
		case row.HubDone || row.HubHours > 0:
			return bad("hub_done", "%s has had no hub work yet: want hub_done no and no hub_hours", what)
		case u == Readmission && row.Pathway != 0:
			return bad("pathway", "%s has no pathway until readmitted: want p0, got p%d", what, row.Pathway)
		}
	default:
		return bad("unit", "want beds, virtual_ward, d2a, p1, p2, p3, waiting or readmission, got %q", u)
	}
	if row.SDECStay {
		switch {
		case row.Unit != Beds:
			return bad("sdec_stay", "an SDEC stay is a stay in a bed, not in %s", row.Unit)
		case row.Elective:
			return bad("sdec_stay", "an elective patient has the site's elective stay, not an SDEC one")
		case row.Pathway != 0:
			return bad("pathway", "a patient suitable for same-day care goes home on p0, got p%d", row.Pathway)
		}
	}
	if row.Elective {
		switch {
		case row.Unit != Beds && row.Unit != Waiting:
			return bad("elective", "an elective patient is in a bed or waiting for one, not in %s", row.Unit)
		case row.Cohort != "":
			return bad("cohort", "an elective patient has no cohort (the site's elective stays apply), got %q", row.Cohort)
		case row.Pathway != 0:
			return bad("pathway", "an elective patient goes home on p0 (the model gives planned patients no p1-p3 needs), got p%d", row.Pathway)
		}
	}
	return row, nil
}

// yesNo parses a yes/no cell; empty is no.
func yesNo(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "", "no", "n", "false", "0":
		return false, true
	case "yes", "y", "true", "1":
		return true, true
	}
	return false, false
}

// Write writes rows as a census CSV that a scenario's census field can
// name, with every column: DaysInUnit to 4 decimals, HubHours to 2.
func Write(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write(written)
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, r := range rows {
		cw.Write([]string{r.Site, r.Unit, r.Cohort, "p" + strconv.Itoa(r.Pathway),
			strconv.FormatFloat(r.DaysInUnit, 'f', 4, 64), yes(r.MedicallySafe), yes(r.HubDone),
			strconv.FormatFloat(r.HubHours, 'f', 2, 64), yes(r.Elective), yes(r.SDECStay)})
	}
	cw.Flush()
	return cw.Error()
}
