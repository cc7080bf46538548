package metric

import (
	"fmt"
	"math"
)

// BedsPhrase says how many beds bedDays over days amount to, for a
// sentence: "about 23 beds", "about 1 bed", "less than one bed".
func BedsPhrase(bedDays, days float64) string {
	beds := "about " + Count.Value(Beds(math.Abs(bedDays), days)) + " beds"
	switch beds {
	case "about 0 beds":
		return "less than one bed"
	case "about 1 beds":
		return "about 1 bed"
	}
	return beds
}

// BedDaysAnswer is a comparison's answer for one alternative, in one
// sentence, from the system's paired bed-day difference over days
// reported: diff is base − alternative (positive: bed-days saved) with its
// 95% interval low to high (NaN when there is none). It says what the
// alternative saves or costs, the interval, and about how many beds that
// is at PlanningOccupancy; an interval that includes zero is no clear
// difference. The report's headline and the terminal's comparison table
// say the same words.
func BedDaysAnswer(alt string, diff, low, high, days float64) string {
	period := "over the " + Count.Value(days) + " days reported"
	if math.Abs(days-365) < 1 {
		period = "a year"
	}
	ci := ""
	if !math.IsNaN(low) {
		_, lo, hi := Count.Interval(diff, low, high)
		ci = " (95% CI " + lo + " to " + hi + ")"
	}
	beds := BedsPhrase(diff, days)
	switch {
	case !math.IsNaN(low) && low <= 0 && high >= 0:
		d, lo, hi := Count.SignedInterval(diff, low, high)
		return fmt.Sprintf("%s makes no clear difference to bed-days %s: %s (95%% CI %s to %s).", alt, period, d, lo, hi)
	case diff >= 0:
		return fmt.Sprintf("%s saves %s bed-days %s%s, %s at %.0f%% occupancy.",
			alt, Count.Value(diff), period, ci, beds, 100*PlanningOccupancy)
	default:
		return fmt.Sprintf("%s uses %s more bed-days %s%s, %s at %.0f%% occupancy.",
			alt, Count.Value(-diff), period, ci, beds, 100*PlanningOccupancy)
	}
}

// Paired is a paired difference base − alternative over the replications:
// its mean and 95% interval (NaN when there is none).
type Paired struct{ Mean, Low, High float64 }

// MoneyAnswer is a comparison's money for one alternative, in one
// sentence, from the system's paired differences (base − alternative) of
// cost_services, cost_bed_days and cost_total over days reported, each
// scaled to a year: what the alternative spends more on services (its
// cost), what the bed-days it frees are worth (its value), and the net,
// value − cost, which is the difference of cost_total. Amounts are to the
// pound.
func MoneyAnswer(services, beds, total Paired, days float64) string {
	year := 365 / days
	scaled := func(p Paired) Paired { return Paired{p.Mean * year, p.Low * year, p.High * year} }
	// The alternative's extra spend is −(base − alternative).
	extra := scaled(Paired{-services.Mean, -services.High, -services.Low})
	value, net := scaled(beds), scaled(total)
	ci := func(p Paired) string {
		// No interval, or none to speak of: an amount the same in every
		// replication (capacity commissioned) has no uncertainty.
		if math.IsNaN(p.Low) || math.IsNaN(p.High) || p.Low == p.High {
			return ""
		}
		_, lo, hi := Money.Interval(p.Mean, p.Low, p.High)
		return " (95% CI " + lo + " to " + hi + ")"
	}
	// A negative amount is said the other way round ("less", "net cost"),
	// its interval with it.
	neg := func(p Paired) Paired { return Paired{-p.Mean, -p.High, -p.Low} }
	var cost string
	switch {
	case extra.Mean == 0 && extra.Low == 0 && extra.High == 0:
		cost = "It costs nothing more in services"
	case extra.Mean >= 0:
		cost = "It costs " + Money.Value(extra.Mean) + " a year more in services" + ci(extra)
	default:
		cost = "It spends " + Money.Value(-extra.Mean) + " a year less on services" + ci(neg(extra))
	}
	freed := "frees bed-days worth " + Money.Value(value.Mean) + ci(value)
	if value.Mean < 0 {
		freed = "uses more bed-days, worth " + Money.Value(-value.Mean) + ci(neg(value))
	}
	balance := "net saving " + Money.Value(net.Mean) + " a year" + ci(net)
	if net.Mean < 0 {
		balance = "net cost " + Money.Value(-net.Mean) + " a year" + ci(neg(net))
	}
	period := ""
	if math.Abs(days-365) >= 1 {
		period = " (scaled to a year from the " + Count.Value(days) + " days reported)"
	}
	return cost + ", " + freed + "; " + balance + period + "."
}

// PricedAnswer is MoneyAnswer from one site's paired differences by metric
// name, or "" when the scenarios price nothing (no cost_total, or NA).
func PricedAnswer(paired map[string]Paired, days float64) string {
	services, ok1 := paired[CostServices]
	beds, ok2 := paired[CostBedDays]
	total, ok3 := paired[CostTotal]
	if !ok1 || !ok2 || !ok3 || math.IsNaN(total.Mean) {
		return ""
	}
	return MoneyAnswer(services, beds, total, days)
}
