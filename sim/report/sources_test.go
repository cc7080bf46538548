package report

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestReadSources(t *testing.T) {
	src, err := ReadSources(filepath.Join("testdata", "report_alt.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Files) != 2 || !strings.HasSuffix(src.Files[0].Path, "report_base.yaml") {
		t.Fatalf("files %+v, want the base then the alternative", src.Files)
	}
	if h := src.Files[0].Header; !strings.HasPrefix(h, "A two-site test scenario") || strings.Contains(h, "yaml-language-server") {
		t.Errorf("base header %q: want the file's top comment without the editor directive", h)
	}
	if h := src.Files[1].Header; h != "More beds in the north (E: what the board asked about)." {
		t.Errorf("alternative header %q", h)
	}
	byPath := map[string]Param{}
	var paths []string
	for _, p := range src.Params {
		byPath[p.Path] = p
		paths = append(paths, p.Path)
	}
	cases := []struct {
		path, value, grade, comment, file string
	}{
		// Overridden by the alternative, with its own comment.
		{"name", "report-alt", "", "", "report_alt.yaml"},
		{"sites.north.beds.capacity", "140", "E", "E: +20 beds", "report_alt.yaml"},
		// A distribution merged key by key: the alternative's median over
		// the base's p95.
		{"sites.north.beds.los", "{dist: lognormal, median: 2.5d, p95: 15d}", "E", "E: shorter stays", "report_alt.yaml"},
		// Inherited from the base.
		{"horizon", "40d", "E", "E: long enough", "report_base.yaml"},
		{"places.town.arrivals", "60/d", "S/D", "S/D: 22,000 a year / 365", "report_base.yaml"},
		// A one-line mapping's comment covers its entries.
		{"places.town.sites.north", "0.6", "E", "E: travel times", "report_base.yaml"},
		// A list item's comment describes the list.
		{"sites.north.beds.schedule", "[{from: 2025-12-01, to: 2026-03-31, capacity: 130}]", "E", "E: winter beds", "report_base.yaml"},
		// The comment on the line above a setting.
		{"sites.south.beds.los", "{dist: gamma, mean: 3.5d, sd: 3d}", "D", "D: mean of the national figures", "report_base.yaml"},
		{"sites.south.beds.capacity", "90", "", "", "report_base.yaml"},
	}
	for _, c := range cases {
		p, ok := byPath[c.path]
		if !ok {
			t.Errorf("%s missing (have %s)", c.path, strings.Join(paths, ", "))
			continue
		}
		if p.Value != c.value || p.Grade != c.grade || p.Comment != c.comment || filepath.Base(p.File) != c.file {
			t.Errorf("%s = %q grade %q comment %q from %s; want %q, %q, %q from %s",
				c.path, p.Value, p.Grade, p.Comment, p.File, c.value, c.grade, c.comment, c.file)
		}
	}
	// A null deletes the inherited value; extends: is not a setting.
	for _, gone := range []string{"sites.south.beds.schedule", "extends"} {
		if _, ok := byPath[gone]; ok {
			t.Errorf("%s listed, want it gone", gone)
		}
	}
	// A comment above a block is a section note.
	if p := byPath["sites"]; !p.Section || p.Comment != "Sites and their beds." {
		t.Errorf("sites = %+v, want a section note", p)
	}
}

// TestReadSourcesCycle: the chain is the loader's, so a cycle, which no
// run can have, is the loader's error rather than a chain cut short.
func TestReadSourcesCycle(t *testing.T) {
	if _, err := ReadSources(filepath.Join("testdata", "report_cycle.yaml")); err == nil || !strings.Contains(err.Error(), "extends cycle") {
		t.Errorf("cycle: %v, want the loader's extends cycle error", err)
	}
	if _, err := ReadSources(filepath.Join("testdata", "missing.yaml")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestGrade(t *testing.T) {
	for comment, want := range map[string]string{
		"E":                        "E",
		"E: a judgement":           "E",
		"S/D: 8 city PCNs":         "S/D",
		"P/E: 85+ mean 12.5 d":     "P/E",
		"D, CONTEXT.md":            "D",
		"Every number has a grade": "",
		"Patient groups":           "",
		"":                         "",
	} {
		if got := grade(comment); got != want {
			t.Errorf("grade(%q) = %q, want %q", comment, got, want)
		}
	}
}
