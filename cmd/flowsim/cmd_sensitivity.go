package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/sensitivity"
)

// sensitivityCommand ranks the unknowns of a scenario by how much they
// move one of its answers: a metric, or what an alternative saves of it.
func sensitivityCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", stderr, "sensitivity SCENARIO.yaml --priors FILE --metric M [--alt ALT.yaml] [flags]")
	priorsPath := fs.String("priors", "", "priors file (default: calibration/priors.yaml beside the scenario)")
	metricName := fs.String("metric", metric.BedDays, "metric measured (docs/metrics.md)")
	site := fs.String("site", model.SystemSite, "site of the metric; all is the system")
	alt := fs.String("alt", "", "alternative scenario: measure what it saves (base − alternative), paired")
	method := fs.String("method", "morris", "morris (elementary effects: μ*, σ) or sobol (first- and total-order indices; many more runs)")
	trajectories := fs.Int("trajectories", 10, "morris: trajectories (each is priors+1 points)")
	samples := fs.Int("samples", 64, "sobol: base rows N (N × (priors+2) points)")
	reps := fs.Int("reps", 2, "replications a point (common random numbers)")
	seed := fs.Uint64("seed", 0, "master random seed (default: the scenario's)")
	workers := fs.Int("workers", runtime.NumCPU(), "points run in parallel")
	out := fs.String("out", "", "output directory (default results/sensitivity-NAME-TIME)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 1:
		return usagef("sensitivity needs exactly one scenario file, got %d", fs.NArg())
	case *method != "morris" && *method != "sobol":
		return usagef("--method must be morris or sobol, got %q", *method)
	case *reps < 1 || *reps > batch.MaxReps:
		return usagef("--reps must be from 1 to %d, got %d", batch.MaxReps, *reps)
	case *workers < 1 || *workers > run.MaxWorkers:
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, *workers)
	case *trajectories < 2 || *trajectories > 10000:
		return usagef("--trajectories must be from 2 to 10,000, got %d", *trajectories)
	case *samples < 2 || *samples > 100000:
		return usagef("--samples must be from 2 to 100,000, got %d", *samples)
	}
	def, ok := metric.Lookup(*metricName)
	if !ok {
		return usagef("--metric %q is not a flowsim metric (docs/metrics.md lists them)", *metricName)
	}
	path := fs.Arg(0)
	if *priorsPath == "" {
		*priorsPath = filepath.Join(filepath.Dir(path), "calibration", "priors.yaml")
	}
	sc, err := scenario.Load(path)
	if err != nil {
		return err
	}
	if fs.Changed("seed") {
		sc.Seed = *seed
	}
	if _, ok := sc.Sites[*site]; !ok && *site != model.SystemSite {
		return usagef("--site %q: the scenario's sites are %s, or %s for the system", *site,
			strings.Join(slices.Sorted(maps.Keys(sc.Sites)), ", "), model.SystemSite)
	}
	pf, err := priors.Load(*priorsPath)
	if err != nil {
		return err
	}
	space, err := priors.NewSpace(pf, path)
	if err != nil {
		return err
	}
	s := &experiment.Sensitivity{Space: space, Base: path, Alt: *alt, Metric: *metricName, Site: *site,
		Seed: sc.Seed, Reps: *reps, Workers: *workers}
	m, err := s.Model()
	if err != nil {
		return err
	}
	boot := sensitivity.Bootstrap{Seed: sc.Seed}
	var ranking sensitivity.Ranking
	points := 0
	if *method == "morris" {
		o := sensitivity.MorrisOptions{Factors: space.Dim(), Trajectories: *trajectories, Seed: sc.Seed}
		points = *trajectories * (space.Dim() + 1)
		fmt.Fprintf(stderr, "Morris screening: %d trajectories, %d points × %d replications\n", *trajectories, points, *reps)
		res, err := sensitivity.RunMorris(ctx, o, m, boot)
		if err != nil {
			return err
		}
		if ranking, err = res.Rank(space.Names()); err != nil {
			return err
		}
	} else {
		o := sensitivity.SobolOptions{Factors: space.Dim(), N: *samples, Sampler: sensitivity.LatinHypercube(sc.Seed)}
		points = *samples * (space.Dim() + 2)
		fmt.Fprintf(stderr, "Sobol indices: %d base rows, %d points × %d replications\n", *samples, points, *reps)
		res, err := sensitivity.RunSobol(ctx, o, m, boot)
		if err != nil {
			return err
		}
		if ranking, err = res.Rank(space.Names()); err != nil {
			return err
		}
	}
	measured := def.Label + " (" + *site + ")"
	if *alt != "" {
		measured = def.Label + " saved by " + filepath.Base(*alt) + " (" + *site + ")"
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", "sensitivity-"+output.PathElement(sc.Name)+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	files, err := writeSensitivity(dir, ranking, plot.TornadoLabels{Metric: strings.ToLower(measured), Unit: def.Unit})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: which of %d unknowns (%s) move %s; %s, %d points × %d replications\n\n",
		path, space.Dim(), *priorsPath, measured, *method, points, *reps)
	if err := ranking.WriteText(stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nfiles: %s\n", strings.Join(files, ", "))
	return nil
}

// writeSensitivity writes the ranking as CSV and the tornado figure (SVG
// and PNG) into dir, each atomically.
func writeSensitivity(dir string, r sensitivity.Ranking, l plot.TornadoLabels) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	fig := plot.TornadoFigure(r, l)
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"ranking.csv", func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write(r.Header())
			cw.WriteAll(r.Rows())
			return cw.Error()
		}},
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := output.WriteFile(p, f.write); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	figs, err := writeFigures(dir, fig)
	return append(paths, figs...), err
}
