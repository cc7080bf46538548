package plot

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReadRunSparseDaily: daily.csv rows that would leave the table of
// days × replications mostly empty — a day far beyond any horizon, each
// row a new replication on a new day — are refused with the line, before
// memory is allocated for them; a full table of the same size is read.
func TestReadRunSparseDaily(t *testing.T) {
	const header = "scenario,rep,day,site,unit,occupied,arrivals,admissions,discharges,delayed\n"
	row := func(rep, day int) string {
		return "tiny," + itoa(rep) + "," + itoa(day) + ",north,beds,2,5,4,3,0\n"
	}
	var diagonal, full strings.Builder
	diagonal.WriteString(header)
	full.WriteString(header)
	for i := range 3000 {
		diagonal.WriteString(row(i, i))
	}
	for rep := range 30 {
		for day := range 100 {
			full.WriteString(row(rep, day))
		}
	}
	cases := []struct {
		name, daily string
		want        string // "" for no error
	}{
		{"a day far out", header + row(0, 0) + row(0, 1_000_000_000), "daily.csv:3: day 1000000000 of replication 0: the rows leave the table"},
		{"a negative day", header + row(0, -1), "daily.csv:2: column day: -1 is negative"},
		{"a new replication each day", diagonal.String(), "daily.csv:"},
		{"a full table", full.String(), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyRun(t, "plot_run")
			if err := os.WriteFile(filepath.Join(dir, DailyFile), []byte(c.daily), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadRun(dir)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("error %v, want none", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
