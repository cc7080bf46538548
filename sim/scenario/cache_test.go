package scenario

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestCacheLoadsAsLoadWith: loads through a Cache — again and again, from
// several goroutines, after the file changed on disk, and of files that
// are wrong — give exactly what LoadWith gives: the same scenario, the
// same sources and warnings, the same errors.
func TestCacheLoadsAsLoadWith(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.yaml")
	alt := filepath.Join(dir, "alt.yaml")
	write := func(path, body string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	baseText, err := os.ReadFile("../../scenarios/notts/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write(base, string(baseText))
	write(alt, "extends: base.yaml\nsites:\n  qmc:\n    beds:\n      capacity: 1300\n")
	sets := func(s ...string) []Override {
		var out []Override
		for _, o := range s {
			set, err := ParseOverride(o)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, set)
		}
		return out
	}
	same := func(what string, c *Cache, path string, o []Override) {
		t.Helper()
		want, werr := LoadWith(path, o...)
		got, gerr := c.LoadWith(path, o...)
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			t.Fatalf("%s: error %v through the cache, %v without", what, gerr, werr)
		}
		if werr != nil {
			return
		}
		a, err := want.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		b, err := got.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) || !slices.Equal(want.Sources, got.Sources) || len(want.Warnings) != len(got.Warnings) {
			t.Fatalf("%s: the cache loads another scenario", what)
		}
	}
	c := &Cache{}
	for _, path := range []string{base, alt, base} {
		same("no overrides", c, path, nil)
		same("a capacity", c, path, sets("sites.city.beds.capacity=700"))
		same("two", c, path, sets("sites.city.beds.capacity=650", "warmup=10d"))
		same("a bad path", c, path, sets("sites.city.bed.capacity=700"))
		same("a bad value", c, path, sets("sites.city.beds.capacity=-5"))
	}
	if len(c.files) < 2 {
		t.Fatalf("the cache holds %d files", len(c.files))
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 3 {
				if _, err := c.LoadWith(alt, sets("sites.city.beds.capacity="+[]string{"600", "610", "620", "630"}[i])...); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	// The base changes on disk: the cache reads the new bytes.
	write(base, strings.Replace(string(baseText), "\nhorizon: 733d", "\nhorizon: 700d", 1))
	same("a changed base", c, alt, sets("warmup=10d"))
	got, err := c.LoadWith(alt, sets("warmup=10d")...)
	if err != nil || got.Horizon != 700*24 {
		t.Fatalf("after the base changed: %v, %v", got, err)
	}
	// A syntax error, twice: failures are not remembered.
	write(base, "name: x\nsites: [\n")
	same("a syntax error", c, alt, nil)
	same("the same syntax error", c, alt, nil)
}
