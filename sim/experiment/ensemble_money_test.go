package experiment

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/ensemble"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/priors"
)

// compareEnsembleOf runs compare --ensemble's code on the M/M/5 example
// (with extra, such as a costs section, appended) against an alternative
// with shorter stays, at two members, and returns the outcome and
// ensemble-comparison.csv's rows.
func compareEnsembleOf(t *testing.T, extra string) (*CompareOutcome, []map[string]string) {
	t.Helper()
	base, alt := writeAlt(t, "sites: {main: {beds: {los: {dist: exponential, mean: 0.9h}}}}\n")
	f, err := os.OpenFile(base, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(extra); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ens := &priors.Ensemble{Members: []priors.Member{
		member(t, "busy", "places.town.arrivals=4.4/h"),
		member(t, "quiet", "places.town.arrivals=4/h"),
	}}
	var buf bytes.Buffer
	if err := ens.Write(&buf); err != nil {
		t.Fatal(err)
	}
	ensFile := filepath.Join(filepath.Dir(base), "plausible.yaml")
	if err := os.WriteFile(ensFile, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(base), "out")
	o, err := CompareEnsemble(context.Background(), CompareOptions{Ensemble: ensFile, Base: base, Alternatives: []string{alt},
		Reps: 3, Workers: 2, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, EnsembleComparisonCSV))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, col := range recs[0] {
			row[col] = r[i]
		}
		rows = append(rows, row)
	}
	return o, rows
}

// TestCompareEnsemblePricesTheSaving: with a costs section the ensemble
// comparison reports the net saving, which is the bed-days saved at the
// bed-day price plus what the alternative saves on services, at every
// site, in the mean, the baselines' range and the interval alike (the
// range and interval are of the members' paired means, so exactly
// linear); the sentence scales it to a year and says at how many
// baselines it saves money. Without costs there are no money rows.
func TestCompareEnsemblePricesTheSaving(t *testing.T) {
	const bedDay = 500.0
	o, rows := compareEnsembleOf(t, "costs: {currency: GBP, price_year: 2024/25, bed_day: 500}\n")
	get := func(m, site, col string) float64 {
		for _, r := range rows {
			if r["metric"] == m && r["site"] == site {
				x, err := strconv.ParseFloat(r[col], 64)
				if err != nil {
					t.Fatalf("%s %s %s: %v", m, site, col, err)
				}
				return x
			}
		}
		t.Fatalf("ensemble-comparison.csv has no %s row at %s", m, site)
		return 0
	}
	for _, site := range []string{"main", model.SystemSite} {
		for _, col := range []string{"saving_mean", "saving_median", "range_low", "range_high"} {
			beds, services, net := get(metric.BedDays, site, col), get(metric.CostServices, site, col), get(metric.CostTotal, site, col)
			if want := beds*bedDay + services; math.Abs(net-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("%s %s: net saving %v, want bed-days %v × £%v + services %v = %v", site, col, net, beds, bedDay, services, want)
			}
		}
	}
	if o.Money == nil || o.Headline == nil {
		t.Fatal("no money summary beside the headline")
	}
	if got, want := o.Money.Alternatives[0].Ensemble.Mean, o.Headline.Alternatives[0].Ensemble.Mean*bedDay; math.Abs(got-want) > 1e-9*want {
		t.Errorf("system net saving %v, want %v", got, want)
	}
	var text bytes.Buffer
	if err := o.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	year := 365 / o.Days
	mean := metric.Money.Value(o.Money.Alternatives[0].Ensemble.Mean * year)
	if want := "net saving " + mean + " a year"; !strings.Contains(text.String(), want) {
		t.Errorf("compare --ensemble text lacks %q:\n%s", want, text.String())
	}
	for _, site := range []string{"main", model.SystemSite} {
		if n := get(metric.CostTotal, site, "points_saving"); n != 2 {
			t.Errorf("%s: points_saving %v, want 2 (shorter stays save money at both)", site, n)
		}
	}
	if !strings.Contains(text.String(), "it saves money at 2 of 2") {
		t.Errorf("shorter stays save money at both baselines, the text says otherwise:\n%s", text.String())
	}

	o, rows = compareEnsembleOf(t, "")
	for _, r := range rows {
		if strings.HasPrefix(r["metric"], "cost_") {
			t.Errorf("a comparison without costs reports %s", r["metric"])
		}
	}
	if o.Money != nil {
		t.Error("a comparison without costs has a money summary")
	}
}

// TestEnsembleMoneyAnswer: a net cost is said as one, its interval and
// range turned round with it; the baselines at which it saves money are
// counted; a period other than a year is scaled and said.
func TestEnsembleMoneyAnswer(t *testing.T) {
	alt := ensemble.Alternative{
		Points:   []ensemble.Interval{{Mean: -3e6}, {Mean: 1e6}, {Mean: -2e6}},
		Ensemble: ensemble.Interval{Mean: -1.5e6, Low: -2.9e6, High: 0.9e6},
		Combined: ensemble.Interval{Mean: -1.5e6, Low: -3.2e6, High: 1.1e6},
	}
	got := EnsembleMoneyAnswer(alt, PointsSaving(alt), len(alt.Points), 365)
	want := "net cost £1.50m a year: −£1.10m to £3.20m including what the plausible baselines leave unknown; " +
		"the baselines' own range −£0.90m to £2.90m; it saves money at 1 of 3"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := EnsembleMoneyAnswer(ensemble.Alternative{Ensemble: ensemble.Interval{Mean: 5e5, Low: 5e5, High: 5e5},
		Combined: ensemble.Interval{Mean: 5e5, Low: 4e5, High: 6e5}}, 1, 1, 182.5); !strings.HasPrefix(got, "net saving £1.00m a year: £0.80m to £1.20m") ||
		!strings.HasSuffix(got, "at 1 of 1 (scaled to a year from the 182 days reported)") {
		t.Errorf("half a year: %s", got)
	}
}
