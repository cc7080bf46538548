//go:build unix

package inputfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/inputfile/inputfiletest"
)

func TestOpenRefuses(t *testing.T) {
	k := inputfile.Kind{Name: "test file", MaxBytes: 1 * inputfile.MiB}
	for _, c := range inputfiletest.Hostile(t, t.TempDir(), "x", k.MaxBytes) {
		path, want := c.Path, c.Want
		for _, how := range []string{"inputfile.Open", "inputfile.ReadFile"} {
			t.Run(how+" "+c.Name, func(t *testing.T) {
				var err error
				inputfiletest.Within(t, func() {
					if how == "inputfile.Open" {
						var f *inputfile.File
						if f, err = inputfile.Open(path, k); f != nil {
							f.Close()
						}
					} else {
						_, err = inputfile.ReadFile(path, k)
					}
				})
				if !errors.Is(err, want) {
					t.Fatalf("error %v, want %v", err, want)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name %s", err, path)
				}
			})
		}
	}
}

func TestMessages(t *testing.T) {
	dir := t.TempDir()
	inputfiletest.Hostile(t, dir, "s.yaml", inputfile.Scenario.MaxBytes)
	cases := []struct {
		path, want string
	}{
		{filepath.Join(dir, "fifo/s.yaml"), "fifo/s.yaml: is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", "/dev/zero: is a device, not a regular file"},
		{filepath.Join(dir, "zero/s.yaml"), "zero/s.yaml: is a device, not a regular file"},
		{filepath.Join(dir, "dir/s.yaml"), "dir/s.yaml: is a directory, not a regular file"},
		{filepath.Join(dir, "big/s.yaml"), "big/s.yaml: is larger than the 16 MiB limit for a scenario file"},
	}
	for _, c := range cases {
		_, err := inputfile.ReadFile(c.path, inputfile.Scenario)
		if err == nil || !strings.HasSuffix(err.Error(), c.want) {
			t.Errorf("inputfile.ReadFile(%s) = %v, want …%s", c.path, err, c.want)
		}
		if r := inputfile.Reason(err); strings.Contains(r, dir) {
			t.Errorf("inputfile.Reason %q names the path", r)
		}
	}
}

func TestReadFileWithinLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ok")
	data := strings.Repeat("x", 100)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{100, 101, 0} {
		got, err := inputfile.ReadFile(path, inputfile.Kind{Name: "t", MaxBytes: limit})
		if err != nil || string(got) != data {
			t.Errorf("limit %d: %q, %v", limit, got, err)
		}
	}
	if _, err := inputfile.ReadFile(path, inputfile.Kind{Name: "t", MaxBytes: 99}); !errors.Is(err, inputfile.ErrTooLarge) {
		t.Errorf("limit 99: %v, want inputfile.ErrTooLarge", err)
	}
}

// TestRecordLimit: a stream is cut at the first record longer than the
// limit, with the record's first line, counting quoted line breaks inside
// a record and not between records.
func TestRecordLimit(t *testing.T) {
	const max = 10
	cases := []struct {
		name, data string
		line       int // 0: no error
	}{
		{"short lines", "a,b\n1,2\n3,4\n", 0},
		{"exactly the limit", "0123456789\n0123456789", 0},
		{"one over, first line", "0123456789x\n", 1},
		{"one over, third line", "a\nb\n0123456789x\n", 3},
		{"no line break at all", strings.Repeat("0", 5000), 1},
		{"quoted line breaks in one record", "h\n\"a\nb\nc\nd\ne\nf\"\n", 2},
		{"quoted field left open", "h\n\"" + strings.Repeat("\n", 50), 2},
		{"doubled quotes close again", "h\n\"a\"\"b\"\n" + strings.Repeat("1\n", 100), 0},
		{"CR LF lines", strings.Repeat("12345678\r\n", 100), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.csv")
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := inputfile.Open(path, inputfile.Kind{Name: "t", MaxRecord: max})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := io.ReadAll(iotestHalf{f})
			if c.line == 0 {
				if err != nil || string(got) != c.data {
					t.Fatalf("read %q, %v; want everything", got, err)
				}
				return
			}
			e, ok := errors.AsType[*inputfile.Error](err)
			if !ok || !errors.Is(err, inputfile.ErrRecordTooLong) || e.Line != c.line {
				t.Fatalf("error %v, want inputfile.ErrRecordTooLong at line %d", err, c.line)
			}
			if !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), "longer than 10 bytes") {
				t.Errorf("message %q", err)
			}
			if _, again := f.Read(make([]byte, 10)); again != err {
				t.Errorf("second Read: %v, want the same error", again)
			}
		})
	}
}

// iotestHalf reads at most 3 bytes a call, so records span reads.
type iotestHalf struct{ r io.Reader }

func (h iotestHalf) Read(p []byte) (int, error) { return h.r.Read(p[:min(len(p), 3)]) }
