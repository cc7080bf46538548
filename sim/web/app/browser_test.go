//go:build browser

// The browser test drives the app as flowsim serve builds it in a real
// headless Chromium through the DevTools protocol (chromedp): go test
// -tags browser -run TestBrowser ./sim/web/app, or scripts/web-test.sh. CHROMIUM names the browser (default:
// chromium on the PATH); SCREENSHOTS the directory for the screenshots
// (default: the repository's results/).

package app

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/web"
)

// consoleLog records what the page writes to its console: any message is
// a failure, since the app's script logs nothing.
type consoleLog struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleLog) listen(ev any) {
	var m string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			args = append(args, string(a.Value)+a.Description)
		}
		m = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
	case *runtime.EventExceptionThrown:
		m = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			m += " " + ev.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		m = fmt.Sprintf("log %s %s: %s (%s)", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	c.mu.Lock()
	c.msgs = append(c.msgs, m)
	c.mu.Unlock()
}

// take returns the messages so far and forgets them.
func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	msgs := c.msgs
	c.msgs = nil
	return msgs
}

func (c *consoleLog) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.msgs...)
}

// clear empties an input as a user selecting its text and deleting it
// would, before SendKeys types a new value. (chromedp.Clear only resets
// the value attribute, which an edited input no longer shows.)
func clear(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[string](fmt.Sprintf("document.querySelector(%q).value = ''", sel))(ctx, t)
		return chromedp.Void{}, err
	}
}

// shipped is the repository's scenarios, which the test only reads.
const shipped = "../../../scenarios"

// capacity is a p1–p3 service's capacity at a site in a scenario file,
// as loaded, so that the test follows a refit of the baseline.
func capacity(t testing.TB, path, site, pathway string) int {
	t.Helper()
	sc, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Sites[site].Pathways[pathway].Capacity
}

// pageText is the text of the page the browser shows, for a failed
// step's message.
func pageText(ctx context.Context) string {
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main") ? document.querySelector("main").innerText : document.body.innerText`))
	return loc + "\n" + text
}

func TestBrowser(t *testing.T) {
	browser := os.Getenv("CHROMIUM")
	if browser == "" {
		var err error
		if browser, err = exec.LookPath("chromium"); err != nil {
			t.Fatal("no chromium on the PATH: install it (apt-get install chromium) or set CHROMIUM")
		}
	}
	shots := os.Getenv("SCREENSHOTS")
	if shots == "" {
		shots = "../../../results"
	}
	if !filepath.IsAbs(shots) {
		abs, err := filepath.Abs(shots)
		if err != nil {
			t.Fatal(err)
		}
		shots = abs
	}
	// Serve as a planner would, from a directory holding the shipped
	// scenarios and their own, so that the pages (and the screenshots in
	// README.md) show the paths they would see.
	repoScenarios, err := filepath.Abs(shipped)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if err := os.Symlink(repoScenarios, filepath.Join(work, "scenarios")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	const mine = "my-scenarios"
	s, err := New(Config{Web: web.Config{Shipped: "scenarios", Mine: mine, Results: "results"}, Version: "browser-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("hide-scrollbars", true),
		// Offline: nothing but the app resolves.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	var console consoleLog
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(console.listen))
	defer cancel()
	// Start the browser on the tab's own context: a step's context with
	// a timeout, ending, would otherwise close it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", browser, err)
	}

	shot := func(name string, full bool) {
		t.Helper()
		var b []byte
		var err error
		if full {
			b, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		} else {
			b, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		}
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			t.Fatalf("%s: %v (console: %q)\npage:\n%s", what, err, console.all(), pageText(ctx))
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// 1. The library, with the baseline in it.
	const baseLink = `a[href="/scenario/shipped/notts/baseline.yaml"]`
	do("open the library", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(baseLink)))
	shot("web-library.png", false)

	// 2. The baseline: its diagram, drawn with the capacities.
	do("open the baseline", chromedp.Click(chromedp.CSS(baseLink)), chromedp.WaitVisible(chromedp.CSS("svg.diagram")))
	if d := text("figure.process"); !strings.Contains(d, "1100 beds") || !strings.Contains(d, fmt.Sprintf("%d places", capacity(t, "scenarios/notts/baseline.yaml", "qmc", "p2"))) {
		t.Errorf("diagram text %q lacks the QMC capacities", d)
	}
	shot("web-scenario.png", false)

	// 3. QMC's p2 capacity set to -5: the validate message appears, live.
	const p2 = "#f-sites--qmc--pathways--p2--capacity"
	do("type -5", chromedp.ScrollIntoView(chromedp.CSS(p2)), clear(p2), chromedp.SendKeys(chromedp.CSS(p2), "-5"))
	do("see the error", chromedp.WaitVisible(chromedp.CSS("#check .errors li")))
	msg := text("#check .errors li")
	wantMsg := filepath.Join(mine, "untitled.yaml") + ":" // a draft's name until it has one
	if !strings.HasPrefix(msg, wantMsg) || !strings.Contains(msg, "sites.qmc.pathways.p2.capacity: must be >= 0, got -5") {
		t.Errorf("validation message %q", msg)
	}
	// It is shown beside the input too.
	if inline := text(".field-error"); inline != msg {
		t.Errorf("beside the input: %q, want %q", inline, msg)
	}
	// The source inputs appear beside the changed value.
	do("source inputs shown", chromedp.WaitVisible(chromedp.CSS(p2+"-g")))
	do("show the message", chromedp.ScrollIntoView(chromedp.CSS(p2)))
	shot("web-validation.png", false)

	// 4. 130 with its source, saved as an intervention.
	do("type 130", clear(p2), chromedp.SendKeys(chromedp.CSS(p2), "130"))
	do("valid", chromedp.WaitVisible(chromedp.CSS("#check .ok")))
	do("source", chromedp.SetValue(chromedp.CSS(p2+"-g"), "E"),
		chromedp.SendKeys(chromedp.CSS(p2+"-c"), "18 more rehab beds commissioned (browser test)"),
		chromedp.SendKeys(chromedp.CSS("#save-name"), "qmc-p2-browser"),
		chromedp.SendKeys(chromedp.CSS("#save-desc"), "QMC p2 capacity 130"))
	do("save", chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/scenario/mine/qmc-p2-browser.yaml?saved=1") {
		t.Errorf("after saving, at %s", loc)
	}
	shot("web-saved.png", false)
	saved := filepath.Join(mine, "qmc-p2-browser.yaml")
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := web.Validate(saved, data); err != nil {
		t.Errorf("the saved file does not validate: %v\n%s", err, data)
	}
	if !strings.Contains(string(data), "capacity: 130 # E: 18 more rehab beds commissioned (browser test)") {
		t.Errorf("saved file:\n%s", data)
	}

	// 5. The library lists it, with its change.
	do("library again", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="/scenario/mine/qmc-p2-browser.yaml"]`)))

	// 6. Compare the baseline with it, 4 replications: live progress,
	// then the results page opening with the headline and a figure.
	const alt = `input[name="alt"][value="mine/qmc-p2-browser.yaml"]`
	do("open the baseline again", chromedp.Click(chromedp.CSS(baseLink)), chromedp.WaitVisible(chromedp.CSS("#run-reps")))
	do("4 replications, compare with the saved one", clear("#run-reps"), chromedp.SendKeys(chromedp.CSS("#run-reps"), "4"),
		chromedp.Click(chromedp.CSS(alt)))
	do("run", chromedp.Click(chromedp.CSS(".runform button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#run-status")))
	shot("web-run.png", false)
	slow := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			t.Fatalf("%s: %v (console: %q)\npage:\n%s", what, err, console.all(), pageText(ctx))
		}
	}
	// When the job is done its page opens the results by itself.
	slow("the compare finishes and its results open", chromedp.WaitVisible(chromedp.CSS(".headline .answer")))
	answer := text(".headline .answer")
	if !regexp.MustCompile(`^qmc-p2-browser (saves [\d,]+ bed-days|adds [\d,]+ bed-days|makes no clear difference).*95% CI`).MatchString(answer) {
		t.Errorf("headline %q", answer)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('img[src^="./figures/"]'); return !!i && i.complete && i.naturalWidth > 0; })()`))
	if err != nil || !loaded {
		t.Errorf("no figure drawn on the results page (%v)", err)
	}
	shot("web-results.png", false)

	// 7. The report downloads, as the results page links it: a whole
	// HTML page of this comparison. (Fetched from the page rather than
	// opened: a run's files are served sandboxed, where the DevTools
	// protocol's own scripts may not run.)
	report, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const a = document.querySelector('a[href="./report.html"]');
		if (!a) return "no link";
		const r = await fetch(a.href);
		return r.status + " " + r.headers.get("Content-Type") + "\n" + await r.text();
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the report: %v", err)
	}
	if !strings.HasPrefix(report, "200 text/html") || !strings.Contains(report, "</html>") || !regexp.MustCompile(`<h1[^>]*>[^<]*qmc-p2-browser`).MatchString(report) {
		t.Errorf("report.html download: %.300q", report)
	}

	// 8. Sweep the M/M/5 example's beds: a bad value is refused with
	// flowsim sweep's message; then 5, 6 and 7 beds over 2 replications
	// draw the curve of the mean wait for a bed, with its table.
	do("open the example", chromedp.Navigate(srv.URL+"/scenario/shipped/examples/mmc.yaml"),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/sweep/"]`)))
	do("open its sweep page", chromedp.Click(chromedp.CSS(`a[href^="/sweep/"]`)), chromedp.WaitVisible(chromedp.CSS("#sweep-path")))
	do("a negative capacity", chromedp.SendKeys(chromedp.CSS("#sweep-path"), "sites.main.beds.capacity"),
		chromedp.SendKeys(chromedp.CSS("#sweep-values"), "5,-1"), clear("#sweep-reps"), chromedp.SendKeys(chromedp.CSS("#sweep-reps"), "2"))
	do("refused", chromedp.Click(chromedp.CSS(".sweepform button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error")))
	if msg := text(".error"); !strings.Contains(msg, "sites.main.beds.capacity: must be >= 1, got -1") {
		t.Errorf("bad sweep value: %q", msg)
	}
	// The refusal is a 400, which the browser logs; nothing else may be.
	if msgs := console.take(); len(msgs) != 1 || !strings.Contains(msgs[0], "status of 400") {
		t.Errorf("console messages of the refused sweep: %q, want its 400 only", msgs)
	}
	do("the form again", chromedp.Navigate(srv.URL+"/sweep/?base=shipped/examples/mmc.yaml&path=sites.main.beds.capacity"),
		chromedp.WaitVisible(chromedp.CSS("#sweep-values")))
	do("5, 6 and 7 beds", chromedp.SendKeys(chromedp.CSS("#sweep-values"), "5,6,7"),
		clear("#sweep-reps"), chromedp.SendKeys(chromedp.CSS("#sweep-reps"), "2"),
		chromedp.SetValue(chromedp.CSS("#sweep-metric"), "boarding_hours_mean"))
	// A sweep this small is done in a fraction of a second: its job page
	// may open the results before it is ever seen, so wait for the curve.
	do("sweep", chromedp.Click(chromedp.CSS(".sweepform button[type=submit]")))
	slow("the sweep finishes and its curve opens", chromedp.WaitVisible(chromedp.CSS("#sweep-curve img")))
	drawn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('#sweep-curve img'); return !!i && i.complete && i.naturalWidth > 0; })()`))
	if err != nil || !drawn {
		t.Errorf("no curve drawn on the sweep's results page (%v)", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.curve-table tbody tr').length`))
	if err != nil || rows != 3 {
		t.Errorf("curve table: %d rows (%v), want 3", rows, err)
	}
	do("show the curve", chromedp.ScrollIntoView(chromedp.CSS("#curve")))
	shot("web-sweep.png", false)

	// 9. Across plausible baselines: a finished match of the M/M/5
	// example in the results directory is offered on its run form;
	// comparing erlang-loss with it at both of its baselines opens on the
	// headline, the rank table and the savings figure.
	match := filepath.Join("results", "calibrate-mmc-browser")
	if err := os.MkdirAll(match, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(match, "plausible.yaml"), []byte("members:\n"+
		"  - name: a\n    set: [sites.main.beds.capacity=5]\n  - name: b\n    set: [sites.main.beds.capacity=6]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	do("the example again", chromedp.Navigate(srv.URL+"/scenario/shipped/examples/mmc.yaml"), chromedp.WaitVisible(chromedp.CSS("#run-ensemble")))
	do("2 replications against erlang-loss across the match", clear("#run-reps"), chromedp.SendKeys(chromedp.CSS("#run-reps"), "2"),
		chromedp.Click(chromedp.CSS(`input[name="alt"][value="shipped/examples/erlang-loss.yaml"]`)),
		chromedp.SetValue(chromedp.CSS("#run-ensemble"), "calibrate-mmc-browser"))
	do("compare across them", chromedp.Click(chromedp.CSS(".runform button[type=submit]")))
	slow("the ensemble comparison finishes and its results open", chromedp.WaitVisible(chromedp.CSS(`.headline .answer[data-alternative="erlang-loss"]`)))
	if a := text(".headline .answer"); !regexp.MustCompile(`^erlang-loss (saves [\d,.]+|uses [\d,.]+ more) bed-days \((about [\d,.]+ beds?|less than one bed)\): [−-]?[\d,.]+ to [−-]?[\d,.]+ including what the plausible baselines leave unknown`).MatchString(a) {
		t.Errorf("ensemble headline %q", a)
	}
	drawn, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('img[src="./figures/savings.svg"]'); return !!i && i.complete && i.naturalWidth > 0; })()`))
	if err != nil || !drawn {
		t.Errorf("no savings figure drawn on the ensemble's results page (%v)", err)
	}
	if rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.ranks tbody tr').length`)); err != nil || rows != 1 {
		t.Errorf("rank table: %d rows (%v), want 1", rows, err)
	}

	// 10. The front door: ED capacity's diagram states QMC's cubicles.
	do("open ED capacity", chromedp.Navigate(srv.URL+"/scenario/shipped/notts/ed-capacity.yaml"), chromedp.WaitVisible(chromedp.CSS("svg.diagram")))
	if d := text("figure.process"); !strings.Contains(d, "55 majors cubicles") || !strings.Contains(d, "10–24 clinicians") {
		t.Errorf("ED capacity's diagram text %q lacks QMC's cubicles and clinicians", d)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector("figure.process").scrollIntoView({block: "start"}); return true; })()`)); err != nil {
		t.Fatalf("show the diagram: %v", err)
	}
	shot("web-diagram.png", false)

	if msgs := console.all(); len(msgs) > 0 {
		t.Errorf("console messages: %q", msgs)
	}
}
