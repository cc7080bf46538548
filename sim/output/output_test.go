package output

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/stats"
)

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "old\n"); return err }); err != nil {
		t.Fatal(err)
	}
	// A failing writer leaves the old file and no temporary behind.
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half a fi")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "x.csv") {
		t.Fatalf("err = %v, want boom naming the file", err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "old\n" {
		t.Errorf("file now %q, want the old contents", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only x.csv", len(entries))
	}
}

func TestExactRoundTrips(t *testing.T) {
	for _, x := range []float64{0.1 + 0.2, 1e-300, 123456789.123456789, 2.0 / 3, 1591150.25, 2.19298e-05, -0.00021, 1e15, 7e22} {
		y, err := strconv.ParseFloat(Exact(x), 64)
		if err != nil || y != x {
			t.Errorf("Exact(%v) = %q parses to %v", x, Exact(x), y)
		}
	}
	for x, want := range map[float64]string{1591150: "1591150", 1e6: "1000000", 0.00021: "0.00021", -42620.6: "-42620.6", 2.19298e-05: "2.19298e-05"} {
		if got := Exact(x); got != want {
			t.Errorf("Exact(%v) = %q, want %q (no exponent for ordinary magnitudes)", x, got, want)
		}
	}
	if Exact(math.NaN()) != "NA" || Rounded(math.NaN()) != "NA" {
		t.Error("NaN should be written NA")
	}
	if Rounded(2.0/3) != "0.666667" {
		t.Errorf("Rounded(2/3) = %s", Rounded(2.0/3))
	}
	if got := Pence(448570633.274); got != "448570633.27" || Pence(math.NaN()) != "NA" {
		t.Errorf("Pence(448570633.274) = %s, want 448570633.27 (to the penny, no exponent)", got)
	}
}

// TestComparisonMoneyToThePenny: comparison.csv writes money rows to the
// penny and every other row at six significant digits, as before.
func TestComparisonMoneyToThePenny(t *testing.T) {
	var b strings.Builder
	rows := []ComparisonRow{
		{Scenario: "alt", Metric: metric.CostTotal, Site: "all", BaseMean: 448570633.274, AltMean: 446945645.5,
			Diff: stats.Summary{Mean: 1624987.774, CILow: 1036098.1, CIHigh: 2213879.449, N: 4}},
		{Scenario: "alt", Metric: metric.BedDays, Site: "all", BaseMean: 798170.04, AltMean: 795278.6,
			Diff: stats.Summary{Mean: 2891.44, CILow: 1843.59, CIHigh: 3939.29, N: 4}},
	}
	if err := WriteComparison(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if want := "alt,cost_total,all,448570633.27,446945645.50,1624987.77,1036098.10,2213879.45,4,lower,better"; lines[1] != want {
		t.Errorf("money row\n%s\nwant\n%s", lines[1], want)
	}
	if want := "alt,bed_days,all,798170,795279,2891.44,1843.59,3939.29,4,lower,better"; lines[2] != want {
		t.Errorf("bed-day row\n%s\nwant\n%s", lines[2], want)
	}
}

func TestWriteReplicationsAndDaily(t *testing.T) {
	reps := []Replication{{Scenario: "s", Rep: 1, Result: &model.Result{
		Metrics: []model.Metric{{Name: "bed_days", Site: "qmc", Value: 1.5}},
		Daily: []model.Day{
			{Day: 2, Date: "2025-04-09", Site: "qmc", Unit: "beds", Occupied: 10.25, Arrivals: 3, Admissions: 2, Discharges: 1,
				Delayed: 3.5, DelayedBy: [model.NumDelayReasons]float64{0.5, 0, 0, 1, 1.75, 0, 0.25}, Boarding: 6.5},
			{Day: 2, Date: "2025-04-09", Site: "qmc", Unit: "p2", Occupied: 4, Admissions: 1, Delayed: 1.75},
		},
	}}}
	var b strings.Builder
	if err := WriteReplications(&b, nil, reps); err != nil {
		t.Fatal(err)
	}
	if want := "scenario,rep,metric,site,value\ns,1,bed_days,qmc,1.5\n"; b.String() != want {
		t.Errorf("replications.csv = %q, want %q", b.String(), want)
	}
	b.Reset()
	if err := WriteDaily(&b, nil, reps); err != nil {
		t.Fatal(err)
	}
	want := "scenario,rep,day,date,site,unit,occupied,arrivals,admissions,discharges,delayed," +
		"delayed_hub,delayed_d2a,delayed_acceptance,delayed_p1,delayed_p2,delayed_p3,delayed_p0,boarding\n" +
		"s,1,2,2025-04-09,qmc,beds,10.2500,3,2,1,3.5000,0.5000,0.0000,0.0000,1.0000,1.7500,0.0000,0.2500,6.5000\n" +
		"s,1,2,2025-04-09,qmc,p2,4.0000,0,1,0,1.7500,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000\n"
	if b.String() != want {
		t.Errorf("daily.csv = %q, want %q", b.String(), want)
	}
}

// TestDailyDelayColumnsFollowTheModel: one delayed_<reason> column per
// model.DelayReasons entry, in its order, right after delayed.
func TestDailyDelayColumnsFollowTheModel(t *testing.T) {
	cols := DailyDelayColumns()
	reasons := model.DelayReasons()
	if len(cols) != len(reasons) || len(cols) != model.NumDelayReasons {
		t.Fatalf("%d columns for %d reasons (NumDelayReasons %d)", len(cols), len(reasons), model.NumDelayReasons)
	}
	for i, r := range reasons {
		if cols[i] != "delayed_"+r {
			t.Errorf("column %d = %s, want delayed_%s", i, cols[i], r)
		}
	}
	var b strings.Builder
	WriteDaily(&b, nil, nil)
	if want := "delayed," + strings.Join(cols, ",") + ",boarding\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("header %q does not end with %q", b.String(), want)
	}
}

func TestKeyColumnsFollowScenario(t *testing.T) {
	reps := []Replication{{Scenario: "s", Keys: Keys{"4", "2h"}, Rep: 0, Result: &model.Result{
		Metrics: []model.Metric{{Name: "bed_days", Site: "all", Value: 2}},
		Daily:   []model.Day{{Day: 0, Site: "qmc", Unit: "beds", Occupied: 1}},
	}}}
	cols := []string{"sites.qmc.beds.capacity", "sites.qmc.beds.los.mean"}
	var b strings.Builder
	WriteReplications(&b, cols, reps)
	if want := "scenario,sites.qmc.beds.capacity,sites.qmc.beds.los.mean,rep,metric,site,value\ns,4,2h,0,bed_days,all,2\n"; b.String() != want {
		t.Errorf("replications.csv = %q, want %q", b.String(), want)
	}
	b.Reset()
	WriteDaily(&b, cols, reps)
	if !strings.HasPrefix(b.String(), "scenario,sites.qmc.beds.capacity,sites.qmc.beds.los.mean,rep,day,") ||
		!strings.Contains(b.String(), "\ns,4,2h,0,0,,qmc,beds,") {
		t.Errorf("daily.csv = %q", b.String())
	}
	b.Reset()
	WriteSummary(&b, cols, []SummaryRow{{Scenario: "s", Keys: Keys{"4", "2h"}, Metric: "bed_days", Site: "all"}})
	if !strings.HasPrefix(b.String(), "scenario,sites.qmc.beds.capacity,sites.qmc.beds.los.mean,metric,site,mean,") ||
		!strings.Contains(b.String(), "\ns,4,2h,bed_days,all,0,") {
		t.Errorf("summary.csv = %q", b.String())
	}
}

func TestWriteComparisonHeader(t *testing.T) {
	var b strings.Builder
	WriteComparison(&b, nil)
	if want := "scenario,metric,site,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,n,better,verdict\n"; b.String() != want {
		t.Errorf("header = %q, want %q", b.String(), want)
	}
}

func TestWritePatients(t *testing.T) {
	nan := math.NaN()
	reps := []Replication{{Scenario: "s", Rep: 2, Result: &model.Result{Journeys: []model.Journey{
		{Place: "city", Seq: 7, Site: "qmc", Cohort: "frail", Pathway: 2, Route: "bed", Arrived: 61.25, LOSDays: 12.5,
			Outcome: "p2", PathwayStart: 75.5, BoardingDays: 0.25, DelayedDays: 1.5,
			Times: model.JourneyTimes{Arrival: 1470, Decision: 1473.5, SDECStart: nan, SDECEnd: nan, BedStart: 1479.5,
				MedicallySafe: 1743.5, HubReferral: 1700, HubDecision: 1750, PathwayStart: 1812, End: 2500}},
		{Place: "town", Seq: 8, Site: "qmc", Cohort: "fit", Pathway: 0, Route: "sdec", Arrived: 62,
			Outcome: "home", PathwayStart: math.NaN(),
			Times: model.JourneyTimes{Arrival: 1488, Decision: 1490, SDECStart: 1490.25, SDECEnd: 1495, BedStart: nan,
				MedicallySafe: nan, HubReferral: nan, HubDecision: nan, PathwayStart: nan, End: 1495}},
	}}}}
	var b strings.Builder
	if err := WritePatients(&b, nil, reps); err != nil {
		t.Fatal(err)
	}
	want := "scenario,rep,patient,site,cohort,pathway,arrived_day,los_days,route,outcome,pathway_start_day," +
		"arrival_h,decision_h,sdec_start_h,sdec_end_h,bed_start_h,medically_safe_h,hub_referral_h,hub_decision_h,pathway_start_h,end_h,boarding_days,delayed_days\n" +
		"s,2,city-7,qmc,frail,p2,61.2500,12.5000,bed,p2,75.5000,1470.000,1473.500,,,1479.500,1743.500,1700.000,1750.000,1812.000,2500.000,0.2500,1.5000\n" +
		"s,2,town-8,qmc,fit,p0,62.0000,0.0000,sdec,home,,1488.000,1490.000,1490.250,1495.000,,,,,,1495.000,0.0000,0.0000\n"
	if b.String() != want {
		t.Errorf("patients.csv = %q, want %q", b.String(), want)
	}
}
