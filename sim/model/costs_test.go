package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// uecCosts are unit costs for testdata/uec.yaml, p3 unpriced.
func uecCosts() *scenario.Costs {
	f := func(x float64) *float64 { return &x }
	return &scenario.Costs{Currency: scenario.Currency, PriceYear: "2022/23", BedDay: 562.37, DelayedBedDay: f(395.11),
		P1PlaceDay: f(81.25), P2BedDay: f(250.5), VirtualWardDay: f(160.4), SDECChairDay: f(420.2), HubWTEYear: f(48000)}
}

// TestCostsAreUnitCostTimesQuantity: in every replication each cost is its
// unit cost times a quantity known from the scenario or from the same
// run's reported metrics, to the cent. testdata/uec.yaml records 100 days,
// Friday 25 April to Saturday 2 August 2025: 71 weekdays.
func TestCostsAreUnitCostTimesQuantity(t *testing.T) {
	sc := loadUEC(t)
	sc.Costs = uecCosts()
	c := sc.Costs
	const days, weekdays = 100.0, 71.0
	for r := range 2 {
		res, err := Run(sc, rng.Seed(11).Replication(r))
		if err != nil {
			t.Fatal(err)
		}
		m := metricsBySite(res)
		cent := func(site, name string, want float64) {
			t.Helper()
			if got := m[site][name]; !(math.Abs(got-want) < 0.005) {
				t.Errorf("rep %d: %s %s = %.4f, want %.4f", r, site, name, got, want)
			}
		}
		for _, site := range []string{"a", "b", SystemSite} {
			bd, del := m[site][metric.BedDays], m[site][metric.DelayedBedDays]
			if !(del > 0) {
				t.Fatalf("rep %d: %s has no delayed bed-days to price", r, site)
			}
			cent(site, metric.CostBedDays, bd*c.BedDay)
			cent(site, metric.CostDelayedBedDays, del**c.DelayedBedDay)
			if got := m[site][metric.CostP3]; !math.IsNaN(got) {
				t.Errorf("rep %d: %s cost_p3 = %v with p3 unpriced, want NA", r, site, got)
			}
		}
		// Capacity commissioned, used or not.
		cent("a", metric.CostP1, 60*days**c.P1PlaceDay)
		cent("a", metric.CostP2, 85*days**c.P2BedDay)
		cent("b", metric.CostP2, 55*days**c.P2BedDay)
		cent("b", metric.CostP1, 0)
		cent(SystemSite, metric.CostP2, 140*days**c.P2BedDay)
		// SDEC: a opens every day with 8 chairs, b on weekdays with 5.
		cent("a", metric.CostSDEC, 8*days**c.SDECChairDay)
		cent("b", metric.CostSDEC, 5*weekdays**c.SDECChairDay)
		cent(SystemSite, metric.CostSDEC, (8*days+5*weekdays)**c.SDECChairDay)
		// The hub: a's 8 staff on weekdays, b's 3 every day, both for the
		// default working day of 10 hours (08:00–18:00).
		cent("a", metric.CostHub, 8*10*weekdays/scenario.WTEYearHours**c.HubWTEYear)
		cent("b", metric.CostHub, 3*10*days/scenario.WTEYearHours**c.HubWTEYear)
		// The shared virtual ward of 12 places: the system pays for all of
		// it, and the sites' shares add up to that.
		cent(SystemSite, metric.CostVirtualWard, 12*days**c.VirtualWardDay)
		cent("a", metric.CostVirtualWard, 12*days**c.VirtualWardDay-m["b"][metric.CostVirtualWard])
		if a := m["a"][metric.CostVirtualWard]; !(a > 0 && a < 12*days**c.VirtualWardDay) {
			t.Errorf("rep %d: a's share of the virtual ward %v, want a part of it", r, a)
		}
		for _, site := range []string{"a", "b", SystemSite} {
			var services float64
			for _, name := range []string{metric.CostP1, metric.CostP2, metric.CostVirtualWard, metric.CostSDEC, metric.CostHub} {
				services += m[site][name]
			}
			cent(site, metric.CostServices, services)
			cent(site, metric.CostTotal, services+m[site][metric.CostBedDays])
		}
	}
}

// TestNoCostsNoCostMetrics: without a costs section every cost is
// undefined, and the other metrics are the same as with one.
func TestNoCostsNoCostMetrics(t *testing.T) {
	sc := loadUEC(t)
	plain, err := Run(sc, rng.Seed(3).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	sc.Costs = uecCosts()
	priced, err := Run(sc, rng.Seed(3).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Metrics) != len(priced.Metrics) {
		t.Fatalf("%d metrics without costs, %d with", len(plain.Metrics), len(priced.Metrics))
	}
	costs := 0
	for i, m := range plain.Metrics {
		if d, _ := metric.Lookup(m.Name); d.Format == metric.Money {
			costs++
			if !math.IsNaN(m.Value) {
				t.Errorf("%s %s = %v without costs, want NA", m.Site, m.Name, m.Value)
			}
			continue
		}
		if p := priced.Metrics[i]; p != m && !(math.IsNaN(p.Value) && math.IsNaN(m.Value)) {
			t.Errorf("%s %s = %v with costs, %v without", m.Site, m.Name, p.Value, m.Value)
		}
	}
	if costs != 10*3 {
		t.Errorf("%d cost metrics, want 10 for each of a, b and the system", costs)
	}
}

// TestHubWeekendPay: weekend uplifts price a seven-day hub's Saturday and
// Sunday hours again at their uplift, and leave a weekday hub's cost as it
// was. testdata/uec.yaml's 100 recorded days hold 15 Saturdays (26 April
// to 2 August) and 14 Sundays.
func TestHubWeekendPay(t *testing.T) {
	sc := loadUEC(t)
	sc.Costs = uecCosts()
	sc.Costs.HubSaturdayUplift, sc.Costs.HubSundayUplift = 0.3, 0.6
	wte := *sc.Costs.HubWTEYear
	const days, weekdays, saturdays, sundays = 100.0, 71.0, 15.0, 14.0
	res, err := Run(sc, rng.Seed(11).Replication(0))
	if err != nil {
		t.Fatal(err)
	}
	m := metricsBySite(res)
	a := 8 * 10 * weekdays / scenario.WTEYearHours * wte
	b := 3 * 10 * (days + 0.3*saturdays + 0.6*sundays) / scenario.WTEYearHours * wte
	for _, c := range []struct {
		site string
		want float64
	}{{"a", a}, {"b", b}, {SystemSite, a + b}} {
		if got := m[c.site][metric.CostHub]; !(math.Abs(got-c.want) < 0.005) {
			t.Errorf("%s cost_hub = %.4f, want %.4f", c.site, got, c.want)
		}
	}
}

// TestUTCCost: a UTC is priced on its clinician-hours paid — 3 clinicians
// always open for the 34.5 days recorded, 2,484 clinician-hours — and the
// cost joins cost_services and cost_total; without its unit cost it is
// NA and adds nothing; a scenario without a UTC reports neither
// utc_clinician_hours nor cost_utc.
func TestUTCCost(t *testing.T) {
	const utc = `    utc:
      capacity: 3
      streamed: 0.3
      treatment: {dist: lognormal, mean: 50m, sd: 30m}
`
	const price = 87.35
	priced := func(sc *scenario.Scenario, perHour *float64) *scenario.Scenario {
		sc.Costs = &scenario.Costs{Currency: scenario.Currency, PriceYear: "2023/24", BedDay: 562, UTCClinicianHour: perHour}
		return sc
	}
	unit := price
	_, withCost := runModel(t, priced(utcScenario(t, utc), &unit), 0)
	_, without := runModel(t, priced(utcScenario(t, utc), nil), 0)
	for _, site := range []string{"main", SystemSite} {
		m := metricsOf(withCost, site)
		if got, want := m[metric.UTCClinicianHours], 3*34.5*24; got != want {
			t.Errorf("%s utc_clinician_hours = %v, want 3 × 828 h = %v", site, got, want)
		}
		if got, want := m[metric.CostUTC], 3*34.5*24*price; math.Abs(got-want) > 0.005 {
			t.Errorf("%s cost_utc = %.4f, want %.4f", site, got, want)
		}
		if got := m[metric.CostServices]; got != m[metric.CostUTC] {
			t.Errorf("%s cost_services = %v, want cost_utc %v, the only service priced", site, got, m[metric.CostUTC])
		}
		if got, want := m[metric.CostTotal], m[metric.CostBedDays]+m[metric.CostUTC]; got != want {
			t.Errorf("%s cost_total = %v, want cost_bed_days + cost_utc = %v", site, got, want)
		}
		m = metricsOf(without, site)
		if !math.IsNaN(m[metric.CostUTC]) || m[metric.CostServices] != 0 || m[metric.CostTotal] != m[metric.CostBedDays] {
			t.Errorf("%s without utc_clinician_hour: cost_utc %v, cost_services %v, cost_total %v (bed-days %v); want NA, 0, the bed-days",
				site, m[metric.CostUTC], m[metric.CostServices], m[metric.CostTotal], m[metric.CostBedDays])
		}
	}
	_, res := runModel(t, priced(utcScenario(t, ""), &unit), 0)
	for _, m := range res.Metrics {
		if m.Name == metric.UTCClinicianHours || m.Name == metric.CostUTC {
			t.Errorf("without a UTC the model reports %s %s = %v", m.Site, m.Name, m.Value)
		}
	}
}
