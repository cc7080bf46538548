//go:build unix

package output

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileRefusesSpecialFiles: a destination that is a device, a
// named pipe or a directory (or a link to one) is refused, and left as it
// was: an atomic rename would replace it with a regular file.
func TestWriteFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	toNull := filepath.Join(dir, "null")
	os.Symlink("/dev/null", toNull)
	toFifo := filepath.Join(dir, "to-fifo")
	os.Symlink(fifo, toFifo)
	regular := filepath.Join(dir, "regular.csv")
	os.WriteFile(regular, []byte("old"), 0o644)
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	cases := []struct {
		path string
		ok   bool
	}{
		{fifo, false}, {sub, false}, {toNull, false}, {toFifo, false},
		{regular, true}, {filepath.Join(dir, "new.csv"), true}, {dangling, true},
	}
	for _, tc := range cases {
		before, _ := os.Lstat(tc.path)
		err := WriteFile(tc.path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
		if tc.ok {
			if err != nil {
				t.Errorf("%s: %v", tc.path, err)
			} else if data, _ := os.ReadFile(tc.path); string(data) != "new" {
				t.Errorf("%s holds %q", tc.path, data)
			}
			continue
		}
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != tc.path || !errors.Is(err, errNotRegular) {
			t.Errorf("%s: err = %v, want a *fs.PathError naming it", tc.path, err)
		}
		if after, _ := os.Lstat(tc.path); after.Mode() != before.Mode() {
			t.Errorf("%s changed from %v to %v", tc.path, before.Mode(), after.Mode())
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".*")); len(entries) > 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}
