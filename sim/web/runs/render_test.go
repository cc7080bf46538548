package runs

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAppLayout hands the pages to Config.Page, as flowsim serve does to
// put them in the app's layout: the content comes without a layout of
// its own, and a running job's page still refreshes without JavaScript.
func TestAppLayout(t *testing.T) {
	type call struct {
		status int
		title  string
		body   template.HTML
	}
	var calls []call
	f := newFixture(t, func(c *Config) {
		c.Page = func(w http.ResponseWriter, status int, title string, body template.HTML) {
			calls = append(calls, call{status, title, body})
			w.WriteHeader(status)
			w.Write([]byte("<app>" + string(body) + "</app>"))
		}
	})
	b := newBlocking(f)
	id := f.submit(url.Values{"base": {"mmc"}})
	<-b.started
	resp, page := f.get("/runs/" + id)
	if resp.StatusCode != http.StatusOK || len(calls) != 1 || calls[0].title != "Run of mmc" {
		t.Fatalf("status page through Config.Page: %d, calls %+v", resp.StatusCode, calls)
	}
	body := string(calls[0].body)
	if strings.Contains(body, "<html") || !strings.HasPrefix(page, "<app>") {
		t.Errorf("content brings a layout of its own, or did not go through Page:\n%s", page)
	}
	for _, want := range []string{`<noscript><meta http-equiv="refresh" content="2"></noscript>`, `<script src="/runs/progress.js" defer></script>`, "running: starting"} {
		if !strings.Contains(body, want) {
			t.Errorf("running job's page lacks %q:\n%s", want, body)
		}
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("running job's page: Cache-Control %q, want no-store", cc)
	}
	if resp, _ := f.get("/results/nothing-here/"); resp.StatusCode != http.StatusNotFound || calls[len(calls)-1].status != http.StatusNotFound {
		t.Errorf("a missing run through Config.Page: %d, calls %+v", resp.StatusCode, calls[len(calls)-1])
	}
	close(b.gate(id))
	f.follow(id, nil)
	f.get("/runs/" + id)
	if body := string(calls[len(calls)-1].body); strings.Contains(body, "refresh") || strings.Contains(body, "progress.js") {
		t.Errorf("a finished job's page still refreshes:\n%s", body)
	}
}
