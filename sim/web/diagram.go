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

	"github.com/flowsim/flowsim/sim/scenario"
)

// Diagram geometry, in SVG user units.
const (
	dgPlaceX, dgPlaceW = 10, 150
	dgSiteX, dgSiteW   = 230, 560
	dgWardX, dgWardW   = 850, 150
	dgWidth            = 1010
	dgSiteH, dgGap     = 190, 24
	dgBoxH             = 44
)

// diagram draws the care process of sc as inline SVG: places on the left
// send their arrivals (with the share to each site) to the sites; in each
// site ED and SDEC lead to the acute beds, beds to the transfer-of-care
// hub, and the hub to pathways 1-3; virtual wards on the right, linked to
// the sites they serve. Every box states its capacity. The text is
// escaped; the SVG uses presentation attributes only, so the page's
// Content-Security-Policy needs no inline styles.
func diagram(sc *scenario.Scenario) template.HTML {
	sites := slices.Sorted(maps.Keys(sc.Sites))
	places := slices.Sorted(maps.Keys(sc.Places))
	wards := slices.Sorted(maps.Keys(sc.VirtualWards))
	height := max(len(sites)*(dgSiteH+dgGap), len(places)*70, len(wards)*80) + 40
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="dg-title dg-desc" class="diagram">`, dgWidth, height)
	fmt.Fprintf(&b, `<title id="dg-title">Care process of %s</title>`, esc(sc.Name))
	fmt.Fprintf(&b, `<desc id="dg-desc">%s</desc>`, esc(describeProcess(sc, sites, places, wards)))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`)
	siteY := map[string]int{}
	for i, k := range sites {
		siteY[k] = 20 + i*(dgSiteH+dgGap)
	}
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
			x1, y1, x2, y2 := dgPlaceX+dgPlaceW, y+25, dgSiteX, sy+dgSiteH/2
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#777" stroke-width="%s" marker-end="url(#arrow)"/>`,
				x1, y1, x2, y2, strconv.FormatFloat(0.8+3*share, 'f', 1, 64))
			// The share is written near the place, where the lines
			// leaving it are still apart.
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="share">%s</text>`, x1+4+(x2-x1)/6, y1+(y2-y1)/6-3, esc(percent(share)))
		}
	}
	// Sites.
	for _, k := range sites {
		site(&b, k, sc.Sites[k], siteY[k])
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

// site draws one site's units and the flow between them.
func site(b *strings.Builder, key string, s *scenario.Site, y int) {
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="8" class="site"/>`, dgSiteX, y, dgSiteW, dgSiteH)
	fmt.Fprintf(b, `<text x="%d" y="%d" class="site-title">%s</text>`, dgSiteX+10, y+18, esc(key))
	front := []struct{ label, cap string }{}
	if s.ED != nil {
		front = append(front, struct{ label, cap string }{"ED", "emergency dept"})
	}
	if s.SDEC != nil {
		front = append(front, struct{ label, cap string }{"SDEC", strconv.Itoa(s.SDEC.Chairs) + " chairs"})
	}
	for i, u := range front {
		uy := y + 30 + i*(dgBoxH+12)
		box(b, dgSiteX+10, uy, 110, dgBoxH, "unit", u.label, u.cap)
		arrow(b, dgSiteX+120, uy+dgBoxH/2, dgSiteX+160, y+30+dgBoxH/2)
	}
	box(b, dgSiteX+160, y+30, 110, dgBoxH, "unit beds", "acute beds", strconv.Itoa(s.Beds.Capacity)+" beds")
	if s.Hub == nil && len(s.Pathways) == 0 {
		return
	}
	if s.Hub != nil {
		box(b, dgSiteX+160, y+100, 110, dgBoxH, "unit", "hub", fmt.Sprintf("%d staff, %d days", s.Hub.Staff, s.Hub.Days))
		arrow(b, dgSiteX+215, y+30+dgBoxH, dgSiteX+215, y+100)
	}
	for i, name := range scenario.PathwayNames[1:] {
		p := s.Pathways[name]
		if p == nil {
			continue
		}
		py := y + 22 + i*(dgBoxH+6)
		box(b, dgSiteX+330, py, 110, dgBoxH, "unit pathway", name, strconv.Itoa(p.Capacity)+" places")
		fromY := y + 30 + dgBoxH/2
		if s.Hub != nil {
			fromY = y + 100 + dgBoxH/2
		}
		arrow(b, dgSiteX+270, fromY, dgSiteX+330, py+dgBoxH/2)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" class="note">%s</text>`, dgSiteX+10, y+dgSiteH-8,
		esc("most patients go home from the beds with no new support (p0)"))
}

// box draws a labelled box.
func box(b *strings.Builder, x, y, w, h int, class, title, detail string) {
	fmt.Fprintf(b, `<g class="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="5"/>`, esc(class), x, y, w, h)
	fmt.Fprintf(b, `<text x="%d" y="%d" class="label">%s</text>`, x+6, y+18, esc(title))
	fmt.Fprintf(b, `<text x="%d" y="%d" class="detail">%s</text></g>`, x+6, y+h-9, esc(detail))
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
	}
	for _, k := range wards {
		parts = append(parts, fmt.Sprintf("Virtual ward %s: %d places for %s.", k, sc.VirtualWards[k].Capacity, strings.Join(sc.VirtualWards[k].Sites, ", ")))
	}
	return strings.Join(parts, " ")
}

func percent(f float64) string { return strconv.FormatFloat(math.Round(1000*f)/10, 'f', -1, 64) + "%" }

func esc(s string) string { return html.EscapeString(s) }
