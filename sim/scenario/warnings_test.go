package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtendsThatAddsAKeyWarns: an intervention that spells a site, place,
// cohort or a place's share key differently from its base adds a new one;
// that is legal, so it loads, but it warns and names the likely key, at the
// intervention's line.
func TestExtendsThatAddsAKeyWarns(t *testing.T) {
	dir := t.TempDir()
	base := `name: base
places:
  town: {arrivals: 4/h, sites: {north: 0.5, south: 0.5}}
sites:
  north: {beds: {capacity: 10, los: {dist: exponential, mean: 1h}}}
  south: {beds: {capacity: 10, los: {dist: exponential, mean: 1h}}}
`
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("base.yaml", base)
	for name, c := range map[string]struct {
		body string
		want []string // substrings of the warnings, in order
	}{
		"site typo": {"extends: base.yaml\nsites:\n  North:\n    beds: {capacity: 12, los: {dist: exponential, mean: 1h}}\n",
			[]string{`typo.yaml:3: sites.North: adds a site that`, `(did you mean "north"?)`, "sites.North: receives no patients"}},
		// A share naming a site nobody has is an error already.
		"share typo": {"extends: base.yaml\nplaces:\n  town:\n    sites: {north: 0.5, sout: 0.5}\n", nil},
		"place typo": {"extends: base.yaml\nplaces:\n  tonw: {arrivals: 1/h, sites: {north: 1}}\n",
			[]string{`places.tonw: adds a place`, `(it has town)`}},
		"no change": {"extends: base.yaml\nsites:\n  north: {beds: {capacity: 12}}\n", nil},
		"a real new site": {"extends: base.yaml\nplaces:\n  town: {sites: {north: 0.4, south: 0.4, east: 0.2}}\nsites:\n  east: {beds: {capacity: 5, los: {dist: exponential, mean: 1h}}}\n",
			// The new site warns (a site its base lacks); its share does
			// not, as east is a site of the scenario now.
			[]string{"sites.east: adds a site"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := write("typo.yaml", c.body)
			sc, err := Load(p)
			if err != nil {
				if name == "share typo" {
					if !strings.Contains(err.Error(), "places.town.sites.sout: no such site") {
						t.Fatalf("share typo: %v", err)
					}
					return
				}
				t.Fatal(err)
			}
			var got []string
			for _, w := range sc.Warnings {
				got = append(got, w.Error())
			}
			all := strings.Join(got, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("warnings lack %q:\n%s", w, all)
				}
			}
			if (len(c.want) == 0 && len(got) > 0) || (name == "a real new site" && len(got) != 1) {
				t.Errorf("unexpected warnings:\n%s", all)
			}
		})
	}
}
