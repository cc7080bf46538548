package runs

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWritesNeedCheckWrite(t *testing.T) {
	f := newFixture(t, nil)
	b := newBlocking(f)
	// A form without the token, or with another, starts nothing.
	for _, token := range []string{"", "forged"} {
		resp, body := f.post("/runs/", url.Values{"base": {"mmc"}, "csrf": {token}})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF token is missing or wrong") {
			t.Errorf("submit with token %q: %d, want 403 saying why\n%s", token, resp.StatusCode, body)
		}
	}
	if n := len(f.s.jobs); n != 0 {
		t.Fatalf("%d jobs after refused submissions", n)
	}
	id := f.submit(url.Values{"base": {"mmc"}})
	<-b.started
	for _, action := range []string{"cancel", "resume"} {
		if resp, _ := f.post("/runs/"+id+"/"+action, url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s with a forged token: %d, want 403", action, resp.StatusCode)
		}
	}
	if st := f.first(id); st.State != stateRunning {
		t.Errorf("job after a refused cancel: %s, want running", st.State)
	}
	close(b.gate(id))

	// Without a CheckWrite, every write is refused.
	g := newFixture(t, func(c *Config) { c.CheckWrite = nil })
	if resp, _ := g.post("/runs/", url.Values{"base": {"mmc"}, "csrf": {testToken}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("submit with no CheckWrite: %d, want 403", resp.StatusCode)
	}
	if _, page := g.get("/runs/"); strings.Contains(page, "<form") {
		t.Errorf("the runs page offers a form that cannot be sent")
	}
}

func TestBadForms(t *testing.T) {
	f := newFixture(t, nil)
	newBlocking(f) // nothing may start
	many := url.Values{"base": {"mmc"}}
	for range maxAlternatives + 1 {
		many.Add("alt", "mmc-shorter")
	}
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no base", url.Values{}, "base: choose a scenario"},
		{"unknown base", url.Values{"base": {"../../etc/passwd"}}, `base &#34;../../etc/passwd&#34;: no such scenario`},
		{"unknown alt", url.Values{"base": {"mmc"}, "alt": {"nope"}}, `alt &#34;nope&#34;: no such scenario`},
		{"zero reps", url.Values{"base": {"mmc"}, "reps": {"0"}}, "reps: want a whole number of replications from 1 to 100000"},
		{"too many reps", url.Values{"base": {"mmc"}, "reps": {"100001"}}, "reps: want"},
		{"reps not a number", url.Values{"base": {"mmc"}, "reps": {"2.5"}}, "reps: want"},
		{"negative seed", url.Values{"base": {"mmc"}, "seed": {"-1"}}, "seed: want a whole number"},
		{"too many alternatives", many, "at most 16 alternatives"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.form.Set("csrf", testToken)
			resp, body := f.post("/runs/", c.form)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, c.want) {
				t.Errorf("%d, want 400 with %q:\n%s", resp.StatusCode, c.want, body)
			}
		})
	}
	if n := len(f.s.jobs); n != 0 {
		t.Errorf("%d jobs after bad forms", n)
	}
}

func TestBodyBounded(t *testing.T) {
	f := newFixture(t, nil)
	newBlocking(f)
	body := "csrf=" + testToken + "&base=mmc&alt=" + strings.Repeat("x", MaxBody)
	resp, err := f.client.Post(f.ts.URL+"/runs/", "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over %d bytes: %d, want 413", MaxBody, resp.StatusCode)
	}
}

func TestMethodsAndUnknownPaths(t *testing.T) {
	f := newFixture(t, nil)
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/runs/20260101T000000Z-aaaaaaaaaaaaaaaa", http.StatusNotFound},
		{http.MethodGet, "/runs/20260101T000000Z-aaaaaaaaaaaaaaaa/events", http.StatusNotFound},
		{http.MethodPost, "/runs/20260101T000000Z-aaaaaaaaaaaaaaaa/cancel", http.StatusNotFound},
		{http.MethodGet, "/runs/x/cancel", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/runs/", http.StatusMethodNotAllowed},
		{http.MethodPost, "/results/", http.StatusMethodNotAllowed},
		{http.MethodGet, "/results/missing/", http.StatusNotFound},
		{http.MethodGet, "/runs/a/b/c", http.StatusNotFound},
		{http.MethodGet, "/elsewhere", http.StatusNotFound},
	} {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader("csrf="+testToken))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, req)
		if w.Code != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, w.Code, c.want)
		}
	}
	if resp, body := f.get("/runs/progress.js"); resp.StatusCode != http.StatusOK ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(body, "EventSource") {
		t.Errorf("progress.js: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestTraversalRefused asks for files outside a run's downloads in every
// way a path can: none is served, and no answer holds their contents.
func TestTraversalRefused(t *testing.T) {
	f := newFixture(t, nil)
	id := f.submit(url.Values{"base": {"mmc"}, "reps": {"2"}})
	if st := f.follow(id, nil); st[len(st)-1].St.State != stateDone {
		t.Fatalf("run: %+v", st[len(st)-1].St)
	}
	results := f.s.cfg.ResultsDir
	const secret = "TOP SECRET: not a result"
	outside := filepath.Join(filepath.Dir(results), "secret.txt")
	writeFile(t, outside, secret)
	writeFile(t, filepath.Join(results, id, "notes.txt"), secret) // in the run directory, but not a run file

	try := func(path string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		u, err := url.Parse(path)
		if err != nil {
			t.Fatal(err)
		}
		req.URL = u // as sent, not cleaned
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, req)
		if w.Code < 400 && w.Code != http.StatusMovedPermanently || strings.Contains(w.Body.String(), secret) ||
			strings.Contains(w.Body.String(), "root:") {
			t.Errorf("GET %s: %d\n%s", path, w.Code, w.Body.String())
		}
	}
	for _, p := range []string{
		"/results/../secret.txt",
		"/results/%2e%2e/secret.txt",
		"/results/" + id + "/../../secret.txt",
		"/results/" + id + "/..%2f..%2fsecret.txt",
		"/results/" + id + "/%2e%2e%2f%2e%2e%2fsecret.txt",
		"/results/" + id + "/..%5c..%5csecret.txt",
		"/results//etc/passwd",
		"/results/%2fetc%2fpasswd/",
		"/results/" + id + "/%2Fetc%2Fpasswd",
		"/results/" + id + "/" + url.PathEscape(outside),
		"/results/" + id + "/notes.txt",
		"/results/" + id + "/reps",
		"/results/" + id + "/reps%2Frun.json",
		"/results/" + id + "/reps/run.json",
		"/results/" + id + "/.manifest.json.tmp",
		"/results/" + id + "/summary.csv%00",
		"/runs/..%2f" + id,
		"/results/" + id + "/figures/..%2fsummary.csv",
		"/results/" + id + "/figures/../../secret.txt",
		"/results/" + id + "/reps/..",
	} {
		try(p)
	}

	// Links are never followed: a run directory that is a link to a run,
	// and a run file that is a link out of the results.
	if err := os.Symlink(filepath.Join(results, id), filepath.Join(results, "linked")); err != nil {
		t.Fatal(err)
	}
	try("/results/linked/")
	try("/results/linked/summary.csv")
	if _, body := f.get("/results/"); strings.Contains(body, "linked") {
		t.Errorf("the results list shows a link")
	}
	summary := filepath.Join(results, id, "summary.csv")
	if err := os.Remove(summary); err != nil {
		t.Fatal(err)
	}
	// os.Root would refuse a link out of the results; this one stays in,
	// relative to the run directory.
	inside := filepath.Join(results, "notarun", "secret.txt")
	if err := os.Mkdir(filepath.Dir(inside), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, inside, secret)
	if err := os.Symlink(filepath.Join("..", "notarun", "secret.txt"), summary); err != nil {
		t.Fatal(err)
	}
	try("/results/" + id + "/summary.csv")
	if resp, body := f.get("/results/" + id + "/"); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "summary.csv is not a regular file") || strings.Contains(body, secret) {
		t.Errorf("results page of a run with a linked file: %d\n%s", resp.StatusCode, body)
	}
	// The other files are still the run's.
	if resp, _ := f.get("/results/" + id + "/manifest.json"); resp.StatusCode != http.StatusOK {
		t.Errorf("manifest.json beside a linked file: %d", resp.StatusCode)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	ok := func(string) (string, error) { return "", errors.New("none") }
	for _, c := range []Config{
		{ResolveScenario: ok},
		{ResultsDir: t.TempDir()},
		{ResultsDir: t.TempDir(), ResolveScenario: ok, MaxRunning: -1},
	} {
		if s, err := New(c); err == nil {
			s.Close()
			t.Errorf("New(%+v) accepted", c)
		}
	}
}
