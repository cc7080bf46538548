package scenario

import (
	"errors"
	"math"
	"strings"
	"testing"
)

const costsBase = "places:\n  town: {arrivals: 4/h}\nsites:\n  main:\n    beds: {capacity: 5, los: {dist: exponential, mean: 1h}}\n"

// TestCostsLoad: a costs section decodes into unit costs, an absent one
// leaves Costs nil, and an absent unit cost stays unpriced (nil).
func TestCostsLoad(t *testing.T) {
	s, err := LoadBytes("c.yaml", []byte(costsBase))
	if err != nil {
		t.Fatal(err)
	}
	if s.Costs != nil {
		t.Fatalf("no costs section: Costs = %+v, want nil", s.Costs)
	}
	doc := costsBase + "costs:\n  currency: GBP\n  price_year: 2022/23\n  bed_day: 562\n  delayed_bed_day: 395\n  p2_bed_day: 250.5\n"
	s, err = LoadBytes("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Costs
	if c == nil || c.BedDay != 562 || c.DelayedBedDay == nil || *c.DelayedBedDay != 395 ||
		c.P2BedDay == nil || *c.P2BedDay != 250.5 || c.P1PlaceDay != nil || c.PriceYear != "2022/23" {
		t.Fatalf("Costs = %+v", c)
	}
}

// TestCostsRefused: a negative, non-finite or absurd unit cost, another
// currency or a malformed price year is refused, naming the file, the
// line and the field.
func TestCostsRefused(t *testing.T) {
	for _, tt := range []struct {
		line, want string
		field      string
	}{
		{"  p2_bed_day: -250", "must not be negative", "costs.p2_bed_day"},
		{"  p3_place_day: .inf", "want a number", "costs.p3_place_day"}, // the decoder refuses it
		{"  sdec_chair_day: .nan", "want a number", "costs.sdec_chair_day"},
		{"  hub_wte_year: 1e9", "must be at most", "costs.hub_wte_year"},
		{"  currency: EUR", "want GBP", "costs.currency"},
		{"  price_year: 2022/24", "consecutive years", "costs.price_year"},
		{"  price_year: 2022", "financial year", "costs.price_year"},
		{"  hub_saturday_uplift: -0.3", "between 0 and 10", "costs.hub_saturday_uplift"},
		{"  hub_sunday_uplift: 60", "between 0 and 10", "costs.hub_sunday_uplift"},
	} {
		// The bad line comes last; YAML refuses duplicate keys, so it
		// replaces the good line of its key.
		lines := []string{"costs:", "  currency: GBP", "  price_year: 2022/23", "  bed_day: 562"}
		key := strings.SplitN(strings.TrimSpace(tt.line), ":", 2)[0]
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), key+":") {
				lines = append(lines[:i], lines[i+1:]...)
				break
			}
		}
		lines = append(lines, tt.line)
		_, err := LoadBytes("c.yaml", []byte(costsBase+strings.Join(lines, "\n")+"\n"))
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("%s: err = %v, want one error", tt.line, err)
			continue
		}
		e := es[0]
		wantLine := strings.Count(costsBase, "\n") + len(lines)
		if e.File != "c.yaml" || e.Line != wantLine || e.Field != tt.field || !strings.Contains(e.Msg, tt.want) {
			t.Errorf("%s: got %q (line %d), want c.yaml:%d: %s: …%s…", tt.line, e.Error(), e.Line, wantLine, tt.field, tt.want)
		}
	}
}

// TestCostsValidateNonFinite: a Scenario built in code, where the decoder
// cannot refuse infinity, is refused by Validate.
func TestCostsValidateNonFinite(t *testing.T) {
	s, err := LoadBytes("c.yaml", []byte(costsBase))
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	s.Costs = &Costs{Currency: Currency, PriceYear: "2023/24", BedDay: math.NaN(), P1PlaceDay: &inf}
	errs := s.Validate()
	if len(errs) != 2 || errs[0].Path.String() != "costs.bed_day" || errs[1].Path.String() != "costs.p1_place_day" {
		t.Fatalf("Validate = %v, want costs.bed_day and costs.p1_place_day refused", errs)
	}
}
