package priors

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Ensemble is a list of parameter sets for one base scenario: usually the
// plausible set history matching leaves, for commands that carry
// parameter uncertainty into their answers by running each member. Its
// file reads
//
//	# written by history matching
//	scenario: scenarios/notts/baseline.yaml
//	priors: scenarios/notts/calibration/priors.yaml
//	members:
//	  - name: w3-p0017
//	    values: {nuh_hub_assessment: 1.27, tertiary_arrivals: 11210, …}
//	    set:
//	      - sites.qmc.hub.assessment.mean=19.685h
//	      - …
//
// set is what loads the member (the --set syntax, applied in order to the
// scenario); values are the priors' values for people and plots, each in
// the unit its prior's min was written in.
type Ensemble struct {
	// Scenario and Priors are the files the members were drawn from, as
	// paths the writer chose; informative, not needed to load a member.
	Scenario, Priors string
	// Members are the parameter sets, in order.
	Members []Member
}

// Member is one parameter set.
type Member struct {
	// Name identifies the member, unique within its ensemble.
	Name string
	// Values are the priors' values, in display units.
	Values []Value
	// Set are the overrides that load the member.
	Set []scenario.Override
	// Line is the member's line in the file it was read from (0 if
	// built in code).
	Line int
}

// Value is one named number.
type Value struct {
	Name  string
	Value float64
}

// Member returns the ensemble member named name at the point u of the
// hypercube.
func (s *Space) Member(name string, u []float64) (Member, error) {
	x, err := s.Values(u)
	if err != nil {
		return Member{}, err
	}
	m := Member{Name: name, Set: s.overridesAt(x)}
	for i, pr := range s.File.Priors {
		m.Values = append(m.Values, Value{Name: pr.Name, Value: pr.Display(x[i])})
	}
	return m, nil
}

// Write writes e as YAML; the same ensemble always gives the same bytes.
func (e *Ensemble) Write(w io.Writer) error {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	num := func(x float64) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'g', -1, 64)}
	}
	root := &yaml.Node{Kind: yaml.MappingNode, HeadComment: "flowsim ensemble: parameter sets, each loaded by applying its set to the scenario"}
	if e.Scenario != "" {
		root.Content = append(root.Content, str("scenario"), str(e.Scenario))
	}
	if e.Priors != "" {
		root.Content = append(root.Content, str("priors"), str(e.Priors))
	}
	members := &yaml.Node{Kind: yaml.SequenceNode}
	for _, m := range e.Members {
		vals := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		for _, v := range m.Values {
			if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
				return fmt.Errorf("ensemble member %s: %s is %v", m.Name, v.Name, v.Value)
			}
			vals.Content = append(vals.Content, str(v.Name), num(v.Value))
		}
		set := &yaml.Node{Kind: yaml.SequenceNode}
		for _, o := range m.Set {
			set.Content = append(set.Content, str(o.String()))
		}
		members.Content = append(members.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			str("name"), str(m.Name), str("values"), vals, str("set"), set,
		}})
	}
	root.Content = append(root.Content, str("members"), members)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return fmt.Errorf("write ensemble: %w", err)
	}
	return enc.Close()
}

// ReadEnsemble reads the ensemble file at path. Errors are a
// scenario.Errors, each "file:line: field: message".
func ReadEnsemble(path string) (*Ensemble, error) {
	data, err := inputfile.ReadFile(path, inputfile.Ensemble)
	if err != nil {
		return nil, scenario.Errors{{File: path, Msg: inputfile.Reason(err), Err: err}}
	}
	return ParseEnsemble(path, data)
}

// ParseEnsemble parses an ensemble file's contents; name is used in
// messages.
func ParseEnsemble(name string, data []byte) (*Ensemble, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, scenario.Errors{{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	p := &parser{file: name}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, scenario.Errors{{File: name, Msg: "want a mapping with a members list"}}
	}
	root := doc.Content[0]
	e := &Ensemble{}
	var members *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "scenario":
			e.Scenario = v.Value
		case "priors":
			e.Priors = v.Value
		case "members":
			members = v
		default:
			p.add(k.Line, k.Value, "unknown field (want scenario, priors, members)")
		}
	}
	if members == nil || members.Kind != yaml.SequenceNode || len(members.Content) == 0 {
		p.add(root.Line, "members", "missing or empty: want a list of members")
		return nil, p.errs
	}
	seen := map[string]int{}
	for i, n := range members.Content {
		field := fmt.Sprintf("members[%d]", i)
		if n.Kind != yaml.MappingNode {
			p.add(n.Line, field, "want a mapping with name, values and set")
			continue
		}
		m := Member{Line: n.Line}
		var set *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			k, v := n.Content[j], n.Content[j+1]
			switch k.Value {
			case "name":
				m.Name = v.Value
			case "values":
				if v.Kind != yaml.MappingNode {
					p.add(v.Line, field+".values", "want a mapping of prior names to numbers")
					continue
				}
				for c := 0; c+1 < len(v.Content); c += 2 {
					x, err := strconv.ParseFloat(v.Content[c+1].Value, 64)
					if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
						p.add(v.Content[c+1].Line, field+".values."+v.Content[c].Value, "want a finite number, got %q", v.Content[c+1].Value)
						continue
					}
					m.Values = append(m.Values, Value{Name: v.Content[c].Value, Value: x})
				}
			case "set":
				set = v
			default:
				p.add(k.Line, field+"."+k.Value, "unknown field (want name, values, set)")
			}
		}
		if m.Name == "" {
			p.add(n.Line, field+".name", "missing")
		} else if first, dup := seen[m.Name]; dup {
			p.add(n.Line, field+".name", "%q used twice (first at line %d)", m.Name, first)
		}
		seen[m.Name] = n.Line
		if set == nil || set.Kind != yaml.SequenceNode {
			p.add(n.Line, field+".set", "missing: want a list of PATH=VALUE overrides")
			continue
		}
		for _, c := range set.Content {
			if c.Kind != yaml.ScalarNode {
				p.add(c.Line, field+".set", "want PATH=VALUE, got %q", c.Value)
				continue
			}
			o, err := scenario.ParseOverride(c.Value)
			if err != nil {
				p.add(c.Line, field+".set", "%s", err)
				continue
			}
			m.Set = append(m.Set, o)
		}
		e.Members = append(e.Members, m)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return e, nil
}
