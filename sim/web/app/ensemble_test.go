package app

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/web"
)

// TestEnsembleThroughTheApp finds a finished history match in the results
// directory on the scenario page's run form, submits the form with it
// (the app's token and origin) to compare mmc with a planner's
// alternative across its plausible baselines, and opens the results page.
func TestEnsembleThroughTheApp(t *testing.T) {
	mmc, err := filepath.Abs("../../../scenarios/examples/mmc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mine, results := filepath.Join(t.TempDir(), "mine"), filepath.Join(t.TempDir(), "results")
	match := filepath.Join(results, "calibrate-mmc-20260101T000000Z")
	for dir, files := range map[string]map[string]string{
		mine: {"mmc-faster.yaml": "extends: " + mmc + "\nname: mmc-faster\n" +
			"sites:\n  main:\n    beds:\n      los: {dist: exponential, mean: 0.8h}   # estimate: a test's change\n"},
		match: {"plausible.yaml": "scenario: " + mmc + "\nmembers:\n" +
			"  - name: a\n    set: [sites.main.beds.capacity=5]\n  - name: b\n    set: [sites.main.beds.capacity=6]\n"},
	} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	ts, do := startApp(t, web.Config{Shipped: "../../../scenarios", Mine: mine, Results: results})

	resp, page := do("GET", "/scenario/shipped/examples/mmc.yaml", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("scenario page: %d\n%s", resp.StatusCode, page)
	}
	if !strings.Contains(page, `<option value="" selected>none: this scenario as written</option><option value="calibrate-mmc-20260101T000000Z">`) {
		t.Fatalf("the run form does not offer the match's plausible baselines, none chosen:\n%s", page)
	}
	token := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatal("scenario page has no CSRF token")
	}
	form := url.Values{"csrf": {token[1]}, "base": {"shipped/examples/mmc.yaml"}, "alt": {"mine/mmc-faster.yaml"},
		"reps": {"2"}, "ensemble": {"calibrate-mmc-20260101T000000Z"}}
	resp, body := do("POST", "/runs/", ts.URL, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ensemble: %d, want 303:\n%s", resp.StatusCode, body)
	}
	job := resp.Header.Get("Location")
	if _, events := do("GET", job+"/events", "", nil); !strings.Contains(events, `"state":"done"`) {
		t.Fatalf("the ensemble job did not end done:\n%s", events)
	}
	_, status := do("GET", job, "", nil)
	m := regexp.MustCompile(`<a href="([^"]+)">Open the results</a>`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("status page of the finished job links no results:\n%s", status)
	}
	resp, body = do("GET", m[1], "", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `data-alternative="mmc-faster"`) ||
		!strings.Contains(body, "mmc-faster saves ") || !strings.Contains(body, "2 plausible baselines") ||
		!strings.Contains(body, `<img src="./figures/savings.svg"`) {
		t.Errorf("results %s: %d, want the headline, 2 baselines and the figure:\n%s", m[1], resp.StatusCode, body)
	}
}
