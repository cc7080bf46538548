package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/web"
)

// webApp is the app as its pages see it: a handler with a CSRF token.
type webApp interface {
	http.Handler
	CSRFToken() string
}

// webPost submits form to the app as its own page would.
func webPost(t *testing.T, s webApp, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	form.Set("csrf", s.CSRFToken())
	r := httptest.NewRequest("POST", "http://127.0.0.1:8080"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "http://127.0.0.1:8080")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// The app and "flowsim validate" accept the same files and say the same
// about the ones they refuse: a saved intervention passes validate, and
// the app's messages for a bad value are validate's, line for line.
func TestServeAgreesWithValidate(t *testing.T) {
	// The planner's folder is outside the repository, so extends: has to
	// climb out to reach the shipped baseline.
	mine := filepath.Join(t.TempDir(), "planner", "mine")
	s, err := web.New(web.Config{Shipped: "../../scenarios", Mine: mine, Results: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	const p2 = "sites.qmc.pathways.p2.capacity"
	w := webPost(t, s, "/scenario/shipped/notts/baseline.yaml", url.Values{
		"action": {"save"}, "name": {"qmc-p2"}, "v:" + p2: {"130"}, "g:" + p2: {"E"}, "c:" + p2: {"planned"},
	})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d: %s", w.Code, w.Body)
	}
	saved := filepath.Join(mine, "qmc-p2.yaml")
	var out, errb bytes.Buffer
	if code := runCLI(context.Background(), []string{"validate", saved}, &out, &errb); code != exitOK {
		t.Fatalf("validate of the saved file: exit %d: %s", code, errb.String())
	}
	if out.String() != saved+": ok\n" {
		t.Errorf("validate said %q", out.String())
	}

	// A negative capacity: the app's messages, then validate's on the
	// file the app would save.
	w = webPost(t, s, "/validate", url.Values{"base": {"shipped/notts/baseline.yaml"}, "name": {"neg"}, "v:" + p2: {"-5"}})
	var c struct {
		Errors []string
		File   string
		YAML   string
	}
	if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Errors) == 0 {
		t.Fatal("no errors for a negative capacity")
	}
	if err := os.WriteFile(c.File, []byte(c.YAML), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := runCLI(context.Background(), []string{"validate", c.File}, &out, &errb); code != exitBadInput {
		t.Fatalf("validate: exit %d", code)
	}
	got := strings.Split(strings.TrimSpace(errb.String()), "\n")
	want := append(append([]string{}, c.Errors...), "flowsim validate: 1 of 1 files invalid")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("validate printed\n%s\nthe app said\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestServeCommand(t *testing.T) {
	for _, c := range []struct {
		addr, url string
		warn      bool
	}{
		{"127.0.0.1:0", `http://127\.0\.0\.1:\d+/`, false},
		// Every interface: reachable from other computers, so warned of,
		// and opened through localhost.
		{"0.0.0.0:0", `http://localhost:\d+/`, true},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb syncBuffer
		done := make(chan int, 1)
		go func() {
			done <- runCLI(ctx, []string{"serve", "--addr", c.addr, "--shipped", "../../scenarios", "--scenarios", t.TempDir(), "--results", t.TempDir()}, &out, &errb)
		}()
		urlRE := regexp.MustCompile(c.url)
		var u string
		for deadline := time.Now().Add(20 * time.Second); u == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			u = urlRE.FindString(out.String())
		}
		if u == "" {
			cancel()
			t.Fatalf("%s: no URL printed: %q %q", c.addr, out.String(), errb.String())
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "Scenario library") {
			t.Errorf("GET %s: %d", u, resp.StatusCode)
		}
		if warned := strings.Contains(errb.String(), "warning: listening on"); warned != c.warn {
			t.Errorf("%s: warned %v, want %v: %q", c.addr, warned, c.warn, errb.String())
		}
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve: exit %d: %s", code, errb.String())
		}
	}
}

func TestServeFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--addr", "nonsense"}, exitUsage, "--addr"},
		{[]string{"serve", "extra"}, exitUsage, "no arguments"},
		{[]string{"serve", "--shipped", "/nonexistent/dir", "--addr", "127.0.0.1:0"}, exitBadInput, "shipped scenarios"},
		{[]string{"serve", "--jobs", "0"}, exitUsage, "--jobs"},
		{[]string{"serve", "--help"}, exitOK, "--scenarios DIR"},
	} {
		var out, errb bytes.Buffer
		if code := runCLI(context.Background(), c.args, &out, &errb); code != c.code || !strings.Contains(out.String()+errb.String(), c.want) {
			t.Errorf("%v: exit %d, want %d with %q: %s%s", c.args, code, c.code, c.want, out.String(), errb.String())
		}
	}
}

// TestServeRunsACompare: the app as flowsim serve builds it runs a
// comparison a planner starts from a scenario page — the library's ids,
// the app's CSRF token — and opens its results with the headline first,
// a figure and the report to download. Without the token nothing runs.
func TestServeRunsACompare(t *testing.T) {
	results := t.TempDir()
	o := serveOptions{shipped: "../../scenarios", scenarios: t.TempDir(), results: results, jobs: 1}
	app, err := o.app(false)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	form := url.Values{"base": {"shipped/examples/mmc.yaml"}, "alt": {"shipped/examples/erlang-loss.yaml"}, "reps": {"2"}, "seed": {"3"}}
	refused := httptest.NewRequest("POST", "http://127.0.0.1:8080/runs/", strings.NewReader(form.Encode()))
	refused.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	app.ServeHTTP(w, refused)
	if w.Code != http.StatusForbidden {
		t.Errorf("a run without the token: %d, want 403", w.Code)
	}
	if w := webPost(t, app, "/runs/", url.Values{"base": {"shipped/../../go.mod"}, "reps": {"2"}}); w.Code < 400 || w.Code >= 500 {
		t.Errorf("a run of a file outside the library: %d, want 4xx", w.Code)
	}
	w = webPost(t, app, "/runs/", form)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("start the compare: %d: %s", w.Code, w.Body)
	}
	job := w.Header().Get("Location")
	get := func(path string) (int, string) {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1:8080"+path, nil))
		return w.Code, w.Body.String()
	}
	id := strings.TrimPrefix(job, "/runs/")
	resultsLink := `href="/results/` + id + `/"`
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		code, body := get(job)
		if code != 200 {
			t.Fatalf("%s: %d", job, code)
		}
		if strings.Contains(body, resultsLink) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the compare did not finish: %s", body)
		}
	}
	code, body := get("/results/" + id + "/")
	if code != 200 {
		t.Fatalf("results page: %d", code)
	}
	headline := strings.Index(body, "erlang-loss saves ")
	table := strings.Index(body, "Key metrics")
	if headline < 0 || table < 0 || headline > table || !regexp.MustCompile(`erlang-loss saves [\d,]+ bed-days .*\(95% CI [\d,]+ to [\d,]+\), about \d+ beds? at 92% occupancy`).MatchString(body) || !strings.Contains(body, `<img src="./figures/`) || !strings.Contains(body, `href="./report.html"`) {
		t.Errorf("results page lacks the headline before the table, a figure or the report:\n%s", body)
	}
	if code, report := get("/results/" + id + "/report.html"); code != 200 || !strings.Contains(report, "erlang-loss") {
		t.Errorf("report.html: %d", code)
	}
	if _, err := os.Stat(filepath.Join(results, id, "comparison.csv")); err != nil {
		t.Errorf("the run directory has no comparison.csv: %v", err)
	}
}

// TestServeStopsWhileARunStreams: interrupting flowsim serve while a long
// run is going and its page's event stream is open stops the run and
// exits cleanly at once, rather than waiting out the shutdown timeout for
// the stream and failing.
func TestServeStopsWhileARunStreams(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runCLI(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--shipped", "../../scenarios", "--scenarios", t.TempDir(), "--results", t.TempDir()}, &out, &errb)
	}()
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		base = urlRE.FindString(out.String())
	}
	if base == "" {
		t.Fatalf("no URL printed: %q %q", out.String(), errb.String())
	}
	resp, err := http.Get(base + "/scenario/shipped/notts/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if token == nil {
		t.Fatal("no CSRF token on the scenario page")
	}
	form := url.Values{"csrf": {string(token[1])}, "base": {"shipped/notts/baseline.yaml"}, "reps": {"50"}}
	req, _ := http.NewRequest("POST", base+"/runs/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	job := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || job == "" {
		t.Fatalf("start a run: %d", resp.StatusCode)
	}
	stream, err := http.Get(base + job + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	first := make([]byte, 64)
	if _, err := stream.Body.Read(first); err != nil {
		t.Fatalf("no event from the stream: %v", err)
	}
	start := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exit %d after an interrupt with a stream open: %s", code, errb.String())
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("serve took %v to stop: it waited for the stream", d)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
