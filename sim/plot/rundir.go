package plot

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/run"
)

// Names of the files of a run directory, as sim/output declares them.
const (
	SummaryFile      = output.SummaryFile
	ReplicationsFile = output.ReplicationsFile
	DailyFile        = output.DailyFile
	PatientsFile     = output.PatientsFile
	PatientsGzipFile = output.PatientsGzipFile
	ComparisonFile   = output.ComparisonFile
	ManifestFile     = output.ManifestFile
)

// SystemSite is the site name of whole-system rows.
const SystemSite = model.SystemSite

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
	// Years are summary.csv's rows about financial years, for scenarios
	// with financial_years; nil otherwise.
	Years []SummaryRow

	daily map[string]*groupDaily // by Group.ID; nil without daily.csv
	// delayReasons are the reasons of daily.csv's delayed_<reason>
	// columns, in file order; none in runs written before them.
	delayReasons []string
	// patients.csv can be large: it is read when first needed.
	dir      *run.Dir                  // nil without patients.csv
	patients map[string]*groupPatients // by Group.ID
}

// The rows of a run's files, as the run package reads them.
type (
	// Group is one scenario of a run, or one point of a sweep.
	Group = run.Group
	// SummaryRow is one line of summary.csv. Missing values (NA) are NaN.
	SummaryRow = run.SummaryRow
	// RepValue is one line of replications.csv.
	RepValue = run.RepValue
	// ComparisonRow is one line of comparison.csv.
	ComparisonRow = run.ComparisonRow
	// YearPeriod is the financial year a summary row is about.
	YearPeriod = run.YearPeriod
	// ManifestScenario is one scenario of a run's manifest.
	ManifestScenario = output.ScenarioEntry
)

// Manifest is a run's manifest (output.Manifest), with the lookup of a
// group's scenario.
type Manifest struct{ *output.Manifest }

// ScenarioOf returns the manifest's entry for group g: by name and sweep
// values, or by name alone.
func (m Manifest) ScenarioOf(g Group) (ManifestScenario, bool) {
	if m.Manifest == nil {
		return ManifestScenario{}, false
	}
	return m.Manifest.ScenarioOf(g.Scenario, g.Keys)
}

// HasDaily reports whether the run has daily.csv.
func (r *Run) HasDaily() bool { return r.daily != nil }

// HasPatients reports whether the run has patients.csv.
func (r *Run) HasPatients() bool { return r.dir != nil }

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

// ReadRun opens the run directory dir (run.Open) and reads it (FromDir).
func ReadRun(dir string) (*Run, error) {
	d, err := run.Open(dir)
	if err != nil {
		return nil, err
	}
	return FromDir(d)
}

// FromDir reads what figures need of the opened run d: summary.csv is
// required; replications.csv, comparison.csv and daily.csv are read when
// present, patients.csv when a figure first needs it.
func FromDir(d *run.Dir) (*Run, error) {
	r := &Run{Dir: d.Path, Manifest: Manifest{d.Manifest}}
	var err error
	if r.KeyCols, r.Summary, err = d.Summary(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	sites := map[string]bool{}
	for _, s := range r.Summary {
		if id := s.Group.ID(); !seen[id] {
			seen[id] = true
			r.Groups = append(r.Groups, s.Group)
		}
		if s.Site != SystemSite {
			sites[s.Site] = true
		}
	}
	r.Sites = slices.Sorted(maps.Keys(sites))
	optional := func(err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if r.Years, err = d.YearSummary(); err != nil {
		return nil, err
	}
	if r.Replications, err = d.Replications(); optional(err) != nil {
		return nil, err
	}
	if r.Comparison, err = d.Comparison(); optional(err) != nil {
		return nil, err
	}
	if err := optional(r.readDaily(d)); err != nil {
		return nil, err
	}
	// patients.csv (or .csv.gz) is read when a figure needs it, but a
	// path there that is not a regular file, or a .gz that is not gzip, is
	// an error now, not a missing file.
	if d.Has(d.PatientsFile()) {
		p := filepath.Join(d.Path, d.PatientsFile())
		f, err := inputfile.Open(p, inputfile.RunCSV)
		if err != nil {
			return nil, err
		}
		f.Close()
		r.dir = d
	}
	return r, nil
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

func (r *Run) readDaily(d *run.Dir) error {
	daily := map[string]*groupDaily{}
	var lastID string
	var g *groupDaily
	// The days × replications tables of a real daily.csv are full: one
	// row of the file fills one cell of each series. A file whose rows
	// leave them mostly empty (day 1000000000, or each row a new
	// replication on a new day) would allocate without bound, so the
	// cells allocated are held to a few per row.
	cells, rows := 0, 0
	err := d.EachDaily(func(reasons []string) { r.delayReasons = reasons }, func(row run.DailyRow) error {
		rows++
		if id := row.Group.ID(); g == nil || id != lastID {
			if g = daily[id]; g == nil {
				g = &groupDaily{repAt: map[int]int{}, units: map[siteUnit]*unitDaily{}}
				daily[id] = g
			}
			lastID = id
		}
		ri, ok := g.repAt[row.Rep]
		if !ok {
			ri = len(g.reps)
			g.repAt[row.Rep] = ri
			g.reps = append(g.reps, row.Rep)
		}
		k := siteUnit{row.Site, row.Unit}
		u := g.units[k]
		if u == nil {
			u = &unitDaily{}
			g.units[k] = u
		}
		if cells += u.cost(row.Day, len(g.reps)); cells > maxSparseCells+4*rows {
			return fmt.Errorf("day %d of replication %d: the rows leave the table of days × replications mostly empty "+
				"(not a daily.csv written by flowsim?)", row.Day, row.Rep)
		}
		u.set(row.Day, ri, len(g.reps), row.Occupied, row.Delayed, row.DelayedBy)
		return nil
	})
	if err != nil {
		return err
	}
	r.daily = daily
	return nil
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
	if r.patients != nil || r.dir == nil {
		return nil
	}
	return r.readPatients(r.dir)
}

// readPatients reads the stays in a G&A bed from patients.csv. With a
// route column, journeys that never reached a bed (home from SDEC, or
// straight to a virtual ward: zero days in a bed) are left out.
func (r *Run) readPatients(d *run.Dir) error {
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
	err := d.EachPatient(func(p run.PatientRow) error {
		id := p.Group.ID()
		g := patients[id]
		if g == nil {
			g = &groupPatients{}
			patients[id] = g
		}
		if p.Route != "" && p.Route != "bed" && !(p.LOSDays > 0) {
			return nil
		}
		g.stays = append(g.stays, stay{site: intern(p.Site), pathway: intern(p.Pathway), arrived: p.ArrivedDay, los: p.LOSDays})
		return nil
	})
	if err != nil {
		return err
	}
	r.patients = patients
	return nil
}
