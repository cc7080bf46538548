package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/scenario"
)

const (
	baseID = "shipped/notts/baseline.yaml"
	p2QMC  = "sites.qmc.pathways.p2.capacity"
)

func validateForm(t *testing.T, s *Server, form url.Values) *checkResult {
	t.Helper()
	form.Set("base", baseID)
	w := post(t, s, "/validate", form, s.CSRFToken())
	if w.Code != 200 {
		t.Fatalf("validate: status %d: %s", w.Code, w.Body)
	}
	var c checkResult
	if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func TestValidateReportsWhatValidateReports(t *testing.T) {
	s, mine := newServer(t)
	c := validateForm(t, s, url.Values{"v:" + p2QMC: {"-5"}, "name": {"neg"}})
	if c.Changed != 1 || len(c.Errors) == 0 {
		t.Fatalf("got %+v, want one change and errors", c)
	}
	// The messages are the loader's for the file where it will be
	// saved, on the line the change is written.
	target := filepath.Join(mine, "neg.yaml")
	line := 0
	for i, l := range strings.Split(c.YAML, "\n") {
		if strings.Contains(l, "capacity: -5") {
			line = i + 1
		}
	}
	_, want := Validate(target, []byte(c.YAML))
	if want == nil || !reflect.DeepEqual(c.Errors, strings.Split(want.Error(), "\n")) {
		t.Errorf("errors %q, want %v", c.Errors, want)
	}
	prefix := target + ":" + strconv.Itoa(line) + ": " + p2QMC + ": "
	if !strings.HasPrefix(c.Errors[0], prefix) {
		t.Errorf("error %q does not start %q", c.Errors[0], prefix)
	}
	if got := c.Fields[p2QMC]; len(got) != 1 || got[0] != c.Errors[0] {
		t.Errorf("errors by field %v, want the error under %s", c.Fields, p2QMC)
	}
	if len(c.Missing) != 1 || c.Missing[0] != p2QMC {
		t.Errorf("missing %v, want the changed setting", c.Missing)
	}
	// No change, no errors; a valid change, no errors.
	if c := validateForm(t, s, url.Values{}); c.Changed != 0 || len(c.Errors) != 0 {
		t.Errorf("unchanged: %+v", c)
	}
	if c := validateForm(t, s, url.Values{"v:" + p2QMC: {"130"}}); c.Changed != 1 || len(c.Errors) != 0 {
		t.Errorf("130: %+v", c)
	}
	// A value that is not YAML, or wrong in kind, is a message, not a 500.
	for _, v := range []string{"{dist: [", "seven", ""} {
		if c := validateForm(t, s, url.Values{"v:" + p2QMC: {v}}); len(c.Errors) == 0 {
			t.Errorf("%q: no error", v)
		}
	}
	if c := validateForm(t, s, url.Values{"v:sites.qmc.hub.hours": {"25:00-17:00"}}); len(c.Errors) == 0 || !strings.Contains(c.Errors[0], "sites.qmc.hub.hours") {
		t.Errorf("bad window: %+v", c.Errors)
	}
}

// shippedCapacity is a p1–p3 service's capacity at a site in a shipped
// scenario, as loaded: the tests expect what the files say today, so a
// refit of the shipped numbers does not break them.
func shippedCapacity(t testing.TB, rel, site, pathway string) int {
	t.Helper()
	sc, err := scenario.Load(filepath.Join(shipped, rel))
	if err != nil {
		t.Fatal(err)
	}
	return sc.Sites[site].Pathways[pathway].Capacity
}

// saveForm is the form that changes QMC's p2 capacity and its
// distribution of stay, with sources, and saves it as name.
func saveForm(t testing.TB, name string) url.Values {
	return url.Values{
		"base": {baseID}, "action": {"save"}, "name": {name}, "description": {"QMC p2 +18 beds"},
		"v:" + p2QMC: {"130"}, "g:" + p2QMC: {"E"}, "c:" + p2QMC: {"plan: 18 more\nrehab beds"},
		"v:sites.qmc.pathways.p2.los": {"{dist: lognormal, median: 28d, p95: 80d}"},
		"g:sites.qmc.pathways.p2.los": {"P/E"}, "c:sites.qmc.pathways.p2.los": {"IPACS, shortened"},
		// Unchanged values come back as they were, with no source.
		"v:sites.city.pathways.p2.capacity": {strconv.Itoa(shippedCapacity(t, "notts/baseline.yaml", "city", "p2"))},
	}
}

func TestSaveWritesAnInterventionThatStatesOnlyTheChange(t *testing.T) {
	s, mine := newServer(t)
	w := post(t, s, "/scenario/"+baseID, saveForm(t, "qmc-p2"), s.CSRFToken())
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/scenario/mine/qmc-p2.yaml?saved=1" {
		t.Fatalf("save: status %d, location %q: %s", w.Code, w.Header().Get("Location"), w.Body)
	}
	path := filepath.Join(mine, "qmc-p2.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly extends, name, description and the two changes.
	var got map[string]any
	if err := yaml.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	rel, _ := inputfile.RelativeTo(mine, filepath.Join(shipped, "notts/baseline.yaml"))
	want := map[string]any{
		"extends": rel, "name": "qmc-p2", "description": "QMC p2 +18 beds",
		"sites": map[string]any{"qmc": map[string]any{"pathways": map[string]any{"p2": map[string]any{
			"capacity": 130, "los": map[string]any{"dist": "lognormal", "median": "28d", "p95": "80d"}}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saved\n%s\nwant %v", data, want)
	}
	for _, c := range []string{"capacity: 130 # E: plan: 18 more rehab beds", "# P/E: IPACS, shortened"} {
		if !strings.Contains(string(data), c) {
			t.Errorf("saved file lacks %q:\n%s", c, data)
		}
	}
	// It loads, from wherever the test runs, to the baseline with the
	// change: QMC's p2 is 130, City's is the baseline's.
	sc, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if g := sc.Sites["qmc"].Pathways["p2"].Capacity; g != 130 {
		t.Errorf("qmc p2 %d, want 130", g)
	}
	if g, want := sc.Sites["city"].Pathways["p2"].Capacity, shippedCapacity(t, "notts/baseline.yaml", "city", "p2"); g != want {
		t.Errorf("city p2 %d, want the baseline's %d", g, want)
	}
	// The library lists it with its change against the baseline.
	lib := get(t, s, "/").Body.String()
	change := "<code>" + p2QMC + "</code></th><td>" + strconv.Itoa(shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2")) + "</td><td>130</td>"
	if !strings.Contains(lib, `href="/scenario/mine/qmc-p2.yaml"`) || !strings.Contains(lib, change) {
		t.Errorf("library does not show the saved change")
	}
	if w := get(t, s, "/scenario/mine/qmc-p2.yaml?saved=1"); w.Code != 200 || !strings.Contains(w.Body.String(), "Saved as") ||
		!strings.Contains(w.Body.String(), change) {
		t.Errorf("saved page: %d", w.Code)
	}
	// Saving the same name again is refused and leaves the file as it was.
	f := saveForm(t, "qmc-p2")
	f.Set("v:"+p2QMC, "140")
	if w := post(t, s, "/scenario/"+baseID, f, s.CSRFToken()); w.Code == http.StatusSeeOther || !strings.Contains(w.Body.String(), "never overwritten") {
		t.Errorf("second save: status %d", w.Code)
	}
	if again, _ := os.ReadFile(path); string(again) != string(data) {
		t.Error("a second save changed the file")
	}
	// An intervention of an intervention extends the saved file.
	f = saveForm(t, "qmc-p2-more")
	f.Set("base", "mine/qmc-p2.yaml")
	f.Set("v:"+p2QMC, "150")
	if w := post(t, s, "/scenario/mine/qmc-p2.yaml", f, s.CSRFToken()); w.Code != http.StatusSeeOther {
		t.Fatalf("save over a saved file: %d: %s", w.Code, w.Body)
	}
	sc, err = scenario.Load(filepath.Join(mine, "qmc-p2-more.yaml"))
	if err != nil || sc.Sites["qmc"].Pathways["p2"].Capacity != 150 || len(sc.Sources) != 3 {
		t.Errorf("chained save: %v, %+v", err, sc)
	}
}

// A setting the files leave at its default can be given a value.
func TestSaveSetsADefault(t *testing.T) {
	s, mine := newServer(t)
	const path = "sites.qmc.pathways.p2.los_scale"
	f := url.Values{"base": {baseID}, "action": {"save"}, "name": {"p2-shorter"},
		"v:" + path: {"0.9"}, "g:" + path: {"E"}, "c:" + path: {"10% shorter rehab stays"},
		"v:sites.qmc.beds.when_full": {""}} // an unset choice left unset
	if w := post(t, s, "/scenario/"+baseID, f, s.CSRFToken()); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d: %s", w.Code, w.Body)
	}
	sc, err := scenario.Load(filepath.Join(mine, "p2-shorter.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if g := sc.Sites["qmc"].Pathways["p2"].LOSScale; g != 0.9 {
		t.Errorf("los_scale %v, want 0.9", g)
	}
	data, _ := os.ReadFile(filepath.Join(mine, "p2-shorter.yaml"))
	if strings.Contains(string(data), "when_full") || !strings.Contains(string(data), "los_scale: 0.9 # E: 10% shorter rehab stays") {
		t.Errorf("saved:\n%s", data)
	}
}

func TestSaveRefusals(t *testing.T) {
	s, mine := newServer(t)
	cases := []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"no grade", func(f url.Values) { f.Del("g:" + p2QMC) }, "needs its source"},
		{"bad grade", func(f url.Values) { f.Set("g:"+p2QMC, "X") }, "needs its source"},
		{"no comment", func(f url.Values) { f.Set("c:"+p2QMC, " ") }, "needs its source"},
		{"invalid", func(f url.Values) { f.Set("v:"+p2QMC, "-1") }, "must be"},
		{"no name", func(f url.Values) { f.Set("name", "") }, "give the intervention a name"},
		{"bad name", func(f url.Values) { f.Set("name", "../up") }, "use lower-case letters"},
		{"nothing changed", func(f url.Values) {
			f.Set("v:"+p2QMC, strconv.Itoa(shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2")))
			f.Set("v:sites.qmc.pathways.p2.los", "{dist: lognormal, median: 32d, p95: 90d}")
		}, "nothing is changed"},
	}
	for _, c := range cases {
		f := saveForm(t, "refused")
		c.edit(f)
		w := post(t, s, "/scenario/"+baseID, f, s.CSRFToken())
		if w.Code == http.StatusSeeOther || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: status %d, body lacks %q", c.name, w.Code, c.want)
		}
	}
	if entries, _ := os.ReadDir(mine); len(entries) != 0 {
		t.Errorf("refused saves left files: %v", entries)
	}
	// A shipped file is never written: its page posts to a save under
	// the planner's directory, whatever the form's name says.
	before, _ := os.ReadFile(filepath.Join(shipped, "notts/baseline.yaml"))
	f := saveForm(t, "baseline")
	if w := post(t, s, "/scenario/"+baseID, f, s.CSRFToken()); w.Code != http.StatusSeeOther {
		t.Fatalf("save as baseline: %d", w.Code)
	}
	after, _ := os.ReadFile(filepath.Join(shipped, "notts/baseline.yaml"))
	if string(before) != string(after) {
		t.Fatal("the shipped baseline was changed")
	}
}

func TestCheckWithoutJavaScript(t *testing.T) {
	s, _ := newServer(t)
	f := saveForm(t, "nojs")
	f.Set("action", "check")
	f.Set("v:"+p2QMC, "-5")
	w := post(t, s, "/scenario/"+baseID, f, s.CSRFToken())
	body := w.Body.String()
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, p2QMC+": must be") {
		t.Errorf("check: status %d", w.Code)
	}
	// The typed values and sources stay in the form.
	for _, want := range []string{`name="v:` + p2QMC + `" type="number" step="1" value="-5"`, `<p class="field-error"><code>`, `value="plan: 18 more`, `value="nojs"`} {
		if !strings.Contains(body, want) {
			t.Errorf("re-shown form lacks %q", want)
		}
	}
}
