// Package limit is the reference point for the engine's speed: the M/M/c
// workload of sim/engine's benchmark written as the barest possible event
// loop — a typed 4-ary heap of (time, kind) with no sequence numbers, no
// priorities, no handler table, dispatch by switch. It is what a
// hand-written simulation of this one queue could do; the engine's
// events/s divided by this loop's is the price of its generality.
package limit

import "math/rand/v2"

type event struct {
	at     float64
	depart bool
}

// MMC is an M/M/c queue on a bare heap.
type MMC struct {
	r              *rand.Rand
	heap           []event
	now            float64
	lambda, mu     float64
	c, busy, queue int
	events         uint64
}

// NewMMC returns an M/M/servers queue at utilisation rho with the same
// random stream and event pattern as the engine benchmark.
func NewMMC(servers int, rho float64) *MMC {
	m := &MMC{r: rand.New(rand.NewPCG(1, 2)), c: servers, mu: 1, heap: make([]event, 0, servers+2)}
	m.lambda = rho * float64(servers) * m.mu
	m.push(event{at: 0})
	return m
}

// Events returns the number of events processed.
func (m *MMC) Events() uint64 { return m.events }

// Now returns the current time.
func (m *MMC) Now() float64 { return m.now }

// RunUntil processes events before end.
func (m *MMC) RunUntil(end float64) {
	for len(m.heap) > 0 && m.heap[0].at < end {
		ev := m.pop()
		m.now = ev.at
		m.events++
		if ev.depart {
			if m.queue > 0 {
				m.queue--
				m.push(event{at: m.now + m.r.ExpFloat64()/m.mu, depart: true})
				continue
			}
			m.busy--
			continue
		}
		m.push(event{at: m.now + m.r.ExpFloat64()/m.lambda})
		if m.busy < m.c {
			m.busy++
			m.push(event{at: m.now + m.r.ExpFloat64()/m.mu, depart: true})
			continue
		}
		m.queue++
	}
	m.now = end
}

func (m *MMC) push(ev event) {
	h := append(m.heap, ev)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if !(ev.at < h[p].at) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = ev
	m.heap = h
}

func (m *MMC) pop() event {
	h := m.heap
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	i := 0
	for {
		first := 4*i + 1
		if first >= n {
			break
		}
		c := first
		for j := first + 1; j < min(first+4, n); j++ {
			if h[j].at < h[c].at {
				c = j
			}
		}
		if !(h[c].at < last.at) {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	m.heap = h
	return top
}
