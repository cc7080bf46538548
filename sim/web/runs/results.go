package runs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/report"
	"github.com/flowsim/flowsim/sim/run"
)

// sandbox is the content security policy of a run's files: they are the
// run's, not the app's, so no script in them runs with the app's origin.
const sandbox = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"

// maxListed bounds the directories the results list reads.
const maxListed = 2000

// pastRun is one row of the results list.
type pastRun struct {
	Name, Scenario string
	Alternatives   []string
	// Swept are a sweep's settings.
	Swept []string
	// Ensemble names the plausible baselines of an ensemble comparison.
	Ensemble string
	Reps     int
	Seed     uint64
	Date     string
	started  time.Time
}

// listPage lists the finished runs in the results directory.
func (s *Server) listPage(w http.ResponseWriter, r *http.Request) {
	entries, err := os.ReadDir(s.cfg.ResultsDir)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "the results directory cannot be read: "+err.Error())
		return
	}
	var runs []pastRun
	skipped := 0
	for _, e := range entries {
		// A symbolic link is not followed, even to a run.
		if !e.IsDir() || !plainName(e.Name()) {
			continue
		}
		if len(runs)+skipped >= maxListed {
			skipped++
			continue
		}
		m, _, err := s.openManifest(e.Name())
		if err != nil {
			if rec, _, err := s.openEnsembleRun(e.Name()); err == nil {
				runs = append(runs, rec.describe(e.Name()))
			}
			// Unfinished (cancelled, interrupted, running) or not a run.
			continue
		}
		runs = append(runs, describeRun(e.Name(), m))
	}
	slices.SortStableFunc(runs, func(a, b pastRun) int {
		if c := b.started.Compare(a.started); c != 0 {
			return c
		}
		return strings.Compare(b.Name, a.Name)
	})
	note := ""
	if skipped > 0 {
		note = fmt.Sprintf("%d more directories were not read: the list shows at most %d.", skipped, maxListed)
	}
	s.render(w, r, http.StatusOK, "list", "Results", struct {
		Runs    []pastRun
		Skipped string
	}{runs, note})
}

// describeRun is the list's row for the run name whose manifest is m.
func describeRun(name string, m *output.Manifest) pastRun {
	p := pastRun{Name: name, Scenario: m.Scenario, Reps: m.Reps, Seed: m.Seed, started: m.Run.StartedAt}
	for _, set := range m.Sets {
		p.Swept = append(p.Swept, set.Path)
	}
	for _, sc := range m.Scenarios {
		switch sc.Role {
		case "base":
			p.Scenario = sc.Name
		case "alternative":
			p.Alternatives = append(p.Alternatives, sc.Name)
		}
	}
	if t := m.Run.StartedAt; !t.IsZero() {
		p.Date = t.UTC().Format("2006-01-02 15:04 UTC")
	}
	return p
}

// openManifest reads the manifest of the run directory name, a plain
// name directly in the results directory, and returns it with the
// manifest file's information. Neither the directory nor the manifest
// may be a symbolic link.
func (s *Server) openManifest(name string) (*output.Manifest, fs.FileInfo, error) {
	if !plainName(name) {
		return nil, nil, fs.ErrNotExist
	}
	st, err := s.root.Lstat(name)
	if err != nil {
		return nil, nil, err
	}
	if !st.IsDir() {
		return nil, nil, fs.ErrNotExist
	}
	mst, err := s.root.Lstat(filepath.Join(name, output.ManifestFile))
	if err != nil {
		return nil, nil, err
	}
	if !mst.Mode().IsRegular() {
		return nil, nil, fs.ErrNotExist
	}
	m, err := output.ReadAnyManifest(filepath.Join(s.cfg.ResultsDir, name, output.ManifestFile))
	if err != nil {
		return nil, nil, err
	}
	return m, mst, nil
}

// download is one file a results page offers.
type download struct {
	Name, What, Size string
	// Attachment asks the browser to save the file rather than show it.
	Attachment bool
}

// downloadable lists the files of a run that may be downloaded: the
// manifest, the report and the result files the manifest lists. Nothing
// else in the directory is ever served.
func downloadable(m *output.Manifest) []string {
	return append([]string{output.ManifestFile, run.ReportFile}, m.Files...)
}

// regularFile returns the information of the file name in the run
// directory dir if it is a regular file, not a link.
func (s *Server) regularFile(dir, name string) (fs.FileInfo, bool) {
	st, err := s.root.Lstat(filepath.Join(dir, name))
	return st, err == nil && st.Mode().IsRegular()
}

// resultsPage shows a finished run.
func (s *Server) resultsPage(w http.ResponseWriter, r *http.Request, name string) {
	m, mst, err := s.openManifest(name)
	if errors.Is(err, fs.ErrNotExist) {
		if rec, _, err := s.openEnsembleRun(name); err == nil {
			s.ensembleResultsPage(w, r, name, rec)
			return
		}
		if j, ok := s.lookup(name); ok {
			// A job still under way (or one that failed): its page says.
			http.Redirect(w, r, "/runs/"+pathEscape(j.id), http.StatusSeeOther)
			return
		}
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.errorPage(w, r, http.StatusUnprocessableEntity, "this run cannot be read: "+err.Error())
		return
	}
	var downloads []download
	for _, f := range downloadable(m) {
		st, ok := s.regularFile(name, f)
		if !ok {
			if f != run.ReportFile && f != output.ManifestFile {
				// A result file replaced by a link or a directory: the
				// run is not what its manifest says.
				s.errorPage(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("this run cannot be read: %s is not a regular file", f))
				return
			}
			continue
		}
		downloads = append(downloads, download{Name: f, What: describeFile(f), Size: byteSize(st.Size()),
			Attachment: f != run.ReportFile})
	}
	shown, err := s.pages.get(filepath.Join(s.cfg.ResultsDir, name), mst)
	if err != nil {
		s.errorPage(w, r, http.StatusUnprocessableEntity, "this run cannot be read: "+err.Error())
		return
	}
	var alts []string
	for _, sc := range m.Scenarios {
		if sc.Role == "alternative" {
			alts = append(alts, sc.Name)
		}
	}
	var curve *curveView
	if m.Command == "sweep" {
		curve = sweepCurve(shown.run, r.URL.Query())
	}
	s.render(w, r, http.StatusOK, "results", shown.report.Scenario.Name, struct {
		Name         string
		Report       *report.Report
		Figures      []shownFigure
		Alternatives []string
		Downloads    []download
		Curve        *curveView
	}{name, shown.report, shown.figureList(), alts, downloads, curve})
}

// figure serves one of a finished run's figures as SVG.
func (s *Server) figure(w http.ResponseWriter, r *http.Request, name, file string) {
	_, mst, err := s.openManifest(name)
	if errors.Is(err, fs.ErrNotExist) {
		if rec, _, err := s.openEnsembleRun(name); err == nil {
			s.ensembleFile(w, r, name, file, rec, true)
			return
		}
	}
	if err != nil {
		s.notFound(w, r)
		return
	}
	shown, err := s.pages.get(filepath.Join(s.cfg.ResultsDir, name), mst)
	if err == nil && file == curveFile && len(shown.run.KeyCols) > 0 {
		s.curve(w, r, shown, mst)
		return
	}
	svg, ok := []byte(nil), false
	if err == nil {
		svg, ok = shown.figures[file]
	}
	if !ok {
		s.notFound(w, r)
		return
	}
	serveSVG(w, r, file, mst, svg)
}

// serveSVG serves svg, a figure of the run whose manifest's information
// is mst, sandboxed.
func serveSVG(w http.ResponseWriter, r *http.Request, file string, mst fs.FileInfo, svg []byte) {
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", sandbox)
	http.ServeContent(w, r, file, mst.ModTime(), bytes.NewReader(svg))
}

// describeFile says what a run's file holds.
func describeFile(name string) string {
	switch name {
	case output.ManifestFile:
		return "what was run, to rerun it exactly"
	case run.ReportFile:
		return "the full report, one self-contained page"
	case "summary.csv":
		return "every metric's mean and interval"
	case "comparison.csv":
		return "paired differences from the base"
	case "replications.csv":
		return "every metric of every replication"
	case "daily.csv":
		return "daily occupancy and flows"
	case "patients.csv":
		return "one row per patient journey"
	case "census.csv":
		return "the patients in hospital at a midnight"
	}
	return "CSV"
}

// byteSize writes a file size for reading.
func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return metric.Count.Value(float64(n)/(1<<10)) + " KiB"
	default:
		return metric.Count.Value(float64(n)/(1<<20)) + " MiB"
	}
}

// download serves one of a finished run's files (downloadable), from
// the run directory only: never a link, never another file.
func (s *Server) download(w http.ResponseWriter, r *http.Request, name, file string) {
	m, _, err := s.openManifest(name)
	if errors.Is(err, fs.ErrNotExist) {
		if rec, _, err := s.openEnsembleRun(name); err == nil {
			s.ensembleFile(w, r, name, file, rec, false)
			return
		}
	}
	if err != nil || !slices.Contains(downloadable(m), file) {
		s.notFound(w, r)
		return
	}
	path := filepath.Join(name, file)
	lst, ok := s.regularFile(name, file)
	if !ok {
		s.notFound(w, r)
		return
	}
	f, err := s.root.Open(path)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !os.SameFile(lst, st) {
		// Replaced between the check and the open.
		s.notFound(w, r)
		return
	}
	setFileHeaders(w.Header(), name, file, file != run.ReportFile)
	http.ServeContent(w, r, file, st.ModTime(), f)
}

// setFileHeaders sets the headers of the run name's file: sandboxed, its
// type by extension, and as an attachment saved as NAME-FILE when attach.
func setFileHeaders(h http.Header, name, file string, attach bool) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", sandbox)
	switch filepath.Ext(file) {
	case ".csv":
		h.Set("Content-Type", "text/csv; charset=utf-8")
	case ".json":
		h.Set("Content-Type", "application/json")
	case ".html":
		h.Set("Content-Type", "text/html; charset=utf-8")
	case ".yaml":
		h.Set("Content-Type", "text/plain; charset=utf-8")
	default:
		h.Set("Content-Type", "application/octet-stream")
	}
	if attach {
		h.Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(name+"-"+file, `"`, "")+`"`)
	}
}
