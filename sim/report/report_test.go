package report

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	stdhtml "html"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/plot"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// testRun is the synthetic run of the plot package's tests: two sites, a
// comparison, patients, and an unstable replication.
func testRun(t *testing.T) *plot.Run {
	t.Helper()
	run, err := plot.ReadRun(filepath.Join("..", "plot", "testdata", "plot_run"))
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func renderPage(t *testing.T, run *plot.Run, o Options) string {
	t.Helper()
	o.DPI = 30 // keeps the race-enabled tests fast; the structure is the same
	r, err := Build(run, o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReportStructure checks the page's outline against a golden file
// (headings and figures, in order), that it is well formed, that every
// figure is an embedded image that decodes, and that nothing refers to
// the network.
func TestReportStructure(t *testing.T) {
	html := renderPage(t, testRun(t), Options{ScenarioFile: filepath.Join("testdata", "report_alt.yaml")})

	if err := wellFormed(html); err != nil {
		t.Fatalf("report.html is not well formed: %v", err)
	}
	outline := outlineOf(html)
	path := filepath.Join("testdata", "report_outline.golden")
	if *update {
		if err := os.WriteFile(path, []byte(outline), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(path); err != nil {
		t.Fatalf("%v (go test ./sim/report -update creates it)", err)
	} else if outline != string(want) {
		t.Errorf("outline differs from %s (go test ./sim/report -update, then read the diff):\n%s", path, outline)
	}

	imgs := regexp.MustCompile(`<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"`).FindAllStringSubmatch(html, -1)
	if len(imgs) != 6 {
		t.Errorf("%d embedded PNG figures, want 6 (comparison, occupancy, delays, queues, usage, los)", len(imgs))
	}
	for i, m := range imgs {
		data, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatalf("figure %d: %v", i+1, err)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("figure %d does not decode: %v", i+1, err)
		}
	}
	if n := strings.Count(html, "<img"); n != len(imgs) {
		t.Errorf("%d <img> elements but %d embedded PNGs: some image is not embedded", n, len(imgs))
	}
	for _, ref := range []string{"http://", "https://", "<link", "<script", "@import", "url("} {
		if strings.Contains(html, ref) {
			t.Errorf("report contains %q: it must need no network and no scripts", ref)
		}
	}
	text := stdhtml.UnescapeString(html)
	for _, want := range []string{
		`id="unstable-warning"`, // replication 1 of north is unstable
		"tiny, site north: replication 1",
		"Comparison with tiny", // comparison.csv
		"more-beds", "faster-p2",
		"E: +20 beds", // a source comment
		"flowsim compare tiny.yaml --seed 7 --reps 3 --horizon 276h --warmup 3d --patients --out", // the rerun command
		"flowsim run --manifest",
		"STRESS-DES",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestReportSVGAndMissingSources(t *testing.T) {
	html := renderPage(t, testRun(t), Options{Format: "svg"})
	if n := strings.Count(html, `<img src="data:image/svg+xml;base64,`); n != 6 {
		t.Errorf("%d embedded SVG figures, want 6", n)
	}
	// The manifest names tiny.yaml, which is nowhere: the report says so.
	if !strings.Contains(html, "scenario file tiny.yaml not found") {
		t.Error("report does not say the scenario file is missing")
	}
}

// TestReportDeterministic: the page depends only on the run directory (no
// clock), so regenerating it changes nothing.
func TestReportDeterministic(t *testing.T) {
	run := testRun(t)
	o := Options{ScenarioFile: filepath.Join("testdata", "report_base.yaml")}
	if a, b := renderPage(t, run, o), renderPage(t, run, o); a != b {
		t.Error("two renderings of the same run differ")
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"scenarios/notts/baseline.yaml": "scenarios/notts/baseline.yaml",
		"my runs/x":                     "'my runs/x'",
		"sites.qmc.beds.capacity=1,2":   "sites.qmc.beds.capacity=1,2",
		"it's":                          `'it'\''s'`,
		"":                              "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// wellFormed checks that every element is closed in order, as an HTML
// parser would need no error recovery for, reading void elements (img,
// meta, br) as self-closing.
func wellFormed(html string) error {
	d := xml.NewDecoder(strings.NewReader(strings.Replace(html, "<!DOCTYPE html>", "", 1)))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			stack = append(stack, el.Name.Local)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != el.Name.Local {
				return fmt.Errorf("</%s> closes <%s>", el.Name.Local, strings.Join(stack, "><"))
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		return fmt.Errorf("unclosed <%s>", strings.Join(stack, "><"))
	}
	return nil
}

// outlineOf lists the page's sections, headings and figures.
func outlineOf(html string) string {
	re := regexp.MustCompile(`<section id="([^"]+)">|<h([1-3])>(.*?)</h[1-3]>|<figure id="([^"]+)">`)
	var b strings.Builder
	for _, m := range re.FindAllStringSubmatch(html, -1) {
		switch {
		case m[1] != "":
			fmt.Fprintf(&b, "section #%s\n", m[1])
		case m[2] != "":
			fmt.Fprintf(&b, "%sh%s %s\n", strings.Repeat("  ", int(m[2][0]-'1')), m[2], m[3])
		default:
			fmt.Fprintf(&b, "    figure #%s\n", m[4])
		}
	}
	return b.String()
}

func TestChooseGroups(t *testing.T) {
	groups := make([]plot.Group, 8)
	for i := range groups {
		groups[i] = plot.Group{Scenario: "s", Keys: []string{fmt.Sprint(i)}}
	}
	got := chooseGroups(groups, 4)
	var keys []string
	for _, g := range groups {
		if got[g.ID()] {
			keys = append(keys, g.Keys[0])
		}
	}
	if strings.Join(keys, ",") != "0,2,5,7" {
		t.Errorf("chose %v of 8, want 0,2,5,7", keys)
	}
	if n := len(chooseGroups(groups[:3], 6)); n != 3 {
		t.Errorf("chose %d of 3 with room for 6", n)
	}
}

// TestComparisonShowsBeds: a bed-day difference is also given as beds,
// bed-days ÷ days reported ÷ the planning occupancy: north saves 6
// bed-days (CI 5 to 7) over 8.5 days, 0.767 beds (0.639 to 0.895) at 92%.
func TestComparisonShowsBeds(t *testing.T) {
	tab := comparisonTable(testRun(t))
	i := slices.IndexFunc(tab.Rows, func(r ComparisonRow) bool { return r.Site == "north" && r.Metric == "Bed-days used" })
	if i < 0 {
		t.Fatal("no bed-days row for north")
	}
	if r := tab.Rows[i]; r.Beds != "+0.767" || r.BedsCI != "+0.639 to +0.895" {
		t.Errorf("north as beds %q (%q), want +0.767 (+0.639 to +0.895)", r.Beds, r.BedsCI)
	}
	for _, r := range tab.Rows {
		if (r.Beds != "") != (r.Unit == "bed-days") {
			t.Errorf("%s (%s): beds %q", r.Metric, r.Unit, r.Beds)
		}
	}
	html := renderPage(t, testRun(t), Options{})
	if !strings.Contains(html, "As beds") || !strings.Contains(html, "0.639 to ") {
		t.Error("the comparison table has no beds column")
	}
}

// TestComparisonFigureLeads: a comparison's figure is the first thing
// after the answer, before the contents and the tables.
func TestComparisonFigureLeads(t *testing.T) {
	html := renderPage(t, testRun(t), Options{})
	fig := strings.Index(html, `<figure id="fig-comparison">`)
	answer := strings.Index(html, `<p class="answer">`)
	toc := strings.Index(html, `<nav class="toc"`)
	if !(answer >= 0 && answer < fig && fig < toc) {
		t.Errorf("answer at %d, comparison figure at %d, contents at %d: want them in that order", answer, fig, toc)
	}
	if strings.Count(html, `id="fig-comparison"`) != 1 {
		t.Error("the comparison figure is shown more than once")
	}
}

// TestDataLinksAreRelative: the page links to the run's files by paths
// relative to where it is written, and each link opens the file.
func TestDataLinksAreRelative(t *testing.T) {
	run := testRun(t)
	for _, pageDir := range []string{"", t.TempDir(), filepath.Join(run.Dir, "sub")} {
		html := renderPage(t, run, Options{PageDir: pageDir})
		links := regexp.MustCompile(`<a href="([^"#]+)">([a-z.]+)</a>`).FindAllStringSubmatch(html, -1)
		if len(links) < 5 {
			t.Fatalf("page dir %q: %d data links, want one per file of the run", pageDir, len(links))
		}
		base := cmp.Or(pageDir, run.Dir)
		for _, l := range links {
			href, name := stdhtml.UnescapeString(l[1]), l[2]
			if filepath.IsAbs(href) || strings.Contains(href, ":") {
				t.Errorf("page dir %q: link %s to %s is not relative", pageDir, href, name)
			}
			if filepath.Base(href) != name {
				t.Errorf("link %s is named %s", href, name)
			}
			if _, err := os.Stat(filepath.Join(base, filepath.FromSlash(href))); err != nil {
				t.Errorf("page dir %q: link %s does not open: %v", pageDir, href, err)
			}
		}
	}
}
