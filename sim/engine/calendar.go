package engine

import (
	"fmt"
	"math"
)

// Time is simulated time in hours since the start of the run.
type Time float64

// Hours per day and per week, for readable arithmetic on Time.
const (
	Day  Time = 24
	Week Time = 7 * Day
)

// Kind identifies a registered event handler.
type Kind uint16

// Priority orders events that fall at the same instant: lower runs first.
// Models name their priorities (for example, a bed is released before the
// next patient claims it).
type Priority uint8

// Handler is called when an event of its kind falls due. arg is the value
// given when the event was scheduled.
type Handler func(arg int32)

// event is one calendar entry. key packs the kind's priority into the top 8
// bits and the scheduling sequence number into the low 56, so a single
// integer comparison decides same-time order.
type event struct {
	at   Time
	key  uint64
	kind Kind
	arg  int32
}

const seqBits = 56

func (a *event) before(b *event) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.key < b.key
}

// calendar is a 4-ary min-heap of events, kept as a typed slice so pushing
// and popping never box or allocate once the slice has grown. Four children
// per node halve the tree's depth against a binary heap; the extra
// comparisons per level are on adjacent memory.
type calendar []event

func (c *calendar) push(ev event) {
	h := append(*c, ev)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if !ev.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = ev
	*c = h
}

func (c *calendar) pop() event {
	h := *c
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
		m := first
		end := min(first+4, n)
		for j := first + 1; j < end; j++ {
			if h[j].before(&h[m]) {
				m = j
			}
		}
		if !h[m].before(&last) {
			break
		}
		h[i] = h[m]
		i = m
	}
	if n > 0 {
		h[i] = last
	}
	*c = h
	return top
}

func checkTime(what string, t Time) {
	if math.IsNaN(float64(t)) || math.IsInf(float64(t), 0) {
		panic(fmt.Sprintf("engine: %s is %v", what, t))
	}
}
