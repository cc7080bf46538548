package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/fit"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/scenario"
)

// fitOptions are the flags of "flowsim fit".
type fitOptions struct {
	column    string
	unit      string
	censored  string
	sameDay   string
	zeroBelow string
	where     []string
	arrivals  string
	out       string
	formats   []string
	noPlot    bool
	skipBad   bool
	quiet     bool

	// Parsed by validate.
	filters []fit.Filter
	below   float64 // --zero-below in the data's unit, 0 if not given
}

// fitUnitHours is the length of one --unit in hours.
func fitUnitHours(unit string) float64 {
	switch unit {
	case "m":
		return 1.0 / 60
	case "d":
		return 24
	case "w":
		return 168
	}
	return 1
}

// fitUnitWords returns a --unit in words, for labels, and whether it is
// one flowsim knows.
func fitUnitWords(unit string) (string, bool) {
	switch unit {
	case "m":
		return "minutes", true
	case "h":
		return "hours", true
	case "d":
		return "days", true
	case "w":
		return "weeks", true
	}
	return "", false
}

// AddFlags registers the options on fs.
func (o *fitOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.column, "column", "", "column of durations (lengths of stay) to fit")
	fs.StringVar(&o.unit, "unit", "d", "unit of the durations: m, h, d or w")
	fs.StringVar(&o.censored, "censored-column", "", "column flagging censored rows (still in hospital at the extract): 1/0, true/false, yes/no")
	fs.StringVar(&o.sameDay, "same-day-column", "", "column flagging same-day stays (recorded as fractions of a day): 1/0, true/false, yes/no")
	fs.StringVar(&o.zeroBelow, "zero-below", "", "stays shorter than this duration (e.g. 4h, 0.25d) are same-day stays")
	fs.StringArrayVar(&o.where, "where", nil, "keep only rows with column=value (or column!=value); repeat to combine")
	fs.StringVar(&o.arrivals, "arrivals-column", "", "column of arrival timestamps: fit an hour-of-day × weekday arrival profile")
	fs.StringVar(&o.out, "out", ".", "directory for the figures fit-<column>.png and .svg")
	fs.StringSliceVar(&o.formats, "format", []string{"png", "svg"}, "figure formats: png, svg or both")
	fs.BoolVar(&o.noPlot, "no-plot", false, "write no figure")
	fs.BoolVar(&o.skipBad, "skip-bad", false, "leave out stays or arrivals with a bad cell (listed on stderr) instead of failing")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on stderr but errors")
}

func (o *fitOptions) validate(fs *pflag.FlagSet) error {
	if fs.NArg() != 1 {
		return usagef("fit needs exactly one CSV file, got %d", fs.NArg())
	}
	if o.column == "" && o.arrivals == "" {
		return usagef("say what to fit: --column (durations) and/or --arrivals-column (timestamps)")
	}
	if o.censored != "" && o.column == "" {
		return usagef("--censored-column needs --column")
	}
	if o.sameDay != "" && o.column == "" {
		return usagef("--same-day-column needs --column")
	}
	if _, ok := fitUnitWords(o.unit); !ok {
		return usagef("--unit must be m, h, d or w, got %q", o.unit)
	}
	if o.zeroBelow != "" {
		if o.column == "" {
			return usagef("--zero-below needs --column")
		}
		d, err := scenario.ParseDuration(o.zeroBelow)
		if err != nil || !(d > 0) {
			return usagef("--zero-below must be a positive duration such as 4h or 0.25d, got %q", o.zeroBelow)
		}
		o.below = d.Hours() / fitUnitHours(o.unit)
	}
	for _, w := range o.where {
		f, err := fit.ParseFilter(w)
		if err != nil {
			return usagef("--where: %v", err)
		}
		o.filters = append(o.filters, f)
	}
	for _, f := range o.formats {
		if f != "png" && f != "svg" {
			return usagef("--format must be png or svg, got %q", f)
		}
	}
	return nil
}

func fitCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var o fitOptions
	fs := newFlags("fit", stderr, "fit DATA.csv --column C [flags]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	path := fs.Arg(0)
	info := stderr
	if o.quiet {
		info = io.Discard
	}

	table, err := fit.ReadFile(path, fit.ReadOptions{
		Value: o.column, Censored: o.censored, SameDay: o.sameDay, SameDayBelow: o.below,
		Arrivals: o.arrivals, Where: o.filters, SkipBad: o.skipBad,
	})
	if err != nil {
		var bad *fit.BadRowsError
		if errors.As(err, &bad) {
			err = fmt.Errorf("%w\n(fix those cells, or pass --skip-bad to leave out the stays or arrivals they spoil)", err)
		}
		return &inputError{err}
	}
	if n := len(table.Skipped); n > 0 {
		cells := "cells"
		if n == 1 {
			cells = "cell"
		}
		fmt.Fprintf(info, "skipped %d bad %s (--skip-bad)%s:\n", n, cells, fitSkippedWhat(&o, table.Skipped))
		for _, e := range table.Skipped[:min(n, fit.MaxListed)] {
			fmt.Fprintf(info, "  %v\n", e)
		}
		if n > fit.MaxListed {
			fmt.Fprintf(info, "  ...and %d more\n", n-fit.MaxListed)
		}
	}

	if o.column != "" {
		if err := fitDurations(stdout, info, path, &o, table); err != nil {
			return err
		}
	}
	if o.arrivals != "" {
		if o.column != "" {
			fmt.Fprintln(stdout)
		}
		if err := fitArrivals(stdout, info, path, &o, table); err != nil {
			return err
		}
	}
	return nil
}

// fitDurations fits the duration column, prints the ranked table and the
// scenario snippet, and writes the figure.
func fitDurations(stdout, info io.Writer, path string, o *fitOptions, table *fit.Table) error {
	res, err := fit.Fit(table.Data)
	if err != nil {
		return &inputError{fmt.Errorf("%s: column %s: %w", path, o.column, err)}
	}
	for _, e := range res.Failures {
		fmt.Fprintf(info, "warning: %s: column %s: %v\n", path, o.column, e)
	}
	if o.sameDay == "" && o.below == 0 {
		fitHintSameDay(info, o, table.Data)
	}
	c := res.Counts
	words, _ := fitUnitWords(o.unit)
	fmt.Fprintf(stdout, "%s (%s) from %s%s: %s values", o.column, words, path, fitWhere(o, table), fitCount(c.N))
	if table.Missing > 0 {
		fmt.Fprintf(stdout, ", %s missing skipped", fitCount(table.Missing))
	}
	sameDay := o.sameDay != "" || o.below > 0
	if sameDay {
		fmt.Fprintf(stdout, "; %s same-day (%s: %s)", fitCount(c.SameDay), fitPercent(c.SameDay, c.N), fitSameDayWhy(o, table, c))
	} else {
		fmt.Fprintf(stdout, "; %s zero (%s)", fitCount(c.Zeros), fitPercent(c.Zeros, c.N))
	}
	if o.censored != "" {
		fmt.Fprintf(stdout, "; %s censored (%s)", fitCount(c.Censored), fitPercent(c.Censored, c.N))
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout)

	best := res.Best()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rank\tfamily\tparameters (± standard error)\tmean\tmedian\tp95\tΔAIC\tKS\n")
	for i, m := range res.Models {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, m.Family, fitParams(m, o.unit),
			fitNum(m.Mean()), fitNum(m.Quantile(0.5)), fitNum(m.Quantile(0.95)),
			strconv.FormatFloat(m.AIC-best.AIC, 'f', 1, 64), strconv.FormatFloat(m.KS, 'f', 4, 64))
	}
	source := "empirical"
	if c.Censored > 0 {
		source = "Kaplan–Meier"
	}
	fmt.Fprintf(tw, "\tdata\t%s\t%s\t%s\t%s\n", source,
		fitNum(res.DataMean()), fitNum(res.DataQuantile(0.5)), fitNum(res.DataQuantile(0.95)))
	tw.Flush()
	included, rest := "zeros", "positive values"
	if sameDay {
		included, rest = "same-day stays", "other stays"
	}
	fmt.Fprintf(stdout, "\nmean, median and p95 in %s, %s included. ΔAIC: AIC minus the best's (%s);\n", words, included, fitNum(best.AIC))
	fmt.Fprintf(stdout, "above 10 the fit is clearly worse. KS: largest gap between the fitted and the\n")
	if c.Censored > 0 {
		fmt.Fprintf(stdout, "Kaplan–Meier CDF of the %s.\n", rest)
	} else {
		fmt.Fprintf(stdout, "empirical CDF of the %s.\n", rest)
	}
	fitWarnMisses(stdout, res, words)

	fmt.Fprintf(stdout, "\n# %s: %s, the lowest AIC", o.column, best.Family)
	switch {
	case best.SameDayShare > 0 && best.SameDayValue > 0:
		fmt.Fprintf(stdout, "; same-day stays are a fixed %sh branch, their mean",
			fit.Sig(best.SameDayValue*fitUnitHours(o.unit), fit.SnippetDigits))
	case best.SameDayShare > 0:
		fmt.Fprintf(stdout, "; zero stays are a fixed 0h branch")
	}
	fmt.Fprintf(stdout, ".\n# Paste as a length of stay, e.g. under sites.<site>.beds:\n")
	for i, m := range res.Models {
		snip, err := m.Snippet(o.unit)
		if err != nil {
			return err
		}
		if i == 0 {
			fmt.Fprintf(stdout, "los: %s\n", snip)
			if len(res.Models) > 1 {
				fmt.Fprintf(stdout, "# Alternatives:\n")
			}
			continue
		}
		fmt.Fprintf(stdout, "# los: %s  # ΔAIC %s\n", snip, strconv.FormatFloat(m.AIC-best.AIC, 'f', 1, 64))
	}

	if o.noPlot {
		return nil
	}
	fig := res.Figure()
	labels := plot.FitLabels{Column: o.column, Unit: words}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return &inputError{fmt.Errorf("create output directory: %w", err)}
	}
	var written []string
	for _, format := range slices.Compact(slices.Clone(o.formats)) {
		name := filepath.Join(o.out, "fit-"+fitFileName(o.column)+"."+format)
		err := output.WriteFile(name, func(w io.Writer) error { return plot.WriteFit(w, fig, labels, format) })
		if err != nil {
			return &inputError{fmt.Errorf("write figure: %w", err)}
		}
		written = append(written, name)
	}
	fmt.Fprintf(info, "wrote %s\n", strings.Join(written, ", "))
	return nil
}

// fitHintSameDay points to --same-day-column and --zero-below when many
// stays are positive but shorter than half a day: an extract that records
// same-day stays as fractions of a day, fitted as it stands, loses them
// from the same-day share and stretches the family over them.
func fitHintSameDay(w io.Writer, o *fitOptions, d fit.Data) {
	const halfDay, minShare = 12.0, 0.10 // hours; share of all values
	short := 0
	for i, x := range d.Values {
		if x > 0 && x*fitUnitHours(o.unit) < halfDay && (d.Censored == nil || !d.Censored[i]) {
			short++
		}
	}
	if n := len(d.Values); n > 0 && float64(short) >= minShare*float64(n) {
		fmt.Fprintf(w, "hint: %s stays (%s) are under 12h but not zero; if they are same-day stays, "+
			"say so with --same-day-column or --zero-below and they become the model's fixed same-day branch\n",
			fitCount(short), fitPercent(short, n))
	}
}

// fitWarnMisses warns of every model whose mean or 95th percentile misses
// the data's by more than fit.MissTolerance: AIC ranks the fits against
// each other, and even the best of a poor set can get the bed-days wrong.
func fitWarnMisses(w io.Writer, res *fit.Result, words string) {
	first := true
	for _, m := range res.Models {
		for _, miss := range res.Misses(m) {
			if first {
				fmt.Fprintln(w)
				first = false
			}
			dir := "above"
			if miss.Gap() < 0 {
				dir = "below"
			}
			fmt.Fprintf(w, "warning: %s: %s %s %s is %.0f%% %s the data's %s %s\n", m.Family, miss.Stat,
				fitNum(miss.Model), words, 100*math.Abs(miss.Gap()), dir, fitNum(miss.Data), words)
		}
	}
}

// fitWhere describes the --where filters and how many rows they kept.
func fitWhere(o *fitOptions, t *fit.Table) string {
	if len(o.filters) == 0 {
		return ""
	}
	parts := make([]string, len(o.filters))
	for i, f := range o.filters {
		parts[i] = f.String()
	}
	return fmt.Sprintf(" (%s: %s of %s rows)", strings.Join(parts, " and "), fitCount(t.Rows-t.Filtered), fitCount(t.Rows))
}

// fitSameDayWhy says which rows are same-day stays.
func fitSameDayWhy(o *fitOptions, t *fit.Table, c fit.Counts) string {
	var parts []string
	if o.sameDay != "" {
		parts = append(parts, fmt.Sprintf("%s flagged in %s", fitCount(t.SameDayFlagged), o.sameDay))
	}
	if o.below > 0 {
		parts = append(parts, fmt.Sprintf("%s below %s", fitCount(t.SameDayBelow), o.zeroBelow))
	}
	if other := c.SameDay - t.SameDayFlagged - t.SameDayBelow; other > 0 {
		parts = append(parts, fmt.Sprintf("%s other zeros", fitCount(other)))
	}
	return strings.Join(parts, ", ")
}

// fitSkippedWhat says what the skipped bad cells left out.
func fitSkippedWhat(o *fitOptions, cells []*fit.CellError) string {
	stays, arrivals := 0, 0
	for _, e := range cells {
		switch {
		case e.Column == "": // a ragged row: neither can be trusted
			stays++
			arrivals++
		case o.arrivals != "" && strings.EqualFold(e.Column, o.arrivals):
			arrivals++
		default:
			stays++
		}
	}
	var parts []string
	if o.column != "" {
		parts = append(parts, fmt.Sprintf("%s stays", fitCount(stays)))
	}
	if o.arrivals != "" {
		parts = append(parts, fmt.Sprintf("%s arrivals", fitCount(arrivals)))
	}
	return ", leaving out " + strings.Join(parts, " and ")
}

// fitArrivals fits and prints the arrival profile.
func fitArrivals(stdout, info io.Writer, path string, o *fitOptions, table *fit.Table) error {
	p, err := fit.ArrivalProfile(table.Arrivals)
	if err != nil {
		return &inputError{fmt.Errorf("%s: column %s: %w", path, o.arrivals, err)}
	}
	if p.Days < 28 {
		fmt.Fprintf(info, "warning: %s: column %s: arrivals span only %d days; the weights are noisy below a few weeks\n",
			path, o.arrivals, p.Days)
	}
	fmt.Fprintf(stdout, "%s from %s: %s arrivals over %d days (%s to %s)", o.arrivals, path,
		fitCount(p.Arrivals), p.Days, p.First.Format("2006-01-02"), p.Last.Format("2006-01-02"))
	if table.ArrivalsMissing > 0 {
		fmt.Fprintf(stdout, ", %s missing skipped", fitCount(table.ArrivalsMissing))
	}
	fmt.Fprintf(stdout, "\n\n# Arrival rate and profile; paste under a place (or arrival_profile at the top level):\n")
	fmt.Fprint(stdout, p.Snippet())
	return nil
}

// fitParams writes a model's parameters with their standard errors;
// durations carry the unit.
func fitParams(m fit.Model, unit string) string {
	names := m.Family.ParamNames()
	parts := make([]string, len(m.Params))
	for i, v := range m.Params {
		u := ""
		if names[i] == "mean" || names[i] == "scale" {
			u = unit
		}
		parts[i] = fmt.Sprintf("%s %s%s ± %s", names[i], fit.Sig(v, 4), u, fit.Sig(m.SE[i], 2))
	}
	return strings.Join(parts, ", ")
}

// fitNum writes a statistic with 4 significant digits, or "-" if unknown.
func fitNum(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fit.Sig(v, 4)
}

func fitCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func fitPercent(k, n int) string {
	return strconv.FormatFloat(100*float64(k)/float64(n), 'f', 1, 64) + "%"
}

// fitFileName makes a column name safe in a file name.
func fitFileName(column string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, column)
}
