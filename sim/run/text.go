package run

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// headline lists the metrics the run summary table shows, in order, when
// the run has them (a metric that is NA or 0 everywhere is left out); the
// full set is in summary.csv.
var headline = []string{
	metric.Arrivals, metric.Admissions, metric.BedDays, metric.DelayedBedDays, metric.OccupancyMean,
	metric.BoardingHoursMean, metric.ED4hShare, metric.SDECAttendances, metric.VWAdmissions,
	metric.MeanLOSDays, metric.PathwayWaitDaysMean, metric.LostShare, metric.Unstable,
	metric.CostTotal,
}

// compareHeadline lists the system-wide metrics a comparison shows after
// bed-days, where the model reports them; the urgent treatment centre's,
// and the four-hour share over types 1 and 3, only where either scenario
// has one (see utcMetric).
var compareHeadline = []string{
	metric.DelayedBedDays, metric.Admissions, metric.OccupancyMean, metric.OccupancyP95, metric.BoardingHoursMean,
	metric.ED4hShare, metric.AE4hShare, metric.UTCAttendances, metric.UTC4hShare, metric.UTCWaitMean,
	metric.MeanLOSDays, metric.LostShare, metric.EscalationBedDays,
	metric.CostServices, metric.CostBedDays, metric.CostTotal,
}

// sweepHeadline lists the system-wide metrics a sweep's table shows.
// Metrics that are zero at every point are left out.
var sweepHeadline = []string{metric.BedDays, metric.DelayedBedDays, metric.OccupancyMean, metric.BoardingHoursMean, metric.LostShare}

// runLength describes the simulated period, e.g. "35d after 5d warm-up".
func runLength(m *output.Manifest) string {
	h, err1 := scenario.ParseDuration(m.Horizon)
	w, err2 := scenario.ParseDuration(m.Warmup)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("%s including %s warm-up", m.Horizon, m.Warmup)
	}
	return fmt.Sprintf("%s after %s warm-up", h-w, w)
}

// singleSite reports whether the rows describe one site, whose system rows
// would repeat it.
func singleSite[R any](rows []R, site func(R) string) bool {
	sites := map[string]bool{}
	for _, r := range rows {
		if s := site(r); s != model.SystemSite {
			sites[s] = true
		}
	}
	return len(sites) == 1
}

// printSummary writes a compact table: one row per headline metric, one
// column per site and the system, each cell the mean ± the half-width of
// its 95% confidence interval. With a single site the system column would
// repeat it, so it is left out.
func printSummary(w io.Writer, m *output.Manifest, rows []output.SummaryRow) {
	oneSite := singleSite(rows, func(r output.SummaryRow) string { return r.Site })
	fmt.Fprintf(w, "%s: %d replications, %s, seed %d; mean ± 95%% CI half-width\n\n", m.Scenario, m.Reps, runLength(m), m.Seed)
	var sites []string
	cell := map[[2]string]output.SummaryRow{}
	for _, r := range rows {
		if oneSite && r.Site == model.SystemSite {
			continue
		}
		if !slices.Contains(sites, r.Site) {
			sites = append(sites, r.Site)
		}
		cell[[2]string{r.Metric, r.Site}] = r
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "metric\t%s\t\n", strings.Join(sites, "\t"))
	for _, name := range headline {
		var cells []string
		shown := false
		for _, site := range sites {
			r, ok := cell[[2]string{name, site}]
			if !ok || math.IsNaN(r.Mean) {
				cells = append(cells, "NA")
				continue
			}
			shown = shown || r.Mean != 0
			cells = append(cells, plusMinus(r))
		}
		if shown {
			fmt.Fprintf(tw, "%s\t%s\t\n", name, strings.Join(cells, "\t"))
		}
	}
	tw.Flush()
}

// plusMinus formats a summary as "mean ± half-width" in its metric's
// format (42,621 ± 110, 94.1% ± 0.3 pt), or the mean alone when there is
// no interval.
func plusMinus(r output.SummaryRow) string {
	if d, ok := metric.Lookup(r.Metric); ok && d.Format == metric.Flag && r.N > 0 {
		return fmt.Sprintf("%d of %d", int(math.Round(r.Mean*float64(r.N))), r.N)
	}
	return formatOf(r.Metric).PlusMinus(r.Mean, r.CILow, r.CIHigh)
}

// formatOf is how metric name's values are written for people.
func formatOf(name string) metric.Format {
	if d, ok := metric.Lookup(name); ok && d.Format != metric.Flag {
		return d.Format
	}
	return metric.Decimal
}

// Warnings says which sites had a queue that never settled: averages over
// such a run describe its length, not a steady state.
func (r *Result) Warnings() []string {
	var out []string
	for _, s := range r.Summary {
		if s.Metric == metric.Unstable && s.Site != model.SystemSite && s.Mean > 0 {
			share := fmt.Sprintf("%.0f%%", 100*s.Mean)
			if 100*s.Mean < 0.5 {
				share = "<1%"
			}
			out = append(out, fmt.Sprintf("warning: %s: a queue kept growing in %s of replications of %s (a pathway or beds without enough capacity); its averages describe the run length, not a steady state",
				s.Site, share, s.Scenario))
		}
	}
	return out
}

// meanAndInterval writes a mean and its interval in the metric's format,
// the interval at the mean's precision.
func meanAndInterval(name string, mean, lo, hi float64) (string, string) {
	m, l, h := formatOf(name).Interval(mean, lo, hi)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return m, ""
	}
	return m, l + " – " + h
}

// printComparison writes the table a planner pastes into a board paper:
// for each alternative, bed-days saved per site and for the system with
// their 95% intervals, then a few system-wide headline metrics.
func printComparison(w io.Writer, m *output.Manifest, rows []output.ComparisonRow) {
	base := m.Scenarios[0].Name
	fmt.Fprintf(w, "Paired comparison, common random numbers: %d replications of each scenario, %s, seed %d.\n",
		m.Reps, runLength(m), m.Seed)
	fmt.Fprintf(w, "Difference = %s − alternative, so positive bed-days are bed-days saved.\n", base)
	oneSite := singleSite(rows, func(r output.ComparisonRow) string { return r.Site })
	for _, alt := range m.Scenarios[1:] {
		var mine []output.ComparisonRow
		for _, r := range rows {
			if r.Scenario == alt.Name {
				mine = append(mine, r)
			}
		}
		fmt.Fprintf(w, "\n%s against %s\n", alt.Name, base)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "metric\tsite\t%s\t%s\tdifference\t95%% CI\t\t\n", base, alt.Name)
		line := func(r output.ComparisonRow) {
			if d, ok := metric.Lookup(r.Metric); ok && d.Optional && math.IsNaN(r.BaseMean) && math.IsNaN(r.AltMean) {
				return // a part neither scenario has (costs unpriced)
			}
			f := formatOf(r.Metric)
			diff, lo, hi := f.DiffInterval(r.BaseMean, r.Diff.Mean, r.Diff.CILow, r.Diff.CIHigh)
			ci := lo + " to " + hi
			if math.IsNaN(r.Diff.CILow) {
				ci = ""
			}
			// The difference is base − alternative: the alternative's
			// change is its negative.
			judge := ""
			if d, ok := metric.Lookup(r.Metric); ok {
				judge = d.Better.Judge(-r.Diff.CIHigh, -r.Diff.CILow)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Metric, r.Site, f.Value(r.BaseMean),
				f.Value(r.AltMean), diff, ci, judge)
		}
		for _, r := range mine {
			if r.Metric == metric.BedDays && !(oneSite && r.Site == model.SystemSite) {
				line(r)
			}
		}
		hasUTC := false
		for _, r := range mine {
			hasUTC = hasUTC || r.Metric == metric.UTCAttendances && (r.BaseMean > 0 || r.AltMean > 0)
		}
		for _, name := range compareHeadline {
			if utcMetric(name) && !hasUTC {
				continue
			}
			for _, r := range mine {
				if r.Metric == name && (r.Site == model.SystemSite) != oneSite {
					line(r)
				}
			}
		}
		tw.Flush()
		// The answer in words, as the report's headline gives it, and
		// where the scenarios give unit costs, its money.
		paired := map[string]metric.Paired{}
		for _, r := range mine {
			if (r.Site == model.SystemSite) != oneSite {
				paired[r.Metric] = metric.Paired{Mean: r.Diff.Mean, Low: r.Diff.CILow, High: r.Diff.CIHigh}
			}
		}
		days := m.HorizonDays - m.WarmupDays
		if d, ok := paired[metric.BedDays]; ok {
			fmt.Fprintln(w, metric.BedDaysAnswer(alt.Name, d.Mean, d.Low, d.High, days))
		}
		if money := metric.PricedAnswer(paired, days); money != "" {
			fmt.Fprintln(w, money)
		}
	}
}

// utcMetric reports whether a headline metric is about the urgent treatment
// centre, which only scenarios with one need to show (without one the
// types-1-and-3 share is the ED's own).
func utcMetric(name string) bool {
	switch name {
	case metric.AE4hShare, metric.UTCAttendances, metric.UTC4hShare, metric.UTCWaitMean:
		return true
	}
	return false
}

// printSweep writes one row per sweep point: its values, then a few
// system-wide metrics with their 95% intervals.
func printSweep(w io.Writer, m *output.Manifest, rows []output.SummaryRow) {
	fmt.Fprintf(w, "%s sweep: %d points × %d replications, %s, seed %d (common random numbers across points)\n\n",
		m.Scenario, len(m.Scenarios), m.Reps, runLength(m), m.Seed)
	var metrics []string
	for _, name := range sweepHeadline {
		if slices.ContainsFunc(rows, func(r output.SummaryRow) bool {
			return r.Metric == name && r.Site == model.SystemSite && r.Mean != 0 && !math.IsNaN(r.Mean)
		}) {
			metrics = append(metrics, name)
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, s := range m.Sets {
		head = append(head, s.Path)
	}
	for _, name := range metrics {
		head = append(head, name, "95% CI")
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, e := range m.Scenarios {
		cells := slices.Clone(e.Values)
		for _, name := range metrics {
			i := slices.IndexFunc(rows, func(r output.SummaryRow) bool {
				return r.Metric == name && r.Site == model.SystemSite && slices.Equal(r.Keys, e.Values) && r.Scenario == e.Name
			})
			if i < 0 {
				cells = append(cells, "", "")
				continue
			}
			m, ci := meanAndInterval(name, rows[i].Mean, rows[i].CILow, rows[i].CIHigh)
			cells = append(cells, m, ci)
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
}

// WriteText writes the run's table for a terminal — a run's headline
// metrics per site, a comparison's differences, a sweep's points — and a
// closing line saying what ran and where its files are.
func (r *Result) WriteText(w io.Writer) {
	m := r.Manifest
	switch m.Command {
	case "compare":
		printComparison(w, m, r.Comparison)
	case "sweep":
		printSweep(w, m, r.Summary)
	default:
		printSummary(w, m, r.Summary)
	}
	switch m.Command {
	case "compare":
		printYearComparison(w, r.YearComparison)
	case "sweep":
	default:
		printYears(w, r.YearSummary)
	}
	what := fmt.Sprintf("%d replications", r.Reps)
	switch {
	case m.Command == "sweep":
		what = fmt.Sprintf("%d points × %d replications", len(m.Scenarios), r.Reps)
	case len(m.Scenarios) > 1:
		what = fmt.Sprintf("%d scenarios × %d replications", len(m.Scenarios), r.Reps)
	}
	if m.Shard != nil {
		what += fmt.Sprintf(" (shard %d/%d of %d)", m.Shard.Index, m.Shard.Count, m.Reps)
	}
	if m.Run.Resumed > 0 {
		what += fmt.Sprintf(", %d from checkpoints", m.Run.Resumed)
	}
	fmt.Fprintf(w, "\n%s, %d events in %.2fs; files in %s\n", what, m.Run.Events, m.Run.WallSeconds, r.Dir)
}

// yearHeadline lists the metrics the table by financial year shows.
var yearHeadline = []string{metric.Arrivals, metric.BedDays, metric.DelayedBedDays, metric.DelayedShare, metric.OccupancyMean,
	metric.BoardingHoursMean}

// YearLabel names a financial year for people: "2025/26", or
// "2025/26 (partial: 359 days)" for a year only partly recorded.
func YearLabel(p output.Period) string {
	if !p.Partial {
		return p.Label
	}
	return fmt.Sprintf("%s (partial: %s days)", p.Label, strconv.FormatFloat(math.Round(p.Days*10)/10, 'f', -1, 64))
}

// printYears writes the system's headline metrics by financial year (the
// site's, with one site), one row a year, when the run reports them.
func printYears(w io.Writer, rows []output.SummaryRow) {
	if len(rows) == 0 {
		return
	}
	site := shownSite(rows, func(r output.SummaryRow) string { return r.Site })
	fmt.Fprintf(w, "\nBy financial year (April–March), %s:\n", siteName(site))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "year\t%s\t\n", strings.Join(yearHeadline, "\t"))
	for _, year := range yearsOf(rows, func(r output.SummaryRow) output.Period { return r.Period }) {
		cells := []string{YearLabel(year)}
		for _, name := range yearHeadline {
			cell := "NA"
			for _, r := range rows {
				if r.Period.Label == year.Label && r.Metric == name && r.Site == site && !math.IsNaN(r.Mean) {
					cell = plusMinus(r)
				}
			}
			cells = append(cells, cell)
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
}

// printYearComparison writes, for each alternative, the system's bed-days
// and delayed bed-days saved by financial year with their 95% intervals.
func printYearComparison(w io.Writer, rows []output.ComparisonRow) {
	if len(rows) == 0 {
		return
	}
	site := shownSite(rows, func(r output.ComparisonRow) string { return r.Site })
	var alts []string
	for _, r := range rows {
		if !slices.Contains(alts, r.Scenario) {
			alts = append(alts, r.Scenario)
		}
	}
	names := []string{metric.BedDays, metric.DelayedBedDays}
	for _, alt := range alts {
		fmt.Fprintf(w, "\n%s by financial year (April–March), %s; difference = base − alternative:\n", alt, siteName(site))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "year\t%s saved\t95%% CI\t%s saved\t95%% CI\t\n", names[0], names[1])
		for _, year := range yearsOf(rows, func(r output.ComparisonRow) output.Period { return r.Period }) {
			cells := []string{YearLabel(year)}
			for _, name := range names {
				diff, ci := "NA", ""
				for _, r := range rows {
					if r.Scenario == alt && r.Period.Label == year.Label && r.Metric == name && r.Site == site {
						diff, ci = meanAndInterval(name, r.Diff.Mean, r.Diff.CILow, r.Diff.CIHigh)
					}
				}
				cells = append(cells, diff, ci)
			}
			fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
		}
		tw.Flush()
	}
}

// shownSite is the site a table of rows shows: the system, or the one
// site of a single-site run (whose system rows repeat it).
func shownSite[R any](rows []R, site func(R) string) string {
	if singleSite(rows, site) {
		for _, r := range rows {
			if s := site(r); s != model.SystemSite {
				return s
			}
		}
	}
	return model.SystemSite
}

// siteName is how a table names a site: the system as "whole system".
func siteName(site string) string {
	if site == model.SystemSite {
		return "whole system"
	}
	return site
}

// yearsOf lists the financial years of rows in their order.
func yearsOf[R any](rows []R, period func(R) output.Period) []output.Period {
	var years []output.Period
	for _, r := range rows {
		p := period(r)
		if !slices.ContainsFunc(years, func(y output.Period) bool { return y.Label == p.Label }) {
			years = append(years, p)
		}
	}
	return years
}
