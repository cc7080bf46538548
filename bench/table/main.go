// Command table measures flowsim's speed in one run and prints one table,
// so that ratios (engine against the bare loop, two workers against one)
// come from the same conditions on a noisy machine. `make bench` runs it.
//
// It reports: engine and bare-loop events/s on the M/M/c workload and
// their ratio; one replication of the Notts baseline (events/s, ns/event
// and its ratio to the bare loop's, allocations per event); 100 replications of the baseline with 1 and 2
// workers and the scaling; and peak memory of `flowsim run` at 100 and
// 1,000 replications (files written, per-patient output off); and a
// history match of the baseline (calibrate --fit) with 2 workers: issue
// 12's design, 3 waves × 300 points × 5 replications at --warmup 240d, as
// calibrate runs it (replications stop once a point's first runs rule it
// out); then with every replication (--all-reps) with the scenario's
// warm-up, with --warmup 240d and from a census of the baseline with
// --warmup 28d (calibrate --fit --census): by default one wave of 30
// points × 5 replications, extrapolated to the full design and labelled
// so, or that design itself with -match-full.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/flowsim/flowsim/bench/limit"
	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

func main() {
	scenarioPath := flag.String("scenario", "scenarios/notts/baseline.yaml", "scenario for the model rows")
	binary := flag.String("flowsim", "bin/flowsim", "flowsim binary for the memory rows (skipped if absent)")
	bigReps := flag.Int("memory-reps", 1000, "replications of the larger memory run (0 skips it)")
	matchFull := flag.Bool("match-full", false, "run the --all-reps history matches' full design (3 waves × 300 points × 5 replications) instead of extrapolating from one wave of 30 points")
	flag.Parse()
	if err := run(*scenarioPath, *binary, *bigReps, *matchFull); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type row struct{ what, value string }

func run(path, binary string, bigReps int, matchFull bool) error {
	var rows []row
	add := func(what, format string, a ...any) {
		rows = append(rows, row{what, fmt.Sprintf(format, a...)})
		fmt.Fprintf(os.Stderr, "  %s: %s\n", what, rows[len(rows)-1].value)
	}

	// Engine against the bare loop, alternated three times, medians.
	var eng, bare []float64
	for range 3 {
		eng = append(eng, mmcRate(func() mmc { return limit.NewEngineMMC(10, 0.9) }))
		bare = append(bare, mmcRate(func() mmc { return limit.NewMMC(10, 0.9) }))
	}
	e, b := median(eng), median(bare)
	add("engine, M/M/10 at ρ=0.9", "%.1f M events/s", e/1e6)
	add("bare loop (bench/limit), same workload", "%.1f M events/s", b/1e6)
	add("engine / bare loop", "%.2f", e/b)

	sc, err := scenario.Load(path)
	if err != nil {
		return err
	}
	plan, err := model.Prepare(sc)
	if err != nil {
		return err
	}
	var events uint64
	res := testing.Benchmark(func(tb *testing.B) {
		tb.ReportAllocs()
		events = 0
		i := 0
		for tb.Loop() {
			events += model.RunPlan(plan, rng.Seed(1).Replication(i), model.Options{}).Events
			i++
		}
	})
	perRep := float64(events) / float64(res.N)
	add(sc.Name+", one replication", "%.0f ms, %.0f events (%s incl. warm-up)", float64(res.NsPerOp())/1e6, perRep, sc.Horizon)
	add(sc.Name+", events/s", "%.2f M", perRep/(float64(res.NsPerOp())/1e9)/1e6)
	nsPerEvent := float64(res.NsPerOp()) / perRep
	add(sc.Name+", ns/event", "%.0f", nsPerEvent)
	add(sc.Name+" ns/event against the bare loop's", "%.1fx (bare loop %.0f ns/event; aim ≤ 2.5x)", nsPerEvent/(1e9/b), 1e9/b)
	add(sc.Name+", allocations per event", "%.5f (%d per replication, all set-up)", float64(res.AllocsPerOp())/perRep, res.AllocsPerOp())

	var walls []time.Duration
	for _, w := range []int{1, 2} {
		start := time.Now()
		bt := &batch.Batch{Scenarios: []*scenario.Scenario{sc}, Seed: 1, Workers: w}
		if _, err := bt.Run(context.Background(), batch.Sequence(0, 100)); err != nil {
			return err
		}
		walls = append(walls, time.Since(start))
		add(fmt.Sprintf("100 replications, %d worker(s)", w), "%.1f s", walls[len(walls)-1].Seconds())
	}
	add("2 workers against 1", "%.2fx", walls[0].Seconds()/walls[1].Seconds())

	// Memory before the matches: a child's peak resident memory counts
	// what it shared with this process when it was started.
	if _, err := os.Stat(binary); err == nil {
		for _, n := range []int{100, bigReps} {
			if n == 0 {
				continue
			}
			rss, wall, err := peakRSS(binary, path, n)
			if err != nil {
				return err
			}
			add(fmt.Sprintf("flowsim run --reps %d: peak memory", n), "%.0f MB (%.0f s wall, files written)", rss, wall.Seconds())
		}
	} else {
		fmt.Fprintf(os.Stderr, "bench: %s not built; memory rows skipped (make build)\n", binary)
	}

	// The design itself, as calibrate --fit runs it by default
	// (sequential replications) at the recommended --warmup 240d.
	w240 := ptr(scenario.Duration(240 * 24))
	wall, runs, err := timeMatch(path, fullMatch, w240, "", false)
	if err != nil {
		return err
	}
	add(fmt.Sprintf("history match, %s, 2 workers, --warmup 240d: %s", sc.Name, fullMatch),
		"%.0f s (aim ≤ 120 s; %d of %d replications run)", wall.Seconds(), runs, fullMatch.runs())

	// Every replication of every point (--all-reps), from empty with the
	// scenario's warm-up and with 240 days, and from a census with 28
	// days: one wave of 30 points scaled by the replications, or the full
	// design with -match-full.
	censusPath, err := writeCensus(sc, 28*24)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(censusPath))
	for _, m := range []struct {
		warmup *scenario.Duration
		census string
	}{{nil, ""}, {w240, ""}, {ptr(scenario.Duration(28 * 24)), censusPath}} {
		label := "own warm-up " + sc.Warmup.String()
		switch {
		case m.census != "":
			label = "--census, --warmup " + m.warmup.String()
		case m.warmup != nil:
			label = "--warmup " + m.warmup.String()
		}
		d := matchDesign{waves: 1, points: 30, reps: 5}
		if matchFull {
			d = fullMatch
		}
		wall, _, err := timeMatch(path, d, m.warmup, m.census, true)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("history match --all-reps, %s, 2 workers, %s: %s", sc.Name, label, d)
		if d == fullMatch {
			add(what, "%.0f s", wall.Seconds())
			continue
		}
		add(what, "%.1f s", wall.Seconds())
		scale := float64(fullMatch.runs()) / float64(d.runs())
		add(fmt.Sprintf("  extrapolated to %s", fullMatch), "%.0f s (%.0f× the replications)", wall.Seconds()*scale, scale)
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tvalue")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", r.what, r.value)
	}
	return tw.Flush()
}

type mmc interface {
	RunUntil(float64)
	Now() float64
	Events() uint64
}

func mmcRate(newQueue func() mmc) float64 {
	var events uint64
	res := testing.Benchmark(func(b *testing.B) {
		m := newQueue()
		for b.Loop() {
			m.RunUntil(m.Now() + 10)
		}
		events = m.Events()
	})
	return float64(events) / res.T.Seconds()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// peakRSS runs flowsim as a child and returns its peak resident memory.
func peakRSS(binary, path string, reps int) (mb float64, wall time.Duration, err error) {
	dir, err := os.MkdirTemp("", "flowsim-bench-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command(binary, "run", path, "--reps", fmt.Sprint(reps), "--workers", "2", "-q", "--out", filepath.Join(dir, "out"))
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("flowsim run --reps %d: %w", reps, err)
	}
	wall = time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, wall, fmt.Errorf("no resource usage for the child")
	}
	return float64(ru.Maxrss) / 1024, wall, nil
}

// matchDesign is the size of a history match.
type matchDesign struct{ waves, points, reps int }

// fullMatch is issue 12's calibration benchmark.
var fullMatch = matchDesign{waves: 3, points: 300, reps: 5}

func (d matchDesign) runs() int { return d.waves * d.points * d.reps }

func (d matchDesign) String() string {
	waves := "waves"
	if d.waves == 1 {
		waves = "wave"
	}
	return fmt.Sprintf("%d %s × %d points × %d reps", d.waves, waves, d.points, d.reps)
}

// timeMatch runs calibrate --fit on the scenario at path with its shipped
// priors and targets, 2 workers, files written to a temporary directory,
// and returns its wall time and the replications it ran. A design smaller
// than the full one times its waves; extrapolating assumes the time is
// the replications' (the emulator's screening between waves is not in a
// one-wave run).
func timeMatch(path string, d matchDesign, warmup *scenario.Duration, census string, allReps bool) (time.Duration, int, error) {
	dir, err := os.MkdirTemp("", "flowsim-bench-match-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	out, err := experiment.Fit(context.Background(), experiment.FitOptions{
		Scenario: path, Waves: d.waves, Points: d.points, Reps: d.reps, Workers: 2,
		Warmup: warmup, Census: census, AllReps: allReps, Out: filepath.Join(dir, "match"),
	})
	if err != nil {
		return 0, 0, fmt.Errorf("history match: %w", err)
	}
	wall := time.Since(start)
	runs := 0
	for _, w := range out.Result.Waves {
		for _, r := range w.Runs {
			runs += len(r)
		}
	}
	return wall, runs, nil
}

// writeCensus writes to a temporary file the census calibrate --fit
// --census reads for a warm-up of d (experiment.WriteStartCensus, seed 1).
func writeCensus(sc *scenario.Scenario, d scenario.Duration) (string, error) {
	dir, err := os.MkdirTemp("", "flowsim-bench-census-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "census.csv")
	return path, experiment.WriteStartCensus(sc, d, 1, path)
}

func ptr[T any](v T) *T { return &v }
