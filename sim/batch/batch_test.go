package batch

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/flowsim/flowsim/sim/metric"
	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

const doc = `
name: b
horizon: 30d
warmup: 3d
places:
  a: {arrivals: 30/d}
sites:
  s:
    beds: {capacity: 60, los: {dist: lognormal, median: 2d, p95: 9d}}
`

func loadDoc(t *testing.T, name, yaml string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadBytes(name, []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func load(t *testing.T) *scenario.Scenario { return loadDoc(t, "b.yaml", doc) }

// sameResults compares results bit for bit (reflect.DeepEqual would call
// two NaN metrics different).
func sameResults(t *testing.T, a, b []*model.Result) bool {
	t.Helper()
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] == nil || b[i] == nil || !output.EqualResults(a[i], b[i]) {
			return false
		}
	}
	return true
}

func runAll(t *testing.T, b *Batch, reps []int) [][]*model.Result {
	t.Helper()
	out, err := b.Run(context.Background(), reps)
	if err != nil {
		t.Fatal(err)
	}
	return out.Results
}

func TestWorkersDoNotChangeResults(t *testing.T) {
	sc := load(t)
	one, err := Run(context.Background(), sc, Options{Reps: 8, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 8} {
		many, err := Run(context.Background(), sc, Options{Reps: 8, Seed: 3, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		for i := range one {
			if one[i].Rep != many[i].Rep || !output.EqualResults(one[i].Result, many[i].Result) {
				t.Fatalf("workers=%d changed replication %d", w, i)
			}
		}
	}
	// Replications are distinct draws, numbered in order.
	for i, r := range one {
		if r.Rep != i {
			t.Fatalf("result %d has rep %d", i, r.Rep)
		}
	}
	if output.EqualResults(one[0].Result, one[1].Result) {
		t.Error("replications 0 and 1 are identical")
	}
}

// TestReplicationNumbersNotPositions: replication r is the same whichever
// other replications run with it, so shards and rounds can be combined.
func TestReplicationNumbersNotPositions(t *testing.T) {
	b := &Batch{Scenarios: []*scenario.Scenario{load(t)}, Seed: 5, Workers: 2}
	all := runAll(t, b, Sequence(0, 6))[0]
	some := runAll(t, b, []int{4, 1})[0]
	if !sameResults(t, []*model.Result{all[4], all[1]}, some) {
		t.Error("replications 4 and 1 differ when run alone")
	}
}

func TestDoneCountsEveryReplication(t *testing.T) {
	var seen []int
	_, err := Run(context.Background(), load(t), Options{Reps: 5, Seed: 1, Workers: 3, Done: func(n int) { seen = append(seen, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, []int{1, 2, 3, 4, 5}) {
		t.Errorf("Done saw %v, want 1..5", seen)
	}
}

func TestCancelledBatchStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, load(t), Options{Reps: 50, Seed: 1, Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestSummariesKeepMetricOrder(t *testing.T) {
	reps, err := Run(context.Background(), load(t), Options{Reps: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rows := Summaries(reps)
	if len(rows) != len(reps[0].Metrics) {
		t.Fatalf("%d summary rows for %d metrics", len(rows), len(reps[0].Metrics))
	}
	for i, r := range rows {
		m := reps[0].Metrics[i]
		if r.Metric != m.Name || r.Site != m.Site || r.N != 4 {
			t.Errorf("row %d = %s/%s n=%d, want %s/%s n=4", i, r.Metric, r.Site, r.N, m.Name, m.Site)
		}
	}
	// The summary mean is the mean of the replications' values.
	sum := 0.0
	for _, rep := range reps {
		sum += rep.Metrics[0].Value
	}
	if rows[0].Mean != sum/4 {
		t.Errorf("mean = %v, want %v", rows[0].Mean, sum/4)
	}
}

// Two textbook systems, each with an alternative that adds a bed. In the
// loss system the extra bed turns fewer patients away, so more bed-days
// are used (B(5,4) ≈ 0.199 lost against B(6,4) ≈ 0.117: about 0.33
// erlangs more, 7.9 bed-days over the 24 days after warm-up); in the
// queue, waits for a bed fall.
const (
	lossBase = `
name: loss
horizon: 30d
warmup: 6d
places: {town: {arrivals: 4/h}}
sites: {main: {beds: {capacity: 5, los: {dist: exponential, mean: 1h}, when_full: lost}}}
`
	queueBase = `
name: queue
horizon: 30d
warmup: 6d
places: {town: {arrivals: 4.25/h}}
sites: {main: {beds: {capacity: 5, los: {dist: exponential, mean: 1h}}}}
`
)

// TestCRNNarrowsTheInterval: the paired interval for base − alt under
// common random numbers (both scenarios from one seed) against the same
// pairing of independent runs (the alternative from another seed). Both
// estimate the same difference; common random numbers must give a much
// narrower interval, and one that excludes zero, the difference being real.
func TestCRNNarrowsTheInterval(t *testing.T) {
	cases := []struct {
		name, base, metric string
		atLeast            float64 // how many times narrower
	}{
		{"loss system bed_days", lossBase, "bed_days", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := loadDoc(t, "base.yaml", tc.base)
			alt := loadDoc(t, "alt.yaml", strings.Replace(tc.base, "capacity: 5", "capacity: 6", 1))
			reps := Sequence(0, 40)
			crn := runAll(t, &Batch{Scenarios: []*scenario.Scenario{base, alt}, Seed: 1}, reps)
			indep := runAll(t, &Batch{Scenarios: []*scenario.Scenario{alt}, Seed: 2}, reps)[0]
			row := func(rows []output.ComparisonRow) output.ComparisonRow {
				i := slices.IndexFunc(rows, func(r output.ComparisonRow) bool { return r.Metric == tc.metric && r.Site == "all" })
				if i < 0 {
					t.Fatalf("no %s row", tc.metric)
				}
				return rows[i]
			}
			paired := row(Compare("alt", crn[0], crn[1]))
			unpaired := row(Compare("alt", crn[0], indep))
			pw := paired.Diff.CIHigh - paired.Diff.CILow
			uw := unpaired.Diff.CIHigh - unpaired.Diff.CILow
			t.Logf("%s: CRN diff %.4g [%.4g, %.4g] width %.4g; independent %.4g [%.4g, %.4g] width %.4g (%.1f× wider)",
				tc.metric, paired.Diff.Mean, paired.Diff.CILow, paired.Diff.CIHigh, pw,
				unpaired.Diff.Mean, unpaired.Diff.CILow, unpaired.Diff.CIHigh, uw, uw/pw)
			if !(pw*tc.atLeast < uw) {
				t.Errorf("CRN interval width %.4g is not %.0f× narrower than the independent one, %.4g", pw, tc.atLeast, uw)
			}
			if paired.Diff.CILow <= 0 && paired.Diff.CIHigh >= 0 {
				t.Errorf("CRN interval [%v, %v] contains 0: the extra bed should make a difference", paired.Diff.CILow, paired.Diff.CIHigh)
			}
			if paired.Diff.N != 40 || math.Abs(paired.Diff.Mean-(paired.BaseMean-paired.AltMean)) > 1e-9*math.Abs(paired.BaseMean) {
				t.Errorf("diff %v over n=%d, want base−alt = %v over 40", paired.Diff.Mean, paired.Diff.N, paired.BaseMean-paired.AltMean)
			}
		})
	}
}

func TestCompareMatchesMetricsByName(t *testing.T) {
	r := func(vals ...float64) *model.Result {
		res := &model.Result{}
		for i, v := range vals {
			res.Metrics = append(res.Metrics, model.Metric{Name: []string{"a", "b", "c"}[i], Site: "all", Value: v})
		}
		return res
	}
	base := []*model.Result{r(10, 1, 5), r(12, 2, 7)}
	alt := []*model.Result{{Metrics: []model.Metric{{Name: "c", Site: "all", Value: 4}, {Name: "a", Site: "all", Value: 9}}},
		{Metrics: []model.Metric{{Name: "c", Site: "all", Value: 5}, {Name: "a", Site: "all", Value: 9}}}}
	rows := Compare("x", base, alt)
	if len(rows) != 2 || rows[0].Metric != "a" || rows[1].Metric != "c" {
		t.Fatalf("rows %+v, want a then c", rows)
	}
	if rows[0].Diff.Mean != 2 || rows[1].Diff.Mean != 1.5 || rows[1].BaseMean != 6 || rows[1].AltMean != 4.5 {
		t.Errorf("rows %+v", rows)
	}
}

func TestShardsPartitionTheReplications(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7} {
		seen := map[int]int{}
		for k := 1; k <= n; k++ {
			s := Shard{Index: k, Count: n}
			reps := s.Reps(20)
			for _, r := range reps {
				if !s.Owns(r) {
					t.Errorf("shard %s lists %d but does not own it", s, r)
				}
				seen[r]++
			}
			if len(reps) < 20/n || len(reps) > 20/n+1 {
				t.Errorf("shard %s has %d reps, want %d or %d", s, len(reps), 20/n, 20/n+1)
			}
		}
		for r := range 20 {
			if seen[r] != 1 {
				t.Errorf("N=%d: replication %d in %d shards", n, r, seen[r])
			}
		}
	}
	for _, bad := range []string{"0/3", "4/3", "3", "a/b", "1/0", "-1/2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := ParseShard("2/5"); err != nil || s != (Shard{2, 5}) {
		t.Errorf("ParseShard(2/5) = %v, %v", s, err)
	}
}

func newStore(t *testing.T, dir string, b *Batch) *Store {
	t.Helper()
	s := &Store{Dir: dir}
	for _, sc := range b.Scenarios {
		k, err := JobKey("test", b.Seed, sc, b.Model)
		if err != nil {
			t.Fatal(err)
		}
		s.Keys = append(s.Keys, k)
	}
	return s
}

// TestResumeAfterInterruption: a batch cancelled part-way keeps what
// finished; running it again with the same store simulates only the rest,
// and the results are those of an uninterrupted run. Damaged checkpoints
// and stray temporary files (a kill -9 mid-write) are ignored.
func TestResumeAfterInterruption(t *testing.T) {
	base, alt := loadDoc(t, "base.yaml", queueBase), loadDoc(t, "alt.yaml", strings.Replace(queueBase, "capacity: 5", "capacity: 6", 1))
	mk := func() *Batch { return &Batch{Scenarios: []*scenario.Scenario{base, alt}, Seed: 9, Workers: 2} }
	reps := Sequence(0, 30)
	want := runAll(t, mk(), reps)

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	b := mk()
	b.Store = newStore(t, dir, b)
	b.Progress = func(done, _ int) {
		if done == 17 {
			cancel()
		}
	}
	out, err := b.Run(ctx, reps)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	saved := out.Simulated
	if saved < 17 || saved >= 60 {
		t.Fatalf("%d replications finished before the interruption took effect", saved)
	}
	// What a kill -9 could leave: a temporary file cut short, and (from a
	// machine crash) a checkpoint whose tail was lost.
	jobDir := filepath.Join(dir, b.Store.JobDir(0))
	os.WriteFile(filepath.Join(jobDir, ".000029.rep.tmp-123"), []byte("flowsim-checkpoint 1\nhalf"), 0o644)
	done0, _ := b.Store.Reps(0)
	victim := filepath.Join(jobDir, filepath.Base(b.Store.path(Task{0, done0[0]})))
	data, _ := os.ReadFile(victim)
	os.WriteFile(victim, data[:len(data)/2], 0o644)

	b2 := mk()
	b2.Store = newStore(t, dir, b2)
	if n, err := b2.Store.RemoveTemporary(); err != nil || n != 1 {
		t.Errorf("RemoveTemporary = %d, %v; want 1 file", n, err)
	}
	out2, err := b2.Run(context.Background(), reps)
	if err != nil {
		t.Fatal(err)
	}
	if out2.Loaded != saved-1 || out2.Simulated != 60-saved+1 {
		t.Errorf("resume loaded %d and simulated %d; want %d and %d", out2.Loaded, out2.Simulated, saved-1, 60-saved+1)
	}
	if d := b2.Store.Damaged(); len(d) != 1 || d[0] != victim {
		t.Errorf("damaged = %v, want [%s]", d, victim)
	}
	for j := range want {
		if !sameResults(t, want[j], out2.Results[j]) {
			t.Errorf("scenario %d: resumed results differ from an uninterrupted run", j)
		}
	}

	// A store for another seed must not take these checkpoints.
	b3 := mk()
	b3.Seed = 10
	other := newStore(t, dir, b3)
	if other.JobDir(0) == b2.Store.JobDir(0) {
		t.Error("another seed maps to the same checkpoint directory")
	}
	// A checkpoint with the right name but another key is refused.
	os.MkdirAll(filepath.Join(dir, other.JobDir(0)), 0o755)
	src, _ := os.ReadFile(filepath.Join(jobDir, "000001.rep"))
	os.WriteFile(filepath.Join(dir, other.JobDir(0), "000001.rep"), src, 0o644)
	if _, err := other.Load(Task{0, 1}); err == nil || !strings.Contains(err.Error(), "another run") {
		t.Errorf("foreign checkpoint: err = %v, want 'belongs to another run'", err)
	}
}

func TestSequentialStopsAtTarget(t *testing.T) {
	sc := load(t)
	measure := func(results [][]*model.Result) (float64, error) {
		xs, ok := Values(results[0], "arrivals", "all")
		if !ok {
			return 0, errors.New("no arrivals")
		}
		res := make([]float64, len(xs))
		copy(res, xs)
		s := summarize(res)
		return (s.CIHigh - s.CILow) / 2, nil
	}
	var first Rounds
	for i, w := range []int{1, 4} {
		b := &Batch{Scenarios: []*scenario.Scenario{sc}, Seed: 2, Workers: w}
		seq := &Sequential{First: 5, MaxReps: 200, Target: 10, Measure: measure}
		out, rounds, err := b.RunSequential(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		n := rounds.Counts[len(rounds.Counts)-1]
		if !rounds.Met || rounds.HalfWidth > 10 || len(out.Results[0]) != n {
			t.Fatalf("rounds %+v with %d results: want the target met", rounds, len(out.Results[0]))
		}
		// The count is where the target was first met at a round's end.
		if len(rounds.Counts) < 2 {
			t.Errorf("rounds %v: the first round of 5 should not have been enough", rounds.Counts)
		}
		if i == 0 {
			first = rounds
		} else if !reflect.DeepEqual(first, rounds) {
			t.Errorf("rounds with 4 workers %+v differ from 1 worker %+v", rounds, first)
		}
	}
	// A target out of reach stops at MaxReps.
	b := &Batch{Scenarios: []*scenario.Scenario{sc}, Seed: 2}
	_, rounds, err := b.RunSequential(context.Background(), &Sequential{First: 3, MaxReps: 12, Target: 1e-9, Measure: measure})
	if err != nil || rounds.Met || rounds.Counts[len(rounds.Counts)-1] != 12 {
		t.Errorf("unreachable target: rounds %+v, err %v; want to stop unmet at 12", rounds, err)
	}
}

func TestNextRoundCount(t *testing.T) {
	s := &Sequential{Target: 1, MaxReps: 1000}
	for _, tc := range []struct {
		n    int
		h    float64
		want int
	}{
		{10, 2, 40},      // 4× the replications halves the width; capped at 4n
		{10, 1.5, 25},    // 10·2.25·1.1 = 24.75
		{10, 1.01, 12},   // 11.2 → 12
		{10, 0.5, 11},    // already narrow enough: at least one more
		{400, 10, 1000},  // capped by MaxReps
		{10, 1e300, 40},  // absurd estimate: at most 4n
		{999, 1.1, 1000}, // one short of the cap
	} {
		if got := s.Next(tc.n, tc.h); got != tc.want {
			t.Errorf("Next(%d, %v) = %d, want %d", tc.n, tc.h, got, tc.want)
		}
	}
}

// TestProposeWarmupOnFillingHospital: a hospital that starts empty fills
// over about three lengths of stay; MSER-5 must cut the fill and not much
// more.
func TestProposeWarmupOnFillingHospital(t *testing.T) {
	sc := loadDoc(t, "fill.yaml", `
name: fill
horizon: 300d
places: {a: {arrivals: 40/d}}
sites: {s: {beds: {capacity: 400, los: {dist: exponential, mean: 6d}}}}
`)
	res := runAll(t, &Batch{Scenarios: []*scenario.Scenario{sc}, Seed: 4}, Sequence(0, 10))[0]
	series := DailyOccupancy(res, 300)
	if len(series) != 300 || series[0] > 40 || math.Abs(series[250]-240) > 25 {
		t.Fatalf("series starts %v and reaches %v; want about 20 and 240", series[0], series[250])
	}
	tr := ProposeWarmup(res, 300)
	// Occupancy 240·(1 − e^(−t/6)) is within 1 bed-day of its level after
	// t ≈ 33 days; the replications' noise is a few beds.
	if tr.Obs < 10 || tr.Obs > 60 || !tr.Reliable {
		t.Errorf("proposed warm-up %d days (%+v), want 10–60 and reliable", tr.Obs, tr)
	}
}

func summarize(xs []float64) stats.Summary { return stats.Summarize(xs) }

// TestPreparedPlansAreUsed: a batch given plans runs them rather than
// preparing its scenarios again — a plan prepared with another horizon
// gives that horizon's results, identical to preparing it in the batch.
func TestPreparedPlansAreUsed(t *testing.T) {
	sc := load(t)
	short := *sc
	short.Horizon = sc.Horizon / 2
	plan, err := model.Prepare(&short)
	if err != nil {
		t.Fatal(err)
	}
	reps := Sequence(0, 3)
	given := runAll(t, &Batch{Scenarios: []*scenario.Scenario{sc}, Plans: []*model.Plan{plan}, Seed: 1, Workers: 2}, reps)
	own := runAll(t, &Batch{Scenarios: []*scenario.Scenario{&short}, Seed: 1, Workers: 2}, reps)
	full := runAll(t, &Batch{Scenarios: []*scenario.Scenario{sc}, Seed: 1, Workers: 2}, reps)
	if !sameResults(t, given[0], own[0]) {
		t.Error("a batch given a plan did not reproduce that plan's results")
	}
	if sameResults(t, given[0], full[0]) {
		t.Error("a batch given a plan prepared its scenario again")
	}
	if _, err := (&Batch{Scenarios: []*scenario.Scenario{sc}, Plans: []*model.Plan{plan, plan}}).Run(context.Background(), reps); err == nil {
		t.Error("two plans for one scenario were accepted")
	}
}

// TestCompareCountsEscalationAbsentAsZero: a base without escalation does
// not report the escalation metrics; compared with an alternative that
// does, they count as zero in the base, in the registry's place (after
// the ward round, before the costs), and in the other direction too.
func TestCompareCountsEscalationAbsentAsZero(t *testing.T) {
	names := func(withEscalation bool) []string {
		ns := []string{metric.BedDays, metric.WardRoundWaitHoursMean}
		if withEscalation {
			ns = append(ns, metric.EscalationBedDays)
		}
		ns = append(ns, metric.CostBedDays)
		if withEscalation {
			ns = append(ns, metric.CostEscalationBedDays)
		}
		return append(ns, metric.CostTotal)
	}
	result := func(withEscalation bool, v float64) *model.Result {
		res := &model.Result{}
		for i, n := range names(withEscalation) {
			for _, site := range []string{"a", "all"} {
				res.Metrics = append(res.Metrics, model.Metric{Name: n, Site: site, Value: v + float64(i)})
			}
		}
		return res
	}
	plain := []*model.Result{result(false, 10), result(false, 20)}
	escalating := []*model.Result{result(true, 100), result(true, 200)}
	rows := Compare("x", plain, escalating)
	var got []string
	for _, r := range rows {
		got = append(got, r.Metric+"/"+r.Site)
	}
	want := []string{"bed_days/a", "bed_days/all", "ward_round_wait_hours_mean/a", "ward_round_wait_hours_mean/all",
		"escalation_bed_days/a", "escalation_bed_days/all", "cost_bed_days/a", "cost_bed_days/all",
		"cost_escalation_bed_days/a", "cost_escalation_bed_days/all", "cost_total/a", "cost_total/all"}
	if !slices.Equal(got, want) {
		t.Fatalf("rows %v\nwant %v", got, want)
	}
	// escalation_bed_days is the alternative's third metric: 102 and 202.
	if e := rows[4]; e.BaseMean != 0 || e.AltMean != 152 || e.Diff.Mean != -152 {
		t.Errorf("escalation_bed_days: base %v, alt %v, diff %v; want 0, 152, -152", e.BaseMean, e.AltMean, e.Diff.Mean)
	}
	if c := rows[10]; c.BaseMean != 18 || c.AltMean != 155 {
		t.Errorf("cost_total: base %v, alt %v; want 18 and 155 (matched by name)", c.BaseMean, c.AltMean)
	}
	back := Compare("x", escalating, plain)
	if len(back) != len(want) || back[4].Metric != metric.EscalationBedDays || back[4].BaseMean != 152 || back[4].AltMean != 0 {
		t.Errorf("reverse: %+v", back[4])
	}
}
