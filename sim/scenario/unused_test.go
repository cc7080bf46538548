package scenario

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestUnusedUnitWarns: a service that no arriving patient can reach loads
// (it is legal) but warns, naming the unit and what would send patients to
// it; the same service with patients to serve does not warn.
func TestUnusedUnitWarns(t *testing.T) {
	const site = `sites:
  north:
    beds: {capacity: 10}
    sdec: {chairs: 2, hours: "08:00-20:00", episode: {dist: fixed, value: 4h}, same_day: 0.8}
    hub: {days: 7, staff: 2, assessment: {dist: fixed, value: 2h}}
    pathways:
      p2: {capacity: 3, los: {dist: fixed, value: 5d}}
virtual_wards:
  hah: {capacity: 5, los: {dist: fixed, value: 3d}, sites: [north]}
`
	cohort := func(name, share, extra string) string {
		return "  " + name + ": {share: " + share + ", los: {dist: fixed, value: 2d}" + extra + "}\n"
	}
	for name, c := range map[string]struct {
		places, cohorts string
		want            []string // field and message substrings, in order
	}{
		"every unit used": {
			places:  "  town: {arrivals: 4/h, sites: {north: 1}}\n",
			cohorts: cohort("old", "1", ", pathways: {p0: 0.5, p2: 0.5}, sdec: 0.2, step_up: 0.1"),
		},
		"nobody is sent anywhere": {
			places:  "  town: {arrivals: 4/h, sites: {north: 1}}\n",
			cohorts: cohort("young", "1", ""),
			want: []string{
				"sites.north.pathways.p2: is never used: no cohort arriving at north is discharged on p2", "sites.north.hub: is never used",
				"sites.north.sdec: is never used", "virtual_wards.hah: is never used",
			},
		},
		// The cohort that would use the units has no share anywhere, so
		// it never arrives.
		"the cohort that needs them never arrives": {
			places:  "  town: {arrivals: 4/h, sites: {north: 1}}\n",
			cohorts: cohort("young", "1", "") + cohort("old", "0", ", pathways: {p0: 0.5, p2: 0.5}, sdec: 0.2, step_up: 0.1"),
			want: []string{
				"sites.north.pathways.p2: is never used", "sites.north.hub: is never used",
				"sites.north.sdec: is never used", "virtual_wards.hah: is never used",
			},
		},
		// A place's own cohort shares send the cohort, though its
		// default share is 0.
		"a place sends the cohort": {
			places:  "  town: {arrivals: 4/h, sites: {north: 1}, cohorts: {young: 0.5, old: 0.5}}\n",
			cohorts: cohort("young", "1", "") + cohort("old", "0", ", pathways: {p0: 0.5, p2: 0.5}, sdec: 0.2, step_up: 0.1"),
		},
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.yaml")
			body := "name: t\nplaces:\n" + c.places + "cohorts:\n" + c.cohorts + site
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			sc, err := Load(p)
			if err != nil {
				t.Fatalf("%v\n%s", err, body)
			}
			var got []string
			for _, w := range sc.Warnings {
				got = append(got, w.Error())
			}
			if len(got) != len(c.want) {
				t.Fatalf("warnings %q, want %d matching %q", got, len(c.want), c.want)
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// TestUnusedUnitPerSite: patients stay at the site they arrive at, so a
// unit is judged by the cohorts its own site receives. The frail cohort
// goes only to north: north's p2, hub and SDEC are used, south's are not,
// and the virtual ward serving south is never used though the one serving
// north is.
func TestUnusedUnitPerSite(t *testing.T) {
	const body = `name: t
places:
  town: {arrivals: 4/h, sites: {north: 1}, cohorts: {frail: 1}}
  village: {arrivals: 2/h, sites: {south: 1}, cohorts: {well: 1}}
cohorts:
  frail: {share: 0.5, los: {dist: fixed, value: 2d}, pathways: {p0: 0.5, p2: 0.5}, sdec: 0.2, step_up: 0.1}
  well: {share: 0.5, los: {dist: fixed, value: 2d}}
sites:
  north:
    beds: {capacity: 10}
    sdec: {chairs: 2, hours: "08:00-20:00", episode: {dist: fixed, value: 4h}, same_day: 0.8}
    hub: {days: 7, staff: 2, assessment: {dist: fixed, value: 2h}}
    pathways:
      p2: {capacity: 3, los: {dist: fixed, value: 5d}}
  south:
    beds: {capacity: 10}
    sdec: {chairs: 2, hours: "08:00-20:00", episode: {dist: fixed, value: 4h}, same_day: 0.8}
    hub: {days: 7, staff: 2, assessment: {dist: fixed, value: 2h}}
    pathways:
      p2: {capacity: 3, los: {dist: fixed, value: 5d}}
virtual_wards:
  northern: {capacity: 5, los: {dist: fixed, value: 3d}, sites: [north]}
  southern: {capacity: 5, los: {dist: fixed, value: 3d}, sites: [south]}
`
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range sc.Warnings {
		got = append(got, w.Field)
	}
	want := []string{"sites.south.pathways.p2", "sites.south.hub", "sites.south.sdec", "virtual_wards.southern"}
	if !slices.Equal(got, want) {
		t.Errorf("warned fields %q, want %q", got, want)
	}
}
