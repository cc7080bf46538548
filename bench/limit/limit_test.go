package limit

import (
	"math"
	"testing"
)

// TestMMCIsAQueue: the reference loop does the engine benchmark's work —
// arrivals at rate λ and as many departures, about 2λT events in T hours.
func TestMMCIsAQueue(t *testing.T) {
	m := NewMMC(10, 0.9)
	const T = 20000.0
	m.RunUntil(T)
	want := 2 * 9 * T
	if got := float64(m.Events()); math.Abs(got-want) > 0.02*want {
		t.Fatalf("%v events in %v hours, want about %v", got, T, want)
	}
}

// BenchmarkMMC is the reference figure for sim/engine's BenchmarkMMC.
func BenchmarkMMC(b *testing.B) {
	m := NewMMC(10, 0.9)
	b.ReportAllocs()
	start := m.Events()
	for b.Loop() {
		m.RunUntil(m.Now() + 10)
	}
	n := m.Events() - start
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/event")
}

// TestSameWorkload: the engine and the bare loop process exactly the same
// events (same stream, same order of draws), so their speeds compare like
// with like.
func TestSameWorkload(t *testing.T) {
	a, b := NewMMC(10, 0.9), NewEngineMMC(10, 0.9)
	a.RunUntil(5000)
	b.RunUntil(5000)
	if a.Events() != b.Events() || a.queue != b.queue || a.busy != b.busy {
		t.Fatalf("bare loop: %d events, queue %d, busy %d; engine: %d, %d, %d",
			a.Events(), a.queue, a.busy, b.Events(), b.queue, b.busy)
	}
}

// BenchmarkEngineMMC is sim/engine's figure on the identical workload.
func BenchmarkEngineMMC(b *testing.B) {
	m := NewEngineMMC(10, 0.9)
	b.ReportAllocs()
	start := m.Events()
	for b.Loop() {
		m.RunUntil(m.Now() + 10)
	}
	n := m.Events() - start
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/event")
}
