package scenario

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestChainIsTheLoadersChain: Chain lists the files Load merges, base
// first, and refuses a cycle as Load does.
func TestChainIsTheLoadersChain(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := write("base.yaml", "name: b\nplaces: {p: {arrivals: 1/h}}\nsites: {s: {beds: {capacity: 2, los: {dist: exponential, mean: 1h}}}}\n")
	mid := write("mid.yaml", "extends: base.yaml\nseed: 3\n")
	top := write("top.yaml", "extends: mid.yaml\nreps: 2\n")
	files, err := Chain(top)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load(top)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{base, mid, top}) || !slices.Equal(files, sc.Sources) {
		t.Errorf("chain %v, Load's sources %v, want %v", files, sc.Sources, []string{base, mid, top})
	}
	loop := write("loop.yaml", "extends: loop.yaml\nname: x\n")
	if _, err := Chain(loop); err == nil || !strings.Contains(err.Error(), "extends cycle") {
		t.Errorf("cycle: %v", err)
	}
}
