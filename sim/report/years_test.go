package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/plot"
)

// TestReportByYear: a run reporting financial years gets a table with a
// row per year in order, partial years labelled with their days, each
// cell summary.csv's system row for that year, and the years figure; a
// run without years gets neither.
func TestReportByYear(t *testing.T) {
	run, err := plot.ReadRun(filepath.Join("..", "plot", "testdata", "plot_years"))
	if err != nil {
		t.Fatal(err)
	}
	tables := yearTables(run)
	if len(tables) != 1 {
		t.Fatalf("%d year tables, want 1", len(tables))
	}
	var keys []string
	for _, r := range tables[0].Rows {
		keys = append(keys, r.Keys[0])
	}
	want := []string{"2025/26 (partial: 172 days)", "2026/27", "2027/28 (partial: 253 days)"}
	if strings.Join(keys, "|") != strings.Join(want, "|") {
		t.Errorf("years %q, want %q", keys, want)
	}
	// Bed-days (the third column) of 2026/27 are summary.csv's.
	for _, s := range run.Years {
		if s.Metric == "bed_days" && s.Site == plot.SystemSite && s.Year.Label == "2026/27" {
			d := yearMetrics[2]
			if d != "bed_days" {
				t.Fatalf("third column is %s", d)
			}
			if got, want := tables[0].Rows[1].Cells[2].Mean, cellOf(t, s).Mean; got != want {
				t.Errorf("2026/27 bed-days %q, want %q", got, want)
			}
		}
	}
	html := renderPage(t, run, Options{})
	for _, w := range []string{"By financial year (April–March)", "2027/28 (partial: 253 days)", `id="fig-years"`} {
		if !strings.Contains(html, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
	if html := renderPage(t, testRun(t), Options{}); strings.Contains(html, "By financial year") {
		t.Error("a run without financial years has a table by year")
	}
}

func cellOf(t *testing.T, s plot.SummaryRow) Cell {
	t.Helper()
	for _, name := range yearMetrics {
		if name == s.Metric {
			d, _ := metric.Lookup(name)
			return cell(d, s, true)
		}
	}
	t.Fatalf("%s is not a year metric", s.Metric)
	return Cell{}
}
