package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// Integrity records what a run wrote, so that a run directory edited after
// the run is recognised: a result file changed, or the manifest itself
// (its seed, its replication count, a scenario's hash). It guards against
// mistakes — a file edited by hand, a spreadsheet's save over a CSV, a
// manifest copied between runs — not against forgery: anyone can compute
// a SHA-256.
type Integrity struct {
	// Files maps each file of Manifest.Files to the SHA-256 (hex) of its
	// bytes.
	Files map[string]string `json:"files"`
	// ManifestSHA256 is the SHA-256 of the manifest as WriteManifest
	// writes it with this field empty.
	ManifestSHA256 string `json:"manifest_sha256"`
}

// ErrTampered is returned (wrapped) by Verify for a run directory that is
// not as its run left it.
var ErrTampered = errors.New("changed after the run")

// resultFile is how result files are read to be hashed: regular files of
// any size.
var resultFile = inputfile.Kind{Name: "result file"}

// WriteFileHashed writes path atomically, as WriteFile does, and returns
// the SHA-256 (hex) of the bytes written.
func WriteFileHashed(path string, write func(w io.Writer) error) (string, error) {
	h := sha256.New()
	err := WriteFile(path, func(w io.Writer) error { return write(io.MultiWriter(w, h)) })
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Seal records in m the SHA-256 of m itself; m.Integrity must hold the
// files' hashes. WriteManifest then writes a manifest Verify accepts.
func (m *Manifest) Seal() error {
	if m.Integrity == nil {
		return errors.New("seal manifest: no file hashes")
	}
	sum, err := m.selfHash()
	if err != nil {
		return err
	}
	m.Integrity.ManifestSHA256 = sum
	return nil
}

// selfHash is the SHA-256 of m as written with its own hash left empty,
// after one round trip through JSON: what is hashed is what a reader
// decodes, so text JSON cannot hold as written (invalid UTF-8 in a file
// name, which encoding/json replaces) hashes the same when sealed and
// when verified.
func (m *Manifest) selfHash() (string, error) {
	c := *m
	in := *m.Integrity
	in.ManifestSHA256 = ""
	c.Integrity = &in
	var buf bytes.Buffer
	if err := WriteManifest(&buf, &c); err != nil {
		return "", fmt.Errorf("seal manifest: %w", err)
	}
	var again Manifest
	if err := json.Unmarshal(buf.Bytes(), &again); err != nil {
		return "", fmt.Errorf("seal manifest: %w", err)
	}
	buf.Reset()
	if err := WriteManifest(&buf, &again); err != nil {
		return "", fmt.Errorf("seal manifest: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

// Sealed reports whether m records its integrity (flowsim wrote it with
// Seal); older manifests do not, and Verify cannot check them.
func (m *Manifest) Sealed() bool { return m.Integrity != nil }

// Verify reads the manifest at path and checks that neither it nor the
// result files it lists beside it changed after the run: the manifest
// must hash to the value it records, and every listed file that is there
// to the value recorded for it (a file that is missing is left to the
// reader that needs it). A manifest without an Integrity record (written
// before flowsim kept one) is returned unchecked; see Sealed. Errors wrap
// ErrTampered, or are ReadManifest's.
func Verify(path string) (*Manifest, error) {
	m, err := ReadManifest(path)
	if err != nil {
		return nil, err
	}
	if m.Integrity == nil {
		return m, nil
	}
	tampered := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrTampered, fmt.Sprintf(format, a...))
	}
	want, err := m.selfHash()
	if err != nil {
		return nil, err
	}
	if m.Integrity.ManifestSHA256 != want {
		return nil, tampered("%s was edited after the run: it no longer matches the SHA-256 it records; restore it, or rerun the run", path)
	}
	listed := slices.Sorted(func(yield func(string) bool) {
		for name := range m.Integrity.Files {
			if !yield(name) {
				return
			}
		}
	})
	files := slices.Sorted(slices.Values(m.Files))
	if !slices.Equal(listed, files) {
		return nil, tampered("%s lists files %s but records hashes for %s", path, strings.Join(files, ", "), strings.Join(listed, ", "))
	}
	dir := filepath.Dir(path)
	for _, name := range files {
		if name == "" || name != filepath.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
			return nil, tampered("%s lists %q, which is not a file name", path, name)
		}
		file := filepath.Join(dir, name)
		sum, err := hashFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if sum != m.Integrity.Files[name] {
			return nil, tampered("%s was changed after the run: its SHA-256 is not the one %s records; restore it, or rerun the run", file, path)
		}
	}
	return m, nil
}

// hashFile returns the SHA-256 (hex) of the regular file at path.
func hashFile(path string) (string, error) {
	f, err := inputfile.Open(path, resultFile)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
