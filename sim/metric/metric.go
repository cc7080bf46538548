// Package metric is the registry of flowsim's metrics: for each, its name
// in the output files, a label and unit for people, how its numbers are
// written, which direction is better, and what it measures. The terminal
// tables, plots, report and documentation read metrics from here, so a
// metric is named, labelled and judged in one place.
package metric

// Better says which direction of change in a metric is an improvement.
type Better int8

const (
	// Neither: a count of activity, neither good nor bad in itself
	// (arrivals, SDEC attendances).
	Neither Better = iota
	// Lower is better: bed-days, delays, waits, occupancy.
	Lower
	// Higher is better: the four-hour share, same-day discharges.
	Higher
)

// Improves reports whether a change of diff (alternative − base) in a
// metric of direction b is an improvement; a zero change or a metric with
// no direction never is.
func (b Better) Improves(diff float64) bool {
	switch b {
	case Lower:
		return diff < 0
	case Higher:
		return diff > 0
	}
	return false
}

// String returns "lower", "higher" or "" (no direction), as in the better
// column of comparison tables.
func (b Better) String() string {
	switch b {
	case Lower:
		return "lower"
	case Higher:
		return "higher"
	}
	return ""
}

// Format is how a metric's values are written for people.
type Format int8

const (
	// Count: a whole number of patients or days, 12,345.
	Count Format = iota
	// Share: a proportion written as a percentage, 93.4%.
	Share
	// Decimal: a mean or rate with a few significant digits, 5.32.
	Decimal
	// Flag: a 0/1 indicator per replication, written as "k of n".
	Flag
	// Money: an amount in pounds, to the pound, £1,234,567.
	Money
)

// Def describes one metric.
type Def struct {
	// Name is the metric's name in the output files (snake_case).
	Name string
	// Label and Unit are for tables and figures.
	Label, Unit string
	// Description says what is measured, for tooltips and documentation.
	Description string
	Format      Format
	Better      Better
	// Optional metrics measure a part of the model that many scenarios
	// leave out (the hub, interim places, deaths, delay reasons); readers
	// show them only where some value is not zero.
	Optional bool
	// OnlyWith names the scenario section without which the model does
	// not report the metric at all, because it would be zero (nothing
	// opened, nothing spent): a comparison counts it as zero in a
	// scenario that lacks it. Empty: every scenario reports it.
	OnlyWith Section
}

// Section names a part of a scenario that some metrics need.
type Section string

// WithEscalation marks the escalation metrics, reported only by scenarios
// with an escalation section at some site, so that a scenario without
// one writes exactly the files it always did.
const WithEscalation Section = "escalation"

// WithUTCToED marks the metrics of patients an urgent treatment centre
// sends back to ED at closing, reported only by scenarios with a UTC whose
// at_closing is to_ed at some site.
const WithUTCToED Section = "utc_to_ed"

// WithUTC marks the metrics of an urgent treatment centre's cost,
// reported only by scenarios with a UTC at some site, so that a scenario
// without one writes exactly the files it always did.
const WithUTC Section = "utc"

// ReportedOnlyWith returns the section the metric called name needs (see
// Def.OnlyWith), or "" when every scenario reports it.
func ReportedOnlyWith(name string) Section {
	d, _ := Lookup(name)
	return d.OnlyWith
}

// All returns every metric, in the order the model reports them. The
// slice is a copy.
func All() []Def { return append([]Def(nil), defs...) }

// Lookup returns the metric called name.
func Lookup(name string) (Def, bool) {
	for _, d := range defs {
		if d.Name == name {
			return d, true
		}
	}
	return Def{}, false
}
