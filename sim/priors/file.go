package priors

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Dist is the shape of a prior over its box [Min, Max].
type Dist int

// The distributions a prior may have. Each is truncated to [Min, Max],
// which is also the box history matching explores.
const (
	// Uniform: every value in [Min, Max] equally likely.
	Uniform Dist = iota
	// LogUniform: log x uniform, for factors and rates known to within a
	// ratio; Min must be > 0.
	LogUniform
	// Triangular: density rising linearly from Min to Mode and falling
	// to Max.
	Triangular
	// Normal: a normal of Mean and SD truncated to [Min, Max].
	Normal
)

var distNames = []string{"uniform", "loguniform", "triangular", "normal"}

// String returns the name used in priors files.
func (d Dist) String() string {
	if d >= 0 && int(d) < len(distNames) {
		return distNames[d]
	}
	return "Dist(" + strconv.Itoa(int(d)) + ")"
}

// Kind is what a prior's numbers measure, as the scenario writes them.
type Kind int

// The kinds of value.
const (
	// Number: a bare number (a count, share, factor or scale).
	Number Kind = iota
	// Duration: a length of time, held in hours ("30h", "6.5d").
	Duration
	// Rate: events per hour ("29273/y").
	Rate
)

// Prior is one uncertain number and where it goes in the scenario.
type Prior struct {
	// Name identifies the prior in outputs (a CSV column): letters,
	// digits and underscores, starting with a letter.
	Name string
	// Paths are the scenario values the prior sets (the --set syntax).
	Paths []scenario.Path
	// Scale: the prior is a factor applied to each path's base value,
	// and Min … SD are bare factors.
	Scale bool
	// Integer rounds each value written to the nearest whole number.
	Integer bool
	// Rest is the key of a sibling share, beside each path, that takes
	// up the change so that the shares still sum to 1; "" for none.
	Rest string
	// Dist is the prior's shape.
	Dist Dist
	// Min and Max bound the box; Mode (triangular), Mean and SD (normal)
	// shape the prior inside it. Durations are in hours and rates per
	// hour, whatever unit the file used.
	Min, Max, Mode, Mean, SD float64
	// Kind is what Min … SD measure: Number for a scale prior.
	Kind Kind
	// Unit is the unit Min was written in ("h", "d", "/y"; "" for a
	// number): Display converts a value to it.
	Unit string
	// Source says where the range comes from; Grade is S, P, D, E or a
	// combination such as P/E.
	Source, Grade string
	// File is the file of the extends chain the prior is in, and Line
	// the line of its entry there.
	File string
	Line int
}

// File is a parsed priors file.
type File struct {
	// Name is the file's path, for messages.
	Name string
	// Priors are the uncertain parameters, in file order: the order of
	// the dimensions of the unit hypercube. A file that extends another
	// (extends: NAME, relative to its directory) has that file's priors
	// first, then its own.
	Priors []Prior
	// Files are the files read, those extended first and Name last:
	// what the priors depend on.
	Files []string
}

// Load reads and parses the priors file at path and the files it
// extends. Errors are a scenario.Errors, each "file:line: field: message".
func Load(path string) (*File, error) {
	chain, err := inputfile.ReadChain(path, inputfile.Priors, inputfile.ExtendsKey("priors file"))
	if err != nil {
		if ce, ok := errors.AsType[*inputfile.ChainError](err); ok {
			return nil, scenario.Errors{{File: ce.Path, Line: ce.Line, Field: "extends", Msg: ce.Msg, Err: err}}
		}
		return nil, scenario.Errors{{File: path, Msg: inputfile.Reason(err), Err: err}}
	}
	f := &File{Name: path}
	var errs scenario.Errors
	names := map[string]*Prior{}
	paths := map[string]*Prior{}
	for _, link := range chain {
		own, err := Parse(link.Path, link.Data)
		if err != nil {
			if es, ok := errors.AsType[scenario.Errors](err); ok {
				errs = append(errs, es...)
			} else {
				errs = append(errs, &scenario.Error{File: link.Path, Msg: err.Error(), Err: err})
			}
			continue
		}
		f.Files = append(f.Files, link.Path)
		for i := range own.Priors {
			pr := &own.Priors[i]
			if first, dup := names[pr.Name]; dup {
				errs = append(errs, &scenario.Error{File: pr.File, Line: pr.Line, Field: pr.Name,
					Msg: fmt.Sprintf("also a prior of %s:%d; a file that extends another adds priors, it does not replace them", first.File, first.Line)})
			}
			names[pr.Name] = pr
			for _, path := range pr.Paths {
				if other, dup := paths[path.String()]; dup && other.File != pr.File {
					errs = append(errs, &scenario.Error{File: pr.File, Line: pr.Line, Field: pr.Name + ".path",
						Msg: fmt.Sprintf("%s is also set by %s (%s:%d)", path, other.Name, other.File, other.Line)})
				}
				paths[path.String()] = pr
			}
		}
		f.Priors = append(f.Priors, own.Priors...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return f, nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// Parse parses a priors file's contents; name is used in messages. It
// checks everything that does not need the scenario: fields, units,
// ranges, sources and grades. Space checks the paths.
func Parse(name string, data []byte) (*File, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, scenario.Errors{{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	p := &parser{file: name}
	f := &File{Name: name}
	if len(doc.Content) == 0 {
		return nil, scenario.Errors{{File: name, Msg: "empty file: want a mapping with a priors list"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, scenario.Errors{{File: name, Line: root.Line, Msg: "want a mapping with a priors list"}}
	}
	var list *yaml.Node
	hasBase := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "priors":
			list = v
		case "extends":
			// Load follows it; here it only has to be a name.
			if v.Tag != "!!null" && (v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "") {
				p.add(v.Line, "extends", "want the name of a priors file")
			}
			hasBase = v.Tag != "!!null"
		default:
			// Comments describe the file: a description key would make
			// it look like a scenario to tools that sniff YAML files.
			p.add(k.Line, k.Value, "unknown field (want priors and optionally extends; describe the file in comments)")
		}
	}
	switch {
	case list == nil && hasBase:
		// A file that extends another may add no priors of its own.
	case list == nil:
		p.add(root.Line, "priors", "missing: list the uncertain parameters")
	case list.Kind != yaml.SequenceNode:
		p.add(list.Line, "priors", "want a list of priors")
	}
	if list != nil && list.Kind == yaml.SequenceNode {
		seen := map[string]int{}
		paths := map[string]string{}
		for i, n := range list.Content {
			pr, ok := p.prior(i, n)
			if !ok {
				continue
			}
			if line, dup := seen[pr.Name]; dup {
				p.add(pr.Line, pr.Name, "name used twice (first at line %d)", line)
			}
			seen[pr.Name] = pr.Line
			for _, path := range pr.Paths {
				s := path.String()
				if other, dup := paths[s]; dup {
					p.add(pr.Line, pr.Name+".path", "%s is also set by %s", s, other)
				}
				paths[s] = pr.Name
			}
			f.Priors = append(f.Priors, pr)
		}
		if len(list.Content) == 0 {
			p.add(list.Line, "priors", "empty list")
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return f, nil
}

type parser struct {
	file string
	errs scenario.Errors
}

func (p *parser) add(line int, field, format string, args ...any) {
	p.errs = append(p.errs, &scenario.Error{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// quantity is a number as written, with its kind and unit.
type quantity struct {
	v    float64
	kind Kind
	unit string
	set  bool
	line int
}

// parseQuantity reads "0.5", "8h" or "29273/y".
func parseQuantity(s string) (quantity, error) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return quantity{}, fmt.Errorf("want a finite number, got %q", s)
		}
		return quantity{v: v, kind: Number, set: true}, nil
	}
	if strings.Contains(s, "/") {
		r, err := scenario.ParseRate(s)
		if err != nil {
			return quantity{}, err
		}
		_, unit, _ := strings.Cut(s, "/")
		return quantity{v: float64(r), kind: Rate, unit: "/" + strings.TrimSpace(unit), set: true}, nil
	}
	d, err := scenario.ParseDuration(s)
	if err != nil {
		return quantity{}, fmt.Errorf("want a number, a duration such as 8h or a rate such as 29273/y: %w", err)
	}
	unit := strings.TrimLeft(strings.TrimSpace(s), "+-0123456789.eE")
	return quantity{v: float64(d), kind: Duration, unit: unit, set: true}, nil
}

var grades = []string{"S", "P", "D", "E"}

func (p *parser) prior(i int, n *yaml.Node) (Prior, bool) {
	field := fmt.Sprintf("priors[%d]", i)
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, field, "want a mapping with name, path, min, max, source and grade")
		return Prior{}, false
	}
	before := len(p.errs)
	pr := Prior{File: p.file, Line: n.Line}
	q := map[string]*quantity{"min": {}, "max": {}, "mode": {}, "mean": {}, "sd": {}}
	var dist string
	var pathNode *yaml.Node
	for j := 0; j+1 < len(n.Content); j += 2 {
		if k, v := n.Content[j], n.Content[j+1]; k.Value == "name" && v.Kind == yaml.ScalarNode && nameRE.MatchString(v.Value) {
			field = v.Value
		}
	}
	lines := map[string]int{}
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, v := n.Content[j], n.Content[j+1]
		if first, dup := lines[k.Value]; dup {
			p.add(k.Line, field+"."+k.Value, "given twice (first at line %d)", first)
			continue
		}
		lines[k.Value] = k.Line
		scalar := func() (string, bool) {
			if v.Kind != yaml.ScalarNode {
				p.add(v.Line, field+"."+k.Value, "want a single value")
				return "", false
			}
			return v.Value, true
		}
		boolean := func(dst *bool) {
			if s, ok := scalar(); ok {
				b, err := strconv.ParseBool(s)
				if err != nil {
					p.add(v.Line, field+"."+k.Value, "want true or false, got %q", s)
				}
				*dst = b
			}
		}
		switch k.Value {
		case "name":
			if s, ok := scalar(); ok {
				pr.Name = s
			}
		case "path", "paths":
			pathNode = v
		case "dist":
			if s, ok := scalar(); ok {
				dist = s
			}
		case "min", "max", "mode", "mean", "sd":
			if s, ok := scalar(); ok {
				x, err := parseQuantity(s)
				if err != nil {
					p.add(v.Line, field+"."+k.Value, "%s", err)
					continue
				}
				x.line = v.Line
				*q[k.Value] = x
			}
		case "scale":
			boolean(&pr.Scale)
		case "integer":
			boolean(&pr.Integer)
		case "rest":
			if s, ok := scalar(); ok {
				pr.Rest = s
			}
		case "source":
			if s, ok := scalar(); ok {
				pr.Source = strings.TrimSpace(s)
			}
		case "grade":
			if s, ok := scalar(); ok {
				pr.Grade = strings.TrimSpace(s)
			}
		default:
			p.add(k.Line, field+"."+k.Value, "unknown field (want name, path, dist, min, max, mode, mean, sd, scale, integer, rest, source, grade)")
		}
	}
	if pr.Name != "" {
		if !nameRE.MatchString(pr.Name) {
			p.add(lines["name"], field+".name", "want letters, digits and _ starting with a letter, got %q", pr.Name)
		}
	} else {
		p.add(n.Line, field+".name", "missing: name the prior (it heads its column in outputs)")
	}
	at := func(key string) int {
		if l, ok := lines[key]; ok {
			return l
		}
		return n.Line
	}

	// Paths.
	var texts []string
	switch {
	case pathNode == nil:
		p.add(n.Line, field+".path", "missing: the scenario value(s) this prior sets, as in --set")
	case pathNode.Kind == yaml.ScalarNode:
		texts = []string{pathNode.Value}
	case pathNode.Kind == yaml.SequenceNode && len(pathNode.Content) > 0:
		for _, c := range pathNode.Content {
			if c.Kind != yaml.ScalarNode {
				p.add(c.Line, field+".path", "want a path such as sites.qmc.beds.capacity")
				continue
			}
			texts = append(texts, c.Value)
		}
	default:
		p.add(pathNode.Line, field+".path", "want a path or a list of paths")
	}
	for _, s := range texts {
		path, err := scenario.ParsePath(s)
		if err != nil {
			p.add(pathNode.Line, field+".path", "%s", err)
			continue
		}
		pr.Paths = append(pr.Paths, path)
	}

	// Distribution and box.
	if dist == "" {
		dist = "uniform"
	}
	if d := slices.Index(distNames, dist); d >= 0 {
		pr.Dist = Dist(d)
	} else {
		p.add(at("dist"), field+".dist", "unknown distribution %q (want %s)", dist, strings.Join(distNames, ", "))
	}
	for _, key := range []string{"min", "max"} {
		if !q[key].set {
			p.add(n.Line, field+"."+key, "missing: every prior needs min and max, the box history matching explores")
		}
	}
	need := map[Dist][]string{Triangular: {"mode"}, Normal: {"mean", "sd"}}[pr.Dist]
	for _, key := range []string{"mode", "mean", "sd"} {
		switch {
		case slices.Contains(need, key) && !q[key].set:
			p.add(n.Line, field+"."+key, "missing: a %s prior needs %s", pr.Dist, strings.Join(need, " and "))
		case !slices.Contains(need, key) && q[key].set:
			p.add(q[key].line, field+"."+key, "a %s prior takes no %s", pr.Dist, key)
		}
	}
	// One kind for every number; a bare 0 goes with any unit.
	kind, unit := Number, ""
	for _, key := range []string{"min", "max", "mode", "mean", "sd"} {
		x := q[key]
		if !x.set || x.kind == Number {
			continue
		}
		if kind != Number && x.kind != kind {
			p.add(x.line, field+"."+key, "a %s, but min and max are %ss: write every number of a prior in the same kind of unit", kindName(x.kind), kindName(kind))
			continue
		}
		kind = x.kind
		if unit == "" {
			unit = x.unit
		}
	}
	for _, key := range []string{"min", "max", "mode", "mean", "sd"} {
		x := q[key]
		if x.set && kind != Number && x.kind == Number && x.v != 0 {
			p.add(x.line, field+"."+key, "missing unit: the prior's other numbers are %ss, so write this one as one too (as in %s)", kindName(kind), example(kind))
		}
	}
	if q["min"].set && q["min"].kind != Number && q["min"].unit != "" {
		unit = q["min"].unit
	}
	if pr.Scale && kind != Number {
		p.add(q["min"].line, field+".min", "a scale prior's numbers are bare factors of the base value, not %ss", kindName(kind))
	}
	pr.Kind, pr.Unit = kind, unit
	pr.Min, pr.Max, pr.Mode, pr.Mean, pr.SD = q["min"].v, q["max"].v, q["mode"].v, q["mean"].v, q["sd"].v
	if q["min"].set && q["max"].set {
		switch {
		case !(pr.Min < pr.Max):
			p.add(q["min"].line, field+".min", "min %s must be below max %s", pr.text(pr.Min), pr.text(pr.Max))
		case pr.Dist == LogUniform && !(pr.Min > 0):
			p.add(q["min"].line, field+".min", "a loguniform prior needs min > 0, got %s", pr.text(pr.Min))
		case pr.Dist == Triangular && q["mode"].set && (pr.Mode < pr.Min || pr.Mode > pr.Max):
			p.add(q["mode"].line, field+".mode", "mode %s must lie in [min, max] = [%s, %s]", pr.text(pr.Mode), pr.text(pr.Min), pr.text(pr.Max))
		case pr.Dist == Normal && q["sd"].set && !(pr.SD > 0):
			p.add(q["sd"].line, field+".sd", "must be > 0, got %s", pr.text(pr.SD))
		}
	}
	if pr.Rest != "" && !nameRE.MatchString(pr.Rest) {
		p.add(at("rest"), field+".rest", "want the key of a sibling share such as p0, got %q", pr.Rest)
	}
	if pr.Rest != "" && pr.Integer {
		p.add(at("rest"), field+".rest", "shares with a rest are fractions; integer: true cannot apply")
	}

	// Provenance.
	if pr.Source == "" {
		p.add(n.Line, field+".source", "missing: say where the range comes from (an estimate is a source when it says why)")
	}
	if pr.Grade == "" {
		p.add(n.Line, field+".grade", "missing: S, P, D or E (or a combination such as P/E)")
	} else {
		for g := range strings.SplitSeq(pr.Grade, "/") {
			if !slices.Contains(grades, strings.TrimSpace(g)) {
				p.add(at("grade"), field+".grade", "want S, P, D or E (or a combination such as P/E), got %q", pr.Grade)
				break
			}
		}
	}
	return pr, len(p.errs) == before
}

func kindName(k Kind) string {
	switch k {
	case Duration:
		return "duration"
	case Rate:
		return "rate"
	}
	return "number"
}

func example(k Kind) string {
	if k == Rate {
		return "29273/y"
	}
	return "8h"
}

// text writes x as the scenario would: "15.5h", "29273/y", "0.8".
func (pr *Prior) text(x float64) string { return formatValue(x, pr.Kind) }

// formatValue writes x of kind k in a form the scenario parses back
// exactly.
func formatValue(x float64, k Kind) string {
	switch k {
	case Duration:
		return scenario.Duration(x).String()
	case Rate:
		return scenario.Rate(x).String()
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Display converts x, a value of the prior in hours or per hour, to the
// unit its min was written in: hours to days for "d", per hour to per
// year for "/y". Numbers and factors are returned unchanged.
func (pr *Prior) Display(x float64) float64 {
	switch pr.Kind {
	case Duration:
		if d, err := scenario.ParseDuration("1" + pr.Unit); err == nil && d > 0 {
			return x / float64(d)
		}
	case Rate:
		if r, err := scenario.ParseRate("1" + pr.Unit); err == nil && r > 0 {
			return x / float64(r)
		}
	}
	return x
}

// ErrNoPriors is returned by NewSpace for a file without priors.
var ErrNoPriors = errors.New("no priors")
