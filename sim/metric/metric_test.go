package metric

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestRegistryIsWellFormed(t *testing.T) {
	name := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seen := map[string]bool{}
	for _, d := range All() {
		if !name.MatchString(d.Name) || seen[d.Name] {
			t.Errorf("metric %q: bad or repeated name", d.Name)
		}
		seen[d.Name] = true
		if d.Label == "" || d.Unit == "" || d.Description == "" {
			t.Errorf("metric %q: label %q, unit %q, description %q: all are needed", d.Name, d.Label, d.Unit, d.Description)
		}
		if got, ok := Lookup(d.Name); !ok || got != d {
			t.Errorf("Lookup(%q) = %+v, %v", d.Name, got, ok)
		}
	}
	if _, ok := Lookup("no_such_metric"); ok {
		t.Error("Lookup found a metric that does not exist")
	}
}

func TestImproves(t *testing.T) {
	cases := []struct {
		b    Better
		diff float64
		want bool
	}{
		{Lower, -1, true}, {Lower, 1, false}, {Lower, 0, false},
		{Higher, 1, true}, {Higher, -1, false}, {Neither, 5, false}, {Neither, -5, false},
	}
	for _, c := range cases {
		if got := c.b.Improves(c.diff); got != c.want {
			t.Errorf("%v.Improves(%v) = %v, want %v", c.b, c.diff, got, c.want)
		}
	}
	if d, _ := Lookup(BedDays); d.Better != Lower {
		t.Error("fewer bed-days must be better")
	}
	if d, _ := Lookup(ED4hShare); d.Better != Higher {
		t.Error("a higher four-hour share must be better")
	}
}

var update = flag.Bool("update", false, "rewrite docs/metrics.md from the registry")

const docsHeader = `# Metrics

Every metric flowsim reports, per site and for the system (` + "`all`" + `), all
measured after the warm-up. "better" says which direction of change is an
improvement (– for counts of activity); compare tables and the report use
it. This page is generated from the registry in ` + "`sim/metric`" + `:
` + "`go test ./sim/metric -update`" + ` rewrites it.

`

// TestDocsInSync: docs/metrics.md is the registry's table.
func TestDocsInSync(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "metrics.md")
	want := docsHeader + Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("docs/metrics.md differs from the metric registry: run go test ./sim/metric -update")
	}
}
