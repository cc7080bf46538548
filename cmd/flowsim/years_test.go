package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestYearsByteIdentical: a run and a comparison reporting financial years
// write the same files for any worker count and any split into shards
// merged.
func TestYearsByteIdentical(t *testing.T) {
	for _, args := range [][]string{
		{"run", "testdata/years.yaml", "--reps", "4"},
		{"compare", "testdata/years.yaml", "testdata/years-more-beds.yaml", "--reps", "4"},
	} {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			files := []string{"summary.csv", "replications.csv"}
			if args[0] == "compare" {
				files = append(files, "comparison.csv")
			}
			one := filepath.Join(dir, "one")
			mustRun(t, append(args, "--out", one, "--workers", "1", "-q")...)
			three := filepath.Join(dir, "three")
			mustRun(t, append(args, "--out", three, "--workers", "3", "-q")...)
			sameOutputs(t, one, three, files...)
			var shards []string
			for k := 2; k >= 1; k-- {
				d := filepath.Join(dir, "shard"+strconv.Itoa(k))
				mustRun(t, append(args, "--shard", strconv.Itoa(k)+"/2", "--out", d, "--workers", "2", "-q")...)
				shards = append(shards, d)
			}
			merged := filepath.Join(dir, "merged")
			mustRun(t, append(append([]string{"merge"}, shards...), "--out", merged, "-q")...)
			sameOutputs(t, one, merged, files...)
		})
	}
}

// TestYearsInOutputs: summary.csv ends its rows with the period columns,
// the whole run first ("all", its recorded days) and then each financial
// year, partial ones marked with their days; comparison.csv pairs years,
// and the capacity plan dated 1 April 2026 saves nothing before it.
func TestYearsInOutputs(t *testing.T) {
	dir := t.TempDir()
	stdout := mustRun(t, "compare", "testdata/years.yaml", "testdata/years-more-beds.yaml", "--reps", "3", "--out", dir)
	for _, want := range []string{"years-more-beds by financial year (April–March), whole system", "2025/26 (partial: 172 days)", "2026/27", "2027/28 (partial: 253 days)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	summary := string(readFile(t, filepath.Join(dir, "summary.csv")))
	lines := strings.Split(strings.TrimSpace(summary), "\n")
	if !strings.HasSuffix(lines[0], ",n,period,period_days,period_partial") {
		t.Errorf("summary.csv header %q", lines[0])
	}
	for _, want := range []string{
		"years,arrivals,all,", ",all,790,no",
		",2025/26,172,yes", ",2026/27,365,no", ",2027/28,253,yes",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary.csv lacks %q", want)
		}
	}
	comparison := string(readFile(t, filepath.Join(dir, "comparison.csv")))
	before := 0
	for _, line := range strings.Split(comparison, "\n") {
		// Before 1 April 2026 the two scenarios are the same system with
		// the same patients: no bed-days saved, exactly.
		if strings.HasPrefix(line, "years-more-beds,bed_days,") && strings.HasSuffix(line, ",2025/26,172,yes") {
			before++
			if f := strings.Split(line, ","); f[5] != "0" || f[6] != "0" || f[7] != "0" {
				t.Errorf("bed-days saved in 2025/26, before the extra beds open: %s", line)
			}
		}
	}
	if before != 3 {
		t.Errorf("comparison.csv has %d bed_days rows for 2025/26, want 3 (north, south, all)", before)
	}
	if !strings.Contains(comparison, ",period,period_days,period_partial\n") {
		t.Error("comparison.csv lacks the period columns")
	}
}
