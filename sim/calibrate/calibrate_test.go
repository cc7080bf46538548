package calibrate

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/model"
)

func rep(vals map[string]float64) *model.Result {
	r := &model.Result{}
	for k, v := range vals {
		name, site, _ := strings.Cut(k, "@")
		r.Metrics = append(r.Metrics, model.Metric{Name: name, Site: site, Value: v})
	}
	return r
}

func TestEvaluatePoolsSitesAndJudgesRanges(t *testing.T) {
	reps := []*model.Result{
		rep(map[string]float64{"arrivals@a": 100, "arrivals@b": 50, "p1_starts@a": 10, "discharges@a": 90, "occupancy_mean@a": 0.95}),
		rep(map[string]float64{"arrivals@a": 110, "arrivals@b": 40, "p1_starts@a": 12, "discharges@a": 100, "occupancy_mean@a": 0.97}),
	}
	tg := &Targets{Targets: []Target{
		{Name: "per day", Metric: "arrivals", Sites: []string{"a", "b"}, PerDay: true, Low: 14, High: 16},
		{Name: "share", Metric: "p1_starts", Over: []string{"discharges", "p1_starts"}, Sites: []string{"a"}, Low: 0.2, High: 0.3},
		{Name: "occupancy", Metric: "occupancy_mean", Sites: []string{"a"}, Low: 0.93, High: 0.94},
	}}
	rows, err := Evaluate(tg, reps, 10)
	if err != nil {
		t.Fatal(err)
	}
	// 150 arrivals over 10 days in both replications.
	if rows[0].Mean != 15 || rows[0].Verdict != "ok" {
		t.Errorf("per day: %v %s, want 15 ok", rows[0].Mean, rows[0].Verdict)
	}
	// 10/100 and 12/112: mean 0.10357, below 0.2.
	if want := (0.1 + 12.0/112) / 2; math.Abs(rows[1].Mean-want) > 1e-12 || rows[1].Verdict != "low" {
		t.Errorf("share: %v %s, want %v low", rows[1].Mean, rows[1].Verdict, want)
	}
	// 0.95 and 0.97: the CI is wide enough (n = 2) to meet 0.93–0.94.
	if rows[2].Verdict != "ok" {
		t.Errorf("occupancy verdict %s (CI %v–%v)", rows[2].Verdict, rows[2].CILow, rows[2].CIHigh)
	}
	if _, err := Evaluate(&Targets{Targets: []Target{{Name: "x", Metric: "nope", Sites: []string{"a"}}}}, reps, 1); err == nil {
		t.Error("unknown metric gave no error")
	}
}

func TestLoadRejectsBadTargets(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ doc, want string }{
		"unknown key":    {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 1, high: 2, sauce: y}\n", "sauce"},
		"low > high":     {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 3, high: 2}\n", "low 3 is above high 2"},
		"missing site":   {"targets:\n  - {name: x, metric: bed_days, low: 1, high: 2}\n", "name, metric and sites are required"},
		"empty":          {"targets: []\n", "no targets"},
		"unknown metric": {"targets:\n  - {name: x, metric: bed_dayz, sites: [a], low: 1, high: 2}\n", `targets[0] (x): unknown metric "bed_dayz"`},
		"unknown over":   {"targets:\n  - {name: x, metric: p1_starts, over: [discharges, p9_starts], sites: [a], low: 0, high: 1}\n", `unknown metric "p9_starts"`},
	} {
		p := filepath.Join(dir, "t.yaml")
		if err := os.WriteFile(p, []byte(c.doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
}
