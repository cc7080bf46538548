package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/report"
	"github.com/flowsim/flowsim/sim/scenario"
)

// checkResult is what checking a changed scenario found: the messages
// "flowsim validate" would print for the intervention file, and the file.
type checkResult struct {
	Changed  int      `json:"changed"`
	Errors   []string `json:"errors"`
	Warnings []string `json:"warnings"`
	// Fields are the errors about one setting, by its path, for showing
	// beside its input.
	Fields map[string][]string `json:"fields"`
	// Missing are changed settings without a source grade or comment,
	// which a save refuses.
	Missing []string `json:"missing"`
	File    string   `json:"file"` // where the file would be saved
	YAML    string   `json:"yaml"`
}

// field records msg as an error about the setting at path.
func (c *checkResult) field(path, msg string) {
	if c.Fields == nil {
		c.Fields = map[string][]string{}
	}
	c.Fields[path] = append(c.Fields[path], msg)
}

// OK reports whether the intervention is valid.
func (c *checkResult) OK() bool { return len(c.Errors) == 0 }

// saveNameRE is the name of a saved intervention: its file name without
// .yaml.
var saveNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// draftName is the file name a check uses when the form names none yet.
const draftName = "untitled"

// edit is a submitted scenario form: the scenario it changes, the
// settings as the form holds them, and the save's name and description.
type edit struct {
	base        ref
	name, desc  string
	fields      []*field
	src         *report.Sources
	badName     string
	targetPath  string
	extendsPath string
}

// parseEdit reads the form of a request that has passed CheckWrite.
func (s *Server) parseEdit(base ref, form url.Values) (*edit, error) {
	src, err := report.ReadSources(base.Path)
	if err != nil {
		return nil, err
	}
	e := &edit{base: base, src: src, name: strings.TrimSpace(form.Get("name")), desc: strings.TrimSpace(form.Get("description"))}
	for _, g := range s.groups(src) {
		for _, f := range g.all() {
			if vs, ok := form["v:"+f.Path]; ok && len(vs) > 0 {
				f.Value = strings.TrimSpace(vs[0])
			}
			f.Changed = f.Value != f.Base
			f.NewGrade = strings.TrimSpace(form.Get("g:" + f.Path))
			f.NewComment = strings.TrimSpace(form.Get("c:" + f.Path))
			e.fields = append(e.fields, f)
		}
	}
	file := e.name
	if file == "" || !saveNameRE.MatchString(file) {
		if file != "" {
			e.badName = file
		}
		file = draftName
	}
	e.targetPath = filepath.Join(s.cfg.Mine, file+".yaml")
	e.extendsPath, err = inputfile.RelativeTo(filepath.Dir(e.targetPath), base.Path)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// check builds the intervention file and checks it as "flowsim validate"
// does: scenario.LoadBytes with the name it will be saved under (so that
// extends: resolves as it will on disk), then model.Prepare.
func (e *edit) check() *checkResult {
	c := &checkResult{File: e.targetPath}
	data, errs, byField := e.yaml()
	c.YAML = string(data)
	for path, msg := range byField {
		c.field(path, msg)
	}
	for _, f := range e.fields {
		if !f.Changed {
			continue
		}
		c.Changed++
		if !validGrade(f.NewGrade) || f.NewComment == "" {
			c.Missing = append(c.Missing, f.Path)
		}
	}
	if len(errs) > 0 {
		c.Errors = errs
		return c
	}
	warnings, err := Validate(e.targetPath, data)
	if err != nil {
		c.Errors = strings.Split(err.Error(), "\n")
		var es scenario.Errors
		if errors.As(err, &es) {
			for _, fe := range es {
				if fe.Field != "" {
					c.field(fe.Field, fe.Error())
				}
			}
		}
	}
	for _, w := range warnings {
		c.Warnings = append(c.Warnings, "warning: "+w.Error())
	}
	return c
}

// Validate checks a scenario file's bytes as "flowsim validate" does:
// scenario.LoadBytes, then model.Prepare, which reads what a run reads
// beyond the file (the census). name is where the file is, or will be
// saved. The error's lines are validate's messages; the warnings are the
// ones validate prints after "warning: ".
func Validate(name string, data []byte) (warnings []*scenario.Error, err error) {
	sc, err := scenario.LoadBytes(name, data)
	if err != nil {
		return nil, err
	}
	if _, err := model.Prepare(sc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return sc.Warnings, nil
}

// validGrade reports whether g is a source grade: S, P, D or E, or a
// combination such as "S/D".
func validGrade(g string) bool {
	for _, part := range strings.Split(g, "/") {
		if len(part) != 1 || !strings.Contains("SPDE", part) {
			return false
		}
	}
	return g != ""
}

// yaml writes the intervention: extends: the base, a name and
// description, and each changed setting with the source comment the
// planner typed. errs are settings whose typed value is not YAML.
func (e *edit) yaml() (data []byte, errs []string, byField map[string]string) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	name := e.name
	if name == "" || e.badName != "" {
		name = draftName
	}
	root.HeadComment = "Saved by flowsim serve: " + e.base.Path + " with the changes below."
	addPair(root, "extends", str(e.extendsPath))
	addPair(root, "name", str(name))
	if e.desc != "" {
		addPair(root, "description", str(e.desc))
	}
	byField = map[string]string{}
	for _, f := range e.fields {
		if !f.Changed {
			continue
		}
		v, err := valueNode(f)
		if err != nil {
			msg := fmt.Sprintf("%s: %s: %v", e.targetPath, f.Path, err)
			errs = append(errs, msg)
			byField[f.Path] = msg
			continue
		}
		if f.NewGrade != "" || f.NewComment != "" {
			v.LineComment = "# " + strings.TrimSpace(f.NewGrade+": "+oneLine(f.NewComment))
		}
		set(root, strings.Split(f.Path, "."), v)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		errs = append(errs, err.Error())
	}
	_ = enc.Close()
	return b.Bytes(), errs, byField
}

// valueNode is the YAML of a typed value: text the schema says is a
// string (a window, a date, a name) stays a string; anything else is read
// as YAML, so that 130 is a number, [mon, tue] a list and
// {dist: lognormal, …} a distribution, as the planner would write them.
func valueNode(f *field) (*yaml.Node, error) {
	if f.Value == "" {
		return nil, errors.New("no value (write ~ to remove the setting)")
	}
	if f.Schema.Kind == "Window" || f.Schema.Kind == "Date" {
		return str(f.Value), nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(f.Value), &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("cannot read %q: write a number, a value with its unit, or a flow mapping such as {dist: lognormal, median: 7d, p95: 45d}", f.Value)
	}
	n := doc.Content[0]
	flow(n)
	return n, nil
}

// flow writes n's collections on one line, as the shipped files do.
func flow(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		flow(c)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func addPair(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// set puts v at path under mapping m, creating the mappings between.
func set(m *yaml.Node, path []string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == path[0] {
			if len(path) == 1 {
				m.Content[i+1] = v
				return
			}
			if m.Content[i+1].Kind == yaml.MappingNode {
				set(m.Content[i+1], path[1:], v)
				return
			}
		}
	}
	if len(path) == 1 {
		addPair(m, path[0], v)
		return
	}
	child := &yaml.Node{Kind: yaml.MappingNode}
	addPair(m, path[0], child)
	set(child, path[1:], v)
}

// editPage handles the scenario form without JavaScript: "check" shows the
// messages; "save" writes the intervention and opens it.
func (s *Server) editPage(w http.ResponseWriter, r *http.Request) {
	if err := s.CheckWrite(r); err != nil {
		http.Error(w, err.Error(), writeStatus(err))
		return
	}
	rf, ok := s.lookupRef(w, r)
	if !ok {
		return
	}
	e, err := s.parseEdit(rf, r.PostForm)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	c := e.check()
	if r.PostFormValue("action") == "save" {
		saved, err := s.save(e, c)
		if err == nil {
			http.Redirect(w, r, "/scenario/"+saved.ID()+"?saved=1", http.StatusSeeOther)
			return
		}
		c.Errors = append(c.Errors, err.Error())
	}
	v, err := s.view(rf)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	for _, f := range e.fields {
		f.Errors = c.Fields[f.Path]
	}
	v.Groups = regroup(v.Groups, e.fields)
	v.SaveName, v.SaveDescription, v.Check = e.name, e.desc, c
	status := http.StatusOK
	if !c.OK() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, status, "scenario", v.Entry.Name, v)
}

// regroup puts the submitted fields in the page's groups.
func regroup(groups []*group, fields []*field) []*group {
	by := map[string]*field{}
	for _, f := range fields {
		by[f.Path] = f
	}
	for _, g := range groups {
		for _, list := range [][]*field{g.Fields, g.Unset} {
			for i, f := range list {
				if nf := by[f.Path]; nf != nil {
					list[i] = nf
				}
			}
		}
	}
	return groups
}

// validateJSON is live validation: the form as it stands, checked, as
// JSON.
func (s *Server) validateJSON(w http.ResponseWriter, r *http.Request) {
	if err := s.CheckWrite(r); err != nil {
		writeJSON(w, writeStatus(err), map[string]string{"error": err.Error()})
		return
	}
	rf, err := s.resolve(r.PostFormValue("base"))
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, errNotFound) {
			status = http.StatusNotFound
		}
		writeJSON(w, status, map[string]string{"error": "base: " + err.Error()})
		return
	}
	e, err := s.parseEdit(rf, r.PostForm)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, e.check())
}

// writeStatus is the status of a request CheckWrite refused, or whose
// body was too large.
func writeStatus(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusForbidden
}

// save writes e's intervention to the planner's directory under a new
// name: refused if the check failed, if a changed setting has no source
// grade and comment, or if the name is taken (never overwritten). The
// file is written to a temporary file and linked into place, so it
// appears whole or not at all.
func (s *Server) save(e *edit, c *checkResult) (ref, error) {
	switch {
	case e.name == "":
		return ref{}, errors.New("save: give the intervention a name")
	case e.badName != "":
		return ref{}, fmt.Errorf("save: name %q: use lower-case letters, digits, - and _ (up to 64), starting with a letter or digit", e.badName)
	case c.Changed == 0:
		return ref{}, errors.New("save: nothing is changed: an intervention states what it changes")
	case !c.OK():
		return ref{}, errors.New("save: fix the problems above first")
	case len(c.Missing) > 0:
		return ref{}, fmt.Errorf("save: each changed value needs its source: a grade (S, P, D or E) and a comment saying where the number comes from; missing for %s", strings.Join(c.Missing, ", "))
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if err := os.MkdirAll(s.cfg.Mine, 0o755); err != nil {
		return ref{}, fmt.Errorf("save: %w", err)
	}
	if err := createNew(e.targetPath, []byte(c.YAML)); err != nil {
		return ref{}, fmt.Errorf("save: %w", err)
	}
	return s.resolveIn(kindMine, e.name+".yaml")
}

// createNew writes data to a new file at path, atomically, and fails if
// path exists: the bytes go to a temporary file beside it, synced, which
// is then hard-linked to path (which fails rather than replace a file).
func createNew(path string, data []byte) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists: choose another name (saved files are never overwritten)", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".flowsim-save-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists: choose another name (saved files are never overwritten)", path)
		}
		return err
	}
	return nil
}
