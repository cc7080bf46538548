// Package calibrate compares a scenario's simulated results with the
// figures it is meant to reproduce — occupancy, admissions a day, delayed
// bed-days — and says, target by target, whether the simulation lands in
// the published range.
package calibrate

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// Targets is a calibration targets file.
type Targets struct {
	// Extends names a targets file whose targets come first (relative to
	// this file's directory): a file of the front door's targets can
	// extend the baseline's. The chain's last discrepancy block applies.
	Extends string `yaml:"extends,omitempty"`
	// Discrepancy, if set, is the default model discrepancy of each kind
	// of target for history matching (calibrate --fit), declared once for
	// the file; a target's own discrepancy overrides it.
	Discrepancy *Discrepancy `yaml:"discrepancy,omitempty"`
	Targets     []Target     `yaml:"targets"`
	// Path is the file the targets were read from, for messages.
	Path string `yaml:"-"`
	// Files are the files read, those extended first and Path last: what
	// the targets depend on.
	Files []string `yaml:"-"`
}

// Target is one figure to reproduce. Its simulated value in a replication
// is the sum of Metric over Sites (optionally divided by the days
// recorded), or, with Over, that sum divided by the sum of Over over the
// same sites: a share that pools the sites.
type Target struct {
	// Name describes the target for people ("G&A occupancy, QMC").
	Name string `yaml:"name"`
	// Metric names the flowsim metrics summed, such as occupancy_mean; in
	// the file a single name or a list.
	Metric Names `yaml:"metric"`
	// Over, if set, divides Metric's sum by this metric's sum.
	Over Names `yaml:"over,omitempty"`
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
	// FittedBy lists the scenario settings (in the --set path syntax, *
	// for every site) that were tuned to meet this target or were set from
	// the same figure. A fitted target shows the fit worked; it cannot
	// test the model, because two baselines that differ elsewhere can both
	// meet it. Empty: the target is independent of the scenario's inputs.
	FittedBy []string `yaml:"fitted_by,omitempty"`
	// Discrepancy, if set, is this target's model discrepancy for history
	// matching (calibrate --fit): a standard deviation as a share of the
	// target's value (sd = D·m, whatever its kind), in place of the
	// default of its kind — larger where the model is known to lack a
	// mechanism the figure depends on.
	Discrepancy *float64 `yaml:"discrepancy,omitempty"`
	// Kind, if set, is "relative" or "share" in place of the kind the
	// target's metrics imply (see Target.Kind).
	Kind Kind `yaml:"kind,omitempty"`
	// Hard, in history matching, rules a point out when this target alone
	// is implausible, whatever --order forgives: for a figure no plausible
	// baseline can miss.
	Hard bool `yaml:"hard,omitempty"`
	// File is the file of the extends chain the target is in, and Line
	// its line there, for messages.
	File string `yaml:"-"`
	Line int    `yaml:"-"`
}

// Independent reports whether no setting was tuned to meet the target.
func (t Target) Independent() bool { return len(t.FittedBy) == 0 }

// Names is a list of metric names, written in a file as one name or a list.
type Names []string

// UnmarshalYAML accepts a single name or a list of names.
func (n *Names) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode {
		*n = Names{v.Value}
		return nil
	}
	var list []string
	if err := v.Decode(&list); err != nil {
		return err
	}
	*n = list
	return nil
}

// String joins the names with " + ".
func (n Names) String() string { return strings.Join(n, " + ") }

// Load reads a targets file and the files it extends.
func Load(path string) (*Targets, error) {
	chain, err := inputfile.ReadChain(path, inputfile.Targets, inputfile.ExtendsKey("targets file"))
	if err != nil {
		return nil, err
	}
	t := &Targets{Path: path}
	var errs []error
	first := map[string]*Target{} // a target's name → its first entry in the chain
	for _, link := range chain {
		own, ferrs := parseFile(link.Path, link.Data)
		errs = append(errs, ferrs...)
		if own == nil {
			continue
		}
		t.Files = append(t.Files, link.Path)
		if own.Discrepancy != nil {
			t.Discrepancy = own.Discrepancy
		}
		for i := range own.Targets {
			tg := &own.Targets[i]
			switch prev, dup := first[tg.Name]; {
			case !dup:
				first[tg.Name] = tg
			case prev.File != tg.File: // one file may name two targets alike, as before extends
				errs = append(errs, fmt.Errorf("%s:%d: targets[%d] (%s): also a target of %s:%d; a file that extends another adds targets, it does not replace them (name it differently)",
					tg.File, tg.Line, i, tg.Name, prev.File, prev.Line))
			}
		}
		t.Targets = append(t.Targets, own.Targets...)
	}
	if len(t.Targets) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("%s: no targets", path))
	}
	return t, errors.Join(errs...)
}

// parseFile decodes and checks one targets file of a chain; a file that
// cannot be decoded gives nil and its error.
func parseFile(path string, b []byte) (*Targets, []error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, []error{fmt.Errorf("%s: %w", path, err)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var t Targets
	if err := dec.Decode(&t); err != nil {
		return nil, []error{fmt.Errorf("%s: %w", path, err)}
	}
	t.Path = path
	lines := targetLines(&doc)
	var errs []error
	for i := range t.Targets {
		tg := &t.Targets[i]
		tg.File = path
		if i < len(lines) {
			tg.Line = lines[i]
		}
		at := fmt.Sprintf("%s:%d: targets[%d]", path, tg.Line, i)
		if tg.Name != "" {
			at += " (" + tg.Name + ")"
		}
		switch {
		case tg.Name == "" || len(tg.Metric) == 0 || len(tg.Sites) == 0:
			errs = append(errs, fmt.Errorf("%s: name, metric and sites are required", at))
		case tg.Low > tg.High:
			errs = append(errs, fmt.Errorf("%s: low %v is above high %v", at, tg.Low, tg.High))
		case tg.Source == "":
			errs = append(errs, fmt.Errorf("%s: source is required (where the range comes from, with its grade)", at))
		}
		if !finite(tg.Low) || !finite(tg.High) {
			errs = append(errs, fmt.Errorf("%s: low %v and high %v: want finite numbers", at, tg.Low, tg.High))
		}
		for j, site := range tg.Sites {
			if slices.Contains(tg.Sites[:j], site) {
				errs = append(errs, fmt.Errorf("%s: sites lists %q twice; a site is pooled once", at, site))
			}
		}
		if len(tg.Sites) > 1 && slices.Contains(tg.Sites, model.SystemSite) {
			errs = append(errs, fmt.Errorf("%s: sites pools %q, the whole system, with other sites, counting them twice; give %q alone or the sites", at, model.SystemSite, model.SystemSite))
		}
		for _, name := range append(slices.Clone(tg.Metric), tg.Over...) {
			if _, ok := metric.Lookup(name); !ok {
				errs = append(errs, fmt.Errorf("%s: unknown metric %q (docs/metrics.md lists them)", at, name))
			}
		}
		if tg.Kind != "" && tg.Kind != Relative && tg.Kind != ShareKind {
			errs = append(errs, fmt.Errorf("%s: kind %q: want %s or %s", at, tg.Kind, Relative, ShareKind))
		}
		if d := tg.Discrepancy; d != nil && !(*d >= 0 && *d <= 10) {
			errs = append(errs, fmt.Errorf("%s: discrepancy %v: want a share from 0 to 10", at, *d))
		}
		if len(tg.Sites) > 1 && len(tg.Over) == 0 {
			for _, name := range tg.Metric {
				if d, ok := metric.Lookup(name); ok && !additive(d) {
					errs = append(errs, fmt.Errorf("%s: %s is a share, a wait or a stay, so summing it over %d sites means nothing; pool it with over: (a share of sums) or give one site", at, name, len(tg.Sites)))
				}
			}
		}
		for _, p := range tg.FittedBy {
			if strings.TrimSpace(p) == "" {
				errs = append(errs, fmt.Errorf("%s: fitted_by has an empty entry", at))
			}
		}
	}
	if d := t.Discrepancy; d != nil {
		for _, c := range []struct {
			name string
			v    float64
		}{{"relative", d.Relative}, {"share", d.Share}} {
			if !(c.v >= 0 && c.v <= 10) {
				errs = append(errs, fmt.Errorf("%s:%d: discrepancy.%s %v: want a value from 0 to 10", path, discrepancyLine(&doc), c.name, c.v))
			}
		}
	}
	return &t, errs
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// discrepancyLine returns the line of the document's discrepancy block.
func discrepancyLine(doc *yaml.Node) int {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "discrepancy" {
				return root.Content[i].Line
			}
		}
	}
	return 0
}

// targetLines returns the line of each entry of the document's targets list.
func targetLines(doc *yaml.Node) []int {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "targets" && root.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, item := range root.Content[i+1].Content {
				lines = append(lines, item.Line)
			}
			return lines
		}
	}
	return nil
}

// additive reports whether a metric's values add up over sites: counts,
// and mean numbers of patients, beds or places in use (the sites' mean
// NCTR counts sum to the system's); not shares, waits or stays.
func additive(d metric.Def) bool {
	switch {
	case d.Format == metric.Count:
		return true
	case d.Format == metric.Decimal:
		return d.Unit == "patients" || d.Unit == "beds" || d.Unit == "places" || d.Unit == "referrals"
	}
	return false
}

// Check reports targets whose sites sc lacks ("all" is the system), each
// with its file line, before anything runs.
func (t *Targets) Check(sc *scenario.Scenario) error {
	var errs []error
	for _, tg := range t.Targets {
		for _, site := range tg.Sites {
			if _, ok := sc.Sites[site]; !ok && site != model.SystemSite {
				errs = append(errs, fmt.Errorf("%s:%d: target %q: no site %q in %s (its sites: %s, or %s)", tg.File, tg.Line, tg.Name, site,
					sc.Name, strings.Join(slices.Sorted(maps.Keys(sc.Sites)), ", "), model.SystemSite))
			}
		}
	}
	return errors.Join(errs...)
}

// Row is one target's verdict.
type Row struct {
	Target
	stats.Summary
	// Verdict is "ok" when the simulated mean lies in the target range,
	// else "low" or "high". The 95% interval is shown beside it but does
	// not decide: with enough replications any interval is narrow, and a
	// wide one should not pass a target the mean misses.
	Verdict string
}

// Met reports whether the simulated mean lies in the target range.
func (r Row) Met() bool { return r.Verdict == "ok" }

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
		switch {
		case s.Mean < tg.Low:
			verdict = "low"
		case s.Mean > tg.High:
			verdict = "high"
		}
		rows = append(rows, Row{Target: tg, Summary: s, Verdict: verdict})
	}
	return rows, nil
}

// Tally counts the targets met, independent and fitted apart.
type Tally struct {
	Independent, IndependentMet int
	Fitted, FittedMet           int
}

// Count tallies rows.
func Count(rows []Row) Tally {
	var c Tally
	for _, r := range rows {
		if r.Independent() {
			c.Independent++
			if r.Met() {
				c.IndependentMet++
			}
			continue
		}
		c.Fitted++
		if r.Met() {
			c.FittedMet++
		}
	}
	return c
}

// Values returns the value of every target in one replication, in the
// targets' order; days is the length of the recorded period in days.
func Values(t *Targets, r *model.Result, days float64) ([]float64, error) {
	out := make([]float64, len(t.Targets))
	for i, tg := range t.Targets {
		v, err := value(tg, r, days)
		if err != nil {
			return nil, fmt.Errorf("target %q: %w", tg.Name, err)
		}
		out[i] = v
	}
	return out, nil
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
	v, err := sum(tg.Metric)
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
