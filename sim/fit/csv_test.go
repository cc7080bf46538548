package fit

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestReadCSV(t *testing.T) {
	src := "\uFEFFid,LOS_Days,still_in,arrived_at\n" +
		"1,2.5,0,2025-04-07 08:30\n" +
		"2,NA,,2025-04-07T09:15:00+01:00\n" +
		"3,0,no,\n" +
		"\n" +
		"4, 7 ,Yes,07/04/2025 23:59\n" +
		"5,,1,2025-04-08 00:00:00\n"
	tab, err := ReadCSV(strings.NewReader(src), "x.csv", ReadOptions{Value: "los_days", Censored: "still_in", Arrivals: "arrived_at"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Rows != 5 || tab.Missing != 2 || tab.ArrivalsMissing != 1 {
		t.Errorf("rows %d, missing %d, arrivals missing %d; want 5, 2, 1", tab.Rows, tab.Missing, tab.ArrivalsMissing)
	}
	if got, want := tab.Data.Values, []float64{2.5, 0, 7}; !equal(got, want) {
		t.Errorf("values %v, want %v", got, want)
	}
	if got := tab.Data.Censored; len(got) != 3 || got[0] || got[1] || !got[2] {
		t.Errorf("censored %v, want [false false true]", got)
	}
	hours := []int{8, 9, 23, 0}
	if len(tab.Arrivals) != 4 {
		t.Fatalf("arrivals %v", tab.Arrivals)
	}
	for i, a := range tab.Arrivals {
		if a.Hour() != hours[i] {
			t.Errorf("arrival %d at hour %d, want %d (the clock as written)", i, a.Hour(), hours[i])
		}
	}
	if tab.Arrivals[2].Weekday() != time.Monday {
		t.Errorf("07/04/2025 read as %v, want Monday 7 April (day first)", tab.Arrivals[2])
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReadCSVErrors: every bad input names the file, the line and the
// column.
func TestReadCSVErrors(t *testing.T) {
	opt := ReadOptions{Value: "los", Censored: "in"}
	cases := []struct {
		name, src string
		opt       ReadOptions
		want      []string
	}{
		{"empty file", "", opt, []string{"x.csv: empty file"}},
		{"header only", "los,in\n", opt, []string{"x.csv: no data rows"}},
		{"missing column", "a,b\n1,2\n", opt, []string{`x.csv:1: no column "los"; the header has "a", "b"`}},
		{"semicolons", "los;in\n1;0\n", opt, []string{`x.csv:1: no column "los"`, "separated by commas"}},
		{"missing censoring column", "los\n1\n", opt, []string{`x.csv:1: no column "in"`}},
		{"not a number", "los,in\n1,0\n2,0\nabc,0\n", opt, []string{`x.csv:4: column los: "abc" is not a number`}},
		{"negative", "los,in\n-1.5,0\n", opt, []string{"x.csv:2: column los: -1.5 is negative"}},
		{"infinite", "los,in\nInf,0\n", opt, []string{`x.csv:2: column los: "Inf" is not a number`}},
		{"bad flag", "los,in\n1,maybe\n", opt, []string{`x.csv:2: column in: "maybe" is not a censoring flag`}},
		{"short row", "los,x,in\n1,2,0\n3\n", opt, []string{"x.csv:3: row has 1 fields, the header 3; column in is absent"}},
		{"all missing", "los,in\nNA,0\n,1\nn/a,0\n", opt, []string{"x.csv: column los: no values: all 3 are missing"}},
		{"bad timestamp", "t\n2025-13-01 10:00\n", ReadOptions{Arrivals: "t"}, []string{`x.csv:2: column t: "2025-13-01 10:00" is not a timestamp`}},
		{"stray quote", "los,in\n1,0\n2\"x,0\n", opt, []string{"x.csv:3: CSV syntax"}},
		{"line after a quoted newline", "los,note\n1,\"two\nlines\"\nx,ok\n", ReadOptions{Value: "los"}, []string{`x.csv:4: column los: "x"`}},
		{"many bad rows", "los\na\nb\nc\nd\ne\nf\ng\n", ReadOptions{Value: "los"}, []string{"7 bad cells, the first 5:", "x.csv:2:", "x.csv:6:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.src), "x.csv", c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "x.csv:7:") {
				t.Errorf("error lists more than %d rows: %v", MaxListed, err)
			}
		})
	}
}

func TestReadCSVSkipBad(t *testing.T) {
	tab, err := ReadCSV(strings.NewReader("los\n1\nx\n-2\n3\n"), "x.csv", ReadOptions{Value: "los", SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if !equal(tab.Data.Values, []float64{1, 3}) || len(tab.Skipped) != 2 || tab.Skipped[1].Line != 4 {
		t.Errorf("values %v, skipped %v", tab.Data.Values, tab.Skipped)
	}
	var bad *BadRowsError
	_, err = ReadCSV(strings.NewReader("los\n1\nx\n"), "x.csv", ReadOptions{Value: "los"})
	if !errors.As(err, &bad) || bad.Total != 1 || bad.Rows[0].Line != 3 || bad.Rows[0].Column != "los" {
		t.Errorf("error %#v, want a BadRowsError for line 3", err)
	}
}

// TestReadCSVRagged: a row with more or fewer fields than the header — an
// unquoted decimal comma or thousands separator, a stray comma, a missing
// field — is an error naming its line, whichever columns are read, never
// a value read from the wrong field.
func TestReadCSVRagged(t *testing.T) {
	los := ReadOptions{Value: "los"}
	cases := []struct {
		name, src string
		opt       ReadOptions
		want      []string
	}{
		{"decimal comma, one column", "los\n2.5\n3,5\n", los,
			[]string{"x.csv:3: row has 2 fields, the header 1: is 3,5 one number? Write numbers with a decimal point and no thousands separator (3.5)"}},
		{"decimal comma, first of two columns", "los,in\n3,5,0\n", ReadOptions{Value: "los", Censored: "in"},
			[]string{"x.csv:2: row has 3 fields, the header 2: is 3,5 one number?"}},
		{"decimal comma, value after the column read", "id,los\n7,3,5\n", los,
			[]string{"x.csv:2: row has 3 fields, the header 2"}},
		{"negative decimal comma", "los\n-0,5\n", los, []string{"x.csv:2: row has 2 fields, the header 1: is -0,5 one number?"}},
		{"thousands separator", "los\n1,250\n", los, []string{"x.csv:2: row has 2 fields, the header 1: is 1,250 one number?"}},
		{"stray comma of text", "los,note\n1,see ward, bay 4\n", los, []string{"x.csv:2: row has 3 fields, the header 2: is a value with a comma not quoted?"}},
		{"trailing comma", "los\n4,\n", los, []string{"x.csv:2: row has 2 fields, the header 1"}},
		{"short row, column read present", "los,in,ward\n1,0\n", los, []string{"x.csv:2: row has 2 fields, the header 3"}},
		{"short row, column read absent", "id,los\n9\n", los, []string{"x.csv:2: row has 1 fields, the header 2; column los is absent"}},
		{"quoted decimal comma", "los\n\"3,5\"\n", los, []string{`x.csv:2: column los: "3,5" is not a number: write numbers with a decimal point and no thousands separator (3.5)`}},
		{"hexadecimal", "los\n0x1p3\n", los, []string{`x.csv:2: column los: "0x1p3" is not a number`}},
		{"infinity spelt out", "los\ninfinity\n", los, []string{`x.csv:2: column los: "infinity" is not a number`}},
		{"arrivals only, ragged", "t\n2025-04-07 08:30,x\n", ReadOptions{Arrivals: "t"}, []string{"x.csv:2: row has 2 fields, the header 1"}},
		{"every row ragged", "los\n1,5\n2,5\n3,5\n4,5\n5,5\n6,5\n", los, []string{"6 bad cells, the first 5:", "x.csv:2: row has 2 fields"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.src), "x.csv", c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	// Under --skip-bad a ragged row is listed, not read.
	tab, err := ReadCSV(strings.NewReader("los\n1\n3,5\n2\n"), "x.csv", ReadOptions{Value: "los", SkipBad: true})
	if err != nil || !equal(tab.Data.Values, []float64{1, 2}) || len(tab.Skipped) != 1 || tab.Skipped[0].Line != 3 {
		t.Errorf("skip-bad: %v, %v", tab, err)
	}
	// Plain decimals in every spelling still read.
	tab, err = ReadCSV(strings.NewReader("los\n1\n2.5\n.5\n3.\n1e2\n+2E-1\n"), "x.csv", los)
	if err != nil || !equal(tab.Data.Values, []float64{1, 2.5, 0.5, 3, 100, 0.2}) {
		t.Errorf("plain decimals: %v, %v", tab, err)
	}
}

// TestReadCSVSameDay: a same-day flag column and a threshold mark the
// stays Data.SameDay carries, counted apart; a censored stay is never
// below the threshold, and one flagged same-day is a bad cell.
func TestReadCSVSameDay(t *testing.T) {
	src := "los,sd,in\n" +
		"0.2,yes,0\n" + // flagged
		"0.1,,0\n" + // below 0.25
		"0.1,no,1\n" + // censored: never below
		"0,0,0\n" + // a zero: same-day in the fit, in neither count
		"3,n,0\n" +
		"0.3,N,0\n"
	tab, err := ReadCSV(strings.NewReader(src), "x.csv", ReadOptions{Value: "los", Censored: "in", SameDay: "sd", SameDayBelow: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	want := []bool{true, true, false, true, false, false}
	for i, w := range want {
		if tab.Data.SameDay[i] != w {
			t.Errorf("row %d same-day %v, want %v", i+2, tab.Data.SameDay[i], w)
		}
	}
	if tab.SameDayFlagged != 1 || tab.SameDayBelow != 2 {
		t.Errorf("flagged %d, below %d; want 1 and 2 (0.1 and the zero)", tab.SameDayFlagged, tab.SameDayBelow)
	}
	_, err = ReadCSV(strings.NewReader("los,sd,in\n0.2,yes,1\n1,perhaps,0\n"), "x.csv", ReadOptions{Value: "los", Censored: "in", SameDay: "sd"})
	for _, w := range []string{"2 bad cells", "x.csv:2: column sd: a same-day stay cannot be censored", `x.csv:3: column sd: "perhaps" is not a same-day flag`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not contain %q", err, w)
		}
	}
}

// TestReadCSVWhere: filters keep the rows equal (or not) to a value,
// before their cells are read, so a bad cell in a row left out is no
// error; an unknown column and a filter nothing passes are errors.
func TestReadCSVWhere(t *testing.T) {
	src := "site,ward,los\nqmc,a,1\nnch,a,bad\n qmc ,b,2\nqmc,a,3\nQMC,a,4\n"
	cases := []struct {
		where []Filter
		want  []float64
	}{
		{[]Filter{{Column: "site", Value: "qmc"}}, []float64{1, 2, 3}},
		{[]Filter{{Column: "site", Value: "qmc"}, {Column: "ward", Value: "a"}}, []float64{1, 3}},
		{[]Filter{{Column: "Site", Value: "qmc"}, {Column: "ward", Value: "b", Not: true}}, []float64{1, 3}},
		{[]Filter{{Column: "site", Value: "nch", Not: true}}, []float64{1, 2, 3, 4}},
	}
	for _, c := range cases {
		tab, err := ReadCSV(strings.NewReader(src), "x.csv", ReadOptions{Value: "los", Where: c.where})
		if err != nil {
			t.Errorf("%v: %v", c.where, err)
			continue
		}
		if !equal(tab.Data.Values, c.want) || tab.Filtered != 5-len(c.want) {
			t.Errorf("%v: values %v, %d filtered; want %v", c.where, tab.Data.Values, tab.Filtered, c.want)
		}
	}
	_, err := ReadCSV(strings.NewReader(src), "x.csv", ReadOptions{Value: "los", Where: []Filter{{Column: "hospital", Value: "qmc"}}})
	if err == nil || !strings.Contains(err.Error(), `x.csv:1: --where hospital=qmc: no column "hospital"; the header has "site", "ward", "los"`) {
		t.Errorf("unknown column: %v", err)
	}
	_, err = ReadCSV(strings.NewReader(src), "x.csv", ReadOptions{Value: "los", Where: []Filter{{Column: "site", Value: "kmh"}}})
	if err == nil || !strings.Contains(err.Error(), "x.csv: no row of 5 passes site=kmh") {
		t.Errorf("nothing passes: %v", err)
	}
	for s, want := range map[string]Filter{
		"site=qmc":     {Column: "site", Value: "qmc"},
		"site!=qmc":    {Column: "site", Value: "qmc", Not: true},
		" ward = a=b ": {Column: "ward", Value: "a=b"},
		"note=":        {Column: "note"},
	} {
		if f, err := ParseFilter(s); err != nil || f != want {
			t.Errorf("ParseFilter(%q) = %+v, %v; want %+v", s, f, err, want)
		}
	}
	for _, s := range []string{"site", "=qmc", "!=x"} {
		if _, err := ParseFilter(s); err == nil {
			t.Errorf("ParseFilter(%q): no error", s)
		}
	}
}

// TestReadCSVBadCellPerColumn: a bad timestamp leaves out the arrival, not
// the stay, and a bad stay the stay, not the arrival; a column not read
// cannot spoil a row at all.
func TestReadCSVBadCellPerColumn(t *testing.T) {
	src := "at,los\n2025-04-07 08:00,1\nyesterday,2\n2025-04-07 09:00,x\n"
	tab, err := ReadCSV(strings.NewReader(src), "x.csv", ReadOptions{Value: "los", Arrivals: "at", SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if !equal(tab.Data.Values, []float64{1, 2}) || len(tab.Arrivals) != 2 || len(tab.Skipped) != 2 ||
		tab.Skipped[0].Column != "at" || tab.Skipped[0].Line != 3 || tab.Skipped[1].Column != "los" || tab.Skipped[1].Line != 4 {
		t.Errorf("values %v, %d arrivals, skipped %v", tab.Data.Values, len(tab.Arrivals), tab.Skipped)
	}
	_, err = ReadCSV(strings.NewReader("at,los\nyesterday,1\n\"2025\"x,2\n"), "x.csv", ReadOptions{Value: "los"})
	if err == nil || !strings.Contains(err.Error(), "x.csv:3: CSV syntax") {
		t.Errorf("a stray quote anywhere is a syntax error: %v", err)
	}
	tab, err = ReadCSV(strings.NewReader("at,los\nyesterday,1\n,2\n"), "x.csv", ReadOptions{Value: "los"})
	if err != nil || !equal(tab.Data.Values, []float64{1, 2}) {
		t.Errorf("a bad timestamp not read: %v, %v", tab, err)
	}
}

// TestReadCSVNoEcho: a file that is not a CSV of stays is not echoed: the
// header of /etc/passwd is counted, not quoted, and a long bad cell is
// described by its length.
func TestReadCSVNoEcho(t *testing.T) {
	const secret = "root:x:0:0:root:/root:/bin/bash"
	_, err := ReadCSV(strings.NewReader(secret+"\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"), "passwd", ReadOptions{Value: "root"})
	if err == nil || strings.Contains(err.Error(), "/bin/bash") || !strings.Contains(err.Error(), `passwd:1: no column "root"; the header has 1 column`) {
		t.Errorf("error %v", err)
	}
	_, err = ReadCSV(strings.NewReader("k,v\n1,"+secret+"\n"), "x.csv", ReadOptions{Value: "k", Arrivals: "v"})
	if err == nil || strings.Contains(err.Error(), "/bin/bash") || !strings.Contains(err.Error(), "column v: a cell of 31 bytes is not a timestamp") {
		t.Errorf("error %v", err)
	}
	_, err = ReadCSV(strings.NewReader("k,v\n1,"+secret+"x\n"), "x.csv", ReadOptions{Value: "v"})
	if err == nil || strings.Contains(err.Error(), "/bin/bash") || !strings.Contains(err.Error(), `column v: a cell of 32 bytes is not a number`) {
		t.Errorf("error %v", err)
	}
}
