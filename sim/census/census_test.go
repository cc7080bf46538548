package census

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestParse: columns are found by name in any order and case, the older
// days_in_hospital stands for days_in_unit, cells are trimmed, yes/no take
// their other spellings, an empty unit is beds, and each row keeps its
// line (a quoted cell spanning lines counts them).
func TestParse(t *testing.T) {
	data := "Pathway, SITE,days_in_hospital,medically_safe,unit,cohort,hub_done,hub_hours\n" +
		"p2, a ,10.5,Y,,frail,no,3.25\n" +
		"\n" +
		"P1,b,0,yes,D2A,\"two\nlines\",1,\n" +
		"p3,a,2,false,p3,,true,0\n" +
		"p0,b,36500,no,virtual_ward,,n,8760\n"
	f, err := Parse("c.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Site: "a", Unit: Beds, Cohort: "frail", Pathway: 2, DaysInUnit: 10.5, MedicallySafe: true, HubHours: 3.25},
		{Line: 4, Site: "b", Unit: D2A, Cohort: "two\nlines", Pathway: 1, MedicallySafe: true, HubDone: true},
		{Line: 6, Site: "a", Unit: P3, Pathway: 3, DaysInUnit: 2, HubDone: true},
		{Line: 7, Site: "b", Unit: VirtualWard, DaysInUnit: MaxDays, HubHours: 8760},
	}
	if !reflect.DeepEqual(f.Rows, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", f.Rows, want)
	}
	if f.Path != "c.csv" {
		t.Errorf("Path = %q", f.Path)
	}
}

// TestParseErrors: each way a row breaks the format is refused naming the
// file, line and column and what was expected — NaN, Inf and values past
// a century included.
func TestParseErrors(t *testing.T) {
	const head = "site,days_in_unit,medically_safe,pathway"
	cases := map[string]struct{ csv, want string }{
		"bad days":         {head + "\na,-2,no,p0\n", "census.csv:2: days_in_unit: want a number of days from 0 to 36500, got \"-2\""},
		"NaN days":         {head + "\na,NaN,no,p0\n", "census.csv:2: days_in_unit: want a number of days from 0 to 36500"},
		"Inf days":         {"site,days_in_hospital,medically_safe,pathway\na,+Inf,no,p0\n", "census.csv:2: days_in_unit"},
		"huge days":        {head + "\na,1e300,no,p0\n", "census.csv:2: days_in_unit: want a number of days from 0 to 36500"},
		"just over":        {head + "\na,36500.001,no,p0\n", "census.csv:2: days_in_unit"},
		"empty days":       {head + "\na,,no,p0\n", "census.csv:2: days_in_unit"},
		"huge hub hours":   {head + ",hub_hours\na,1,yes,p2,1e300\n", "census.csv:2: hub_hours: want a number of working hours from 0 to 876000"},
		"bad hub hours":    {head + ",hub_hours\na,1,yes,p2,NaN\n", "census.csv:2: hub_hours"},
		"Inf hub hours":    {head + ",hub_hours\na,1,yes,p2,Inf\n", "census.csv:2: hub_hours"},
		"bad safe":         {head + "\na,1,maybe,p0\n", "census.csv:2: medically_safe: want yes or no"},
		"bad pathway":      {head + "\na,1,no,p4\n", "census.csv:2: pathway: want p0, p1, p2 or p3, got \"p4\""},
		"missing column":   {"site,days_in_hospital,pathway\na,1,p0\n", "census.csv:1: missing column \"medically_safe\""},
		"bad hub done":     {head + ",hub_done\na,1,yes,p2,perhaps\n", "census.csv:2: hub_done: want yes or no"},
		"unknown unit":     {head + ",unit\na,1,no,p0,ward\n", "census.csv:2: unit: want beds, virtual_ward, d2a, p1, p2, p3, waiting or readmission, got \"ward\""},
		"safe waiting":     {head + ",unit\na,1,yes,p0,waiting\n", "census.csv:2: medically_safe: a patient waiting for a bed has not had the acute stay yet"},
		"hub waiting":      {head + ",unit,hub_done\na,1,no,p1,waiting,yes\n", "census.csv:2: hub_done: a patient waiting for a bed has had no hub work yet"},
		"hours waiting":    {head + ",unit,hub_hours\na,1,no,p1,waiting,2\n", "census.csv:2: hub_done: a patient waiting for a bed has had no hub work yet"},
		"safe readmit":     {head + ",unit\na,1,yes,p0,readmission\n", "census.csv:2: medically_safe: a patient at home awaiting readmission has not had the acute stay yet"},
		"readmit p2":       {head + ",unit\na,1,no,p2,readmission\n", "census.csv:2: pathway: a patient at home awaiting readmission has no pathway until readmitted"},
		"elective readmit": {head + ",unit,elective\na,1,no,p0,readmission,yes\n", "census.csv:2: elective: an elective patient is in a bed or waiting for one, not in readmission"},
		"bad sdec stay":    {head + ",sdec_stay\na,1,no,p0,often\n", "census.csv:2: sdec_stay: want yes or no"},
		"sdec waiting":     {head + ",unit,sdec_stay\na,1,no,p0,waiting,yes\n", "census.csv:2: sdec_stay: an SDEC stay is a stay in a bed, not in waiting"},
		"sdec p1":          {head + ",sdec_stay\na,1,no,p1,yes\n", "census.csv:2: pathway: a patient suitable for same-day care goes home on p0"},
		"sdec elective":    {head + ",sdec_stay,elective\na,1,no,p0,yes,yes\n", "census.csv:2: sdec_stay: an elective patient has the site's elective stay"},
		"bad elective":     {head + ",elective\na,1,no,p0,sometimes\n", "census.csv:2: elective: want yes or no"},
		"elective vw":      {head + ",unit,elective\na,1,no,p1,virtual_ward,yes\n", "census.csv:2: elective: an elective patient is in a bed or waiting for one, not in virtual_ward"},
		"elective p1":      {head + ",unit,elective\na,1,no,p1,beds,yes\n", "census.csv:2: pathway: an elective patient goes home on p0"},
		"elective cohort":  {head + ",unit,elective,cohort\na,1,no,p0,waiting,yes,frail\n", "census.csv:2: cohort: an elective patient has no cohort"},
		"unit pathway":     {head + ",unit\na,1,no,p1,p2\n", "census.csv:2: pathway: a patient on p2 has pathway p2, got p1"},
		"d2a on p0":        {head + ",unit\na,1,no,p0,d2a\n", "census.csv:2: pathway: a patient in discharge to assess needs p1, p2 or p3"},
		"safe p0 on vw":    {head + ",unit\na,1,yes,p0,virtual_ward\n", "census.csv:2: medically_safe: a medically safe p0 patient leaves the virtual ward at once"},
		"ragged row":       {head + "\na,1,no,p0\nb,1,no\n", "census.csv:3: wrong number of fields"},
		"bare quote":       {head + "\na,1,no,p0\n\"b,1,no,p0\n", "census.csv:3: extraneous or missing \" in quoted-field"},
		"empty file":       {"", "census.csv:1: reading the header: EOF"},
		"third row":        {head + "\na,1,no,p0\na,1,no,p0\na,x,no,p0\n", "census.csv:4: days_in_unit"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := Parse("census.csv", []byte(c.csv))
			if f != nil || err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Path != "census.csv" || ce.Line == 0 {
				t.Errorf("error %v is not an *Error naming the file and line", err)
			}
		})
	}
}

// TestWriteReadsBack: what Write writes, Parse reads to the same rows (to
// Write's 4 decimals of a day and 2 of an hour), with a header of every
// column.
func TestWriteReadsBack(t *testing.T) {
	rows := []Row{
		{Site: "a", Unit: Beds, Cohort: "frail", Pathway: 2, DaysInUnit: 10.123456, MedicallySafe: true, HubHours: 3.256},
		{Site: "b", Unit: D2A, Cohort: "with, comma", Pathway: 1, DaysInUnit: 0, MedicallySafe: true, HubDone: true},
		{Site: "b", Unit: P3, Pathway: 3, DaysInUnit: 1, MedicallySafe: true, HubDone: true},
		{Site: "a", Unit: VirtualWard, Pathway: 0, DaysInUnit: 2},
		{Site: "a", Unit: Waiting, Cohort: "frail", Pathway: 1, DaysInUnit: 0.5},
		{Site: "b", Unit: Waiting, Pathway: 0, DaysInUnit: 1.25, Elective: true},
		{Site: "b", Unit: Beds, Pathway: 0, DaysInUnit: 3, Elective: true},
		{Site: "a", Unit: Readmission, Cohort: "frail", DaysInUnit: 12},
		{Site: "a", Unit: Beds, Cohort: "young", DaysInUnit: 0.25, SDECStay: true},
	}
	var buf bytes.Buffer
	if err := Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	wantText := "site,unit,cohort,pathway,days_in_unit,medically_safe,hub_done,hub_hours,elective,sdec_stay\n" +
		"a,beds,frail,p2,10.1235,yes,no,3.26,no,no\n" +
		"b,d2a,\"with, comma\",p1,0.0000,yes,yes,0.00,no,no\n" +
		"b,p3,,p3,1.0000,yes,yes,0.00,no,no\n" +
		"a,virtual_ward,,p0,2.0000,no,no,0.00,no,no\n" +
		"a,waiting,frail,p1,0.5000,no,no,0.00,no,no\n" +
		"b,waiting,,p0,1.2500,no,no,0.00,yes,no\n" +
		"b,beds,,p0,3.0000,no,no,0.00,yes,no\n" +
		"a,readmission,frail,p0,12.0000,no,no,0.00,no,no\n" +
		"a,beds,young,p0,0.2500,no,no,0.00,no,yes\n"
	if buf.String() != wantText {
		t.Errorf("Write:\n%s\nwant\n%s", buf.String(), wantText)
	}
	f, err := Parse("w.csv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := slicesWithLines(rows)
	want[0].DaysInUnit, want[0].HubHours = 10.1235, 3.26
	if !reflect.DeepEqual(f.Rows, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", f.Rows, want)
	}
}

func slicesWithLines(rows []Row) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		r.Line = i + 2
		out[i] = r
	}
	return out
}

// TestHash: the hash input is the bytes as read, framed by their length,
// so that it changes with any byte and two censuses cannot run together.
func TestHash(t *testing.T) {
	data := "site,days_in_unit,medically_safe,pathway\na,1,no,p0\n"
	f, err := Parse("c.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Hash(&b); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("\x00census\x00%d\x00%s", len(data), data); b.String() != want {
		t.Errorf("Hash wrote %q, want %q", b.String(), want)
	}
	sum := func(s string) [32]byte {
		f, err := Parse("c.csv", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		f.Hash(h)
		return [32]byte(h.Sum(nil))
	}
	if sum(data) == sum(strings.Replace(data, "a,1", "a,2", 1)) {
		t.Error("two censuses hash alike")
	}
}

// TestRead: Read parses the file at path, keeping its bytes for Hash.
func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.csv")
	data := "site,days_in_unit,medically_safe,pathway\na,1,no,p0\nb,2,yes,p1\n"
	os.WriteFile(path, []byte(data), 0o644)
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != path || len(f.Rows) != 2 || f.Rows[1].Site != "b" || !bytes.Equal(f.data, []byte(data)) {
		t.Errorf("Read: %+v", f)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "none.csv")); err == nil || !strings.Contains(err.Error(), "none.csv") {
		t.Errorf("a missing file: %v", err)
	}
}
