package calibrate

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flowsim/flowsim/sim/metric"
)

// WriteTable prints rows for the terminal: each target's simulated mean
// with its 95% interval, the range, the verdict, whether it is independent
// or fitted (and by what), and its source; then the count of independent
// targets met, which is the evidence, apart from the fitted ones.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tsimulated (95% CI)\ttarget range\t\trole\tsource")
	for _, r := range rows {
		mark := r.Verdict
		if !r.Met() {
			mark = "** " + mark
		}
		role := "independent"
		if !r.Independent() {
			role = "fitted"
		}
		f := r.Format()
		mean, lo, hi := f.Interval(r.Mean, r.CILow, r.CIHigh)
		fmt.Fprintf(tw, "%s\t%s (%s–%s)\t%s\t%s\t%s\t%s\n", r.Name, mean, lo, hi, rangeText(f, r.Low, r.High), mark, role, r.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	c := Count(rows)
	_, err := fmt.Fprintf(w, "\n%d of %d independent targets met; %d of %d fitted targets met"+
		" (** marks a mean outside the range; a fitted target was tuned to, so it cannot test the model)\n",
		c.IndependentMet, c.Independent, c.FittedMet, c.Fitted)
	return err
}

// Format is how the target's values are written: a ratio (over) is a
// share, a value a day a decimal, otherwise its metric's own format.
func (t Target) Format() metric.Format {
	switch {
	case len(t.Over) > 0:
		return metric.Share
	case t.PerDay:
		return metric.Decimal
	case len(t.Metric) > 0:
		if d, ok := metric.Lookup(t.Metric[0]); ok && d.Format != metric.Flag {
			return d.Format
		}
	}
	return metric.Decimal
}

// rangeText writes a target range as its file does, in the target's
// units: 93–98%, 115–141, 1–2.1.
func rangeText(f metric.Format, low, high float64) string {
	plain := func(v float64) string {
		if f == metric.Share {
			v *= 100
		}
		return strings.Replace(strconv.FormatFloat(v, 'g', 6, 64), "-", "−", 1)
	}
	text := plain(low) + "–" + plain(high)
	if low == high {
		text = plain(low)
	}
	if f == metric.Share {
		text += "%"
	}
	return text
}
