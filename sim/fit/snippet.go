package fit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SnippetDigits is the number of significant digits Snippet writes: the
// sampling error of any real extract is far larger than the rounding.
const SnippetDigits = 4

// z95 is the 95th percentile of the standard normal distribution.
const z95 = 1.6448536269514722

// Snippet returns the model as a flow-style YAML distribution in flowsim's
// scenario format, with durations in unit ("m", "h", "d" or "w": the unit
// the data were in) and 4 significant digits:
//
//	{dist: lognormal, median: 4.213d, p95: 31.07d}
//	{dist: mixture, of: [{p: 0.1216, dist: fixed, value: 0h}, {p: 0.8784, dist: gamma, shape: 1.234, scale: 5.678d}]}
//	{dist: mixture, of: [{p: 0.3, dist: fixed, value: 7.2h}, {p: 0.7, dist: lognormal, median: 7.389d, p95: 27.41d}]}
//
// The fixed branch is the same-day stay, written in hours (minutes for
// data in minutes).
// Lognormals are written by median and 95th percentile, which planners can
// check against their data; exponentials by the mean; gamma and Weibull by
// shape and scale.
func (m Model) Snippet(unit string) (string, error) {
	switch unit {
	case "m", "h", "d", "w":
	default:
		return "", fmt.Errorf("fit: unknown duration unit %q: use m, h, d or w", unit)
	}
	dur := func(v float64) string { return Sig(v, SnippetDigits) + unit }
	p := m.Params
	var body string
	switch m.Family {
	case Exponential:
		body = "dist: exponential, mean: " + dur(p[0])
	case LogNormal:
		body = fmt.Sprintf("dist: lognormal, median: %s, p95: %s",
			dur(math.Exp(p[0])), dur(math.Exp(p[0]+z95*p[1])))
	case Gamma, Weibull:
		body = fmt.Sprintf("dist: %s, shape: %s, scale: %s", m.Family, Sig(p[0], SnippetDigits), dur(p[1]))
	default:
		return "", fmt.Errorf("fit: unknown family %v", m.Family)
	}
	if m.SameDayShare == 0 {
		return "{" + body + "}", nil
	}
	p0, p1 := complementary(m.SameDayShare)
	return fmt.Sprintf("{dist: mixture, of: [{p: %s, dist: fixed, value: %s}, {p: %s, %s}]}",
		p0, sameDayValue(m.SameDayValue, unit), p1, body), nil
}

// sameDayValue writes the fixed same-day stay v, in unit, as the shipped
// cohorts do: in hours (in minutes for data in minutes), since a stay of
// 0.2917d means less to a planner than 7h.
func sameDayValue(v float64, unit string) string {
	if v == 0 {
		return "0h"
	}
	switch unit {
	case "m":
		return Sig(v, SnippetDigits) + "m"
	case "d":
		v *= 24
	case "w":
		v *= 168
	}
	return Sig(v, SnippetDigits) + "h"
}

// complementary writes p and 1-p as decimals that sum to exactly 1, the
// smaller of the two with 4 significant digits.
func complementary(p float64) (string, string) {
	q := 1 - p
	small := min(p, q)
	s := Sig(small, SnippetDigits)
	dec := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		dec = len(s) - i - 1
	}
	v, _ := strconv.ParseFloat(s, 64)
	other := strconv.FormatFloat(1-v, 'f', dec, 64)
	other = trimZeros(other)
	if p <= q {
		return s, other
	}
	return other, s
}

// Sig formats v with n significant digits in plain decimal notation (no
// exponent, which scenario durations do not accept), without trailing
// zeros: Sig(4.2134, 4) = "4.213", Sig(31.0, 4) = "31", Sig(123456, 4) =
// "123500".
func Sig(v float64, n int) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', n-1, 64), 64)
	if err != nil {
		r = v
	}
	mag := int(math.Floor(math.Log10(math.Abs(r))))
	return trimZeros(strconv.FormatFloat(r, 'f', max(0, n-1-mag), 64))
}

func trimZeros(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
