package fit

import (
	"math"
)

// Figure is the data behind the fit figure: a histogram of the positive
// values with every fitted density over it, and a QQ plot of every fit. The
// figure is drawn elsewhere (sim/plot); this is what it shows, for tests
// and for other renderers.
type Figure struct {
	// Bins are the histogram of the positive values as a density (each
	// bin's share of the positive values over its width), from the
	// Kaplan–Meier estimate when values are censored. They cover (0, XMax].
	Bins []Bin
	// XMax is the right end of the histogram: the 99th percentile of the
	// positive values (or the largest value, if censoring leaves the
	// estimate short of 99%), so that a long tail does not squash the rest.
	XMax float64
	// Densities are the fitted densities of the positive values on
	// (0, XMax], in the order of Result.Models (best first).
	Densities []Curve
	// QQ are, for each model in the same order, the fitted quantiles (X)
	// against the data's quantiles (Y) at probabilities 1%, 2%, … 99% of
	// the positive values, as far as censoring lets the data's be known.
	// A good fit lies on the line Y = X.
	QQ []Curve
	// SameDayShare is the share of same-day stays, not shown in the
	// histogram.
	SameDayShare float64
	// Censored reports whether any value was censored.
	Censored bool
}

// Bin is one histogram bar.
type Bin struct {
	Lo, Hi, Density float64
}

// Curve is one fitted model's line.
type Curve struct {
	Family Family
	X, Y   []float64
}

// densityPoints is the number of points on each density curve.
const densityPoints = 200

// Figure returns the data for the fit figure.
func (r *Result) Figure() Figure {
	k := r.pos
	f := Figure{Censored: r.Counts.Censored > 0}
	if len(r.Models) > 0 {
		f.SameDayShare = r.Models[0].SameDayShare
	}
	f.XMax = k.quantile(0.99)
	if math.IsNaN(f.XMax) {
		f.XMax = k.tmax
	}
	f.Bins = histogram(k, f.XMax, r.integer, r.Counts.Positive)
	for _, m := range r.Models {
		pos := m.Positive()
		c := Curve{Family: m.Family}
		for i := 1; i <= densityPoints; i++ {
			x := f.XMax * float64(i) / densityPoints
			c.X = append(c.X, x)
			c.Y = append(c.Y, pos.Prob(x))
		}
		f.Densities = append(f.Densities, c)

		q := Curve{Family: m.Family}
		for i := 1; i <= 99; i++ {
			p := float64(i) / 100
			y := k.quantile(p)
			if math.IsNaN(y) {
				break
			}
			q.X = append(q.X, pos.Quantile(p))
			q.Y = append(q.Y, y)
		}
		f.QQ = append(f.QQ, q)
	}
	return f
}

// histogram bins the Kaplan–Meier estimate k on (0, xmax]. The width
// follows the Freedman–Diaconis rule, 2·IQR·n^(-1/3), within 10 to 60 bins;
// whole-number data (stays in whole days) get whole-number widths with
// edges at the half-integers, so that each bar holds whole values.
func histogram(k kaplanMeier, xmax float64, integer bool, n int) []Bin {
	if !(xmax > 0) {
		return nil
	}
	width := xmax / 30
	if q1, q3 := k.quantile(0.25), k.quantile(0.75); q3 > q1 {
		width = 2 * (q3 - q1) * math.Pow(float64(max(n, 1)), -1.0/3)
	}
	const minBins, maxBins = 10, 60
	width = min(max(width, xmax/maxBins), xmax/minBins)
	lo := 0.0
	if integer {
		width = max(1, math.Round(width))
		lo = 0.5
	}
	var bins []Bin
	for a := lo; a < xmax; a += width {
		b := a + width
		bins = append(bins, Bin{Lo: a, Hi: b, Density: (k.cdf(b) - k.cdf(a)) / width})
	}
	return bins
}
