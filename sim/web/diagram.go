package web

import (
	"fmt"
	"html"
	"html/template"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/scenario"
)

// Diagram geometry, in SVG user units.
const (
	dgPlaceX, dgPlaceW = 10, 150
	dgSiteX, dgSiteW   = 230, 560
	dgWardX, dgWardW   = 850, 150
	dgWidth            = 1010
	dgSiteH, dgGap     = 190, 24 // a site's least height; the space between sites
	dgBoxH             = 44      // a unit's box with one line of detail
	dgLineH            = 15      // each further line of detail
)

// diagram draws the care process of sc as inline SVG: places on the left
// send their arrivals (with the share to each site) to the sites; in each
// site ED (with an urgent treatment centre it streams minors to) and SDEC
// lead to the acute beds (with any escalation beds), beds to the
// transfer-of-care hub, or to discharge-to-assess places where the hub
// assesses patients, and on to pathways 1-3; virtual wards on the right,
// linked to the sites they serve. Every box states its capacity; a site's
// box is as tall as its units need. The text is escaped; the SVG uses
// presentation attributes only, so the page's Content-Security-Policy
// needs no inline styles.
func diagram(sc *scenario.Scenario) template.HTML {
	sites := slices.Sorted(maps.Keys(sc.Sites))
	places := slices.Sorted(maps.Keys(sc.Places))
	wards := slices.Sorted(maps.Keys(sc.VirtualWards))
	layouts := map[string]*siteLayout{}
	siteY := map[string]int{}
	next := 20
	for _, k := range sites {
		layouts[k] = layoutSite(sc, k)
		siteY[k] = next
		next += layouts[k].height + dgGap
	}
	height := max(next-20, len(places)*70, len(wards)*80) + 40
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="dg-title dg-desc" class="diagram">`, dgWidth, height)
	fmt.Fprintf(&b, `<title id="dg-title">Care process of %s</title>`, esc(sc.Name))
	fmt.Fprintf(&b, `<desc id="dg-desc">%s</desc>`, esc(describeProcess(sc, sites, places, wards)))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`)
	// Places and their shares.
	for i, k := range places {
		p := sc.Places[k]
		y := 20 + i*70
		box(&b, dgPlaceX, y, dgPlaceW, 50, "place", k, p.Arrivals.String()+" arrivals")
		for _, sk := range slices.Sorted(maps.Keys(p.Sites)) {
			share := p.Sites[sk]
			sy, ok := siteY[sk]
			if !ok || share <= 0 {
				continue
			}
			x1, y1, x2, y2 := dgPlaceX+dgPlaceW, y+25, dgSiteX, sy+layouts[sk].height/2
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#777" stroke-width="%s" marker-end="url(#arrow)"/>`,
				x1, y1, x2, y2, strconv.FormatFloat(0.8+3*share, 'f', 1, 64))
			// The share is written near the place, where the lines
			// leaving it are still apart.
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="share">%s</text>`, x1+4+(x2-x1)/6, y1+(y2-y1)/6-3, esc(percent(share)))
		}
	}
	// Sites.
	for _, k := range sites {
		layouts[k].draw(&b, k, siteY[k])
	}
	// Virtual wards.
	for i, k := range wards {
		vw := sc.VirtualWards[k]
		y := 20 + i*80
		box(&b, dgWardX, y, dgWardW, 50, "ward", k, "virtual ward, "+strconv.Itoa(vw.Capacity)+" places")
		for _, sk := range vw.Sites {
			if sy, ok := siteY[sk]; ok {
				fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#777" stroke-dasharray="4 3" marker-start="url(#arrow)" marker-end="url(#arrow)"/>`,
					dgSiteX+dgSiteW, sy+70, dgWardX, y+25)
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text escaped above
}

// unitBox is one unit of a site's drawing, placed relative to the site's
// top left corner.
type unitBox struct {
	x, y, w      int
	class, title string
	lines        []string // the detail, a line each (at least one)
}

func (u *unitBox) h() int      { return dgBoxH + dgLineH*(len(u.lines)-1) }
func (u *unitBox) right() int  { return u.x + u.w }
func (u *unitBox) bottom() int { return u.y + u.h() }
func (u *unitBox) midX() int   { return u.x + u.w/2 }

// rowY is the height, from a box's top, at which flow leaves or enters
// it: level with its title, so a box grown downwards by more lines keeps
// its arrows where a one-line box has them.
const rowY = dgBoxH / 2

// siteLayout is one site's drawing: its units in columns (ED, UTC and
// SDEC; beds and hub; discharge to assess; the pathways) and the box's
// height.
type siteLayout struct {
	front                   []*unitBox // top to bottom
	ed, utc, beds, hub, d2a *unitBox   // nil where the site has none
	pathways                []*unitBox
	streamed                string // the label of the arrow from ED to the UTC
	height                  int
}

// layoutSite places the units of site key of sc. A site with none of ED
// capacity, a UTC, escalation or D2A keeps the one layout every site
// had before them: 110 wide columns at 10, 160 and 330, 190 high.
func layoutSite(sc *scenario.Scenario, key string) *siteLayout {
	s := sc.Sites[key]
	l := &siteLayout{}
	frontW, bedsW, d2aW, pathW := 110, 110, 110, 110
	if s.ED != nil && s.ED.Majors != nil {
		frontW = 150 // room for "15–35 minors cubicles"
	}
	if s.Escalation != nil {
		bedsW = 140 // room for "+120 escalation beds"
	}
	widths, gaps := []int{frontW, bedsW, pathW}, []int{40, 60}
	if s.D2A != nil {
		// A fourth column: D2A and the pathways narrow (to 80, room
		// for "1000 places") until the gaps between columns keep 30.
		for d2aW > 80 && frontW+bedsW+2*d2aW+3*30 > dgSiteW-20 {
			d2aW -= 10
		}
		pathW = d2aW
		widths, gaps = []int{frontW, bedsW, d2aW, pathW}, []int{40, 40, 40}
	}
	xs := columnsX(widths, gaps)
	pathX := xs[len(xs)-1]

	if s.ED != nil {
		l.ed = &unitBox{class: "unit", title: "ED", lines: edLines(sc, key, s.ED)}
		l.front = append(l.front, l.ed)
	}
	if u := s.UTC; u != nil {
		l.utc = &unitBox{class: "unit utc", title: "UTC", lines: utcLines(u)}
		l.front = append(l.front, l.utc)
		l.streamed = percent(u.Streamed) + " streamed"
	}
	if s.SDEC != nil {
		l.front = append(l.front, &unitBox{class: "unit", title: "SDEC", lines: []string{strconv.Itoa(s.SDEC.Chairs) + " chairs"}})
	}
	y := 30
	for _, u := range l.front {
		if u == l.utc && l.ed != nil {
			y += 16 // room for the label of the arrow from ED
		}
		u.x, u.y, u.w = xs[0], y, frontW
		y = u.bottom() + 12
	}

	l.beds = &unitBox{x: xs[1], y: 30, w: bedsW, class: "unit beds", title: "acute beds", lines: []string{strconv.Itoa(s.Beds.Capacity) + " beds"}}
	if e := s.Escalation; e != nil {
		l.beds.lines = append(l.beds.lines, fmt.Sprintf("+%d escalation beds", e.ExtraBeds(len(e.Levels))))
	}
	if d := s.D2A; d != nil {
		l.d2a = &unitBox{x: xs[2], y: 30, w: d2aW, class: "unit d2a", title: "D2A",
			lines: []string{counted(d.Schedule.Least(d.Capacity), d.Schedule.Most(d.Capacity), "place", "places")}}
	}
	if h := s.Hub; h != nil {
		l.hub = &unitBox{x: l.beds.x, y: max(100, l.beds.bottom()+26), w: bedsW, class: "unit", title: "hub",
			lines: []string{fmt.Sprintf("%d staff, %d days", h.Staff, h.Days)}}
	}
	for i, name := range scenario.PathwayNames[1:] {
		if p := s.Pathways[name]; p != nil {
			l.pathways = append(l.pathways, &unitBox{x: pathX, y: 22 + i*(dgBoxH+6), w: pathW, class: "unit pathway", title: name,
				lines: []string{strconv.Itoa(p.Capacity) + " places"}})
		}
	}
	bottom := 0
	for _, u := range l.boxes() {
		bottom = max(bottom, u.bottom())
	}
	l.height = max(dgSiteH, bottom+24)
	return l
}

// boxes returns every unit of the layout.
func (l *siteLayout) boxes() []*unitBox {
	out := append([]*unitBox{l.beds}, l.front...)
	for _, u := range []*unitBox{l.hub, l.d2a} {
		if u != nil {
			out = append(out, u)
		}
	}
	return append(out, l.pathways...)
}

// columnsX returns the left edges of columns of the given widths placed
// left to right 10 in from a site's edges with the given gaps between
// them, the gaps narrowed in proportion when the site is too narrow.
func columnsX(widths, gaps []int) []int {
	room, total := dgSiteW-20, 0
	for _, w := range widths {
		room -= w
	}
	for _, g := range gaps {
		total += g
	}
	xs := make([]int, len(widths))
	x := 10
	for i, w := range widths {
		xs[i] = x
		if i < len(gaps) {
			g := gaps[i]
			if total > room {
				g = gaps[i] * room / total
			}
			x += w + g
		}
	}
	return xs
}

// draw writes the site's box at height y of the diagram, its units and
// the flow between them.
func (l *siteLayout) draw(b *strings.Builder, key string, y int) {
	x := dgSiteX
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="8" class="site"/>`, x, y, dgSiteW, l.height)
	fmt.Fprintf(b, `<text x="%d" y="%d" class="site-title">%s</text>`, x+10, y+18, esc(key))
	put := func(u *unitBox) { box(b, x+u.x, y+u.y, u.w, u.h(), u.class, u.title, u.lines...) }
	for _, u := range l.front {
		put(u)
		if u != l.utc {
			arrow(b, x+u.right(), y+u.y+rowY, x+l.beds.x, y+l.beds.y+rowY)
		}
	}
	if l.utc != nil && l.ed != nil {
		ax := x + l.ed.x + 20
		arrow(b, ax, y+l.ed.bottom(), ax, y+l.utc.y)
		fmt.Fprintf(b, `<text x="%d" y="%d" class="share">%s</text>`, ax+8, y+l.ed.bottom()+19, esc(l.streamed))
	}
	put(l.beds)
	if l.hub == nil && l.d2a == nil && len(l.pathways) == 0 {
		return
	}
	from := l.beds // where patients leave for their pathway
	if l.d2a != nil {
		put(l.d2a)
		arrow(b, x+l.beds.right(), y+l.beds.y+rowY, x+l.d2a.x, y+l.d2a.y+rowY)
		from = l.d2a
	}
	if l.hub != nil {
		put(l.hub)
		if l.d2a != nil {
			// The hub assesses patients in their interim place.
			fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#444" stroke-dasharray="4 3"/>`,
				x+l.hub.right(), y+l.hub.y+rowY, x+l.d2a.midX(), y+l.d2a.bottom())
		} else {
			arrow(b, x+l.beds.midX(), y+l.beds.bottom(), x+l.hub.midX(), y+l.hub.y)
			from = l.hub
		}
	}
	for _, p := range l.pathways {
		put(p)
		arrow(b, x+from.right(), y+from.y+rowY, x+p.x, y+p.y+rowY)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" class="note">%s</text>`, x+10, y+l.height-8,
		esc("most patients go home from the beds with no new support (p0)"))
}

// edLines is the detail of an ED's box: with capacity its cubicles,
// corridor spaces and clinicians (as ranges over their schedules) and
// whether ambulances hand over there.
func edLines(sc *scenario.Scenario, key string, e *scenario.ED) []string {
	if e.Majors == nil {
		return []string{"emergency dept"}
	}
	lines := []string{span(e.Majors, "majors cubicle", "majors cubicles")}
	if e.Minors != nil {
		lines = append(lines, span(e.Minors, "minors cubicle", "minors cubicles"))
	}
	if e.Corridor > 0 {
		lines = append(lines, counted(e.Corridor, e.Corridor, "corridor space", "corridor spaces"))
	}
	if e.Clinicians != nil {
		lines = append(lines, span(e.Clinicians, "clinician", "clinicians"))
	}
	if conveyed(sc, key) {
		lines = append(lines, "ambulance handover")
	}
	return lines
}

// utcLines is the detail of a UTC's box: its clinicians, hours and days.
func utcLines(u *scenario.UTC) []string {
	lines := []string{counted(u.Schedule.Least(u.Capacity), u.Schedule.Most(u.Capacity), "clinician", "clinicians"), hours(u.Hours)}
	if d := days(u.Days); d != "every day" {
		lines = append(lines, d)
	}
	return lines
}

// conveyed reports whether ambulances bring patients to site key's ED:
// a place sending patients there has an ambulance share, or some of its
// other attendances come by ambulance.
func conveyed(sc *scenario.Scenario, key string) bool {
	if sc.Sites[key].ED.OthersAmbulance > 0 {
		return true
	}
	for _, p := range sc.Places {
		if p.Ambulance > 0 && p.Sites[key] > 0 {
			return true
		}
	}
	return false
}

// span writes an ED unit's number over its schedule, "55 majors
// cubicles" or "15–35 minors cubicles".
func span(u *scenario.EDUnit, one, many string) string {
	return counted(u.Schedule.Least(u.Capacity), u.Schedule.Most(u.Capacity), one, many)
}

// counted writes lo–hi of a thing, or one number when lo == hi, with the
// noun in the singular only for exactly one.
func counted(lo, hi int, one, many string) string {
	noun := many
	if hi == 1 {
		noun = one
	}
	if lo == hi {
		return strconv.Itoa(hi) + " " + noun
	}
	return strconv.Itoa(lo) + "–" + strconv.Itoa(hi) + " " + noun
}

// rangeWords writes lo to hi in words for the text alternative.
func rangeWords(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(hi)
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
}

// hours writes a daily window, "all day" for the whole day.
func hours(w scenario.Window) string {
	if w.Length() >= 24 {
		return "all day"
	}
	return w.String()
}

// days writes a list of weekdays compactly, Monday first: "every day",
// "mon–fri", "mon, wed, sat, sun" (a run of three or more days as a
// range).
func days(l scenario.DayList) string {
	set := l.Set(scenario.AllWeek)
	var on [7]bool // Monday first
	for i := range on {
		on[i] = set.Has(time.Weekday((i + 1) % 7))
	}
	if !slices.Contains(on[:], false) {
		return "every day"
	}
	name := func(i int) string { return scenario.Day((i + 1) % 7).String() }
	var runs []string
	for i := 0; i < 7; i++ {
		if !on[i] {
			continue
		}
		j := i
		for j+1 < 7 && on[j+1] {
			j++
		}
		switch {
		case j == i:
			runs = append(runs, name(i))
		case j == i+1:
			runs = append(runs, name(i), name(j))
		default:
			runs = append(runs, name(i)+"–"+name(j))
		}
		i = j
	}
	return strings.Join(runs, ", ")
}

// box draws a labelled box with its detail, one line each, the last at
// its foot.
func box(b *strings.Builder, x, y, w, h int, class, title string, lines ...string) {
	fmt.Fprintf(b, `<g class="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="5"/>`, esc(class), x, y, w, h)
	fmt.Fprintf(b, `<text x="%d" y="%d" class="label">%s</text>`, x+6, y+18, esc(title))
	for i, line := range lines {
		fmt.Fprintf(b, `<text x="%d" y="%d" class="detail">%s</text>`, x+6, y+h-9-dgLineH*(len(lines)-1-i), esc(line))
	}
	b.WriteString(`</g>`)
}

func arrow(b *strings.Builder, x1, y1, x2, y2 int) {
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#444" marker-end="url(#arrow)"/>`, x1, y1, x2, y2)
}

// describeProcess is the diagram in words, for screen readers.
func describeProcess(sc *scenario.Scenario, sites, places, wards []string) string {
	var parts []string
	for _, k := range places {
		p := sc.Places[k]
		var to []string
		for _, sk := range slices.Sorted(maps.Keys(p.Sites)) {
			to = append(to, percent(p.Sites[sk])+" to "+sk)
		}
		parts = append(parts, fmt.Sprintf("Place %s: %s arrivals, %s.", k, p.Arrivals, strings.Join(to, ", ")))
	}
	for _, k := range sites {
		s := sc.Sites[k]
		d := fmt.Sprintf("Site %s: %d acute beds", k, s.Beds.Capacity)
		if s.SDEC != nil {
			d += fmt.Sprintf(", SDEC %d chairs", s.SDEC.Chairs)
		}
		if s.Hub != nil {
			d += fmt.Sprintf(", hub %d staff %d days a week", s.Hub.Staff, s.Hub.Days)
		}
		for _, name := range scenario.PathwayNames[1:] {
			if p := s.Pathways[name]; p != nil {
				d += fmt.Sprintf(", %s %d places", name, p.Capacity)
			}
		}
		parts = append(parts, d+".")
		parts = append(parts, describeFrontDoor(sc, k)...)
		if e := s.Escalation; e != nil {
			var levels []string
			for _, l := range e.Levels {
				at := fmt.Sprintf("at %d waiting", l.OpenAt)
				if l.OpenAt == 0 {
					at = "from the start"
				}
				levels = append(levels, fmt.Sprintf("%s +%d %s", l.Level, l.Beds, at))
			}
			parts = append(parts, fmt.Sprintf("Escalation at %s: up to %d more beds, opened as patients wait for a bed: %s.",
				k, e.ExtraBeds(len(e.Levels)), strings.Join(levels, ", ")))
		}
		if d := s.D2A; d != nil {
			then := "and move on to their pathway from there"
			if s.Hub != nil {
				then = "where the hub assesses them, and move on to their pathway from there"
			}
			parts = append(parts, fmt.Sprintf("Discharge to assess at %s: %s interim places; p1-p3 patients leave the acute bed for one when medically safe, %s.",
				k, rangeWords(d.Schedule.Least(d.Capacity), d.Schedule.Most(d.Capacity)), then))
		}
	}
	for _, k := range wards {
		parts = append(parts, fmt.Sprintf("Virtual ward %s: %d places for %s.", k, sc.VirtualWards[k].Capacity, strings.Join(sc.VirtualWards[k].Sites, ", ")))
	}
	return strings.Join(parts, " ")
}

// describeFrontDoor is ED with capacity and the UTC of site key in
// words: nothing for an ED without capacity, which the site's own
// sentence leaves out as it always did.
func describeFrontDoor(sc *scenario.Scenario, key string) []string {
	s := sc.Sites[key]
	var parts []string
	e := s.ED
	if e != nil && e.Majors != nil {
		units := []string{edWords(e.Majors) + " majors cubicles"}
		if e.Minors != nil {
			units = append(units, edWords(e.Minors)+" minors cubicles")
		} else {
			units[0] += " (minor attendances use them too)"
		}
		if e.Corridor > 0 {
			units = append(units, strconv.Itoa(e.Corridor)+" corridor spaces")
		}
		d := "ED at " + key + ": " + strings.Join(units, ", ")
		if c := e.Clinicians; c != nil {
			d += " and " + edWords(c) + " clinicians"
			if len(c.Schedule) > 0 {
				d += " on a rota"
			}
		}
		if e.Boarding == scenario.BoardCorridor {
			d += "; admitted patients wait for a bed in a corridor space when one is free"
		} else {
			d += "; admitted patients wait for a bed in their cubicle"
		}
		if conveyed(sc, key) {
			if e.CorridorHandover {
				d += "; ambulance crews hand over into a majors cubicle, or a corridor space when the cubicles are full"
			} else {
				d += "; ambulance crews wait with their patient until a majors cubicle is free"
			}
		}
		parts = append(parts, d+".")
	}
	if u := s.UTC; u != nil {
		who := "attendances that are not admitted"
		if e != nil && e.Majors != nil {
			who = "minor attendances (not admitted, not by ambulance, not needing majors)"
		}
		parts = append(parts, fmt.Sprintf("Urgent treatment centre at %s: %s clinicians, taking patients %s %s; ED streams %s of its %s to it while it is open.",
			key, rangeWords(u.Schedule.Least(u.Capacity), u.Schedule.Most(u.Capacity)), hours(u.Hours), days(u.Days), percent(u.Streamed), who))
	}
	return parts
}

// edWords is an ED unit's number over its schedule in words.
func edWords(u *scenario.EDUnit) string {
	return rangeWords(u.Schedule.Least(u.Capacity), u.Schedule.Most(u.Capacity))
}

func percent(f float64) string { return strconv.FormatFloat(math.Round(1000*f)/10, 'f', -1, 64) + "%" }

func esc(s string) string { return html.EscapeString(s) }
