package runs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/run"
)

// TestRunToResults submits a 2-replication run of mmc, follows its
// events to done, and reads its results page and downloads.
func TestRunToResults(t *testing.T) {
	f := newFixture(t, nil)
	id := f.submit(url.Values{"base": {"mmc"}, "reps": {"2"}})

	var progress []status
	events := f.follow(id, func(ev sseEvent) {
		if ev.Name == "progress" && ev.St.State == stateRunning && ev.St.Total > 0 {
			progress = append(progress, ev.St)
		}
	})
	done := events[len(events)-1].St
	if done.State != stateDone || done.Results != "/results/"+id+"/" {
		t.Fatalf("done event %+v: want state done and results /results/%s/", done, id)
	}
	// Progress counts up to the 2 replications, never past them.
	for i, p := range progress {
		if p.Total != 2 || p.Done < 0 || p.Done > 2 || i > 0 && p.Done < progress[i-1].Done {
			t.Errorf("progress %d: %d of %d, after %v", i, p.Done, p.Total, progress[:i])
		}
	}

	// The status page of a finished job links to its results and no
	// longer refreshes.
	resp, body := f.get("/runs/" + id)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/results/`+id+`/"`) || strings.Contains(body, "http-equiv=\"refresh\"") {
		t.Errorf("status page of a finished job: %d\n%s", resp.StatusCode, body)
	}

	resp, body = f.get("/results/" + id + "/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("results page: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{
		"<h1>mmc</h1>", "no bed-days saved to report", "2 replications",
		"Key metrics", "Bed-days", // the metric table
		`<img src="./figures/fig-`, // a figure, as SVG (below)
		`href="./summary.csv"`, `href="./manifest.json"`, `href="./report.html"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}

	// Every figure is an SVG document of the run's.
	figures := regexp.MustCompile(`<img src="\./figures/([^"]+\.svg)"`).FindAllStringSubmatch(body, -1)
	if len(figures) == 0 {
		t.Fatal("results page shows no figure")
	}
	for _, fig := range figures {
		resp, svg := f.get("/results/" + id + "/figures/" + fig[1])
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" ||
			!strings.Contains(svg, "<svg") || !strings.Contains(svg, "</svg>") {
			t.Errorf("figure %s: %d %q, %.100q", fig[1], resp.StatusCode, resp.Header.Get("Content-Type"), svg)
		}
	}
	if resp, _ := f.get("/results/" + id + "/figures/summary.csv"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a run file under figures/: %d, want 404", resp.StatusCode)
	}

	// Downloads are the run's files, byte for byte.
	dir := filepath.Join(f.s.cfg.ResultsDir, id)
	for _, name := range []string{"summary.csv", "replications.csv", "daily.csv", "manifest.json", "report.html"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		resp, body := f.get("/results/" + id + "/" + name)
		if resp.StatusCode != http.StatusOK || body != string(want) {
			t.Errorf("download %s: %d, %d bytes, want the file's %d", name, resp.StatusCode, len(body), len(want))
		}
		if got := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(got, "sandbox") {
			t.Errorf("download %s: Content-Security-Policy %q, want a sandbox", name, got)
		}
	}
	var m output.Manifest
	_, body = f.get("/results/" + id + "/manifest.json")
	if err := json.Unmarshal([]byte(body), &m); err != nil || m.Reps != 2 || m.Command != "run" || m.Scenario != "mmc" {
		t.Errorf("manifest.json: %v, reps %d, command %q, scenario %q; want a run of mmc with 2 replications", err, m.Reps, m.Command, m.Scenario)
	}

	// The results list reads the manifest.
	resp, body = f.get("/results/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<a href="/results/`+id+`/">`) ||
		!strings.Contains(body, `<td>mmc</td>`) || !strings.Contains(body, `<td class="num">2</td><td class="num">1</td>`) {
		t.Errorf("results list: %d\n%s", resp.StatusCode, body)
	}
}

// TestCompareToResults compares mmc with stays a tenth shorter: the
// headline comes first, and says what the comparison's bed-days say.
func TestCompareToResults(t *testing.T) {
	f := newFixture(t, nil)
	id := f.submit(url.Values{"base": {"mmc"}, "alt": {"mmc-shorter", ""}, "reps": {"2"}, "seed": {"7"}})
	events := f.follow(id, nil)
	if st := events[len(events)-1].St; st.State != stateDone {
		t.Fatalf("compare ended %s: %s", st.State, st.Message)
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, id)
	d, err := run.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Seed != 7 || d.Manifest.Reps != 2 || d.Manifest.Command != "compare" {
		t.Fatalf("manifest: seed %d, reps %d, command %q; want the form's seed 7 and 2 replications of a compare",
			d.Manifest.Seed, d.Manifest.Reps, d.Manifest.Command)
	}
	rows, err := d.Comparison()
	if err != nil {
		t.Fatal(err)
	}
	var saved, base float64
	for _, c := range rows {
		if c.Metric == "bed_days" && c.Site == plot.SystemSite {
			saved, base = c.DiffMean, c.BaseMean
		}
	}
	// Stays a tenth shorter at the same arrivals: a tenth of the
	// bed-days saved, give or take the queue's noise.
	if share := saved / base; share < 0.08 || share > 0.12 {
		t.Fatalf("bed-days saved %.1f of %.1f (%.3f), want about a tenth", saved, base, share)
	}

	_, body := f.get("/results/" + id + "/")
	headline := strings.Index(body, "mmc-shorter saves ")
	table := strings.Index(body, `<table class="comparison">`)
	figure := strings.Index(body, "<figure")
	if headline < 0 || table < 0 || figure < 0 || !(headline < table && table < figure) {
		t.Fatalf("results page: headline at %d, comparison table at %d, first figure at %d; want all, in that order\n%s",
			headline, table, figure, body)
	}
	answer := body[headline:table]
	answer = answer[:strings.Index(answer, "</p>")]
	wantSaved := "saves " + metric.Count.Value(saved) + " bed-days"
	wantBeds := fmt.Sprintf(" at %.0f%% occupancy.", 100*metric.PlanningOccupancy)
	if !strings.Contains(answer, wantSaved) || !strings.Contains(answer, "(95% CI ") || !strings.Contains(answer, wantBeds) {
		t.Errorf("headline %q: want %q, its interval, and beds%s", answer, wantSaved, wantBeds)
	}
	if !strings.Contains(body[table:figure], "▲ better") {
		t.Errorf("comparison table marks nothing better:\n%s", body[table:figure])
	}
	if resp, body := f.get("/results/" + id + "/comparison.csv"); resp.StatusCode != http.StatusOK ||
		!strings.HasPrefix(body, "scenario,metric,site,base_mean,alt_mean,diff_mean") {
		t.Errorf("comparison.csv: %d\n%.200s", resp.StatusCode, body)
	}
}

// TestCancelKeepsReplications cancels a real run after its first
// replication: it ends cancelled, and a job that resumes it from its
// checkpoints finishes it in the same directory.
func TestCancelKeepsReplications(t *testing.T) {
	f := newFixture(t, nil)
	f.holdUntilCancelled()
	id := f.submit(url.Values{"base": {"mmc"}, "reps": {"4"}})
	events := f.cancelAfterFirst(id)
	st := events[len(events)-1].St
	if st.State != stateCancelled || !strings.Contains(st.Message, "finished and are saved") || !strings.Contains(st.Message, "--resume") {
		t.Fatalf("cancelled job: %s, %q", st.State, st.Message)
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, id)
	if _, err := os.Stat(filepath.Join(dir, output.ManifestFile)); err == nil {
		t.Fatal("a cancelled run wrote its manifest")
	}
	// Not listed as a finished run, and its results page is the job's.
	if _, body := f.get("/results/"); strings.Contains(body, id) {
		t.Errorf("the results list shows the cancelled run")
	}
	if resp, _ := f.get("/results/" + id + "/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/runs/"+id {
		t.Errorf("results page of a cancelled job: %d to %q, want 303 to its job", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := f.get("/runs/" + id)
	if !strings.Contains(page, `action="/runs/`+id+`/resume"`) {
		t.Fatalf("a cancelled job's page offers no resume:\n%s", page)
	}
	resp, _ := f.post("/runs/"+id+"/resume", url.Values{"csrf": {testToken}})
	next, _ := strings.CutPrefix(resp.Header.Get("Location"), "/runs/")
	if resp.StatusCode != http.StatusSeeOther || next == "" || next == id {
		t.Fatalf("resume: %d to %q, want 303 to a new job", resp.StatusCode, resp.Header.Get("Location"))
	}
	if again, _ := f.post("/runs/"+id+"/resume", url.Values{"csrf": {testToken}}); again.Header.Get("Location") != "/runs/"+next {
		t.Errorf("a second resume went to %q, want the first's job %s", again.Header.Get("Location"), next)
	}
	events = f.follow(next, nil)
	if st := events[len(events)-1].St; st.State != stateDone || st.Results != "/results/"+id+"/" {
		t.Fatalf("resumed job: %+v, want done with the results of %s", st, id)
	}
	d, err := run.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Run.Resumed < 1 || d.Manifest.Reps != 4 {
		t.Errorf("resumed run: %d replications, %d from checkpoints; want 4, at least 1 of them kept", d.Manifest.Reps, d.Manifest.Run.Resumed)
	}
	if resp, _ := f.get("/results/" + id + "/"); resp.StatusCode != http.StatusOK {
		t.Errorf("results of the resumed run: %d", resp.StatusCode)
	}
	_, page = f.get("/runs/" + id)
	if !strings.Contains(page, `href="/runs/`+next+`"`) || strings.Contains(page, "/resume") {
		t.Errorf("the cancelled job's page does not point to the job that finished it:\n%s", page)
	}
	// A finished job has nothing to resume.
	if resp, _ := f.post("/runs/"+next+"/resume", url.Values{"csrf": {testToken}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("resume of a finished job: %d, want 409", resp.StatusCode)
	}
}

// holdUntilCancelled makes the fixture's jobs (but those that resume
// one) hold at their first finished replication until they are
// cancelled, so that a cancel arrives while a job runs, whatever the
// machine's speed.
func (f *fixture) holdUntilCancelled() {
	f.s.execute = func(ctx context.Context, j *job, o run.Options) (*run.Result, error) {
		if o.Resume == "" {
			o.Progress = &holdProgress{Progress: o.Progress, ctx: ctx}
		}
		return executeEngine(ctx, j, o)
	}
}

// cancelAfterFirst follows job id's events, cancels it once a
// replication is done, and returns the events to its end.
func (f *fixture) cancelAfterFirst(id string) []sseEvent {
	f.t.Helper()
	cancelled := false
	return f.follow(id, func(ev sseEvent) {
		if !cancelled && ev.St.State == stateRunning && ev.St.Done >= 1 {
			cancelled = true
			if resp, body := f.post("/runs/"+id+"/cancel", url.Values{"csrf": {testToken}}); resp.StatusCode != http.StatusSeeOther {
				f.t.Errorf("cancel: %d\n%s", resp.StatusCode, body)
			}
		}
	})
}

// holdProgress passes progress on, then holds the replication that
// reported it until ctx is done.
type holdProgress struct {
	run.Progress
	ctx context.Context
}

func (p *holdProgress) Update(done, total int) {
	p.Progress.Update(done, total)
	<-p.ctx.Done()
}

// TestFailedRun runs a scenario that does not validate: the job fails
// with the message flowsim validate gives, naming the file and the field.
func TestFailedRun(t *testing.T) {
	f := newFixture(t, nil)
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	writeFile(t, broken, "extends: "+f.files["mmc"]+"\nname: broken\nsites:\n  main:\n    beds:\n      capacity: -5   # estimate: a test's mistake\n")
	f.files["broken"] = broken
	id := f.submit(url.Values{"base": {"broken"}})
	events := f.follow(id, nil)
	st := events[len(events)-1].St
	if st.State != stateFailed || !strings.Contains(st.Message, "broken.yaml:6") || !strings.Contains(st.Message, "capacity") {
		t.Fatalf("job of an invalid scenario: %s, %q; want failed, naming broken.yaml:6 and capacity", st.State, st.Message)
	}
	_, page := f.get("/runs/" + id)
	if !strings.Contains(page, "failed") || !strings.Contains(page, "broken.yaml:6") {
		t.Errorf("status page of a failed job:\n%s", page)
	}
	// A failed run leaves no directory to list.
	if _, err := os.Stat(filepath.Join(f.s.cfg.ResultsDir, id)); err == nil {
		t.Errorf("a run refused before it started left a directory")
	}
}

// TestJobOfEarlierServer asks a new server for a job the old one ran:
// its page sends the planner to the results.
func TestJobOfEarlierServer(t *testing.T) {
	f := newFixture(t, nil)
	id := f.submit(url.Values{"base": {"mmc"}, "reps": {"2"}})
	f.follow(id, nil)
	later, err := New(f.s.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	w := httptest.NewRecorder()
	later.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/runs/"+id, nil))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/results/"+id+"/" {
		t.Errorf("job of an earlier server: %d to %q, want 303 to its results", w.Code, w.Header().Get("Location"))
	}
}
