package experiment

import (
	"fmt"
	"io"
	"math"
	"path/filepath"

	"github.com/flowsim/flowsim/sim/census"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/rng"

	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// WarmupOverrides returns the overrides that run sc with a warm-up of d
// instead of its own while keeping the period it records: the same dates
// and the same length. The start date moves by the difference (later for
// a shorter warm-up) and the horizon shrinks or grows with it, so seasonal
// arrivals, weekdays and dated schedules fall on the recorded days exactly
// as before; only the simulated time before them changes. The difference
// must be whole days, since a start is a date.
//
// A calibration does not need a year of warm-up if the state it starts
// recording from is the same on average: whether a given d is long enough
// for a scenario is an empirical question (docs/calibration.md measures
// it for the Notts baseline).
func WarmupOverrides(sc *scenario.Scenario, d scenario.Duration) ([]scenario.Override, error) {
	recorded := sc.Horizon - sc.Warmup
	shift := (sc.Warmup - d).Days()
	switch {
	case !(d >= 0) || math.IsInf(float64(d), 0):
		return nil, fmt.Errorf("warm-up %s: want a duration of 0 or more", d)
	case shift != math.Trunc(shift):
		return nil, fmt.Errorf("warm-up %s: the scenario's warm-up is %s; the difference (%s) must be whole days, since the start date moves by it to keep the recorded period's dates",
			d, sc.Warmup, sc.Warmup-d)
	case !(recorded > 0):
		return nil, fmt.Errorf("warm-up %s: the scenario records nothing (horizon %s, warm-up %s)", d, sc.Horizon, sc.Warmup)
	}
	start := sc.Start.Time().AddDate(0, 0, int(shift))
	var out []scenario.Override
	for _, s := range []string{
		"start=" + start.Format("2006-01-02"),
		"horizon=" + (d + recorded).String(),
		"warmup=" + d.String(),
	} {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			return nil, fmt.Errorf("warm-up %s: %w", d, err)
		}
		out = append(out, o)
	}
	return out, nil
}

// withWarmup returns sets followed by the overrides that give the scenario
// at path (with sets applied) a warm-up of d. sets may not already move
// the start, horizon or warm-up: the two would disagree on what is
// recorded.
func withWarmup(path string, sets []scenario.Override, d scenario.Duration) ([]scenario.Override, error) {
	for _, o := range sets {
		switch o.Path.String() {
		case "start", "horizon", "warmup":
			return nil, &run.InputError{Err: fmt.Errorf("--set %s with --warmup: --warmup moves the start, horizon and warm-up itself; drop one", o)}
		}
	}
	sc, err := scenario.LoadWith(path, sets...)
	if err != nil {
		return nil, err
	}
	extra, err := WarmupOverrides(sc, d)
	if err != nil {
		return nil, &run.InputError{Err: fmt.Errorf("--warmup: %w", err)}
	}
	return append(append([]scenario.Override(nil), sets...), extra...), nil
}

// withCensus returns sets followed by the override that starts every point
// from the census at path (made absolute, so that it does not resolve
// against the scenario's directory). A census start needs a warm-up
// (hasWarmup: --warmup), and sets may not name a census of their own.
func withCensus(sets []scenario.Override, path string, hasWarmup bool) ([]scenario.Override, error) {
	if !hasWarmup {
		return nil, &run.InputError{Err: fmt.Errorf("--census %s needs --warmup: the census is the state that long before the recorded period (see docs/calibration.md)", path)}
	}
	for _, o := range sets {
		if o.Path.String() == "census" {
			return nil, &run.InputError{Err: fmt.Errorf("--set %s with --census: drop one", o)}
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &run.InputError{Err: fmt.Errorf("--census %s: %w", path, err)}
	}
	o, err := scenario.ParseOverride("census=" + abs)
	if err != nil {
		return nil, &run.InputError{Err: fmt.Errorf("--census %s: %w", path, err)}
	}
	return append(append([]scenario.Override(nil), sets...), o), nil
}

// WriteStartCensus writes to path (atomically) the census that
// FitOptions.Census wants for a warm-up of d: replication 0 of seed's
// run of sc on the day its own warm-up less d, as flowsim run
// --write-census would.
func WriteStartCensus(sc *scenario.Scenario, d scenario.Duration, seed uint64, path string) error {
	day := (sc.Warmup - d).Days()
	if !(day >= 0) || day != math.Trunc(day) {
		return fmt.Errorf("census for a warm-up of %s: the scenario's warm-up is %s; the difference must be whole days of 0 or more", d, sc.Warmup)
	}
	plan, err := model.Prepare(sc)
	if err != nil {
		return err
	}
	res := model.RunPlan(plan, rng.Seed(seed).Replication(0), model.Options{Census: true, CensusDay: int(day)})
	return output.WriteFile(path, func(w io.Writer) error { return census.Write(w, res.Census) })
}
