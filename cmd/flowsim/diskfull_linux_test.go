//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDiskFullExit1 runs into a 200 KiB file system (where the test may
// mount one): a full disk is exit 1 naming the file, with no temporary
// file left; once there is room, --resume finishes the run.
func TestDiskFullExit1(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tiny")
	os.Mkdir(dir, 0o755)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=200k"); err != nil {
		t.Skipf("cannot mount a small file system here: %v", err)
	}
	defer syscall.Unmount(dir, 0)
	out := filepath.Join(dir, "run")
	args := []string{"run", mmcFile, "--reps", "20", "-q"}
	code, _, stderr := flowsim(t, append(args, "--out", out)...)
	if code != exitBadInput || !strings.Contains(stderr, "no space left on device") || !strings.Contains(stderr, out) {
		t.Fatalf("exit %d, %q; want exit 1 naming a file under %s", code, stderr, out)
	}
	noStrays(t, out, true)
	// Make room: the checkpoints saved so far are kept and reused.
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, "size=8m"); err != nil {
		t.Skipf("cannot grow the file system: %v", err)
	}
	mustRun(t, resumeWords(t, stderr)...)
	noStrays(t, out, false)
}
