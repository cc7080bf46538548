package run

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/stats"
)

// TestComparisonShowsTheUTCOnlyWhereThereIsOne: the terminal comparison
// adds the types-1-and-3 four-hour share and the UTC's rows when either
// scenario has an urgent treatment centre, and leaves them out (the share
// would repeat ed_4h_share) when neither has.
func TestComparisonShowsTheUTCOnlyWhereThereIsOne(t *testing.T) {
	m := &output.Manifest{Reps: 4, Seed: 1, HorizonDays: 30, WarmupDays: 5,
		Scenarios: []output.ScenarioEntry{{Name: "base"}, {Name: "alt"}}}
	row := func(name string, base, alt float64) output.ComparisonRow {
		return output.ComparisonRow{Scenario: "alt", Metric: name, Site: model.SystemSite, BaseMean: base, AltMean: alt,
			Diff: stats.Summary{Mean: base - alt, CILow: base - alt - 0.01, CIHigh: base - alt + 0.01}}
	}
	print := func(utc float64) string {
		rows := []output.ComparisonRow{
			row(metric.BedDays, 100, 100),
			row(metric.ED4hShare, 0.70, 0.68),
			row(metric.AE4hShare, 0.70, 0.73),
			row(metric.UTCAttendances, 0, utc),
			row(metric.UTC4hShare, math.NaN(), 0.99),
		}
		var b bytes.Buffer
		printComparison(&b, m, rows)
		return b.String()
	}
	with, without := print(500), print(0)
	for _, name := range []string{metric.AE4hShare, metric.UTCAttendances, metric.UTC4hShare} {
		if !strings.Contains(with, name) {
			t.Errorf("with a UTC the comparison lacks %s:\n%s", name, with)
		}
		if strings.Contains(without, name) {
			t.Errorf("without a UTC the comparison shows %s:\n%s", name, without)
		}
	}
	if !strings.Contains(without, metric.ED4hShare) {
		t.Errorf("ed_4h_share missing:\n%s", without)
	}
}
