package report

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestChecklistDescribesTheResolvedScenario: the checklist's components
// and logic items name the beds, SDEC chairs, hubs, pathway capacities
// and virtual wards of the scenario the manifest records.
func TestChecklistDescribesTheResolvedScenario(t *testing.T) {
	sc, err := scenario.Load("../../scenarios/notts/baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := sc.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	run := &plot.Run{Manifest: plot.Manifest{Manifest: &output.Manifest{Command: "run", Reps: 2, Seed: 1,
		Scenarios: []output.ScenarioEntry{{Name: sc.Name, Resolved: resolved}}}}}
	var text strings.Builder
	for _, s := range checklist(run, &Report{}) {
		for _, it := range s.Items {
			text.WriteString(strings.Join(it.Text, "\n") + "\n")
		}
	}
	got := text.String()
	var want []string
	hubs := 0
	for _, k := range slices.Sorted(maps.Keys(sc.Sites)) {
		st := sc.Sites[k]
		want = append(want, fmt.Sprintf("%s %d", k, st.Beds.Capacity))
		if st.SDEC != nil {
			want = append(want, fmt.Sprintf("%s (%d chairs)", k, st.SDEC.Chairs))
		}
		if st.Hub != nil {
			hubs++
			want = append(want, fmt.Sprintf("%s (%d days a week, %s)", k, st.Hub.Days, st.Hub.Hours))
		}
	}
	for k, vw := range sc.VirtualWards {
		want = append(want, fmt.Sprintf("%s %d", k, vw.Capacity))
	}
	want = append(want, fmt.Sprintf("from %d places", len(sc.Places)), "from "+sc.Start.String())
	if hubs == 0 || len(sc.VirtualWards) == 0 {
		t.Fatalf("the baseline has %d hubs and %d virtual wards; the test needs both", hubs, len(sc.VirtualWards))
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("checklist lacks %q", w)
		}
	}
}

// nottsComparison is a comparison run of the Nottinghamshire baseline
// against seven-day hubs, as its manifest would record it (no result
// files), with the scenario files named from this directory.
func nottsComparison(t *testing.T) *plot.Run {
	t.Helper()
	var entries []output.ScenarioEntry
	for i, f := range []string{"../../scenarios/notts/baseline.yaml", "../../scenarios/notts/toc-hubs-7day.yaml"} {
		sc, err := scenario.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		resolved, err := sc.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		role := "base"
		if i > 0 {
			role = "alternative"
		}
		entries = append(entries, output.ScenarioEntry{Name: sc.Name, File: f, Role: role, Resolved: resolved})
	}
	return &plot.Run{Dir: t.TempDir(), Manifest: plot.Manifest{Manifest: &output.Manifest{Command: "compare", Reps: 2, Seed: 1,
		Scenario: entries[0].Name, ScenarioFile: entries[0].File, Scenarios: entries}}}
}

// checklistItem returns the text of the checklist item with code.
func checklistItem(t *testing.T, run *plot.Run, r *Report, code string) string {
	t.Helper()
	for _, s := range checklist(run, r) {
		for _, it := range s.Items {
			if it.Code == code {
				return strings.Join(it.Text, "\n")
			}
		}
	}
	t.Fatalf("no checklist item %s", code)
	return ""
}

// TestScenarioLogicUsesEachDescription: STRESS item 2.3 gives every
// scenario of a comparison its own description, not the base's or a file
// comment.
func TestScenarioLogicUsesEachDescription(t *testing.T) {
	run := nottsComparison(t)
	r := &Report{}
	r.addSources(run, Options{})
	text := checklistItem(t, run, r, "2.3")
	for _, sc := range run.Manifest.Scenarios {
		d := resolvedScenario(sc.Resolved).Description
		if d == "" || !strings.Contains(text, sc.Name+" ("+sc.File+")") || !strings.Contains(text, d) {
			t.Errorf("2.3 does not describe %s as %q:\n%s", sc.Name, d, text)
		}
	}
	if !strings.Contains(text, "changing ") {
		t.Errorf("2.3 does not say how many settings the alternative changes:\n%s", text)
	}
}

// TestDataSourcesCiteFilesThatExist: every path STRESS item 3.1 cites
// opens — the scenario files and the documents their notes name, all in
// the repository (docs/calibration.md, docs/sources/) — and a document
// outside it (CONTEXT.md of the project's notes) is not cited.
func TestDataSourcesCiteFilesThatExist(t *testing.T) {
	run := nottsComparison(t)
	r := &Report{}
	r.addSources(run, Options{})
	if r.Sources == nil {
		t.Fatalf("no sources: %s", r.SourcesNote)
	}
	text := checklistItem(t, run, r, "3.1")
	// Grades such as S/D look like paths to the pattern; they are not.
	grade := regexp.MustCompile(`^[SPDE](?:/[SPDE])+$`)
	cited := pathToken.FindAllString(text, -1)
	for _, p := range cited {
		p = strings.TrimRight(p, ".")
		if grade.MatchString(p) {
			continue
		}
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			t.Errorf("3.1 cites %s, which does not open (%v):\n%s", p, err, text)
		}
	}
	for _, want := range []string{"../../scenarios/notts/baseline.yaml", "../../scenarios/notts/toc-hubs-7day.yaml", "../../docs/calibration.md",
		"../../docs/sources/seed-002-joint-forward-plan.txt", "../../docs/sources/context.md"} {
		if !slices.Contains(cited, want) && !slices.Contains(cited, want+".") {
			t.Errorf("3.1 does not cite %s (cites %v)", want, cited)
		}
	}
	if strings.Contains(text, "CONTEXT.md") {
		t.Errorf("3.1 cites CONTEXT.md, which is not in the repository:\n%s", text)
	}
}

// TestShippedCitationsOpen: every document a shipped scenario, target or
// prior names in its comments or sources — a word with a document's
// extension, or a path climbing out with ../ — opens from where the file
// is, as the report looks for it (citedFiles), so that no number's source
// points outside the repository.
func TestShippedCitationsOpen(t *testing.T) {
	doc := regexp.MustCompile(`\.(?:md|txt|pdf|csv|json|yaml|yml)$`)
	checked := 0
	err := filepath.WalkDir("../../scenarios", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".yaml" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, ref := range pathToken.FindAllString(line, -1) {
				ref = strings.TrimRight(ref, ".")
				if !doc.MatchString(ref) && !strings.HasPrefix(ref, "../") || strings.Contains(ref, "://") {
					continue
				}
				checked++
				if len(citedFiles(path, ref)) == 0 && !strings.HasSuffix(filepath.ToSlash(path), "/"+ref) { // a file may name itself
					t.Errorf("%s:%d cites %s, which does not open from there", path, i+1, ref)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Errorf("only %d citations checked: the walk missed the scenarios", checked)
	}
}
