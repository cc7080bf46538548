package metric

import (
	"math"
	"strconv"
	"strings"
)

// The writing of numbers for people: the terminal tables, the report and
// the figures all use these, so a value reads the same everywhere.
// Machine-readable files (summary.csv and the rest) keep full precision.

// PlanningOccupancy turns bed-days a day into beds for people: a bed gives
// 92% of its days at England's G&A planning occupancy, so 9,200 bed-days
// saved a year is about 27 beds.
const PlanningOccupancy = 0.92

// Beds returns the beds that bedDays over days amount to at
// PlanningOccupancy.
func Beds(bedDays, days float64) float64 { return bedDays / days / PlanningOccupancy }

// Value writes v in format f: a count with thousands separators (12,345), a
// share as a percentage with one decimal (93.4%), a decimal with three
// significant digits (5.32, 1,234). NaN is "–"; minus signs are "−".
func (f Format) Value(v float64) string {
	return f.valueWith(v, f.precision(v))
}

// Interval writes a mean and its interval at the mean's precision, so
// that 5.32 (5.1–5.54) reads 5.32 (5.10–5.54).
func (f Format) Interval(mean, low, high float64) (m, lo, hi string) {
	d := f.precision(mean)
	return f.valueWith(mean, d), f.valueWith(low, d), f.valueWith(high, d)
}

// Signed writes a difference in format f with its sign (+1,234, −5.2); a
// difference of shares is in percentage points (+1.5 pt).
func (f Format) Signed(v float64) string {
	return f.signedWith(v, f.precision(v))
}

// SignedInterval writes a difference and its interval at the difference's
// precision.
func (f Format) SignedInterval(diff, low, high float64) (d, lo, hi string) {
	n := f.precision(diff)
	return f.signedWith(diff, n), f.signedWith(low, n), f.signedWith(high, n)
}

// DiffInterval writes a difference and its interval at the precision of
// ref, the value the difference is taken from: a change of 0.0000037 days
// in a stay of 0.0417 days is +0.0000, not +0.00000369.
func (f Format) DiffInterval(ref, diff, low, high float64) (d, lo, hi string) {
	n := f.precision(ref)
	if math.IsNaN(ref) {
		n = f.precision(diff)
	}
	return f.signedWith(diff, n), f.signedWith(low, n), f.signedWith(high, n)
}

// precision is how a value and the values written beside it (its
// interval) are written: decimals, and for money whether in millions.
type precision struct {
	decimals int
	millions bool // money of £1m or more: £3.31m, not £3,312,534
}

// precision is how f writes v.
func (f Format) precision(v float64) precision {
	switch f {
	case Share:
		return precision{decimals: 1}
	case Decimal:
		return precision{decimals: sigDecimals(v, 3)}
	case Money:
		if math.Abs(v) >= 1e6 && !math.IsInf(v, 0) {
			return precision{decimals: sigDecimals(v/1e6, 3), millions: true}
		}
	}
	return precision{}
}

// scaled is v in the unit p writes it in, and that unit's suffix.
func (p precision) scaled(v float64) (float64, string) {
	if p.millions {
		return v / 1e6, "m"
	}
	return v, ""
}

func (f Format) valueWith(v float64, p precision) string {
	if math.IsNaN(v) {
		return "–"
	}
	switch f {
	case Share:
		return Group(100*v, p.decimals) + "%"
	case Money:
		m, unit := p.scaled(v)
		return pounds(Group(m, p.decimals)) + unit
	}
	return Group(v, p.decimals)
}

// pounds puts a pound sign after the sign of a grouped number: −£1,234.
func pounds(s string) string {
	for _, sign := range []string{"−", "+"} {
		if rest, ok := strings.CutPrefix(s, sign); ok {
			return sign + "£" + rest
		}
	}
	return "£" + s
}

func (f Format) signedWith(v float64, p precision) string {
	if math.IsNaN(v) {
		return "–"
	}
	var s, unit string
	switch f {
	case Share:
		s = Group(100*v, p.decimals) + " pt"
	case Money:
		var m float64
		m, unit = p.scaled(v)
		s = Group(m, p.decimals)
	default:
		s = Group(v, p.decimals)
	}
	if v > 0 && strings.Trim(s, "0.,% pt") != "" {
		s = "+" + s
	}
	if f == Money {
		return pounds(s) + unit
	}
	return s
}

// sigDecimals returns the decimals that give v n significant digits, never
// fewer than none (the integer part is always written whole).
func sigDecimals(v float64, n int) int {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return n - 1
	}
	return max(0, n-int(math.Floor(math.Log10(math.Abs(v))))-1)
}

// Group writes v with the given decimals and thousands separators, and a
// true minus sign: −1,234.5. A value that rounds to zero is written
// without a sign.
func Group(v float64, decimals int) string {
	if math.IsInf(v, 0) {
		if v > 0 {
			return "∞"
		}
		return "−∞"
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		s = s[1:]
		if strings.Trim(s, "0.") != "" {
			sign = "−"
		}
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// PlusMinus writes a mean and the half-width of its interval at the mean's
// precision: 42,621 ± 110, 94.1% ± 0.3 pt. Without an interval (NaN or
// zero width) it is the mean alone.
func (f Format) PlusMinus(mean, low, high float64) string {
	half := (high - low) / 2
	m := f.Value(mean)
	if math.IsNaN(half) || half == 0 || math.IsNaN(mean) {
		return m
	}
	d := f.precision(mean)
	switch f {
	case Share:
		return m + " ± " + Group(100*half, d.decimals) + " pt"
	case Money:
		return m + " ± " + f.valueWith(half, d)
	}
	return m + " ± " + Group(half, d.decimals)
}

// Judge says whether a change whose interval is [low, high] (alternative −
// base) is better, worse or neither for a metric of direction b: "better"
// or "worse" only when the interval excludes no change.
func (b Better) Judge(low, high float64) string {
	switch {
	case b == Neither || math.IsNaN(low) || math.IsNaN(high) || (low <= 0 && high >= 0):
		return ""
	case b.Improves(low) && b.Improves(high):
		return "better"
	}
	return "worse"
}
