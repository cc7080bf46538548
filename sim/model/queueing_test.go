package model

import (
	"fmt"
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
	"github.com/flowsim/flowsim/sim/stats"
)

// erlangB is the blocking probability of an M/M/c/c loss system offered
// load a = λ/μ, by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)).
func erlangB(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// erlangC is the probability that an arrival to an M/M/c queue waits.
func erlangC(c int, a float64) float64 {
	b := erlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

func TestErlangFormulas(t *testing.T) {
	// Textbook values: B(1, 1) = 1/2; B(2, 1) = 1/5; C(1, a) = a (M/M/1).
	if got := erlangB(1, 1); got != 0.5 {
		t.Errorf("B(1,1) = %v", got)
	}
	if got := erlangB(2, 1); math.Abs(got-0.2) > 1e-15 {
		t.Errorf("B(2,1) = %v", got)
	}
	if got := erlangC(1, 0.7); math.Abs(got-0.7) > 1e-15 {
		t.Errorf("C(1,0.7) = %v", got)
	}
}

// queueScenario is a bare M/M/c queue (or M/M/c/c with lost) in the
// scenario format planners use.
func queueScenario(t *testing.T, c int, lambda float64, whenFull string, horizon, warmup string) *scenario.Scenario {
	t.Helper()
	doc := fmt.Sprintf(`
name: textbook
horizon: %s
warmup: %s
places:
  town: {arrivals: %g/h}
sites:
  main:
    beds:
      capacity: %d
      los: {dist: exponential, mean: 1h}
      when_full: %s
`, horizon, warmup, lambda, c, whenFull)
	sc, err := scenario.LoadBytes("textbook.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// runReps runs n replications and returns, per metric name, the values at
// site across replications.
func runReps(t *testing.T, sc *scenario.Scenario, n int, site string) map[string][]float64 {
	t.Helper()
	out := map[string][]float64{}
	for r := range n {
		res, err := Run(sc, rng.Seed(2024).Replication(r))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Metrics {
			if m.Site == site {
				out[m.Name] = append(out[m.Name], m.Value)
			}
		}
	}
	return out
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func checkInCI(t *testing.T, what string, xs []float64, want float64) {
	t.Helper()
	s := stats.Summarize(xs)
	if !(s.CILow <= want && want <= s.CIHigh) {
		t.Errorf("%s: analytic %.5g outside the replications' 95%% CI [%.5g, %.5g] (mean %.5g)", what, want, s.CILow, s.CIHigh, s.Mean)
	} else {
		t.Logf("%s: analytic %.5g in 95%% CI [%.5g, %.5g]", what, want, s.CILow, s.CIHigh)
	}
}

// TestMMcMatchesErlangC: mean wait for a bed in an M/M/5 queue at ρ = 0.85
// matches Erlang C, Wq = C(c, a) / (cμ − λ).
func TestMMcMatchesErlangC(t *testing.T) {
	const c, lambda, mu = 5, 4.25, 1.0
	sc := queueScenario(t, c, lambda, "queue", "4000h", "200h")
	m := runReps(t, sc, 40, SystemSite)
	a := lambda / mu
	wq := erlangC(c, a) / (c*mu - lambda)
	checkInCI(t, "Wq (hours)", m["boarding_hours_mean"], wq)
	checkInCI(t, "utilisation", m["occupancy_mean"], a/c)
	checkInCI(t, "mean LOS (days)", m["mean_los_days"], 1/mu/24)

	// Little's law for the queue (Lq = λ Wq) and for the whole system
	// (L = λ (Wq + 1/μ)), each with the simulated waits.
	var lq, l []float64
	for i := range m["queue_mean"] {
		lq = append(lq, m["queue_mean"][i])
		l = append(l, m["queue_mean"][i]+m["beds_occupied_mean"][i])
	}
	simWq := mean(m["boarding_hours_mean"])
	checkInCI(t, "Little Lq = λWq", lq, lambda*simWq)
	checkInCI(t, "Little L = λW", l, lambda*(simWq+24*mean(m["mean_los_days"])))
}

// TestMMccMatchesErlangB: the share turned away by an M/M/5/5 loss system
// offered 4 erlangs matches Erlang B, and nobody waits.
func TestMMccMatchesErlangB(t *testing.T) {
	const c, lambda = 5, 4.0
	sc := queueScenario(t, c, lambda, "lost", "4000h", "100h")
	m := runReps(t, sc, 40, "main")
	checkInCI(t, "share lost", m["lost_share"], erlangB(c, lambda))
	checkInCI(t, "carried load", m["beds_occupied_mean"], lambda*(1-erlangB(c, lambda)))
	for _, w := range m["boarding_hours_mean"] {
		if w != 0 {
			t.Fatalf("a loss system made a patient wait %v hours", w)
		}
	}
}

// TestConservation: at every site, everyone present at the end of the
// warm-up or arriving after it has been discharged, turned away, or is
// still there at the horizon — exactly, in every replication.
func TestConservation(t *testing.T) {
	cases := map[string]string{
		"queue": "queue",
		"loss":  "lost",
	}
	for name, whenFull := range cases {
		t.Run(name, func(t *testing.T) {
			sc := queueScenario(t, 3, 3.5, whenFull, "500h", "50h")
			for r := range 5 {
				res, err := Run(sc, rng.Seed(1).Replication(r))
				if err != nil {
					t.Fatal(err)
				}
				checkConservation(t, res)
			}
		})
	}
}

func checkConservation(t *testing.T, res *Result) {
	t.Helper()
	by := map[string]map[string]float64{}
	for _, m := range res.Metrics {
		if by[m.Site] == nil {
			by[m.Site] = map[string]float64{}
		}
		by[m.Site][m.Name] = m.Value
	}
	for site, v := range by {
		in := v["in_system_start"] + v["arrivals"] + v["elective_arrivals"]
		out := v["left"] + v["lost"] + v["electives_cancelled"] + v["in_system_end"]
		if in != out || v["arrivals"] == 0 {
			t.Errorf("%s: start %v + arrivals %v + electives %v != left %v + lost %v + cancelled %v + end %v",
				site, v["in_system_start"], v["arrivals"], v["elective_arrivals"], v["left"], v["lost"],
				v["electives_cancelled"], v["in_system_end"])
		}
	}
}
