package runs

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// MaxSweepValues bounds the values of a sweep started from the app:
// each is a scenario run with every replication.
const MaxSweepValues = 20

// MaxSweepReps bounds the replications at each value of a sweep started
// from the app (the command line allows more).
const MaxSweepReps = 1000

// curveFile is a sweep's curve under figures/: the metric and site are
// the query's.
const curveFile = "curve.svg"

// sweepSpec is what a sweep varies, and what its results page plots
// first.
type sweepSpec struct {
	// Path is the setting's YAML path and Values its values, as typed
	// (V1,V2,…): together, flowsim sweep's --set PATH=V1,V2,….
	Path, Values string
	// Metric and Site are the curve the results page opens with.
	Metric, Site string
}

// set is the sweep as flowsim sweep's --set.
func (q *sweepSpec) set() string { return q.Path + "=" + q.Values }

// curveQuery is the results page's query that shows q's curve.
func (q *sweepSpec) curveQuery() string {
	return url.Values{"metric": {q.Metric}, "site": {q.Site}}.Encode()
}

// parseSweep reads a sweep's fields (path, values, metric, site) into q
// and checks the sweep with run.CheckSweep, as flowsim sweep checks its
// --set, so a bad setting or value is refused with sweep's own message
// before the job is queued.
func (s *Server) parseSweep(r *http.Request, q *request) error {
	sp := &sweepSpec{
		Path:   strings.TrimSpace(r.PostForm.Get("path")),
		Values: strings.TrimSpace(r.PostForm.Get("values")),
		Metric: strings.TrimSpace(r.PostForm.Get("metric")),
		Site:   strings.TrimSpace(r.PostForm.Get("site")),
	}
	if sp.Path == "" {
		return errors.New("path: choose the setting to sweep")
	}
	if sp.Values == "" {
		return errors.New("values: give the values to sweep, separated by commas")
	}
	if sp.Metric == "" {
		sp.Metric = metric.BedDays
	}
	if _, ok := metric.Lookup(sp.Metric); !ok {
		return fmt.Errorf("metric: %q is not one of flowsim's metrics", sp.Metric)
	}
	if sp.Site == "" {
		sp.Site = plot.SystemSite
	}
	if !plainName(sp.Site) {
		return fmt.Errorf("site: %q is not a site name", sp.Site)
	}
	if q.Reps > MaxSweepReps {
		return fmt.Errorf("reps: at most %d replications at each value of a sweep from the app, got %d", MaxSweepReps, q.Reps)
	}
	// The count first, so that a long list is refused before any
	// scenario is loaded; a list that does not parse is left to
	// CheckSweep, for sweep's message.
	if _, values, err := scenario.ParseSweep(sp.set()); err == nil && len(values) > MaxSweepValues {
		return fmt.Errorf("values: at most %d values in a sweep from the app, got %d", MaxSweepValues, len(values))
	}
	o := run.Options{Reps: q.Reps, Seed: q.Seed, Workers: s.workers, Version: s.cfg.Version}
	if err := run.CheckSweep(q.baseFile, []string{sp.set()}, o); err != nil {
		return err
	}
	q.Sweep = sp
	return nil
}

// curveView is the curve section of a sweep's results page.
type curveView struct {
	// Metric and Site are the curve shown; Metrics and Sites the choices.
	Metric, Site string
	Metrics      []metricChoice
	Sites        []string
	// Param is the swept setting; Problem, when not empty, why no curve
	// is shown.
	Param, Problem string
	// Figure is the curve's SVG, relative to the results page.
	Figure         string
	Title, Caption string
	Width, Height  int
	Unit           string
	// Rows are the table; Others marks a sweep of several settings,
	// whose rows say the values of the others.
	Rows   []curveRow
	Others bool
}

// metricChoice is one metric the curve can show.
type metricChoice struct{ Name, Label string }

// curveRow is one point of the curve: the swept value, its mean and 95%
// interval as written for people and, in Raw, the mean as summary.csv
// holds it.
type curveRow struct {
	Value, Others   string
	Mean, Low, High string
	Raw             string
	N               int
}

// sweepCurve builds the curve section of the sweep p for the query's
// metric and site (defaults: bed_days at all sites).
func sweepCurve(p *plot.Run, query url.Values) *curveView {
	v := &curveView{Metric: query.Get("metric"), Site: query.Get("site"), Sites: append([]string{plot.SystemSite}, p.Sites...)}
	if v.Metric == "" {
		v.Metric = metric.BedDays
	}
	if v.Site == "" {
		v.Site = plot.SystemSite
	}
	has := map[string]bool{}
	for _, row := range p.Summary {
		has[row.Metric] = true
	}
	for _, d := range metric.All() {
		if has[d.Name] {
			v.Metrics = append(v.Metrics, metricChoice{d.Name, d.Label})
		}
	}
	def, ok := metric.Lookup(v.Metric)
	if !ok {
		v.Problem = fmt.Sprintf("%q is not one of flowsim's metrics.", v.Metric)
		return v
	}
	v.Unit = def.Unit
	d, err := plot.SweepCurveData(p, v.Metric, v.Site)
	if err != nil {
		v.Problem = err.Error() + "."
		return v
	}
	v.Param = d.Param
	fig := plot.SweepCurve(p, d)
	v.Title, v.Caption = fig.Title, fig.Caption
	v.Width, v.Height = int(math.Round(float64(fig.Width)*96/72)), int(math.Round(float64(fig.Height)*96/72))
	v.Figure = "./" + figuresDir + "/" + curveFile + "?" + url.Values{"metric": {v.Metric}, "site": {v.Site}}.Encode()
	for _, s := range d.Panels[0].Series {
		for i, x := range s.Values {
			if math.IsNaN(x.Mean) {
				continue
			}
			v.Rows = append(v.Rows, curveRow{Value: d.Labels[i], Others: s.Others,
				Mean: def.Format.Value(x.Mean), Low: def.Format.Value(x.Low), High: def.Format.Value(x.High),
				Raw: strconv.FormatFloat(x.Mean, 'g', -1, 64), N: x.N})
			v.Others = v.Others || s.Others != ""
		}
	}
	return v
}

// curve serves a finished sweep's curve of the query's metric and site
// as SVG.
func (s *Server) curve(w http.ResponseWriter, r *http.Request, shown *shownRun, mst os.FileInfo) {
	q := r.URL.Query()
	m, site := q.Get("metric"), q.Get("site")
	if m == "" {
		m = metric.BedDays
	}
	if site == "" {
		site = plot.SystemSite
	}
	d, err := plot.SweepCurveData(shown.run, m, site)
	if err != nil {
		s.notFound(w, r)
		return
	}
	var buf bytes.Buffer
	if err := plot.SweepCurve(shown.run, d).Write(&buf, "svg"); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "the curve could not be drawn: "+err.Error())
		return
	}
	serveSVG(w, r, curveFile, mst, buf.Bytes())
}
