package calibrate

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/flowsim/flowsim/sim/output"
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
		fmt.Fprintf(tw, "%s\t%s (%s–%s)\t%s–%s\t%s\t%s\t%s\n", r.Name, output.Rounded(r.Mean),
			output.Rounded(r.CILow), output.Rounded(r.CIHigh), output.Rounded(r.Low), output.Rounded(r.High), mark, role, r.Source)
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
