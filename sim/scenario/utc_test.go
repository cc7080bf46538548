package scenario

import (
	"strings"
	"testing"
)

// utcDoc is mmcDoc with an ED whose other attendances feed an urgent
// treatment centre; the tests below rely on its line numbers.
const utcDoc = mmcDoc + `    ed:
      others: 10/h
      others_time: {dist: exponential, mean: 2h}
    utc:
      capacity: 3
      hours: "08:00-22:00"
      streamed: 0.4
      treatment: {dist: exponential, mean: 1h}
`

// withUTCLine returns utcDoc with line n replaced by repl.
func withUTCLine(n int, repl string) string {
	lines := strings.Split(utcDoc, "\n")
	lines[n-1] = repl
	return strings.Join(lines, "\n")
}

func TestLoadUTC(t *testing.T) {
	s, msg := loadIn(t, map[string]string{"main.yaml": utcDoc})
	if msg != "" {
		t.Fatal(msg)
	}
	u := s.Sites["main"].UTC
	if u == nil || u.Capacity != 3 || u.Streamed != 0.4 || u.Hours != (Window{8, 22}) {
		t.Fatalf("utc = %+v", u)
	}
	// Days default to every day when the section leaves them out.
	if got := u.Days.Set(AllWeek); got != AllWeek {
		t.Errorf("days = %v, want every day", got)
	}
	// Hours default to all day.
	s, msg = loadIn(t, map[string]string{"main.yaml": withUTCLine(17, "")})
	if msg != "" {
		t.Fatal(msg)
	}
	if got := s.Sites["main"].UTC.Hours; got != (Window{0, 24}) {
		t.Errorf("default hours = %v, want 00:00-24:00", got)
	}
}

// TestUTCAtClosing: at_closing defaults to see, takes to_ed, and refuses
// anything else at its line, in Load as in Validate.
func TestUTCAtClosing(t *testing.T) {
	s, msg := loadIn(t, map[string]string{"main.yaml": utcDoc})
	if msg != "" {
		t.Fatal(msg)
	}
	if got := s.Sites["main"].UTC.AtClosing; got != UTCSee {
		t.Errorf("default at_closing = %q, want see", got)
	}
	s, msg = loadIn(t, map[string]string{"main.yaml": utcDoc + "      at_closing: to_ed\n"})
	if msg != "" {
		t.Fatal(msg)
	}
	if got := s.Sites["main"].UTC.AtClosing; got != UTCToED {
		t.Errorf("at_closing = %q, want to_ed", got)
	}
	_, msg = loadIn(t, map[string]string{"main.yaml": utcDoc + "      at_closing: send_home\n"})
	if want := `main.yaml:20: sites.main.utc.at_closing: must be see or to_ed, got "send_home"`; !strings.Contains(msg, want) {
		t.Errorf("error\n%s\nwant it to contain\n%s", msg, want)
	}
	s.Sites["main"].UTC.AtClosing = "later"
	errs := s.Validate()
	if len(errs) != 1 || errs[0].Path.String() != "sites.main.utc.at_closing" || !strings.Contains(errs[0].Msg, "must be see or to_ed") {
		t.Errorf("Validate: %v, want one at_closing error", errs)
	}
}

func TestUTCErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"no clinicians", withUTCLine(16, "      capacity: 0"),
			"main.yaml:16: sites.main.utc.capacity: must be >= 1, got 0"},
		{"bad hours", withUTCLine(17, `      hours: "08:00-25:00"`),
			`main.yaml:17: sites.main.utc.hours: bad hours "08:00-25:00": "25:00" is not a time of day HH:MM`},
		{"streamed above one", withUTCLine(18, "      streamed: 1.5"),
			"main.yaml:18: sites.main.utc.streamed: must be between 0 and 1, got 1.5"},
		{"streamed missing", withUTCLine(18, ""),
			"main.yaml:15: sites.main.utc.streamed: missing required field"},
		{"treatment missing", withUTCLine(19, ""),
			"main.yaml:15: sites.main.utc.treatment: missing required field"},
		{"no other attendances", withUTCLine(13, "      others: 0"),
			"main.yaml:15: sites.main.utc: needs the site's ed.others above 0"},
		{"bad day", withUTCLine(17, "      days: [Mon, Funday]"),
			`main.yaml:17: sites.main.utc.days[1]: unknown day "Funday": use mon, tue, wed, thu, fri, sat, sun`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, msg := loadIn(t, map[string]string{"main.yaml": tt.doc})
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", msg, tt.want)
			}
		})
	}
}

// TestUTCStreamingNobodyWarns: a UTC that ED sends nobody (streamed 0) is
// legal but warns, at its line; one that takes a share does not.
func TestUTCStreamingNobodyWarns(t *testing.T) {
	for _, tt := range []struct {
		doc, want string
	}{
		{utcDoc, ""},
		{withUTCLine(18, "      streamed: 0"), "main.yaml:15: sites.main.utc: is never used: streamed is 0, so ED sends it nobody"},
	} {
		s, msg := loadIn(t, map[string]string{"main.yaml": tt.doc})
		if msg != "" {
			t.Fatal(msg)
		}
		var got []string
		for _, w := range s.Warnings {
			got = append(got, w.Error())
		}
		if joined := strings.Join(got, "\n"); tt.want == "" && len(got) > 0 || tt.want != "" && !strings.Contains(joined, tt.want) {
			t.Errorf("warnings %q, want %q", got, tt.want)
		}
	}
}
