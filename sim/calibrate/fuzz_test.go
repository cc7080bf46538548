package calibrate

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: any bytes as a targets file are refused with an error or give
// targets that each have a name, a known metric, sites and a source, and
// finite bounds with low ≤ high. Load never panics.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"targets:\n  - {name: x, metric: bed_days, sites: [qmc], low: 1, high: 2, source: P}\n",
		"targets:\n  - {name: x, metric: [p1_starts], over: discharges, sites: [all], low: 0, high: 1, source: P, discrepancy: 0.5, fitted_by: [sites.*.hub.staff]}\n",
		"targets:\n  - &a {name: x, metric: bed_days, sites: [qmc], low: 1, high: 2, source: P}\n  - *a\n",
		"targets: {}\n",
		"- 1\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "targets.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tg, err := Load(p)
		if err != nil {
			return
		}
		for i, x := range tg.Targets {
			if x.Name == "" || len(x.Metric) == 0 || len(x.Sites) == 0 || x.Source == "" {
				t.Fatalf("target %d accepted incomplete: %+v", i, x)
			}
			if math.IsNaN(x.Low) || math.IsNaN(x.High) || math.IsInf(x.Low, 0) || math.IsInf(x.High, 0) || x.Low > x.High {
				t.Fatalf("target %d accepted bounds %v–%v", i, x.Low, x.High)
			}
		}
	})
}
