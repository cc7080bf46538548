package web

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowsim/flowsim/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// loadShipped loads a shipped scenario by its path under scenarios/.
func loadShipped(t *testing.T, rel string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(filepath.Join(shipped, rel))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestDiagramWithoutNewPartsIsUnchanged compares the diagram of
// scenarios without ED capacity, a UTC, escalation or D2A with the
// output drawn before the diagram knew of them.
func TestDiagramWithoutNewPartsIsUnchanged(t *testing.T) {
	for _, c := range []struct{ rel, golden string }{
		{"notts/baseline.yaml", "diagram-baseline.svg"},
		{"examples/mmc.yaml", "diagram-mmc.svg"},
	} {
		t.Run(c.rel, func(t *testing.T) {
			got := string(diagram(loadShipped(t, c.rel)))
			path := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("diagram of %s differs from %s (go test -update rewrites it)", c.rel, path)
			}
		})
	}
}

// svgBox is a unit's box as the diagram draws it: a rect in a group with
// its texts, and the site whose box holds it.
type svgBox struct {
	rect        svgRect
	class, site string
	title       string
	lines       []string
	texts       []svgText
}

type svgRect struct{ x, y, w, h float64 }

func (r svgRect) contains(o svgRect) bool {
	return o.x >= r.x && o.y >= r.y && o.x+o.w <= r.x+r.w && o.y+o.h <= r.y+r.h
}

func (r svgRect) overlaps(o svgRect) bool {
	return r.x < o.x+o.w && o.x < r.x+r.w && r.y < o.y+o.h && o.y < r.y+r.h
}

// inset returns r shrunk by d on every side.
func (r svgRect) inset(d float64) svgRect { return svgRect{r.x + d, r.y + d, r.w - 2*d, r.h - 2*d} }

// onBorder reports whether point (x, y) lies on r's edge.
func (r svgRect) onBorder(x, y float64) bool {
	in := x >= r.x && x <= r.x+r.w && y >= r.y && y <= r.y+r.h
	return in && (x == r.x || x == r.x+r.w || y == r.y || y == r.y+r.h)
}

type svgText struct {
	x, y  float64
	class string
	text  string
}

// bounds is the text's extent: its estimated width from x and a
// line's height above its baseline y.
func (t svgText) bounds() svgRect {
	size, bold := 12.0, false
	switch t.class {
	case "label":
		size, bold = 13, true
	case "site-title":
		size, bold = 15, true
	}
	return svgRect{t.x, t.y - size, textWidth(t.text, size, bold), size + 3}
}

type svgLine struct {
	x1, y1, x2, y2 float64
	dashed         bool
}

// svgDrawing is a diagram taken apart.
type svgDrawing struct {
	view  svgRect
	sites map[string]svgRect
	boxes []*svgBox
	free  []svgText // texts outside a unit's box
	lines []svgLine
	desc  string
}

// parseDiagram reads the diagram's SVG back into rectangles, texts and
// lines, in diagram units.
func parseDiagram(t *testing.T, svg string) *svgDrawing {
	t.Helper()
	d := &svgDrawing{sites: map[string]svgRect{}}
	dec := xml.NewDecoder(strings.NewReader(svg))
	num := func(e xml.StartElement, name string) float64 {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				f, err := strconv.ParseFloat(a.Value, 64)
				if err != nil {
					t.Fatalf("%s=%q: %v", name, a.Value, err)
				}
				return f
			}
		}
		t.Fatalf("<%s> without %s", e.Name.Local, name)
		return 0
	}
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	var group *svgBox
	var text *svgText
	var inDesc bool
	var siteRects []svgRect
	var siteTitles []svgText
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("diagram is not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if attr(e, "style") != "" {
				t.Errorf("<%s> has a style attribute, which the CSP forbids", e.Name.Local)
			}
			switch e.Name.Local {
			case "svg":
				var v svgRect
				if _, err := fmt.Sscanf(attr(e, "viewBox"), "%g %g %g %g", &v.x, &v.y, &v.w, &v.h); err != nil {
					t.Fatalf("viewBox %q: %v", attr(e, "viewBox"), err)
				}
				d.view = v
			case "desc":
				inDesc = true
			case "g":
				group = &svgBox{class: attr(e, "class")}
			case "rect":
				r := svgRect{num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height")}
				switch {
				case group != nil:
					group.rect = r
				case attr(e, "class") == "site":
					siteRects = append(siteRects, r)
				default:
					t.Errorf("a rect neither a site nor in a unit's group: %+v", r)
				}
			case "text":
				text = &svgText{x: num(e, "x"), y: num(e, "y"), class: attr(e, "class")}
			case "line":
				d.lines = append(d.lines, svgLine{num(e, "x1"), num(e, "y1"), num(e, "x2"), num(e, "y2"), attr(e, "stroke-dasharray") != ""})
			}
		case xml.CharData:
			switch {
			case text != nil:
				text.text += string(e)
			case inDesc:
				d.desc += string(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "desc":
				inDesc = false
			case "text":
				switch {
				case group != nil:
					group.texts = append(group.texts, *text)
					if text.class == "label" {
						group.title = text.text
					} else {
						group.lines = append(group.lines, text.text)
					}
				case text.class == "site-title":
					siteTitles = append(siteTitles, *text)
					d.free = append(d.free, *text)
				default:
					d.free = append(d.free, *text)
				}
				text = nil
			case "g":
				d.boxes = append(d.boxes, group)
				group = nil
			}
		}
	}
	if len(siteRects) != len(siteTitles) {
		t.Fatalf("%d site boxes, %d site titles", len(siteRects), len(siteTitles))
	}
	for i, r := range siteRects {
		d.sites[siteTitles[i].text] = r
	}
	for _, b := range d.boxes {
		for name, r := range d.sites {
			if r.contains(b.rect) {
				b.site = name
			}
		}
	}
	return d
}

// box returns the unit titled title in site, nil if there is none.
func (d *svgDrawing) box(site, title string) *svgBox {
	for _, b := range d.boxes {
		if b.site == site && b.title == title {
			return b
		}
	}
	return nil
}

// linked reports whether a line runs from the border of a to that of b.
func (d *svgDrawing) linked(a, b *svgBox) bool {
	for _, l := range d.lines {
		if a.rect.onBorder(l.x1, l.y1) && b.rect.onBorder(l.x2, l.y2) {
			return true
		}
	}
	return false
}

// dejaVu are the advance widths, in thousandths of an em, of DejaVu Sans
// (Book, then Bold) for ASCII 32 to 126: the font Chromium falls back to
// on Linux, wider than the system fonts of most planners' computers, so
// text that fits by them fits anywhere.
var dejaVu = [2][95]int{
	{317, 400, 459, 837, 636, 950, 779, 274, 390, 390, 500, 837, 317, 360, 317, 336, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 336, 336, 837, 837, 837, 530, 1000, 684, 686, 698, 770, 631, 575, 774, 751, 294, 294, 655, 557, 862, 748, 787, 603, 787, 694, 634, 610, 731, 684, 988, 685, 610, 685, 390, 336, 390, 837, 500, 500, 612, 634, 549, 634, 615, 352, 634, 633, 277, 277, 579, 277, 974, 633, 611, 634, 634, 411, 520, 392, 633, 591, 817, 591, 591, 524, 636, 336, 636, 837},
	{348, 456, 520, 837, 695, 1001, 872, 306, 457, 457, 522, 837, 379, 415, 379, 365, 695, 695, 695, 695, 695, 695, 695, 695, 695, 695, 399, 399, 837, 837, 837, 580, 1000, 773, 762, 733, 830, 683, 683, 820, 836, 372, 372, 774, 637, 995, 836, 850, 732, 850, 770, 720, 682, 812, 773, 1103, 770, 724, 725, 457, 365, 457, 837, 500, 500, 674, 715, 592, 715, 678, 435, 715, 711, 342, 342, 665, 342, 1041, 711, 687, 715, 715, 493, 595, 478, 711, 651, 923, 645, 651, 582, 711, 365, 711, 837},
}

// textWidth estimates the width of s set in DejaVu Sans at size; a
// character outside ASCII counts as an em dash's half (the en dash).
func textWidth(s string, size float64, bold bool) float64 {
	face := 0
	if bold {
		face = 1
	}
	w := 0
	for _, r := range s {
		if r >= 32 && r <= 126 {
			w += dejaVu[face][r-32]
		} else {
			w += 500
		}
	}
	return float64(w) * size / 1000
}

// checkLayout reports boxes that overlap, leave the viewBox or straddle a
// site's edge, texts that overflow their box or cover one, and lines that
// leave the viewBox, cross a box or are too short to read.
func checkLayout(t *testing.T, d *svgDrawing) {
	t.Helper()
	for name, r := range d.sites {
		if !d.view.contains(r) {
			t.Errorf("site %s %+v is outside the viewBox %+v", name, r, d.view)
		}
		for other, o := range d.sites {
			if name < other && r.overlaps(o) {
				t.Errorf("sites %s and %s overlap", name, other)
			}
		}
	}
	for i, b := range d.boxes {
		if !d.view.contains(b.rect) {
			t.Errorf("%s/%s %+v is outside the viewBox %+v", b.site, b.title, b.rect, d.view)
		}
		for name, r := range d.sites {
			if b.site == "" && r.overlaps(b.rect) {
				t.Errorf("%s straddles site %s's edge", b.title, name)
			}
		}
		for _, o := range d.boxes[i+1:] {
			if b.rect.overlaps(o.rect) {
				t.Errorf("%s/%s %+v overlaps %s/%s %+v", b.site, b.title, b.rect, o.site, o.title, o.rect)
			}
		}
		if b.site == "" {
			// Places and virtual wards are drawn as they were before the
			// site's boxes grew to their text; "virtual ward, 105 places"
			// (vw-expansion.yaml) runs a pixel past its box in DejaVu.
			continue
		}
		for _, tx := range b.texts {
			if !b.rect.inset(2).contains(tx.bounds()) {
				t.Errorf("%s/%s: %q (%.0f wide) overflows its box %+v", b.site, b.title, tx.text, tx.bounds().w, b.rect)
			}
		}
	}
	for _, tx := range d.free {
		if !d.view.contains(tx.bounds()) {
			t.Errorf("text %q is outside the viewBox", tx.text)
		}
		for _, b := range d.boxes {
			if tx.bounds().overlaps(b.rect) {
				t.Errorf("text %q covers %s/%s", tx.text, b.site, b.title)
			}
		}
	}
	for _, l := range d.lines {
		for _, p := range [][2]float64{{l.x1, l.y1}, {l.x2, l.y2}} {
			if !d.view.contains(svgRect{p[0], p[1], 0, 0}) {
				t.Errorf("line %+v leaves the viewBox", l)
			}
		}
		// An arrowhead is 8 long: an arrow shorter than twice that is
		// hard to see between its boxes.
		if math.Hypot(l.x2-l.x1, l.y2-l.y1) < 16 {
			t.Errorf("line %+v is too short to read", l)
		}
		for _, b := range d.boxes {
			if crosses(l, b.rect.inset(1)) {
				t.Errorf("line %+v crosses %s/%s", l, b.site, b.title)
			}
		}
	}
}

// crosses reports whether segment l passes through the inside of r
// (tested at 200 points along it, finer than a unit at these lengths).
func crosses(l svgLine, r svgRect) bool {
	for i := 0; i <= 200; i++ {
		f := float64(i) / 200
		x, y := l.x1+f*(l.x2-l.x1), l.y1+f*(l.y2-l.y1)
		if x > r.x && x < r.x+r.w && y > r.y && y < r.y+r.h {
			return true
		}
	}
	return false
}

// TestDiagramLayoutIsClear checks every shipped scenario's diagram, and
// one with every new part at every site, for overlaps and overflows.
func TestDiagramLayoutIsClear(t *testing.T) {
	s, _ := newServer(t)
	n := 0
	for _, e := range s.entries(kindShipped) {
		sc, err := scenario.Load(e.Ref.Path)
		if err != nil {
			t.Errorf("%s: %v", e.Ref.Rel, err)
			continue
		}
		n++
		t.Run(e.Ref.Rel, func(t *testing.T) { checkLayout(t, parseDiagram(t, string(diagram(sc)))) })
	}
	if n < 15 {
		t.Errorf("only %d shipped scenarios checked", n)
	}
	t.Run("every part", func(t *testing.T) {
		d := parseDiagram(t, string(diagram(everyPart(t))))
		checkLayout(t, d)
		for _, title := range []string{"ED", "UTC", "SDEC", "acute beds", "hub", "D2A", "p1", "p2", "p3"} {
			if d.box("kings_mill", title) == nil {
				t.Errorf("kings_mill has no %s box", title)
			}
		}
	})
}

// everyPart is notts/ed-capacity.yaml with the UTC of qmc-utc.yaml, the
// escalation beds of escalation.yaml and the D2A of
// discharge-to-assess.yaml, all at King's Mill: the widest site there
// can be.
func everyPart(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc := loadShipped(t, "notts/ed-capacity.yaml")
	km := sc.Sites["kings_mill"]
	km.UTC = loadShipped(t, "notts/qmc-utc.yaml").Sites["qmc"].UTC
	km.UTC.Days = scenario.DayList{scenario.Day(time.Monday), scenario.Day(time.Tuesday), scenario.Day(time.Wednesday), scenario.Day(time.Thursday), scenario.Day(time.Friday), scenario.Day(time.Sunday)}
	km.Escalation = loadShipped(t, "notts/escalation.yaml").Sites["qmc"].Escalation
	km.D2A = loadShipped(t, "notts/discharge-to-assess.yaml").Sites["qmc"].D2A
	return sc
}

// TestDiagramShowsTheFrontDoorEscalationAndD2A checks that the diagram
// of each shipped scenario with ED capacity, a UTC, escalation beds or
// discharge to assess names them with the file's numbers, routes
// patients through them, and says the same in its text alternative.
func TestDiagramShowsTheFrontDoorEscalationAndD2A(t *testing.T) {
	type want struct {
		site, title string
		lines       []string
	}
	type link struct {
		site, from, to string
		want           bool
	}
	for _, c := range []struct {
		rel   string
		boxes []want
		links []link
		free  []string // texts outside the boxes
		desc  []string
	}{
		{
			rel: "notts/ed-capacity.yaml",
			boxes: []want{
				{"qmc", "ED", []string{"55 majors cubicles", "15–35 minors cubicles", "12 corridor spaces", "10–24 clinicians", "ambulance handover"}},
				{"kings_mill", "ED", []string{"30 majors cubicles", "8–18 minors cubicles", "8 corridor spaces", "5–12 clinicians", "ambulance handover"}},
				{"qmc", "acute beds", []string{"1100 beds"}},
			},
			links: []link{{"qmc", "ED", "acute beds", true}, {"qmc", "SDEC", "acute beds", true}, {"kings_mill", "ED", "acute beds", true}},
			desc: []string{
				"ED at qmc: 55 majors cubicles, 15 to 35 minors cubicles, 12 corridor spaces and 10 to 24 clinicians on a rota; admitted patients wait for a bed in a corridor space when one is free; ambulance crews hand over into a majors cubicle, or a corridor space when the cubicles are full.",
				"ED at kings_mill: 30 majors cubicles, 8 to 18 minors cubicles, 8 corridor spaces and 5 to 12 clinicians on a rota;",
			},
		},
		{
			rel: "notts/qmc-utc.yaml",
			boxes: []want{
				{"qmc", "ED", []string{"emergency dept"}},
				{"qmc", "UTC", []string{"8 clinicians", "08:00-24:00"}},
			},
			links: []link{{"qmc", "ED", "UTC", true}, {"qmc", "UTC", "acute beds", false}, {"qmc", "ED", "acute beds", true}},
			free:  []string{"25% streamed"},
			desc:  []string{"Urgent treatment centre at qmc: 8 clinicians, taking patients 08:00-24:00 every day; ED streams 25% of its attendances that are not admitted to it while it is open."},
		},
		{
			rel: "notts/escalation.yaml",
			boxes: []want{
				{"qmc", "acute beds", []string{"1100 beds", "+60 escalation beds"}},
				{"city", "acute beds", []string{"550 beds", "+30 escalation beds"}},
				{"kings_mill", "acute beds", []string{"630 beds", "+30 escalation beds"}},
			},
			links: []link{{"qmc", "acute beds", "hub", true}, {"qmc", "hub", "p2", true}},
			desc: []string{
				"Escalation at qmc: up to 60 more beds, opened as patients wait for a bed: opel2 +20 at 60 waiting, opel3 +20 at 90 waiting, opel4 +20 at 120 waiting.",
				"Escalation at city: up to 30 more beds, opened as patients wait for a bed: opel2 +10 at 40 waiting,",
			},
		},
		{
			rel: "notts/discharge-to-assess.yaml",
			boxes: []want{
				{"qmc", "D2A", []string{"103 places"}},
				{"city", "D2A", []string{"29 places"}},
				{"kings_mill", "D2A", []string{"74 places"}},
			},
			links: []link{
				{"qmc", "acute beds", "D2A", true}, {"qmc", "D2A", "p1", true}, {"qmc", "D2A", "p2", true}, {"qmc", "D2A", "p3", true},
				{"qmc", "hub", "D2A", true}, // the hub assesses them there
				{"qmc", "acute beds", "hub", false}, {"qmc", "hub", "p2", false}, {"qmc", "acute beds", "p2", false},
			},
			desc: []string{"Discharge to assess at qmc: 103 interim places; p1-p3 patients leave the acute bed for one when medically safe, where the hub assesses them, and move on to their pathway from there."},
		},
	} {
		t.Run(c.rel, func(t *testing.T) {
			d := parseDiagram(t, string(diagram(loadShipped(t, c.rel))))
			for _, w := range c.boxes {
				b := d.box(w.site, w.title)
				if b == nil {
					t.Errorf("no %s box at %s", w.title, w.site)
					continue
				}
				if !slices.Equal(b.lines, w.lines) {
					t.Errorf("%s/%s says %q, want %q", w.site, w.title, b.lines, w.lines)
				}
			}
			for _, l := range c.links {
				from, to := d.box(l.site, l.from), d.box(l.site, l.to)
				if from == nil || to == nil {
					t.Errorf("%s: no %s or %s box", l.site, l.from, l.to)
					continue
				}
				if got := d.linked(from, to); got != l.want {
					t.Errorf("%s: a line from %s to %s: %v, want %v", l.site, l.from, l.to, got, l.want)
				}
			}
			for _, w := range c.free {
				if !slices.ContainsFunc(d.free, func(tx svgText) bool { return tx.text == w }) {
					t.Errorf("no text %q", w)
				}
			}
			for _, w := range c.desc {
				if !strings.Contains(d.desc, w) {
					t.Errorf("text alternative lacks %q:\n%s", w, d.desc)
				}
			}
		})
	}
}

// TestScenarioPageDrawsEDCapacity checks that the scenario page serves the
// diagram with the new parts, not only the function drawing it.
func TestScenarioPageDrawsEDCapacity(t *testing.T) {
	s, _ := newServer(t)
	w := get(t, s, "/scenario/shipped/notts/ed-capacity.yaml")
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	for _, want := range []string{"55 majors cubicles", "ED at qmc: 55 majors cubicles"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestDaysAreWrittenCompactly(t *testing.T) {
	d := func(ws ...time.Weekday) scenario.DayList {
		var l scenario.DayList
		for _, w := range ws {
			l = append(l, scenario.Day(w))
		}
		return l
	}
	for _, c := range []struct {
		days scenario.DayList
		want string
	}{
		{nil, "every day"},
		{d(time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday), "every day"},
		{d(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday), "mon–fri"},
		{d(time.Saturday, time.Sunday), "sat, sun"},
		{d(time.Sunday, time.Monday, time.Wednesday, time.Thursday, time.Friday), "mon, wed–fri, sun"},
	} {
		if got := days(c.days); got != c.want {
			t.Errorf("days(%v) = %q, want %q", c.days, got, c.want)
		}
	}
}
