package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"
)

// progress draws a one-line progress bar on a terminal: replications done,
// elapsed time and the time left at the rate so far. It draws nothing when
// the writer is not a terminal (a file, a pipe, a batch system's log) or
// with --quiet, so logs stay clean and stdout carries only results.
type progress struct {
	w       io.Writer // nil: disabled
	label   string
	now     func() time.Time
	every   time.Duration
	mu      sync.Mutex
	start   time.Time
	last    time.Time
	drawn   bool
	lastLen int
}

// newProgress returns a progress bar on w if w is a terminal and quiet is
// false, and a silent one otherwise.
func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{now: time.Now, every: 100 * time.Millisecond}
	if !quiet && isTerminal(w) {
		p.w = w
	}
	p.start = p.now()
	return p
}

// isTerminal reports whether w is a terminal (not a file, a pipe or
// /dev/null, which is a character device too) whose TERM can redraw a
// line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// Start begins a phase of the run, named label.
func (p *progress) Start(label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label = label
}

// Update records that done of total replications are done; it is safe for
// concurrent use and redraws at most every p.every.
func (p *progress) Update(done, total int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if done < total && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	line := p.line(done, total, now.Sub(p.start))
	pad := ""
	n := utf8.RuneCountInString(line)
	if n < p.lastLen {
		pad = strings.Repeat(" ", p.lastLen-n)
	}
	fmt.Fprintf(p.w, "\r%s%s", line, pad)
	p.drawn, p.lastLen = true, n
}

// line formats the bar.
func (p *progress) line(done, total int, elapsed time.Duration) string {
	const width = 24
	filled := 0
	if total > 0 {
		filled = min(width, done*width/total)
	}
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	eta := "–"
	if done > 0 && done < total && elapsed > 0 {
		left := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
		eta = roundDuration(left)
	} else if done >= total {
		eta = "0s"
	}
	return fmt.Sprintf("%s %s %d/%d  %s elapsed, ETA %s", p.label, bar, done, total, roundDuration(elapsed), eta)
}

// Done clears the bar so that what follows starts on a clean line, and
// restarts the clock for the next phase.
func (p *progress) Done() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.lastLen))
	}
	p.start, p.last, p.drawn, p.lastLen = p.now(), time.Time{}, false, 0
}

func roundDuration(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}
