package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// headline lists the metrics the run summary table shows, in order; the
// full set is in summary.csv.
var headline = []string{
	"arrivals", "admissions", "lost_share", "bed_days", "occupancy_mean",
	"occupancy_p95", "boarding_hours_mean", "mean_los_days",
}

// printSummary writes a compact table: one row per headline metric and
// site, with the mean and its 95% confidence interval. With a single site
// the system rows would repeat it, so they are left out.
func printSummary(w io.Writer, sc *scenario.Scenario, rows []output.SummaryRow) {
	oneSite := len(sc.Sites) == 1
	fmt.Fprintf(w, "%s: %d replications, %s after %s warm-up, seed %d\n\n",
		sc.Name, sc.Reps, sc.Horizon-sc.Warmup, sc.Warmup, sc.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tsite\tmean\t95% CI\t")
	for _, name := range headline {
		for _, r := range rows {
			if r.Metric != name || (oneSite && r.Site == model.SystemSite) {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s – %s\t\n", r.Metric, r.Site,
				output.Rounded(r.Mean), output.Rounded(r.CILow), output.Rounded(r.CIHigh))
		}
	}
	tw.Flush()
}
