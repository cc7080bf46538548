package priors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/flowsim/flowsim/sim/scenario"
)

// Space is a priors file bound to the base scenario it perturbs: the
// unit hypercube [0,1]^d, one dimension a prior, and the map from its
// points to scenario overrides.
type Space struct {
	// File is the priors file.
	File *File
	// Scenario is the base scenario's path.
	Scenario string
	// base[i][j] is the base value at Priors[i].Paths[j] (hours, per
	// hour or a number); kinds[i][j] its kind.
	base  [][]float64
	kinds [][]Kind
	rests []rest
}

// rest is a share that takes up the changes of the shares naming it.
type rest struct {
	path    scenario.Path
	base    float64
	members [][2]int // (prior, path) indices
}

// NewSpace binds f to the scenario at scenarioPath. It reads the base
// values the scale and rest priors need, checks that every rest share
// stays in [0, 1] over the whole box, and loads the scenario with the
// overrides of the box's centre, its all-low and all-high corners, each
// prior at its min and at its max with the others at the centre, and the
// corners that push each rest share to its extremes: every one must load
// and validate. Errors name the priors file and the line of the prior
// concerned.
func NewSpace(f *File, scenarioPath string) (*Space, error) {
	if len(f.Priors) == 0 {
		return nil, fmt.Errorf("%s: %w", f.Name, ErrNoPriors)
	}
	sc, err := scenario.Load(scenarioPath)
	if err != nil {
		return nil, err
	}
	raw, err := sc.CanonicalJSON()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", scenarioPath, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("%s: decode resolved scenario: %w", scenarioPath, err)
	}
	s := &Space{File: f, Scenario: scenarioPath}
	var errs scenario.Errors
	add := func(pr *Prior, field, format string, args ...any) {
		errs = append(errs, &scenario.Error{File: pr.File, Line: pr.Line, Field: pr.Name + field, Msg: fmt.Sprintf(format, args...)})
	}
	restAt := map[string]int{}
	for i := range f.Priors {
		pr := &f.Priors[i]
		s.base = append(s.base, make([]float64, len(pr.Paths)))
		s.kinds = append(s.kinds, make([]Kind, len(pr.Paths)))
		for j, path := range pr.Paths {
			v, kind, found, err := lookup(tree, path)
			if err != nil {
				add(pr, ".path", "%s in %s: %s", path, scenarioPath, err)
				continue
			}
			switch {
			case pr.Scale && !found:
				add(pr, ".path", "%s has no value in %s to scale: set it there, or give this prior values rather than factors", path, scenarioPath)
			case !pr.Scale && found && kind != pr.Kind && !(kind == Number && v == 0):
				add(pr, ".min", "%s is a %s in %s (%s), but this prior's numbers are %ss", path, kindName(kind), scenarioPath, formatValue(v, kind), kindName(pr.Kind))
			}
			if !found {
				kind = pr.Kind
			}
			if pr.Integer && kind != Number {
				add(pr, ".integer", "%s is a %s; integer: true applies to counts", path, kindName(kind))
			}
			s.base[i][j], s.kinds[i][j] = v, kind
			if pr.Rest == "" {
				continue
			}
			rp, rv, ok := restOf(tree, path, pr.Rest)
			if !ok {
				add(pr, ".rest", "%s: no share %q beside it (or beside a key on its path) in %s to take up the change", path, pr.Rest, scenarioPath)
				continue
			}
			key := rp.String()
			k, ok := restAt[key]
			if !ok {
				k = len(s.rests)
				restAt[key] = k
				s.rests = append(s.rests, rest{path: rp, base: rv})
			}
			s.rests[k].members = append(s.rests[k].members, [2]int{i, j})
		}
	}
	for _, r := range s.rests {
		for _, m := range r.members {
			p := f.Priors[m[0]].Paths[m[1]].String()
			if _, clash := restAt[p]; clash {
				add(&f.Priors[m[0]], ".rest", "%s is itself a rest share", p)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := s.checkRests(); err != nil {
		return nil, err
	}
	if err := s.checkPoints(); err != nil {
		return nil, err
	}
	return s, nil
}

// restOf finds the share that takes up the change at path: path with its
// last segment that can be replaced by key to give a number in the base
// scenario so replaced. For cohorts.fit.pathways.p1 and key p0 that is the
// sibling cohorts.fit.pathways.p0; for cohorts.fit.share and key under65,
// cohorts.under65.share.
func restOf(tree any, path scenario.Path, key string) (scenario.Path, float64, bool) {
	for k := len(path) - 1; k >= 1; k-- {
		if path[k] == key {
			continue
		}
		rp := path.With()
		rp[k] = key
		if v, kind, found, err := lookup(tree, rp); err == nil && found && kind == Number {
			return rp, v, true
		}
	}
	return nil, 0, false
}

// lookup follows path through the resolved scenario's JSON tree and
// returns the value there, its kind and whether it is there at all
// (omitted values are zero or absent).
func lookup(tree any, path scenario.Path) (float64, Kind, bool, error) {
	n := tree
	for _, seg := range path {
		switch t := n.(type) {
		case map[string]any:
			c, ok := t[seg]
			if !ok {
				return 0, Number, false, nil
			}
			n = c
		case []any:
			i, err := strconv.Atoi(strings.Trim(seg, "[]"))
			if err != nil || i < 0 || i >= len(t) {
				return 0, Number, false, fmt.Errorf("a list of %d items has no %s", len(t), seg)
			}
			n = t[i]
		case nil:
			return 0, Number, false, nil
		default:
			return 0, Number, false, fmt.Errorf("%s is inside a single value", seg)
		}
	}
	switch t := n.(type) {
	case json.Number:
		v, err := t.Float64()
		return v, Number, err == nil, err
	case string:
		if strings.Contains(t, "/") {
			r, err := scenario.ParseRate(t)
			return float64(r), Rate, err == nil, err
		}
		d, err := scenario.ParseDuration(t)
		if err != nil {
			return 0, Number, false, errors.New("holds text, not a number, duration or rate")
		}
		return float64(d), Duration, true, nil
	case nil:
		return 0, Number, false, nil
	}
	return 0, Number, false, errors.New("is a mapping or list, not a single value: extend the path to the number inside")
}

// Dim returns the number of priors: the dimension of the hypercube.
func (s *Space) Dim() int { return len(s.File.Priors) }

// Names returns the priors' names in order.
func (s *Space) Names() []string {
	names := make([]string, len(s.File.Priors))
	for i, pr := range s.File.Priors {
		names[i] = pr.Name
	}
	return names
}

// Quantile returns the value of the prior at u in [0, 1]: the inverse of
// its distribution function truncated to [Min, Max]. Values outside
// [0, 1] are clamped.
func (pr *Prior) Quantile(u float64) float64 {
	u = math.Min(1, math.Max(0, u))
	a, b := pr.Min, pr.Max
	var x float64
	switch pr.Dist {
	case LogUniform:
		x = a * math.Exp(u*math.Log(b/a))
	case Triangular:
		c := pr.Mode
		if fc := (c - a) / (b - a); u < fc {
			x = a + math.Sqrt(u*(b-a)*(c-a))
		} else {
			x = b - math.Sqrt((1-u)*(b-a)*(b-c))
		}
	case Normal:
		lo := distuv.UnitNormal.CDF((a - pr.Mean) / pr.SD)
		hi := distuv.UnitNormal.CDF((b - pr.Mean) / pr.SD)
		x = pr.Mean + pr.SD*distuv.UnitNormal.Quantile(lo+u*(hi-lo))
	default:
		x = a + u*(b-a)
	}
	return math.Min(b, math.Max(a, x))
}

// Values returns the priors' values at the point u of the hypercube:
// durations in hours, rates per hour, factors for scale priors; an
// integer prior that is not a scale is rounded, as it is written.
func (s *Space) Values(u []float64) ([]float64, error) {
	if err := s.checkPoint(u); err != nil {
		return nil, err
	}
	x := make([]float64, len(u))
	for i := range u {
		pr := &s.File.Priors[i]
		x[i] = pr.Quantile(u[i])
		if pr.Integer && !pr.Scale {
			x[i] = math.Round(x[i])
		}
	}
	return x, nil
}

func (s *Space) checkPoint(u []float64) error {
	if len(u) != s.Dim() {
		return fmt.Errorf("point has %d coordinates, the priors %d", len(u), s.Dim())
	}
	for i, v := range u {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("coordinate %d (%s) is %v, outside [0, 1]", i, s.File.Priors[i].Name, v)
		}
	}
	return nil
}

// written returns the value prior i writes at its path j given its value x.
func (s *Space) written(i, j int, x float64) float64 {
	pr := &s.File.Priors[i]
	v := x
	if pr.Scale {
		v = x * s.base[i][j]
	}
	if pr.Integer {
		v = math.Round(v)
	}
	return v
}

// Overrides returns the overrides that load the base scenario at the
// point u: each prior's paths in file order, then the rest shares.
func (s *Space) Overrides(u []float64) ([]scenario.Override, error) {
	x, err := s.Values(u)
	if err != nil {
		return nil, err
	}
	return s.overridesAt(x), nil
}

// OverridesAt returns the overrides for prior values x (as Values
// returns them), for sets written by hand or read back from a CSV.
func (s *Space) OverridesAt(x []float64) ([]scenario.Override, error) {
	if len(x) != s.Dim() {
		return nil, fmt.Errorf("%d values for %d priors", len(x), s.Dim())
	}
	for i, v := range x {
		pr := &s.File.Priors[i]
		if !(v >= pr.Min && v <= pr.Max) {
			return nil, fmt.Errorf("%s = %s is outside its box [%s, %s]", pr.Name, pr.text(v), pr.text(pr.Min), pr.text(pr.Max))
		}
	}
	return s.overridesAt(x), nil
}

func (s *Space) overridesAt(x []float64) []scenario.Override {
	var out []scenario.Override
	for i := range s.File.Priors {
		pr := &s.File.Priors[i]
		for j, path := range pr.Paths {
			v := s.written(i, j, x[i])
			text := formatValue(v, s.kinds[i][j])
			if pr.Integer {
				text = strconv.FormatInt(int64(v), 10)
			}
			out = append(out, scenario.Override{Path: path, Value: text})
		}
	}
	for _, r := range s.rests {
		v := r.base
		for _, m := range r.members {
			v -= s.written(m[0], m[1], x[m[0]]) - s.base[m[0]][m[1]]
		}
		out = append(out, scenario.Override{Path: r.path, Value: formatValue(v, Number)})
	}
	return out
}

// checkRests proves every rest share stays within [0, 1] over the box:
// each is linear in the priors' written values, and each written value is
// monotone in its prior, so its extremes lie at the corners where each
// prior is at its min or its max.
func (s *Space) checkRests() error {
	var errs scenario.Errors
	for _, r := range s.rests {
		lo, hi := r.base, r.base
		for i := range s.File.Priors {
			pr := &s.File.Priors[i]
			var dMin, dMax float64
			for _, m := range r.members {
				if m[0] != i {
					continue
				}
				dMin += s.written(i, m[1], pr.Min) - s.base[i][m[1]]
				dMax += s.written(i, m[1], pr.Max) - s.base[i][m[1]]
			}
			lo -= math.Max(dMin, dMax)
			hi -= math.Min(dMin, dMax)
		}
		if lo < -1e-12 || hi > 1+1e-12 {
			pr := &s.File.Priors[r.members[0][0]]
			errs = append(errs, &scenario.Error{File: pr.File, Line: pr.Line, Field: pr.Name + ".rest",
				Msg: fmt.Sprintf("%s (base %s) would range over [%s, %s] across the box, outside [0, 1]: narrow the priors of the shares it takes up",
					r.path, short(r.base), short(lo), short(hi))})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkPoints loads the scenario at the box's telling points.
func (s *Space) checkPoints() error {
	d := s.Dim()
	fill := func(v float64) []float64 {
		u := make([]float64, d)
		for i := range u {
			u[i] = v
		}
		return u
	}
	type point struct {
		u     []float64
		what  string
		prior int // the prior to blame, or -1
	}
	pts := []point{{fill(0.5), "the centre of the box", -1}}
	pts = append(pts, point{fill(0), "the corner where every prior is at its min", -1},
		point{fill(1), "the corner where every prior is at its max", -1})
	for i, pr := range s.File.Priors {
		for _, end := range []float64{0, 1} {
			u := fill(0.5)
			u[i] = end
			what := pr.Name + " at its max, the others at the centre"
			if end == 0 {
				what = pr.Name + " at its min, the others at the centre"
			}
			pts = append(pts, point{u, what, i})
		}
	}
	for _, r := range s.rests {
		for _, low := range []bool{true, false} {
			u := fill(0.5)
			for _, m := range r.members {
				// Written values rise with the prior (factors and bases
				// are >= 0), so the rest falls as the prior rises.
				u[m[0]] = 0
				if low {
					u[m[0]] = 1
				}
			}
			what := fmt.Sprintf("the corner that makes %s largest", r.path)
			if low {
				what = fmt.Sprintf("the corner that makes %s smallest", r.path)
			}
			pts = append(pts, point{u, what, r.members[0][0]})
		}
	}
	var errs scenario.Errors
	var cache scenario.Cache // every point loads the same files
	for k, p := range pts {
		ov, err := s.Overrides(p.u)
		if err == nil {
			_, err = cache.LoadWith(s.Scenario, ov...)
		}
		if err == nil {
			continue
		}
		blame := p.prior
		if blame < 0 {
			blame = s.culprit(err)
		}
		e := &scenario.Error{File: s.File.Name, Msg: fmt.Sprintf("at %s, %s does not load:\n%s", p.what, s.Scenario, indent(err.Error()))}
		if blame >= 0 {
			pr := &s.File.Priors[blame]
			e.File, e.Line, e.Field = pr.File, pr.Line, pr.Name
		}
		errs = append(errs, e)
		if k == 0 {
			break // nothing else can load if the centre does not
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// culprit returns the prior whose path a scenario error names, or -1.
func (s *Space) culprit(err error) int {
	es, ok := errors.AsType[scenario.Errors](err)
	if !ok {
		return -1
	}
	for _, e := range es {
		for i, pr := range s.File.Priors {
			for _, path := range pr.Paths {
				ps := path.String()
				if e.Field == ps || strings.HasPrefix(e.File, "--set "+ps+"=") {
					return i
				}
			}
		}
	}
	return -1
}

// short writes x to 10 significant digits, for messages.
func short(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

// DisplayValues returns Values converted to the units each prior's min
// was written in (days for "d", per year for "/y"), as CSV files and
// ensembles show them.
func (s *Space) DisplayValues(u []float64) ([]float64, error) {
	x, err := s.Values(u)
	if err != nil {
		return nil, err
	}
	for i := range x {
		x[i] = s.File.Priors[i].Display(x[i])
	}
	return x, nil
}
