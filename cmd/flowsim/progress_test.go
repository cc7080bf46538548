package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressDrawsOnlyOnTerminals(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false)
	p.Update(1, 10)
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("drew %q on a buffer", buf.String())
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file counted as a terminal")
	}
	if newProgress(f, false).w != nil {
		t.Error("progress enabled on a file")
	}
	// /dev/null is a character device, like a terminal, but not one.
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("%s counted as a terminal", os.DevNull)
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, label: "replications", now: func() time.Time { return now }, every: 100 * time.Millisecond, start: now}
	now = now.Add(200 * time.Millisecond)
	p.Update(1, 100)
	now = now.Add(50 * time.Millisecond)
	p.Update(2, 100) // too soon after the last: not drawn
	now = now.Add(9750 * time.Millisecond)
	p.Update(50, 100)
	out := buf.String()
	frames := strings.Split(strings.TrimPrefix(out, "\r"), "\r")
	if len(frames) != 2 {
		t.Fatalf("%d frames drawn, want 2 (throttled): %q", len(frames), out)
	}
	last := strings.TrimRight(frames[1], " ")
	// 50 replications in 10 s: the other 50 take 10 s more.
	want := "replications ████████████░░░░░░░░░░░░ 50/100  10s elapsed, ETA 10s"
	if last != want {
		t.Errorf("line\n  %q\nwant\n  %q", last, want)
	}
	p.Update(100, 100) // the last update is always drawn
	buf.Reset()
	p.Done()
	if s := buf.String(); !strings.HasPrefix(s, "\r ") || !strings.HasSuffix(s, "\r") || strings.TrimSpace(s) != "" {
		t.Errorf("done wrote %q, want the line blanked", s)
	}
}
