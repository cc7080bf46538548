package plot

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// TestFiguresDraw: every figure that applies to the synthetic runs is
// made, named as documented and drawn as a decodable PNG of the stated
// size and as an SVG.
func TestFiguresDraw(t *testing.T) {
	cases := []struct {
		dir     string
		opts    Options
		names   []string
		skipped []string
	}{
		{"plot_run", Options{}, []string{"comparison", "occupancy", "delays", "queues", "usage", "los"}, []string{KindSweep, KindYears}},
		{"plot_run", Options{Zoom: true, Kind: KindUsage}, []string{"usage"}, nil},
		{"plot_run", Options{Zoom: true, Kind: KindOccupancy}, []string{"occupancy"}, nil},
		{"plot_run", Options{LogX: true, Kind: KindLOS}, []string{"los"}, nil},
		{"plot_sweep", Options{}, []string{"sweep"}, []string{KindOccupancy, KindDelays, KindQueues, KindUsage, KindLOS, KindComparison, KindYears}},
		{"plot_years", Options{Kind: KindYears}, []string{"years"}, nil},
	}
	for _, c := range cases {
		t.Run(c.dir+"/"+c.opts.Kind, func(t *testing.T) {
			run := readTestRun(t, c.dir)
			figs, skipped, err := Figures(run, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			var names, kinds []string
			for _, f := range figs {
				names = append(names, f.Name)
			}
			for _, s := range skipped {
				kinds = append(kinds, s.Kind)
				if s.Reason == "" {
					t.Errorf("skipped %s without a reason", s.Kind)
				}
			}
			if !slices.Equal(names, c.names) || !slices.Equal(kinds, c.skipped) {
				t.Fatalf("figures %q, skipped %q; want %q and %q", names, kinds, c.names, c.skipped)
			}
			for _, f := range figs {
				if f.Title == "" || f.Caption == "" {
					t.Errorf("%s: no title or caption", f.Name)
				}
				// A low resolution keeps the race-enabled test fast; the
				// drawing is the same at any resolution.
				const dpi = 30
				var b bytes.Buffer
				if err := f.WriteDPI(&b, "png", dpi); err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(&b)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				wantW := int(math.Round(float64(f.Width/vg.Inch) * dpi))
				if got := img.Bounds().Dx(); got != wantW {
					t.Errorf("%s: %d pixels wide, want %d", f.Name, got, wantW)
				}
				b.Reset()
				if err := f.Write(&b, "svg"); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(b.String(), "<svg") {
					t.Errorf("%s: SVG output has no <svg> element", f.Name)
				}
				if err := f.Write(&b, "pdf"); err == nil {
					t.Errorf("%s: format pdf accepted", f.Name)
				}
			}
		})
	}
}

func TestFiguresKinds(t *testing.T) {
	run := readTestRun(t, "plot_sweep")
	_, _, err := Figures(run, Options{Kind: KindLOS})
	var ke *KindError
	if !errors.As(err, &ke) || !strings.Contains(err.Error(), "patients.csv") {
		t.Errorf("los without patients.csv: %v, want a KindError naming patients.csv", err)
	}
	if _, _, err := Figures(run, Options{Kind: "pie"}); err == nil || errors.As(err, &ke) {
		t.Errorf("unknown kind: %v, want a plain error", err)
	}
}

// TestMultiScenarioNames: a run of several scenarios or sweep points gets
// one time figure per scenario, named after it.
func TestMultiScenarioNames(t *testing.T) {
	run := readTestRun(t, "plot_sweep")
	if got := groupSlug(run, run.Groups[0]); got != "12-5" {
		t.Errorf("sweep point slug %q, want 12-5", got)
	}
	run.Groups = append(run.Groups, Group{Scenario: "P2 faster!"})
	if got := groupSlug(run, run.Groups[len(run.Groups)-1]); got != "p2-faster" {
		t.Errorf("scenario slug %q, want p2-faster", got)
	}
}

func TestDailyCapacity(t *testing.T) {
	start := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC) // a Monday
	cases := []struct {
		name string
		spec string // as the manifest's resolved scenario holds it
		want []float64
	}{
		{"constant", `{"capacity": 5}`, []float64{5, 5, 5}},
		{"dates inclusive", `{"capacity": 5, "schedule": [{"from": "2025-04-08", "to": "2025-04-08", "capacity": 7}]}`, []float64{5, 7, 5}},
		{"weekday and hours", `{"capacity": 4, "schedule": [{"days": ["tue"], "hours": "08:00-20:00", "capacity": 8}]}`, []float64{4, 6, 4}},
		{"last match wins", `{"capacity": 1, "schedule": [{"capacity": 2}, {"from": "2025-04-09", "capacity": 3}]}`, []float64{2, 2, 3}},
		{"overnight window", `{"capacity": 0, "schedule": [{"hours": "18:00-06:00", "capacity": 12}]}`, []float64{6, 6, 6}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var spec unitSpec
			if err := json.Unmarshal([]byte(c.spec), &spec); err != nil {
				t.Fatal(err)
			}
			if got := dailyCapacity(&spec, start, len(c.want)); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	var spec unitSpec
	if err := json.Unmarshal([]byte(`{"schedule": [{"days": ["funday"]}]}`), &spec); err == nil {
		t.Error("unknown weekday accepted")
	}
}

func TestReportWeights(t *testing.T) {
	got := reportWeights(5, 1.5, 4.25)
	want := []float64{0, 0.5, 1, 1, 0.25}
	if !slices.Equal(got, want) {
		t.Errorf("reportWeights = %v, want %v", got, want)
	}
}

func TestReadRunErrors(t *testing.T) {
	if _, err := ReadRun(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("empty directory: %v, want not exist", err)
	}
	dir := copyRun(t, "plot_run")
	daily := filepath.Join(dir, DailyFile)
	data, _ := os.ReadFile(daily)
	lines := strings.Split(string(data), "\n")
	good := lines[4]
	lines[4] = good + ",extra"
	os.WriteFile(daily, []byte(strings.Join(lines, "\n")), 0o644)
	if _, err := ReadRun(dir); err == nil || !strings.Contains(err.Error(), "daily.csv:5") {
		t.Errorf("bad row: %v, want an error naming daily.csv:5", err)
	}
	lines[4] = strings.Join(strings.Split(good, ",")[:5], ",") + ",x,1,1,1,0"
	os.WriteFile(daily, []byte(strings.Join(lines, "\n")), 0o644)
	if _, err := ReadRun(dir); err == nil || !strings.Contains(err.Error(), `daily.csv:5: column occupied: "x"`) {
		t.Errorf("bad number: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"tool": "other"}`), 0o644)
	if _, err := ReadRun(dir); err == nil || !strings.Contains(err.Error(), "not a flowsim manifest") {
		t.Errorf("foreign manifest: %v", err)
	}
}

// TestOlderManifest: manifests with the resolved scenario at the top level
// (before one entry per scenario) still give capacities.
func TestOlderManifest(t *testing.T) {
	dir := copyRun(t, "plot_run")
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"tool": "flowsim", "command": "run", "scenario": "tiny",
		"warmup_days": 3, "horizon_days": 11.5,
		"resolved_scenario": {"name": "tiny", "start": "2025-04-07", "sites": {"north": {"beds": {"capacity": 10}}}}}`), 0o644)
	run, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	occ, err := OccupancyData(run, run.Groups[0])
	if err != nil {
		t.Fatal(err)
	}
	if c := occ.Sites[0].Capacity; len(c) == 0 || c[0] != 10 || occ.Sites[1].Capacity != nil {
		t.Errorf("capacities %v and %v, want 10s for north and none for south", c, occ.Sites[1].Capacity)
	}
}

// TestPatientsRoute: with a route column, journeys that never used a bed
// are not stays.
func TestPatientsRoute(t *testing.T) {
	dir := copyRun(t, "plot_run")
	os.WriteFile(filepath.Join(dir, PatientsFile), []byte(`scenario,rep,patient,site,cohort,pathway,arrived_day,los_days,route
tiny,0,a-1,north,x,p0,4,0.0000,sdec
tiny,0,a-2,north,x,p0,4,2.5000,bed
tiny,0,a-3,north,x,p1,4,3.0000,virtual_ward
tiny,0,a-4,north,x,p0,4,0.0000,virtual_ward
tiny,0,a-5,south,x,p0,4,0.0000,bed
`), 0o644)
	run, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := LOSData(run, run.Groups[0], false)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, g := range d.BySite.Groups {
		n[g.Name] = g.N
	}
	if n["north"] != 2 || n["south"] != 1 {
		t.Errorf("stays %v, want north 2 (bed, step-down) and south 1", n)
	}
}

func TestSiteColors(t *testing.T) {
	sites := []string{"city", "kings_mill", "qmc"}
	if SiteColor(sites, "qmc") != siteColors[2] || SiteColor(sites, "city") != siteColors[0] {
		t.Error("site colours do not follow the sorted site order")
	}
	if SiteColor(sites, SystemSite) == SiteColor(sites, "city") {
		t.Error("the system total shares a site's colour")
	}
}

func TestTicks(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "950": "950", "1000": "1,000", "-12500.5": "-12,500.5", "1e+06": "1e+06"} {
		if got := groupThousands(in); got != want {
			t.Errorf("groupThousands(%q) = %q, want %q", in, got, want)
		}
	}
	labels := func(ts []plot.Tick) []string {
		var out []string
		for _, t := range ts {
			if t.Label != "" {
				out = append(out, t.Label)
			}
		}
		return out
	}
	if got := labels(thousandsTicks{}.Ticks(0, 26000)); !slices.Equal(got, []string{"0", "5,000", "10,000", "15,000", "20,000", "25,000"}) {
		t.Errorf("thousandsTicks(0, 26000) = %q", got)
	}
	if got := labels(thousandsTicks{}.Ticks(0.8, 0.97)); !slices.Equal(got, []string{"0.80", "0.85", "0.90", "0.95"}) {
		t.Errorf("thousandsTicks(0.8, 0.97) = %q", got)
	}
	if got := labels(logTicks{}.Ticks(0.3, 60)); !slices.Equal(got, []string{"0.5", "1", "2", "5", "10", "20", "50"}) {
		t.Errorf("logTicks(0.3, 60) = %q", got)
	}
}

// copyRun copies testdata/name to a temporary directory.
func copyRun(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("testdata", name)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestZoomRange: unzoomed, a panel runs from zero to 6% above the
// highest value; zoomed, from a little below the lowest to a little above
// the highest, so 1,150–1,200 beds fill the panel.
func TestZoomRange(t *testing.T) {
	occ := []float64{1150, 1180, 1200}
	if lo, hi := zoomRange(false, occ); lo != 0 || hi != 1200*1.06 {
		t.Errorf("unzoomed: %v to %v, want 0 to %v", lo, hi, 1200*1.06)
	}
	lo, hi := zoomRange(true, occ, []float64{math.NaN()})
	if !(lo > 1130 && lo < 1150 && hi > 1200 && hi < 1220) {
		t.Errorf("zoomed: %v to %v, want just around 1150 to 1200", lo, hi)
	}
	if lo, hi := zoomRange(true, []float64{5, 5}); !(lo < 5 && hi > 5) {
		t.Errorf("zoomed flat line: %v to %v, want a range around 5", lo, hi)
	}
	if lo, hi := zoomRange(true, nil); lo != 0 || hi != 1 {
		t.Errorf("no values: %v to %v, want 0 to 1", lo, hi)
	}
}
