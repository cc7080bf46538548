package scenario

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// days converts at run time, as ParseDuration does: the constant expression
// 9.1 * 24 is exact, but the float64 product is not.
func days(x float64) Duration { return Duration(x * 24) }

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want Duration
	}{
		{"30m", 0.5},
		{"90m", 1.5},
		{"4h", 4},
		{"6.5d", 156},
		{"2w", 336},
		{"0", 0},
		{"0.0", 0},
		{"-0", 0},
		{"0h", 0},
		{"-3h", -3},
		{"+2d", 48},
		{" 4 h ", 4},
		{"1.5e2h", 150},
		{".5d", 12},
		{"9.1d", days(9.1)},
		{"365d", 8760},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if err != nil {
				t.Fatalf("ParseDuration(%q): %v", tt.in, err)
			}
			if got != tt.want || (tt.want == 0 && math.Signbit(float64(got))) {
				t.Errorf("ParseDuration(%q) = %v hours, want %v", tt.in, float64(got), float64(tt.want))
			}
		})
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"4", `bad duration "4": missing unit: write 4h, 30m or 6.5d`},
		{"1e3", "missing unit"},
		{"4x", `unknown unit "x": use m (minutes), h (hours), d (days) or w (weeks)`},
		{"4hours", `unknown unit "hours"`},
		{"4/h", "not a decimal number"},
		{"h", "want a number before the unit"},
		{"", "want a number before the unit"},
		{"infh", "want a number before the unit"},
		{"NaNh", "want a number before the unit"},
		{"0x10h", `"0x10" is not a decimal number`},
		{"1_000h", "not a decimal number"},
		{"1e400d", "out of range"},
		{"1e308w", "out of range"},
		{"1.2.3h", "not a decimal number"},
		{"1e", `unknown unit "e"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseDuration(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseDuration(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestDurationString(t *testing.T) {
	tests := []struct {
		in   Duration
		want string
	}{
		{0, "0"},
		{4, "4h"},
		{0.5, "30m"},
		{0.1, "6m"},
		{1.5, "1.5h"},
		{36, "36h"},
		{47.5, "47.5h"},
		{48, "2d"},
		{156, "6.5d"},
		{200, "200h"},
		{2000, "2000h"},
		{8760, "365d"},
		{days(9.1), "9.1d"},
		{12 * 24, "12d"},
		{-3, "-3h"},
		{1.0 / 3, "20m"},
		{Duration(math.Inf(1)), "+Infh"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Duration(%v).String() = %q, want %q", float64(tt.in), got, tt.want)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want Rate
	}{
		{"4/h", 4},
		{"96/d", 4},
		{"672/w", 4},
		{"29273/y", 29273.0 / 8760},
		{"80/day", 80.0 / 24},
		{"1/hour", 1},
		{"52/year", 52.0 / 8760},
		{"7/week", 7.0 / 168},
		{"2.5 / h", 2.5},
		{"0", 0},
		{"0/d", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRate(tt.in)
			if err != nil {
				t.Fatalf("ParseRate(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseRate(%q) = %v per hour, want %v", tt.in, float64(got), float64(tt.want))
			}
		})
	}
}

func TestParseRateErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"4", `bad rate "4": missing unit: write 4/h, 96/d or 29273/y`},
		{"4/x", `unknown period "x": use /h, /d, /w or /y`},
		{"4/", `unknown period ""`},
		{"/h", "want a number before the unit"},
		{"4h", "not a decimal number"},
		{"inf/h", "not a decimal number"},
		{"1e400/h", "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseRate(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseRate(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestRateString(t *testing.T) {
	tests := []struct {
		in   Rate
		want string
	}{
		{0, "0"},
		{4, "4/h"},
		{3.5, "84/d"},
		{29273.0 / 8760, "29273/y"},
		{80.0 / 24, "80/d"},
		{1.0 / 168, "1/w"},
		{-4, "-4/h"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Rate(%v).String() = %q, want %q", float64(tt.in), got, tt.want)
		}
	}
}

// roundTripValues are awkward float64s: decimals that binary cannot hold,
// thirds, tiny and huge values, negative ones.
func roundTripValues() []float64 {
	xs := []float64{0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, float64(days(9.1)), float64(days(12.5)), 1e-9, 1e-300, 5e-324,
		1e15, 1e300, math.MaxFloat64 / 1000, 47.99999999999999, 48.00000000000001, math.Pi, -math.E}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		xs = append(xs, r.Float64()*1000, r.ExpFloat64()*24, math.Round(r.Float64()*1e4)/100,
			math.Float64frombits(r.Uint64()&^(0x7ff<<52)|(uint64(1023+r.IntN(80)-40)<<52)))
	}
	return xs
}

func TestDurationRoundTrip(t *testing.T) {
	for _, x := range roundTripValues() {
		d := Duration(x)
		s := d.String()
		got, err := ParseDuration(s)
		if err != nil || got != d {
			t.Errorf("ParseDuration(Duration(%v).String() = %q) = %v, %v; want exactly %v", x, s, float64(got), err, x)
		}
	}
}

func TestRateRoundTrip(t *testing.T) {
	for _, x := range roundTripValues() {
		r := Rate(x)
		s := r.String()
		got, err := ParseRate(s)
		if err != nil || got != r {
			t.Errorf("ParseRate(Rate(%v).String() = %q) = %v, %v; want exactly %v", x, s, float64(got), err, x)
		}
	}
}

// TestParsedRoundTrip checks that what a planner writes comes back as
// written, not merely as the same number.
func TestParsedRoundTrip(t *testing.T) {
	for _, s := range []string{"30m", "4h", "6.5d", "9.1d", "12d", "2000h", "365d", "1.5h", "0"} {
		d, err := ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDuration(%q).String() = %q", s, got)
		}
	}
	for _, s := range []string{"4/h", "96/d", "29273/y", "21873/y", "7438/y", "0"} {
		r, err := ParseRate(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.String(); got != s && !(s == "96/d" && got == "4/h") {
			t.Errorf("ParseRate(%q).String() = %q", s, got)
		}
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2025-04-07")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC); !d.Time().Equal(want) || d.Time().Location() != time.UTC {
		t.Errorf("ParseDate: Time() = %v, want %v", d.Time(), want)
	}
	if d != NewDate(2025, time.April, 7) {
		t.Errorf("ParseDate(2025-04-07) != NewDate(2025, April, 7)")
	}
	if got := d.String(); got != "2025-04-07" {
		t.Errorf("String() = %q", got)
	}
	if d.Time().Weekday() != time.Monday {
		t.Errorf("2025-04-07 is a %v, want Monday", d.Time().Weekday())
	}
	for _, bad := range []string{"2025-4-7", "07/04/2025", "2025-02-30", "2025-04-07T00:00:00Z", ""} {
		if _, err := ParseDate(bad); err == nil || !strings.Contains(err.Error(), "want YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) error = %v, want YYYY-MM-DD message", bad, err)
		}
	}
}

func TestUnitsJSONAndYAML(t *testing.T) {
	type doc struct {
		D Duration `yaml:"d" json:"d"`
		R Rate     `yaml:"r" json:"r"`
		T Date     `yaml:"t" json:"t"`
	}
	in := doc{D: 156, R: 29273.0 / 8760, T: NewDate(2025, time.April, 7)}
	j, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"d":"6.5d","r":"29273/y","t":"2025-04-07"}`; string(j) != want {
		t.Errorf("json.Marshal = %s, want %s", j, want)
	}
	var back doc
	if err := json.Unmarshal(j, &back); err != nil || back != in {
		t.Errorf("json round trip = %+v, %v; want %+v", back, err, in)
	}
	y, err := yaml.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "d: 6.5d\nr: 29273/y\nt: \"2025-04-07\"\n"; string(y) != want {
		t.Errorf("yaml.Marshal = %q, want %q", y, want)
	}
	back = doc{}
	if err := yaml.Unmarshal(y, &back); err != nil || back != in {
		t.Errorf("yaml round trip = %+v, %v; want %+v", back, err, in)
	}
	for _, bad := range []string{`{"d":4}`, `{"r":"4"}`, `{"t":20250407}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("json.Unmarshal(%s) succeeded, want an error", bad)
		}
	}
	if err := yaml.Unmarshal([]byte("d: [4h]"), &back); err == nil || !strings.Contains(err.Error(), "want a duration such as 4h, 30m or 6.5d, got a list") {
		t.Errorf("yaml list into Duration: error = %v", err)
	}
}
