package scenario

import (
	"slices"
	"strings"
	"testing"
)

// escalationDoc is a valid scenario whose site opens escalation beds; the
// tests below rely on its line numbers.
const escalationDoc = `name: escalation
horizon: 2000h
places:
  town: {arrivals: 4/h}
sites:
  main:
    beds: {capacity: 50, los: {dist: exponential, mean: 1d}}
    escalation:
      review_every: 4h
      levels:
        - {level: opel2, open_at: 5, close_below: 2, beds: 4}
        - {level: opel3, open_at: 10, close_below: 6, beds: 6}
        - {level: opel4, open_at: 20, close_below: 15, beds: 8}
`

// TestEscalationRules: levels are OPEL 2-4 in rising order, each opening
// above the one below and closing at or below where it opens, adding at
// least one bed, reviewed no more often than every 15 minutes; each error
// names file, line and field.
func TestEscalationRules(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"base", "", "", nil},
		{"closing above opening", "open_at: 10, close_below: 6", "open_at: 10, close_below: 11", []string{
			"c.yaml:12: sites.main.escalation.levels[1].close_below: must be at most open_at (10), got 11: the level would open and close at the same review",
		}},
		{"closing at opening", "open_at: 10, close_below: 6", "open_at: 10, close_below: 10", nil},
		{"negative beds", "beds: 6}", "beds: -3}", []string{
			"c.yaml:12: sites.main.escalation.levels[1].beds: must be >= 1, got -3",
		}},
		{"no beds", "beds: 6}", "beds: 0}", []string{
			"c.yaml:12: sites.main.escalation.levels[1].beds: must be >= 1, got 0",
		}},
		{"unknown level", "level: opel3", "level: opel5", []string{
			`c.yaml:12: sites.main.escalation.levels[1].level: unknown level "opel5": want opel2, opel3 or opel4 (OPEL 1 is normal running, with no escalation beds)`,
		}},
		{"level out of order", "level: opel3", "level: opel2", []string{
			"c.yaml:12: sites.main.escalation.levels[1].level: want levels in rising order, each once: opel2 cannot follow opel2",
		}},
		{"trigger not rising", "open_at: 20, close_below: 15", "open_at: 10, close_below: 5", []string{
			"c.yaml:13: sites.main.escalation.levels[2].open_at: must be above the level below's open_at (10), got 10: a higher level opens under more pressure",
		}},
		{"negative trigger", "open_at: 5, close_below: 2", "open_at: -1, close_below: -2", []string{
			"c.yaml:11: sites.main.escalation.levels[0].close_below: must be >= 0, got -2",
			"c.yaml:11: sites.main.escalation.levels[0].open_at: must be >= 0, got -1",
		}},
		{"reviews too often", "review_every: 4h", "review_every: 5m", []string{
			"c.yaml:9: sites.main.escalation.review_every: must be at least 15m (OPEL levels are reviewed a few times a day), got 5m",
		}},
		{"no levels", "      levels:\n        - {level: opel2, open_at: 5, close_below: 2, beds: 4}\n        - {level: opel3, open_at: 10, close_below: 6, beds: 6}\n        - {level: opel4, open_at: 20, close_below: 15, beds: 8}\n",
			"      levels: []\n", []string{
				"c.yaml:10: sites.main.escalation.levels: at least one level is needed (opel2, opel3 or opel4)",
			}},
		{"misspelt field", "close_below: 2,", "close_at: 2,", []string{
			"c.yaml:11: sites.main.escalation.levels[0].close_at: unknown field (known: beds, close_below, level, open_at)",
			"c.yaml:11: sites.main.escalation.levels[0].close_below: missing required field",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadErrors(t, escalationDoc, tt.old, tt.new, tt.want) })
	}
}

// TestEscalationDefaults: reviews are hourly unless said otherwise, and
// the beds of the levels open add up.
func TestEscalationDefaults(t *testing.T) {
	doc := strings.Replace(escalationDoc, "      review_every: 4h\n", "", 1)
	s, err := LoadBytes("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	e := s.Sites["main"].Escalation
	if e.ReviewEvery != 1 {
		t.Errorf("review_every %v, want 1h", e.ReviewEvery)
	}
	if got := []int{e.ExtraBeds(0), e.ExtraBeds(1), e.ExtraBeds(2), e.ExtraBeds(3)}; !slices.Equal(got, []int{0, 4, 10, 18}) {
		t.Errorf("extra beds by levels open %v, want [0 4 10 18]", got)
	}
}
