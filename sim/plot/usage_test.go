package plot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestUsageDataED: daily.csv's ed rows (an ED with capacity) are a row of
// the usage figure after the other services, their capacity the ED's
// spaces from the resolved scenario — 6 majors cubicles, 4 from midnight
// to noon (5 a day on average), 3 minors and 2 corridor spaces: 10 — and
// the figure draws with them.
func TestUsageDataED(t *testing.T) {
	dir := copyRun(t, "plot_run")
	daily, err := os.ReadFile(filepath.Join(dir, DailyFile))
	if err != nil {
		t.Fatal(err)
	}
	for rep := range 3 {
		for day := range 12 {
			daily = fmt.Appendf(daily, "tiny,%d,%d,north,ed,%d,20,19,18,%g\n", rep, day, 4+rep, 0.5*float64(day%3))
		}
	}
	writeFile(t, filepath.Join(dir, DailyFile), daily)
	path := filepath.Join(dir, ManifestFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var man map[string]any
	if err := json.Unmarshal(raw, &man); err != nil {
		t.Fatal(err)
	}
	for _, sc := range man["scenarios"].([]any) {
		north := sc.(map[string]any)["resolved_scenario"].(map[string]any)["sites"].(map[string]any)["north"].(map[string]any)
		north["ed"] = map[string]any{
			"majors":   map[string]any{"capacity": 6, "schedule": []any{map[string]any{"hours": "00:00-12:00", "capacity": 4}}},
			"minors":   map[string]any{"capacity": 3},
			"corridor": 2,
		}
	}
	if raw, err = json.Marshal(man); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, raw)

	run, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	use, err := UsageData(run, run.Groups[0])
	if err != nil {
		t.Fatal(err)
	}
	if n := len(use.Services); n != 3 || use.Services[2].Unit != "ed" {
		t.Fatalf("services %+v, want p1, p2 and ed", use.Services)
	}
	s := use.Services[2].Sites[0]
	if s.Site != "north" || !s.HasQueue || len(s.Capacity) != len(s.InUse.Day) {
		t.Fatalf("ed panel %+v: want north's, with a queue and a capacity a day", s)
	}
	for d, c := range s.Capacity {
		if c != 10 {
			t.Errorf("day %d: ED capacity %v, want 10", d, c)
		}
	}
	if got := s.InUse.P50[0]; got != 5 {
		t.Errorf("day 0: median patients in ED spaces %v, want 5", got)
	}
	figs, _, err := Figures(run, Options{Kind: KindUsage})
	if err != nil || len(figs) != 1 {
		t.Fatalf("%d usage figures, error %v", len(figs), err)
	}
	var b bytes.Buffer
	if err := figs[0].WriteDPI(&b, "png", 30); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
