package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFile writes path atomically with the bytes write produces, synced
// to disk before the rename. On any error the destination is left as it was
// and the temporary file removed.
func WriteFile(path string, write func(w io.Writer) error) error {
	return writeAtomic(path, true, write)
}

// WriteCheckpoint writes data to path atomically (temporary file, then
// rename) but without syncing it to disk. A process killed at any moment
// leaves either no file or the whole file; only a crash of the machine
// itself can leave a damaged one, which checkpoints detect by their
// checksum. Skipping the sync keeps checkpointing cheap when replications
// take milliseconds.
func WriteCheckpoint(path string, data []byte) error {
	return writeAtomic(path, false, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// errNotRegular is why a destination that is not a regular file is
// refused.
var errNotRegular = errors.New("not a regular file: flowsim writes only regular files (give another path)")

// writeAtomic writes a temporary file beside path, optionally syncs it, and
// renames it over path. A path that names anything but a regular file (a
// directory, a device such as /dev/full, a named pipe, a socket, or a
// symbolic link to one) is refused as an *fs.PathError: the rename would
// replace the device or pipe itself with a file, not write to it.
func writeAtomic(path string, sync bool, write func(w io.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return &fs.PathError{Op: "write", Path: path, Err: errNotRegular}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if sync {
		if err := tmp.Sync(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// IsTemporary reports whether name (a base name) is one of the temporary
// files WriteFile and WriteCheckpoint create, which an interrupted write
// may leave behind.
func IsTemporary(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}
