package scenario

import (
	"strings"
	"testing"
)

// edDoc is a one-site scenario whose ED section is ed (indented under
// ed:); its ED starts on line 12.
func edDoc(ed string) string {
	return `name: ed
horizon: 100h
places:
  town: {arrivals: 4/h}
sites:
  main:
    beds:
      capacity: 5
      los: {dist: exponential, mean: 1d}
    ed:
      others: 2/h
      others_time: {dist: exponential, mean: 2h}
` + ed
}

// TestEDCapacityErrors: each mistake in an ED's cubicles, rota, triage,
// crowding or boarding is reported with its file, line, field and what
// was expected.
func TestEDCapacityErrors(t *testing.T) {
	const ok = `      majors: {capacity: 20}
      clinicians: {capacity: 4, schedule: [{hours: "22:00-08:00", capacity: 2}]}
      assessment: {dist: exponential, mean: 1h}
`
	if _, err := LoadBytes("ed.yaml", []byte(edDoc(ok))); err != nil {
		t.Fatalf("valid ED capacity refused: %v", err)
	}
	tests := []struct{ name, ed, want string }{
		{"no cubicles at any time", `      majors: {capacity: 0}
      clinicians: {capacity: 4}
      assessment: {dist: exponential, mean: 1h}
`, "ed.yaml:13: sites.main.ed.majors.capacity: no majors cubicle at any time: give capacity >= 1 or a schedule rule with capacity >= 1"},
		{"negative cubicles", `      majors: {capacity: 20}
      minors: {capacity: -3}
      clinicians: {capacity: 4}
      assessment: {dist: exponential, mean: 1h}
`, "ed.yaml:14: sites.main.ed.minors.capacity: must be >= 0, got -3"},
		{"no clinician on the rota", `      majors: {capacity: 20}
      clinicians: {capacity: 0, schedule: [{days: [sat, sun], capacity: 0}]}
      assessment: {dist: exponential, mean: 1h}
`, "ed.yaml:14: sites.main.ed.clinicians.capacity: no clinician at any time"},
		{"bad rota hours", `      majors: {capacity: 20}
      clinicians:
        capacity: 4
        schedule:
          - {hours: "25:00-08:00", capacity: 2}
      assessment: {dist: exponential, mean: 1h}
`, "ed.yaml:17: sites.main.ed.clinicians.schedule[0].hours:"},
		{"rota capacity negative", `      majors: {capacity: 20}
      clinicians:
        capacity: 4
        schedule:
          - {days: [sat], capacity: -1}
      assessment: {dist: exponential, mean: 1h}
`, "ed.yaml:17: sites.main.ed.clinicians.schedule[0].capacity: must be >= 0, got -1"},
		{"no clinicians", `      majors: {capacity: 20}
      assessment: {dist: exponential, mean: 1h}
`, "sites.main.ed.clinicians: missing: with majors cubicles say how many clinicians see patients"},
		{"capacity without majors", `      clinicians: {capacity: 4}
`, "ed.yaml:13: sites.main.ed.clinicians: needs majors: ED capacity is turned on by giving majors cubicles"},
		{"decision with capacity", ok + `      decision: {dist: exponential, mean: 3h}
`, "ed.yaml:16: sites.main.ed.decision: must be absent with majors cubicles"},
		{"triage shares", ok + `      triage: [{name: urgent, share: 0.5}, {name: standard, share: 0.4}]
`, "ed.yaml:16: sites.main.ed.triage: shares sum to 0.9, want 1"},
		{"triage twice", ok + `      triage: [{name: urgent, share: 0.5}, {name: urgent, share: 0.5}]
`, `sites.main.ed.triage[1].name: category "urgent" is listed twice`},
		{"crowding cap", ok + `      crowding: {above: 10, per_patient: 0.01, max: 0.5}
`, "ed.yaml:16: sites.main.ed.crowding.max: must be between 1 and"},
		{"boarding value", ok + `      boarding: hallway
`, `ed.yaml:16: sites.main.ed.boarding: must be cubicle or corridor, got "hallway"`},
		{"corridor boarding without spaces", ok + `      boarding: corridor
`, "sites.main.ed.corridor: must be >= 1 with boarding: corridor"},
		{"others majors share", ok + `      others_majors: 1.2
`, "ed.yaml:16: sites.main.ed.others_majors: must be between 0 and 1, got 1.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBytes("ed.yaml", []byte(edDoc(tt.ed)))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant a line containing\n%s", err, tt.want)
			}
		})
	}
}
