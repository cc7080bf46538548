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

// TestCompareReportLeadsWithTheAnswer: a comparison's report shows the
// comparison figure before the contents, the scenarios' occupancy
// overlaid in one figure (plot draws one occupancy file, not one per
// scenario), and links to the run's CSV files relative to the page.
func TestCompareReportLeadsWithTheAnswer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	mustRun(t, "compare", mmcFile, alt6File, "--reps", "3", "--horizon", "300h", "--warmup", "20h", "--out", dir, "-q")
	mustRun(t, "plot", dir, "--kind", "occupancy", "--zoom", "-q")
	entries, err := os.ReadDir(filepath.Join(dir, "plots"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "occupancy.png" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("plot --kind occupancy of a comparison drew %v, want one overlaid occupancy.png", names)
	}
	page := filepath.Join(t.TempDir(), "elsewhere", "r.html")
	os.MkdirAll(filepath.Dir(page), 0o755)
	mustRun(t, "report", dir, "--out", page, "--dpi", "30", "-q")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	if fig, toc := strings.Index(html, `id="fig-comparison"`), strings.Index(html, `<nav class="toc"`); fig < 0 || fig > toc {
		t.Errorf("comparison figure at %d, contents at %d: want the figure first", fig, toc)
	}
	if n := strings.Count(html, `<figure id="fig-occupancy`); n != 1 {
		t.Errorf("%d occupancy figures, want one with both scenarios", n)
	}
	for _, f := range []string{"summary.csv", "comparison.csv", "daily.csv"} {
		rel, _ := filepath.Rel(filepath.Dir(page), filepath.Join(dir, f))
		if !strings.Contains(html, `href="`+filepath.ToSlash(rel)+`"`) {
			t.Errorf("the page has no relative link %s to %s", rel, f)
		}
	}
}
