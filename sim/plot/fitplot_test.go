package plot

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/dist"
	"github.com/flowsim/flowsim/sim/fit"
)

func fitTestFigure(t *testing.T, censored bool) fit.Figure {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	d := fit.Data{}
	ln := dist.Weibull{Shape: 0.8, Scale: 5}
	for i := range 2000 {
		x := ln.Sample(r)
		if i%10 == 0 {
			x = 0
		}
		c := 12 * r.ExpFloat64()
		d.Values = append(d.Values, min(x, c))
		d.Censored = append(d.Censored, censored && c < x)
	}
	res, err := fit.Fit(d)
	if err != nil {
		t.Fatal(err)
	}
	return res.Figure()
}

func TestWriteFit(t *testing.T) {
	for _, censored := range []bool{false, true} {
		f := fitTestFigure(t, censored)
		labels := FitLabels{Column: "los_days", Unit: "days"}
		formats := []string{"svg"}
		if !censored {
			formats = append(formats, "png") // slow under -race; once is enough
		}
		for _, format := range formats {
			var b bytes.Buffer
			if err := WriteFit(&b, f, labels, format); err != nil {
				t.Fatal(err)
			}
			switch format {
			case "png":
				if !bytes.HasPrefix(b.Bytes(), []byte("\x89PNG\r\n\x1a\n")) || b.Len() < 20000 {
					t.Errorf("png: %d bytes, header %q", b.Len(), b.Bytes()[:min(8, b.Len())])
				}
			case "svg":
				s := b.String()
				for _, want := range []string{"<svg", "los_days (days)", "density (per day)", "fitted quantile (days)", "(best AIC)", "same-day stays not shown"} {
					if !strings.Contains(s, want) {
						t.Errorf("svg lacks %q", want)
					}
				}
				if censored != strings.Contains(s, "Kaplan") {
					t.Errorf("censored=%v but Kaplan–Meier note present=%v", censored, !censored)
				}
			}
		}
	}
	if err := WriteFit(&bytes.Buffer{}, fit.Figure{}, FitLabels{}, "gif"); err == nil {
		t.Error("WriteFit accepted format gif")
	}
}

// TestFitPlots checks the panels' words and ranges: units on every axis,
// axes from zero, the density panel cut at the 99th percentile with room
// above the tallest bar.
func TestFitPlots(t *testing.T) {
	f := fitTestFigure(t, false)
	density, qq, err := FitPlots(f, FitLabels{Column: "los_days", Unit: "days"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ got, want string }{
		{density.X.Label.Text, "los_days (days)"},
		{density.Y.Label.Text, "density (per day)"},
		{qq.X.Label.Text, "fitted quantile (days)"},
		{qq.Y.Label.Text, "data quantile (days)"},
	} {
		if l.got != l.want {
			t.Errorf("label %q, want %q", l.got, l.want)
		}
	}
	tallest := 0.0
	for _, b := range f.Bins {
		tallest = max(tallest, b.Density)
	}
	if density.X.Min != 0 || density.X.Max != f.XMax || density.Y.Min != 0 || density.Y.Max != 1.3*tallest {
		t.Errorf("density axes x [%v, %v] y [%v, %v]", density.X.Min, density.X.Max, density.Y.Min, density.Y.Max)
	}
	if qq.X.Min != 0 || qq.Y.Min != 0 {
		t.Errorf("QQ axes from (%v, %v), want (0, 0)", qq.X.Min, qq.Y.Min)
	}
}
