package scenario

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// validScenario is a valid Scenario built in code, as a sweep or a test
// might build one.
func validScenario() *Scenario {
	mean := Duration(1)
	return &Scenario{
		Name:    "code",
		Start:   NewDate(2025, time.April, 7),
		Horizon: 100,
		Reps:    1,
		Places:  map[string]*Place{"town": {Arrivals: 4}},
		Sites: map[string]*Site{"main": {Beds: Beds{
			Capacity: 5,
			LOS:      &Dist{Type: "exponential", Mean: &mean},
			LOSScale: 1,
			WhenFull: WhenFullQueue,
		}}},
	}
}

func TestValidateValid(t *testing.T) {
	if errs := validScenario().Validate(); errs != nil {
		t.Errorf("Validate() = %v, want nil", errs)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *Scenario)
		want   []string
	}{
		{"zero scenario", func(s *Scenario) { *s = Scenario{} }, []string{
			"name: must not be empty",
			"start: missing: want a date such as 2025-04-07",
			"horizon: must be > 0, got 0",
			"reps: must be >= 1, got 0",
			"places: at least one place is needed",
			"sites: at least one site is needed",
		}},
		{"nil place and site", func(s *Scenario) {
			s.Places["p2"] = nil
			s.Sites["s2"] = nil
		}, []string{
			"places.p2: missing value",
			"places.town.sites: missing: say which sites this place's arrivals go to, as shares summing to 1 (sites: main, s2)",
			"sites.s2: missing value",
		}},
		{"NaN and infinities", func(s *Scenario) {
			s.Horizon = Duration(inf())
			s.Places["town"].Arrivals = Rate(nan())
			s.Places["town"].Sites = map[string]float64{"main": nan()}
		}, []string{
			"horizon: must be > 0, got +Infh",
			"places.town.arrivals: must be > 0, got NaN/h",
			"places.town.sites.main: must be between 0 and 1, got NaN",
		}},
		{"shares summing to 1 within rounding", func(s *Scenario) {
			s.Sites["a"], s.Sites["b"] = s.Sites["main"], s.Sites["main"]
			s.Places["town"].Sites = map[string]float64{"main": 0.1, "a": 0.2, "b": 0.7}
		}, nil},
		{"dist with no type", func(s *Scenario) { s.Sites["main"].Beds.LOS = &Dist{} }, []string{
			"sites.main.beds.los.dist: missing: want one of exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validScenario()
			tt.change(s)
			var got []string
			for _, e := range s.Validate() {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestValidateDeterministic checks that problems come out in the same
// order every time, although they come from maps.
func TestValidateDeterministic(t *testing.T) {
	s := validScenario()
	for _, k := range []string{"b", "a", "d", "c", "f", "e"} {
		s.Sites[k] = &Site{Beds: Beds{Capacity: 0, WhenFull: "x"}}
		s.Places[k] = &Place{Arrivals: -1, Sites: map[string]float64{"main": 0.5, k: 0.2, "zz": 0.1}}
	}
	first := s.Validate()
	for range 20 {
		if again := s.Validate(); !slices.EqualFunc(first, again, func(a, b FieldError) bool { return a.Error() == b.Error() }) {
			t.Fatalf("Validate() order changed:\n%v\n%v", first, again)
		}
	}
}

func inf() float64  { return 1 / zero() }
func nan() float64  { return zero() / zero() }
func zero() float64 { return 0 }

// careDoc is a valid scenario with a cohort that dies, a hub with a finite
// team, a pathway that accepts patients at set times and discharge to
// assess; the tests below that derive from it rely on its line numbers.
const careDoc = `name: care
horizon: 2000h
places:
  town: {arrivals: 4/h}
cohorts:
  old:
    share: 1
    los: {dist: exponential, mean: 1d}
    pathways: {p0: 0.52, p1: 0.48}
    death: 0.03
    sdec: 0.5
    step_up: 0.1
sites:
  main:
    beds: {capacity: 50}
    hub: {days: 5, assessment: {dist: exponential, mean: 4h}, staff: 4}
    pathways:
      p1:
        capacity: 10
        los: {dist: fixed, value: 7d}
        accepts: {hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}
    d2a: {capacity: 5, los: {dist: fixed, value: 2d}, schedule: [{days: [sat, sun], capacity: 3}]}
`

// careWith returns careDoc with each old text (which must occur exactly
// once) replaced by the new text that follows it.
func careWith(t *testing.T, oldNew ...string) string {
	t.Helper()
	doc := careDoc
	for i := 0; i+1 < len(oldNew); i += 2 {
		if n := strings.Count(doc, oldNew[i]); n != 1 {
			t.Fatalf("careDoc holds %q %d times, want once", oldNew[i], n)
		}
		doc = strings.Replace(doc, oldNew[i], oldNew[i+1], 1)
	}
	return doc
}

// TestCareRules checks the rules for deaths, SDEC and step-up among
// survivors, the hub's team, pathway acceptance times and discharge to
// assess: each change of careDoc gives exactly the errors listed (none
// for a valid change), located at file:line and field.
func TestCareRules(t *testing.T) {
	tests := []struct {
		name   string
		oldNew []string
		want   []string
	}{
		{"base", nil, nil},

		// cohorts.X.death
		{"no deaths", []string{"    death: 0.03\n", ""}, nil},
		{"everyone dies", []string{"death: 0.03", "death: 1", "sdec: 0.5", "sdec: 0", "step_up: 0.1", "step_up: 0"}, nil},
		{"death above 1", []string{"death: 0.03", "death: 1.5"}, []string{
			"c.yaml:10: cohorts.old.death: must be between 0 and 1, got 1.5",
		}},
		{"negative death", []string{"death: 0.03", "death: -0.1"}, []string{
			"c.yaml:10: cohorts.old.death: must be between 0 and 1, got -0.1",
		}},
		{"death not a number", []string{"death: 0.03", "death: some"}, []string{
			`c.yaml:10: cohorts.old.death: want a number, got "some"`,
		}},

		// cohorts.X.sdec among survivors going home on p0
		{"sdec at the limit", []string{"sdec: 0.5", "sdec: 0.5044"}, nil},
		{"sdec above the limit", []string{"sdec: 0.5", "sdec: 0.6"}, []string{
			"c.yaml:11: cohorts.old.sdec: must be <= 0.5044 (the share going home on p0 and surviving: p0 0.52 x (1 - death 0.03)), got 0.6",
		}},
		{"sdec above p0 without deaths", []string{"    death: 0.03\n", "", "sdec: 0.5", "sdec: 0.53"}, []string{
			"c.yaml:10: cohorts.old.sdec: must be <= 0.52 (the share going home on p0 and surviving: p0 0.52 x (1 - death 0)), got 0.53",
		}},
		{"sdec without pathways", []string{"    pathways: {p0: 0.52, p1: 0.48}\n", "", "death: 0.03", "death: 0.2", "sdec: 0.5", "sdec: 0.8"}, nil},
		{"sdec above survivors without pathways", []string{"    pathways: {p0: 0.52, p1: 0.48}\n", "", "death: 0.03", "death: 0.2", "sdec: 0.5", "sdec: 0.9"}, []string{
			"c.yaml:10: cohorts.old.sdec: must be <= 0.8 (the share going home on p0 and surviving: p0 1 x (1 - death 0.2)), got 0.9",
		}},
		{"sdec without p0", []string{"{p0: 0.52, p1: 0.48}", "{p1: 1}"}, []string{
			"c.yaml:11: cohorts.old.sdec: must be <= 0 (the share going home on p0 and surviving: p0 0 x (1 - death 0.03)), got 0.5",
		}},
		{"sdec not checked against invalid pathways", []string{"{p0: 0.52, p1: 0.48}", "{p0: 0.52, p1: 0.38}", "sdec: 0.5", "sdec: 0.6"}, []string{
			"c.yaml:9: cohorts.old.pathways: shares sum to 0.9, want 1",
		}},
		{"sdec not checked against an invalid death", []string{"death: 0.03", "death: 2", "sdec: 0.5", "sdec: 0.6"}, []string{
			"c.yaml:10: cohorts.old.death: must be between 0 and 1, got 2",
		}},
		{"sdec above 1", []string{"sdec: 0.5", "sdec: 1.2"}, []string{
			"c.yaml:11: cohorts.old.sdec: must be between 0 and 1, got 1.2",
		}},

		// cohorts.X.step_up among survivors
		{"step_up at the limit", []string{"step_up: 0.1", "step_up: 0.97"}, nil},
		{"step_up above the limit", []string{"step_up: 0.1", "step_up: 0.99"}, []string{
			"c.yaml:12: cohorts.old.step_up: must be <= 0.97 (the share surviving: 1 - death 0.03; dying patients are never stepped up), got 0.99",
		}},
		{"step_up 1 without deaths", []string{"    death: 0.03\n", "", "sdec: 0.5", "sdec: 0", "step_up: 0.1", "step_up: 1"}, nil},
		{"step_down is a share of p0, not of survivors", []string{"step_up: 0.1", "step_down: 1"}, nil},

		// sites.X.hub.staff
		{"hub of one", []string{"staff: 4", "staff: 1"}, nil},
		{"hub staff 0", []string{"staff: 4", "staff: 0"}, []string{
			"c.yaml:16: sites.main.hub.staff: must be >= 1: the hub's team works one referral per member at a time; remove the hub section for referrals arranged instantly (got 0)",
		}},
		{"negative hub staff", []string{"staff: 4", "staff: -2"}, []string{
			"c.yaml:16: sites.main.hub.staff: must be >= 1: the hub's team works one referral per member at a time; remove the hub section for referrals arranged instantly (got -2)",
		}},
		{"hub staff missing", []string{", staff: 4}", "}"}, []string{
			"c.yaml:16: sites.main.hub.staff: missing required field",
		}},
		{"hub staff null", []string{"staff: 4", "staff: ~"}, []string{
			"c.yaml:16: sites.main.hub.staff: missing value (required)",
		}},
		{"hub staff fractional", []string{"staff: 4", "staff: 2.5"}, []string{
			"c.yaml:16: sites.main.hub.staff: want a whole number, got 2.5",
		}},

		// sites.X.d2a
		{"d2a without places", []string{"{capacity: 5, los", "{capacity: 0, los"}, nil},
		{"d2a without schedule", []string{", schedule: [{days: [sat, sun], capacity: 3}]}", "}"}, nil},
		{"negative d2a capacity", []string{"{capacity: 5, los", "{capacity: -1, los"}, []string{
			"c.yaml:22: sites.main.d2a.capacity: must be >= 0, got -1",
		}},
		{"d2a capacity missing", []string{"{capacity: 5, los", "{los"}, []string{
			"c.yaml:22: sites.main.d2a.capacity: missing required field",
		}},
		{"d2a los missing", []string{"los: {dist: fixed, value: 2d}, ", ""}, []string{
			"c.yaml:22: sites.main.d2a.los: missing required field",
		}},
		{"bad d2a los", []string{"{dist: fixed, value: 2d}", "{dist: fixed, value: -2d}"}, []string{
			"c.yaml:22: sites.main.d2a.los.value: must be >= 0, got -2d",
		}},
		{"unknown d2a los distribution", []string{"{dist: fixed, value: 2d}", "{dist: fixd, value: 2d}"}, []string{
			`c.yaml:22: sites.main.d2a.los.dist: unknown distribution "fixd" (did you mean "fixed"?); known: exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture`,
		}},
		{"bad d2a schedule", []string{"[{days: [sat, sun], capacity: 3}]", `[{days: [sat, sunday], hours: "8-20", capacity: -3}]`}, []string{
			// A value the loader cannot resolve stops it before Validate
			// (as a bad duration does), so capacity -3 waits for the fix.
			`c.yaml:22: sites.main.d2a.schedule[0].days[1]: unknown day "sunday": use mon, tue, wed, thu, fri, sat, sun`,
			`c.yaml:22: sites.main.d2a.schedule[0].hours: bad hours "8-20": "8" is not a time of day HH:MM`,
		}},
		{"unknown d2a key", []string{"{capacity: 5, los", "{capacty: 5, capacity: 5, los"}, []string{
			`c.yaml:22: sites.main.d2a.capacty: unknown field (did you mean "capacity"?)`,
		}},

		// sites.X.pathways.pN.accepts
		{"accepts with defaults", []string{`{hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}`, "{}"}, nil},
		{"accepts overnight on weekdays", []string{`hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5`, `hours: "20:00-08:00", days: [mon, tue, wed, thu, fri]`}, nil},
		{"bad accepts hours", []string{`hours: "08:00-18:00"`, `hours: "08:00-08:00"`}, []string{
			`c.yaml:21: sites.main.pathways.p1.accepts.hours: bad hours "08:00-08:00": empty window (for all day write 00:00-24:00)`,
		}},
		{"accepts hours without a dash", []string{`hours: "08:00-18:00"`, `hours: "8am"`}, []string{
			`c.yaml:21: sites.main.pathways.p1.accepts.hours: bad hours "8am": want HH:MM-HH:MM, such as 08:00-20:00`,
		}},
		{"bad accepts days", []string{"days: [mon, tue, wed, thu, fri, sat]", "days: [mon, funday]"}, []string{
			`c.yaml:21: sites.main.pathways.p1.accepts.days[1]: unknown day "funday": use mon, tue, wed, thu, fri, sat, sun`,
		}},
		{"accepts weekend above 1", []string{"weekend: 0.5", "weekend: 1.5"}, []string{
			"c.yaml:21: sites.main.pathways.p1.accepts.weekend: must be between 0 and 1, got 1.5",
		}},
		{"negative accepts weekend", []string{"weekend: 0.5", "weekend: -0.5"}, []string{
			"c.yaml:21: sites.main.pathways.p1.accepts.weekend: must be between 0 and 1, got -0.5",
		}},
		{"accepts never", []string{"days: [mon, tue, wed, thu, fri, sat], weekend: 0.5", "days: [sat, sun], weekend: 0"}, []string{
			"c.yaml:21: sites.main.pathways.p1.accepts.days: with weekend 0 and only Saturday and Sunday, the provider never takes a patient: add a weekday or a weekend chance above 0",
		}},
		{"accepts weekends only", []string{"days: [mon, tue, wed, thu, fri, sat], weekend: 0.5", "days: [sat, sun], weekend: 0.2"}, nil},
		{"unknown accepts key", []string{"weekend: 0.5", "weekends: 0.5"}, []string{
			`c.yaml:21: sites.main.pathways.p1.accepts.weekends: unknown field (did you mean "weekend"?)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := careWith(t, tt.oldNew...)
			s, err := LoadBytes("c.yaml", []byte(doc))
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			} else if s == nil {
				t.Fatal("LoadBytes returned neither a scenario nor an error")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("LoadBytes errors =\n%s\nwant\n%s\ndoc:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), doc)
			}
		})
	}
}

// TestCareDefaults checks what the loader fills in for the new sections:
// accepts without hours or weekend gets 08:00-18:00 and 1 and every day;
// death defaults to 0.
func TestCareDefaults(t *testing.T) {
	doc := careWith(t,
		`{hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}`, "{days: [mon, tue]}",
		"    death: 0.03\n", "")
	s, err := LoadBytes("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	a := s.Sites["main"].Pathways["p1"].Accepts
	want := &Acceptance{Hours: Window{8, 18}, Days: DayList{Day(time.Monday), Day(time.Tuesday)}, Weekend: 1}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("accepts = %+v, want %+v", a, want)
	}
	if d := s.Cohorts["old"].Death; d != 0 {
		t.Errorf("death = %v, want the default 0", d)
	}
	if h := s.Sites["main"].Hub; h.Staff != 4 || h.Hours != (Window{8, 18}) {
		t.Errorf("hub = %+v, want staff 4 and the default hours", h)
	}
	d2a := s.Sites["main"].D2A
	if d2a == nil || d2a.Capacity != 5 || d2a.LOS.Type != "fixed" || len(d2a.Schedule) != 1 || d2a.Schedule[0].Capacity != 3 {
		t.Errorf("d2a = %+v", d2a)
	}

	// An empty accepts mapping gets the defaults; a null one counts as
	// absent, like an absent one, and stays nil (any hour of any day).
	s, err = LoadBytes("c.yaml", []byte(careWith(t, `{hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}`, "{}")))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Sites["main"].Pathways["p1"].Accepts, (&Acceptance{Hours: Window{8, 18}, Weekend: 1}); !reflect.DeepEqual(got, want) {
		t.Errorf("accepts: {} = %+v, want %+v", got, want)
	}
	for _, line := range []string{"        accepts: ~\n", "        accepts:\n", ""} {
		s, err := LoadBytes("c.yaml", []byte(careWith(t, "        accepts: {hours: \"08:00-18:00\", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}\n", line)))
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if a := s.Sites["main"].Pathways["p1"].Accepts; a != nil {
			t.Errorf("%q: accepts = %+v, want nil", line, a)
		}
	}
}

// TestValidateCare checks the same rules on scenarios built in code, where
// Validate is the only check: a hub's Staff left at 0 is an error, not "no
// limit".
func TestValidateCare(t *testing.T) {
	mean := Duration(4)
	tests := []struct {
		name   string
		change func(s *Scenario)
		want   []string
	}{
		{"hub with staff", func(s *Scenario) {
			s.Sites["main"].Hub = &Hub{Days: 7, Hours: Window{8, 18}, Assessment: Dist{Type: "exponential", Mean: &mean}, Staff: 2}
		}, nil},
		{"hub without staff", func(s *Scenario) {
			s.Sites["main"].Hub = &Hub{Days: 7, Hours: Window{8, 18}, Assessment: Dist{Type: "exponential", Mean: &mean}}
		}, []string{
			"sites.main.hub.staff: must be >= 1: the hub's team works one referral per member at a time; remove the hub section for referrals arranged instantly (got 0)",
		}},
		{"d2a", func(s *Scenario) {
			s.Sites["main"].D2A = &D2A{Capacity: 3, LOS: Dist{Type: "exponential", Mean: &mean}}
		}, nil},
		{"d2a with zero dist", func(s *Scenario) { s.Sites["main"].D2A = &D2A{Capacity: -1} }, []string{
			"sites.main.d2a.capacity: must be >= 0, got -1",
			"sites.main.d2a.los.dist: missing: want one of exponential, lognormal, gamma, weibull, erlang, triangular, uniform, fixed, empirical, mixture",
		}},
		{"accepts left zero", func(s *Scenario) {
			s.Sites["main"].Pathways = map[string]*Pathway{"p2": {Capacity: 1, LOS: Dist{Type: "exponential", Mean: &mean}, LOSScale: 1, Accepts: &Acceptance{}}}
		}, []string{
			`sites.main.pathways.p2.accepts.hours: missing: want HH:MM-HH:MM, such as 08:00-20:00`,
		}},
		{"sdec at the limit, step-up above it", func(s *Scenario) {
			s.Cohorts = map[string]*Cohort{"all": {Share: 1, StepDownAfter: 0.6, ReadmitWithin: 720, Death: 0.1, SDEC: 0.9, StepUp: 0.95}}
		}, []string{
			"cohorts.all.step_up: must be <= 0.9 (the share surviving: 1 - death 0.1; dying patients are never stepped up), got 0.95",
		}},
		{"sdec above the limit", func(s *Scenario) {
			s.Cohorts = map[string]*Cohort{"all": {Share: 1, StepDownAfter: 0.6, ReadmitWithin: 720, Death: 0.25,
				Pathways: map[string]float64{"p0": 0.8, "p3": 0.2}, SDEC: 0.7}}
		}, []string{
			"cohorts.all.sdec: must be <= 0.6 (the share going home on p0 and surviving: p0 0.8 x (1 - death 0.25)), got 0.7",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validScenario()
			tt.change(s)
			var got []string
			for _, e := range s.Validate() {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
