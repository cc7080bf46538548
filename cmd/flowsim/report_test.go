package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: flowsim report writes one self-contained page with
// the figures embedded and the parameter sources of the scenario file the
// manifest names.
func TestReportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := flowsim(t, "run", "testdata/small.yaml", "--reps", "3", "--out", dir, "--quiet"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := flowsim(t, "report", dir, "--dpi", "30")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	page := filepath.Join(dir, "report.html")
	if strings.TrimSpace(stdout) != page {
		t.Errorf("stdout %q, want %s", stdout, page)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	if n := strings.Count(html, `<img src="data:image/png;base64,`); n != 2 {
		t.Errorf("%d embedded figures, want 2 (occupancy, delays)", n)
	}
	for _, want := range []string{"<h1>small</h1>", "A small two-site system", "sites.north.beds.capacity", "flowsim run testdata/small.yaml --seed 11 --reps 3"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(html, "http://") || strings.Contains(html, "https://") {
		t.Error("report refers to the network")
	}

	other := filepath.Join(t.TempDir(), "r.html")
	if code, _, stderr := flowsim(t, "report", dir, "--out", other, "--format", "svg", "--scenario", "testdata/small.yaml", "-q"); code != 0 {
		t.Fatalf("report --out --format svg: exit %d: %s", code, stderr)
	}
	if data, err := os.ReadFile(other); err != nil || !strings.Contains(string(data), "data:image/svg+xml;base64,") {
		t.Errorf("report --format svg: %v", err)
	}
}
