package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/web"
)

// TestSweepThroughTheApp submits the sweep page's form as the app serves
// it (its CSRF token, the app's origin) to the runs queue, which runs the
// sweep to its results page; the same form from another origin or
// without the token is refused.
func TestSweepThroughTheApp(t *testing.T) {
	ts, do := startApp(t, web.Config{Shipped: "../../../scenarios", Mine: filepath.Join(t.TempDir(), "mine"),
		Results: filepath.Join(t.TempDir(), "results")})
	resp, page := do("GET", "/sweep/?base=shipped/examples/mmc.yaml", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("sweep page: %d\n%s", resp.StatusCode, page)
	}
	token := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("sweep page has no CSRF token:\n%s", page)
	}
	form := url.Values{"csrf": {token[1]}, "kind": {"sweep"}, "base": {"shipped/examples/mmc.yaml"},
		"path": {"sites.main.beds.capacity"}, "values": {"5,6,7"}, "reps": {"2"}, "metric": {"bed_days"}, "site": {"all"}}

	for name, c := range map[string]struct {
		origin string
		csrf   string
	}{"another origin": {"http://evil.example", token[1]}, "no token": {ts.URL, ""}, "a wrong token": {ts.URL, "00" + token[1][2:]}} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("csrf", c.csrf)
		if resp, body := do("POST", "/runs/", c.origin, f); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403:\n%s", name, resp.StatusCode, body)
		}
	}

	resp, body := do("POST", "/runs/", ts.URL, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sweep: %d, want 303:\n%s", resp.StatusCode, body)
	}
	job := resp.Header.Get("Location")
	// The job's event stream ends with its done event.
	if _, events := do("GET", job+"/events", "", nil); !strings.Contains(events, "event: done") || !strings.Contains(events, `"state":"done"`) {
		t.Fatalf("sweep did not end done:\n%s", events)
	}
	_, status := do("GET", job, "", nil)
	m := regexp.MustCompile(`<a href="([^"]+)">Open the results</a>`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("status page of the finished sweep links no results:\n%s", status)
	}
	results := strings.ReplaceAll(m[1], "&amp;", "&")
	resp, body = do("GET", results, "", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `<img src="./figures/curve.svg?metric=bed_days&amp;site=all"`) ||
		strings.Count(body, `data-mean=`) != 3 {
		t.Errorf("results %s: %d, want the curve of 3 points:\n%s", results, resp.StatusCode, body)
	}
}

// doFunc sends a request to the app under test: method, path, the Origin
// header (for a form) and the form (nil: none), and returns the response
// with its body read.
type doFunc func(method, path, origin string, form url.Values) (*http.Response, string)

// startApp serves the app of cfg on a test server and returns it with a
// client's doFunc that does not follow redirects.
func startApp(t *testing.T, cfg web.Config) (*httptest.Server, doFunc) {
	t.Helper()
	a, err := New(Config{Web: cfg, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(a)
	t.Cleanup(func() {
		ts.Close()
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return ts, func(method, path, origin string, form url.Values) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", origin)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
}
