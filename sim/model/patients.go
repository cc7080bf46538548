package model

import "github.com/flowsim/flowsim/sim/engine"

// patient is one journey through the system. Records live in a pool indexed
// by int32 so events can carry a patient without allocating.
type patient struct {
	place    int16
	site     int16
	seq      uint64 // arrival number at its place; names its random streams
	arrived  engine.Time
	queued   engine.Time // when it started waiting for a bed
	admitted engine.Time
}

// pool hands out patient records and takes them back when a journey ends.
type pool struct {
	records []patient
	free    []int32
}

func (p *pool) get() int32 {
	if n := len(p.free); n > 0 {
		i := p.free[n-1]
		p.free = p.free[:n-1]
		return i
	}
	p.records = append(p.records, patient{})
	return int32(len(p.records) - 1)
}

func (p *pool) put(i int32) {
	p.records[i] = patient{}
	p.free = append(p.free, i)
}

func (p *pool) inUse() int { return len(p.records) - len(p.free) }
