package plot

import (
	"encoding/csv"
	"encoding/json"
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
)

// Names of the files of a run directory read here.
const (
	SummaryFile      = "summary.csv"
	ReplicationsFile = "replications.csv"
	DailyFile        = "daily.csv"
	PatientsFile     = "patients.csv"
	ComparisonFile   = "comparison.csv"
	ManifestFile     = "manifest.json"
)

// SystemSite is the site name of whole-system rows.
const SystemSite = "all"

// Run is what a run directory holds, read for figures and reports.
type Run struct {
	// Dir is the run directory.
	Dir      string
	Manifest Manifest
	// KeyCols are a sweep's key columns (swept YAML paths), in file order;
	// empty for plain runs and comparisons.
	KeyCols []string
	// Groups are the scenarios (sweep points) in the order summary.csv
	// lists them.
	Groups []Group
	// Sites are the sites, sorted by name, without SystemSite.
	Sites   []string
	Summary []SummaryRow
	// Replications is nil when replications.csv is absent.
	Replications []RepValue
	// Comparison is nil when comparison.csv is absent.
	Comparison []ComparisonRow

	daily map[string]*groupDaily // by Group.ID; nil without daily.csv
	// delayReasons are the reasons of daily.csv's delayed_<reason>
	// columns, in file order; none in runs written before them.
	delayReasons []string
	// patients.csv can be large: it is read when first needed.
	patientsPath string
	patients     map[string]*groupPatients // by Group.ID
}

// Group is one scenario of a run, or one point of a sweep.
type Group struct {
	Scenario string
	// Keys are the values of Run.KeyCols at this point.
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

// HasDaily reports whether the run has daily.csv.
func (r *Run) HasDaily() bool { return r.daily != nil }

// HasPatients reports whether the run has patients.csv.
func (r *Run) HasPatients() bool { return r.patientsPath != "" }

// Metric returns the summary row of metric at site for group g.
func (r *Run) Metric(g Group, metric, site string) (SummaryRow, bool) {
	id := g.ID()
	for _, s := range r.Summary {
		if s.Metric == metric && s.Site == site && s.Group.ID() == id {
			return s, true
		}
	}
	return SummaryRow{}, false
}

// ReadRun reads the run directory dir. summary.csv and manifest.json are
// required; the other files are read when present.
func ReadRun(dir string) (*Run, error) {
	r := &Run{Dir: dir}
	if err := readManifest(filepath.Join(dir, ManifestFile), &r.Manifest); err != nil {
		return nil, err
	}
	if err := r.readSummary(filepath.Join(dir, SummaryFile)); err != nil {
		return nil, err
	}
	optional := []struct {
		name string
		read func(string) error
	}{
		{ReplicationsFile, r.readReplications},
		{ComparisonFile, r.readComparison},
		{DailyFile, r.readDaily},
	}
	for _, f := range optional {
		err := f.read(filepath.Join(dir, f.name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
	}
	// patients.csv is read when a figure needs it, but a path there that
	// is not a regular file is an error now, not a missing file.
	p := filepath.Join(dir, PatientsFile)
	if _, err := os.Stat(p); err == nil {
		f, err := inputfile.Open(p, inputfile.RunCSV)
		if err != nil {
			return nil, err
		}
		f.Close()
		r.patientsPath = p
	}
	return r, nil
}

// table is a CSV file being read: its header row names the columns, and
// those between "scenario" and the first standard column are key columns.
type table struct {
	path    string
	header  []string
	keyCols []string
	col     map[string]int
}

// openTable opens path and reads its header. first is the first standard
// column after the keys; need are columns that must be present. The file
// must be a regular file, read as a stream within the record limit of
// inputfile.RunCSV: the run's CSV files have no size limit, but memory
// follows the rows kept.
func openTable(path string, first string, need ...string) (*table, *csv.Reader, io.Closer, error) {
	f, err := inputfile.Open(path, inputfile.RunCSV)
	if err != nil {
		return nil, nil, nil, err
	}
	cr := csv.NewReader(f)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, nil, nil, fmt.Errorf("%s: empty file, want a header row", path)
		}
		return nil, nil, nil, readError(path, err)
	}
	t := &table{path: path, header: slices.Clone(header), col: map[string]int{}}
	for i, h := range header {
		t.col[h] = i
	}
	if header[0] != "scenario" {
		f.Close()
		return nil, nil, nil, fmt.Errorf("%s:1: first column is %q, want scenario", path, header[0])
	}
	end := slices.Index(header, first)
	if end < 0 {
		f.Close()
		return nil, nil, nil, fmt.Errorf("%s:1: no column %q (header %s)", path, first, strings.Join(header, ","))
	}
	t.keyCols = slices.Clone(header[1:end])
	for _, c := range need {
		if _, ok := t.col[c]; !ok {
			f.Close()
			return nil, nil, nil, fmt.Errorf("%s:1: no column %q (header %s)", path, c, strings.Join(header, ","))
		}
	}
	return t, cr, f, nil
}

// each calls fn for every record; line numbers in errors are the file's.
func (t *table) each(cr *csv.Reader, fn func(rec []string, line int) error) error {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return readError(t.path, err)
		}
		line, _ := cr.FieldPos(0)
		if err := fn(rec, line); err != nil {
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

func (t *table) group(rec []string) Group {
	g := Group{Scenario: rec[0]}
	if len(t.keyCols) > 0 {
		g.Keys = slices.Clone(rec[1 : 1+len(t.keyCols)])
	}
	return g
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

func (r *Run) readSummary(path string) error {
	t, cr, c, err := openTable(path, "metric", "metric", "site", "mean", "sd", "ci_low", "ci_high", "p05", "p50", "p95", "n")
	if err != nil {
		return err
	}
	defer c.Close()
	r.KeyCols = t.keyCols
	seen := map[string]bool{}
	sites := map[string]bool{}
	err = t.each(cr, func(rec []string, _ int) error {
		s := SummaryRow{Group: t.group(rec), Metric: rec[t.col["metric"]], Site: rec[t.col["site"]]}
		err := t.nums(rec, []*float64{&s.Mean, &s.SD, &s.CILow, &s.CIHigh, &s.P05, &s.P50, &s.P95},
			"mean", "sd", "ci_low", "ci_high", "p05", "p50", "p95")
		if err != nil {
			return err
		}
		if s.N, err = integer(rec[t.col["n"]], "n"); err != nil {
			return err
		}
		if id := s.Group.ID(); !seen[id] {
			seen[id] = true
			r.Groups = append(r.Groups, s.Group)
		}
		if s.Site != SystemSite {
			sites[s.Site] = true
		}
		r.Summary = append(r.Summary, s)
		return nil
	})
	if err != nil {
		return err
	}
	if len(r.Summary) == 0 {
		return fmt.Errorf("%s: no rows", path)
	}
	for s := range sites {
		r.Sites = append(r.Sites, s)
	}
	slices.Sort(r.Sites)
	return nil
}

func (r *Run) readReplications(path string) error {
	t, cr, c, err := openTable(path, "rep", "rep", "metric", "site", "value")
	if err != nil {
		return err
	}
	defer c.Close()
	r.Replications = []RepValue{}
	return t.each(cr, func(rec []string, _ int) error {
		v := RepValue{Group: t.group(rec), Metric: rec[t.col["metric"]], Site: rec[t.col["site"]]}
		var err error
		if v.Rep, err = integer(rec[t.col["rep"]], "rep"); err != nil {
			return err
		}
		if v.Value, err = num(rec[t.col["value"]], "value"); err != nil {
			return err
		}
		r.Replications = append(r.Replications, v)
		return nil
	})
}

func (r *Run) readComparison(path string) error {
	t, cr, c, err := openTable(path, "metric", "metric", "site", "base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high", "n")
	if err != nil {
		return err
	}
	defer c.Close()
	r.Comparison = []ComparisonRow{}
	return t.each(cr, func(rec []string, _ int) error {
		row := ComparisonRow{Scenario: rec[0], Metric: rec[t.col["metric"]], Site: rec[t.col["site"]]}
		err := t.nums(rec, []*float64{&row.BaseMean, &row.AltMean, &row.DiffMean, &row.DiffLow, &row.DiffHigh},
			"base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high")
		if err != nil {
			return err
		}
		if row.N, err = integer(rec[t.col["n"]], "n"); err != nil {
			return err
		}
		r.Comparison = append(r.Comparison, row)
		return nil
	})
}

// maxSparseCells is how many cells of each daily series beyond four per
// row of daily.csv readDaily allocates before it refuses the file.
const maxSparseCells = 1 << 20

// groupDaily holds one group's daily.csv rows by site and unit.
type groupDaily struct {
	reps  []int       // replication numbers, in order of first appearance
	repAt map[int]int // replication number → index into reps
	units map[siteUnit]*unitDaily
}

type siteUnit struct{ site, unit string }

// unitDaily holds one unit's daily values: [day][rep index], NaN where a
// replication has no row for the day.
type unitDaily struct {
	occupied, delayed [][]float64
	// byReason[k] splits delayed by Run.delayReasons[k]; kept for beds
	// only (other units' are zero).
	byReason [][][]float64
}

// cost returns the cells of each series that set(day, _, nreps, …) would
// allocate: a row for every new day up to day, and room for nreps values
// in day's row.
func (u *unitDaily) cost(day, nreps int) int {
	c, have := 0, 0
	if day < len(u.occupied) {
		have = len(u.occupied[day])
	} else {
		c = day + 1 - len(u.occupied)
	}
	return c + max(0, nreps-have)
}

// set records a day's values; by, if not nil, is delayed by reason.
func (u *unitDaily) set(day, rep, nreps int, occ, del float64, by []float64) {
	if by != nil && u.byReason == nil {
		u.byReason = make([][][]float64, len(by))
	}
	series := []*[][]float64{&u.occupied, &u.delayed}
	for k := range u.byReason {
		series = append(series, &u.byReason[k])
	}
	for _, s := range series {
		for len(*s) <= day {
			*s = append(*s, nil)
		}
		row := (*s)[day]
		for len(row) < nreps {
			row = append(row, math.NaN())
		}
		(*s)[day] = row
	}
	u.occupied[day][rep] = occ
	u.delayed[day][rep] = del
	for k, v := range by {
		u.byReason[k][day][rep] = v
	}
}

func (r *Run) readDaily(path string) error {
	t, cr, c, err := openTable(path, "rep", "rep", "day", "site", "unit", "occupied", "delayed")
	if err != nil {
		return err
	}
	defer c.Close()
	r.daily = map[string]*groupDaily{}
	var lastID string
	var g *groupDaily
	iRep, iDay, iSite, iUnit, iOcc, iDel := t.col["rep"], t.col["day"], t.col["site"], t.col["unit"], t.col["occupied"], t.col["delayed"]
	// The delayed_<reason> columns, in file order.
	var iReason []int
	for c, i := range t.col {
		if strings.HasPrefix(c, "delayed_") && len(c) > len("delayed_") {
			iReason = append(iReason, i)
		}
	}
	slices.Sort(iReason)
	r.delayReasons = make([]string, len(iReason))
	for k, i := range iReason {
		r.delayReasons[k] = strings.TrimPrefix(t.header[i], "delayed_")
	}
	by := make([]float64, len(iReason))
	// The days × replications tables of a real daily.csv are full: one
	// row of the file fills one cell of each series. A file whose rows
	// leave them mostly empty (day 1000000000, or each row a new
	// replication on a new day) would allocate without bound, so the
	// cells allocated are held to a few per row.
	cells, rows := 0, 0
	return t.each(cr, func(rec []string, _ int) error {
		rows++
		if id := t.group(rec).ID(); g == nil || id != lastID {
			if g = r.daily[id]; g == nil {
				g = &groupDaily{repAt: map[int]int{}, units: map[siteUnit]*unitDaily{}}
				r.daily[id] = g
			}
			lastID = id
		}
		rep, err := integer(rec[iRep], "rep")
		if err != nil {
			return err
		}
		day, err := integer(rec[iDay], "day")
		if err != nil {
			return err
		}
		if day < 0 {
			return fmt.Errorf("column day: %d is negative", day)
		}
		occ, err := num(rec[iOcc], "occupied")
		if err != nil {
			return err
		}
		del, err := num(rec[iDel], "delayed")
		if err != nil {
			return err
		}
		ri, ok := g.repAt[rep]
		if !ok {
			ri = len(g.reps)
			g.repAt[rep] = ri
			g.reps = append(g.reps, rep)
		}
		var split []float64
		if len(iReason) > 0 && rec[iUnit] == "beds" {
			for k, i := range iReason {
				if by[k], err = num(rec[i], t.header[i]); err != nil {
					return err
				}
			}
			split = by
		}
		k := siteUnit{rec[iSite], rec[iUnit]}
		u := g.units[k]
		if u == nil {
			u = &unitDaily{}
			g.units[k] = u
		}
		if cells += u.cost(day, len(g.reps)); cells > maxSparseCells+4*rows {
			return fmt.Errorf("day %d of replication %d: the rows leave the table of days × replications mostly empty "+
				"(not a daily.csv written by flowsim?)", day, rep)
		}
		u.set(day, ri, len(g.reps), occ, del, split)
		return nil
	})
}

// groupPatients holds one group's completed stays from patients.csv.
type groupPatients struct {
	stays []stay
}

type stay struct {
	site, pathway string
	arrived, los  float64 // days
}

// loadPatients reads patients.csv, once.
func (r *Run) loadPatients() error {
	if r.patients != nil || r.patientsPath == "" {
		return nil
	}
	return r.readPatients(r.patientsPath)
}

// readPatients reads the stays in a G&A bed from patients.csv. With a
// route column, journeys that never reached a bed (home from SDEC, or
// straight to a virtual ward: zero days in a bed) are left out.
func (r *Run) readPatients(path string) error {
	t, cr, c, err := openTable(path, "rep", "site", "pathway", "arrived_day", "los_days")
	if err != nil {
		return err
	}
	defer c.Close()
	patients := map[string]*groupPatients{}
	// Site and pathway names repeat on every row: intern them.
	names := map[string]string{}
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		s = strings.Clone(s)
		names[s] = s
		return s
	}
	iSite, iPath, iArr, iLOS := t.col["site"], t.col["pathway"], t.col["arrived_day"], t.col["los_days"]
	iRoute, hasRoute := t.col["route"]
	err = t.each(cr, func(rec []string, _ int) error {
		id := t.group(rec).ID()
		g := patients[id]
		if g == nil {
			g = &groupPatients{}
			patients[id] = g
		}
		arr, err := num(rec[iArr], "arrived_day")
		if err != nil {
			return err
		}
		los, err := num(rec[iLOS], "los_days")
		if err != nil {
			return err
		}
		if los < 0 {
			return fmt.Errorf("column los_days: %v is negative", los)
		}
		if hasRoute && rec[iRoute] != "bed" && !(los > 0) {
			return nil
		}
		g.stays = append(g.stays, stay{site: intern(rec[iSite]), pathway: intern(rec[iPath]), arrived: arr, los: los})
		return nil
	})
	if err != nil {
		return err
	}
	r.patients = patients
	return nil
}

// Manifest is what figures and reports use of manifest.json. It reads
// manifests of every flowsim version so far: older ones carry the resolved
// scenario at the top level, newer ones one entry per scenario.
type Manifest struct {
	Tool           string  `json:"tool"`
	Version        string  `json:"version"`
	Command        string  `json:"command"`
	Scenario       string  `json:"scenario"`
	ScenarioFile   string  `json:"scenario_file"`
	ScenarioSHA256 string  `json:"scenario_sha256"`
	Seed           uint64  `json:"seed"`
	Reps           int     `json:"reps"`
	Horizon        string  `json:"horizon"`
	Warmup         string  `json:"warmup"`
	HorizonDays    float64 `json:"horizon_days"`
	WarmupDays     float64 `json:"warmup_days"`
	WarmupAuto     *struct {
		Method    string  `json:"method"`
		Series    string  `json:"series"`
		PilotReps int     `json:"pilot_reps"`
		Days      float64 `json:"days"`
	} `json:"warmup_auto"`
	Precision *struct {
		Metric          string  `json:"metric"`
		Site            string  `json:"site"`
		Of              string  `json:"of"`
		TargetHalfWidth float64 `json:"target_half_width"`
		HalfWidth       float64 `json:"half_width"`
		MaxReps         int     `json:"max_reps"`
		Met             bool    `json:"met"`
	} `json:"precision"`
	Sets []struct {
		Path   string   `json:"path"`
		Values []string `json:"values"`
	} `json:"sets"`
	Shard *struct {
		Index int `json:"index"`
		Count int `json:"count"`
	} `json:"shard"`
	Scenarios []ManifestScenario `json:"scenarios"`
	// Resolved is the resolved scenario of older manifests.
	Resolved json.RawMessage `json:"resolved_scenario"`
	Files    []string        `json:"files"`
	// CensusDay is the day of --write-census, when the run wrote one.
	CensusDay *int `json:"census_day"`
	Run       struct {
		StartedAt   string   `json:"started_at"`
		FinishedAt  string   `json:"finished_at"`
		WallSeconds float64  `json:"wall_seconds"`
		Workers     int      `json:"workers"`
		GoVersion   string   `json:"go_version"`
		Events      uint64   `json:"events"`
		Resumed     int      `json:"resumed"`
		MergedFrom  []string `json:"merged_from"`
	} `json:"run"`
}

// ManifestScenario is one scenario of a run.
type ManifestScenario struct {
	Role     string          `json:"role"`
	Name     string          `json:"name"`
	File     string          `json:"file"`
	Values   []string        `json:"values"`
	SHA256   string          `json:"sha256"`
	Resolved json.RawMessage `json:"resolved_scenario"`
}

func readManifest(path string, m *Manifest) error {
	data, err := inputfile.ReadFile(path, inputfile.Manifest)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, m); err != nil {
		return fmt.Errorf("%s: not a flowsim manifest: %w", path, err)
	}
	if m.Tool != "flowsim" {
		return fmt.Errorf("%s: not a flowsim manifest (tool %q)", path, m.Tool)
	}
	if len(m.Scenarios) == 0 {
		m.Scenarios = []ManifestScenario{{Name: m.Scenario, File: m.ScenarioFile, SHA256: m.ScenarioSHA256, Resolved: m.Resolved}}
	}
	return nil
}

// ScenarioOf returns the manifest's entry for group g: by name and sweep
// values, or by name alone.
func (m *Manifest) ScenarioOf(g Group) (ManifestScenario, bool) {
	var byName *ManifestScenario
	for i, s := range m.Scenarios {
		if s.Name != g.Scenario {
			continue
		}
		if slices.Equal(s.Values, g.Keys) {
			return s, true
		}
		if byName == nil {
			byName = &m.Scenarios[i]
		}
	}
	if byName != nil {
		return *byName, true
	}
	if len(m.Scenarios) == 1 {
		return m.Scenarios[0], true
	}
	return ManifestScenario{}, false
}
