package plot

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDelayReasons: with daily.csv's delayed_<reason> columns, the delays
// figure splits each site's delayed bed-days by those reasons exactly,
// leaving out reasons no site has.
func TestDelayReasons(t *testing.T) {
	dir := copyRun(t, "plot_run")
	path := filepath.Join(dir, DailyFile)
	lines := strings.Split(strings.TrimRight(string(readBytes(t, path)), "\n"), "\n")
	reasons := []string{"hub", "d2a", "acceptance", "p1", "p2", "p3", "p0"}
	for i, r := range reasons {
		reasons[i] = "delayed_" + r
	}
	lines[0] += "," + strings.Join(reasons, ",")
	header := strings.Split(lines[0], ",")
	iUnit, iDel := slices.Index(header, "unit"), slices.Index(header, "delayed")
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		split := make([]float64, len(reasons))
		if f[iUnit] == "beds" {
			// A quarter waiting for the hub, the rest for a p2 bed.
			del, err := strconv.ParseFloat(f[iDel], 64)
			if err != nil {
				del = 0
			}
			split[0], split[4] = del/4, del*3/4
		}
		for _, v := range split {
			f = append(f, strconv.FormatFloat(v, 'f', -1, 64))
		}
		lines[i] = strings.Join(f, ",")
	}
	os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)

	run, err := ReadRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := DelayData(run, run.Groups[0])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Causes, []string{"hub", "p2"}) {
		t.Fatalf("causes %q, want the two reasons with delays: hub, p2", d.Causes)
	}
	for _, s := range d.Sites {
		if len(s.ByCause) != 2 {
			t.Fatalf("%s: %d causes, want 2", s.Site, len(s.ByCause))
		}
		if math.IsNaN(s.Total.Mean) {
			continue
		}
		hub, p2 := s.ByCause[0].Mean, s.ByCause[1].Mean
		if math.Abs(hub-s.Total.Mean/4) > 1e-9*(1+s.Total.Mean) || math.Abs(hub+p2-s.Total.Mean) > 1e-9*(1+s.Total.Mean) {
			t.Errorf("%s: hub %v and p2 %v of a total %v, want a quarter and the rest", s.Site, hub, p2, s.Total.Mean)
		}
	}
	figs, _, err := Figures(run, Options{Kind: KindDelays})
	if err != nil || len(figs) != 1 {
		t.Fatalf("delays figure: %v, %d figures", err, len(figs))
	}
	var b bytes.Buffer
	if err := figs[0].WriteDPI(&b, "svg", 30); err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"hub assessment", "waiting for a P2 place"} {
		if !strings.Contains(b.String(), label) {
			t.Errorf("the figure lacks the legend entry %q", label)
		}
	}
	if strings.Contains(b.String(), "interim") {
		t.Error("the figure shows a reason no site has (d2a)")
	}
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
