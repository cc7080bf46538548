package runs

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/ensemble"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
)

// An ensemble job compares a base with alternatives at every plausible
// baseline of a history match, as flowsim compare --ensemble does, with
// experiment.CompareEnsemble. The plausible baselines are a finished
// match's plausible.yaml in the results directory, named by the match's
// directory (its ensemble id).
const (
	// plausibleFile is the ensemble calibrate --fit writes in its
	// directory, and the copy an ensemble job keeps in its own.
	plausibleFile = experiment.PlausibleYAML
	// ensembleRecord is an ensemble job's record of what it ran: the
	// ensemble comparison has no run manifest, so this file is its
	// manifest, and a directory that holds one is a finished job.
	ensembleRecord = "ensemble.json"
	// ensemblePhase is an ensemble job's progress phase: its counts are
	// plausible baselines, not replications.
	ensemblePhase = "plausible baselines"
	// ensembleReps is the replications a baseline and scenario when the
	// form leaves them out, as compare --ensemble's default.
	ensembleReps = 3
	// savingsFigure is the savings figure CompareEnsemble writes.
	savingsFigure = "savings.svg"
)

// EnsembleChoice is a set of plausible baselines the run form offers.
type EnsembleChoice struct {
	// ID is the form's value: the match's directory in the results
	// directory.
	ID string
	// Label says which match it is, for the form.
	Label string
}

// Ensembles lists the plausible baselines the results directory holds:
// the plausible.yaml of every finished history match (a directory with
// that regular file, not a link), newest directory name last.
func (s *Server) Ensembles() []EnsembleChoice {
	entries, err := os.ReadDir(s.cfg.ResultsDir)
	if err != nil {
		return nil
	}
	var out []EnsembleChoice
	for _, e := range entries {
		if len(out) >= maxListed {
			break
		}
		if !e.IsDir() || !plainName(e.Name()) {
			continue
		}
		if _, err := s.resolveEnsemble(e.Name()); err == nil {
			out = append(out, EnsembleChoice{ID: e.Name(), Label: e.Name() + "/" + plausibleFile})
		}
	}
	return out
}

// errNoEnsemble refuses an ensemble id that names no finished match.
var errNoEnsemble = errors.New("no plausible baselines of that name in the results directory")

// resolveEnsemble returns the plausible.yaml of the match directory id,
// relative to the results directory: id must be a plain name, its
// directory and file no links, the file regular.
func (s *Server) resolveEnsemble(id string) (string, error) {
	if !plainName(id) {
		return "", errNoEnsemble
	}
	if st, err := s.root.Lstat(id); err != nil || !st.IsDir() {
		return "", errNoEnsemble
	}
	rel := filepath.Join(id, plausibleFile)
	if st, err := s.root.Lstat(rel); err != nil || !st.Mode().IsRegular() {
		return "", errNoEnsemble
	}
	return rel, nil
}

// parseEnsemble checks an ensemble job's form: the plausible baselines
// id names, alternatives to compare and a replication count of at least
// 2 (within a baseline, each saving needs its own interval).
func (s *Server) parseEnsemble(id string, q *request) error {
	var rel, lib string
	var err error
	if strings.Contains(id, "/") && s.cfg.ResolveEnsemble != nil {
		lib, err = s.cfg.ResolveEnsemble(id)
	} else {
		rel, err = s.resolveEnsemble(id)
	}
	if err != nil {
		return fmt.Errorf("ensemble %q: %w", id, err)
	}
	if len(q.Alts) == 0 {
		return errors.New("alt: choose at least one alternative to compare across the plausible baselines")
	}
	if q.Reps == 1 {
		return errors.New("reps: across plausible baselines, want at least 2 replications at each")
	}
	q.Ensemble, q.ensembleFile, q.libraryEnsemble = id, rel, lib
	return nil
}

// copyEnsemble copies q's plausible baselines into the job's directory
// dir, bounded as flowsim reads ensemble files, and returns the copy's
// path: the job reads the copy, and keeps it, so its directory says what
// it ran. A match's file is read through the results directory's root,
// so that nothing outside it is reached.
func (s *Server) copyEnsemble(q *request, dir string) (string, error) {
	var data []byte
	var err error
	if q.libraryEnsemble != "" {
		data, err = inputfile.ReadFile(q.libraryEnsemble, inputfile.Ensemble)
	} else {
		data, _, err = s.readRegular(filepath.Dir(q.ensembleFile), filepath.Base(q.ensembleFile), inputfile.Ensemble.MaxBytes)
	}
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(dir, plausibleFile)
	return p, output.WriteFile(p, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// ensembleRun is an ensemble job's record (ensembleRecord).
type ensembleRun struct {
	Tool         string   `json:"tool"`
	Version      string   `json:"version"`
	Command      string   `json:"command"`
	Base         string   `json:"base"`
	BaseFile     string   `json:"base_file"`
	Alternatives []string `json:"alternatives"`
	AltFiles     []string `json:"alternative_files"`
	Ensemble     string   `json:"ensemble"`
	Points       int      `json:"points"`
	Reps         int      `json:"reps"`
	Seed         uint64   `json:"seed"`
	Days         float64  `json:"days"`
	Files        []string `json:"files"`
	// Notes are the settings an alternative changes that the baselines
	// also set, and how the change was applied to each.
	Notes      []string  `json:"notes,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// describe is the results list's row for the ensemble job name.
func (rec *ensembleRun) describe(name string) pastRun {
	return pastRun{Name: name, Scenario: rec.Base, Alternatives: rec.Alternatives, Ensemble: rec.Ensemble, Reps: rec.Reps,
		Seed: rec.Seed, Date: rec.StartedAt.UTC().Format("2006-01-02 15:04 UTC"), started: rec.StartedAt}
}

// runEnsemble runs an ensemble job with experiment.CompareEnsemble, the
// code of flowsim compare --ensemble, into the job's directory, and
// records it.
func (s *Server) runEnsemble(ctx context.Context, j *job) (state, string) {
	q := &j.req
	started := time.Now().UTC()
	file, err := s.copyEnsemble(q, j.dir)
	if err != nil {
		return stateFailed, "the plausible baselines could not be read: " + err.Error()
	}
	reps := q.Reps
	if reps == 0 {
		reps = ensembleReps
	}
	p := &progress{s: s, j: j}
	p.Start(ensemblePhase)
	out, err := experiment.CompareEnsemble(ctx, experiment.CompareOptions{Ensemble: file, Base: q.baseFile,
		Alternatives: q.altFiles, Reps: reps, Workers: s.workers, Seed: q.Seed, Out: j.dir,
		Note: func(msg string) { s.note(j, msg) }, Progress: p.Update})
	switch {
	case err != nil && ctx.Err() != nil:
		return stateCancelled, "cancelled: " + err.Error()
	case err != nil:
		return stateFailed, err.Error()
	}
	rec := ensembleRun{Tool: "flowsim", Version: s.cfg.Version, Command: "compare --ensemble", Base: out.Base.Name, BaseFile: q.baseFile,
		Alternatives: out.Names, AltFiles: q.altFiles, Ensemble: q.Ensemble, Points: out.Headline.Points, Reps: reps,
		Seed: out.Base.Seed, Days: out.Days, StartedAt: started, FinishedAt: time.Now().UTC()}
	if q.Seed != nil {
		rec.Seed = *q.Seed
	}
	for _, a := range out.Adjustments {
		a.Alternative = filepath.Base(a.Alternative)
		note := a.Note()
		s.note(j, note)
		rec.Notes = append(rec.Notes, note)
	}
	rec.Files = append(rec.Files, plausibleFile)
	for _, f := range out.Files {
		rec.Files = append(rec.Files, filepath.Base(f))
	}
	err = output.WriteFile(filepath.Join(j.dir, ensembleRecord), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rec)
	})
	if err != nil {
		return stateFailed, "the comparison is written but its record is not: " + err.Error()
	}
	return stateDone, ""
}

// openEnsembleRun reads the record of the finished ensemble job in the
// run directory name, with the record file's information.
func (s *Server) openEnsembleRun(name string) (*ensembleRun, fs.FileInfo, error) {
	if !plainName(name) {
		return nil, nil, fs.ErrNotExist
	}
	if st, err := s.root.Lstat(name); err != nil || !st.IsDir() {
		return nil, nil, fs.ErrNotExist
	}
	data, st, err := s.readRegular(name, ensembleRecord, inputfile.Manifest.MaxBytes)
	if err != nil {
		return nil, nil, err
	}
	rec := new(ensembleRun)
	if err := json.Unmarshal(data, rec); err != nil {
		return nil, nil, fmt.Errorf("%s: %s", ensembleRecord, output.JSONProblem(err))
	}
	if rec.Tool != "flowsim" || rec.Command != "compare --ensemble" || len(rec.Alternatives) == 0 || !(rec.Days > 0) {
		return nil, nil, fmt.Errorf("%s: not the record of an ensemble comparison", ensembleRecord)
	}
	for _, f := range rec.Files {
		if !plainName(f) || f == ensembleRecord {
			return nil, nil, fmt.Errorf("%s: file %q is not a plain name", ensembleRecord, f)
		}
	}
	return rec, st, nil
}

// readRegular reads the regular file (not a link) dir/file of the results
// directory, at most limit bytes, with its information.
func (s *Server) readRegular(dir, file string, limit int64) ([]byte, fs.FileInfo, error) {
	st, ok := s.regularFile(dir, file)
	if !ok {
		return nil, nil, fs.ErrNotExist
	}
	f, err := s.root.Open(filepath.Join(dir, file))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > limit {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", file, limit)
	}
	return data, st, nil
}

// ensembleHeadline is one alternative's answer on an ensemble results
// page: the sentence, and its numbers as ensemble-comparison.csv holds
// them (for tests and scripts reading the page).
type ensembleHeadline struct {
	Name, Answer string
	Money        string // the net saving's sentence; "" when unpriced
	Mean, Median float64
	RangeLow     float64
	RangeHigh    float64
	IntervalLow  float64
	IntervalHigh float64
	PSavesMost   string
	Points, Reps int
}

// rankRow is one row of the rank table: P(row saves more than column).
type rankRow struct {
	Name  string
	Cells []string
}

// readEnsembleHeadlines reads the system bed-day rows of the job's
// ensemble-comparison.csv into headlines, in the record's order of
// alternatives, each with its money sentence when the comparison priced
// its savings (system cost_total rows).
func (s *Server) readEnsembleHeadlines(name string, rec *ensembleRun) ([]ensembleHeadline, error) {
	data, _, err := s.readRegular(name, experiment.EnsembleComparisonCSV, inputfile.Manifest.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", experiment.EnsembleComparisonCSV, err)
	}
	rows, err := csvRecords(data, experiment.EnsembleComparisonCSV, "alternative", "metric", "site", "points", "reps",
		"saving_mean", "saving_median", "range_low", "range_high", "interval_low", "interval_high", "p_saves_most")
	if err != nil {
		return nil, err
	}
	byName := map[string]ensembleHeadline{}
	money := map[string]string{}
	for _, row := range rows {
		bedDays, priced := row["metric"] == metric.BedDays, row["metric"] == metric.CostTotal
		if (!bedDays && !priced) || row["site"] != model.SystemSite {
			continue
		}
		h := ensembleHeadline{Name: row["alternative"]}
		var errs []error
		num := func(col string) float64 {
			x, err := strconv.ParseFloat(row[col], 64)
			errs = append(errs, err)
			return x
		}
		h.Mean, h.Median = num("saving_mean"), num("saving_median")
		h.RangeLow, h.RangeHigh = num("range_low"), num("range_high")
		h.IntervalLow, h.IntervalHigh = num("interval_low"), num("interval_high")
		p := num("p_saves_most")
		var e1, e2, e3 error
		h.Points, e1 = strconv.Atoi(row["points"])
		h.Reps, e2 = strconv.Atoi(row["reps"])
		saving := 0
		if priced {
			saving, e3 = strconv.Atoi(row["points_saving"])
		}
		if err := errors.Join(append(errs, e1, e2, e3)...); err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", experiment.EnsembleComparisonCSV, h.Name, row["metric"], err)
		}
		h.PSavesMost = metric.Share.Value(p)
		alt := ensemble.Alternative{Ensemble: ensemble.Interval{Mean: h.Mean, Low: h.RangeLow, High: h.RangeHigh},
			Median: h.Median, Combined: ensemble.Interval{Mean: h.Mean, Low: h.IntervalLow, High: h.IntervalHigh}}
		if priced {
			money[h.Name] = experiment.EnsembleMoneyAnswer(alt, saving, h.Points, rec.Days) + "."
			continue
		}
		h.Answer = experiment.EnsembleAnswer(h.Name, alt, rec.Days) + "."
		byName[h.Name] = h
	}
	for n, m := range money {
		if h, ok := byName[n]; ok {
			h.Money = m
			byName[n] = h
		}
	}
	var out []ensembleHeadline
	for _, n := range rec.Alternatives {
		h, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("%s: no system bed-days row for %s", experiment.EnsembleComparisonCSV, n)
		}
		out = append(out, h)
	}
	return out, nil
}

// readRanks reads the job's ensemble-ranks.csv into the rank table.
func (s *Server) readRanks(name string, rec *ensembleRun) ([]rankRow, error) {
	data, _, err := s.readRegular(name, experiment.EnsembleRanksCSV, inputfile.Manifest.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", experiment.EnsembleRanksCSV, err)
	}
	rows, err := csvRecords(data, experiment.EnsembleRanksCSV, "alternative", "other", "p_saves_more_bed_days")
	if err != nil {
		return nil, err
	}
	p := map[[2]string]string{}
	for _, row := range rows {
		x, err := strconv.ParseFloat(row["p_saves_more_bed_days"], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", experiment.EnsembleRanksCSV, err)
		}
		p[[2]string{row["alternative"], row["other"]}] = metric.Share.Value(x)
	}
	var out []rankRow
	for _, a := range rec.Alternatives {
		r := rankRow{Name: a}
		for _, b := range rec.Alternatives {
			cell := "–"
			if a != b {
				cell = p[[2]string{a, b}]
			}
			r.Cells = append(r.Cells, cell)
		}
		out = append(out, r)
	}
	return out, nil
}

// csvRecords parses a CSV file whose header has at least cols into one
// map per row.
func csvRecords(data []byte, file string, cols ...string) ([]map[string]string, error) {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", file)
	}
	for _, c := range cols {
		if !slices.Contains(recs[0], c) {
			return nil, fmt.Errorf("%s: no column %s", file, c)
		}
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}

// ensembleResultsPage shows a finished ensemble job: the headline per
// alternative, the rank probabilities, the savings figure and the files.
func (s *Server) ensembleResultsPage(w http.ResponseWriter, r *http.Request, name string, rec *ensembleRun) {
	heads, err := s.readEnsembleHeadlines(name, rec)
	if err == nil {
		var ranks []rankRow
		if ranks, err = s.readRanks(name, rec); err == nil {
			s.renderEnsemble(w, r, name, rec, heads, ranks)
			return
		}
	}
	s.errorPage(w, r, http.StatusUnprocessableEntity, "this ensemble comparison cannot be read: "+err.Error())
}

func (s *Server) renderEnsemble(w http.ResponseWriter, r *http.Request, name string, rec *ensembleRun,
	heads []ensembleHeadline, ranks []rankRow) {
	var downloads []download
	for _, f := range append([]string{ensembleRecord}, rec.Files...) {
		if st, ok := s.regularFile(name, f); ok {
			downloads = append(downloads, download{Name: f, What: describeEnsembleFile(f), Size: byteSize(st.Size()), Attachment: true})
		}
	}
	figure := ""
	if _, ok := s.regularFile(name, savingsFigure); ok {
		figure = "./" + figuresDir + "/" + savingsFigure
	}
	s.render(w, r, http.StatusOK, "ensemble", rec.Base+" across plausible baselines", struct {
		Run       *ensembleRun
		Headlines []ensembleHeadline
		Ranks     []rankRow
		Figure    string
		Downloads []download
		Days      string
	}{rec, heads, ranks, figure, downloads, metric.Count.Value(rec.Days)})
}

// describeEnsembleFile says what an ensemble job's file holds.
func describeEnsembleFile(name string) string {
	switch name {
	case ensembleRecord:
		return "what was run: the scenarios, the plausible baselines, replications and seed"
	case plausibleFile:
		return "the plausible baselines compared at"
	case experiment.EnsembleComparisonCSV:
		return "every saving's mean, range over the baselines and interval, per metric and site"
	case experiment.EnsembleRanksCSV:
		return "P(one alternative saves more bed-days than another)"
	case savingsFigure, "savings.png":
		return "the savings figure"
	}
	return describeFile(name)
}

// ensembleFile serves one of a finished ensemble job's recorded files,
// or its savings figure (under figures/), from its directory only.
func (s *Server) ensembleFile(w http.ResponseWriter, r *http.Request, name, file string, rec *ensembleRun, figure bool) {
	if file != ensembleRecord && !slices.Contains(rec.Files, file) || figure && file != savingsFigure {
		s.notFound(w, r)
		return
	}
	data, st, err := s.readRegular(name, file, inputfile.Ensemble.MaxBytes)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if figure {
		serveSVG(w, r, file, st, data)
		return
	}
	setFileHeaders(w.Header(), name, file, true)
	http.ServeContent(w, r, file, st.ModTime(), bytes.NewReader(data))
}
