package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/ensemble"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// ensembleMetrics are the savings an ensemble comparison reports, per site
// and for the system.
var ensembleMetrics = []string{metric.BedDays, metric.DelayedBedDays}

// The files of an ensemble comparison.
const (
	ensembleComparisonCSV = "ensemble-comparison.csv"
	ensembleRanksCSV      = "ensemble-ranks.csv"
)

// compareEnsemble runs compare --ensemble: each alternative against the
// base at every plausible baseline, paired within each.
func compareEnsemble(ctx context.Context, fs *pflag.FlagSet, o *batchOptions, ensPath, basePath string, alts []string,
	stdout, stderr io.Writer) error {
	for _, f := range []string{"resume", "shard", "shard-count", "patients", "horizon", "warmup", "ci-width", "max-reps", "metric"} {
		if fs.Changed(f) {
			return usagef("--%s does not apply with --ensemble", f)
		}
	}
	reps := 3
	if fs.Changed("reps") {
		n, err := strconv.Atoi(o.reps)
		if err != nil || n < 2 || n > batch.MaxReps {
			return usagef("--reps with --ensemble must be from 2 to %d, got %q", batch.MaxReps, o.reps)
		}
		reps = n
	}
	if o.workers < 1 || o.workers > run.MaxWorkers {
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, o.workers)
	}
	ens, err := priors.ReadEnsemble(ensPath)
	if err != nil {
		return err
	}
	if len(ens.Members) == 0 {
		return &inputError{fmt.Errorf("%s: no plausible baselines: the history match ruled out every point", ensPath)}
	}
	base, err := scenario.Load(basePath)
	if err != nil {
		return err
	}
	if ens.Scenario != "" && filepath.Clean(ens.Scenario) != filepath.Clean(basePath) && !o.quiet {
		fmt.Fprintf(stderr, "flowsim: note: %s was matched against %s, not %s; its members are applied to %s as they are\n",
			ensPath, ens.Scenario, basePath, basePath)
	}
	seed := base.Seed
	if fs.Changed("seed") {
		seed = o.seed
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "comparing %d alternatives at %d plausible baselines × %d replications (%d runs)\n",
			len(alts), len(ens.Members), reps, len(ens.Members)*(len(alts)+1)*reps)
	}
	e := &experiment.Ensemble{Base: basePath, Alternatives: alts, Members: ens.Members, Seed: seed, Reps: reps, Workers: o.workers}
	res, err := e.Run(ctx)
	if err != nil {
		return err
	}
	sites := append(slices.Sorted(maps.Keys(base.Sites)), model.SystemSite)
	names := make([]string, len(alts))
	for i, a := range alts {
		sc, err := scenario.Load(a)
		if err != nil {
			return err
		}
		names[i] = sc.Name
	}
	type row struct {
		metric, site string
		sum          *ensemble.Result
	}
	var rows []row
	for _, m := range ensembleMetrics {
		for _, site := range sites {
			saved, err := res.Savings(m, site)
			if err != nil {
				return err
			}
			sum, err := ensemble.Summarize(saved, 0.95)
			if err != nil {
				return err
			}
			rows = append(rows, row{m, site, sum})
		}
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("results", "compare-ensemble-"+output.PathElement(base.Name)+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	days := (base.Horizon - base.Warmup).Days()
	// The headline: system bed-days.
	head := rows[slices.IndexFunc(rows, func(r row) bool { return r.metric == metric.BedDays && r.site == model.SystemSite })].sum
	fmt.Fprintf(stdout, "%s against %d alternatives at %d plausible baselines (%s), %d replications each, over %s days\n\n",
		base.Name, len(alts), head.Points, ensPath, head.Replications, metric.Count.Value(days))
	for a, name := range names {
		alt := head.Alternatives[a]
		beds := alt.Ensemble.Mean / days / targetOccupancy
		fmt.Fprintf(stdout, "%s saves %s bed-days (about %s beds): %s to %s including what the plausible baselines leave unknown; "+
			"the baselines' own savings range %s to %s (median %s)\n",
			name, metric.Count.Value(alt.Ensemble.Mean), metric.Count.Value(beds),
			metric.Count.Value(alt.Combined.Low), metric.Count.Value(alt.Combined.High),
			metric.Count.Value(alt.Ensemble.Low), metric.Count.Value(alt.Ensemble.High), metric.Count.Value(alt.Median))
	}
	for _, n := range res.Adjustments {
		fmt.Fprintf(stdout, "note: %s changes %s (%v → %v), which the plausible baselines also set: applied to each as ×%.4g\n",
			n.Alternative, n.Path, n.Base, n.Alt, n.Ratio)
	}
	if len(names) > 1 {
		fmt.Fprintf(stdout, "\nP(row saves more bed-days than column), over the plausible baselines:\n")
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "\t%s\n", strings.Join(names, "\t"))
		for a, name := range names {
			cells := []string{name}
			for b := range names {
				if a == b {
					cells = append(cells, "–")
					continue
				}
				cells = append(cells, metric.Share.Value(head.Beats[a][b]))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		tw.Flush()
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{ensembleComparisonCSV, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write([]string{"alternative", "metric", "site", "better", "points", "reps", "saving_mean", "saving_median",
				"range_low", "range_high", "interval_low", "interval_high", "p_saves_most"})
			for _, r := range rows {
				d, _ := metric.Lookup(r.metric)
				for a, name := range names {
					alt := r.sum.Alternatives[a]
					cw.Write([]string{name, r.metric, r.site, d.Better.String(), strconv.Itoa(r.sum.Points), strconv.Itoa(r.sum.Replications),
						output.Exact(alt.Ensemble.Mean), output.Exact(alt.Median),
						output.Exact(alt.Ensemble.Low), output.Exact(alt.Ensemble.High),
						output.Exact(alt.Combined.Low), output.Exact(alt.Combined.High),
						output.Exact(r.sum.RankProb[a][0])})
				}
			}
			cw.Flush()
			return cw.Error()
		}},
		{ensembleRanksCSV, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write([]string{"alternative", "other", "p_saves_more_bed_days"})
			for a := range names {
				for b := range names {
					if a != b {
						cw.Write([]string{names[a], names[b], output.Exact(head.Beats[a][b])})
					}
				}
			}
			cw.Flush()
			return cw.Error()
		}},
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := output.WriteFile(p, f.write); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	var shown []plot.AltSavings
	for a, name := range names {
		alt := head.Alternatives[a]
		as := plot.AltSavings{Name: name, Low: alt.Combined.Low, High: alt.Combined.High}
		var halves []float64
		for _, p := range alt.Points {
			as.PointMeans = append(as.PointMeans, p.Mean)
			halves = append(halves, (p.High-p.Low)/2)
		}
		half := stats.Quantile(slices.Sorted(slices.Values(halves)), 0.5)
		as.WithinLow, as.WithinHigh = alt.Ensemble.Mean-half, alt.Ensemble.Mean+half
		shown = append(shown, as)
	}
	fig := plot.SavingsFigure(shown, plot.SavingsLabels{Metric: "bed-days saved over " + metric.Count.Value(days) + " days",
		Unit: "bed-days", Base: base.Name, Level: 0.95, Beats: head.Beats})
	figs, err := writeFigures(dir, fig)
	if err != nil {
		return err
	}
	paths = append(paths, figs...)
	fmt.Fprintf(stdout, "\nfiles: %s\n", strings.Join(paths, ", "))
	return nil
}

// targetOccupancy turns bed-days saved a day into beds: a bed is worth
// 92% of its days at the planning occupancy (England's G&A planning
// assumption; issue 13 moves this to the scenario).
const targetOccupancy = 0.92
