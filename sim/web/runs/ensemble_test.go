package runs

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/scenario"
)

// matchDir is the history match whose plausible baselines the tests
// compare at.
const matchDir = "calibrate-mmc-20260101T000000Z"

// ensembleFixture is a fixture whose results directory holds a finished
// match of mmc: three plausible baselines of 5, 6 and 7 beds, written
// with the ensemble writer calibrate --fit uses. Its scenarios add
// mmc-faster, mmc with stays a fifth shorter.
func ensembleFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, nil)
	faster := filepath.Join(t.TempDir(), "mmc-faster.yaml")
	writeFile(t, faster, "extends: "+f.files["mmc"]+"\n"+
		"name: mmc-faster\n"+
		"sites:\n  main:\n    beds:\n      los: {dist: exponential, mean: 0.8h}   # estimate: a test's change\n")
	f.files["mmc-faster"] = faster
	ens := &priors.Ensemble{Scenario: f.files["mmc"]}
	for _, c := range []string{"5", "6", "7"} {
		o, err := scenario.ParseOverride("sites.main.beds.capacity=" + c)
		if err != nil {
			t.Fatal(err)
		}
		ens.Members = append(ens.Members, priors.Member{Name: "beds-" + c, Set: []scenario.Override{o}})
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, matchDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := output.WriteFile(filepath.Join(dir, experiment.PlausibleYAML), ens.Write); err != nil {
		t.Fatal(err)
	}
	return f
}

// readCSV parses a CSV file into rows keyed by its header.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csvRecords(data, path)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestEnsembleJob runs mmc against two shorter-stay alternatives across
// three plausible baselines from the app, with 2 replications, and checks
// that the job wrote what compare --ensemble writes byte for byte, and
// that its results page shows the numbers of its files.
func TestEnsembleJob(t *testing.T) {
	f := ensembleFixture(t)
	if got := f.s.Ensembles(); len(got) != 1 || got[0].ID != matchDir {
		t.Fatalf("Ensembles() = %v, want the one match %s", got, matchDir)
	}
	id := f.submit(url.Values{"base": {"mmc"}, "alt": {"mmc-shorter", "mmc-faster"}, "reps": {"2"}, "seed": {"7"},
		"ensemble": {matchDir}})
	events := f.follow(id, nil)
	last := events[len(events)-1].St
	if last.State != stateDone || last.Command != "ensemble" || last.Ensemble != matchDir {
		t.Fatalf("job ended %+v, want a done ensemble job", last)
	}
	sawProgress := false
	for _, ev := range events {
		sawProgress = sawProgress || ev.St.Text == "running: 3 of 3 plausible baselines"
	}
	if !sawProgress {
		t.Errorf("no event counted the 3 plausible baselines: %v", events)
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, id)

	// The same comparison from the command line's code, straight.
	seed := uint64(7)
	cli := t.TempDir()
	_, err := experiment.CompareEnsemble(context.Background(), experiment.CompareOptions{
		Ensemble: filepath.Join(f.s.cfg.ResultsDir, matchDir, experiment.PlausibleYAML), Base: f.files["mmc"],
		Alternatives: []string{f.files["mmc-shorter"], f.files["mmc-faster"]}, Reps: 2, Workers: 1, Seed: &seed, Out: cli})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{experiment.EnsembleComparisonCSV, experiment.EnsembleRanksCSV} {
		a, err1 := os.ReadFile(filepath.Join(dir, name))
		b, err2 := os.ReadFile(filepath.Join(cli, name))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: the app's differs from compare --ensemble's (%v, %v)", name, err1, err2)
		}
	}

	resp, page := f.get(last.Results)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", last.Results, resp.StatusCode, page)
	}
	rows := readCSV(t, filepath.Join(dir, experiment.EnsembleComparisonCSV))
	answerRE := regexp.MustCompile(`<p class="answer" data-alternative="([^"]+)" data-mean="([^"]+)" data-interval-low="([^"]+)" data-interval-high="([^"]+)" data-range-low="([^"]+)" data-range-high="([^"]+)">([^<]+)</p>`)
	answers := answerRE.FindAllStringSubmatch(page, -1)
	if len(answers) != 2 {
		t.Fatalf("the page has %d answers, want 2:\n%s", len(answers), page)
	}
	seen := 0
	for _, row := range rows {
		if row["metric"] != metric.BedDays || row["site"] != "all" {
			continue
		}
		seen++
		var a []string
		for _, m := range answers {
			if m[1] == row["alternative"] {
				a = m
			}
		}
		if a == nil {
			t.Fatalf("no answer for %s", row["alternative"])
		}
		for i, col := range []string{"saving_mean", "interval_low", "interval_high", "range_low", "range_high"} {
			if got, want := parseFloat(t, a[2+i]), parseFloat(t, row[col]); got != want {
				t.Errorf("%s: the page's %s is %v, the CSV's %v", row["alternative"], col, got, want)
			}
		}
		mean := parseFloat(t, row["saving_mean"])
		// Shorter stays at the same arrivals save bed-days at every
		// baseline.
		if !(mean > 0 && parseFloat(t, row["interval_low"]) <= parseFloat(t, row["range_low"])) {
			t.Errorf("%s: saving %v, interval low %s, range low %s: want a positive saving whose interval holds the range",
				row["alternative"], mean, row["interval_low"], row["range_low"])
		}
		text := a[7]
		for _, want := range []string{row["alternative"] + " saves " + metric.Count.Value(mean) + " bed-days",
			metric.Count.Value(parseFloat(t, row["interval_low"])) + " to " + metric.Count.Value(parseFloat(t, row["interval_high"])),
			"range " + metric.Count.Value(parseFloat(t, row["range_low"])) + " to " + metric.Count.Value(parseFloat(t, row["range_high"]))} {
			if !strings.Contains(text, want) {
				t.Errorf("answer %q does not say %q", text, want)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("the CSV has %d system bed-day rows, want 2", seen)
	}
	// The rank table: P(row saves more than column), as ensemble-ranks.csv.
	for _, row := range readCSV(t, filepath.Join(dir, experiment.EnsembleRanksCSV)) {
		cell := metric.Share.Value(parseFloat(t, row["p_saves_more_bed_days"]))
		want := `<tr><th scope="row">` + row["alternative"] + `</th><td class="num">`
		i := strings.Index(page, want)
		if i < 0 {
			t.Fatalf("no rank row for %s", row["alternative"])
		}
		tr := page[i : i+strings.Index(page[i:], "</tr>")]
		if !strings.Contains(tr, `<td class="num">`+cell+`</td>`) {
			t.Errorf("rank row %s: %q does not show P = %s against %s", row["alternative"], tr, cell, row["other"])
		}
	}
	// shorter (0.9h) and faster (0.8h): faster saves more at every baseline.
	ranks := readCSV(t, filepath.Join(dir, experiment.EnsembleRanksCSV))
	for _, row := range ranks {
		want := map[string]float64{"mmc-faster": 1, "mmc-shorter": 0}[row["alternative"]]
		if got := parseFloat(t, row["p_saves_more_bed_days"]); got != want {
			t.Errorf("P(%s saves more than %s) = %v, want %v", row["alternative"], row["other"], got, want)
		}
	}

	if _, list := f.get("/results/"); !strings.Contains(list, `<a href="/results/`+id+`/">`) ||
		!strings.Contains(list, "mmc-shorter, mmc-faster, across the plausible baselines of "+matchDir) {
		t.Errorf("the results list does not show the ensemble job %s:\n%s", id, list)
	}
	if !strings.Contains(page, "<h1>mmc against mmc-shorter, mmc-faster, across plausible baselines</h1>") ||
		!strings.Contains(page, "3 plausible baselines") || !strings.Contains(page, "2 replications at each") ||
		!strings.Contains(page, "seed 7") {
		t.Errorf("the page does not say what was compared:\n%s", page)
	}

	// The figure and the downloads, from the directory only.
	resp, svg := f.get(last.Results + "figures/savings.svg")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, "<svg") {
		t.Errorf("savings figure: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, name := range []string{experiment.EnsembleComparisonCSV, experiment.EnsembleRanksCSV, ensembleRecord, experiment.PlausibleYAML} {
		resp, body := f.get(last.Results + name)
		want, _ := os.ReadFile(filepath.Join(dir, name))
		if resp.StatusCode != http.StatusOK || body != string(want) || !strings.Contains(page, `href="./`+name+`"`) {
			t.Errorf("download %s: %d, %d bytes of %d, listed %v", name, resp.StatusCode, len(body), len(want),
				strings.Contains(page, `href="./`+name+`"`))
		}
	}
	writeFile(t, filepath.Join(dir, "secret.csv"), "not the run's\n")
	for _, p := range []string{"secret.csv", "figures/secret.csv", "figures/ensemble-comparison.csv"} {
		if resp, _ := f.get(last.Results + p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
}

// TestEnsembleFormRefused checks that an ensemble job is refused without
// the CSRF token, and for an ensemble id that names no match in the
// results directory: traversal, a link out of it, a directory without
// plausible baselines.
func TestEnsembleFormRefused(t *testing.T) {
	f := ensembleFixture(t)
	form := url.Values{"base": {"mmc"}, "alt": {"mmc-shorter"}, "reps": {"2"}, "ensemble": {matchDir}, "csrf": {"wrong"}}
	if resp, body := f.post("/runs/", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d, want 403\n%s", resp.StatusCode, body)
	}

	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, experiment.PlausibleYAML), "members:\n  - name: a\n    set: [sites.main.beds.capacity=9]\n")
	results := f.s.cfg.ResultsDir
	if err := os.Symlink(outside, filepath.Join(results, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(results, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(results, outside)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"..", "../" + filepath.Base(outside), rel, outside, matchDir + "/" + experiment.PlausibleYAML,
		matchDir + "/..", ".hidden", "linked", "empty", "no-such-match", "a\\b"} {
		form := url.Values{"base": {"mmc"}, "alt": {"mmc-shorter"}, "reps": {"2"}, "ensemble": {id}, "csrf": {testToken}}
		resp, body := f.post("/runs/", form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "no plausible baselines of that name") {
			t.Errorf("ensemble %q: %d, want 400 naming the problem\n%s", id, resp.StatusCode, body)
		}
	}
	for _, c := range []struct{ form url.Values }{
		{url.Values{"base": {"mmc"}, "reps": {"2"}, "ensemble": {matchDir}}},
		{url.Values{"base": {"mmc"}, "alt": {"mmc-shorter"}, "reps": {"1"}, "ensemble": {matchDir}}},
	} {
		c.form.Set("csrf", testToken)
		if resp, body := f.post("/runs/", c.form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400\n%s", c.form, resp.StatusCode, body)
		}
	}
	if got := f.s.Ensembles(); len(got) != 1 || got[0].ID != matchDir {
		t.Errorf("Ensembles() = %v, want only %s (not the link, not the empty directory)", got, matchDir)
	}
	f.s.mu.Lock()
	n := len(f.s.jobs)
	f.s.mu.Unlock()
	if n != 0 {
		t.Errorf("%d jobs queued by refused forms", n)
	}
}

// TestEnsembleJobCancelled cancels a long ensemble job as it runs: it ends
// cancelled, leaves no record, and its directory is no result.
func TestEnsembleJobCancelled(t *testing.T) {
	f := ensembleFixture(t)
	id := f.submit(url.Values{"base": {"mmc"}, "alt": {"mmc-shorter"}, "reps": {"20000"}, "ensemble": {matchDir}})
	cancelled := false
	events := f.follow(id, func(ev sseEvent) {
		// Once it runs, so that the comparison itself is stopped.
		if ev.St.State == stateRunning && !cancelled {
			cancelled = true
			if resp, body := f.post("/runs/"+id+"/cancel", url.Values{"csrf": {testToken}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("cancel: %d\n%s", resp.StatusCode, body)
			}
		}
	})
	if st := events[len(events)-1].St; !cancelled || st.State != stateCancelled || st.Results != "" ||
		!strings.HasPrefix(st.Message, "cancelled: ") {
		t.Fatalf("job ended %+v, want cancelled while running, with no results", st)
	}
	if _, err := os.Lstat(filepath.Join(f.s.cfg.ResultsDir, id, ensembleRecord)); !os.IsNotExist(err) {
		t.Errorf("a cancelled job left its record (%v)", err)
	}
	if resp, _ := f.get("/results/" + id + "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("results page of a cancelled job: %d, want 303 to the job", resp.StatusCode)
	}
	if _, list := f.get("/results/"); strings.Contains(list, id) {
		t.Errorf("the results list shows the cancelled job %s", id)
	}
}

// TestLibraryEnsembleJob runs an ensemble job at an ensemble file of the
// scenario library (an id with a slash, resolved by
// Config.ResolveEnsemble) and keeps a copy of it in the job's directory;
// an id the resolver refuses is refused with its message.
func TestLibraryEnsembleJob(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "plausible.yaml")
	text := "members:\n  - name: a\n    set: [sites.main.beds.capacity=5]\n  - name: b\n    set: [sites.main.beds.capacity=8]\n"
	writeFile(t, lib, text)
	f := newFixture(t, func(c *Config) {
		c.ResolveEnsemble = func(id string) (string, error) {
			if id == "mine/plausible.yaml" {
				return lib, nil
			}
			return "", errors.New("not an ensemble file of the library")
		}
	})
	six := filepath.Join(t.TempDir(), "mmc-six.yaml")
	writeFile(t, six, "extends: "+f.files["mmc"]+"\nname: mmc-six\n"+
		"sites:\n  main:\n    beds:\n      capacity: 6   # estimate: a test's change\n")
	f.files["mmc-six"] = six
	id := f.submit(url.Values{"base": {"mmc"}, "alt": {"mmc-shorter", "mmc-six"}, "reps": {"2"}, "ensemble": {"mine/plausible.yaml"}})
	events := f.follow(id, nil)
	st := events[len(events)-1].St
	if st.State != stateDone {
		t.Fatalf("job ended %+v, want done", st)
	}
	// mmc-six changes the capacity the baselines set: 6/5 of each.
	note := "mmc-six.yaml changes sites.main.beds.capacity (5 → 6), which the plausible baselines also set: applied to each as ×1.2"
	if _, page := f.get(st.Results); !strings.Contains(page, "<li>"+note+"</li>") {
		t.Errorf("the results page does not note the adjustment %q:\n%s", note, page)
	}
	dir := filepath.Join(f.s.cfg.ResultsDir, id)
	if b, err := os.ReadFile(filepath.Join(dir, experiment.PlausibleYAML)); err != nil || string(b) != text {
		t.Errorf("the job's copy of the ensemble: %q, %v; want the library's file", b, err)
	}
	for _, row := range readCSV(t, filepath.Join(dir, experiment.EnsembleComparisonCSV)) {
		if row["points"] != "2" || row["reps"] != "2" {
			t.Fatalf("row %v: want 2 points of 2 replications", row)
		}
	}
	resp, body := f.post("/runs/", url.Values{"base": {"mmc"}, "alt": {"mmc-shorter"}, "ensemble": {"mine/../x.yaml"}, "csrf": {testToken}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "not an ensemble file of the library") {
		t.Errorf("a refused library id: %d\n%s", resp.StatusCode, body)
	}
}

// TestEnsembleJobPricesTheSaving: a priced base (a costs section) gives
// the ensemble results page a money sentence under each answer, with the
// net saving of ensemble-comparison.csv's system cost_total row scaled to
// a year; an unpriced one has none.
func TestEnsembleJobPricesTheSaving(t *testing.T) {
	f := ensembleFixture(t)
	data, err := os.ReadFile(f.files["mmc"])
	if err != nil {
		t.Fatal(err)
	}
	priced := filepath.Join(t.TempDir(), "mmc-priced.yaml")
	writeFile(t, priced, strings.Replace(string(data), "name: mmc\n", "name: mmc-priced\n", 1)+
		"costs: {currency: GBP, price_year: 2024/25, bed_day: 500}   # estimate: a test's prices\n")
	faster := filepath.Join(t.TempDir(), "mmc-priced-faster.yaml")
	writeFile(t, faster, "extends: "+priced+"\nname: mmc-priced-faster\n"+
		"sites:\n  main:\n    beds:\n      los: {dist: exponential, mean: 0.8h}   # estimate: a test's change\n")
	f.files["mmc-priced"], f.files["mmc-priced-faster"] = priced, faster

	id := f.submit(url.Values{"base": {"mmc-priced"}, "alt": {"mmc-priced-faster"}, "reps": {"2"}, "seed": {"7"},
		"ensemble": {matchDir}})
	events := f.follow(id, nil)
	last := events[len(events)-1].St
	if last.State != stateDone {
		t.Fatalf("job ended %+v", last)
	}
	_, page := f.get(last.Results)
	var net float64
	found := false
	for _, row := range readCSV(t, filepath.Join(f.s.cfg.ResultsDir, id, experiment.EnsembleComparisonCSV)) {
		if row["metric"] == metric.CostTotal && row["site"] == "all" {
			net, found = parseFloat(t, row["saving_mean"]), true
		}
	}
	if !found {
		t.Fatal("ensemble-comparison.csv has no system cost_total row for a priced comparison")
	}
	sc, err := scenario.Load(priced)
	if err != nil {
		t.Fatal(err)
	}
	days := (sc.Horizon - sc.Warmup).Days()
	want := `<p class="money">net saving ` + metric.Money.Value(net*365/days) + " a year:"
	if !strings.Contains(page, want) || !strings.Contains(page, "it saves money at 3 of 3") {
		t.Errorf("the page lacks %q (and saving money at 3 of 3):\n%s", want, page)
	}

	id = f.submit(url.Values{"base": {"mmc"}, "alt": {"mmc-faster"}, "reps": {"2"}, "seed": {"7"}, "ensemble": {matchDir}})
	events = f.follow(id, nil)
	if _, page := f.get(events[len(events)-1].St.Results); strings.Contains(page, `class="money"`) {
		t.Error("an unpriced comparison's page has a money sentence")
	}
}
