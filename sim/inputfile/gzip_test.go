package inputfile_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/inputfile"
)

// gzipped compresses data.
func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGzipReadDecompressed(t *testing.T) {
	dir := t.TempDir()
	want := []byte(strings.Repeat("scenario,rep\nbase,0\n", 1000))
	path := filepath.Join(dir, "patients.csv.gz")
	if err := os.WriteFile(path, gzipped(t, want), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := inputfile.Open(path, inputfile.RunCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, want the %d decompressed", len(got), len(want))
	}
	// A kind without Gzip reads the bytes as they are.
	raw, err := inputfile.ReadFile(path, inputfile.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(raw, want) {
		t.Error("a kind without Gzip decompressed the file")
	}
}

func TestGzipLimitsApplyDecompressed(t *testing.T) {
	dir := t.TempDir()
	// 2 MiB of one record compresses to a few KiB: the record limit must
	// see the decompressed bytes.
	path := filepath.Join(dir, "long.csv.gz")
	os.WriteFile(path, gzipped(t, bytes.Repeat([]byte("x"), 2*inputfile.MiB)), 0o644)
	f, err := inputfile.Open(path, inputfile.RunCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	if !errors.Is(err, inputfile.ErrRecordTooLong) {
		t.Fatalf("error %v, want ErrRecordTooLong", err)
	}
}

func TestGzipBad(t *testing.T) {
	dir := t.TempDir()
	whole := gzipped(t, []byte(strings.Repeat("a,b\n1,2\n", 5000)))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"plain.csv.gz", []byte("scenario,rep\nbase,0\n"), "is not gzip-compressed, though its name ends .gz"},
		{"empty.csv.gz", nil, "is not gzip-compressed, though its name ends .gz"},
		{"cut.csv.gz", whole[:len(whole)/2], "is damaged gzip data"},
		{"crc.csv.gz", append(bytes.Clone(whole[:len(whole)-8]), 0, 0, 0, 0, whole[len(whole)-4], whole[len(whole)-3], whole[len(whole)-2], whole[len(whole)-1]), "is damaged gzip data"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		os.WriteFile(path, c.data, 0o644)
		var err error
		f, err := inputfile.Open(path, inputfile.RunCSV)
		if err == nil {
			_, err = io.Copy(io.Discard, f)
			f.Close()
		}
		if !errors.Is(err, inputfile.ErrBadGzip) || !strings.Contains(err.Error(), path+": "+c.want) {
			t.Errorf("%s: error %v, want %s: %s…", c.name, err, path, c.want)
		}
	}
}
