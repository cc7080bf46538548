package runs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestAwaitChange writes a comment line at each tick while nothing
// changes, returns true at a change and false once the client has gone.
func TestAwaitChange(t *testing.T) {
	w := httptest.NewRecorder()
	rc := http.NewResponseController(w)
	tick := make(chan time.Time)
	changed := make(chan struct{})
	done := make(chan bool)
	go func() { done <- awaitChange(context.Background(), w, rc, changed, tick) }()
	tick <- time.Time{}
	tick <- time.Time{} // the first is written once this one is taken
	close(changed)
	if !<-done {
		t.Fatal("awaitChange reported the client gone at a change")
	}
	if got := w.Body.String(); got != ": keep-alive\n\n: keep-alive\n\n" {
		t.Errorf("stream %q, want two keep-alive comments", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if awaitChange(ctx, w, rc, make(chan struct{}), tick) {
		t.Error("awaitChange reported a change for a client that has gone")
	}
}
