//go:build unix

// Package inputfiletest makes the hostile paths that every flowsim reader
// must refuse, for the tests of the packages that read files.
package inputfiletest

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// Case is one hostile path and the error a reader must give for it.
type Case struct {
	// Name describes the path, for subtest names.
	Name string
	Path string
	// Want is what errors.Is must find in the reader's error:
	// inputfile.ErrNotRegular, inputfile.ErrTooLarge or fs.ErrNotExist.
	Want error
}

// Hostile makes, in dir, the paths a reader of files limited to limit
// bytes must refuse, each named file (so a reader that looks for a fixed
// name can be pointed at it with a symbolic link or by naming it so): a
// named pipe with no writer, /dev/zero, a symbolic link to /dev/zero, a
// directory, and a sparse file one byte over limit (no disk used). A
// limit of 0 leaves out the oversized file. name is the file name each
// path gets; each case has its own subdirectory of dir.
func Hostile(t testing.TB, dir, name string, limit int64) []Case {
	t.Helper()
	at := func(sub string) string {
		d := filepath.Join(dir, sub)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(d, name)
	}
	var cases []Case
	fifo := at("fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, Case{"fifo", fifo, inputfile.ErrNotRegular})
	zero := at("zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, Case{"symlink to /dev/zero", zero, inputfile.ErrNotRegular})
	sub := at("dir")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, Case{"directory", sub, inputfile.ErrNotRegular})
	if limit > 0 {
		big := at("big")
		if err := os.WriteFile(big, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(big, limit+1); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, Case{"one byte over the limit", big, inputfile.ErrTooLarge})
	}
	cases = append(cases, Case{"missing", at("missing"), fs.ErrNotExist})
	if _, err := os.Stat("/dev/zero"); err == nil && name != "" {
		cases = append(cases, Case{"/dev/zero", "/dev/zero", inputfile.ErrNotRegular})
	}
	return cases
}

// Within fails the test if fn takes more than ten seconds: a reader that
// blocks on a named pipe, or reads /dev/zero without end, would otherwise
// hang or exhaust the test run.
func Within(t testing.TB, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reader blocked or read without end")
	}
}
