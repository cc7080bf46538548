package scenario

import (
	"math"
	"slices"
)

// MaxTriageCategories bounds an ED's triage list (the Manchester triage
// system has five).
const MaxTriageCategories = 8

// edCapacity checks an ED's capacity: its cubicles, clinicians'
// rota, assessment, triage, crowding rule and where patients board. None
// of it may be given without majors cubicles, which turn capacity on.
func (v *validator) edCapacity(p Path, ed *ED) {
	if ed.Majors == nil {
		for _, f := range ed.capacityFields() {
			if f.set {
				v.add(p.With(f.name), "needs majors: ED capacity is turned on by giving majors cubicles (capacity and schedule)")
			}
		}
		return
	}
	v.edUnit(p.With("majors"), ed.Majors, "majors cubicle")
	if ed.Minors != nil {
		v.edUnit(p.With("minors"), ed.Minors, "minors cubicle")
	}
	switch {
	case ed.Clinicians == nil:
		v.add(p.With("clinicians"), "missing: with majors cubicles say how many clinicians see patients (capacity, and a schedule for the rota)")
	default:
		v.edUnit(p.With("clinicians"), ed.Clinicians, "clinician")
	}
	switch {
	case ed.Assessment == nil:
		v.add(p.With("assessment"), "missing: with majors cubicles give the clinician's assessment time to a decision")
	default:
		v.dist(p.With("assessment"), ed.Assessment)
	}
	if ed.Decision != nil {
		v.add(p.With("decision"), "must be absent with majors cubicles: the time to decision is then the wait to be seen plus the assessment (remove it, or set it to ~ in a file that extends one with it)")
	}
	if ed.Workup != nil {
		v.dist(p.With("workup"), ed.Workup)
	}
	if ed.OthersWorkup != nil {
		v.dist(p.With("others_workup"), ed.OthersWorkup)
	}
	v.triage(p.With("triage"), ed.Triage)
	if c := ed.Crowding; c != nil {
		cp := p.With("crowding")
		v.capacity(cp.With("above"), c.Above, 0)
		if !(c.PerPatient >= 0) || math.IsInf(c.PerPatient, 0) {
			v.add(cp.With("per_patient"), "must be >= 0 (the fractional slowing per patient over above, such as 0.01), got %s", formatNumber(c.PerPatient))
		}
		if !(c.Max >= 1) || c.Max > MaxLOSScale {
			v.add(cp.With("max"), "must be between 1 and %s (the largest multiplier of assessment time), got %s", formatNumber(MaxLOSScale), formatNumber(c.Max))
		}
	}
	if ed.Boarding != "" {
		v.check(p.With("boarding"), checkEnum(ed.Boarding))
	}
	v.capacity(p.With("corridor"), ed.Corridor, 0)
	if ed.Corridor == 0 {
		if ed.Boarding == BoardCorridor {
			v.add(p.With("corridor"), "must be >= 1 with boarding: corridor (the corridor spaces boarders wait in), got 0")
		}
		if ed.CorridorHandover {
			v.add(p.With("corridor"), "must be >= 1 with corridor_handover (the corridor spaces crews hand over into), got 0")
		}
	}
	v.share(p.With("others_majors"), ed.OthersMajors)
	v.share(p.With("others_ambulance"), ed.OthersAmbulance)
}

// edUnit checks a pool of ED cubicles or clinicians: a capacity and
// schedule that give at least one at some time, or patients would wait
// for ever.
func (v *validator) edUnit(p Path, u *EDUnit, what string) {
	v.capacity(p.With("capacity"), u.Capacity, 0)
	v.schedule(p.With("schedule"), u.Schedule)
	if u.Schedule.Most(u.Capacity) < 1 {
		v.add(p.With("capacity"), "no %s at any time: give capacity >= 1 or a schedule rule with capacity >= 1", what)
	}
}

// triage checks the triage categories: named, distinct, at most
// MaxTriageCategories, shares summing to 1.
func (v *validator) triage(p Path, cats []TriageCategory) {
	if len(cats) == 0 {
		return
	}
	if len(cats) > MaxTriageCategories {
		v.add(p, "at most %d categories, got %d", MaxTriageCategories, len(cats))
		return
	}
	sum, ok := 0.0, true
	var names []string
	for i, c := range cats {
		cp := p.With(index(i))
		switch {
		case c.Name == "":
			v.add(cp.With("name"), "missing: name the category, such as urgent")
		case slices.Contains(names, c.Name):
			v.add(cp.With("name"), "category %q is listed twice", c.Name)
		}
		names = append(names, c.Name)
		ok = v.share(cp.With("share"), c.Share) && ok
		sum += c.Share
	}
	if ok && math.Abs(sum-1) > shareTolerance {
		v.add(p, "shares sum to %s, want 1", formatNumber(sum))
	}
}

// capacityFields names the ED fields that need majors cubicles, and
// whether each is set.
func (ed *ED) capacityFields() []struct {
	name string
	set  bool
} {
	return []struct {
		name string
		set  bool
	}{
		{"minors", ed.Minors != nil}, {"clinicians", ed.Clinicians != nil}, {"assessment", ed.Assessment != nil},
		{"triage", len(ed.Triage) > 0}, {"crowding", ed.Crowding != nil}, {"boarding", ed.Boarding != ""},
		{"corridor", ed.Corridor != 0}, {"corridor_handover", ed.CorridorHandover}, {"others_majors", ed.OthersMajors != 0},
		{"others_ambulance", ed.OthersAmbulance != 0}, {"workup", ed.Workup != nil}, {"others_workup", ed.OthersWorkup != nil},
	}
}

// HasCapacity reports whether the ED models its cubicles and clinicians
// (majors cubicles are given).
func (ed *ED) HasCapacity() bool { return ed != nil && ed.Majors != nil }
