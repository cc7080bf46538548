package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// uecFile is the model's test scenario with every part of the UEC model:
// beds, virtual wards, p1–p3, hubs and electives, 120 days.
const uecFile = "../../sim/model/testdata/uec.yaml"

// TestWriteCensusReadsBack writes a census on day 60 and starts a copy of
// the scenario from it, with no warm-up: every row is a patient in the
// system at time zero.
func TestWriteCensusReadsBack(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run")
	mustRun(t, "run", uecFile, "--write-census", "60", "--reps", "2", "--out", out, "-q")
	m := readManifest(t, out)
	if m.CensusDay == nil || *m.CensusDay != 60 || !slices.Contains(m.Files, "census.csv") {
		t.Errorf("manifest: census_day %v, files %v; want 60 and census.csv listed", m.CensusDay, m.Files)
	}
	census := filepath.Join(out, "census.csv")
	rows := readCSV(t, census)
	if len(rows) < 100 {
		t.Fatalf("census.csv has %d rows, want a full hospital", len(rows))
	}
	for _, c := range []string{"site", "unit", "days_in_unit", "medically_safe", "pathway"} {
		column(t, rows[0], c)
	}

	abs, err := filepath.Abs(uecFile)
	if err != nil {
		t.Fatal(err)
	}
	absCensus, err := filepath.Abs(census)
	if err != nil {
		t.Fatal(err)
	}
	scen := filepath.Join(dir, "from-census.yaml")
	os.WriteFile(scen, []byte("extends: "+abs+"\nname: from-census\nwarmup: 0d\ncensus: "+absCensus+"\n"), 0o644)
	again := filepath.Join(dir, "again")
	code, _, stderr := flowsim(t, "run", scen, "--reps", "2", "--out", again, "-q")
	if code != 0 {
		t.Fatalf("run from the census: exit %d: %s", code, stderr)
	}
	var got []string
	for _, r := range readCSV(t, filepath.Join(again, "summary.csv"))[1:] {
		if r[1] == "in_system_start" && r[2] == "all" {
			got = append(got, r[3])
		}
	}
	unit := column(t, rows[0], "unit")
	inSystem, readmitting := 0, 0
	for _, r := range rows[1:] {
		if r[unit] == "readmission" {
			readmitting++ // at home until readmitted: not in the system
		} else {
			inSystem++
		}
	}
	if want := strconv.Itoa(inSystem); len(got) != 1 || got[0] != want || readmitting == 0 {
		t.Errorf("in_system_start for all = %v, want %s (the census's data rows less the %d awaiting readmission)", got, want, readmitting)
	}
}

// TestWriteCensusIsReproducible: census.csv is replication 0's, so it is
// byte-identical for any --workers, after an interrupted run is resumed,
// when shards are merged and when the manifest is rerun; and taking it
// leaves every other output as it was.
func TestWriteCensusIsReproducible(t *testing.T) {
	dir := t.TempDir()
	args := []string{"run", uecFile, "--reps", "4", "--horizon", "70d", "--warmup", "10d"}
	runIn := func(name string, extra ...string) string {
		t.Helper()
		out := filepath.Join(dir, name)
		mustRun(t, append(append(slices.Clone(args), extra...), "--out", out, "-q")...)
		return out
	}
	w1 := runIn("w1", "--write-census", "30", "--workers", "1")
	w4 := runIn("w4", "--write-census", "30", "--workers", "4")
	plain := runIn("plain")
	want := readFile(t, filepath.Join(w1, "census.csv"))
	same := func(what, d string) {
		t.Helper()
		if got, err := os.ReadFile(filepath.Join(d, "census.csv")); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: census.csv differs from --workers 1 (%v)", what, err)
		}
	}
	same("--workers 4", w4)
	sameOutputs(t, w1, w4)
	for _, f := range []string{"summary.csv", "replications.csv", "daily.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(w1, f)), readFile(t, filepath.Join(plain, f))) {
			t.Errorf("%s changes when the census is written", f)
		}
	}
	if _, err := os.Stat(filepath.Join(plain, "census.csv")); err == nil {
		t.Error("census.csv written without --write-census")
	}

	// Resume after an interruption that left some checkpoints: with and
	// without replication 0's.
	for _, lost := range [][]string{{"000000", "000002"}, {"000003"}} {
		t.Run("resume without "+strings.Join(lost, ","), func(t *testing.T) {
			cut := runIn("cut"+lost[0], "--write-census", "30")
			for _, f := range []string{"manifest.json", "census.csv"} {
				os.Remove(filepath.Join(cut, f))
			}
			for _, r := range lost {
				files, _ := filepath.Glob(filepath.Join(cut, "reps", "*", r+".rep"))
				if len(files) != 1 {
					t.Fatalf("checkpoint %s: %v", r, files)
				}
				os.Remove(files[0])
			}
			mustRun(t, append(slices.Clone(args), "--write-census", "30", "--resume", cut, "-q")...)
			same("resumed", cut)
			sameOutputs(t, w1, cut)
			if m := readManifest(t, cut); m.Run.Resumed != 4-len(lost) {
				t.Errorf("run.resumed = %d, want %d", m.Run.Resumed, 4-len(lost))
			}
		})
	}
	code, _, stderr := flowsim(t, append(slices.Clone(args), "--write-census", "20", "--resume", w1)...)
	if code != 1 || !strings.Contains(stderr, "--write-census 30 there, 20 here") {
		t.Errorf("resume with another census day: exit %d, %s", code, stderr)
	}

	// Shards: the one holding replication 0 writes the census; the merge
	// writes it again from that checkpoint.
	s1 := runIn("s1", "--write-census", "30", "--shard", "1/2")
	s2 := runIn("s2", "--write-census", "30", "--shard", "2/2")
	same("shard 1/2", s1)
	if _, err := os.Stat(filepath.Join(s2, "census.csv")); err == nil {
		t.Error("shard 2/2, without replication 0, wrote census.csv")
	}
	merged := filepath.Join(dir, "merged")
	mustRun(t, "merge", s1, s2, "--out", merged, "-q")
	same("merged", merged)

	// A rerun of the manifest writes the census again.
	rerunDir := filepath.Join(dir, "rerun")
	mustRun(t, "run", "--manifest", filepath.Join(w1, "manifest.json"), "--out", rerunDir, "-q")
	same("rerun", rerunDir)
	if code, _, stderr := flowsim(t, "run", "--manifest", filepath.Join(w1, "manifest.json"), "--write-census", "5"); code != 2 {
		t.Errorf("--manifest with --write-census: exit %d, %s; want 2", code, stderr)
	}
}

func TestWriteCensusUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"at the horizon", []string{"--write-census", "120"}, "--write-census must be a whole day from 0 to 119"},
		{"negative", []string{"--write-census", "-1"}, "--write-census must be a whole day from 0 to 119"},
		{"past --horizon", []string{"--horizon", "50d", "--write-census", "50"}, "from 0 to 49 (the horizon is 50 days)"},
		{"fractional horizon", []string{"--horizon", "2412h", "--write-census", "101"}, "from 0 to 100 (the horizon is 100.5 days)"},
		{"not a number", []string{"--write-census", "1.5"}, `"--write-census"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := flowsim(t, append([]string{"run", uecFile, "--reps", "1", "--out", out}, tc.args...)...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.want)
			}
			if _, err := os.Stat(filepath.Join(out, "summary.csv")); err == nil {
				t.Error("a refused run wrote files")
			}
		})
	}
}
