package scenario

import (
	"math"
	"regexp"
	"strconv"
)

// Currency is the only currency unit costs may be given in; the metrics
// write money as pounds.
const Currency = "GBP"

// MaxUnitCost bounds every unit cost: a unit cost above ten million pounds
// is a typo (pence for pounds, a year's cost for a day's), not a price.
const MaxUnitCost = 1e7

// WTEYearHours is the staff-hours on duty a unit cost per whole-time
// equivalent year buys: 37.5 hours a week (the NHS Agenda for Change
// full-time week) for 52 weeks. The hub's staff-hours on duty, divided by
// this, are the WTE-years priced.
const WTEYearHours = 37.5 * 52

// Costs are unit costs, in one currency at one year's prices, that turn
// what the model counts into money: the occupied G&A bed-days, and the
// services an intervention commissions (p1–p3 places, virtual-ward places,
// SDEC chairs, hub staff, UTC clinicians), priced by the capacity
// available, used or not, because a commissioned place is paid for whether
// or not it is filled. A service whose cost is absent is not priced: its
// cost metric is undefined and it adds nothing to cost_services. Absent:
// no cost metrics.
type Costs struct {
	// Currency of every unit cost: GBP.
	Currency string `yaml:"currency" json:"currency"`
	// PriceYear is the financial year of the prices, such as "2022/23".
	PriceYear string `yaml:"price_year" json:"price_year"`
	// BedDay is the cost of an occupied general and acute bed for a day:
	// the price of every bed-day used, and so the value of a bed-day freed.
	BedDay float64 `yaml:"bed_day" json:"bed_day"`
	// DelayedBedDay is the cost of a bed-day of a medically safe patient
	// still in a G&A bed (a delayed discharge), which prices what delays
	// cost (cost_delayed_bed_days), a part of the bed-days. Absent: bed_day.
	DelayedBedDay *float64 `yaml:"delayed_bed_day,omitempty" json:"delayed_bed_day,omitempty"`
	// EscalationBedDay is the cost of keeping one escalation (surge) bed
	// open for a day, used or not — the agency and bank staff of capacity
	// opened above the site's own — priced on the escalation bed-days open
	// (cost_escalation_bed_days). A patient in an escalation bed is also
	// a bed-day used, priced at bed_day like every other. Absent: the
	// escalation beds are not priced.
	EscalationBedDay *float64 `yaml:"escalation_bed_day,omitempty" json:"escalation_bed_day,omitempty"`
	// P1PlaceDay is the cost of a day of one pathway 1 (home-care)
	// package commissioned.
	P1PlaceDay *float64 `yaml:"p1_place_day,omitempty" json:"p1_place_day,omitempty"`
	// P2BedDay is the cost of a day of one pathway 2 (rehabilitation) bed
	// commissioned.
	P2BedDay *float64 `yaml:"p2_bed_day,omitempty" json:"p2_bed_day,omitempty"`
	// P3PlaceDay is the cost of a day of one pathway 3 (care-home)
	// placement commissioned (a weekly fee ÷ 7).
	P3PlaceDay *float64 `yaml:"p3_place_day,omitempty" json:"p3_place_day,omitempty"`
	// VirtualWardDay is the cost of a day of one virtual-ward place.
	VirtualWardDay *float64 `yaml:"virtual_ward_day,omitempty" json:"virtual_ward_day,omitempty"`
	// SDECChairDay is the cost of one SDEC chair on a day SDEC opens.
	SDECChairDay *float64 `yaml:"sdec_chair_day,omitempty" json:"sdec_chair_day,omitempty"`
	// HubWTEYear is the cost of one whole-time equivalent of hub staff for
	// a year (37.5 hours a week on duty, 52 weeks).
	HubWTEYear *float64 `yaml:"hub_wte_year,omitempty" json:"hub_wte_year,omitempty"`
	// HubSaturdayUplift is the extra paid for a hub staff-hour on a
	// Saturday, as a share of the weekday rate: 0.3 pays time and 30%
	// (Agenda for Change unsocial hours, bands 4–9). A shift is paid at
	// the rate of the day it starts. Defaults to 0.
	HubSaturdayUplift float64 `yaml:"hub_saturday_uplift,omitempty" json:"hub_saturday_uplift,omitempty"`
	// HubSundayUplift is the same for a Sunday: 0.6 pays time and 60%.
	// Defaults to 0.
	HubSundayUplift float64 `yaml:"hub_sunday_uplift,omitempty" json:"hub_sunday_uplift,omitempty"`
	// UTCClinicianHour is the cost of one urgent treatment centre
	// clinician (with their room) for an hour, priced on the clinician-hours
	// paid (utc_clinician_hours): every clinician rostered while the UTC is
	// open, busy or not, and those still treating after it closes. Absent:
	// the UTC is not priced.
	UTCClinicianHour *float64 `yaml:"utc_clinician_hour,omitempty" json:"utc_clinician_hour,omitempty"`
}

// MaxUplift bounds a weekend pay uplift: more than ten times the weekday
// rate on top is a typo (a percentage for a share), not a pay rule.
const MaxUplift = 10

// priceYear is a financial year, 2022/23.
var priceYear = regexp.MustCompile(`^(\d{4})/(\d{2})$`)

// costs checks a costs section: the currency, the price year and every
// unit cost finite, not negative and at most MaxUnitCost.
func (v *validator) costs(p Path, c *Costs) {
	if c == nil {
		return
	}
	if c.Currency != Currency {
		v.add(p.With("currency"), "want %s, got %q", Currency, c.Currency)
	}
	if m := priceYear.FindStringSubmatch(c.PriceYear); m == nil {
		v.add(p.With("price_year"), "want a financial year such as 2022/23, got %q", c.PriceYear)
	} else if y, _ := strconv.Atoi(m[1]); m[2] != strconv.Itoa((y+1)%100 + 100)[1:] {
		v.add(p.With("price_year"), "want consecutive years such as 2022/23, got %q", c.PriceYear)
	}
	v.unitCost(p.With("bed_day"), c.BedDay)
	for _, f := range []struct {
		name string
		x    *float64
	}{
		{"delayed_bed_day", c.DelayedBedDay},
		{"escalation_bed_day", c.EscalationBedDay},
		{"p1_place_day", c.P1PlaceDay},
		{"p2_bed_day", c.P2BedDay},
		{"p3_place_day", c.P3PlaceDay},
		{"virtual_ward_day", c.VirtualWardDay},
		{"sdec_chair_day", c.SDECChairDay},
		{"hub_wte_year", c.HubWTEYear},
		{"utc_clinician_hour", c.UTCClinicianHour},
	} {
		if f.x != nil {
			v.unitCost(p.With(f.name), *f.x)
		}
	}
	for _, f := range []struct {
		name string
		x    float64
	}{{"hub_saturday_uplift", c.HubSaturdayUplift}, {"hub_sunday_uplift", c.HubSundayUplift}} {
		if math.IsNaN(f.x) || f.x < 0 || f.x > MaxUplift {
			v.add(p.With(f.name), "want a share of the weekday rate between 0 and %s (0.3 for time and 30%%), got %s",
				formatNumber(MaxUplift), formatNumber(f.x))
		}
	}
}

// unitCost checks one unit cost.
func (v *validator) unitCost(p Path, x float64) {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.add(p, "must be a finite amount of money, got %s", formatNumber(x))
	case x < 0:
		v.add(p, "must not be negative, got %s", formatNumber(x))
	case x > MaxUnitCost:
		v.add(p, "must be at most %s (a unit cost, not a total), got %s", formatNumber(MaxUnitCost), formatNumber(x))
	}
}
