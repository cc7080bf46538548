//go:build browser

// The browser test drives the app in a real headless Chromium through the
// DevTools protocol (chromedp): go test -tags browser -run TestBrowser
// ./sim/web, or scripts/web-test.sh. CHROMIUM names the browser (default:
// chromium on the PATH); SCREENSHOTS the directory for the screenshots
// (default: the repository's results/).

package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
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
		shots = "../../results"
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
	s, err := New(Config{Shipped: "scenarios", Mine: mine, Results: "results"})
	if err != nil {
		t.Fatal(err)
	}
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
			t.Fatalf("%s: %v (console: %q)", what, err, console.all())
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
	if d := text("figure.process"); !strings.Contains(d, "1100 beds") || !strings.Contains(d, fmt.Sprintf("%d places", shippedCapacity(t, "notts/baseline.yaml", "qmc", "p2"))) {
		t.Errorf("diagram text %q lacks the QMC capacities", d)
	}
	shot("web-scenario.png", false)

	// 3. QMC's p2 capacity set to -5: the validate message appears, live.
	const p2 = "#f-sites--qmc--pathways--p2--capacity"
	do("type -5", chromedp.ScrollIntoView(chromedp.CSS(p2)), clear(p2), chromedp.SendKeys(chromedp.CSS(p2), "-5"))
	do("see the error", chromedp.WaitVisible(chromedp.CSS("#check .errors li")))
	msg := text("#check .errors li")
	wantMsg := filepath.Join(mine, draftName+".yaml") + ":"
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
	if _, err := Validate(saved, data); err != nil {
		t.Errorf("the saved file does not validate: %v\n%s", err, data)
	}
	if !strings.Contains(string(data), "capacity: 130 # E: 18 more rehab beds commissioned (browser test)") {
		t.Errorf("saved file:\n%s", data)
	}

	// 5. The library lists it, with its change.
	do("library again", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="/scenario/mine/qmc-p2-browser.yaml"]`)))

	if msgs := console.all(); len(msgs) > 0 {
		t.Errorf("console messages: %q", msgs)
	}
}
