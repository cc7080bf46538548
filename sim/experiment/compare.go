package experiment

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowsim/flowsim/sim/ensemble"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// EnsembleMetrics are the savings an ensemble comparison reports, per site
// and for the system.
var EnsembleMetrics = []string{metric.BedDays, metric.DelayedBedDays}

// EnsembleMoneyMetrics are the savings an ensemble comparison adds when the
// base scenario prices what it counts (a costs section): base − alternative
// of the spend on services (negative: the alternative spends more) and of
// the total cost, the net saving.
var EnsembleMoneyMetrics = []string{metric.CostServices, metric.CostTotal}

// The files of an ensemble comparison.
const (
	EnsembleComparisonCSV = "ensemble-comparison.csv"
	EnsembleRanksCSV      = "ensemble-ranks.csv"
)

// CompareOptions set compare --ensemble.
type CompareOptions struct {
	// Ensemble is the plausible baselines' file; Base and Alternatives
	// the scenario files.
	Ensemble, Base string
	Alternatives   []string
	// Reps a member and scenario (at least 2), Workers the members run
	// at once; Seed, if not nil, replaces the base's.
	Reps, Workers int
	Seed          *uint64
	// Out is the directory (default results/compare-ensemble-BASE-TIME).
	Out string
	// Note, if not nil, hears of an ensemble matched against another base.
	Note func(string)
	// Progress, if not nil, follows the members run.
	Progress func(done, total int)
}

// CompareOutcome is an ensemble comparison: every saving summarised, the
// headline (system bed-days) and the files written.
type CompareOutcome struct {
	Base     *scenario.Scenario
	Names    []string // the alternatives' names
	Rows     []SavingRow
	Headline *ensemble.Result
	// Money is the system's net saving (base − alternative of cost_total)
	// when the base scenario has costs; nil otherwise.
	Money       *ensemble.Result
	Adjustments []Adjustment
	Days        float64 // the recorded period
	Ensemble    string
	Files       []string
}

// SavingRow is the summary of one metric's saving at one site.
type SavingRow struct {
	Metric, Site string
	Summary      *ensemble.Result
}

// CompareEnsemble runs each alternative against the base at every member
// of the ensemble, paired within each, and writes the summaries.
func CompareEnsemble(ctx context.Context, o CompareOptions) (*CompareOutcome, error) {
	ens, err := priors.ReadEnsemble(o.Ensemble)
	if err != nil {
		return nil, err
	}
	if len(ens.Members) == 0 {
		return nil, &run.InputError{Err: fmt.Errorf("%s: no plausible baselines: the history match ruled out every point", o.Ensemble)}
	}
	base, err := scenario.Load(o.Base)
	if err != nil {
		return nil, err
	}
	if matched := ensembleScenario(o.Ensemble, ens.Scenario); matched != "" && !samePath(matched, o.Base) && o.Note != nil {
		o.Note(fmt.Sprintf("%s was matched against %s, not %s; its members are applied to %s as they are",
			o.Ensemble, matched, o.Base, o.Base))
	}
	seed := base.Seed
	if o.Seed != nil {
		seed = *o.Seed
	}
	out := &CompareOutcome{Base: base, Days: (base.Horizon - base.Warmup).Days(), Ensemble: o.Ensemble}
	for _, a := range o.Alternatives {
		sc, err := scenario.Load(a)
		if err != nil {
			return nil, err
		}
		out.Names = append(out.Names, sc.Name)
	}
	e := &Ensemble{Base: o.Base, Alternatives: o.Alternatives, Members: ens.Members, Seed: seed, Reps: o.Reps, Workers: o.Workers,
		Progress: o.Progress}
	res, err := e.Run(ctx)
	if err != nil {
		return nil, err
	}
	out.Adjustments = res.Adjustments
	sites := append(slices.Sorted(maps.Keys(base.Sites)), model.SystemSite)
	metrics := EnsembleMetrics
	if base.Costs != nil {
		metrics = append(slices.Clip(metrics), EnsembleMoneyMetrics...)
	}
	for _, m := range metrics {
		for _, site := range sites {
			saved, err := res.Savings(m, site)
			if err != nil {
				return nil, err
			}
			sum, err := ensemble.Summarize(saved, 0.95)
			if err != nil {
				return nil, err
			}
			out.Rows = append(out.Rows, SavingRow{m, site, sum})
			switch {
			case m == metric.BedDays && site == model.SystemSite:
				out.Headline = sum
			case m == metric.CostTotal && site == model.SystemSite:
				out.Money = sum
			}
		}
	}
	dir := o.Out
	if dir == "" {
		dir = filepath.Join("results", "compare-ensemble-"+output.PathElement(base.Name)+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	out.Files, err = out.write(dir)
	return out, err
}

// write writes the comparison's CSV files and its figure into dir.
func (o *CompareOutcome) write(dir string) ([]string, error) {
	head := o.Headline
	files := []namedFile{
		{EnsembleComparisonCSV, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write([]string{"alternative", "metric", "site", "better", "points", "reps", "saving_mean", "saving_median",
				"range_low", "range_high", "interval_low", "interval_high", "p_saves_most", "points_saving"})
			for _, r := range o.Rows {
				d, _ := metric.Lookup(r.Metric)
				for a, name := range o.Names {
					alt := r.Summary.Alternatives[a]
					cw.Write([]string{name, r.Metric, r.Site, d.Better.String(), strconv.Itoa(r.Summary.Points), strconv.Itoa(r.Summary.Replications),
						output.Exact(alt.Ensemble.Mean), output.Exact(alt.Median),
						output.Exact(alt.Ensemble.Low), output.Exact(alt.Ensemble.High),
						output.Exact(alt.Combined.Low), output.Exact(alt.Combined.High),
						output.Exact(r.Summary.RankProb[a][0]), strconv.Itoa(PointsSaving(alt))})
				}
			}
			cw.Flush()
			return cw.Error()
		}},
		{EnsembleRanksCSV, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write([]string{"alternative", "other", "p_saves_more_bed_days"})
			for a := range o.Names {
				for b := range o.Names {
					if a != b {
						cw.Write([]string{o.Names[a], o.Names[b], output.Exact(head.Beats[a][b])})
					}
				}
			}
			cw.Flush()
			return cw.Error()
		}},
	}
	paths, err := writeFiles(dir, files)
	if err != nil {
		return paths, err
	}
	var shown []plot.AltSavings
	for a, name := range o.Names {
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
	fig := plot.SavingsFigure(shown, plot.SavingsLabels{Metric: "bed-days saved over " + metric.Count.Value(o.Days) + " days",
		Unit: "bed-days", Base: o.Base.Name, Level: 0.95, Beats: head.Beats})
	figs, err := WriteFigures(dir, fig)
	return append(paths, figs...), err
}

// WriteText writes the headline per alternative (system bed-days, as beds
// too), the settings adjusted, the rank probabilities and the files.
func (o *CompareOutcome) WriteText(w io.Writer) error {
	head := o.Headline
	fmt.Fprintf(w, "%s against %d alternatives at %d plausible baselines (%s), %d replications each, over %s days\n\n",
		o.Base.Name, len(o.Names), head.Points, o.Ensemble, head.Replications, metric.Count.Value(o.Days))
	for a, name := range o.Names {
		fmt.Fprintln(w, EnsembleAnswer(name, head.Alternatives[a], o.Days))
		if o.Money != nil {
			money := o.Money.Alternatives[a]
			fmt.Fprintln(w, "  "+EnsembleMoneyAnswer(money, PointsSaving(money), len(money.Points), o.Days))
		}
	}
	for _, n := range o.Adjustments {
		fmt.Fprintln(w, "note: "+n.Note())
	}
	if len(o.Names) > 1 {
		fmt.Fprintf(w, "\nP(row saves more bed-days than column), over the plausible baselines:\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "\t%s\n", strings.Join(o.Names, "\t"))
		for a, name := range o.Names {
			cells := []string{name}
			for b := range o.Names {
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
	_, err := fmt.Fprintf(w, "\nfiles: %s\n", strings.Join(o.Files, ", "))
	return err
}

// EnsembleAnswer is an ensemble comparison's answer for one alternative,
// in one sentence, from its system bed-days saved over days reported: the
// mean saving across the plausible baselines (and about how many beds it
// is), the interval that includes what the baselines leave unknown, and
// the range and median of the baselines' own savings. compare --ensemble
// prints it and flowsim serve's results page shows it.
func EnsembleAnswer(name string, alt ensemble.Alternative, days float64) string {
	saves := "saves " + metric.Count.Value(alt.Ensemble.Mean)
	if alt.Ensemble.Mean < 0 {
		saves = "uses " + metric.Count.Value(-alt.Ensemble.Mean) + " more"
	}
	return fmt.Sprintf("%s %s bed-days (%s): %s to %s including what the plausible baselines leave unknown; "+
		"the baselines' own savings range %s to %s (median %s)",
		name, saves, metric.BedsPhrase(alt.Ensemble.Mean, days),
		metric.Count.Value(alt.Combined.Low), metric.Count.Value(alt.Combined.High),
		metric.Count.Value(alt.Ensemble.Low), metric.Count.Value(alt.Ensemble.High), metric.Count.Value(alt.Median))
}

// PointsSaving counts the plausible baselines at which an alternative's
// mean saving is positive.
func PointsSaving(alt ensemble.Alternative) int {
	n := 0
	for _, p := range alt.Points {
		if p.Mean > 0 {
			n++
		}
	}
	return n
}

// EnsembleMoneyAnswer is an ensemble comparison's money for one
// alternative, in one sentence, from its system net saving (base −
// alternative of cost_total) over days reported, scaled to a year: the
// mean across the plausible baselines, the interval that includes what
// they leave unknown, the baselines' own range, and at how many of the
// points plausible baselines it saves money (saving). A net cost is said
// as one.
func EnsembleMoneyAnswer(alt ensemble.Alternative, saving, points int, days float64) string {
	year := 365 / days
	mean, lo, hi := alt.Ensemble.Mean*year, alt.Combined.Low*year, alt.Combined.High*year
	rlo, rhi := alt.Ensemble.Low*year, alt.Ensemble.High*year
	what := "net saving"
	if mean < 0 {
		what, mean, lo, hi, rlo, rhi = "net cost", -mean, -hi, -lo, -rhi, -rlo
	}
	m, l, h := metric.Money.Interval(mean, lo, hi)
	_, rl, rh := metric.Money.Interval(mean, rlo, rhi)
	period := ""
	if math.Abs(days-365) >= 1 {
		period = " (scaled to a year from the " + metric.Count.Value(days) + " days reported)"
	}
	return fmt.Sprintf("%s %s a year: %s to %s including what the plausible baselines leave unknown; "+
		"the baselines' own range %s to %s; it saves money at %d of %d%s",
		what, m, l, h, rl, rh, saving, points, period)
}

// samePath reports whether a and b name the same file, as absolute paths.
func samePath(a, b string) bool {
	return inputfile.FileKey(a) == inputfile.FileKey(b)
}

// ensembleScenario is the scenario an ensemble file at path records
// (recorded), as a path from here: relative to the ensemble's directory,
// as a match writes it, or, where no file is there, as given (an ensemble
// written before, relative to where its match ran); "" if none is
// recorded.
func ensembleScenario(path, recorded string) string {
	if recorded == "" || filepath.IsAbs(recorded) {
		return recorded
	}
	beside := filepath.Join(filepath.Dir(path), filepath.FromSlash(recorded))
	if _, err := os.Stat(beside); err == nil {
		return beside
	}
	return recorded
}
