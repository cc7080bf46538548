package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/hmatch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// matchOptions are calibrate --fit's flags: history matching in waves.
type matchOptions struct {
	fit           bool
	priors        string
	waves, points int
	discrepancy   float64
	order         int
	sets          []string
	out           string
	quiet         bool
	// From calibrate's own flags.
	targets       string
	reps, workers int
	seed          *uint64
}

func (o *matchOptions) addFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.fit, "fit", false, "history-match the priors against the targets in waves, and write the plausible parameter sets")
	fs.StringVar(&o.priors, "priors", "", "with --fit: priors file (default: calibration/priors.yaml beside the scenario)")
	fs.IntVar(&o.waves, "waves", 3, "with --fit: waves of history matching")
	fs.IntVar(&o.points, "points", 300, "with --fit: points a wave")
	fs.Float64Var(&o.discrepancy, "discrepancy", 0.05, "with --fit: model discrepancy, a standard deviation as a share of each target's value")
	fs.IntVar(&o.order, "order", 0, "with --fit: rule a point out on its largest (1), second (2) or third (3) largest implausibility (default 2 with three or more targets)")
	fs.StringArrayVar(&o.sets, "set", nil, "with --fit: PATH=VALUE applied at every point (a shorter horizon, a census start); repeatable")
	fs.StringVar(&o.out, "out", "", "with --fit: output directory; one holding waves.json resumes (default results/calibrate-NAME-TIME)")
	fs.BoolVar(&o.quiet, "quiet", false, "with --fit: no progress bar")
}

// used reports whether a --fit-only flag was given.
func (o *matchOptions) used(fs *pflag.FlagSet) bool {
	for _, name := range []string{"priors", "waves", "points", "discrepancy", "order", "set", "out", "quiet"} {
		if fs.Changed(name) {
			return true
		}
	}
	return false
}

// calibrateFit runs calibrate --fit.
func calibrateFit(ctx context.Context, path string, o *matchOptions, stdout, stderr io.Writer) error {
	switch {
	case o.waves < 1 || o.waves > 20:
		return usagef("--waves must be from 1 to 20, got %d", o.waves)
	case o.points < 10 || o.points > 100000:
		return usagef("--points must be from 10 to 100,000, got %d", o.points)
	case o.reps < 2 || o.reps > batch.MaxReps:
		return usagef("--reps must be from 2 (for the runs' variance) to %d, got %d", batch.MaxReps, o.reps)
	case o.workers < 1 || o.workers > run.MaxWorkers:
		return usagef("--workers must be from 1 to %d, got %d", run.MaxWorkers, o.workers)
	case !(o.discrepancy >= 0 && o.discrepancy < 10):
		return usagef("--discrepancy must be from 0 to 10, got %v", o.discrepancy)
	case o.order < 0 || o.order > 3:
		return usagef("--order must be 1, 2 or 3, got %d", o.order)
	}
	beside := func(flag, name string) string {
		if flag != "" {
			return flag
		}
		return filepath.Join(filepath.Dir(path), "calibration", name)
	}
	targetsPath, priorsPath := beside(o.targets, "targets.yaml"), beside(o.priors, "priors.yaml")
	targets, err := calibrate.Load(targetsPath)
	if err != nil {
		return &inputError{err}
	}
	var fixed []scenario.Override
	for _, s := range o.sets {
		p, value, ok := strings.Cut(s, "=")
		if !ok {
			return usagef("--set %q: want PATH=VALUE", s)
		}
		sp, err := scenario.ParsePath(strings.TrimSpace(p))
		if err != nil {
			return usagef("--set %q: %v", s, err)
		}
		fixed = append(fixed, scenario.Override{Path: sp, Value: strings.TrimSpace(value)})
	}
	base, err := scenario.LoadWith(path, fixed...)
	if err != nil {
		return err
	}
	seed := base.Seed
	if o.seed != nil {
		seed = *o.seed
	}
	pf, err := priors.Load(priorsPath)
	if err != nil {
		return err
	}
	space, err := priors.NewSpace(pf, path)
	if err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("results", "calibrate-"+output.PathElement(base.Name)+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	resuming, err := prepareFitDir(dir)
	if err != nil {
		return err
	}
	id, err := matchIdentity(base, priorsPath, targetsPath, o, seed)
	if err != nil {
		return err
	}
	if err := checkMatchIdentity(dir, id, resuming); err != nil {
		return err
	}
	prog := newProgress(stderr, o.quiet)
	m := &experiment.Match{
		Experiment:  &experiment.Experiment{Base: path, Fixed: fixed, Seed: seed},
		Space:       space,
		Targets:     targets,
		Discrepancy: o.discrepancy,
		Config: hmatch.Config{Waves: o.waves, Points: o.points, Reps: o.reps, Order: o.order, Seed: seed, Workers: o.workers,
			Progress: func(wave, done, total int) {
				if done == 1 {
					prog.Start(fmt.Sprintf("wave %d of %d", wave, o.waves))
				}
				prog.Update(done, total)
			}},
	}
	if resuming {
		fmt.Fprintf(stderr, "resuming the match in %s from its finished waves\n", dir)
	}
	res, err := m.Run(ctx, dir)
	prog.Done()
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("interrupted; the finished waves are in %s: run the same command to resume: %w",
				filepath.Join(dir, experiment.WavesFile), err)
		}
		return err
	}
	files, err := m.WriteResults(dir, res, path, priorsPath)
	if err != nil {
		return err
	}
	figs, err := writeFitFigures(dir, m, res)
	if err != nil {
		return err
	}
	files = append(files, figs...)
	return printFit(stdout, m, res, path, priorsPath, targetsPath, files)
}

// matchFile records what a match is of, so that a resumed match is the
// same match: its finished waves are reused only for the same scenario,
// priors, targets, seed and design.
const matchFile = "match.json"

// matchIdentity is the content a match's waves depend on: the resolved
// scenario with its --set values (and census), the priors and targets
// files' bytes, the seed and the design's settings. More waves may be
// asked of a resumed match; nothing else may change.
func matchIdentity(base *scenario.Scenario, priorsPath, targetsPath string, o *matchOptions, seed uint64) (string, error) {
	h := sha256.New()
	js, err := base.CanonicalJSON()
	if err != nil {
		return "", err
	}
	h.Write(js)
	if err := base.HashCensus(h); err != nil {
		return "", err
	}
	for _, p := range []string{priorsPath, targetsPath} {
		b, err := inputfile.ReadFile(p, inputfile.Priors)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "\x00%d\x00", len(b))
		h.Write(b)
	}
	fmt.Fprintf(h, "\x00seed=%d points=%d reps=%d order=%d discrepancy=%v", seed, o.points, o.reps, o.order, o.discrepancy)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkMatchIdentity writes dir's match.json on a fresh start, and on a
// resume refuses a match whose identity differs from the saved one.
func checkMatchIdentity(dir, id string, resuming bool) error {
	path := filepath.Join(dir, matchFile)
	if resuming {
		b, err := inputfile.ReadFile(path, inputfile.Manifest)
		if err != nil {
			return &inputError{fmt.Errorf("%s: %w (a match to resume records what it is of)", path, err)}
		}
		var saved struct {
			Identity string `json:"identity"`
		}
		if err := json.Unmarshal(b, &saved); err != nil || saved.Identity != id {
			return &inputError{fmt.Errorf("--out %s holds a match of another scenario, priors, targets, seed or design (%s differs); "+
				"resume it with the command that started it, or choose another directory", dir, matchFile)}
		}
		return nil
	}
	return output.WriteFile(path, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(map[string]string{"identity": id, "version": versionString()})
	})
}

// prepareFitDir makes dir and reports whether it holds a match to resume;
// a directory holding anything else is refused.
func prepareFitDir(dir string) (resuming bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, os.MkdirAll(dir, 0o755)
	case err != nil:
		return false, err
	}
	for _, e := range entries {
		if e.Name() == experiment.WavesFile {
			return true, nil
		}
	}
	if len(entries) > 0 {
		return false, &inputError{fmt.Errorf("--out %s holds files but no %s: not a match to resume; choose another directory", dir, experiment.WavesFile)}
	}
	return false, nil
}

// printFit writes the waves and how the plausible set meets the targets.
func printFit(w io.Writer, m *experiment.Match, res *hmatch.Result, path, priorsPath, targetsPath string, files []string) error {
	fmt.Fprintf(w, "%s: history matching over %d priors (%s) against %d targets (%s)\n\n",
		path, m.Space.Dim(), priorsPath, len(m.Targets.Targets), targetsPath)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "wave\tpoints\tplausible\truled out (its runs)\truled out (of the prior space)")
	for _, wv := range res.Waves {
		n := 0
		for _, ok := range wv.Plausible {
			if ok {
				n++
			}
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\n", wv.Index, len(wv.Points), n,
			metric.Share.Value(wv.RuledOutRuns), metric.Share.Value(wv.RuledOutVolume))
	}
	tw.Flush()
	if res.Stopped != "" {
		fmt.Fprintf(w, "\nstopped early: %s\n", res.Stopped)
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tplausible points in range\ttheir means")
	for k, f := range m.Fits(res) {
		format := m.Targets.Targets[k].Format()
		span := "–"
		if !math.IsNaN(f.Low) {
			span = format.Value(f.Low) + " to " + format.Value(f.High)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Name, metric.Share.Value(f.Met), span)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d plausible parameter sets", len(res.Plausible()))
	if len(files) > 0 {
		fmt.Fprintf(w, "; files: %s", strings.Join(files, ", "))
	}
	fmt.Fprintln(w)
	return nil
}

// writeFitFigures draws the plausible set (pairs) and the implausibility
// of every wave into dir, as SVG and PNG.
func writeFitFigures(dir string, m *experiment.Match, res *hmatch.Result) ([]string, error) {
	var points [][]float64
	if len(res.Waves) > 0 {
		last := res.Waves[len(res.Waves)-1]
		for _, i := range res.Plausible() {
			x, err := m.Space.DisplayValues(last.Points[i])
			if err != nil {
				return nil, err
			}
			points = append(points, x)
		}
	}
	lo, hi := m.Space.Range()
	pairs := plot.PairsFigure(m.Space.Names(), points, plot.PairsOptions{Min: lo, Max: hi, Baseline: m.Space.Baseline()})
	var waves []plot.WaveImplausibility
	for _, w := range res.Waves {
		waves = append(waves, plot.WaveImplausibility{Index: w.Index, Measure: w.Measure, RuledOutVolume: w.RuledOutVolume})
	}
	cutoff := m.Config.Cutoff
	if cutoff == 0 {
		cutoff = 3
	}
	return writeFigures(dir, pairs, plot.ImplausibilityFigure(waves, cutoff))
}

// writeFigures writes each figure into dir as NAME.svg and NAME.png,
// atomically, and returns the paths.
func writeFigures(dir string, figs ...*plot.Figure) ([]string, error) {
	var paths []string
	for _, f := range figs {
		for _, format := range []string{"svg", "png"} {
			p := filepath.Join(dir, f.Name+"."+format)
			if err := output.WriteFile(p, func(w io.Writer) error { return f.Write(w, format) }); err != nil {
				return paths, err
			}
			paths = append(paths, p)
		}
	}
	return paths, nil
}
