package experiment

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
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowsim/flowsim/sim/calibrate"
	"github.com/flowsim/flowsim/sim/hmatch"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// FitOptions set a history match of a scenario (calibrate --fit).
type FitOptions struct {
	// Scenario is the base file; Priors and Targets the files of the
	// unknowns and of what to reproduce ("" for calibration/priors.yaml
	// and calibration/targets.yaml beside the scenario).
	Scenario, Priors, Targets string
	// Set applies at every point (a shorter horizon, a census start).
	Set []scenario.Override
	// Warmup, if not nil, replaces the scenario's warm-up at every point,
	// keeping the recorded period (see WarmupOverrides); the match's
	// identity records it through the resolved scenario.
	Warmup *scenario.Duration
	// Census, if not "", starts every point from this census file rather
	// than empty, even a point with fewer places in a unit than the census
	// has patients there (Experiment.CensusOverCapacity). It needs Warmup:
	// the census must be the scenario's state Warmup before its recorded
	// period begins (flowsim run --write-census with the scenario's
	// warm-up less Warmup, in days). The match's identity covers it.
	Census string
	// Waves, Points and Reps size the match; Order as in hmatch.Config;
	// Workers bounds the points run at once.
	Waves, Points, Reps, Order, Workers int
	// AllReps runs every point's Reps replications. Otherwise a point's
	// replications stop as soon as its first runs rule it out beyond
	// doubt (hmatch.Config.Sequential); every point that may be plausible
	// gets all Reps. The match's identity records which.
	AllReps bool
	// Discrepancy, if not empty, is a --discrepancy value applied on top
	// of the targets file's (calibrate.ParseDiscrepancy).
	Discrepancy string
	// Seed, if not nil, replaces the scenario's.
	Seed *uint64
	// Out is the directory (default results/calibrate-NAME-TIME); one
	// holding a match of the same identity resumes.
	Out string
	// Version is recorded in match.json.
	Version string
	// Progress, if not nil, hears of each point run.
	Progress func(wave, done, total int)
	// Resuming, if not nil, is told when a match resumes from its waves
	// (in FitShard: when the shard resumes from its file).
	Resuming func(dir string)
}

// FitOutcome is a finished history match and where it was written.
type FitOutcome struct {
	Match                                  *Match
	Result                                 *hmatch.Result
	Dir, Scenario, PriorsFile, TargetsFile string
	// Files are the files written, in order.
	Files []string
}

// The files of a match directory beside those of WriteResults.
const (
	// MatchFile records what a match is of, so that a resumed match is
	// the same match.
	MatchFile = "match.json"
)

// Fit runs a history match and writes its tables and figures.
func Fit(ctx context.Context, o FitOptions) (*FitOutcome, error) {
	out, _, err := setupFit(&o, openOrCreate)
	if err != nil {
		return nil, err
	}
	if out.Result, err = out.Match.Run(ctx, out.Dir); err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("interrupted; the finished waves are in %s: run the same command to resume: %w",
				filepath.Join(out.Dir, WavesFile), err)
		}
		return nil, err
	}
	if out.Files, err = out.Match.WriteResults(out.Dir, out.Result, o.Scenario, out.PriorsFile); err != nil {
		return nil, err
	}
	figs, err := writeFitFigures(out.Dir, out.Match, out.Result)
	out.Files = append(out.Files, figs...)
	return out, err
}

// How setupFit treats the match directory.
const (
	// openOrCreate starts a match in a new or empty directory or resumes
	// the one in it.
	openOrCreate = iota
	// openExisting needs the match already started there.
	openExisting
)

// setupFit reads the files of o's match, opens its directory (with
// dir, openOrCreate or openExisting), checks its identity and returns the
// match ready to run, and its identity.
func setupFit(o *FitOptions, dir int) (*FitOutcome, string, error) {
	beside := func(given, name string) string {
		if given != "" {
			return given
		}
		return filepath.Join(filepath.Dir(o.Scenario), "calibration", name)
	}
	out := &FitOutcome{Scenario: o.Scenario, PriorsFile: beside(o.Priors, "priors.yaml"), TargetsFile: beside(o.Targets, "targets.yaml")}
	targets, err := calibrate.Load(out.TargetsFile)
	if err != nil {
		return nil, "", &run.InputError{Err: err}
	}
	if o.Census != "" {
		sets, err := withCensus(o.Set, o.Census, o.Warmup != nil)
		if err != nil {
			return nil, "", err
		}
		o.Set = sets
	}
	if o.Warmup != nil {
		sets, err := withWarmup(o.Scenario, o.Set, *o.Warmup)
		if err != nil {
			return nil, "", err
		}
		o.Set = sets
	}
	base, err := scenario.LoadWith(o.Scenario, o.Set...)
	if err != nil {
		return nil, "", err
	}
	seed := base.Seed
	if o.Seed != nil {
		seed = *o.Seed
	}
	pf, err := priors.Load(out.PriorsFile)
	if err != nil {
		return nil, "", err
	}
	for _, set := range o.Set {
		for _, pr := range pf.Priors {
			for _, pp := range pr.Paths {
				if pp.String() == set.Path.String() {
					return nil, "", &run.InputError{Err: fmt.Errorf("--set %s: %s is also the path of prior %s (%s:%d), whose value would replace it at every point; drop one",
						set, pp, pr.Name, pr.File, pr.Line)}
				}
			}
		}
	}
	if err := targets.Check(base); err != nil {
		return nil, "", &run.InputError{Err: err}
	}
	disc := targets.DefaultDiscrepancy()
	if o.Discrepancy != "" {
		if disc, err = calibrate.ParseDiscrepancy(o.Discrepancy, disc); err != nil {
			return nil, "", &run.InputError{Err: fmt.Errorf("--discrepancy: %w", err)}
		}
	}
	space, err := priors.NewSpace(pf, o.Scenario)
	if err != nil {
		return nil, "", err
	}
	out.Dir = o.Out
	if out.Dir == "" {
		out.Dir = filepath.Join("results", "calibrate-"+output.PathElement(base.Name)+"-"+time.Now().UTC().Format("20060102T150405Z"))
	}
	if dir == openExisting {
		if _, err := os.Stat(filepath.Join(out.Dir, MatchFile)); err != nil {
			return nil, "", &run.InputError{Err: fmt.Errorf("--out %s holds no match (%v): start it with the shards of wave 1 (--wave 1 --shard K/N) or a one-node calibrate --fit", out.Dir, err)}
		}
	}
	resuming, err := prepareMatchDir(out.Dir)
	if err != nil {
		return nil, "", err
	}
	id, err := matchIdentity(base, pf.Files, targets.Files, o, seed, disc)
	if err != nil {
		return nil, "", err
	}
	if err := checkMatchIdentity(out.Dir, id, o.Version, resuming); err != nil {
		return nil, "", err
	}
	if resuming && o.Resuming != nil {
		o.Resuming(out.Dir)
	}
	out.Match = &Match{
		Experiment:  &Experiment{Base: o.Scenario, Fixed: o.Set, Seed: seed, CensusOverCapacity: o.Census != "", Cache: &scenario.Cache{}},
		Space:       space,
		Targets:     targets,
		Discrepancy: disc,
		Config: hmatch.Config{Waves: o.Waves, Points: o.Points, Reps: o.Reps, Order: o.Order, Seed: seed,
			Workers: o.Workers, Progress: o.Progress, Sequential: !o.AllReps},
	}
	return out, id, nil
}

// matchIdentity is the content a match's waves depend on: the resolved
// scenario with its Set values (and census), the bytes of the priors and
// targets files (with the files they extend), the seed, the design's
// settings and the discrepancy of each kind of target. More waves may be
// asked of a resumed match; nothing else may change.
func matchIdentity(base *scenario.Scenario, priorsFiles, targetsFiles []string, o *FitOptions, seed uint64, disc calibrate.Discrepancy) (string, error) {
	h := sha256.New()
	js, err := base.CanonicalJSON()
	if err != nil {
		return "", err
	}
	h.Write(js)
	if err := base.HashCensus(h); err != nil {
		return "", err
	}
	if len(priorsFiles) > 1 || len(targetsFiles) > 1 {
		// Where the priors end and the targets start (one file of each,
		// the usual case, hashes as it did before extends).
		fmt.Fprintf(h, "\x00chains=%d,%d", len(priorsFiles), len(targetsFiles))
	}
	for _, p := range slices.Concat(priorsFiles, targetsFiles) {
		b, err := inputfile.ReadFile(p, inputfile.Priors)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "\x00%d\x00", len(b))
		h.Write(b)
	}
	fmt.Fprintf(h, "\x00seed=%d points=%d reps=%d order=%d discrepancy=%s", seed, o.Points, o.Reps, o.Order, disc)
	if o.Census != "" {
		h.Write([]byte(" census-over-capacity"))
	}
	if !o.AllReps {
		h.Write([]byte(" sequential"))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkMatchIdentity writes dir's match.json on a fresh start, and on a
// resume refuses a match whose identity differs from the saved one.
func checkMatchIdentity(dir, id, version string, resuming bool) error {
	path := filepath.Join(dir, MatchFile)
	if resuming {
		b, err := inputfile.ReadFile(path, inputfile.Manifest)
		if err != nil {
			return &run.InputError{Err: fmt.Errorf("%s: %w (a match to resume records what it is of)", path, err)}
		}
		var saved struct {
			Identity string `json:"identity"`
		}
		if err := json.Unmarshal(b, &saved); err != nil || saved.Identity != id {
			return &run.InputError{Err: fmt.Errorf("--out %s holds a match of another scenario, priors, targets, seed or design (%s differs); "+
				"resume it with the command that started it, or choose another directory", dir, MatchFile)}
		}
		return nil
	}
	return output.WriteFile(path, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(map[string]string{"identity": id, "version": version})
	})
}

// prepareMatchDir makes dir and reports whether it holds a match to
// resume; a directory holding anything else is refused.
func prepareMatchDir(dir string) (resuming bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, os.MkdirAll(dir, 0o755)
	case err != nil:
		return false, err
	}
	for _, e := range entries {
		// match.json is written before the first wave, so a match stopped
		// in its first wave resumes too (from no finished wave).
		if e.Name() == MatchFile {
			return true, nil
		}
	}
	// Shards starting together in a new directory: another's match.json
	// may be half-written beside it (as a temporary file), not a stranger.
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return strings.HasPrefix(e.Name(), "."+MatchFile+".tmp-") })
	if len(entries) > 0 {
		return false, &run.InputError{Err: fmt.Errorf("--out %s holds files but no %s: not a match to resume; choose another directory", dir, MatchFile)}
	}
	return false, nil
}

// writeFitFigures draws the plausible set (pairs) and the implausibility
// of every wave into dir, as SVG and PNG.
func writeFitFigures(dir string, m *Match, res *hmatch.Result) ([]string, error) {
	var points [][]float64
	for _, p := range res.PlausibleSet() {
		x, err := m.Space.DisplayValues(p.Wave.Points[p.I])
		if err != nil {
			return nil, err
		}
		points = append(points, x)
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
	return WriteFigures(dir, pairs, plot.ImplausibilityFigure(waves, cutoff))
}

// WriteFigures writes each figure into dir as NAME.svg and NAME.png,
// atomically, and returns the paths.
func WriteFigures(dir string, figs ...*plot.Figure) ([]string, error) {
	var files []namedFile
	for _, f := range figs {
		for _, format := range []string{"svg", "png"} {
			files = append(files, namedFile{f.Name + "." + format, func(w io.Writer) error { return f.Write(w, format) }})
		}
	}
	return writeFiles(dir, files)
}

// WriteText writes the waves and how the plausible set meets the targets.
func (o *FitOutcome) WriteText(w io.Writer) error {
	m, res := o.Match, o.Result
	fmt.Fprintf(w, "%s: history matching over %d priors (%s) against %d targets (%s)\n\n",
		o.Scenario, m.Space.Dim(), o.PriorsFile, len(m.Targets.Targets), o.TargetsFile)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "wave\tpoints\treplications run\tplausible\truled out (its runs)\truled out (of the prior space)")
	for _, wv := range res.Waves {
		n, runs := 0, 0
		for i, ok := range wv.Plausible {
			if ok {
				n++
			}
			runs += len(wv.Runs[i])
		}
		fmt.Fprintf(tw, "%d\t%d\t%s of %s\t%d\t%s\t%s\n", wv.Index, len(wv.Points), metric.Count.Value(float64(runs)),
			metric.Count.Value(float64(len(wv.Points)*m.Config.Reps)), n,
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
	_, err := fmt.Fprintf(w, "\n%d plausible parameter sets; files: %s\n", len(res.PlausibleSet()), strings.Join(o.Files, ", "))
	return err
}
