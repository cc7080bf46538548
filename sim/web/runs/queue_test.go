package runs

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/flowsim/flowsim/sim/run"
)

// blocking replaces a fixture's engine with jobs that hold until
// released (or cancelled), so that the tests see jobs queue without
// timing anything.
type blocking struct {
	started chan string // a job's ID, as it starts
	mu      sync.Mutex
	release map[string]chan struct{}
	running int
	most    int // the most jobs seen running at once
}

func newBlocking(f *fixture) *blocking {
	b := &blocking{started: make(chan string, 16), release: map[string]chan struct{}{}}
	f.s.execute = func(ctx context.Context, j *job, _ run.Options) (*run.Result, error) {
		rel := b.gate(j.id)
		b.mu.Lock()
		b.running++
		b.most = max(b.most, b.running)
		b.mu.Unlock()
		defer func() {
			b.mu.Lock()
			b.running--
			b.mu.Unlock()
		}()
		b.started <- j.id
		select {
		case <-rel:
			return nil, errors.New("released by the test")
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return b
}

// gate is the channel that releases job id.
func (b *blocking) gate(id string) chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.release[id] == nil {
		b.release[id] = make(chan struct{})
	}
	return b.release[id]
}

// first returns job id's first event.
func (f *fixture) first(id string) status {
	f.t.Helper()
	var st status
	var once bool
	f.followUntil(id, func(ev sseEvent) bool {
		if !once {
			st, once = ev.St, true
		}
		return true
	})
	return st
}

// followUntil reads job id's events until stop returns true (or done).
func (f *fixture) followUntil(id string, stop func(sseEvent) bool) {
	f.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.ts.URL+"/runs/"+id+"/events", nil)
	if err != nil {
		f.t.Fatal(err)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	for ev := range readEvents(f.t, resp) {
		if stop(ev) || ev.Name == "done" {
			return
		}
	}
}

func TestQueueRunsOneAtATime(t *testing.T) {
	f := newFixture(t, nil) // MaxRunning 0: one at a time
	b := newBlocking(f)
	first := f.submit(url.Values{"base": {"mmc"}})
	if got := <-b.started; got != first {
		t.Fatalf("started %s, want the first job %s", got, first)
	}
	second := f.submit(url.Values{"base": {"mmc"}, "alt": {"mmc-shorter"}})
	third := f.submit(url.Values{"base": {"mmc-shorter"}})
	// Until the first finishes, the others wait in order.
	if st := f.first(second); st.State != stateQueued || st.Position != 1 || st.Text != "queued: next to run" {
		t.Errorf("second job: %+v, want queued, next", st)
	}
	if st := f.first(third); st.State != stateQueued || st.Position != 2 {
		t.Errorf("third job: %+v, want queued behind one", st)
	}
	_, page := f.get("/runs/" + second)
	if !strings.Contains(page, `<meta http-equiv="refresh" content="2">`) || !strings.Contains(page, "queued: next to run") {
		t.Errorf("status page of a queued job lacks its refresh or state:\n%s", page)
	}
	close(b.gate(first))
	if got := <-b.started; got != second {
		t.Fatalf("started %s after the first, want the second %s", got, second)
	}
	if st := f.first(first); st.State != stateFailed || st.Message != "released by the test" {
		t.Errorf("first job after release: %+v", st)
	}
	if st := f.first(third); st.State != stateQueued || st.Position != 1 {
		t.Errorf("third job while the second runs: %+v, want queued, next", st)
	}
	close(b.gate(second))
	if got := <-b.started; got != third {
		t.Fatalf("started %s, want the third %s", got, third)
	}
	close(b.gate(third))
	f.follow(third, nil)
	if b.most != 1 {
		t.Errorf("%d jobs ran at once, want 1", b.most)
	}
}

func TestQueueBoundedAtMaxRunning(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRunning = 2 })
	b := newBlocking(f)
	ids := []string{f.submit(url.Values{"base": {"mmc"}}), f.submit(url.Values{"base": {"mmc"}}), f.submit(url.Values{"base": {"mmc"}})}
	started := map[string]bool{<-b.started: true, <-b.started: true}
	if !started[ids[0]] || !started[ids[1]] {
		t.Fatalf("started %v, want the first two of %v", started, ids)
	}
	if st := f.first(ids[2]); st.State != stateQueued {
		t.Errorf("third job with two running: %s, want queued", st.State)
	}
	close(b.gate(ids[1]))
	if got := <-b.started; got != ids[2] {
		t.Fatalf("started %s, want the third", got)
	}
	close(b.gate(ids[0]))
	close(b.gate(ids[2]))
	f.follow(ids[2], nil)
	if b.most != 2 {
		t.Errorf("%d jobs ran at once, want 2", b.most)
	}
}

// runningAndQueued starts a blocking fixture with one job running and one
// queued behind it.
func runningAndQueued(t *testing.T) (f *fixture, b *blocking, running, queued string) {
	t.Helper()
	f = newFixture(t, nil)
	b = newBlocking(f)
	running = f.submit(url.Values{"base": {"mmc"}})
	<-b.started
	queued = f.submit(url.Values{"base": {"mmc"}})
	return f, b, running, queued
}

func TestCancel(t *testing.T) {
	f, b, running, queued := runningAndQueued(t)

	_, page := f.get("/runs/" + running)
	if !strings.Contains(page, `action="/runs/`+running+`/cancel"`) || !strings.Contains(page, `value="`+testToken+`"`) {
		t.Errorf("status page of a running job has no cancel form with the token:\n%s", page)
	}
	// A queued job leaves the queue and never starts.
	if resp, _ := f.post("/runs/"+queued+"/cancel", url.Values{"csrf": {testToken}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel queued: %d", resp.StatusCode)
	}
	if st := f.first(queued); st.State != stateCancelled || st.Message != "cancelled before it started" {
		t.Errorf("cancelled queued job: %+v", st)
	}
	// A running job's context is cancelled; it ends cancelled.
	if resp, _ := f.post("/runs/"+running+"/cancel", url.Values{"csrf": {testToken}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel running: %d", resp.StatusCode)
	}
	events := f.follow(running, nil)
	if st := events[len(events)-1].St; st.State != stateCancelled {
		t.Errorf("cancelled running job: %+v", st)
	}
	select {
	case id := <-b.started:
		t.Errorf("job %s started after the queue was cancelled", id)
	default:
	}
	_, page = f.get("/runs/" + running)
	if strings.Contains(page, "/cancel") {
		t.Errorf("a cancelled job's page still offers to cancel it")
	}
}

// TestCloseStopsJobs closes the server with a job running and one queued:
// both end cancelled, and Close waits for the running one.
func TestCloseStopsJobs(t *testing.T) {
	f, b, running, queued := runningAndQueued(t)
	if err := f.s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{running, queued} {
		j, _ := f.s.lookup(id)
		if st, _ := f.s.snapshot(j); st.State != stateCancelled {
			t.Errorf("job %s after Close: %s", id, st.State)
		}
	}
	if b.running != 0 {
		t.Errorf("Close returned with %d jobs running", b.running)
	}
	if resp, _ := f.post("/runs/", url.Values{"base": {"mmc"}, "csrf": {testToken}}); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("submit after Close: %d, want 503", resp.StatusCode)
	}
}

// TestQueueFull refuses a job when maxQueued wait already, and takes one
// again once a place is free.
func TestQueueFull(t *testing.T) {
	f := newFixture(t, nil)
	b := newBlocking(f)
	running := f.submit(url.Values{"base": {"mmc"}})
	<-b.started
	var queued []string
	for range maxQueued {
		queued = append(queued, f.submit(url.Values{"base": {"mmc"}}))
	}
	resp, body := f.post("/runs/", url.Values{"base": {"mmc"}, "csrf": {testToken}})
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "queue is full") {
		t.Fatalf("submit to a full queue: %d, Retry-After %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := f.post("/runs/"+queued[0]+"/cancel", url.Values{"csrf": {testToken}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", resp.StatusCode)
	}
	f.submit(url.Values{"base": {"mmc"}})
	close(b.gate(running))
}
