package metric

import (
	"math"
	"testing"
)

func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		f    Format
		v    float64
		want string
	}{
		{Count, 42620.6, "42,621"},
		{Count, 1.59115e+06, "1,591,150"},
		{Count, -17.5, "−18"},
		{Count, -0.4, "0"},
		{Share, 0.940747, "94.1%"},
		{Share, 2.19298e-05, "0.0%"},
		{Decimal, 5.3249, "5.32"},
		{Decimal, 0.0123456, "0.0123"},
		{Decimal, 1234.56, "1,235"},
		{Decimal, -17.5119, "−17.5"},
		{Decimal, 0, "0.00"},
		{Decimal, math.NaN(), "–"},
		{Count, math.Inf(1), "∞"},
		{Money, 1234567.4, "£1.23m"}, // a board paper's precision, not the penny
		{Money, 12345678, "£12.3m"},
		{Money, 999999.4, "£999,999"},
		{Money, -2500.6, "−£2,501"},
		{Money, math.NaN(), "–"},
	} {
		if got := c.f.Value(c.v); got != c.want {
			t.Errorf("Format(%d).Value(%v) = %q, want %q", c.f, c.v, got, c.want)
		}
	}
}

// TestIntervalAtTheMeansPrecision: the bounds take the mean's decimals,
// not their own.
func TestIntervalAtTheMeansPrecision(t *testing.T) {
	m, lo, hi := Decimal.Interval(5.32, 5.1, 5.5432)
	if m != "5.32" || lo != "5.10" || hi != "5.54" {
		t.Errorf("Interval = %s (%s–%s), want 5.32 (5.10–5.54)", m, lo, hi)
	}
	m, lo, hi = Decimal.Interval(42.6, 0.51, 110.4)
	if m != "42.6" || lo != "0.5" || hi != "110.4" {
		t.Errorf("Interval = %s (%s–%s), want 42.6 (0.5–110.4)", m, lo, hi)
	}
	d, lo, hi := Decimal.SignedInterval(-9.3, -17.5119, -1.18809)
	if d != "−9.30" || lo != "−17.51" || hi != "−1.19" {
		t.Errorf("SignedInterval = %s (%s to %s), want −9.30 (−17.51 to −1.19)", d, lo, hi)
	}
}

func TestSigned(t *testing.T) {
	for _, c := range []struct {
		f    Format
		v    float64
		want string
	}{
		{Count, 13900.4, "+13,900"},
		{Count, -250, "−250"},
		{Count, 0.2, "0"},
		{Share, 0.015, "+1.5 pt"},
		{Share, -0.0004, "0.0 pt"},
		{Decimal, 2.345, "+2.35"},
	} {
		if got := c.f.Signed(c.v); got != c.want {
			t.Errorf("Format(%d).Signed(%v) = %q, want %q", c.f, c.v, got, c.want)
		}
	}
}

func TestPlusMinusAndJudge(t *testing.T) {
	if got := Count.PlusMinus(42620.6, 42510, 42731); got != "42,621 ± 110" {
		t.Errorf("Count.PlusMinus = %q", got)
	}
	if got := Share.PlusMinus(0.9407, 0.9377, 0.9437); got != "94.1% ± 0.3 pt" {
		t.Errorf("Share.PlusMinus = %q", got)
	}
	if got := Decimal.PlusMinus(5.32, math.NaN(), math.NaN()); got != "5.32" {
		t.Errorf("PlusMinus without an interval = %q", got)
	}
	for _, c := range []struct {
		b      Better
		lo, hi float64
		want   string
	}{
		{Lower, -20, -5, "better"}, {Lower, 5, 20, "worse"}, {Lower, -5, 5, ""},
		{Higher, 0.01, 0.02, "better"}, {Higher, -0.02, -0.01, "worse"}, {Neither, 1, 2, ""},
	} {
		if got := c.b.Judge(c.lo, c.hi); got != c.want {
			t.Errorf("%v.Judge(%v, %v) = %q, want %q", c.b, c.lo, c.hi, got, c.want)
		}
	}
}

func TestDiffIntervalAtTheBasesPrecision(t *testing.T) {
	d, lo, hi := Decimal.DiffInterval(0.0417, 0.00000369, -0.0000126, 0.00002)
	if d != "0.0000" || lo != "0.0000" || hi != "0.0000" {
		t.Errorf("DiffInterval = %s (%s to %s), want 0.0000 (0.0000 to 0.0000)", d, lo, hi)
	}
	d, lo, hi = Decimal.DiffInterval(0.794, 0.607, 0.471, 0.742)
	if d != "+0.607" || lo != "+0.471" || hi != "+0.742" {
		t.Errorf("DiffInterval = %s (%s to %s)", d, lo, hi)
	}
}

// TestMoneySignsBeforeThePound: differences and intervals of money put the
// sign before the pound sign, and a change that rounds to nothing has none.
func TestMoneySignsBeforeThePound(t *testing.T) {
	if got := Money.Signed(1234.4); got != "+£1,234" {
		t.Errorf("Signed(1234.4) = %q, want +£1,234", got)
	}
	if got := Money.Signed(-0.3); got != "£0" {
		t.Errorf("Signed(-0.3) = %q, want £0", got)
	}
	if got := Money.PlusMinus(1e6, 0.99e6, 1.01e6); got != "£1.00m ± £0.01m" {
		t.Errorf("PlusMinus = %q, want £1.00m ± £0.01m", got)
	}
	// An interval is written at its difference's precision, in millions
	// when the difference is: −£1.50m (−£2.60m to −£0.40m).
	if d, lo, hi := Money.SignedInterval(-1.5e6, -2.6002e6, -0.3995e6); d != "−£1.50m" || lo != "−£2.60m" || hi != "−£0.40m" {
		t.Errorf("SignedInterval in millions = %s (%s to %s), want −£1.50m (−£2.60m to −£0.40m)", d, lo, hi)
	}
	d, lo, hi := Money.SignedInterval(-1500, -2600.2, -399.5)
	if d != "−£1,500" || lo != "−£2,600" || hi != "−£400" {
		t.Errorf("SignedInterval = %s (%s to %s), want −£1,500 (−£2,600 to −£400)", d, lo, hi)
	}
}

// TestMoneyAnswer: the sentence gives the alternative's extra spend (the
// negative of base − alternative), the value of the bed-days it frees and
// the net, scaled to a year, with intervals at the pound.
func TestMoneyAnswer(t *testing.T) {
	services := Paired{-2e6, -2.5e6, -1.5e6} // the alternative spends £2m more
	beds := Paired{3e6, 2e6, 4e6}
	total := Paired{1e6, -0.2e6, 2.2e6}
	got := MoneyAnswer(services, beds, total, 365)
	want := "It costs £2.00m a year more in services (95% CI £1.50m to £2.50m), frees bed-days worth £3.00m (95% CI £2.00m to £4.00m); net saving £1.00m a year (95% CI −£0.20m to £2.20m)."
	if got != want {
		t.Errorf("MoneyAnswer =\n%s\nwant\n%s", got, want)
	}
	// Over half a year every amount doubles; a loss is said as one, its
	// interval with it.
	got = MoneyAnswer(Paired{0, 0, 0}, Paired{-5e5, -6e5, -4e5}, Paired{-5e5, -6e5, -4e5}, 182.5)
	want = "It costs nothing more in services, uses more bed-days, worth £1.00m (95% CI £0.80m to £1.20m); net cost £1.00m a year (95% CI £0.80m to £1.20m) (scaled to a year from the 182 days reported)."
	if got != want {
		t.Errorf("MoneyAnswer =\n%s\nwant\n%s", got, want)
	}
}

// TestBedsPhrase: beds at 92% occupancy, singular for one and words for
// less than half a bed, whatever the sign of the saving.
func TestBedsPhrase(t *testing.T) {
	for _, c := range []struct {
		bedDays, days float64
		want          string
	}{
		{0.92 * 365, 365, "about 1 bed"},
		{-0.92 * 365, 365, "about 1 bed"},
		{0.4 * 0.92 * 365, 365, "less than one bed"},
		{23 * 0.92 * 182, 182, "about 23 beds"},
		{1234 * 0.92 * 365, 365, "about 1,234 beds"},
	} {
		if got := BedsPhrase(c.bedDays, c.days); got != c.want {
			t.Errorf("BedsPhrase(%v, %v) = %q, want %q", c.bedDays, c.days, got, c.want)
		}
	}
}
