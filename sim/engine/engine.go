package engine

import "fmt"

// Engine holds the clock, the calendar and the handler table of one
// replication. The zero value is not usable; call New.
type Engine struct {
	now      Time
	seq      uint64
	cal      *agenda
	handlers []Handler
	names    []string
	prios    []uint64
	stopped  bool
	count    uint64
}

// New returns an engine at time 0 with an empty calendar. capacity is a hint
// for the number of events pending at once; the calendar grows as needed.
func New(capacity int) *Engine {
	return &Engine{cal: newAgenda(capacity)}
}

// Register adds a handler and returns the Kind used to schedule it. name is
// used in panic messages and diagnostics. Register before running.
func (e *Engine) Register(name string, p Priority, h Handler) Kind {
	if h == nil {
		panic("engine: nil handler for " + name)
	}
	if len(e.handlers) >= 1<<16 {
		panic("engine: too many event kinds")
	}
	e.handlers = append(e.handlers, h)
	e.names = append(e.names, name)
	e.prios = append(e.prios, uint64(p)<<seqBits)
	return Kind(len(e.handlers) - 1)
}

// Name returns the name a Kind was registered with.
func (e *Engine) Name(k Kind) string { return e.names[k] }

// Now returns the current simulated time.
func (e *Engine) Now() Time { return e.now }

// Processed returns how many events have been dispatched so far.
func (e *Engine) Processed() uint64 { return e.count }

// Pending returns how many events are on the calendar.
func (e *Engine) Pending() int { return e.cal.pending }

// After schedules an event of kind k, carrying arg, delay hours from now.
// It panics if delay is negative, NaN or infinite: that is a bug in the
// model, never a property of user input.
func (e *Engine) After(delay Time, k Kind, arg int32) {
	if !(delay >= 0) || delay > maxTime {
		panic(fmt.Sprintf("engine: %s scheduled with delay %v at t=%v", e.names[k], delay, e.now))
	}
	e.push(e.now+delay, k, arg)
}

// At schedules an event of kind k, carrying arg, at absolute time t. It
// panics if t is before now, NaN or infinite.
func (e *Engine) At(t Time, k Kind, arg int32) {
	if !(t >= e.now) || t > maxTime {
		panic(fmt.Sprintf("engine: %s scheduled at t=%v, now is %v", e.names[k], t, e.now))
	}
	e.push(t, k, arg)
}

// maxTime bounds scheduled times; it also rejects +Inf.
const maxTime Time = 1e15

func (e *Engine) push(t Time, k Kind, arg int32) {
	e.seq++
	e.cal.push(event{at: t, key: e.prios[k] | e.seq, kind: k, arg: arg})
}

// RunUntil dispatches events in order while their time is before end, then
// sets the clock to end. Events at exactly end stay on the calendar, so
// successive RunUntil calls partition time without overlap. It returns early,
// leaving the clock at the last event, if a handler calls Stop.
func (e *Engine) RunUntil(end Time) {
	checkTime("run end", end)
	e.stopped = false
	for {
		if next := e.cal.peek(); next == nil || !(next.at < end) {
			break
		}
		ev := e.cal.pop()
		e.now = ev.at
		e.count++
		e.handlers[ev.kind](ev.arg)
		if e.stopped {
			return
		}
	}
	if end > e.now {
		e.now = end
	}
}

// Stop makes the current RunUntil return after the running handler.
func (e *Engine) Stop() { e.stopped = true }
