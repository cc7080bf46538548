package engine

// agenda is the engine's event store: the current time window's events,
// sorted once when the window begins, with a small heap for those
// scheduled into it after that, and, beyond it, a ring of unsorted per-window buckets (a calendar
// queue), with a heap for events further ahead than the ring reaches.
//
// Most events a hospital model schedules are far ahead (the end of a stay,
// days away) and are not touched again until their window comes round:
// putting one in a bucket costs a few stores, and the heap that every pop
// works on holds only the current window's events rather than every
// patient's. Order is exact: a window's bucket is sorted before any of
// its events can be due, and the next event is the earlier of the sorted
// run's and the heap's, both ordered by (time, priority, sequence).
// Sorting a window's dozen or so events by insertion costs less than
// pushing each onto the heap and sifting it down again when it is popped.
//
// Buckets are singly linked lists threaded through one pool of entries by
// index, so the agenda holds no pointers (the garbage collector never scans
// it) and allocates nothing once the pool has grown to the most events ever
// waiting in the ring.
type agenda struct {
	// The current window's events are in run, sorted, from ri on (those
	// waiting in its bucket or beyond the ring when the window began), and
	// in near, a heap (those scheduled into it since).
	run     []event
	ri      int
	near    calendar
	fromRun bool  // peek's answer came from run
	cur     int64 // current window
	head    [agendaWindows]int32
	pool    []event
	next    []int32 // next entry in the same bucket, or in the free list
	free    int32   // head of the free list, -1 if none
	inRing  int
	far     calendar // events beyond the ring when they were scheduled
	pending int
}

const (
	agendaWidth   Time = 0.125 // hours per window: 7.5 minutes
	agendaWindows      = 32768 // ring size, a power of two: about 170 days ahead
)

func newAgenda(capacity int) *agenda {
	a := &agenda{near: make(calendar, 0, capacity), run: make([]event, 0, capacity), free: -1}
	for i := range a.head {
		a.head[i] = -1
	}
	return a
}

// windowOf returns the window holding t. Times are never negative (the
// engine refuses to schedule into the past), so truncation is the floor.
func windowOf(t Time) int64 { return int64(t / agendaWidth) }

func (a *agenda) push(ev event) {
	a.pending++
	w := windowOf(ev.at)
	switch {
	case w <= a.cur:
		a.near.push(ev)
	case w < a.cur+agendaWindows:
		var i int32
		if a.free >= 0 {
			i = a.free
			a.free = a.next[i]
			a.pool[i] = ev
		} else {
			i = int32(len(a.pool))
			a.pool = append(a.pool, ev)
			a.next = append(a.next, -1)
		}
		b := w & (agendaWindows - 1)
		a.next[i] = a.head[b]
		a.head[b] = i
		a.inRing++
	default:
		a.far.push(ev)
	}
}

// peek returns the earliest pending event, or nil if there is none,
// moving later windows in as needed.
func (a *agenda) peek() *event {
	for {
		if a.ri < len(a.run) {
			if len(a.near) == 0 || a.run[a.ri].before(&a.near[0]) {
				a.fromRun = true
				return &a.run[a.ri]
			}
			a.fromRun = false
			return &a.near[0]
		}
		if len(a.near) > 0 {
			a.fromRun = false
			return &a.near[0]
		}
		if a.pending == 0 {
			return nil
		}
		a.advance()
	}
}

// advance moves to the next window (or, when the ring is empty, straight
// to the window of the earliest far event) and sorts its events into run.
// It is called only when the current window has nothing left.
func (a *agenda) advance() {
	if a.inRing == 0 && len(a.far) > 0 {
		a.cur = max(a.cur+1, windowOf(a.far[0].at))
	} else {
		a.cur++
	}
	run := a.run[:0]
	b := a.cur & (agendaWindows - 1)
	for i := a.head[b]; i >= 0; {
		run = append(run, a.pool[i])
		n := a.next[i]
		a.next[i] = a.free
		a.free = i
		a.inRing--
		i = n
	}
	a.head[b] = -1
	for len(a.far) > 0 && windowOf(a.far[0].at) <= a.cur {
		run = append(run, a.far.pop())
	}
	sortEvents(run)
	a.run, a.ri = run, 0
}

// pop removes and returns the earliest event; peek must have returned it.
func (a *agenda) pop() event {
	a.pending--
	if a.fromRun {
		a.ri++
		return a.run[a.ri-1]
	}
	return a.near.pop()
}

// sortEvents sorts a window's events into calendar order: by insertion
// for the few most windows hold, by quicksort (median of three, the
// shorter side first so the stack stays shallow) for crowded ones. Keys
// are unique, so any correct sort gives the one order; this one compares
// inline rather than through a function value as slices.SortFunc would.
func sortEvents(evs []event) {
	for len(evs) > 16 {
		m, l := len(evs)/2, len(evs)-1
		if evs[m].before(&evs[0]) {
			evs[0], evs[m] = evs[m], evs[0]
		}
		if evs[l].before(&evs[m]) {
			evs[m], evs[l] = evs[l], evs[m]
			if evs[m].before(&evs[0]) {
				evs[0], evs[m] = evs[m], evs[0]
			}
		}
		// evs[0] ≤ pivot ≤ evs[l]: both ends stop the scans below.
		pivot := evs[m]
		i, j := 0, l
		for {
			for i++; evs[i].before(&pivot); i++ {
			}
			for j--; pivot.before(&evs[j]); j-- {
			}
			if i >= j {
				break
			}
			evs[i], evs[j] = evs[j], evs[i]
		}
		// evs[:j+1] ≤ pivot ≤ evs[j+1:]
		if j+1 < len(evs)-j-1 {
			sortEvents(evs[:j+1])
			evs = evs[j+1:]
		} else {
			sortEvents(evs[j+1:])
			evs = evs[:j+1]
		}
	}
	for i := 1; i < len(evs); i++ {
		ev := evs[i]
		j := i
		for ; j > 0 && ev.before(&evs[j-1]); j-- {
			evs[j] = evs[j-1]
		}
		evs[j] = ev
	}
}
