package main

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
)

// moneyBase is a small priced system: beds, a p2 service of 20 beds and a
// hub, with unit costs.
const moneyBase = `name: priced
horizon: 130d
warmup: 30d
cohorts:
  young: {share: 0.7, los: {dist: lognormal, median: 2d, p95: 9d}}
  frail: {share: 0.3, los: {dist: lognormal, median: 6d, p95: 25d}, pathways: {p0: 0.7, p2: 0.3}}
places:
  town: {arrivals: 30/d}
sites:
  main:
    beds: {capacity: 260}
    hub: {days: 5, assessment: {dist: exponential, mean: 4h}, staff: 3}
    pathways:
      p2: {capacity: 20, los: {dist: lognormal, median: 20d, p95: 50d}}
costs:
  currency: GBP
  price_year: 2023/24
  bed_day: 562
  delayed_bed_day: 395
  p2_bed_day: 250.3
  hub_wte_year: 52000
`

// TestCompareMoney: an alternative that changes no service (shorter stays)
// costs exactly nothing more; one that adds 10 p2 beds costs exactly 10 ×
// the days reported × the p2 bed-day, filled or not; in every replication
// the net (base − alternative total cost) is the value of the bed-days
// freed less the extra spend, to the cent; the terminal says so in words.
func TestCompareMoney(t *testing.T) {
	dir := t.TempDir()
	write := writerIn(t, dir)
	base := write("base.yaml", moneyBase)
	shorter := write("shorter.yaml", "extends: base.yaml\nname: shorter\ncohorts:\n  frail: {los: {dist: lognormal, median: 5d, p95: 20d}}\n")
	more := write("more.yaml", "extends: base.yaml\nname: more\nsites:\n  main:\n    pathways:\n      p2: {capacity: 30}\n")
	out := filepath.Join(dir, "out")
	stdout := mustRun(t, "compare", base, shorter, more, "--reps", "5", "--out", out, "--seed", "3")

	// comparison.csv: base − alternative for the system.
	diff := map[[2]string]float64{}
	rows := readCSV(t, filepath.Join(out, "comparison.csv"))
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for _, r := range rows[1:] {
		if r[col["site"]] == "all" {
			v, err := strconv.ParseFloat(r[col["diff_mean"]], 64)
			if err == nil {
				diff[[2]string{r[col["scenario"]], r[col["metric"]]}] = v
			}
		}
	}
	if got := diff[[2]string{"shorter", metric.CostServices}]; got != 0 {
		t.Errorf("shorter stays change no service, cost_services difference %v, want exactly 0", got)
	}
	if got, want := diff[[2]string{"more", metric.CostServices}], -10*100*250.3; math.Abs(got-want) > 0.005 {
		t.Errorf("10 more p2 beds for 100 days: cost_services difference %v, want %v", got, want)
	}
	if got := diff[[2]string{"shorter", metric.CostBedDays}]; !(got > 0) {
		t.Errorf("shorter stays free no bed-days' worth: %v", got)
	}

	// replications.csv: per replication, net = value − cost.
	value := map[[3]string]float64{}
	reps := readCSV(t, filepath.Join(out, "replications.csv"))
	col = map[string]int{}
	for i, c := range reps[0] {
		col[c] = i
	}
	for _, r := range reps[1:] {
		if r[col["site"]] != "all" || !strings.HasPrefix(r[col["metric"]], "cost_") || r[col["value"]] == "NA" {
			continue // NA: a service not priced
		}
		v, err := strconv.ParseFloat(r[col["value"]], 64)
		if err != nil {
			t.Fatalf("replications.csv: %v", err)
		}
		value[[3]string{r[col["scenario"]], r[col["rep"]], r[col["metric"]]}] = v
	}
	for _, alt := range []string{"shorter", "more"} {
		for rep := range 5 {
			k := func(sc, m string) float64 { return value[[3]string{sc, strconv.Itoa(rep), m}] }
			freed := k("priced", metric.CostBedDays) - k(alt, metric.CostBedDays)
			extra := k(alt, metric.CostServices) - k("priced", metric.CostServices)
			net := k("priced", metric.CostTotal) - k(alt, metric.CostTotal)
			if k("priced", metric.CostTotal) == 0 || math.Abs(net-(freed-extra)) > 0.005 {
				t.Errorf("%s rep %d: net %.4f, value − cost %.4f − %.4f", alt, rep, net, freed, extra)
			}
			if alt == "shorter" && extra != 0 {
				t.Errorf("shorter rep %d: extra spend %v, want exactly 0", rep, extra)
			}
		}
	}

	for _, want := range []string{"It costs nothing more in services, frees bed-days worth £",
		"It costs £913,595 a year more in services, "} { // 10 beds × 365 days × £250.30
		if !strings.Contains(stdout, want) {
			t.Errorf("the terminal does not say %q:\n%s", want, stdout)
		}
	}
}

// TestCompareEscalationMoney: escalation beds always open (a trigger of 0)
// where nobody waits for a bed change no patient's care, so compared with
// the base the only difference is their cost: exactly beds × days
// reported × the escalation bed-day, in cost_services and cost_total; the
// base, which has no escalation, reports none of its metrics, and the
// comparison counts them as 0 there.
func TestCompareEscalationMoney(t *testing.T) {
	dir := t.TempDir()
	write := writerIn(t, dir)
	// Beds enough that nobody waits for one, though p2 patients wait in them.
	priced := strings.Replace(moneyBase, "beds: {capacity: 260}", "beds: {capacity: 2600}", 1)
	base := write("base.yaml", strings.Replace(priced, "  hub_wte_year: 52000\n", "  hub_wte_year: 52000\n  escalation_bed_day: 700\n", 1))
	esc := write("esc.yaml", "extends: base.yaml\nname: esc\nsites:\n  main:\n    escalation:\n      levels: [{level: opel2, open_at: 0, close_below: 0, beds: 15}]\n")
	out := filepath.Join(dir, "out")
	stdout := mustRun(t, "compare", base, esc, "--reps", "3", "--out", out, "--seed", "3")

	const cost = 15 * 100 * 700.0 // 15 beds, 100 days reported
	checkOnlyCost(t, out, map[string]compareRow{
		metric.EscalationBedDays:     {"0", "1500", "-1500"},
		metric.CostEscalationBedDays: {"0.00", "1050000.00", "-1050000.00"},
	}, cost, "the escalation beds", "escalation")
	if want := "It costs £3.83m a year more in services"; !strings.Contains(stdout, want) { // 15 × 365 × £700
		t.Errorf("the terminal does not say %q:\n%s", want, stdout)
	}
}

// TestCompareUTCMoney: an urgent treatment centre beside an ED without
// capacity moves minor attendances and changes no bed, so compared with
// the base the only money is its clinicians: 4 always open for the 100
// days reported, 9,600 clinician-hours × the clinician-hour, in cost_utc,
// cost_services and cost_total; the base, without a UTC, reports neither
// utc_clinician_hours nor cost_utc, and the comparison counts them as 0.
func TestCompareUTCMoney(t *testing.T) {
	dir := t.TempDir()
	write := writerIn(t, dir)
	withED := strings.Replace(moneyBase, "    beds: {capacity: 260}\n", "    beds: {capacity: 260}\n"+
		"    ed: {decision: {dist: exponential, mean: 2h}, others: 10/h, others_time: {dist: exponential, mean: 2.5h}}\n", 1)
	base := write("base.yaml", strings.Replace(withED, "  hub_wte_year: 52000\n", "  hub_wte_year: 52000\n  utc_clinician_hour: 85.5\n", 1))
	utc := write("utc.yaml", "extends: base.yaml\nname: utc\nsites:\n  main:\n    utc:\n      capacity: 4\n      streamed: 0.25\n"+
		"      treatment: {dist: lognormal, median: 40m, p95: 2h}\n")
	out := filepath.Join(dir, "out")
	stdout := mustRun(t, "compare", base, utc, "--reps", "3", "--out", out, "--seed", "3")

	const cost = 4 * 24 * 100 * 85.5 // 4 clinicians, 100 days reported
	checkOnlyCost(t, out, map[string]compareRow{
		metric.UTCClinicianHours: {"0", "9600", "-9600"},
		metric.CostUTC:           {"0.00", "820800.00", "-820800.00"},
	}, cost, "the UTC's clinicians", metric.UTCClinicianHours, metric.CostUTC)
	if want := "It costs £3.00m a year more in services"; !strings.Contains(stdout, want) { // 4 × 24 × 365 × £85.50
		t.Errorf("the terminal does not say %q:\n%s", want, stdout)
	}
}

// compareRow is a metric's system-wide row of comparison.csv, as written.
type compareRow struct{ base, alt, diff string }

// checkOnlyCost checks the comparison in out of a base with an
// alternative that adds a priced service and changes no bed: bed_days
// the same in both, the rows want as written, cost_services and
// cost_total differing by exactly −cost (what the service is, for the
// message), and no summary row of the base (scenario "priced") naming
// any of lacks, the metrics it does not report.
func checkOnlyCost(t *testing.T, out string, want map[string]compareRow, cost float64, what string, lacks ...string) {
	t.Helper()
	got := map[string]compareRow{}
	rows := readCSV(t, filepath.Join(out, "comparison.csv"))
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for _, r := range rows[1:] {
		if r[col["site"]] == "all" {
			got[r[col["metric"]]] = compareRow{r[col["base_mean"]], r[col["alt_mean"]], r[col["diff_mean"]]}
		}
	}
	want[metric.BedDays] = compareRow{got[metric.BedDays].base, got[metric.BedDays].base, "0"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: base %s, alt %s, diff %s; want %s, %s, %s", name, got[name].base, got[name].alt, got[name].diff, w.base, w.alt, w.diff)
		}
	}
	for _, name := range []string{metric.CostServices, metric.CostTotal} {
		if d, err := strconv.ParseFloat(got[name].diff, 64); err != nil || math.Abs(d+cost) > 0.005 {
			t.Errorf("%s difference %s, want −%v: %s and nothing else", name, got[name].diff, cost, what)
		}
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(summary), "\n") {
		for _, l := range lacks {
			if strings.HasPrefix(line, "priced,") && strings.Contains(line, l) {
				t.Errorf("the base reports %s", line)
			}
		}
	}
}

// writerIn returns a function that writes a file into dir and returns
// its path.
func writerIn(t *testing.T, dir string) func(name, text string) string {
	return func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}
