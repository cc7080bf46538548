// Package calibrate compares a scenario's simulated results with the
// figures it is meant to reproduce — occupancy, admissions a day, delayed
// bed-days — and says, target by target, whether the simulation lands in
// the published range.
package calibrate

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/stats"
)

// Targets is a calibration targets file.
type Targets struct {
	Targets []Target `yaml:"targets"`
}

// Target is one figure to reproduce. Its simulated value in a replication
// is the sum of Metric over Sites (optionally divided by the days
// recorded), or, with Over, that sum divided by the sum of Over over the
// same sites: a share that pools the sites.
type Target struct {
	// Name describes the target for people ("G&A occupancy, QMC").
	Name string `yaml:"name"`
	// Metric is a flowsim metric name, such as occupancy_mean.
	Metric string `yaml:"metric"`
	// Over, if set, divides Metric's sum by this metric's sum.
	Over []string `yaml:"over,omitempty"`
	// Sites are the sites pooled; "all" is the system.
	Sites []string `yaml:"sites"`
	// PerDay divides the value by the days after warm-up.
	PerDay bool `yaml:"per_day,omitempty"`
	// Low and High bound the published range; a point target has
	// Low == High.
	Low  float64 `yaml:"low"`
	High float64 `yaml:"high"`
	// Source says where the range comes from, with its grade.
	Source string `yaml:"source"`
}

// Load reads a targets file.
func Load(path string) (*Targets, error) {
	b, err := inputfile.ReadFile(path, inputfile.Targets)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var t Targets
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var errs []error
	for i, tg := range t.Targets {
		switch {
		case tg.Name == "" || tg.Metric == "" || len(tg.Sites) == 0:
			errs = append(errs, fmt.Errorf("%s: targets[%d]: name, metric and sites are required", path, i))
		case tg.Low > tg.High:
			errs = append(errs, fmt.Errorf("%s: targets[%d] (%s): low %v is above high %v", path, i, tg.Name, tg.Low, tg.High))
		}
		for _, name := range append([]string{tg.Metric}, tg.Over...) {
			if _, ok := metric.Lookup(name); name != "" && !ok {
				errs = append(errs, fmt.Errorf("%s: targets[%d] (%s): unknown metric %q (docs/metrics.md lists them)", path, i, tg.Name, name))
			}
		}
	}
	if len(t.Targets) == 0 {
		errs = append(errs, fmt.Errorf("%s: no targets", path))
	}
	return &t, errors.Join(errs...)
}

// Row is one target's verdict.
type Row struct {
	Target
	stats.Summary
	// Verdict is "ok" when the 95% interval of the simulated mean meets
	// the target range, else "low" or "high".
	Verdict string
}

// Evaluate computes every target over the replications; days is the length
// of the recorded period in days.
func Evaluate(t *Targets, reps []*model.Result, days float64) ([]Row, error) {
	var rows []Row
	for _, tg := range t.Targets {
		values := make([]float64, len(reps))
		for i, r := range reps {
			v, err := value(tg, r, days)
			if err != nil {
				return nil, fmt.Errorf("target %q: %w", tg.Name, err)
			}
			values[i] = v
		}
		s := stats.Summarize(values)
		verdict := "ok"
		lo, hi := s.CILow, s.CIHigh
		if math.IsNaN(lo) {
			lo, hi = s.Mean, s.Mean
		}
		switch {
		case hi < tg.Low:
			verdict = "low"
		case lo > tg.High:
			verdict = "high"
		}
		rows = append(rows, Row{Target: tg, Summary: s, Verdict: verdict})
	}
	return rows, nil
}

func value(tg Target, r *model.Result, days float64) (float64, error) {
	sum := func(metrics []string) (float64, error) {
		total := 0.0
		for _, metric := range metrics {
			for _, site := range tg.Sites {
				i := slices.IndexFunc(r.Metrics, func(m model.Metric) bool { return m.Name == metric && m.Site == site })
				if i < 0 {
					return 0, fmt.Errorf("no metric %s at site %s", metric, site)
				}
				total += r.Metrics[i].Value
			}
		}
		return total, nil
	}
	v, err := sum([]string{tg.Metric})
	if err != nil {
		return 0, err
	}
	if len(tg.Over) > 0 {
		d, err := sum(tg.Over)
		if err != nil {
			return 0, err
		}
		v /= d
	}
	if tg.PerDay {
		v /= days
	}
	return v, nil
}
