package hmatch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/flowsim/flowsim/sim/design"
	"github.com/flowsim/flowsim/sim/rng"
)

// Simulator runs the model at point (in [0,1]^d) reps times and returns
// the targets' values in each replication: out[rep][target]. It must be
// safe for concurrent use and deterministic given point and reps
// (replication r using the same random numbers at every point: common
// random numbers), so that results do not depend on which worker ran
// what. If enough is not nil, the simulator runs replications 0, 1, …
// in order, asks enough after each with the runs so far, and returns
// those as soon as it reports true (a point its first runs already rule
// out; see Config.Sequential).
type Simulator func(ctx context.Context, point []float64, reps int, enough func(runs [][]float64) bool) ([][]float64, error)

// DesignKind chooses the first wave's design.
type DesignKind int

// The first-wave designs.
const (
	// SobolDesign: the first Points of a digitally shifted Sobol
	// sequence.
	SobolDesign DesignKind = iota
	// LatinHypercubeDesign: a random Latin hypercube.
	LatinHypercubeDesign
)

// Config sets up a history match.
type Config struct {
	// Dim is the dimension of the space (the number of priors).
	Dim int
	// Targets are the observations, in the order the Simulator returns
	// them.
	Targets []Target
	// Waves is the number of waves to run, Points the points a wave and
	// Reps the replications a point (at least 2, for V_sim).
	Waves, Points, Reps int
	// Cutoff rules out a point whose Order-th largest implausibility
	// exceeds it. Defaults to 3.
	Cutoff float64
	// Sequential stops running a point's replications once those run so
	// far rule it out beyond doubt (judged from the second on: its
	// measure above the cutoff with each target's simulator variance at
	// the upper end of its 99% confidence interval): a point far outside
	// the targets costs two runs, not Reps, and every point that may be
	// plausible gets all Reps.
	Sequential bool
	// Order is 1 (rule out on the maximum I), 2 (second largest) or 3.
	// Defaults to 2 with three or more targets, else 1.
	Order int
	// Design is the first wave's design.
	Design DesignKind
	// Candidates is how many Sobol candidates are screened first for
	// each later wave (more are drawn while too few survive). Defaults to
	// 64 × Points.
	Candidates int
	// VolumePoints is the size of the fixed set over which the share of
	// the space ruled out is estimated. Defaults to 16384.
	VolumePoints int
	// Seed makes designs and candidate sets reproducible.
	Seed uint64
	// Workers bounds the points run at once; 0 means one per CPU.
	Workers int
	// OnWave, if not nil, is called after each wave with the waves so
	// far (for checkpoints and progress); an error stops the match.
	OnWave func(waves []*Wave) error
	// Progress, if not nil, is called after each point is run with the
	// points done and the total of the wave, one call at a time.
	Progress func(wave, done, total int)
}

// Wave is one wave of a history match.
type Wave struct {
	// Index is the wave's number, from 1.
	Index int
	// Points are the wave's points in [0,1]^d.
	Points [][]float64
	// Runs[i][rep][target] are the simulator's values at Points[i]: all
	// a resumed match needs of a finished wave.
	Runs [][][]float64
	// Mean and Var are, per point and target, the replications' mean and
	// sample variance.
	Mean, Var [][]float64
	// Implausibility[i][k] is I_k at Points[i] from its runs.
	Implausibility [][]float64
	// Measure[i] is the Order-th largest of Implausibility[i], or a
	// hard target's if that is larger; MaxI[i] the largest.
	Measure, MaxI []float64
	// Plausible[i] reports Measure[i] <= Cutoff.
	Plausible []bool
	// RuledOutRuns is the share of the wave's points their runs ruled
	// out; RuledOutVolume the share of the whole space implausible under
	// the emulators of waves 1 to this one, over the volume set.
	RuledOutRuns, RuledOutVolume float64
	// Emulator is the regression fitted to this wave's runs (nil if the
	// wave had too few points to fit one).
	Emulator *Emulator
	// Resampled counts the points drawn around survivors rather than
	// taken from the candidate sequence.
	Resampled int
}

// Result is a finished history match.
type Result struct {
	// Waves are the waves run, in order.
	Waves []*Wave
	// Stopped says why fewer waves than asked were run ("" if all were).
	Stopped string
}

// PlausiblePoint is one point of the plausible set: point I of Wave.
type PlausiblePoint struct {
	Wave *Wave
	I    int
}

// Name is the point's member name, as in "w3-p0017".
func (p PlausiblePoint) Name() string { return MemberName(p.Wave.Index, p.I) }

// PlausibleSet returns every point whose own runs found it plausible, in
// every wave, in wave and then point order: the plausible set. A point
// an early wave ran and found plausible stays in it although a later
// wave's design no longer samples its neighbourhood — the later waves'
// cuts are the emulators' guesses about points not run, and its own runs
// are the simulator's answer. (The match of 4 × 300 Notts points found
// two plausible points, in waves 1 and 2, and none in waves 3 and 4.)
func (r *Result) PlausibleSet() []PlausiblePoint {
	var out []PlausiblePoint
	for _, w := range r.Waves {
		for i, ok := range w.Plausible {
			if ok {
				out = append(out, PlausiblePoint{Wave: w, I: i})
			}
		}
	}
	return out
}

// Plausible returns the indices of the last wave's plausible points (a
// part of PlausibleSet).
func (r *Result) Plausible() []int {
	if len(r.Waves) == 0 {
		return nil
	}
	w := r.Waves[len(r.Waves)-1]
	var idx []int
	for i, ok := range w.Plausible {
		if ok {
			idx = append(idx, i)
		}
	}
	return idx
}

func (c *Config) defaults() (Config, error) {
	cfg := *c
	if cfg.Cutoff == 0 {
		cfg.Cutoff = 3
	}
	if cfg.Order == 0 {
		cfg.Order = 1
		if len(cfg.Targets) >= 3 {
			cfg.Order = 2
		}
	}
	if cfg.Candidates == 0 {
		cfg.Candidates = 64 * cfg.Points
	}
	if cfg.VolumePoints == 0 {
		cfg.VolumePoints = 1 << 14
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case cfg.Dim < 1 || cfg.Dim > design.MaxSobolDim:
		return cfg, fmt.Errorf("hmatch: dimension %d, want 1 to %d", cfg.Dim, design.MaxSobolDim)
	case len(cfg.Targets) == 0:
		return cfg, errors.New("hmatch: no targets")
	case cfg.Waves < 1 || cfg.Points < 2 || cfg.Reps < 2:
		return cfg, fmt.Errorf("hmatch: want waves >= 1, points >= 2 and reps >= 2, got %d, %d, %d", cfg.Waves, cfg.Points, cfg.Reps)
	case cfg.Order < 1 || cfg.Order > 3:
		return cfg, fmt.Errorf("hmatch: order %d, want 1 (max), 2 or 3", cfg.Order)
	case !(cfg.Cutoff > 0):
		return cfg, fmt.Errorf("hmatch: cutoff %v, want > 0", cfg.Cutoff)
	case cfg.Candidates < cfg.Points || cfg.VolumePoints < 1:
		return cfg, fmt.Errorf("hmatch: %d candidates for %d points, %d volume points", cfg.Candidates, cfg.Points, cfg.VolumePoints)
	}
	for _, t := range cfg.Targets {
		if err := t.check(); err != nil {
			return cfg, fmt.Errorf("hmatch: %w", err)
		}
	}
	return cfg, nil
}

// Run history-matches sim against cfg's targets. done holds waves already
// run (from a checkpoint: their Points and Runs are enough); they are
// re-summarised and their emulators refitted, which gives back exactly
// the state they left, and the match goes on from there. A cancelled ctx
// stops the match between points with ctx's error and the waves finished
// so far.
func Run(ctx context.Context, c Config, sim Simulator, done ...*Wave) (*Result, error) {
	p, err := NewPlan(c, done...)
	if err != nil {
		return nil, err
	}
	for len(p.res.Waves) < p.m.cfg.Waves {
		w, err := p.Next()
		if err != nil || w == nil {
			return p.res, err
		}
		if err := p.Evaluate(ctx, sim, w, nil, nil); err != nil {
			return p.res, err
		}
		if err := p.Add(w); err != nil {
			return p.res, err
		}
		if p.m.cfg.OnWave != nil {
			if err := p.m.cfg.OnWave(p.res.Waves); err != nil {
				return p.res, err
			}
		}
	}
	return p.res, nil
}

// Plan is a history match taken one wave at a time: it holds the
// finished waves, draws the next wave's design and takes the wave back
// once its points are run, wherever they were run. Run is Plan's loop on
// one machine; a match sharded over a cluster runs each wave's points in
// pieces and adds the wave when all are back, with the same result.
type Plan struct {
	m   *matcher
	res *Result
}

// NewPlan checks c and rebuilds the state of the finished waves done, as
// Run does when it resumes (their Points and Runs are enough).
func NewPlan(c Config, done ...*Wave) (*Plan, error) {
	cfg, err := c.defaults()
	if err != nil {
		return nil, err
	}
	m := &matcher{cfg: cfg}
	if m.volume, err = m.sobolSet("hmatch/volume", cfg.VolumePoints); err != nil {
		return nil, err
	}
	res := &Result{}
	for i, w := range done {
		if len(w.Points) != len(w.Runs) {
			return nil, fmt.Errorf("hmatch: resumed wave %d has %d points and %d runs", i+1, len(w.Points), len(w.Runs))
		}
		w.Index = i + 1
		if err := m.summarise(w, res.Waves); err != nil {
			return nil, fmt.Errorf("hmatch: resumed wave %d: %w", i+1, err)
		}
		res.Waves = append(res.Waves, w)
	}
	m.volumeRuledOut(res.Waves)
	return &Plan{m: m, res: res}, nil
}

// Result returns the finished waves so far.
func (p *Plan) Result() *Result { return p.res }

// Next draws the next wave's design: a wave with its Index, Points and
// Resampled set and room for its Runs. It depends only on the
// configuration and the finished waves, so every machine draws the same
// one. If no point can be found it returns nil and says why in
// Result().Stopped.
func (p *Plan) Next() (*Wave, error) {
	k := len(p.res.Waves) + 1
	var pts [][]float64
	var resampled int
	var err error
	if k == 1 {
		pts, err = p.m.firstDesign()
	} else {
		pts, resampled, err = p.m.nextDesign(p.res.Waves)
	}
	if err != nil {
		return nil, err
	}
	if len(pts) == 0 {
		p.res.Stopped = fmt.Sprintf("no point found for wave %d: no candidate survives the emulators of waves 1-%d, nor any step from their near misses; the region left is empty or too small to find", k, k-1)
		return nil, nil
	}
	return &Wave{Index: k, Points: pts, Runs: make([][][]float64, len(pts)), Resampled: resampled}, nil
}

// Evaluate runs the points of w whose indices are in idx (every point
// if idx is nil) with the configured workers, into w.Runs. If done is
// not nil it is called, one call at a time, with each point's runs as
// soon as they are in (for checkpoints); an error from it stops the
// evaluation.
func (p *Plan) Evaluate(ctx context.Context, sim Simulator, w *Wave, idx []int, done func(i int, runs [][]float64) error) error {
	if idx == nil {
		idx = make([]int, len(w.Points))
		for i := range idx {
			idx[i] = i
		}
	}
	if len(w.Runs) != len(w.Points) {
		w.Runs = make([][][]float64, len(w.Points))
	}
	return p.m.evaluate(ctx, w, idx, sim, done)
}

// Add takes back w, the wave Next drew, with every point's Runs in:
// it is summarised, its emulator fitted and the share of the space ruled
// out updated.
func (p *Plan) Add(w *Wave) error {
	if w.Index != len(p.res.Waves)+1 || len(w.Runs) != len(w.Points) {
		return fmt.Errorf("hmatch: wave %d with %d points and %d runs is not wave %d", w.Index, len(w.Points), len(w.Runs), len(p.res.Waves)+1)
	}
	if err := p.m.summarise(w, p.res.Waves); err != nil {
		return fmt.Errorf("hmatch: wave %d: %w", w.Index, err)
	}
	p.res.Waves = append(p.res.Waves, w)
	p.m.volumeRuledOut(p.res.Waves)
	return nil
}

type matcher struct {
	cfg    Config
	volume [][]float64
	// out[j] reports volume[j] ruled out by the emulators of the first
	// counted waves.
	out     []bool
	counted int
}

// stream returns the named random stream of a wave (0 for the volume
// set): designs never share numbers, whatever else draws.
func (m *matcher) stream(name string, wave int) *rand.Rand {
	return rng.Seed(m.cfg.Seed).Replication(wave).Stream(name)
}

func (m *matcher) sobolSet(name string, n int) ([][]float64, error) {
	s, err := design.NewShiftedSobol(m.cfg.Dim, m.stream(name, 0))
	if err != nil {
		return nil, err
	}
	return s.Points(n)
}

func (m *matcher) firstDesign() ([][]float64, error) {
	if m.cfg.Design == LatinHypercubeDesign {
		return design.LatinHypercube(m.cfg.Points, m.cfg.Dim, m.stream("hmatch/design", 1))
	}
	s, err := design.NewShiftedSobol(m.cfg.Dim, m.stream("hmatch/design", 1))
	if err != nil {
		return nil, err
	}
	return s.Points(m.cfg.Points)
}

// plausibleUnder reports whether x survives the emulators of waves.
func (m *matcher) plausibleUnder(waves []*Wave, x []float64, s []*scratch, buf []float64) bool {
	for i, w := range waves {
		if w.Emulator == nil {
			continue
		}
		if w.Emulator.measure(x, m.cfg.Targets, m.cfg.Order, m.cfg.Cutoff, s[i], buf) > m.cfg.Cutoff {
			return false
		}
	}
	return true
}

func scratches(waves []*Wave) []*scratch {
	s := make([]*scratch, len(waves))
	for i, w := range waves {
		if w.Emulator != nil {
			s[i] = w.Emulator.newScratch()
		}
	}
	return s
}

// nextDesign draws the next wave's points inside the region the waves so
// far leave: Sobol candidates that survive every emulator, then, if too
// few do, Gaussian steps around the survivors and the last wave's
// plausible points.
func (m *matcher) nextDesign(waves []*Wave) ([][]float64, int, error) {
	k := len(waves) + 1
	cfg := m.cfg
	seq, err := design.NewShiftedSobol(cfg.Dim, m.stream("hmatch/candidates", k))
	if err != nil {
		return nil, 0, err
	}
	sc, buf := scratches(waves), make([]float64, len(cfg.Targets))
	var out [][]float64
	x := make([]float64, cfg.Dim)
	// Up to 16 times the candidates while the sequence still finds some.
	for tried := 0; len(out) < cfg.Points && tried < 16*cfg.Candidates; tried++ {
		seq.Next(x)
		if m.plausibleUnder(waves, x, sc, buf) {
			out = append(out, slices.Clone(x))
		}
		if tried == cfg.Candidates-1 && len(out) < cfg.Points/16 {
			break // the region is small: the sequence would take too long
		}
	}
	centres := slices.Clone(out)
	last := waves[len(waves)-1]
	for i, ok := range last.Plausible {
		if ok {
			centres = append(centres, last.Points[i])
		}
	}
	if len(out) >= cfg.Points {
		return out, 0, nil
	}
	r := rng.Seed(cfg.Seed).Replication(k).Stream("hmatch/resample")
	if len(centres) == 0 {
		// Nothing survives: climb down the emulators' implausibility
		// from the near misses, the candidates they find least
		// implausible, into a region too small for the sequence to hit.
		for _, c := range m.nearMisses(waves, cfg.Candidates, 16) {
			if x, ok := m.climb(waves, c, r); ok {
				centres = append(centres, x)
			}
		}
		if len(centres) == 0 {
			return out, 0, nil
		}
	}
	// Steps of the centres' spread per axis (at least 1% of the axis).
	sd := make([]float64, cfg.Dim)
	for j := range sd {
		var s, s2 float64
		for _, c := range centres {
			s += c[j]
			s2 += c[j] * c[j]
		}
		n := float64(len(centres))
		v := s2/n - (s/n)*(s/n)
		sd[j] = math.Max(0.01, math.Sqrt(math.Max(v, 0)))
	}
	resampled := 0
	for tries := 0; len(out) < cfg.Points && tries < 200*cfg.Points; tries++ {
		c := centres[tries%len(centres)]
		for j := range x {
			x[j] = c[j] + sd[j]*r.NormFloat64()
		}
		if slices.ContainsFunc(x, func(v float64) bool { return v < 0 || v >= 1 }) {
			continue
		}
		if m.plausibleUnder(waves, x, sc, buf) {
			out = append(out, slices.Clone(x))
			resampled++
		}
	}
	return out, resampled, nil
}

// worst returns the largest over waves of the emulators' Order-th
// implausibility at x.
func (m *matcher) worst(waves []*Wave, x []float64, sc []*scratch, buf []float64) float64 {
	I := 0.0
	for i, w := range waves {
		if w.Emulator != nil {
			I = math.Max(I, w.Emulator.measure(x, m.cfg.Targets, m.cfg.Order, math.Inf(1), sc[i], buf))
		}
	}
	return I
}

// climb walks from x0 downhill on the emulators' implausibility with
// Gaussian steps that halve after repeated failures, and reports the
// point it reaches if that is non-implausible.
func (m *matcher) climb(waves []*Wave, x0 []float64, r *rand.Rand) ([]float64, bool) {
	sc, buf := scratches(waves), make([]float64, len(m.cfg.Targets))
	x, y := slices.Clone(x0), make([]float64, len(x0))
	I := m.worst(waves, x, sc, buf)
	step, fails := 0.1, 0
	for it := 0; it < 2000 && I > m.cfg.Cutoff && step > 1e-4; it++ {
		for j := range y {
			y[j] = math.Min(math.Nextafter(1, 0), math.Max(0, x[j]+step*r.NormFloat64()))
		}
		if Iy := m.worst(waves, y, sc, buf); Iy < I {
			copy(x, y)
			I, fails = Iy, 0
			continue
		}
		if fails++; fails == 20 {
			step, fails = step/2, 0
		}
	}
	return x, I <= m.cfg.Cutoff
}

// nearMisses returns the n of the first count candidates of wave
// len(waves)+1's sequence with the smallest implausibility under the
// emulators of waves (the largest over the waves).
func (m *matcher) nearMisses(waves []*Wave, count, n int) [][]float64 {
	seq, err := design.NewShiftedSobol(m.cfg.Dim, m.stream("hmatch/candidates", len(waves)+1))
	if err != nil {
		return nil
	}
	sc, buf := scratches(waves), make([]float64, len(m.cfg.Targets))
	type cand struct {
		x []float64
		I float64
	}
	best := make([]cand, 0, n+1)
	for range count {
		x := make([]float64, m.cfg.Dim)
		seq.Next(x)
		worst := m.worst(waves, x, sc, buf)
		if len(best) == n && worst >= best[n-1].I {
			continue
		}
		at, _ := slices.BinarySearchFunc(best, worst, func(c cand, v float64) int {
			if c.I <= v { // ties keep sequence order
				return -1
			}
			return 1
		})
		best = slices.Insert(best, at, cand{x, worst})
		if len(best) > n {
			best = best[:n]
		}
	}
	out := make([][]float64, len(best))
	for i, c := range best {
		out[i] = c.x
	}
	return out
}

// evaluate runs the points idx of w with a bounded number of workers;
// results go to their point's slot of w.Runs, and to done (one call at a
// time) if it is not nil.
func (m *matcher) evaluate(ctx context.Context, w *Wave, idx []int, sim Simulator, done func(int, [][]float64) error) error {
	wave, pts := w.Index, w.Points
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(m.cfg.Workers)
	progress := make(chan struct{}, len(idx))
	var report errgroup.Group
	if m.cfg.Progress != nil {
		report.Go(func() error {
			for n := 1; n <= len(idx); n++ {
				if _, ok := <-progress; !ok {
					return nil
				}
				m.cfg.Progress(wave, n, len(idx))
			}
			return nil
		})
	}
	var mu sync.Mutex
	for _, i := range idx {
		if gctx.Err() != nil {
			break
		}
		if i < 0 || i >= len(pts) {
			g.Go(func() error { return fmt.Errorf("wave %d has no point %d", wave, i) })
			break
		}
		g.Go(func() error {
			var enough func([][]float64) bool
			if m.cfg.Sequential {
				buf := make([]float64, len(m.cfg.Targets))
				enough = func(runs [][]float64) bool { return len(runs) < m.cfg.Reps && m.ruledOutEarly(runs, buf) }
			}
			out, err := sim(gctx, slices.Clone(pts[i]), m.cfg.Reps, enough)
			if err != nil {
				return fmt.Errorf("wave %d point %d: %w", wave, i, err)
			}
			if err := m.checkRuns(wave, i, out); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			w.Runs[i] = out
			if done != nil {
				if err := done(i, out); err != nil {
					return err
				}
			}
			progress <- struct{}{}
			return nil
		})
	}
	err := g.Wait()
	close(progress)
	report.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// checkRuns checks that the simulator gave point i of a wave the
// replications and finite target values asked of it.
func (m *matcher) checkRuns(wave, i int, out [][]float64) error {
	if len(out) != m.cfg.Reps && !m.earlyEnough(out) {
		return fmt.Errorf("wave %d point %d: simulator returned %d replications, want %d", wave, i, len(out), m.cfg.Reps)
	}
	for r, row := range out {
		if len(row) != len(m.cfg.Targets) {
			return fmt.Errorf("wave %d point %d replication %d: %d values for %d targets", wave, i, r, len(row), len(m.cfg.Targets))
		}
		for k, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("wave %d point %d replication %d: target %s is %v", wave, i, r, m.cfg.Targets[k].Name, v)
			}
		}
	}
	return nil
}

// summarise computes a wave's statistics, implausibilities and emulator
// from its points and runs. The emulator is fitted to the wave's runs and
// to those of earlier waves' points inside the region the wave was drawn
// from (non-implausible under every earlier emulator): more runs for the
// same region, at no cost.
func (m *matcher) summarise(w *Wave, before []*Wave) error {
	cfg := m.cfg
	n, K := len(w.Points), len(cfg.Targets)
	w.Mean, w.Var, w.Implausibility = make([][]float64, n), make([][]float64, n), make([][]float64, n)
	w.Measure, w.MaxI, w.Plausible = make([]float64, n), make([]float64, n), make([]bool, n)
	ruled := 0
	buf := make([]float64, K)
	for i, runs := range w.Runs {
		if len(w.Points[i]) != cfg.Dim {
			return fmt.Errorf("point %d has %d coordinates, want %d", i, len(w.Points[i]), cfg.Dim)
		}
		reps := len(runs)
		if reps < 2 {
			return fmt.Errorf("point %d has %d replications, want >= 2", i, reps)
		}
		if reps < cfg.Reps && !m.earlyEnough(runs) {
			return fmt.Errorf("point %d has %d replications of %d, and they do not rule it out beyond doubt (a match run with other settings?)", i, reps, cfg.Reps)
		}
		mean, vr, imp := make([]float64, K), make([]float64, K), make([]float64, K)
		for _, row := range runs {
			if len(row) != K {
				return fmt.Errorf("point %d: %d values for %d targets", i, len(row), K)
			}
		}
		for k := range K {
			mean[k], vr[k] = meanVar(runs, k)
			imp[k] = cfg.Targets[k].Implausibility(mean[k], vr[k]/float64(reps))
		}
		w.Mean[i], w.Var[i], w.Implausibility[i] = mean, vr, imp
		copy(buf, imp)
		w.Measure[i] = measureOf(buf, cfg.Targets, cfg.Order)
		w.MaxI[i] = buf[K-1]
		w.Plausible[i] = w.Measure[i] <= cfg.Cutoff
		if !w.Plausible[i] {
			ruled++
		}
	}
	w.RuledOutRuns = float64(ruled) / float64(n)
	xs, means := w.Points, w.Mean
	if len(before) > 0 {
		xs, means = slices.Clone(xs), slices.Clone(means)
		sc, buf := scratches(before), make([]float64, K)
		for _, b := range before {
			for i, p := range b.Points {
				if m.plausibleUnder(before, p, sc, buf) {
					xs, means = append(xs, p), append(means, b.Mean[i])
				}
			}
		}
	}
	ys := make([][]float64, K)
	for k := range ys {
		ys[k] = make([]float64, len(xs))
		for i := range xs {
			ys[k][i] = means[i][k]
		}
	}
	if e, err := fitEmulator(xs, ys); err == nil {
		w.Emulator = e
	} else {
		w.Emulator = nil
	}
	return nil
}

// volumeRuledOut sets RuledOutVolume for the waves not yet counted: the
// share of the volume set that the emulator of that wave or of an earlier
// one rules out.
func (m *matcher) volumeRuledOut(waves []*Wave) {
	if m.out == nil {
		m.out = make([]bool, len(m.volume))
	}
	sc, buf := scratches(waves), make([]float64, len(m.cfg.Targets))
	for i := m.counted; i < len(waves); i++ {
		w := waves[i]
		ruled := 0
		for j, x := range m.volume {
			if !m.out[j] && w.Emulator != nil &&
				w.Emulator.measure(x, m.cfg.Targets, m.cfg.Order, m.cfg.Cutoff, sc[i], buf) > m.cfg.Cutoff {
				m.out[j] = true
			}
			if m.out[j] {
				ruled++
			}
		}
		w.RuledOutVolume = float64(ruled) / float64(len(m.volume))
	}
	m.counted = len(waves)
}
