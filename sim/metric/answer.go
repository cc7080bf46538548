package metric

import (
	"fmt"
	"math"
)

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
	beds := "about " + Count.Value(Beds(math.Abs(diff), days)) + " beds"
	switch beds {
	case "about 0 beds":
		beds = "less than one bed"
	case "about 1 beds":
		beds = "about 1 bed"
	}
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
