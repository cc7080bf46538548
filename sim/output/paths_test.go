package output

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestPathElement(t *testing.T) {
	cases := []struct{ in, want string }{
		{"baseline", "baseline"},
		{"toc-hubs-7day", "toc-hubs-7day"},
		{"v1.2_final", "v1.2_final"},
		{"../../etc", "etc"},
		{"..", "scenario"},
		{".", "scenario"},
		{"", "scenario"},
		{"///", "scenario"},
		{"/etc/passwd", "etc_passwd"},
		{"a/b", "a_b"},
		{`a\b`, "a_b"},
		{"a b  c", "a_b_c"},
		{"nul\x00byte", "nul_byte"},
		{"esc\x1b[2J", "esc_2J"},
		{".hidden", "hidden"},
		{"...x", "x"},
		{"x..", "x.."},
		{"café", "café"},
		{"\xff\xfe", "scenario"},
		{strings.Repeat("ab", 100), strings.Repeat("ab", 32)},
		{strings.Repeat("é", 100), strings.Repeat("é", 32)},
	}
	for _, tc := range cases {
		got := PathElement(tc.in)
		if got != tc.want {
			t.Errorf("PathElement(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != filepath.Base(got) || got == "." || got == ".." || len(got) > maxElement || strings.ContainsAny(got, "/\\\x00") {
			t.Errorf("PathElement(%q) = %q is not one safe path element", tc.in, got)
		}
		if j := filepath.Join("results", got); filepath.Dir(j) != "results" {
			t.Errorf("PathElement(%q) leaves results/: %s", tc.in, j)
		}
	}
}

// FuzzPathElement: no input escapes its directory.
func FuzzPathElement(f *testing.F) {
	for _, s := range []string{"../..", "a/b", "\x00", ".", "é/../"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := PathElement(s)
		if got == "" || got == "." || got == ".." || got != filepath.Base(got) || strings.ContainsAny(got, "/\\\x00") || strings.HasPrefix(got, ".") {
			t.Fatalf("PathElement(%q) = %q", s, got)
		}
	})
}

// TestMkdirUniqueUnderContention: runs started at once with the same
// default directory each get their own.
func TestMkdirUniqueUnderContention(t *testing.T) {
	base := filepath.Join(t.TempDir(), "results", "mmc-20250101T000000Z")
	const n = 12
	var wg sync.WaitGroup
	got := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = MkdirUnique(base)
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, d := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[d] {
			t.Errorf("%s handed out twice", d)
		}
		seen[d] = true
		if d != base && !strings.HasPrefix(d, base+"-") {
			t.Errorf("directory %s", d)
		}
	}
	if !seen[base] || !seen[base+"-2"] || !seen[base+"-12"] {
		t.Errorf("directories %v, want %s and -2 … -12", got, base)
	}
	// A file in the way is skipped too; a parent that is a file is an error.
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if d, err := MkdirUnique(file); err != nil || d != file+"-2" {
		t.Errorf("MkdirUnique over a file: %s, %v", d, err)
	}
	if _, err := MkdirUnique(filepath.Join(file, "sub", "x")); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("MkdirUnique below a file: %v", err)
	}
}
