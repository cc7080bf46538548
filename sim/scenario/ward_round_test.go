package scenario

import (
	"slices"
	"strings"
	"testing"
)

// roundDoc is a valid scenario whose site declares patients medically safe
// on a ward round; the tests below rely on its line numbers.
const roundDoc = `name: round
horizon: 2000h
places:
  town: {arrivals: 4/h}
sites:
  main:
    beds: {capacity: 50, los: {dist: exponential, mean: 1d}}
    discharge:
      hours: "08:00-20:00"
      ward_round:
        hours: "08:30-12:00"
        weekend_hours: "10:00-12:00"
        weekend: 0.4
        short_stays: 12h
        short_stay_hours: "08:00-22:00"
`

// TestWardRoundRules: the ward round's hours end by midnight, its weekend
// chance is a share, and each error names file, line and field.
func TestWardRoundRules(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"base", "", "", nil},
		{"round past midnight", `hours: "08:30-12:00"`, `hours: "22:00-02:00"`, []string{
			"c.yaml:11: sites.main.discharge.ward_round.hours: bad hours 22:00-02:00: a ward round must end by midnight (24:00), such as 09:00-12:00",
		}},
		{"weekend round past midnight", `weekend_hours: "10:00-12:00"`, `weekend_hours: "23:00-01:00"`, []string{
			"c.yaml:12: sites.main.discharge.ward_round.weekend_hours: bad hours 23:00-01:00: a ward round must end by midnight (24:00), such as 09:00-12:00",
		}},
		{"round to midnight", `hours: "08:30-12:00"`, `hours: "20:00-24:00"`, nil},
		{"empty round", `hours: "08:30-12:00"`, `hours: "09:00-09:00"`, []string{
			`c.yaml:11: sites.main.discharge.ward_round.hours: bad hours "09:00-09:00": empty window (for all day write 00:00-24:00)`,
		}},
		{"weekend chance above 1", "weekend: 0.4", "weekend: 1.5", []string{
			"c.yaml:13: sites.main.discharge.ward_round.weekend: must be between 0 and 1, got 1.5",
		}},
		{"negative short stays", "short_stays: 12h", "short_stays: -1h", []string{
			"c.yaml:14: sites.main.discharge.ward_round.short_stays: must be >= 0, got -1h",
		}},
		{"short-stay hours past midnight", `"08:00-22:00"`, `"20:00-08:00"`, nil},
		{"bad short-stay hours", `"08:00-22:00"`, `"08:00-25:00"`, []string{
			`c.yaml:15: sites.main.discharge.ward_round.short_stay_hours: bad hours "08:00-25:00": "25:00" is not a time of day HH:MM`,
		}},
		{"misspelt field", "weekend: 0.4", "weekends: 0.4", []string{
			`c.yaml:13: sites.main.discharge.ward_round.weekends: unknown field (did you mean "weekend"?)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadErrors(t, roundDoc, tt.old, tt.new, tt.want) })
	}
}

// wantLoadErrors loads doc as c.yaml with old replaced by new (once) and
// checks that its errors, one a line, are want.
func wantLoadErrors(t *testing.T, doc, old, new string, want []string) {
	t.Helper()
	_, err := LoadBytes("c.yaml", []byte(strings.Replace(doc, old, new, 1)))
	var got []string
	if err != nil {
		got = strings.Split(err.Error(), "\n")
	}
	if !slices.Equal(got, want) {
		t.Errorf("LoadBytes errors =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWardRoundDefaults: an empty ward_round section reviews patients
// 09:00–12:00 every day, at weekends too; weekend hours default to the
// weekday ones.
func TestWardRoundDefaults(t *testing.T) {
	doc := roundDoc[:strings.Index(roundDoc, "      ward_round:")] + "      ward_round: {}\n"
	s, err := LoadBytes("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Sites["main"].Discharge.WardRound
	if r == nil || r.Hours != (Window{9, 12}) || r.WeekendHours != nil || r.Weekend != 1 || r.ShortStays != 0 || r.ShortStayHours != (Window{0, 24}) {
		t.Errorf("ward_round defaults = %+v, want hours 09:00-12:00, no weekend hours, weekend 1, short_stays 0, short_stay_hours 00:00-24:00", r)
	}
}
