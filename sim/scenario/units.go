package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a length of simulated time in hours.
//
// In scenario files a duration is a number with a unit: "30m" (minutes),
// "4h" (hours), "6.5d" (days) or "2w" (weeks). A bare 0 is allowed; any other
// bare number is an error, because "4" could mean hours or days. Negative
// durations parse; the fields that must not be negative are checked by
// Validate.
type Duration float64

// Hours returns d in hours.
func (d Duration) Hours() float64 { return float64(d) }

// Days returns d in days of 24 hours.
func (d Duration) Days() float64 { return float64(d) / 24 }

// durationUnits are the suffixes ParseDuration accepts, with the conversion
// of a value in that unit to hours.
var durationUnits = [...]unit{
	{"m", 1, 60},
	{"h", 1, 1},
	{"d", 24, 1},
	{"w", 168, 1},
}

// ParseDuration parses a duration with a unit, such as "30m", "4h", "6.5d"
// or "2w", or a bare "0". It rejects NaN, infinities and values that
// overflow.
func ParseDuration(s string) (Duration, error) {
	v, err := parseWithUnit(s, "", durationUnits[:],
		"missing unit: write 4h, 30m or 6.5d",
		"unknown unit %q: use m (minutes), h (hours), d (days) or w (weeks), as in 30m, 4h, 6.5d")
	if err != nil {
		return 0, fmt.Errorf("bad duration %q: %w", s, err)
	}
	return Duration(v), nil
}

// String formats d so that ParseDuration gives back exactly d: below 1h the
// shorter of minutes and hours ("30m"), below 48h hours ("4h", "1.5h"), from
// 48h the shorter of days and hours ("6.5d", "2000h"), ties going to the
// unit named first.
func (d Duration) String() string {
	x := float64(d)
	m, h, dd := durationUnits[0], durationUnits[1], durationUnits[2]
	switch {
	case x == 0:
		return "0"
	case math.IsNaN(x) || math.IsInf(x, 0):
		// Not a valid duration; say what it is rather than invent one.
		return strconv.FormatFloat(x, 'g', -1, 64) + "h"
	case math.Abs(x) < 1:
		return shortest(x, "", m, h)
	case math.Abs(x) < 48:
		return shortest(x, "", h)
	}
	return shortest(x, "", dd, h)
}

// MarshalYAML writes d in the form String gives.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML parses a duration scalar such as "4h".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalarText(n, "a duration such as 4h, 30m or 6.5d")
	if err != nil {
		return err
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes d as a JSON string in the form String gives.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON parses a JSON string written by MarshalJSON.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration: want a string such as \"4h\", got %s", b)
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Rate is a mean number of events per hour.
//
// In scenario files a rate is a number, a slash and a period: "4/h",
// "96/d", "672/w" or "29273/y", where a year is 365 days; "/hour", "/day",
// "/week" and "/year" are also accepted. A bare 0 is allowed; any other bare
// number is an error.
type Rate float64

// PerHour returns r in events per hour.
func (r Rate) PerHour() float64 { return float64(r) }

// PerDay returns r in events per day of 24 hours.
func (r Rate) PerDay() float64 { return float64(r) * 24 }

// PerYear returns r in events per year of 365 days.
func (r Rate) PerYear() float64 { return float64(r) * hoursPerYear }

// hoursPerYear is the length of the year "/y" rates refer to: 365 days.
const hoursPerYear = 365 * 24

// rateUnits are the periods ParseRate accepts after the slash, with the
// conversion of a count per that period to a count per hour. The first
// spelling of each is the one String writes.
var rateUnits = [...]unit{
	{"h", 1, 1},
	{"d", 1, 24},
	{"w", 1, 168},
	{"y", 1, hoursPerYear},
	{"hour", 1, 1},
	{"day", 1, 24},
	{"week", 1, 168},
	{"year", 1, hoursPerYear},
}

// ParseRate parses a rate such as "4/h", "96/d", "672/w", "29273/y" or
// "80/day", or a bare "0". It rejects NaN, infinities and values that
// overflow.
func ParseRate(s string) (Rate, error) {
	v, err := parseWithUnit(s, "/", rateUnits[:],
		"missing unit: write 4/h, 96/d or 29273/y",
		"unknown period %q: use /h, /d, /w or /y (hour, day, week, year of 365 days)")
	if err != nil {
		return 0, fmt.Errorf("bad rate %q: %w", s, err)
	}
	return Rate(v), nil
}

// String formats r so that ParseRate gives back exactly r: a whole number
// per hour, day, week or year if one of those is exact (in that order of
// preference, e.g. "4/h", "96/d", "29273/y"), else the shortest exact form
// per hour or per day.
func (r Rate) String() string {
	x := float64(r)
	switch {
	case x == 0:
		return "0"
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64) + "/h"
	}
	for _, u := range rateUnits[:4] {
		if v := math.Round(u.fromBase(x)); v != 0 && u.toBase(v) == x {
			return strconv.FormatFloat(v, 'g', -1, 64) + "/" + u.name
		}
	}
	return shortest(x, "/", rateUnits[0], rateUnits[1])
}

// MarshalYAML writes r in the form String gives.
func (r Rate) MarshalYAML() (any, error) { return r.String(), nil }

// UnmarshalYAML parses a rate scalar such as "4/h".
func (r *Rate) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalarText(n, "a rate such as 4/h, 96/d or 29273/y")
	if err != nil {
		return err
	}
	v, err := ParseRate(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalJSON writes r as a JSON string in the form String gives.
func (r Rate) MarshalJSON() ([]byte, error) { return json.Marshal(r.String()) }

// UnmarshalJSON parses a JSON string written by MarshalJSON.
func (r *Rate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("rate: want a string such as \"4/h\", got %s", b)
	}
	v, err := ParseRate(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Date is a calendar day, held as midnight UTC. In scenario files it is
// written YYYY-MM-DD, e.g. 2025-04-07. The zero Date is "not set".
type Date struct {
	t time.Time
}

// dateLayout is the only form a Date is written in.
const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d. Out-of-range days and months normalise as
// in time.Date.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("bad date %q: want YYYY-MM-DD, e.g. 2025-04-07", s)
	}
	return Date{t}, nil
}

// Time returns midnight UTC at the start of the date.
func (d Date) Time() time.Time { return d.t }

// IsZero reports whether d is the zero Date (not set).
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns d as YYYY-MM-DD.
func (d Date) String() string { return d.t.Format(dateLayout) }

// MarshalYAML writes d as YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML parses a YYYY-MM-DD scalar.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalarText(n, "a date such as 2025-04-07")
	if err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes d as a JSON string YYYY-MM-DD.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON parses a JSON string YYYY-MM-DD.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a string such as \"2025-04-07\", got %s", b)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// unit is one accepted unit suffix and its conversion to the base unit
// (hours for durations, per hour for rates): v in this unit is v*mul/div in
// the base unit. Minutes divide by 60 rather than multiply by 1/60 so that
// "30m" is exactly 0.5h.
type unit struct {
	name     string
	mul, div float64
}

// toBase converts v in u to the base unit.
func (u unit) toBase(v float64) float64 { return v * u.mul / u.div }

// fromBase converts x in the base unit to u, approximately; the formatters
// check that toBase gives x back.
func (u unit) fromBase(x float64) float64 { return x * u.div / u.mul }

// parseWithUnit parses "<number><sep><unit>" (spaces allowed around sep),
// or a bare zero. missing is the message for a bare non-zero number;
// unknown, with one %q verb, for an unrecognised unit.
func parseWithUnit(s, sep string, units []unit, missing, unknown string) (float64, error) {
	s = strings.TrimSpace(s)
	var num, u string
	if sep == "" {
		i := len(s)
		for i > 0 && isLetter(s[i-1]) {
			i--
		}
		num, u = strings.TrimSpace(s[:i]), s[i:]
	} else if i := strings.Index(s, sep); i >= 0 {
		num, u = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
		if u == "" {
			return 0, fmt.Errorf(unknown, u)
		}
	} else {
		num = s
	}
	if num == "" {
		return 0, errors.New("want a number before the unit")
	}
	if !isDecimal(num) {
		return 0, fmt.Errorf("%q is not a decimal number", num)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		// isDecimal let it through, so only the range can be wrong.
		return 0, errors.New("number out of range")
	}
	if u == "" {
		if v == 0 {
			return 0, nil
		}
		return 0, errors.New(missing)
	}
	for _, un := range units {
		if un.name == u {
			x := un.toBase(v)
			if math.IsInf(x, 0) {
				return 0, errors.New("number out of range")
			}
			return x + 0, nil // + 0 turns -0 into 0
		}
	}
	return 0, fmt.Errorf(unknown, u)
}

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isDecimal reports whether s is a plain decimal number: optional sign,
// digits with an optional point, optional exponent. It excludes what
// strconv.ParseFloat also accepts but a scenario should not contain: "inf",
// "nan", hexadecimal and underscores.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// shortest writes x (in the base unit, finite and non-zero) as a number,
// sep and a unit name, choosing among units the shortest text that converts
// back to exactly x; ties go to the earlier unit. The base unit itself
// (mul = div = 1) must be among units: it is always exact.
func shortest(x float64, sep string, units ...unit) string {
	best := ""
	for _, u := range units {
		if s, ok := exact(x, u); ok {
			if s += sep + u.name; best == "" || len(s) < len(best) {
				best = s
			}
		}
	}
	return best
}

// exact writes x (in the base unit) as a number of u with the fewest
// significant digits that convert back to exactly x, if there is one.
func exact(x float64, u unit) (string, bool) {
	for prec := 1; prec <= 17; prec++ {
		// Round to prec digits, then write the rounded value in its
		// shortest form: 2000, not 2e+03.
		s := strconv.FormatFloat(u.fromBase(x), 'g', prec, 64)
		v, err := strconv.ParseFloat(s, 64)
		if err == nil && u.toBase(v) == x {
			return strconv.FormatFloat(v, 'g', -1, 64), true
		}
	}
	return "", false
}

// scalarText returns the text of a scalar node, or an error saying that
// want was expected.
func scalarText(n *yaml.Node, want string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("want %s, got %s", want, describe(n))
	}
	return n.Value, nil
}
