package web

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/report"
)

// shipped is the repository's scenarios, which the tests only read.
const shipped = "../../scenarios"

const testHost = "127.0.0.1:8080"

func newServer(t *testing.T) (*Server, string) {
	t.Helper()
	mine := filepath.Join(t.TempDir(), "mine")
	s, err := New(Config{Shipped: shipped, Mine: mine, Results: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return s, mine
}

// get requests path from s as a browser on the app's own page would.
func get(t *testing.T, s http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", "http://"+testHost+path, nil)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// post submits form to path with the app's Origin and, unless token is
// empty, its CSRF token in the csrf field.
func post(t *testing.T, s http.Handler, path string, form url.Values, token string) *httptest.ResponseRecorder {
	t.Helper()
	if token != "" {
		form.Set("csrf", token)
	}
	r := httptest.NewRequest("POST", "http://"+testHost+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "http://"+testHost)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestLibraryListsScenariosWithTheirChanges(t *testing.T) {
	s, _ := newServer(t)
	w := get(t, s, "/")
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		`href="/scenario/shipped/notts/baseline.yaml"`,
		`href="/scenario/shipped/notts/p2p3-capacity.yaml"`,
		`href="/scenario/shipped/examples/mmc.yaml"`,
		"About 15% more p2 beds and p3 placements at every site", // p2p3-capacity's description
		// p2p3-capacity changes QMC's p2 from the baseline's capacity to its own.
		"<code>sites.qmc.pathways.p2.capacity</code></th><td>" + strconv.Itoa(shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2")) +
			"</td><td>" + strconv.Itoa(shippedCapacity(t, "notts/p2p3-capacity.yaml", "qmc", "p2")) + "</td>",
		"My scenarios",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("library lacks %q", want)
		}
	}
	// Calibration targets and priors are not scenarios.
	if strings.Contains(body, "targets.yaml") || strings.Contains(body, "priors.yaml") {
		t.Error("library lists calibration files")
	}
	// Each shipped intervention lists exactly the settings its own file
	// sets (six pathway capacities for p2p3-capacity).
	e, _ := describe(ref{Kind: kindShipped, Rel: "notts/p2p3-capacity.yaml", Path: filepath.Join(shipped, "notts/p2p3-capacity.yaml")})
	if len(e.Changes) != 6 {
		t.Errorf("p2p3-capacity: %d changes, want 6: %+v", len(e.Changes), e.Changes)
	}
}

func TestSymlinkedDirectoriesAreListed(t *testing.T) {
	abs, err := filepath.Abs(shipped)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "scenarios")
	if err := os.Symlink(abs, link); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Shipped: link, Mine: filepath.Join(t.TempDir(), "mine")})
	if err != nil {
		t.Fatal(err)
	}
	if body := get(t, s, "/").Body.String(); !strings.Contains(body, `href="/scenario/shipped/notts/baseline.yaml"`) {
		t.Error("a symlinked shipped directory lists nothing")
	}
	if w := get(t, s, "/scenario/shipped/notts/baseline.yaml"); w.Code != 200 {
		t.Errorf("baseline through a symlinked directory: %d", w.Code)
	}
}

func TestScenarioPageHasDiagramAndEveryParameter(t *testing.T) {
	s, _ := newServer(t)
	w := get(t, s, "/scenario/shipped/notts/baseline.yaml")
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	// The diagram states the capacities the baseline sets.
	for _, want := range []string{"<svg", "1100 beds", "550 beds", "630 beds", fmt.Sprintf("%d places", shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2")), "30 chairs", "38 staff, 5 days", "70 places", "virtual ward, 70 places"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Every setting the files write has an input named after its path,
	// labelled, with its source comment.
	src, err := report.ReadSources(filepath.Join(shipped, "notts/baseline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range src.Params {
		if p.Section || p.Path == "name" || p.Path == "description" {
			continue
		}
		n++
		id := fieldID(p.Path)
		if !strings.Contains(body, `<label for="`+id+`">`) || !strings.Contains(body, `name="v:`+p.Path+`"`) {
			t.Errorf("no labelled input for %s", p.Path)
		}
	}
	if got := strings.Count(body, `<div class="field`) - strings.Count(body, ` unset" data-path=`); got != n {
		t.Errorf("%d set fields, want %d", got, n)
	}
	// Settings the files leave at their defaults are offered too, from
	// the schema: a pathway's los_scale, City's (absent) ED, a cohort's
	// readmission window, with their defaults.
	for _, want := range []string{
		`<div class="field unset" data-path="sites.qmc.pathways.p2.los_scale">`,
		`<div class="field unset" data-path="sites.city.ed.decision">`,
		`<div class="field unset" data-path="cohorts.fit.readmit_within">`,
		"not set in the files: the default, 30d, applies",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Nothing is offered twice, nor under a setting written whole.
	for _, dup := range []string{`data-path="sites.qmc.pathways.p2.los.dist"`, `data-path="sites.qmc.pathways"`} {
		if strings.Contains(body, dup) {
			t.Errorf("page offers %s", dup)
		}
	}
	// Types from the schema: an integer capacity, an enum, a duration.
	for _, want := range []string{
		`name="v:sites.qmc.pathways.p2.capacity" type="number" step="1" value="` + strconv.Itoa(shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2")) + `"`,
		`name="v:cohorts.fit.share" type="number" step="any"`,
		`<select id="f-sites--qmc--hub--days" name="v:sites.qmc.hub.days"`,
		"duration: a number and a unit",
		"capacity is the places that can be in use at once",
		"whole number · 0 to 1000000",
		"a Monday; with the warm-up below", // start's source comment
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The run form posts to the runs handler with the agreed fields.
	for _, want := range []string{`action="/runs/"`, `name="base" value="shipped/notts/baseline.yaml"`, `name="alt"`, `name="reps"`, `name="seed"`, `name="csrf" value="` + s.CSRFToken() + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("run form lacks %q", want)
		}
	}
}

func TestEveryPageSendsSecurityHeaders(t *testing.T) {
	s, _ := newServer(t)
	for _, path := range []string{"/", "/scenario/shipped/notts/baseline.yaml", "/static/app.css", "/static/app.js", "/runs/", "/results/"} {
		w := get(t, s, path)
		if w.Code >= 500 && w.Code != http.StatusNotImplemented || w.Code == 404 {
			t.Errorf("%s: status %d", path, w.Code)
		}
		csp := w.Header().Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") && strings.Contains(w.Body.String(), " style=") {
			t.Errorf("%s: an inline style attribute, which the CSP blocks", path)
		}
	}
	if w := get(t, s, "/static/app.css"); !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("app.css served as %q", w.Header().Get("Content-Type"))
	}
}

func TestForeignHostRefused(t *testing.T) {
	s, _ := newServer(t)
	r := httptest.NewRequest("GET", "http://attacker.example/", nil)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusMisdirectedRequest {
		t.Errorf("rebound host: status %d, want 421", w.Code)
	}
	for _, h := range []string{"localhost:8080", "127.0.0.1:9", "[::1]:8080", "127.0.0.2"} {
		r := httptest.NewRequest("GET", "http://"+h+"/", nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Errorf("host %s: status %d", h, w.Code)
		}
	}
}

// rawGet sends target as the request line's path, byte for byte, to a
// real server, so that no client library cleans or re-encodes it.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestTraversalRefused(t *testing.T) {
	s, mine := newServer(t)
	outside := filepath.Join(filepath.Dir(mine), "secret.yaml")
	const secret = "TOP-SECRET-CONTENT"
	if err := os.WriteFile(outside, []byte("# "+secret+"\nsites: {a: {beds: {capacity: 1}}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(mine, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(mine), filepath.Join(mine, "up")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{
		"/scenario/mine/../secret.yaml",                         // dot-dot
		"/scenario/shipped/../../sim/web/server.go",             // dot-dot out of shipped
		"/scenario/mine/%2e%2e/secret.yaml",                     // encoded
		"/scenario/mine/%2E%2E%2Fsecret.yaml",                   // encoded, slash too
		"/scenario/mine/%252e%252e/secret.yaml",                 // double-encoded
		"/scenario/mine/%252e%252e%252fsecret.yaml",             // double-encoded slash
		"/scenario/mine/" + url.PathEscape(outside),             // absolute, encoded
		"/scenario/mine//" + strings.TrimPrefix(outside, "/"),   // absolute, empty segment
		"/scenario/mine/..%5csecret.yaml",                       // backslash
		"/scenario/mine/..\\secret.yaml",                        // literal backslash
		"/scenario/mine/link.yaml",                              // symlink to a file outside
		"/scenario/mine/up/secret.yaml",                         // symlinked directory outside
		"/scenario/mine/secret.yaml%00.yaml",                    // NUL
		"/scenario/mine/.hidden.yaml",                           // dot file
		"/scenario/other/secret.yaml",                           // unknown directory
		"/static/../scenario/mine/../secret.yaml",               // through the static files
		"/static/%2e%2e/server.go",                              // encoded, static
		"/scenario/shipped/notts/calibration/../../../go.mod",   // deep dot-dot
		"/scenario/shipped/notts/baseline.yaml/../../../go.mod", // dot-dot after a file
	} {
		code, body := rawGet(t, addr, target)
		if code < 400 || code >= 500 {
			t.Errorf("%q: status %d, want 4xx", target, code)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "package web") || strings.Contains(body, "module github.com") {
			t.Errorf("%q: response shows file contents: %.200s", target, body)
		}
	}
	// Names in forms are confined the same way.
	for _, base := range []string{"mine/../secret.yaml", "mine/link.yaml", "shipped//etc/passwd", "mine/%2e%2e/secret.yaml", "mine/up/secret.yaml", "/etc/passwd", "mine/a\x00.yaml"} {
		w := post(t, s, "/validate", url.Values{"base": {base}}, s.CSRFToken())
		if w.Code < 400 || w.Code >= 500 || strings.Contains(w.Body.String(), secret) {
			t.Errorf("validate base=%q: status %d, body %.200s", base, w.Code, w.Body)
		}
	}
}

func TestWritesNeedOriginAndToken(t *testing.T) {
	s, mine := newServer(t)
	form := func() url.Values {
		return url.Values{"base": {"shipped/notts/baseline.yaml"}, "v:sites.qmc.pathways.p2.capacity": {"130"},
			"g:sites.qmc.pathways.p2.capacity": {"E"}, "c:sites.qmc.pathways.p2.capacity": {"plan"}, "name": {"x"}, "action": {"save"}}
	}
	cases := []struct {
		name   string
		origin string
		token  string
		method string
	}{
		{"no origin", "", s.CSRFToken(), "POST"},
		{"other origin", "http://evil.example", s.CSRFToken(), "POST"},
		{"other port", "http://127.0.0.1:9999", s.CSRFToken(), "POST"},
		{"no token", "http://" + testHost, "", "POST"},
		{"wrong token", "http://" + testHost, otherToken(s.CSRFToken()), "POST"},
	}
	for _, c := range cases {
		for _, path := range []string{"/validate", "/scenario/shipped/notts/baseline.yaml", "/runs/"} {
			f := form()
			if c.token != "" {
				f.Set("csrf", c.token)
			}
			r := httptest.NewRequest(c.method, "http://"+testHost+path, strings.NewReader(f.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if c.origin != "" {
				r.Header.Set("Origin", c.origin)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != http.StatusForbidden {
				t.Errorf("%s %s: status %d, want 403", c.name, path, w.Code)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(mine, "x.yaml")); err == nil {
		t.Error("a refused save wrote its file")
	}
	// The same request with the app's origin and token is accepted.
	if w := post(t, s, "/scenario/shipped/notts/baseline.yaml", form(), s.CSRFToken()); w.Code != http.StatusSeeOther {
		t.Errorf("good save: status %d: %s", w.Code, w.Body)
	}
	// A Referer of the app's own origin stands in for a missing Origin.
	r := httptest.NewRequest("POST", "http://"+testHost+"/validate", nil)
	r.Header.Set("Referer", "http://"+testHost+"/scenario/shipped/notts/baseline.yaml")
	r.Header.Set("X-CSRF-Token", s.CSRFToken())
	if err := s.CheckWrite(r); err != nil {
		t.Errorf("same-origin Referer refused: %v", err)
	}
}

// otherToken is tok with its first digit changed.
func otherToken(tok string) string {
	if tok[0] == '0' {
		return "1" + tok[1:]
	}
	return "0" + tok[1:]
}

func TestBodyBounded(t *testing.T) {
	s, _ := newServer(t)
	big := "base=shipped/notts/baseline.yaml&v:horizon=" + strings.Repeat("9", MaxBody)
	for _, chunked := range []bool{false, true} {
		r := httptest.NewRequest("POST", "http://"+testHost+"/validate", strings.NewReader(big))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "http://"+testHost)
		r.Header.Set("X-CSRF-Token", s.CSRFToken())
		if chunked {
			r.ContentLength = -1
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge && w.Code != http.StatusBadRequest {
			t.Errorf("chunked=%v: %d-byte body: status %d, want 413", chunked, len(big), w.Code)
		}
	}
}

func TestNoProgramIsStarted(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "os/exec" || p == "plugin" || p == "syscall" {
				t.Errorf("%s imports %s: only flowsim's own engine may run", f, p)
			}
		}
	}
}

// The run handler (Config.Runs) gets /runs/ and /results/, and shares the
// app's write check and layout.
func TestRunsHandlerMounted(t *testing.T) {
	var s *Server
	runs := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if err := s.CheckWrite(r); err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			s.Page(w, http.StatusAccepted, "Queued", "<p>queued "+template.HTML(template.HTMLEscapeString(strings.Join(r.PostForm["alt"], ",")))+"</p>")
			return
		}
		s.Page(w, http.StatusOK, "Runs", template.HTML("<p>path "+template.HTMLEscapeString(r.URL.Path)+"</p>"))
	})
	s, err := New(Config{Shipped: shipped, Mine: t.TempDir(), Runs: runs})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/runs/", "/results/some-run/"} {
		w := get(t, s, path)
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "<p>path "+path+"</p>") || !strings.Contains(body, `href="/static/app.css"`) {
			t.Errorf("%s: %d %s", path, w.Code, body)
		}
	}
	form := url.Values{"base": {baseID}, "alt": {"shipped/notts/p2p3-capacity.yaml", "shipped/notts/vw-expansion.yaml"}, "reps": {"4"}}
	if w := post(t, s, "/runs/", form, ""); w.Code != http.StatusForbidden {
		t.Errorf("run without token: %d", w.Code)
	}
	w := post(t, s, "/runs/", form, s.CSRFToken())
	if w.Code != http.StatusAccepted || !strings.Contains(w.Body.String(), "queued shipped/notts/p2p3-capacity.yaml,shipped/notts/vw-expansion.yaml") {
		t.Errorf("run: %d %s", w.Code, w.Body)
	}
}
