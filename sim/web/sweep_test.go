package web

import (
	"strconv"
	"strings"
	"testing"
)

// TestSweepForm: the sweep page of a scenario offers its numeric
// settings (set ones with their values, from the scenario page's
// fields), the metrics with bed_days selected, the sites, and posts a
// sweep to the runs queue with the CSRF token.
func TestSweepForm(t *testing.T) {
	s, _ := newServer(t)
	w := get(t, s, "/sweep/?base=shipped/notts/baseline.yaml&path=sites.qmc.pathways.p2.capacity")
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	p2 := strconv.Itoa(shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2"))
	for _, want := range []string{
		`<form method="post" action="/runs/"`,
		`<input type="hidden" name="csrf" value="` + s.CSRFToken() + `">`,
		`<input type="hidden" name="kind" value="sweep">`,
		`<input type="hidden" name="base" value="shipped/notts/baseline.yaml">`,
		`value="sites.qmc.pathways.p2.capacity" required`, // ?path= fills the setting
		`<option value="sites.qmc.pathways.p2.capacity">now ` + p2 + ` · whole number</option>`,
		`<option value="bed_days" selected>`,
		`<option value="all" selected>all sites</option>`, `<option value="qmc">qmc</option>`,
		`at most 20`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("sweep page lacks %q", want)
		}
	}
	// Only numeric settings: no enum, no distribution.
	for _, bad := range []string{`<option value="sites.qmc.beds.when_full">`, `<option value="sites.qmc.beds.los">`} {
		if strings.Contains(body, bad) {
			t.Errorf("sweep page offers %s, which is not a number", bad)
		}
	}
	if w := get(t, s, "/scenario/shipped/notts/baseline.yaml"); !strings.Contains(w.Body.String(), `href="/sweep/?base=shipped%2fnotts%2fbaseline.yaml"`) {
		t.Error("the scenario page does not link its sweep page")
	}
}

// TestSweepFormRefuses: no base, a base outside the library, and one
// that does not exist are refused without any file's contents.
func TestSweepFormRefuses(t *testing.T) {
	s, _ := newServer(t)
	for path, code := range map[string]int{
		"/sweep/": 400,
		"/sweep/?base=shipped/../../../etc/passwd":   400,
		"/sweep/?base=shipped/%2e%2e/go.mod":         400,
		"/sweep/?base=/etc/passwd":                   400,
		"/sweep/?base=shipped/examples/nothere.yaml": 404,
		"/sweep/?base=other/examples/mmc.yaml":       400,
	} {
		w := get(t, s, path)
		if w.Code != code || strings.Contains(w.Body.String(), "root:") || strings.Contains(w.Body.String(), "module ") {
			t.Errorf("%s: %d, want %d:\n%s", path, w.Code, code, w.Body)
		}
	}
}
