package model

import (
	"testing"

	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// BenchmarkTwoSites runs a year of a two-site system per iteration and
// reports events/s and allocations per event.
func BenchmarkTwoSites(b *testing.B) {
	sc := loadTwoSites(b)
	sc.Horizon = 365 * 24
	sc.Warmup = 0
	b.ReportAllocs()
	var events uint64
	i := 0
	for b.Loop() {
		res, err := Run(sc, rng.Seed(1).Replication(i))
		if err != nil {
			b.Fatal(err)
		}
		events += res.Events
		i++
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
	b.ReportMetric(float64(events)/float64(i), "events/op")
}

// BenchmarkNottsBaseline runs one replication of the shipped Notts
// baseline (368-day warm-up + one year) per iteration.
func BenchmarkNottsBaseline(b *testing.B) {
	sc, err := scenario.Load("../../scenarios/notts/baseline.yaml")
	if err != nil {
		b.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		b.Fatal(err)
	}
	benchPlan(b, plan)
}

// benchPlan runs one replication of plan per iteration and reports
// allocations, events/s, ns/event and events/op.
func benchPlan(b *testing.B, plan *Plan) {
	b.ReportAllocs()
	var events uint64
	i := 0
	for b.Loop() {
		events += RunPlan(plan, rng.Seed(1).Replication(i), Options{}).Events
		i++
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
	b.ReportMetric(float64(events)/float64(i), "events/op")
}
