package experiment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/priors"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Ensemble runs a base scenario and alternatives to it at every member of
// an ensemble of plausible baselines, paired under common random numbers
// within each member: the saving of each alternative at each plausible
// baseline.
type Ensemble struct {
	// Base is the base scenario file; Alternatives the files that change
	// it (usually extending it).
	Base         string
	Alternatives []string
	// Members are the plausible parameter sets (a priors.Ensemble's).
	Members []priors.Member
	// Seed is the master seed shared by every run.
	Seed uint64
	// Reps is the replications a member and scenario, Workers the
	// members run at once (0: one).
	Reps, Workers int
	// Progress, if not nil, is told after each member how many of the
	// members are done, one call at a time.
	Progress func(done, total int)
}

// Adjustment records a member's setting that an alternative also
// changes: the alternative's change is applied to the member's value in
// proportion rather than overwritten by it, or by the member's value. A
// number is scaled by the alternative's ratio (a 15% rise stays a 15%
// rise). A share (a number Validate bounds to [0, 1]) that rises closes
// the same part of its distance to 1 (uptake 0.8 → 1 takes every member
// to 1; 0.8 → 0.9 takes a member's 0.6 to 0.8) and one that falls is
// scaled, so the adjusted share stays a share.
type Adjustment struct {
	Alternative string
	Path        string
	Base, Alt   float64 // the base's and the alternative's values
	Ratio       float64 // Alt / Base (0 for a share raised from 0)
	// Share: the value is a share, adjusted as above.
	Share bool
}

// Apply returns a member's value v moved as the alternative moves the
// base's.
func (a Adjustment) Apply(v float64) float64 {
	if a.Share && a.Alt > a.Base {
		return v + (1-v)*(a.Alt-a.Base)/(1-a.Base)
	}
	return v * a.Ratio
}

// Note is the sentence that tells a reader of the comparison how the
// alternative's change was carried onto each plausible baseline.
func (a Adjustment) Note() string {
	how := fmt.Sprintf("×%.4g", a.Ratio)
	switch {
	case a.Share && a.Alt == 1:
		how = "1 (the whole of each one's distance to 1)"
	case a.Share && a.Alt > a.Base:
		how = fmt.Sprintf("closing %.3g%% of each one's distance to 1", 100*(a.Alt-a.Base)/(1-a.Base))
	}
	return fmt.Sprintf("%s changes %s (%v → %v), which the plausible baselines also set: applied to each as %s",
		a.Alternative, a.Path, a.Base, a.Alt, how)
}

// Results are the runs of an ensemble comparison.
type Results struct {
	// Base[m] and Alt[m][a] are the replications of member m.
	Base [][]*model.Result
	Alt  [][][]*model.Result
	// Adjustments lists each alternative's changes to member settings.
	Adjustments []Adjustment
}

// Run runs every member: the base with the member's overrides, and each
// alternative with the member's overrides adjusted by the alternative's
// own change of those settings. Members run in parallel; results are in
// member order whatever the workers.
func (e *Ensemble) Run(ctx context.Context) (*Results, error) {
	if len(e.Members) == 0 {
		return nil, fmt.Errorf("ensemble: no members")
	}
	adjust, notes, err := e.adjustments()
	if err != nil {
		return nil, err
	}
	res := &Results{Base: make([][]*model.Result, len(e.Members)),
		Alt: make([][][]*model.Result, len(e.Members)), Adjustments: notes}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, e.Workers))
	var mu sync.Mutex
	done := 0
	cache := &scenario.Cache{} // every member loads the same files
	for m := range e.Members {
		g.Go(func() error {
			member := e.Members[m]
			base := &Experiment{Base: e.Base, Seed: e.Seed, Cache: cache}
			var err error
			if res.Base[m], err = base.Run(ctx, member.Set, e.Reps); err != nil {
				return fmt.Errorf("member %s: %w", member.Name, err)
			}
			res.Alt[m] = make([][]*model.Result, len(e.Alternatives))
			for a, path := range e.Alternatives {
				set, err := adjust[a](member)
				if err != nil {
					return fmt.Errorf("member %s, %s: %w", member.Name, path, err)
				}
				alt := &Experiment{Base: path, Seed: e.Seed, Cache: cache}
				if res.Alt[m][a], err = alt.Run(ctx, set, e.Reps); err != nil {
					return fmt.Errorf("member %s: %w", member.Name, err)
				}
			}
			if e.Progress != nil {
				mu.Lock()
				done++
				e.Progress(done, len(e.Members))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return res, nil
}

// adjustments returns, per alternative, the function that turns a
// member's overrides into the alternative's, and the settings adjusted.
func (e *Ensemble) adjustments() ([]func(priors.Member) ([]scenario.Override, error), []Adjustment, error) {
	base, err := scenario.Load(e.Base)
	if err != nil {
		return nil, nil, err
	}
	baseTree, err := priors.TreeOf(base)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.Base, err)
	}
	// Every path any member sets.
	var paths []scenario.Path
	seen := map[string]bool{}
	for _, m := range e.Members {
		for _, o := range m.Set {
			if k := o.Path.String(); !seen[k] {
				seen[k] = true
				paths = append(paths, o.Path)
			}
		}
	}
	shares := base.SharePaths()
	var fns []func(priors.Member) ([]scenario.Override, error)
	var notes []Adjustment
	for _, altPath := range e.Alternatives {
		alt, err := scenario.Load(altPath)
		if err != nil {
			return nil, nil, err
		}
		altTree, err := priors.TreeOf(alt)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", altPath, err)
		}
		moves := map[string]Adjustment{}
		for _, p := range paths {
			bv, bk, bok, err := baseTree.Value(p)
			if err != nil {
				return nil, nil, &run.InputError{Err: fmt.Errorf("%s: an ensemble member sets %s, which %w", e.Base, p, err)}
			}
			av, ak, aok, err := altTree.Value(p)
			if err != nil {
				return nil, nil, &run.InputError{Err: fmt.Errorf("%s: %s %w", altPath, p, err)}
			}
			switch {
			case bok == aok && (!bok || av == bv):
				continue // the alternative leaves it as the base has it
			case !bok || !aok || ak != bk || (bv == 0 && !(shares[p.String()] && av > bv)):
				return nil, nil, &run.InputError{Err: fmt.Errorf("%s changes %s (base %s, alternative %s), which the ensemble's members also set, and the change is not a ratio of two numbers: state the alternative as a change the members do not set",
					altPath, p, describeValue(bv, bok), describeValue(av, aok))}
			}
			adj := Adjustment{Alternative: altPath, Path: p.String(), Base: bv, Alt: av, Share: shares[p.String()]}
			if bv != 0 {
				adj.Ratio = av / bv
			}
			moves[p.String()] = adj
			notes = append(notes, adj)
		}
		fns = append(fns, func(m priors.Member) ([]scenario.Override, error) {
			if len(moves) == 0 {
				return m.Set, nil
			}
			sc, err := scenario.LoadWith(e.Base, m.Set...)
			if err != nil {
				return nil, err
			}
			tree, err := priors.TreeOf(sc)
			if err != nil {
				return nil, err
			}
			out := slices.Clone(m.Set)
			for i, o := range out {
				adj, ok := moves[o.Path.String()]
				if !ok {
					continue
				}
				v, kind, _, err := tree.Value(o.Path)
				if err != nil {
					return nil, err
				}
				v = adj.Apply(v)
				if isWhole(o.Value) {
					v = math.Round(v)
				}
				out[i].Value = priors.FormatValue(v, kind)
			}
			return out, nil
		})
	}
	return fns, notes, nil
}

// isWhole reports whether a member's value is written as a whole number
// (a count such as a capacity), so that the adjusted value stays one.
func isWhole(text string) bool {
	for _, c := range text {
		if c < '0' || c > '9' {
			return false
		}
	}
	return text != ""
}

func describeValue(v float64, ok bool) string {
	if !ok {
		return "not set"
	}
	return fmt.Sprint(v)
}

// Savings returns, per member, alternative and replication, base minus
// alternative of metric at site: what each alternative saves (positive
// when it lowers the metric).
func (r *Results) Savings(metric, site string) ([][][]float64, error) {
	out := make([][][]float64, len(r.Base))
	for m := range r.Base {
		out[m] = make([][]float64, len(r.Alt[m]))
		for a := range r.Alt[m] {
			out[m][a] = make([]float64, len(r.Base[m]))
			for rep := range r.Base[m] {
				b, ok1 := valueOf(r.Base[m][rep], metric, site)
				v, ok2 := valueOf(r.Alt[m][a][rep], metric, site)
				if !ok1 || !ok2 {
					return nil, fmt.Errorf("no metric %s at site %s", metric, site)
				}
				out[m][a][rep] = b - v
			}
		}
	}
	return out, nil
}

// valueOf returns metric at site in res; a metric only scenarios with
// some section report (escalation) is zero in one without it, as in
// batch.Compare.
func valueOf(res *model.Result, name, site string) (float64, bool) {
	for _, m := range res.Metrics {
		if m.Name == name && m.Site == site {
			return m.Value, true
		}
	}
	if metric.ReportedOnlyWith(name) != "" {
		for _, m := range res.Metrics {
			if m.Site == site {
				return 0, true
			}
		}
	}
	return 0, false
}
