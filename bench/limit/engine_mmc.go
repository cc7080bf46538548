package limit

import (
	"math/rand/v2"

	"github.com/flowsim/flowsim/sim/engine"
)

// EngineMMC is MMC's workload on sim/engine: the same queue, the same
// random stream, the same events, dispatched through registered handlers.
type EngineMMC struct {
	e              *engine.Engine
	r              *rand.Rand
	arrive, depart engine.Kind
	lambda, mu     float64
	c, busy, queue int
}

// NewEngineMMC returns an M/M/servers queue at utilisation rho on the engine.
func NewEngineMMC(servers int, rho float64) *EngineMMC {
	m := &EngineMMC{e: engine.New(servers + 2), r: rand.New(rand.NewPCG(1, 2)), c: servers, mu: 1}
	m.lambda = rho * float64(servers) * m.mu
	m.depart = m.e.Register("depart", 0, func(int32) {
		if m.queue > 0 {
			m.queue--
			m.e.After(engine.Time(m.r.ExpFloat64()/m.mu), m.depart, 0)
			return
		}
		m.busy--
	})
	m.arrive = m.e.Register("arrive", 1, func(int32) {
		m.e.After(engine.Time(m.r.ExpFloat64()/m.lambda), m.arrive, 0)
		if m.busy < m.c {
			m.busy++
			m.e.After(engine.Time(m.r.ExpFloat64()/m.mu), m.depart, 0)
			return
		}
		m.queue++
	})
	m.e.At(0, m.arrive, 0)
	return m
}

// Events returns the number of events processed.
func (m *EngineMMC) Events() uint64 { return m.e.Processed() }

// Now returns the current time.
func (m *EngineMMC) Now() float64 { return float64(m.e.Now()) }

// RunUntil processes events before end.
func (m *EngineMMC) RunUntil(end float64) { m.e.RunUntil(engine.Time(end)) }
