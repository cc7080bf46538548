package scenario

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzLoad checks that LoadBytes never panics, that every error it returns
// is located at file:line, and that every scenario it accepts is valid and
// survives a JSON round trip exactly (the manifest relies on that).
func FuzzLoad(f *testing.F) {
	mmc, err := os.ReadFile("testdata/mmc.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(mmc))
	f.Add(mmcDoc)
	f.Add(withLOS("{dist: mixture, of: [{p: 0.35, dist: fixed, value: 0h}, {p: 0.65, dist: lognormal, mean: 9.1d, sd: 12d}]}"))
	f.Add(withLOS("{dist: lognormal, median: 5d, p95: 30d}"))
	f.Add(withLOS("{dist: empirical, samples: [0, 4h, 1d, 2.5d, 2w]}"))
	f.Add(withLOS("{dist: triangular, min: 0, mode: 2d, max: 10d}"))
	f.Add(withLOS("{dist: erlang, k: 3, mean: 2d}"))
	f.Add(withLOS("{dist: gamma, shape: 2, scale: 3d}"))
	f.Add(withLOS("{dist: expo, mean: 4x}"))
	f.Add(withLine(9, "      capcity: 0"))
	f.Add(withLine(5, "  town: {arrivals: 29273/y, sites: {main: 0.6, b: 0.4}}") + "  b: {beds: {capacity: 3, los: {dist: fixed, value: 1d}}}\n")
	f.Add("extends: testdata/mmc.yaml\nsites: {main: {beds: {capacity: 6}}}\n")
	f.Add("extends: fuzz.yaml\n")
	f.Add("a: &a [1,2]\nb: [*a, *a]\nc: {<<: {x: 1}, y: 2}\n")
	f.Add("places:\n  town: {arrivals: 4/h}\nsites:\n  main:\n    beds: &b {capacity: 1, los: {dist: fixed, value: 1h}}\n  x: {beds: *b}\n")
	f.Add("name: x\nplaces:\n  town: {arrivals: 4/h\n")
	f.Add("- 1\n- 2\n")
	f.Add("")
	f.Add("---\n---\n")
	f.Add("\xff\xfe\x00")
	f.Add("a: \x01\n")
	f.Add("reps: 1e400\nseed: -0\nstart: 2025-02-30\nhorizon: .inf\n")
	// Deaths, a finite hub team, pathway acceptance times, discharge to
	// assess, and their errors.
	f.Add(careDoc)
	f.Add(strings.Replace(careDoc, ", staff: 4}", "}", 1))
	f.Add(strings.Replace(careDoc, "staff: 4", "staff: 0", 1))
	f.Add(strings.Replace(careDoc, "sdec: 0.5", "sdec: 0.51", 1))
	f.Add(strings.Replace(careDoc, "step_up: 0.1", "step_up: 0.98", 1))
	f.Add(strings.Replace(careDoc, "death: 0.03", "death: 1.5", 1))
	f.Add(strings.Replace(careDoc, `{hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}`, "{}", 1))
	f.Add(strings.Replace(careDoc, `{hours: "08:00-18:00", days: [mon, tue, wed, thu, fri, sat], weekend: 0.5}`, `{hours: "20:00-08:00", days: [sun, funday], weekend: -1}`, 1))
	f.Add(strings.Replace(careDoc, "[{days: [sat, sun], capacity: 3}]", `[{from: 2025-12-01, to: 2025-11-01, hours: "8-20", capacity: -3}]`, 1))
	f.Add(strings.Replace(careDoc, "{capacity: 5, los: {dist: fixed, value: 2d}", "{capacity: -1, los: {dist: mixture, of: [{p: 1, dist: fixed}]}", 1))
	// An urgent treatment centre, and its errors.
	f.Add(utcDoc)
	f.Add(withUTCLine(16, "      capacity: 0"))
	f.Add(withUTCLine(17, `      hours: "22:00-08:00"`))
	f.Add(withUTCLine(18, "      streamed: -0.5"))
	f.Add(withUTCLine(13, "      others: 0"))
	// Legal but absurd values, refused by the bounds of limits.go.
	f.Add(withLOS("{dist: exponential, mean: 1e14d}"))
	f.Add(withLOS("{dist: lognormal, mean: 1m, sd: 36500d}"))
	f.Add(withLOS("{dist: weibull, shape: 0.01, scale: 1.7e308h}"))
	f.Add(withLine(5, "  town: {arrivals: 1e7/h}"))
	f.Add(withLine(9, "      capacity: 1000000000"))
	f.Add("reps: 1000000000\nhorizon: 1e9d\narrival_profile: {hourly: [1e308, 1e308]}\n" + mmcDoc[strings.Index(mmcDoc, "places:"):])
	f.Fuzz(func(t *testing.T, doc string) {
		s, err := LoadBytes("fuzz.yaml", []byte(doc))
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %T is not a non-empty Errors: %v", err, err)
			}
			for _, e := range errs {
				if e.File == "" || e.Line < 1 || e.Msg == "" {
					t.Fatalf("error not located at file:line: %#v", e)
				}
			}
			if s != nil {
				t.Fatalf("LoadBytes returned a scenario with an error")
			}
			return
		}
		if errs := s.Validate(); errs != nil {
			t.Fatalf("loaded scenario does not validate: %v", errs)
		}
		j, err := s.CanonicalJSON()
		if err != nil {
			t.Fatalf("CanonicalJSON: %v", err)
		}
		var back Scenario
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", j, err)
		}
		keepLoadRecords(&back, s)
		if !reflect.DeepEqual(&back, s) {
			j2, _ := back.CanonicalJSON()
			t.Fatalf("JSON round trip changed the scenario:\n%s\n%s", j, j2)
		}
	})
}

// keepLoadRecords copies into dst what loading src recorded beside the
// scenario (the fields tagged json:"-": the files read, the warnings),
// which the canonical JSON leaves out by design, so that a round trip is
// judged on the scenario alone whatever such records are added later.
func keepLoadRecords(dst, src *Scenario) {
	d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := range d.NumField() {
		if d.Type().Field(i).Tag.Get("json") == "-" {
			d.Field(i).Set(s.Field(i))
		}
	}
}
