package runs

import (
	"context"
	"encoding/csv"
	"html"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/run"
)

// sweepForm is the form of a sweep of mmc's bed capacity.
func sweepForm(values string) url.Values {
	return url.Values{"kind": {"sweep"}, "base": {"mmc"}, "path": {"sites.main.beds.capacity"},
		"values": {values}, "reps": {"2"}, "seed": {"3"}}
}

// summaryMeans reads the means of metric at site from a sweep's
// summary.csv, by the value of the swept column param, in file order.
func summaryMeans(t *testing.T, file, param, metricName, site string) (values []string, means []float64) {
	t.Helper()
	values, rows := summaryRows(t, file, param, metricName, site)
	for _, r := range rows {
		means = append(means, r[0])
	}
	return values, means
}

// summaryRows is summaryMeans with each row's mean, ci_low and ci_high.
func summaryRows(t *testing.T, file, param, metricName, site string) (values []string, rows [][3]float64) {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	table, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range table[0] {
		col[h] = i
	}
	for _, c := range []string{param, "metric", "site", "mean", "ci_low", "ci_high"} {
		if _, ok := col[c]; !ok {
			t.Fatalf("%s has no column %s: %v", file, c, table[0])
		}
	}
	for _, row := range table[1:] {
		if row[col["metric"]] != metricName || row[col["site"]] != site {
			continue
		}
		var r [3]float64
		for i, c := range []string{"mean", "ci_low", "ci_high"} {
			if r[i], err = strconv.ParseFloat(row[col[c]], 64); err != nil {
				t.Fatal(err)
			}
		}
		values, rows = append(values, row[col[param]]), append(rows, r)
	}
	return values, rows
}

// svgPathRE matches the paths of a gonum/plot SVG with their stroke width.
var svgPathRE = regexp.MustCompile(`<path d="(M[0-9.,L-]+)" style="fill:none;stroke:#[0-9A-F]{6};stroke-width:([0-9.]+)" />`)

// svgPoints reads a path's points "Mx,yLx,y…".
func svgPoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var pts [][2]float64
	for _, p := range strings.Split(strings.TrimPrefix(d, "M"), "L") {
		xs, ys, ok := strings.Cut(p, ",")
		x, err1 := strconv.ParseFloat(xs, 64)
		y, err2 := strconv.ParseFloat(ys, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("path %q: point %q", d, p)
		}
		pts = append(pts, [2]float64{x, y})
	}
	return pts
}

// checkPlotted reads the curve a sweep's curve SVG draws — the line
// through the means (1.5 wide, one point per value) and the whiskers of
// the intervals (1.1 wide, vertical, at the line's points) — and checks
// that it plots want, summary.csv's mean, ci_low and ci_high by value in
// the curve's order, to the SVG's precision. The y axis is fitted to the
// whiskers' ends, so the means are checked against an axis they did not
// set.
func checkPlotted(t *testing.T, svg string, want [][3]float64) {
	t.Helper()
	var curve [][2]float64
	var whiskers [][2]float64 // x, y of each end
	for _, m := range svgPathRE.FindAllStringSubmatch(svg, -1) {
		pts := svgPoints(t, m[1])
		switch {
		case m[2] == "1.5" && len(pts) == len(want):
			if curve != nil {
				t.Fatalf("two curves of %d points in the SVG", len(want))
			}
			curve = pts
		case m[2] == "1.1" && len(pts) == 2 && pts[0][0] == pts[1][0]:
			whiskers = append(whiskers, pts...)
		}
	}
	if curve == nil {
		t.Fatalf("no curve of %d points in the SVG", len(want))
	}
	// Fit y = a + b·v to the whiskers at the curve's points.
	var vs, ys []float64
	for i, p := range curve {
		var ends []float64
		for _, w := range whiskers {
			if w[0] == p[0] {
				ends = append(ends, w[1])
			}
		}
		if len(ends) != 2 {
			t.Fatalf("point %d at x=%v: %d whisker ends, want 2", i, p[0], len(ends))
		}
		slices.Sort(ends)
		vs, ys = append(vs, want[i][1], want[i][2]), append(ys, ends[0], ends[1])
	}
	n := float64(len(vs))
	var sv, sy, svv, svy float64
	for i := range vs {
		sv, sy, svv, svy = sv+vs[i], sy+ys[i], svv+vs[i]*vs[i], svy+vs[i]*ys[i]
	}
	b := (n*svy - sv*sy) / (n*svv - sv*sv)
	a := (sy - b*sv) / n
	// The SVG writes five significant digits: a hundredth of a point.
	tol := 0.02 / math.Abs(b)
	for i := range vs {
		if got := (ys[i] - a) / b; math.Abs(got-vs[i]) > tol {
			t.Errorf("whisker end %d at %v, want %v (±%.3g)", i, got, vs[i], tol)
		}
	}
	for i, p := range curve {
		if i > 0 && p[0] <= curve[i-1][0] {
			t.Errorf("curve point %d at x=%v, not right of %v", i, p[0], curve[i-1][0])
		}
		if got := (p[1] - a) / b; math.Abs(got-want[i][0]) > tol {
			t.Errorf("curve point %d plots mean %v, summary.csv says %v (±%.3g)", i, got, want[i][0], tol)
		}
	}
}

// inCurveOrder orders summary rows by the swept values of a curve.
func inCurveOrder(t *testing.T, curveValues, values []string, rows [][3]float64) [][3]float64 {
	t.Helper()
	var out [][3]float64
	for _, v := range curveValues {
		i := slices.Index(values, v)
		if i < 0 {
			t.Fatalf("curve value %s is not in summary.csv's %v", v, values)
		}
		out = append(out, rows[i])
	}
	return out
}

// curveRows reads the curve table of a results page: the swept values
// and the means it states.
var curveRowRE = regexp.MustCompile(`<tr><th scope="row">([^<]*)</th>(?:<td>[^<]*</td>)?<td class="num" data-mean="([^"]+)">`)

func curveRows(t *testing.T, body string) (values []string, means []float64) {
	t.Helper()
	for _, m := range curveRowRE.FindAllStringSubmatch(body, -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatalf("curve table mean %q: %v", m[2], err)
		}
		values, means = append(values, html.UnescapeString(m[1])), append(means, v)
	}
	return values, means
}

// TestSweepToCurve runs a 3-value sweep of mmc's capacity with 2
// replications to done; its results page shows the curve of bed_days at
// all sites whose means are summary.csv's, and the run directory is an
// ordinary sweep's.
func TestSweepToCurve(t *testing.T) {
	f := newFixture(t, nil)
	id := f.submit(sweepForm("7, 5, 6"))
	events := f.follow(id, nil)
	done := events[len(events)-1].St
	if done.State != stateDone || done.Command != "sweep" || done.Results != "/results/"+id+"/?metric=bed_days&site=all" {
		t.Fatalf("done event %+v: want a done sweep with its curve of bed_days at all sites", done)
	}
	if resp, body := f.get("/runs/" + id); !strings.Contains(body, "Sweep of sites.main.beds.capacity in mmc") {
		t.Errorf("status page %d does not name the sweep:\n%s", resp.StatusCode, body)
	}

	resp, body := f.get(done.Results)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("results page: %d\n%s", resp.StatusCode, body)
	}
	src := `./figures/curve.svg?metric=bed_days&amp;site=all`
	for _, want := range []string{`<img src="` + src + `"`, "Sweep of <code>sites.main.beds.capacity</code>",
		`<option value="bed_days" selected>`, `<option value="all" selected>`, `href="./summary.csv"`, `href="./report.html"`} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, id)
	param := "sites.main.beds.capacity"
	values, means := curveRows(t, body)
	wantValues, wantMeans := summaryMeans(t, filepath.Join(dir, "summary.csv"), param, "bed_days", "all")
	slices.Sort(wantValues) // 5, 6, 7: the curve runs by value
	if !slices.Equal(values, []string{"5", "6", "7"}) || !slices.Equal(wantValues, values) {
		t.Fatalf("curve at %v, summary.csv at %v: want 5, 6, 7", values, wantValues)
	}
	// summary.csv lists the points as given (7, 5, 6).
	byValue := map[string]float64{}
	sv, sm := summaryMeans(t, filepath.Join(dir, "summary.csv"), param, "bed_days", "all")
	for i := range sv {
		byValue[sv[i]] = sm[i]
	}
	for i, v := range values {
		if means[i] != byValue[v] {
			t.Errorf("curve mean at %s: %v, summary.csv %v", v, means[i], byValue[v])
		}
	}
	if len(wantMeans) != 3 || means[0] == means[2] {
		t.Errorf("means %v: want three, differing with capacity", means)
	}

	resp, svg := f.get("/results/" + id + "/" + strings.TrimPrefix(html.UnescapeString(src), "./"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, "</svg>") ||
		resp.Header.Get("Content-Security-Policy") != sandbox {
		t.Errorf("curve: %d %q, %.100q", resp.StatusCode, resp.Header.Get("Content-Type"), svg)
	}
	svs, rows := summaryRows(t, filepath.Join(dir, "summary.csv"), param, "bed_days", "all")
	checkPlotted(t, svg, inCurveOrder(t, values, svs, rows))

	// Another metric at one site, chosen on the page (a GET form).
	_, body = f.get("/results/" + id + "/?metric=occupancy_mean&site=main")
	values, means = curveRows(t, body)
	sv, sm = summaryMeans(t, filepath.Join(dir, "summary.csv"), param, "occupancy_mean", "main")
	for i := range sv {
		byValue[sv[i]] = sm[i]
	}
	if len(values) != 3 {
		t.Fatalf("occupancy at main: rows %v", values)
	}
	for i, v := range values {
		if means[i] != byValue[v] {
			t.Errorf("occupancy curve at %s: %v, summary.csv %v", v, means[i], byValue[v])
		}
	}
	_, svg = f.get("/results/" + id + "/figures/curve.svg?metric=occupancy_mean&site=main")
	svs, rows = summaryRows(t, filepath.Join(dir, "summary.csv"), param, "occupancy_mean", "main")
	checkPlotted(t, svg, inCurveOrder(t, values, svs, rows))
	for _, q := range []string{"metric=no_such_metric", "site=elsewhere"} {
		resp, body := f.get("/results/" + id + "/?" + q)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "No curve:") || strings.Contains(body, "curve.svg") {
			t.Errorf("%s: %d, want the page saying there is no curve", q, resp.StatusCode)
		}
		if resp, _ := f.get("/results/" + id + "/figures/curve.svg?" + q); resp.StatusCode != http.StatusNotFound {
			t.Errorf("curve.svg?%s: %d, want 404", q, resp.StatusCode)
		}
	}

	// An ordinary sweep run directory: what flowsim plot and report read.
	d, err := run.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Command != "sweep" || len(d.Manifest.Sets) != 1 || d.Manifest.Sets[0].Path != param ||
		strings.Join(d.Manifest.Sets[0].Values, ",") != "7,5,6" || d.Manifest.Reps != 2 || d.Manifest.Seed != 3 {
		t.Errorf("manifest: command %s, sets %+v, %d reps, seed %d", d.Manifest.Command, d.Manifest.Sets, d.Manifest.Reps, d.Manifest.Seed)
	}
	pr, err := plot.FromDir(d)
	if err != nil {
		t.Fatal(err)
	}
	if figs, _, err := plot.Figures(pr, plot.Options{Kind: plot.KindSweep}); err != nil || len(figs) != 1 {
		t.Errorf("flowsim plot --kind sweep: %d figures, %v", len(figs), err)
	}
	if _, err := output.Verify(filepath.Join(dir, output.ManifestFile)); err != nil {
		t.Error(err)
	}
	// The results list names it as a sweep.
	if _, body := f.get("/results/"); !strings.Contains(body, "sweep of "+param) {
		t.Errorf("results list does not name the sweep:\n%s", body)
	}
}

// TestSweepRefused: a bad setting or value is refused before anything
// runs, with the message flowsim sweep gives; so are too many values, a
// sweep with alternatives, an unknown metric, and a form without the
// CSRF token.
func TestSweepRefused(t *testing.T) {
	f := newFixture(t, nil)
	sweepSays := func(set string) string {
		_, err := run.Sweep(context.Background(), f.files["mmc"], []string{set},
			run.Options{Out: filepath.Join(t.TempDir(), "out")})
		if err == nil {
			t.Fatalf("flowsim sweep --set %s runs", set)
		}
		return err.Error()
	}
	many := make([]string, MaxSweepValues+1)
	for i := range many {
		many[i] = strconv.Itoa(i + 1)
	}
	cases := []struct {
		name string
		edit func(url.Values)
		code int
		want string
	}{
		{"no such setting", func(v url.Values) { v.Set("path", "sites.main.beds.capacty") }, http.StatusBadRequest,
			sweepSays("sites.main.beds.capacty=5,6")},
		{"no such site", func(v url.Values) { v.Set("path", "sites.qmc.beds.capacity") }, http.StatusBadRequest,
			sweepSays("sites.qmc.beds.capacity=5,6")},
		{"negative capacity", func(v url.Values) { v.Set("values", "5,-2") }, http.StatusBadRequest,
			sweepSays("sites.main.beds.capacity=5,-2")},
		{"not a number", func(v url.Values) { v.Set("values", "5,six") }, http.StatusBadRequest,
			sweepSays("sites.main.beds.capacity=5,six")},
		{"empty value", func(v url.Values) { v.Set("values", "5,,6") }, http.StatusBadRequest,
			sweepSays("sites.main.beds.capacity=5,,6")},
		{"traversal in the path", func(v url.Values) { v.Set("path", "../../etc/passwd") }, http.StatusBadRequest,
			sweepSays("../../etc/passwd=5,6")},
		{"too many values", func(v url.Values) { v.Set("values", strings.Join(many, ",")) }, http.StatusBadRequest,
			"at most 20 values"},
		{"too many replications", func(v url.Values) { v.Set("reps", "1001") }, http.StatusBadRequest, "at most 1000 replications"},
		{"no values", func(v url.Values) { v.Set("values", " ") }, http.StatusBadRequest, "values: give the values"},
		{"with an alternative", func(v url.Values) { v.Set("alt", "mmc-shorter") }, http.StatusBadRequest, "a sweep varies one scenario"},
		{"unknown metric", func(v url.Values) { v.Set("metric", "beds") }, http.StatusBadRequest, `metric: "beds" is not`},
		{"base outside the library", func(v url.Values) { v.Set("base", "/etc/passwd") }, http.StatusBadRequest, "no such scenario"},
		{"no CSRF token", func(v url.Values) { v.Set("csrf", "") }, http.StatusForbidden, "CSRF token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := sweepForm("5,6")
			form.Set("csrf", testToken)
			c.edit(form)
			resp, body := f.post("/runs/", form)
			if resp.StatusCode != c.code || !strings.Contains(html.UnescapeString(body), c.want) {
				t.Errorf("status %d, want %d saying %q:\n%s", resp.StatusCode, c.code, c.want, body)
			}
		})
	}
	if entries, err := os.ReadDir(f.s.cfg.ResultsDir); err != nil || len(entries) != 0 {
		t.Errorf("refused sweeps left %d entries in the results directory (%v)", len(entries), err)
	}
	if _, body := f.get("/runs/"); !strings.Contains(body, "No jobs yet") {
		t.Errorf("refused sweeps were queued:\n%s", body)
	}
}

// TestSweepCancelAndFinish cancels a sweep after its first replication
// and finishes it from the job's page: the finished sweep's files are
// byte for byte those of the same sweep run straight through with
// flowsim's engine, and its results page opens on the curve.
func TestSweepCancelAndFinish(t *testing.T) {
	f := newFixture(t, nil)
	f.holdUntilCancelled()
	id := f.submit(sweepForm("5,6"))
	events := f.cancelAfterFirst(id)
	if st := events[len(events)-1].St; st.State != stateCancelled || !strings.Contains(st.Message, "flowsim sweep --resume") ||
		!strings.Contains(st.Message, "--set sites.main.beds.capacity=5,6") {
		t.Fatalf("cancelled sweep: %s, %q", st.State, st.Message)
	}
	resp, _ := f.post("/runs/"+id+"/resume", url.Values{"csrf": {testToken}})
	next, _ := strings.CutPrefix(resp.Header.Get("Location"), "/runs/")
	if resp.StatusCode != http.StatusSeeOther || next == "" {
		t.Fatalf("resume: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	events = f.follow(next, nil)
	if st := events[len(events)-1].St; st.State != stateDone || st.Results != "/results/"+id+"/?metric=bed_days&site=all" {
		t.Fatalf("finished sweep: %+v", st)
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, id)
	d, err := run.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Command != "sweep" || d.Manifest.Run.Resumed < 1 {
		t.Errorf("finished sweep: %s, %d replications from checkpoints", d.Manifest.Command, d.Manifest.Run.Resumed)
	}
	seed := uint64(3)
	straight := filepath.Join(t.TempDir(), "straight")
	if _, err := run.Sweep(context.Background(), f.files["mmc"], []string{"sites.main.beds.capacity=5,6"},
		run.Options{Reps: 2, Seed: &seed, Out: straight, Version: "web"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Manifest.Files, "summary.csv") || !slices.Contains(d.Manifest.Files, "replications.csv") {
		t.Errorf("finished sweep's files: %v", d.Manifest.Files)
	}
	for _, file := range d.Manifest.Files {
		a, err1 := os.ReadFile(filepath.Join(dir, file))
		b, err2 := os.ReadFile(filepath.Join(straight, file))
		if err1 != nil || err2 != nil || string(a) != string(b) {
			t.Errorf("%s differs from the sweep run straight through (%v, %v)", file, err1, err2)
		}
	}
	if _, body := f.get("/results/" + id + "/"); strings.Count(body, "data-mean=") != 2 {
		t.Errorf("results of the finished sweep show no curve of 2 points")
	}
}
