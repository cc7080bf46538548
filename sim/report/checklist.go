package report

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/scenario"
)

// ChecklistSection is one section of the STRESS-DES checklist (Monks et
// al., 2019: Strengthening the reporting of empirical simulation studies,
// discrete-event simulation).
type ChecklistSection struct {
	Number int
	Title  string
	Items  []ChecklistItem
}

// ChecklistItem is one item: what the guideline asks and what this run
// says. ToDo marks items only the study's authors can complete.
type ChecklistItem struct {
	Code, Item string
	Text       []string
	ToDo       bool
}

// resolvedScenario decodes a manifest's resolved scenario through the
// scenario package; a missing or unreadable one gives an empty scenario,
// and the checklist then says less.
func resolvedScenario(raw json.RawMessage) *scenario.Scenario {
	if len(raw) > 0 {
		if sc, err := scenario.DecodeResolved(raw); err == nil {
			return sc
		}
	}
	return &scenario.Scenario{}
}

// checklist fills in the STRESS-DES items from the run.
func checklist(run *plot.Run, r *Report) []ChecklistSection {
	m := run.Manifest
	info := resolvedScenario(m.Scenarios[0].Resolved)
	sites := slices.Sorted(maps.Keys(info.Sites))
	var withED, withSDEC, withHub, withPathways, withElectives, withDischarge []string
	var beds []string
	for _, s := range sites {
		st := info.Sites[s]
		beds = append(beds, fmt.Sprintf("%s %d", s, st.Beds.Capacity))
		if st.ED != nil {
			withED = append(withED, s)
		}
		if st.SDEC != nil {
			withSDEC = append(withSDEC, fmt.Sprintf("%s (%d chairs)", s, st.SDEC.Chairs))
		}
		if st.Hub != nil {
			withHub = append(withHub, fmt.Sprintf("%s (%d days a week, %s)", s, st.Hub.Days, st.Hub.Hours))
		}
		if len(st.Pathways) > 0 {
			var pw []string
			for _, k := range slices.Sorted(maps.Keys(st.Pathways)) {
				pw = append(pw, fmt.Sprintf("%s %d", strings.ToUpper(k), st.Pathways[k].Capacity))
			}
			withPathways = append(withPathways, s+": "+strings.Join(pw, ", "))
		}
		if st.Electives != nil {
			withElectives = append(withElectives, s)
		}
		if st.Discharge != nil {
			withDischarge = append(withDischarge, s)
		}
	}
	list := func(xs []string) string {
		if len(xs) == 0 {
			return "none"
		}
		return strings.Join(xs, "; ")
	}

	purpose := "Estimate bed use, delayed discharges and waits for the scenario"
	if info.Description != "" {
		purpose += ": " + info.Description
	}
	aims := "A single scenario: its outputs with 95% confidence intervals over independent replications."
	switch m.Command {
	case "compare":
		alts := "alternative"
		if len(m.Scenarios) > 2 {
			alts = "alternatives"
		}
		aims = fmt.Sprintf("A paired comparison of %d %s with the base %s, with common random numbers: "+
			"every scenario sees the same patients (the i-th patient from a place has the same needs in every scenario), "+
			"so differences are estimated from paired replications.", len(m.Scenarios)-1, alts, r.Scenario.Name)
	case "sweep":
		aims = "A sweep over " + strings.Join(r.Scenario.Sets, "; ") + ", with common random numbers across the points."
	}

	var warmup []string
	warmup = append(warmup, fmt.Sprintf("Warm-up %s days, %s; every statistic leaves it out.", r.Scenario.WarmupDays, r.Scenario.WarmupMethod))
	if info.Census != "" {
		warmup = append(warmup, "The run starts from a census of patients in beds ("+info.Census+").")
	} else {
		warmup = append(warmup, "The run starts empty and idle; the occupancy figure shows the warm-up filling the beds.")
	}
	if m.WarmupAuto != nil {
		warmup = append(warmup, "MSER-5 (Franklin and White, 2008) on the pilot replications' daily series proposed the truncation point.")
	}

	reps := fmt.Sprintf("%d replications, each with its own random-number streams, seeded from master seed %d.", m.Reps, m.Seed)
	if m.Precision != nil {
		reps += fmt.Sprintf(" The count was chosen sequentially (--reps auto) until the 95%% CI half-width of %s was below %s (met: %v).",
			m.Precision.Metric, num(m.Precision.TargetHalfWidth), m.Precision.Met)
	}

	sections := []ChecklistSection{
		{Title: "Objectives", Items: []ChecklistItem{
			{Code: "1.1", Item: "Purpose of the model", Text: []string{purpose + ".",
				"State the decision this study informs and who asked for it."}, ToDo: true},
			{Code: "1.2", Item: "Model outputs", Text: []string{"The metrics in the key-metrics table (defined there), per site and for the whole system, measured after the warm-up; daily bed use, delays and pathway queues (figures); summary.csv, replications.csv and daily.csv hold them all."}},
			{Code: "1.3", Item: "Experimentation aims", Text: []string{aims}},
		}},
		{Title: "Logic", Items: []ChecklistItem{
			{Code: "2.1", Item: "Base model overview", Text: []string{
				fmt.Sprintf("Patients arrive from %d places (Poisson arrivals with hour, weekday and month profiles) at %d sites: %s.",
					len(info.Places), len(sites), strings.Join(sites, ", ")),
				"Emergency department (if modelled) → same-day emergency care (SDEC), a virtual ward, or a G&A bed → medically safe → home (P0) or, through the transfer-of-care hub, a P1–P3 discharge pathway; patients waiting for the hub or a pathway place stay in their acute bed (blocking after service)."}},
			{Code: "2.2", Item: "Base model logic", Text: []string{
				"Beds, SDEC chairs, hubs, pathway places and virtual wards are servers with first-in-first-out queues. Simple (P0) discharges happen within the ward's discharge hours, and on weekends only with the site's weekend chance; the hub works only its hours and days.",
				"ED: " + list(withED) + ". SDEC: " + list(withSDEC) + ". Hubs: " + list(withHub) + ". Discharge hours: " + list(withDischarge) + ". Electives: " + list(withElectives) + "."}},
			{Code: "2.3", Item: "Scenario logic", Text: scenarioLogic(run, r)},
			{Code: "2.4", Item: "Algorithms", Text: []string{"Lengths of stay and service times are sampled from the distributions in the parameter table (lognormal, gamma, Weibull, mixtures with zero-day stays, …); routing uses cohort shares. Arrivals are a non-homogeneous Poisson process sampled exactly by inversion of the cumulative rate."}},
			{Code: "2.5", Item: "Components", Text: []string{
				"Entities: patients, by cohort (" + list(slices.Sorted(maps.Keys(info.Cohorts))) + ").",
				"Resources: G&A beds (" + list(beds) + "); pathway capacities (" + list(withPathways) + "); virtual wards (" + list(vwList(info)) + ").",
				"Queues: FIFO for beds, SDEC, the hub and each pathway. Entry: arrivals from places, electives, readmissions. Exit: discharge home, from a pathway, from a virtual ward."}},
		}},
		{Title: "Data", Items: []ChecklistItem{
			{Code: "3.1", Item: "Data sources", Text: dataSources(r)},
			{Code: "3.2", Item: "Pre-processing", Text: []string{"Length-of-stay distributions can be fitted to patient-level extracts with flowsim fit (maximum likelihood, right-censoring, zero-day mixtures). Record here any fitting or cleaning done for this study."}, ToDo: true},
			{Code: "3.3", Item: "Input parameters", Text: []string{"Every parameter, its value and its source comment: see Parameters and sources below; manifest.json holds the fully resolved scenario as run."}},
			{Code: "3.4", Item: "Assumptions", Text: assumptions(r)},
		}},
		{Title: "Experimentation", Items: []ChecklistItem{
			{Code: "4.1", Item: "Initialisation", Text: warmup},
			{Code: "4.2", Item: "Run length", Text: []string{fmt.Sprintf("Horizon %s days including the warm-up: %s days reported, from %s.", r.Scenario.HorizonDays, r.Scenario.ReportDays, startDate(info))}},
			{Code: "4.3", Item: "Estimation approach", Text: []string{reps,
				"Each metric is averaged within a replication after the warm-up; the report gives the mean over replications with a 95% Student t confidence interval (summary.csv also has the SD and the 5th, 50th and 95th percentiles). Comparisons use the paired differences' t interval."}},
		}},
		{Title: "Implementation", Items: []ChecklistItem{
			{Code: "5.1", Item: "Software", Text: []string{fmt.Sprintf("flowsim %s, a discrete-event simulator written in Go (%s); figures by gonum/plot.", m.Version, firstNonEmpty(m.Run.GoVersion, "Go"))}},
			{Code: "5.2", Item: "Random sampling", Text: []string{"PCG generators; each replication and each purpose within it (arrivals per place, lengths of stay, routing, pathways) has its own stream derived by hashing (seed, replication, name). A patient's needs come from a stream keyed by their place and arrival number, so scenarios see the same patients (common random numbers)."}},
			{Code: "5.3", Item: "Model execution", Text: []string{"Event scheduling: one event calendar per replication (a 4-ary heap ordered by time, priority and insertion sequence, so ties are deterministic); same-instant events follow named priorities (a bed is freed before the next patient claims it). Replications run in parallel; results do not depend on the number of workers."}},
			{Code: "5.4", Item: "System specification", Text: []string{fmt.Sprintf("%d workers; %s s wall time; %s events.", m.Run.Workers, num(m.Run.WallSeconds), metric.Group(float64(m.Run.Events), 0))}},
		}},
		{Title: "Verification and validation", Items: []ChecklistItem{
			{Code: "V.1", Item: "Verification", Text: []string{
				"flowsim's test suite (make test) checks the engine against queueing theory: M/M/c mean waits against Erlang C and M/M/c/c losses against Erlang B, each inside the replications' 95% interval; Little's law (L = λW, Lq = λWq); exact conservation of patients (in at the start + arrivals = discharges + lost + in at the end); byte-identical outputs for any number of workers; the scenario loader is fuzzed."}},
			{Code: "V.2", Item: "Validation", Text: []string{
				"flowsim calibrate SCENARIO compares simulated figures with the calibration targets kept beside the scenario (for Nottinghamshire, scenarios/notts/calibration/targets.yaml: occupancy, delayed discharges, ED 4-hour performance, pathway mix). Report the comparison for this study's scenario here."}, ToDo: true},
		}},
		{Title: "Code access", Items: []ChecklistItem{
			{Code: "6.1", Item: "Computer model sharing statement", Text: append([]string{
				"flowsim is open source (module github.com/flowsim/flowsim). The scenario files, this run's manifest.json (scenario SHA-256 " + short(m.ScenarioSHA256) + ") and the command below reproduce every number in this report exactly:"},
				r.Rerun...)},
		}},
	}
	for i := range sections {
		sections[i].Number = i + 1
	}
	return sections
}

// startDate names the scenario's start date, if the manifest records one.
func startDate(sc *scenario.Scenario) string {
	if sc.Start == (scenario.Date{}) {
		return "the start date"
	}
	return sc.Start.String()
}

// scenarioLogic describes each scenario of a comparison in its own words:
// the description its resolved scenario carries, and how many settings
// its own files change when the parameter sources were read.
func scenarioLogic(run *plot.Run, r *Report) []string {
	m := run.Manifest
	switch {
	case m.Command == "compare" || len(r.Alternatives) > 0:
		var out []string
		for _, sc := range m.Scenarios {
			s := sc.Name
			if sc.File != "" {
				s += " (" + sc.File + ")"
			}
			switch sc.Role {
			case "base":
				s = "Base: " + s
			case "alternative":
				s = "Alternative: " + s
				if i := slices.IndexFunc(r.Alternatives, func(a AlternativeParams) bool { return a.Name == sc.Name }); i >= 0 && r.Alternatives[i].Params != nil {
					s += fmt.Sprintf(", changing %d settings of the base", len(r.Alternatives[i].Params))
				}
			}
			if d := resolvedScenario(sc.Resolved).Description; d != "" {
				s += " — " + strings.TrimRight(d, ".")
			}
			out = append(out, s+".")
		}
		return out
	case len(m.Sets) > 0:
		return []string{"Swept settings: " + strings.Join(r.Scenario.Sets, "; ") + "."}
	}
	return []string{"A single scenario (see 1.1); no alternatives were run."}
}

// dataSources names the scenario files and the documents their header
// comments cite that exist (citedFiles): a reference to a file that is not
// there (a document outside the repository) is left out, so that every
// path the report cites can be opened.
func dataSources(r *Report) []string {
	if r.Sources == nil {
		return []string{r.SourcesNote}
	}
	var out []string
	files := slices.Clone(r.Sources.Files)
	for _, a := range r.Alternatives {
		files = append(files, a.files...)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[filepath.Clean(f.Path)] {
			continue
		}
		seen[filepath.Clean(f.Path)] = true
		s := f.Path + ": each setting's source comment is in the parameter table"
		if cited := citedFiles(f.Path, f.Header); len(cited) > 0 {
			s += "; its notes cite " + strings.Join(cited, ", ")
		}
		out = append(out, s+".")
	}
	var counts []string
	for _, g := range r.GradeCounts {
		counts = append(counts, fmt.Sprintf("%s %d", g.Grade, g.N))
	}
	out = append(out, "Parameters by source grade: "+strings.Join(counts, ", ")+" (S seed document, P public data, D derived, E estimate; none: no source comment).")
	return out
}

func assumptions(r *Report) []string {
	out := []string{"Parameters graded E are modelling judgements: the parameter table lists each with its reasoning. Queues are first-come first-served; capacities follow the scenario's schedules; patients do not deteriorate while waiting."}
	if r.Sources != nil {
		n := 0
		for _, p := range r.Sources.Params {
			if !p.Section && strings.Contains(p.Grade, "E") {
				n++
			}
		}
		out[0] = fmt.Sprintf("%d parameters are graded E (modelling judgements, wholly or in part): the parameter table lists each with its reasoning. Queues are first-come first-served; capacities follow the scenario's schedules; patients do not deteriorate while waiting.", n)
	}
	return out
}

func vwList(info *scenario.Scenario) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(info.VirtualWards)) {
		out = append(out, fmt.Sprintf("%s %d", k, info.VirtualWards[k].Capacity))
	}
	return out
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12] + "…"
	}
	return sha
}

// pathToken is a word of a comment that may name a file: a path with a
// slash, or a name with a document's extension.
var pathToken = regexp.MustCompile(`[A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.-]+)+|[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:md|yaml|yml|csv|json|txt|pdf)\b`)

// citedFiles returns the files that comment, the header of the scenario
// file at path, names and that exist as regular files: each reference is
// looked for beside the file and then in each directory above it (a
// scenario's "docs/calibration.md" is the repository's), and given as a
// path from the working directory. References to files that are not there
// are left out.
func citedFiles(path, comment string) []string {
	var out []string
	for _, ref := range pathToken.FindAllString(comment, -1) {
		ref = strings.TrimRight(ref, ".")
		if ref == "" || strings.Contains(ref, "://") || filepath.IsAbs(ref) {
			continue
		}
		for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
			p := filepath.Join(dir, ref)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && filepath.Clean(p) != filepath.Clean(path) {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
				break
			}
			if dir == "." || dir == filepath.Dir(dir) {
				break
			}
		}
	}
	return out
}
