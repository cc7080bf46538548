package experiment

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/sensitivity"
)

// AnalyseOptions set a global sensitivity analysis (flowsim sensitivity).
type AnalyseOptions struct {
	// Scenario is the base file; Priors the unknowns ("" for
	// calibration/priors.yaml beside it); Alt, if set, an alternative
	// whose saving is measured.
	Scenario, Priors, Alt string
	// Metric and Site name the measure.
	Metric, Site string
	// Method is "morris" (Trajectories) or "sobol" (Samples base rows).
	Method                string
	Trajectories, Samples int
	// Reps a point, Workers the points run at once; Seed, if not nil,
	// replaces the scenario's.
	Reps, Workers int
	Seed          *uint64
	// Out is the directory (default results/sensitivity-NAME-TIME).
	Out string
}

// AnalyseOutcome is a finished analysis and where it was written.
type AnalyseOutcome struct {
	Ranking     sensitivity.Ranking
	Options     AnalyseOptions
	Measured    string // what was measured, for people
	Points, Dim int
	PriorsFile  string
	Files       []string
}

// Analyse ranks the priors by how much they move the measure.
func Analyse(ctx context.Context, o AnalyseOptions) (*AnalyseOutcome, error) {
	def, ok := metric.Lookup(o.Metric)
	if !ok {
		return nil, &run.UsageError{Msg: fmt.Sprintf("--metric %q is not a flowsim metric (docs/metrics.md lists them)", o.Metric)}
	}
	out := &AnalyseOutcome{Options: o, PriorsFile: o.Priors}
	if out.PriorsFile == "" {
		out.PriorsFile = filepath.Join(filepath.Dir(o.Scenario), "calibration", "priors.yaml")
	}
	sc, err := scenario.Load(o.Scenario)
	if err != nil {
		return nil, err
	}
	seed := sc.Seed
	if o.Seed != nil {
		seed = *o.Seed
	}
	if _, ok := sc.Sites[o.Site]; !ok && o.Site != model.SystemSite {
		return nil, &run.UsageError{Msg: fmt.Sprintf("--site %q: the scenario's sites are %s, or %s for the system", o.Site,
			strings.Join(slices.Sorted(maps.Keys(sc.Sites)), ", "), model.SystemSite)}
	}
	pf, err := priors.Load(out.PriorsFile)
	if err != nil {
		return nil, err
	}
	space, err := priors.NewSpace(pf, o.Scenario)
	if err != nil {
		return nil, err
	}
	s := &Sensitivity{Space: space, Base: o.Scenario, Alt: o.Alt, Metric: o.Metric, Site: o.Site,
		Seed: seed, Reps: o.Reps, Workers: o.Workers}
	m, err := s.Model()
	if err != nil {
		return nil, err
	}
	boot := sensitivity.Bootstrap{Seed: seed}
	out.Dim = space.Dim()
	switch o.Method {
	case "morris":
		out.Points = o.Trajectories * (space.Dim() + 1)
		res, err := sensitivity.RunMorris(ctx, sensitivity.MorrisOptions{Factors: space.Dim(), Trajectories: o.Trajectories, Seed: seed}, m, boot)
		if err != nil {
			return nil, err
		}
		if out.Ranking, err = res.Rank(space.Names()); err != nil {
			return nil, err
		}
	case "sobol":
		out.Points = o.Samples * (space.Dim() + 2)
		res, err := sensitivity.RunSobol(ctx, sensitivity.SobolOptions{Factors: space.Dim(), N: o.Samples, Sampler: sensitivity.LatinHypercube(seed)}, m, boot)
		if err != nil {
			return nil, err
		}
		if out.Ranking, err = res.Rank(space.Names()); err != nil {
			return nil, err
		}
	default:
		return nil, &run.UsageError{Msg: fmt.Sprintf("--method must be morris or sobol, got %q", o.Method)}
	}
	out.Measured = def.Label + " (" + o.Site + ")"
	if o.Alt != "" {
		out.Measured = def.Label + " saved by " + filepath.Base(o.Alt) + " (" + o.Site + ")"
	}
	dir := o.Out
	if dir == "" {
		dir = filepath.Join("results", "sensitivity-"+output.PathElement(sc.Name)+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	out.Files, err = writeRanking(dir, out.Ranking, plot.TornadoLabels{Metric: strings.ToLower(out.Measured), Unit: def.Unit})
	return out, err
}

// writeRanking writes the ranking as CSV and the tornado figure (SVG and
// PNG) into dir, each atomically.
func writeRanking(dir string, r sensitivity.Ranking, l plot.TornadoLabels) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	paths, err := writeFiles(dir, []namedFile{{"ranking.csv", func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write(r.Header())
		cw.WriteAll(r.Rows())
		return cw.Error()
	}}})
	if err != nil {
		return paths, err
	}
	figs, err := WriteFigures(dir, plot.TornadoFigure(r, l))
	return append(paths, figs...), err
}

// WriteText writes the ranking and the files.
func (o *AnalyseOutcome) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "%s: which of %d unknowns (%s) move %s; %s, %d points × %d replications\n\n",
		o.Options.Scenario, o.Dim, o.PriorsFile, o.Measured, o.Options.Method, o.Points, o.Options.Reps)
	if err := o.Ranking.WriteText(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nfiles: %s\n", strings.Join(o.Files, ", "))
	return err
}
