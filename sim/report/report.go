package report

import (
	"bytes"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/scenario"
)

//go:embed report.html.tmpl
var templates embed.FS

var page = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"join": strings.Join,
	// gradeClass colours a grade by its first letter: S, P, D or E.
	"gradeClass": func(g string) string {
		if g == "" {
			return ""
		}
		return "grade-" + g[:1]
	},
}).ParseFS(templates, "report.html.tmpl"))

// Options control a report.
type Options struct {
	// Format is the figures' image format: "png" (default) or "svg". Either
	// way they are embedded in the page as data: URIs.
	Format string
	// LogX draws lengths of stay on a logarithmic axis.
	LogX bool
	// ScenarioFile overrides the scenario file named in the manifest, for
	// reading parameter sources.
	ScenarioFile string
	// DPI is the resolution of PNG figures; 0 means 150, sharp on most
	// screens. Lower makes a smaller file.
	DPI int
	// Zoom draws the occupancy and resource-usage axes over the range the
	// lines use rather than from zero (plot.Options.Zoom).
	Zoom bool
	// PageDir is the directory the page will be written to, so that its
	// links to the run's CSV files are relative to it; empty means the
	// run directory itself (the default place of report.html).
	PageDir string
	// MaxGroupFigures limits the per-scenario figures (occupancy, delays,
	// queues, length of stay) to this many scenarios or sweep points,
	// spread evenly from the first to the last; 0 means 6.
	MaxGroupFigures int
}

// Report is everything the page shows. Build makes it; Write renders it.
type Report struct {
	Title string
	// Heading is the page's first heading: the scenario, or for a
	// comparison the base against its alternatives.
	Heading string
	// Headlines are a comparison's answer, one sentence per alternative,
	// shown first.
	Headlines []string
	Scenario  ScenarioSummary
	// Warnings are shown in a banner at the top (unstable replications).
	Warnings []string
	Metrics  []MetricTable
	// SweepTable replaces Metrics for sweeps with many points.
	SweepTable *SweepTable
	// Years are the system's metrics by financial year, per scenario, for
	// scenarios with financial_years; nil otherwise.
	Years      []YearTable
	Comparison *ComparisonTable
	// Lead is a comparison's figure, shown under the answer before
	// anything else; nil otherwise.
	Lead    *Figure
	Figures []Figure
	// FigureNotes say which figures are missing and why.
	FigureNotes []string
	Sources     *Sources
	// SourcesNote explains missing parameter sources.
	SourcesNote  string
	GradeCounts  []GradeCount
	Grades       []struct{ Code, Meaning string }
	Alternatives []AlternativeParams
	Manifest     []KeyValue
	Rerun        []string
	Checklist    []ChecklistSection
	// DataFiles link to the run's files beside the report.
	DataFiles []DataFile
}

// DataFile is a link to one of the run's files: its name, the href
// relative to the page, and what it holds.
type DataFile struct {
	Name, Href, What string
}

// ScenarioSummary describes the run at the top of the report.
type ScenarioSummary struct {
	Name, Description, File string
	Command                 string
	Start                   string
	HorizonDays, WarmupDays string
	ReportDays              string
	Reps                    int
	Seed                    uint64
	Scenarios               []string
	Sets                    []string
	WarmupMethod            string
}

// Figure is one embedded figure.
type Figure struct {
	Number         int
	ID             string
	Title, Caption string
	// Src is the img element's src attribute: a data: URI. It is a whole
	// attribute so that html/template does not entity-escape every + of
	// the base64 text, a twentieth of a large page.
	Src           template.HTMLAttr
	Width, Height int // CSS pixels at 100%
}

// KeyValue is a row of a two-column table.
type KeyValue struct{ Key, Value string }

// GradeCount counts parameters by source grade.
type GradeCount struct {
	Grade string
	N     int
}

// AlternativeParams lists what an alternative scenario's own files set.
type AlternativeParams struct {
	Name, File string
	Params     []Param
	Note       string
	// files are the alternative's own files (not the base's), for the
	// data sources.
	files []SourceFile
}

// Write renders r as a self-contained HTML page.
func Write(w io.Writer, r *Report) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, r); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Build reads everything the report shows from run.
func Build(run *plot.Run, o Options) (*Report, error) {
	if o.Format == "" {
		o.Format = "png"
	}
	if o.DPI == 0 {
		o.DPI = 150
	}
	if o.MaxGroupFigures == 0 {
		o.MaxGroupFigures = 6
	}
	r := &Report{Grades: Grades}
	r.Scenario = scenarioSummary(run)
	r.Title = "flowsim report: " + r.Scenario.Name
	r.Heading = r.Scenario.Name
	r.Headlines = headlines(run)
	r.Warnings = unstableWarnings(run)
	r.Metrics, r.SweepTable = metricTables(run)
	r.Years = yearTables(run)
	r.Comparison = comparisonTable(run)
	if r.Comparison != nil {
		var alts []string
		for _, row := range r.Comparison.Rows {
			if !slices.Contains(alts, row.Alternative) {
				alts = append(alts, row.Alternative)
			}
		}
		r.Heading = r.Comparison.Base + " against " + strings.Join(alts, ", ")
		r.Title = "flowsim report: " + r.Heading
	}
	if err := r.addFigures(run, o); err != nil {
		return nil, err
	}
	if r.Comparison != nil && len(r.Figures) > 0 && r.Figures[0].ID == "fig-"+plot.KindComparison {
		r.Lead = &r.Figures[0]
		r.Figures = r.Figures[1:]
	}
	r.DataFiles = dataFiles(run, o.PageDir)
	r.addSources(run, o)
	r.Manifest = manifestRows(run)
	r.Rerun = rerunCommands(run)
	r.Checklist = checklist(run, r)
	return r, nil
}

func scenarioSummary(run *plot.Run) ScenarioSummary {
	m := &run.Manifest
	s := ScenarioSummary{
		Name: m.Scenario, File: m.ScenarioFile, Command: m.Command, Reps: m.Reps, Seed: m.Seed,
		HorizonDays: num(m.HorizonDays), WarmupDays: num(m.WarmupDays), ReportDays: num(m.HorizonDays - m.WarmupDays),
	}
	if s.Name == "" && len(run.Groups) > 0 {
		s.Name = run.Groups[0].Scenario
	}
	info := resolvedScenario(m.Scenarios[0].Resolved)
	s.Description = info.Description
	if info.Start != (scenario.Date{}) {
		s.Start = info.Start.String()
	}
	for _, sc := range m.Scenarios {
		label := sc.Name
		if sc.Role != "" {
			label += " (" + sc.Role + ")"
		}
		if len(sc.Values) > 0 {
			label = sc.Name + " at " + strings.Join(sc.Values, ", ")
		}
		s.Scenarios = append(s.Scenarios, label)
	}
	for _, set := range m.Sets {
		s.Sets = append(s.Sets, set.Path+" = "+strings.Join(set.Values, ", "))
	}
	switch {
	case m.WarmupAuto != nil:
		s.WarmupMethod = fmt.Sprintf("chosen by %s on %s over %d pilot replications", strings.ToUpper(m.WarmupAuto.Method), m.WarmupAuto.Series, m.WarmupAuto.PilotReps)
	default:
		s.WarmupMethod = "fixed in the scenario (or on the command line)"
	}
	return s
}

// unstableWarnings lists replications whose queues did not settle.
func unstableWarnings(run *plot.Run) []string {
	type key struct{ group, site string }
	bad := map[key][]int{}
	var order []key
	if run.Replications != nil {
		for _, v := range run.Replications {
			if v.Metric == "unstable" && v.Value > 0 && v.Site != plot.SystemSite {
				k := key{v.Group.Label(run.KeyCols), v.Site}
				if bad[k] == nil {
					order = append(order, k)
				}
				bad[k] = append(bad[k], v.Rep)
			}
		}
	} else {
		for _, s := range run.Summary {
			if s.Metric == "unstable" && s.Mean > 0 && s.Site != plot.SystemSite {
				k := key{s.Group.Label(run.KeyCols), s.Site}
				order = append(order, k)
				bad[k] = []int{-int(math.Round(s.Mean * float64(s.N)))}
			}
		}
	}
	var out []string
	for _, k := range order {
		reps := bad[k]
		var which string
		if len(reps) == 1 && reps[0] < 0 {
			which = fmt.Sprintf("%d replications", -reps[0])
		} else {
			parts := make([]string, len(reps))
			for i, r := range reps {
				parts[i] = strconv.Itoa(r)
			}
			word := "replication"
			if len(reps) > 1 {
				word = "replications"
			}
			which = word + " " + strings.Join(parts, ", ")
		}
		out = append(out, fmt.Sprintf("%s, site %s: %s", k.group, k.site, which))
	}
	return out
}

// addFigures draws every figure that applies and embeds it.
func (r *Report) addFigures(run *plot.Run, o Options) error {
	figs, skipped, err := plot.Figures(run, plot.Options{LogX: o.LogX, Zoom: o.Zoom})
	if err != nil {
		return err
	}
	shown := chooseGroups(run.Groups, o.MaxGroupFigures)
	dropped := 0
	for _, f := range figs {
		if f.Group != nil && !shown[f.Group.ID()] {
			dropped++
			continue
		}
		var buf bytes.Buffer
		if err := f.WriteDPI(&buf, o.Format, o.DPI); err != nil {
			return err
		}
		mime := "image/png"
		if o.Format == "svg" {
			mime = "image/svg+xml"
		}
		r.Figures = append(r.Figures, Figure{
			Number: len(r.Figures) + 1, ID: "fig-" + f.Name, Title: f.Title, Caption: f.Caption,
			// Base64 text and the MIME type hold no quote or ampersand.
			Src:   template.HTMLAttr(`src="data:` + mime + ";base64," + base64.StdEncoding.EncodeToString(buf.Bytes()) + `"`),
			Width: int(math.Round(float64(f.Width) * 96 / 72)), Height: int(math.Round(float64(f.Height) * 96 / 72)),
		})
	}
	if dropped > 0 {
		r.FigureNotes = append(r.FigureNotes, fmt.Sprintf("The figures of %d of the %d scenarios or sweep points are shown, "+
			"spread from the first to the last; %d more are left out of this page, and flowsim plot %s draws them all.",
			len(shown), len(run.Groups), dropped, run.Dir))
	}
	for _, s := range skipped {
		switch s.Kind {
		case plot.KindLOS:
			r.FigureNotes = append(r.FigureNotes, "No length-of-stay figure: it needs patients.csv, which runs write with --patients.")
		case plot.KindComparison, plot.KindSweep:
			// Only for comparisons and sweeps: nothing to say otherwise.
		default:
			r.FigureNotes = append(r.FigureNotes, fmt.Sprintf("No %s figure: %s.", s.Kind, s.Reason))
		}
	}
	return nil
}

// addSources reads the scenario files' parameters and source comments.
func (r *Report) addSources(run *plot.Run, o Options) {
	m := &run.Manifest
	file := o.ScenarioFile
	if file == "" {
		file = m.ScenarioFile
		if file == "" && len(m.Scenarios) > 0 {
			file = m.Scenarios[0].File
		}
	}
	path, err := findScenario(file, run.Dir)
	if o.ScenarioFile != "" {
		path, err = o.ScenarioFile, statFile(o.ScenarioFile)
	}
	if err != nil {
		r.SourcesNote = fmt.Sprintf("Parameter sources are read from the scenario files, and %v. The values as run are in manifest.json "+
			"(resolved_scenario); flowsim report --scenario FILE names the file.", err)
		return
	}
	src, err := ReadSources(path)
	if err != nil {
		r.SourcesNote = fmt.Sprintf("Could not read the parameter sources: %v.", err)
		return
	}
	r.Sources = src
	counts := map[string]int{}
	for _, p := range src.Params {
		if p.Section {
			continue
		}
		g := p.Grade
		if g == "" {
			g = "none"
		}
		counts[g]++
	}
	for g, n := range counts {
		r.GradeCounts = append(r.GradeCounts, GradeCount{g, n})
	}
	slices.SortFunc(r.GradeCounts, func(a, b GradeCount) int {
		if a.Grade == "none" || b.Grade == "none" {
			return boolCmp(a.Grade == "none", b.Grade == "none")
		}
		return strings.Compare(a.Grade, b.Grade)
	})
	// Alternatives of a comparison: what their own files change.
	base := map[string]bool{}
	for _, f := range src.Files {
		base[filepath.Clean(f.Path)] = true
	}
	for _, sc := range m.Scenarios {
		if sc.Role != "alternative" {
			continue
		}
		alt := AlternativeParams{Name: sc.Name, File: sc.File}
		p, err := findScenario(sc.File, run.Dir)
		if err == nil {
			var as *Sources
			if as, err = ReadSources(p); err == nil {
				for _, prm := range as.Params {
					if !base[filepath.Clean(prm.File)] {
						alt.Params = append(alt.Params, prm)
					}
				}
				if len(as.Files) > 0 {
					alt.Note = as.Files[len(as.Files)-1].Header
				}
				for _, f := range as.Files {
					if !base[filepath.Clean(f.Path)] {
						alt.files = append(alt.files, f)
					}
				}
			}
		}
		if err != nil {
			alt.Note = err.Error()
		}
		r.Alternatives = append(r.Alternatives, alt)
	}
}

// chooseGroups picks at most n of groups, evenly spread and including the
// first and the last, by ID.
func chooseGroups(groups []plot.Group, n int) map[string]bool {
	out := map[string]bool{}
	if len(groups) <= n || n < 2 {
		for i, g := range groups {
			if i < max(n, 1) || len(groups) <= n {
				out[g.ID()] = true
			}
		}
		return out
	}
	for k := range n {
		i := int(math.Round(float64(k) * float64(len(groups)-1) / float64(n-1)))
		out[groups[i].ID()] = true
	}
	return out
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func manifestRows(run *plot.Run) []KeyValue {
	m := &run.Manifest
	rows := []KeyValue{
		{"tool", m.Tool + " " + m.Version},
		{"command", m.Command},
		{"scenario", m.Scenario},
		{"scenario file", m.ScenarioFile},
		{"scenario SHA-256", m.ScenarioSHA256},
		{"seed", strconv.FormatUint(m.Seed, 10)},
		{"replications", strconv.Itoa(m.Reps)},
		{"horizon", firstNonEmpty(m.Horizon, num(m.HorizonDays)+"d")},
		{"warm-up", firstNonEmpty(m.Warmup, num(m.WarmupDays)+"d")},
	}
	for _, sc := range m.Scenarios {
		if len(m.Scenarios) == 1 && sc.SHA256 == m.ScenarioSHA256 {
			break
		}
		label := sc.Name
		if len(sc.Values) > 0 {
			label += " at " + strings.Join(sc.Values, ", ")
		}
		rows = append(rows, KeyValue{"resolved SHA-256 of " + label, sc.SHA256})
	}
	if p := m.Precision; p != nil {
		rows = append(rows, KeyValue{"replications chosen by", fmt.Sprintf("--reps auto: 95%% CI half-width of %s (%s, %s) target %s, reached %s, met %v",
			p.Metric, p.Site, p.Of, num(p.TargetHalfWidth), num(p.HalfWidth), p.Met)})
	}
	if m.Shard != nil {
		rows = append(rows, KeyValue{"shard", fmt.Sprintf("%d of %d", m.Shard.Index, m.Shard.Count)})
	}
	run2 := m.Run
	rows = append(rows,
		KeyValue{"started", timestamp(run2.StartedAt)},
		KeyValue{"finished", timestamp(run2.FinishedAt)},
		KeyValue{"wall time", num(run2.WallSeconds) + " s"},
		KeyValue{"workers", strconv.Itoa(run2.Workers)},
		KeyValue{"Go", run2.GoVersion},
		KeyValue{"events simulated", metric.Group(float64(run2.Events), 0)},
	)
	if run2.Resumed > 0 {
		rows = append(rows, KeyValue{"replications resumed from checkpoints", strconv.Itoa(run2.Resumed)})
	}
	if len(run2.MergedFrom) > 0 {
		rows = append(rows, KeyValue{"merged from shards", strings.Join(run2.MergedFrom, ", ")})
	}
	var out []KeyValue
	for _, kv := range rows {
		if kv.Value != "" && kv.Value != " s" {
			out = append(out, kv)
		}
	}
	return out
}

// timestamp writes t as the manifest does (RFC 3339), or "" when the
// manifest has none.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// rerunCommands give the commands that repeat the run exactly.
func rerunCommands(run *plot.Run) []string {
	m := &run.Manifest
	var files []string
	for _, sc := range m.Scenarios {
		if sc.Role == "point" && len(files) > 0 {
			continue
		}
		files = append(files, shellQuote(sc.File))
	}
	cmd := firstNonEmpty(m.Command, "run")
	args := []string{"flowsim", cmd}
	args = append(args, files...)
	for _, s := range m.Sets {
		args = append(args, "--set", shellQuote(s.Path+"="+strings.Join(s.Values, ",")))
	}
	args = append(args, "--seed", strconv.FormatUint(m.Seed, 10), "--reps", strconv.Itoa(m.Reps),
		"--horizon", firstNonEmpty(m.Horizon, num(m.HorizonDays)+"d"),
		"--warmup", firstNonEmpty(m.Warmup, num(m.WarmupDays)+"d"))
	switch {
	case slices.Contains(m.Files, plot.PatientsFile):
		args = append(args, "--patients")
	case slices.Contains(m.Files, plot.PatientsGzipFile):
		args = append(args, "--patients-gzip")
	}
	if m.CensusDay != nil {
		args = append(args, "--write-census", strconv.Itoa(*m.CensusDay))
	}
	args = append(args, "--out", shellQuote(filepath.Clean(run.Dir)+"-rerun"))
	out := []string{strings.Join(args, " ")}
	if m.Command != "" {
		out = append(out, "flowsim run --manifest "+shellQuote(filepath.Join(run.Dir, plot.ManifestFile))+" --out "+shellQuote(filepath.Clean(run.Dir)+"-rerun"))
	}
	return out
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:+@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// runFiles are the files of a run directory a report links to, in the
// order a reader wants them, with what each holds.
var runFiles = []DataFile{
	{Name: plot.SummaryFile, What: "every metric per site and for all sites: mean, SD, 95% CI, 5th, 50th and 95th percentiles over the replications"},
	{Name: plot.ComparisonFile, What: "paired differences from the base with their 95% CI, and which direction is better"},
	{Name: plot.ReplicationsFile, What: "every metric of every replication, exact"},
	{Name: plot.DailyFile, What: "one row per day, site and unit: places in use, arrivals, admissions, discharges, queues and delays by reason"},
	{Name: plot.PatientsFile, What: "one row per patient journey: site, cohort, pathway, stay, and the times of each event"},
	{Name: plot.PatientsGzipFile, What: "one row per patient journey (gzip-compressed): site, cohort, pathway, stay, and the times of each event"},
	{Name: output.CensusFile, What: "replication 0's patients at a midnight, readable as a scenario's census"},
	{Name: plot.ManifestFile, What: "how the run was made: tool version, seed, replications, the resolved scenarios and the files' SHA-256"},
}

// dataFiles lists the run's files that exist, linked relative to pageDir
// (the run directory when empty).
func dataFiles(run *plot.Run, pageDir string) []DataFile {
	if pageDir == "" {
		pageDir = run.Dir
	}
	var out []DataFile
	for _, f := range runFiles {
		path := filepath.Join(run.Dir, f.Name)
		if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
			continue
		}
		href := path
		if rel, err := relPath(pageDir, path); err == nil {
			href = rel
		}
		f.Href = (&url.URL{Path: filepath.ToSlash(href)}).String()
		out = append(out, f)
	}
	return out
}

// relPath is filepath.Rel of absolute forms of base and target.
func relPath(base, target string) (string, error) {
	b, err := filepath.Abs(base)
	if err != nil {
		return "", err
	}
	t, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	return filepath.Rel(b, t)
}
