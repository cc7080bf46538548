package plot

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func readTestRun(t *testing.T, name string) *Run {
	t.Helper()
	r, err := ReadRun(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDataGolden pins what every figure plots (not how it looks) for two
// small synthetic runs; refresh with go test ./sim/plot -update after an
// intended change and read the diff.
func TestDataGolden(t *testing.T) {
	run := readTestRun(t, "plot_run")
	g := run.Groups[0]
	occ, err := OccupancyData(run, g)
	if err != nil {
		t.Fatal(err)
	}
	del, err := DelayData(run, g)
	if err != nil {
		t.Fatal(err)
	}
	que, err := QueueData(run, g)
	if err != nil {
		t.Fatal(err)
	}
	use, err := UsageData(run, g)
	if err != nil {
		t.Fatal(err)
	}
	los, err := LOSData(run, g, false)
	if err != nil {
		t.Fatal(err)
	}
	losLog, err := LOSData(run, g, true)
	if err != nil {
		t.Fatal(err)
	}
	sweep := readTestRun(t, "plot_sweep")
	cases := []struct {
		file string
		data any
	}{
		{"plot_occupancy.golden", occ},
		{"plot_delays.golden", del},
		{"plot_queues.golden", que},
		{"plot_usage.golden", use},
		{"plot_los.golden", los},
		{"plot_los_logx.golden", losLog},
		{"plot_comparison.golden", ComparisonData(run)},
		{"plot_sweep.golden", SweepData(sweep)},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			var buf bytes.Buffer
			dump(&buf, "", reflect.ValueOf(c.data))
			path := filepath.Join("testdata", c.file)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./sim/plot -update to create it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("%s differs from the figure data (go test ./sim/plot -update, then read the diff):\n%s",
					path, firstDiff(got, string(want)))
			}
		})
	}
}

// dump writes v as "path: value" lines, floats to 6 significant digits,
// so golden files diff line by line and NaN is written plainly.
func dump(w *bytes.Buffer, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if f.Anonymous {
				dump(w, path, v.Field(i))
				continue
			}
			dump(w, strings.TrimPrefix(path+"."+name, "."), v.Field(i))
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Float64 {
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = num6(v.Index(i).Float())
			}
			fmt.Fprintf(w, "%s: [%s]\n", path, strings.Join(parts, " "))
			return
		}
		if v.Type().Elem().Kind() == reflect.String {
			fmt.Fprintf(w, "%s: %q\n", path, v.Interface())
			return
		}
		for i := range v.Len() {
			dump(w, fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Float64:
		fmt.Fprintf(w, "%s: %s\n", path, num6(v.Float()))
	default:
		fmt.Fprintf(w, "%s: %v\n", path, v.Interface())
	}
}

func num6(x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	if x == 0 {
		return "0" // no -0
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, a, b)
		}
	}
	return ""
}

// TestUsageData: the usage figure has a row per finite service the run's
// daily.csv has (here p1 and p2 at north, no other site), its capacity
// from the resolved scenario (2 and 1 places every day), and the same
// queue as the queues figure.
func TestUsageData(t *testing.T) {
	run := readTestRun(t, "plot_run")
	use, err := UsageData(run, run.Groups[0])
	if err != nil {
		t.Fatal(err)
	}
	que, err := QueueData(run, run.Groups[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(use.Services) != 2 || use.Services[0].Unit != "p1" || use.Services[1].Unit != "p2" {
		t.Fatalf("services %+v, want p1 and p2", use.Services)
	}
	for i, want := range []float64{2, 1} {
		svc := use.Services[i]
		if len(svc.Sites) != 1 || svc.Sites[0].Site != "north" {
			t.Fatalf("%s: sites %+v, want north only", svc.Unit, svc.Sites)
		}
		s := svc.Sites[0]
		if len(s.Capacity) != len(s.InUse.Day) || len(s.Capacity) == 0 {
			t.Fatalf("%s: %d capacity days for %d days", svc.Unit, len(s.Capacity), len(s.InUse.Day))
		}
		for d, c := range s.Capacity {
			if c != want {
				t.Errorf("%s day %d: capacity %v, want %v", svc.Unit, d, c, want)
			}
		}
		if !reflect.DeepEqual(s.Queue, que.Pathways[i].Sites[0].Waiting) {
			t.Errorf("%s: usage queue differs from the queues figure's", svc.Unit)
		}
	}
}

// TestYearsData: the years figure has a point per financial year in
// order, partial years marked with their days, and each point is
// summary.csv's row for that year, site and metric.
func TestYearsData(t *testing.T) {
	run := readTestRun(t, "plot_years")
	d := YearsData(run, run.Groups[0])
	want := []string{"2025/26*\n(172 days)", "2026/27", "2027/28*\n(253 days)"}
	if !slices.Equal(d.Labels, want) {
		t.Errorf("labels %q, want %q", d.Labels, want)
	}
	if len(d.Panels) != len(yearsMetrics) {
		t.Fatalf("%d panels, want %d", len(d.Panels), len(yearsMetrics))
	}
	for _, p := range d.Panels {
		for _, s := range p.Series {
			for i, v := range s.Values {
				var row *SummaryRow
				for k := range run.Years {
					r := &run.Years[k]
					if r.Metric == p.Metric && r.Site == s.Site && strings.HasPrefix(d.Labels[i], r.Year.Label) {
						row = r
					}
				}
				if row == nil || row.Mean != v.Mean || row.CILow != v.Low || row.CIHigh != v.High {
					t.Errorf("%s %s year %d: point %+v, summary row %+v", p.Metric, s.Site, i, v, row)
				}
			}
		}
	}
	// The whole run's rows are not among the years'.
	for _, r := range run.Summary {
		if r.Year.Label != "" {
			t.Errorf("whole-run row with year %q", r.Year.Label)
		}
	}
}
