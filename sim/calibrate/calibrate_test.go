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
		{Name: "per day", Metric: Names{"arrivals"}, Sites: []string{"a", "b"}, PerDay: true, Low: 14, High: 16},
		{Name: "share", Metric: Names{"p1_starts"}, Over: Names{"discharges", "p1_starts"}, Sites: []string{"a"}, Low: 0.2, High: 0.3},
		{Name: "occupancy", Metric: Names{"occupancy_mean"}, Sites: []string{"a"}, Low: 0.93, High: 0.94, FittedBy: []string{"sites.a.beds.los_scale"}},
		{Name: "sum", Metric: Names{"p1_starts", "discharges"}, Over: Names{"arrivals"}, Sites: []string{"a"}, Low: 0.7, High: 0.8},
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
	// 0.95 and 0.97: the CI (n = 2) reaches 0.93–0.94 but the mean, 0.96,
	// does not, and the mean decides.
	if rows[2].Verdict != "high" || rows[2].CILow > 0.94 {
		t.Errorf("occupancy verdict %s (mean %v, CI %v–%v), want high with a CI reaching the range",
			rows[2].Verdict, rows[2].Mean, rows[2].CILow, rows[2].CIHigh)
	}
	// (10+90)/100 and (12+100)/110: a list of metrics is summed.
	if want := (1 + 112.0/110) / 2; math.Abs(rows[3].Mean-want) > 1e-12 || rows[3].Verdict != "high" {
		t.Errorf("sum: %v %s, want %v high", rows[3].Mean, rows[3].Verdict, want)
	}
	if got, want := Count(rows), (Tally{Independent: 3, IndependentMet: 1, Fitted: 1, FittedMet: 0}); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
	if _, err := Evaluate(&Targets{Targets: []Target{{Name: "x", Metric: Names{"nope"}, Sites: []string{"a"}}}}, reps, 1); err == nil {
		t.Error("unknown metric gave no error")
	}
}

func TestLoadRejectsBadTargets(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ doc, want string }{
		"unknown key":    {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 1, high: 2, sauce: y}\n", "sauce"},
		"low > high":     {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 3, high: 2, source: P}\n", "t.yaml:2: targets[0] (x): low 3 is above high 2"},
		"missing site":   {"targets:\n  - {name: x, metric: bed_days, low: 1, high: 2}\n", "name, metric and sites are required"},
		"empty":          {"targets: []\n", "no targets"},
		"no source":      {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 1, high: 2}\n", "source is required"},
		"unknown metric": {"targets:\n  - {name: x, metric: bed_dayz, sites: [a], low: 1, high: 2, source: P}\n", `targets[0] (x): unknown metric "bed_dayz"`},
		"unknown in sum": {"targets:\n  - {name: x, metric: [bed_days, bed_dayz], sites: [a], low: 1, high: 2, source: P}\n", `unknown metric "bed_dayz"`},
		"unknown over":   {"targets:\n  - {name: x, metric: p1_starts, over: [discharges, p9_starts], sites: [a], low: 0, high: 1, source: P}\n", `unknown metric "p9_starts"`},
		"second line":    {"targets:\n  - {name: a, metric: bed_days, sites: [a], low: 1, high: 2, source: P}\n  - name: b\n    metric: bed_days\n    sites: [a]\n    low: 5\n    high: 2\n    source: P\n", "t.yaml:3: targets[1] (b): low 5"},
		"summed shares":  {"targets:\n  - {name: x, metric: occupancy_mean, sites: [a, b], low: 0.9, high: 1, source: P}\n", "occupancy_mean is a share, a wait or a stay"},
		"summed counts":  {"targets:\n  - {name: x, metric: nctr_mean, sites: [a, b], low: 1, high: 2, source: P}\n", ""},
		"nan low":        {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: .nan, high: 2, source: P}\n", "want finite numbers"},
		"infinite high":  {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 1, high: .inf, source: P}\n", "want finite numbers"},
		"site twice":     {"targets:\n  - {name: x, metric: bed_days, sites: [a, a], low: 1, high: 2, source: P}\n", `sites lists "a" twice`},
		"all and a site": {"targets:\n  - {name: x, metric: bed_days, sites: [all, a], low: 1, high: 2, source: P}\n", "counting them twice"},
		"empty fitted":   {"targets:\n  - {name: x, metric: bed_days, sites: [a], low: 1, high: 2, source: P, fitted_by: [\"\"]}\n", "fitted_by has an empty entry"},
	} {
		p := filepath.Join(dir, "t.yaml")
		if err := os.WriteFile(p, []byte(c.doc), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v, want no error", name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
}

// TestWriteTableCountsIndependentApart: the closing line counts the
// independent targets met apart from the fitted ones, and a miss is
// marked.
func TestWriteTableCountsIndependentApart(t *testing.T) {
	rows := []Row{
		{Target: Target{Name: "a", Low: 1, High: 2}, Verdict: "ok"},
		{Target: Target{Name: "b", Low: 1, High: 2}, Verdict: "low"},
		{Target: Target{Name: "c", Low: 1, High: 2, FittedBy: []string{"x"}}, Verdict: "ok"},
	}
	var b strings.Builder
	if err := WriteTable(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"1 of 2 independent targets met; 1 of 1 fitted targets met", "** low", "fitted"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestDiscrepancyByKind: a file declares each kind's discrepancy once; a
// ratio and a share metric are shares, a count and a stay relative; bad
// values and kinds are refused naming the file and line.
func TestDiscrepancyByKind(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "targets.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tg, err := Load(write(`discrepancy: {relative: 0.1, share: 0.3}
targets:
  - {name: a, metric: arrivals, sites: [x], low: 90, high: 110, source: s}
  - {name: b, metric: occupancy_mean, sites: [x], low: 0.4, high: 0.6, source: s}
  - {name: c, metric: discharges_p0, over: [discharges], sites: [x], low: 0.4, high: 0.6, source: s}
  - {name: d, metric: mean_los_days, sites: [x], low: 8, high: 12, source: s, discrepancy: 0.5}
`))
	if err != nil {
		t.Fatal(err)
	}
	d := tg.DefaultDiscrepancy()
	for i, want := range []float64{0.1 * 100, 0.3 * 0.25, 0.3 * 0.25, 0.5 * 10} {
		if got := d.SD(tg.Targets[i]); math.Abs(got-want) > 1e-12 {
			t.Errorf("target %s: sd %v, want %v", tg.Targets[i].Name, got, want)
		}
	}
	if k := tg.Targets[3].DiscrepancyKind(); k != Relative {
		t.Errorf("a stay's kind is %s", k)
	}
	_, err = Load(write("discrepancy: {relative: -1, share: 0.2}\ntargets:\n  - {name: a, metric: arrivals, sites: [x], low: 1, high: 2, source: s, kind: logit}\n"))
	for _, want := range []string{"targets.yaml:1: discrepancy.relative -1", `targets.yaml:3: targets[0] (a): kind "logit"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to say %q", err, want)
		}
	}
	if got, err := ParseDiscrepancy("share=0.4", d); err != nil || got != (Discrepancy{Relative: 0.1, Share: 0.4}) {
		t.Errorf("ParseDiscrepancy(share=0.4) = %v, %v", got, err)
	}
	if got, err := ParseDiscrepancy("0.07", d); err != nil || got != (Discrepancy{Relative: 0.07, Share: 0.07}) {
		t.Errorf("ParseDiscrepancy(0.07) = %v, %v", got, err)
	}
	for _, bad := range []string{"x", "logit=1", "share=-2", "share=1,relative"} {
		if _, err := ParseDiscrepancy(bad, d); err == nil {
			t.Errorf("ParseDiscrepancy(%q) accepted", bad)
		}
	}
}
