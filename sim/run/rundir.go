package run

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/output"
)

// Dir is a finished run's directory, opened for reading: its manifest,
// and its result files read on request (summary, replications and
// comparison rows in memory; daily and patients rows streamed, as they
// can be large).
type Dir struct {
	// Path is the directory.
	Path string
	// Manifest is the run's manifest. Manifests of older flowsim versions
	// are read too (output.ReadAnyManifest).
	Manifest *output.Manifest
}

// Open opens the finished run in dir. A manifest that records hashes
// (output.Manifest.Sealed) is verified with the result files it lists, so
// that nothing is read from a run edited after it ran; an older one is
// read as it is. Errors name the file; a missing directory or manifest
// wraps fs.ErrNotExist.
func Open(dir string) (*Dir, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("run directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory: want a run directory (flowsim run --out DIR)", dir)
	}
	path := filepath.Join(dir, output.ManifestFile)
	m, err := output.ReadAnyManifest(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not a run directory: no %s (flowsim run --out DIR makes one): %w", dir, output.ManifestFile, err)
	}
	if err != nil {
		return nil, err
	}
	if m.Sealed() {
		if m, err = output.Verify(path); err != nil {
			return nil, err
		}
	}
	return &Dir{Path: dir, Manifest: m}, nil
}

// Has reports whether the run directory holds the file name (a regular
// file or not: reading it then reports what is wrong; a dangling link
// counts as missing).
func (d *Dir) Has(name string) bool {
	_, err := os.Stat(filepath.Join(d.Path, name))
	return err == nil
}

// Group is one scenario of a run, or one point of a sweep: the
// scenario and key columns of a row.
type Group struct {
	Scenario string
	// Keys are the values of the key columns (a sweep's swept paths).
	Keys []string
}

// ID identifies g among a run's groups.
func (g Group) ID() string { return strings.Join(append([]string{g.Scenario}, g.Keys...), "\x00") }

// Label names g for people: the scenario, then any sweep values.
func (g Group) Label(keyCols []string) string {
	if len(g.Keys) == 0 {
		return g.Scenario
	}
	parts := make([]string, len(g.Keys))
	for i, k := range g.Keys {
		parts[i] = keyCols[i] + "=" + k
	}
	return g.Scenario + " (" + strings.Join(parts, ", ") + ")"
}

// SummaryRow is one line of summary.csv. Missing values (NA) are NaN.
type SummaryRow struct {
	Group
	Metric, Site            string
	Mean, SD, CILow, CIHigh float64
	P05, P50, P95           float64
	N                       int
	// Year is the financial year the row is about; zero for the whole run.
	Year YearPeriod
}

// RepValue is one line of replications.csv.
type RepValue struct {
	Group
	Rep          int
	Metric, Site string
	Value        float64
}

// ComparisonRow is one line of comparison.csv: Diff = base − alternative,
// so a positive bed-day difference is bed-days saved.
type ComparisonRow struct {
	// Scenario is the alternative.
	Scenario                    string
	Metric, Site                string
	BaseMean, AltMean           float64
	DiffMean, DiffLow, DiffHigh float64
	N                           int
}

// DailyRow is one line of daily.csv (the columns figures use).
type DailyRow struct {
	Group
	Rep, Day          int
	Site, Unit        string
	Occupied, Delayed float64
	// DelayedBy splits Delayed by the reasons DailyReasons returns, on
	// beds rows of files that have the columns; nil otherwise. It is
	// reused from row to row: copy what is kept.
	DelayedBy []float64
}

// PatientRow is one line of patients.csv (the columns figures use).
type PatientRow struct {
	Group
	Rep                 int
	Site, Pathway       string
	ArrivedDay, LOSDays float64
	// Route is where the journey went ("bed", …); empty in files written
	// before the column.
	Route string
}

// Summary reads summary.csv, and returns its key columns and the rows
// about the whole run in file order (a run reporting financial years has
// more; see YearSummary). It is an error for it to have no rows.
func (d *Dir) Summary() (keyCols []string, rows []SummaryRow, err error) {
	return d.summary(false)
}

// YearSummary reads the rows of summary.csv about financial years, in file
// order (year by year); none for a run that does not report them.
func (d *Dir) YearSummary() ([]SummaryRow, error) {
	_, rows, err := d.summary(true)
	return rows, err
}

// YearPeriod is the financial year a row is about.
type YearPeriod struct {
	// Label is "2025/26"; empty on rows about the whole run.
	Label string
	// Days is the year's days inside the recorded period.
	Days float64
	// Partial is true when only part of the year was recorded.
	Partial bool
}

// period reads rec's period columns; the zero YearPeriod for a row about
// the whole run or a file without them.
func (t *table) period(rec []string) (YearPeriod, error) {
	i, ok := t.col["period"]
	if !ok || rec[i] == output.WholeRun {
		return YearPeriod{}, nil
	}
	p := YearPeriod{Label: rec[i]}
	if j, ok := t.col["period_days"]; ok {
		days, err := num(rec[j], "period_days")
		if err != nil {
			return p, err
		}
		p.Days = days
	}
	if j, ok := t.col["period_partial"]; ok {
		p.Partial = rec[j] == "yes"
	}
	return p, nil
}

func (d *Dir) summary(years bool) (keyCols []string, rows []SummaryRow, err error) {
	path := filepath.Join(d.Path, output.SummaryFile)
	t, err := openTable(path, output.SummaryColumns()...)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	err = t.each(func(rec []string) error {
		p, err := t.period(rec)
		if err != nil || (p.Label != "") != years {
			return err
		}
		s := SummaryRow{Group: t.group(rec), Metric: rec[t.col["metric"]], Site: rec[t.col["site"]], Year: p}
		err = t.nums(rec, []*float64{&s.Mean, &s.SD, &s.CILow, &s.CIHigh, &s.P05, &s.P50, &s.P95},
			"mean", "sd", "ci_low", "ci_high", "p05", "p50", "p95")
		if err != nil {
			return err
		}
		if s.N, err = integer(rec[t.col["n"]], "n"); err != nil {
			return err
		}
		rows = append(rows, s)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 && !years {
		return nil, nil, fmt.Errorf("%s: no rows", path)
	}
	return t.keyCols, rows, nil
}

// Replications reads replications.csv. A missing file wraps
// fs.ErrNotExist.
func (d *Dir) Replications() ([]RepValue, error) {
	t, err := openTable(filepath.Join(d.Path, output.ReplicationsFile), output.ReplicationsColumns()...)
	if err != nil {
		return nil, err
	}
	defer t.close()
	rows := []RepValue{}
	err = t.each(func(rec []string) error {
		if p, err := t.period(rec); err != nil || p.Label != "" {
			return err // financial years' rows are not the whole run's
		}
		v := RepValue{Group: t.group(rec), Metric: rec[t.col["metric"]], Site: rec[t.col["site"]]}
		var err error
		if v.Rep, err = integer(rec[t.col["rep"]], "rep"); err != nil {
			return err
		}
		if v.Value, err = num(rec[t.col["value"]], "value"); err != nil {
			return err
		}
		rows = append(rows, v)
		return nil
	})
	return rows, err
}

// Comparison reads comparison.csv. A missing file (a run that is not a
// comparison) wraps fs.ErrNotExist.
func (d *Dir) Comparison() ([]ComparisonRow, error) {
	t, err := openTable(filepath.Join(d.Path, output.ComparisonFile), output.ComparisonReadColumns()...)
	if err != nil {
		return nil, err
	}
	defer t.close()
	rows := []ComparisonRow{}
	err = t.each(func(rec []string) error {
		if p, err := t.period(rec); err != nil || p.Label != "" {
			return err // financial years' rows are not the whole run's
		}
		row := ComparisonRow{Scenario: rec[0], Metric: rec[t.col["metric"]], Site: rec[t.col["site"]]}
		err := t.nums(rec, []*float64{&row.BaseMean, &row.AltMean, &row.DiffMean, &row.DiffLow, &row.DiffHigh},
			"base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high")
		if err != nil {
			return err
		}
		if row.N, err = integer(rec[t.col["n"]], "n"); err != nil {
			return err
		}
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

// dailyNeed are the columns of daily.csv a reader needs: those of every
// flowsim version.
var dailyNeed = []string{"rep", "day", "site", "unit", "occupied", "delayed"}

// EachDaily streams daily.csv: it calls start with the reasons of the
// file's delayed_<reason> columns (none in files written before them),
// then fn with every row in file order. An error from fn stops it and is
// returned with the file and line. A missing file wraps fs.ErrNotExist.
func (d *Dir) EachDaily(start func(reasons []string), fn func(DailyRow) error) error {
	t, err := openTable(filepath.Join(d.Path, output.DailyFile), dailyNeed...)
	if err != nil {
		return err
	}
	defer t.close()
	iRep, iDay, iSite, iUnit, iOcc, iDel := t.col["rep"], t.col["day"], t.col["site"], t.col["unit"], t.col["occupied"], t.col["delayed"]
	var iReason []int
	for c, i := range t.col {
		if strings.HasPrefix(c, "delayed_") && len(c) > len("delayed_") {
			iReason = append(iReason, i)
		}
	}
	slices.Sort(iReason)
	reasons := make([]string, len(iReason))
	for k, i := range iReason {
		reasons[k] = strings.TrimPrefix(t.header[i], "delayed_")
	}
	if start != nil {
		start(reasons)
	}
	by := make([]float64, len(iReason))
	return t.each(func(rec []string) error {
		r := DailyRow{Group: t.streamedGroup(rec), Site: rec[iSite], Unit: rec[iUnit]}
		var err error
		if r.Rep, err = integer(rec[iRep], "rep"); err != nil {
			return err
		}
		if r.Day, err = integer(rec[iDay], "day"); err != nil {
			return err
		}
		if r.Day < 0 {
			return fmt.Errorf("column day: %d is negative", r.Day)
		}
		if r.Occupied, err = num(rec[iOcc], "occupied"); err != nil {
			return err
		}
		if r.Delayed, err = num(rec[iDel], "delayed"); err != nil {
			return err
		}
		if len(iReason) > 0 && r.Unit == "beds" {
			for k, i := range iReason {
				if by[k], err = num(rec[i], t.header[i]); err != nil {
					return err
				}
			}
			r.DelayedBy = by
		}
		return fn(r)
	})
}

// patientsNeed are the columns of patients.csv a reader needs: those of
// every flowsim version.
var patientsNeed = []string{"rep", "site", "pathway", "arrived_day", "los_days"}

// PatientsFile is the name of the run's patients file: patients.csv, or
// patients.csv.gz when the run wrote it compressed (--patients-gzip) or
// only that is there.
func (d *Dir) PatientsFile() string {
	if d.Manifest.PatientsGzip || (!d.Has(output.PatientsFile) && d.Has(output.PatientsGzipFile)) {
		return output.PatientsGzipFile
	}
	return output.PatientsFile
}

// EachPatient streams patients.csv (or patients.csv.gz, decompressed),
// calling fn with every row in file order. An error from fn stops it and
// is returned with the file and line. A missing file wraps
// fs.ErrNotExist.
func (d *Dir) EachPatient(fn func(PatientRow) error) error {
	t, err := openTable(filepath.Join(d.Path, d.PatientsFile()), patientsNeed...)
	if err != nil {
		return err
	}
	defer t.close()
	iRep, iSite, iPath, iArr, iLOS := t.col["rep"], t.col["site"], t.col["pathway"], t.col["arrived_day"], t.col["los_days"]
	iRoute, hasRoute := t.col["route"]
	return t.each(func(rec []string) error {
		p := PatientRow{Group: t.streamedGroup(rec), Site: rec[iSite], Pathway: rec[iPath]}
		var err error
		if p.Rep, err = integer(rec[iRep], "rep"); err != nil {
			return err
		}
		if p.ArrivedDay, err = num(rec[iArr], "arrived_day"); err != nil {
			return err
		}
		if p.LOSDays, err = num(rec[iLOS], "los_days"); err != nil {
			return err
		}
		if p.LOSDays < 0 {
			return fmt.Errorf("column los_days: %v is negative", p.LOSDays)
		}
		if hasRoute {
			p.Route = rec[iRoute]
		}
		return fn(p)
	})
}

// table is a CSV file being read: its header row names the columns, and
// those between "scenario" and the first standard column are key columns.
type table struct {
	path    string
	header  []string
	keyCols []string
	col     map[string]int
	cr      *csv.Reader
	f       io.Closer
	// last is the group of the latest row streamed (lastID its ID), so
	// that the rows of one group, which come together, share one copy.
	last    Group
	lastID  string
	hasLast bool
}

// openTable opens path and reads its header. need are the standard
// columns that must be present, the first of them the first after the
// keys. The file must be a regular file, read as a stream within the
// record limit of inputfile.RunCSV: the run's CSV files have no size
// limit, but memory follows the rows kept.
func openTable(path string, need ...string) (*table, error) {
	f, err := inputfile.Open(path, inputfile.RunCSV)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(f)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file, want a header row", path)
		}
		return nil, readError(path, err)
	}
	t := &table{path: path, header: slices.Clone(header), col: map[string]int{}, cr: cr, f: f}
	for i, h := range header {
		t.col[h] = i
	}
	fail := func(format string, a ...any) (*table, error) {
		f.Close()
		return nil, fmt.Errorf("%s:1: "+format, append([]any{path}, a...)...)
	}
	if header[0] != "scenario" {
		return fail("first column is %q, want scenario", header[0])
	}
	end := slices.Index(header, need[0])
	if end < 0 {
		return fail("no column %q (header %s)", need[0], strings.Join(header, ","))
	}
	t.keyCols = slices.Clone(header[1:end])
	for _, c := range need {
		if _, ok := t.col[c]; !ok {
			return fail("no column %q (header %s)", c, strings.Join(header, ","))
		}
	}
	return t, nil
}

func (t *table) close() { t.f.Close() }

// each calls fn for every record; line numbers in errors are the file's.
func (t *table) each(fn func(rec []string) error) error {
	for {
		rec, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return readError(t.path, err)
		}
		line, _ := t.cr.FieldPos(0)
		if err := fn(rec); err != nil {
			return fmt.Errorf("%s:%d: %w", t.path, line, err)
		}
	}
}

// readError names path, and the line where known, in an error from
// reading a CSV file.
func readError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", path, pe.Line, pe.Err)
	}
	if _, ok := errors.AsType[*inputfile.Error](err); ok {
		return err // names the file (and line) already
	}
	return fmt.Errorf("%s: %w", path, err)
}

// group returns rec's scenario and keys (copied: records are reused).
func (t *table) group(rec []string) Group {
	g := Group{Scenario: strings.Clone(rec[0])}
	if len(t.keyCols) > 0 {
		g.Keys = make([]string, len(t.keyCols))
		for i, k := range rec[1 : 1+len(t.keyCols)] {
			g.Keys[i] = strings.Clone(k)
		}
	}
	return g
}

// streamedGroup returns rec's group, reusing the previous row's when rec
// belongs to it: a streamed file's rows come group by group.
func (t *table) streamedGroup(rec []string) Group {
	if id := t.groupID(rec); !t.hasLast || id != t.lastID {
		t.last, t.lastID, t.hasLast = t.group(rec), id, true
	}
	return t.last
}

// groupID is t.group(rec).ID() without copying.
func (t *table) groupID(rec []string) string {
	return strings.Join(rec[:1+len(t.keyCols)], "\x00")
}

// num parses a number; NA and empty cells are NaN.
func num(s, column string) (float64, error) {
	switch s {
	case "NA", "", "NaN":
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("column %s: %q is not a number", column, s)
	}
	return v, nil
}

func integer(s, column string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("column %s: %q is not a whole number", column, s)
	}
	return v, nil
}

// nums parses the named columns of rec into dst, in order.
func (t *table) nums(rec []string, dst []*float64, cols ...string) error {
	for i, c := range cols {
		v, err := num(rec[t.col[c]], c)
		if err != nil {
			return err
		}
		*dst[i] = v
	}
	return nil
}
