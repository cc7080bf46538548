package runs

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testToken is the CSRF token the test server's CheckWrite accepts.
const testToken = "token-for-tests"

// fixture is a Server under test behind a real HTTP server (so that
// server-sent events stream as they would to a browser), with a client
// that does not follow redirects.
type fixture struct {
	t      *testing.T
	s      *Server
	ts     *httptest.Server
	client *http.Client
	files  map[string]string // scenario names the form may give
}

// newFixture starts a Server on a fresh results directory. Its scenarios
// are mmc (the shipped M/M/5 example) and mmc-shorter (mmc with stays
// shortened by a tenth).
func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	mmc, err := filepath.Abs(filepath.Join("..", "..", "..", "scenarios", "examples", "mmc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	alt := filepath.Join(t.TempDir(), "mmc-shorter.yaml")
	writeFile(t, alt, "extends: "+mmc+"\n"+
		"name: mmc-shorter\n"+
		"description: mmc with stays a tenth shorter\n"+
		"sites:\n  main:\n    beds:\n      los: {dist: exponential, mean: 0.9h}   # estimate: a test's change\n")
	f := &fixture{t: t, files: map[string]string{"mmc": mmc, "mmc-shorter": alt}}
	cfg := Config{
		ResultsDir: filepath.Join(t.TempDir(), "results"),
		ResolveScenario: func(name string) (string, error) {
			if p, ok := f.files[name]; ok {
				return p, nil
			}
			return "", errors.New("no such scenario in the library")
		},
		CheckWrite: func(r *http.Request) error {
			if r.PostForm.Get("csrf") != testToken {
				return errors.New("the form's CSRF token is missing or wrong")
			}
			return nil
		},
		CSRFToken: func(*http.Request) string { return testToken },
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.s = s
	f.ts = httptest.NewServer(s)
	f.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	t.Cleanup(func() {
		f.ts.Close()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return f
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// get fetches path and returns the response with its body read.
func (f *fixture) get(path string) (*http.Response, string) {
	f.t.Helper()
	return f.read(f.client.Get(f.ts.URL + path))
}

// post submits form to path.
func (f *fixture) post(path string, form url.Values) (*http.Response, string) {
	f.t.Helper()
	return f.read(f.client.PostForm(f.ts.URL+path, form))
}

// read reads a response's body.
func (f *fixture) read(resp *http.Response, err error) (*http.Response, string) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, string(body)
}

// submit starts a job and returns its ID, failing unless the server
// answers 303 to the job's page.
func (f *fixture) submit(form url.Values) string {
	f.t.Helper()
	if !form.Has("csrf") {
		form.Set("csrf", testToken)
	}
	resp, body := f.post("/runs/", form)
	if resp.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("POST /runs/ %v: status %d, want 303:\n%s", form, resp.StatusCode, body)
	}
	loc := resp.Header.Get("Location")
	id, ok := strings.CutPrefix(loc, "/runs/")
	if !ok || id == "" || strings.Contains(id, "/") {
		f.t.Fatalf("POST /runs/: Location %q, want /runs/{id}", loc)
	}
	return id
}

// sseEvent is one server-sent event.
type sseEvent struct {
	Name string
	St   status
}

// follow reads job id's events until its done event, calling each (if
// not nil) on every event as it arrives, and returns them all.
func (f *fixture) follow(id string, each func(sseEvent)) []sseEvent {
	f.t.Helper()
	resp, err := f.client.Get(f.ts.URL + "/runs/" + id + "/events")
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var events []sseEvent
	for ev := range readEvents(f.t, resp) {
		events = append(events, ev)
		if each != nil {
			each(ev)
		}
		if ev.Name == "done" {
			return events
		}
	}
	f.t.Fatalf("events of %s ended without a done event; got %v", id, events)
	return nil
}

// readEvents yields the server-sent events of resp as they arrive.
func readEvents(t *testing.T, resp *http.Response) iter.Seq[sseEvent] {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("events: %d, Content-Type %q, want 200 text/event-stream", resp.StatusCode, ct)
	}
	return func(yield func(sseEvent) bool) {
		var ev sseEvent
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.St); err != nil {
					t.Errorf("event data %q: %v", line, err)
					return
				}
			case line == "" && ev.Name == "":
				// The end of a comment (a keep-alive), not of an event.
			case line == "":
				if !yield(ev) {
					return
				}
				ev = sseEvent{}
			}
		}
	}
}
