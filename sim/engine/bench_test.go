package engine

import (
	"math/rand/v2"
	"testing"
)

// mmc is a bare M/M/c queue on the engine: the workload the engine's
// events/s figure is quoted on.
type mmc struct {
	e              *Engine
	r              *rand.Rand
	arrive, depart Kind
	lambda, mu     float64
	c, busy, queue int
}

func newMMC(servers int, rho float64) *mmc {
	m := &mmc{e: New(servers + 2), r: rand.New(rand.NewPCG(1, 2)), c: servers, mu: 1}
	m.lambda = rho * float64(servers) * m.mu
	m.depart = m.e.Register("depart", 0, func(int32) {
		if m.queue > 0 {
			m.queue--
			m.e.After(Time(m.r.ExpFloat64()/m.mu), m.depart, 0)
			return
		}
		m.busy--
	})
	m.arrive = m.e.Register("arrive", 1, func(int32) {
		m.e.After(Time(m.r.ExpFloat64()/m.lambda), m.arrive, 0)
		if m.busy < m.c {
			m.busy++
			m.e.After(Time(m.r.ExpFloat64()/m.mu), m.depart, 0)
			return
		}
		m.queue++
	})
	m.e.At(0, m.arrive, 0)
	return m
}

// BenchmarkMMC reports engine throughput on an M/M/10 queue at ρ = 0.9,
// including the exponential draws a real model makes per event.
func BenchmarkMMC(b *testing.B) {
	m := newMMC(10, 0.9)
	b.ReportAllocs()
	b.ResetTimer()
	start := m.e.Processed()
	for b.Loop() {
		m.e.RunUntil(m.e.Now() + 10)
	}
	n := m.e.Processed() - start
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/event")
}
