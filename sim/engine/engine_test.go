package engine

import (
	"go/build"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestSameTimeOrderIsPriorityThenInsertion(t *testing.T) {
	e := New(8)
	var got []string
	rec := func(tag string) Handler { return func(arg int32) { got = append(got, tag+string(rune('0'+arg))) } }
	late := e.Register("late", 2, rec("late"))
	early := e.Register("early", 1, rec("early"))
	e.At(5, late, 1)
	e.At(5, early, 1)
	e.At(5, late, 2)
	e.At(5, early, 2)
	e.At(3, late, 0)
	e.RunUntil(10)
	want := []string{"late0", "early1", "early2", "late1", "late2"}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	if e.Now() != 10 || e.Processed() != 5 {
		t.Fatalf("now=%v processed=%d, want 10 and 5", e.Now(), e.Processed())
	}
}

func TestRunUntilLeavesEventsAtEnd(t *testing.T) {
	e := New(4)
	n := 0
	k := e.Register("tick", 0, func(int32) { n++ })
	e.At(1, k, 0)
	e.At(2, k, 0)
	e.RunUntil(2)
	if n != 1 || e.Pending() != 1 || e.Now() != 2 {
		t.Fatalf("after RunUntil(2): n=%d pending=%d now=%v, want 1, 1, 2", n, e.Pending(), e.Now())
	}
	e.RunUntil(3)
	if n != 2 {
		t.Fatalf("second RunUntil dispatched %d events in total, want 2", n)
	}
}

func TestHandlersScheduleRelativeToNow(t *testing.T) {
	e := New(4)
	var at []Time
	var k Kind
	k = e.Register("again", 0, func(arg int32) {
		at = append(at, e.Now())
		if arg > 0 {
			e.After(1.5, k, arg-1)
		}
	})
	e.After(1, k, 3)
	e.RunUntil(100)
	if want := []Time{1, 2.5, 4, 5.5}; !slices.Equal(at, want) {
		t.Fatalf("times = %v, want %v", at, want)
	}
}

func TestStop(t *testing.T) {
	e := New(4)
	n := 0
	k := e.Register("stop", 0, func(int32) { n++; e.Stop() })
	e.At(1, k, 0)
	e.At(2, k, 0)
	e.RunUntil(10)
	if n != 1 || e.Now() != 1 {
		t.Fatalf("n=%d now=%v, want 1 and 1", n, e.Now())
	}
}

func TestBadSchedulingPanics(t *testing.T) {
	nan := Time(0)
	nan = nan / nan
	cases := map[string]func(e *Engine, k Kind){
		"negative delay": func(e *Engine, k Kind) { e.After(-1, k, 0) },
		"NaN delay":      func(e *Engine, k Kind) { e.After(nan, k, 0) },
		"past time":      func(e *Engine, k Kind) { e.At(1, k, 0) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			e := New(1)
			k := e.Register("x", 0, func(int32) {})
			e.RunUntil(5)
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), "x scheduled") {
					t.Fatalf("recover() = %v, want a panic naming the event kind", r)
				}
			}()
			f(e, k)
		})
	}
}

// FuzzCalendarOrder checks the heap against a stable sort: whatever the
// times and priorities, events come out by (time, priority, insertion).
func FuzzCalendarOrder(f *testing.F) {
	f.Add(uint64(1), uint16(50))
	f.Add(uint64(7), uint16(3))
	f.Fuzz(func(t *testing.T, seed uint64, n uint16) {
		r := rand.New(rand.NewPCG(seed, 0))
		e := New(0)
		type rec struct {
			at   Time
			prio int
			id   int32
		}
		var got []rec
		var kinds [3]Kind
		for p := range kinds {
			kinds[p] = e.Register("k", Priority(p), func(id int32) { got = append(got, rec{e.Now(), p, id}) })
		}
		var want []rec
		// Times on several scales, with many ties: within the agenda's
		// current window, in its ring of windows, and beyond the ring.
		scales := []Time{0.25, 3, 500, 20000}
		for i := range int32(n % 2000) {
			at := Time(r.IntN(20)) * scales[r.IntN(len(scales))]
			p := r.IntN(3)
			e.At(at, kinds[p], i)
			want = append(want, rec{at, p, i})
		}
		slices.SortStableFunc(want, func(a, b rec) int {
			if a.at != b.at {
				if a.at < b.at {
					return -1
				}
				return 1
			}
			return a.prio - b.prio
		})
		// Run in uneven steps, so windows are entered from RunUntil's
		// look-ahead as well as from dispatch.
		for end := Time(7); end < 1e6; end *= 3 {
			e.RunUntil(end)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("dispatch order differs from (time, priority, insertion) order")
		}
	})
}

func TestScheduleAndDispatchDoNotAllocate(t *testing.T) {
	e := New(64)
	var k Kind
	k = e.Register("loop", 0, func(arg int32) { e.After(1, k, arg) })
	for i := range int32(32) {
		e.After(Time(i)/32, k, i)
	}
	e.RunUntil(10) // grow everything once
	end := e.Now()
	allocs := testing.AllocsPerRun(100, func() {
		end += 10
		e.RunUntil(end)
	})
	if allocs != 0 {
		t.Fatalf("RunUntil allocated %v times per call in steady state, want 0", allocs)
	}
}

// TestEngineKnowsNoHospital guards the layering: the engine imports nothing
// from the rest of flowsim.
func TestEngineKnowsNoHospital(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.Contains(imp, "flowsim") {
			t.Errorf("engine imports %s; it must stay free of model code", imp)
		}
	}
}

// TestLateSchedulingAfterLookAhead: RunUntil looks ahead past its end to
// find the next event; an event scheduled afterwards, before that next
// event but in a window the agenda has already passed, still comes first.
func TestLateSchedulingAfterLookAhead(t *testing.T) {
	e := New(4)
	var got []Time
	k := e.Register("k", 0, func(int32) { got = append(got, e.Now()) })
	e.At(10000, k, 0) // beyond the ring: the agenda jumps towards it
	e.RunUntil(5)
	e.At(7, k, 0)
	e.At(6000, k, 0)
	e.At(5, k, 0)
	e.RunUntil(20000)
	if want := []Time{5, 7, 6000, 10000}; !slices.Equal(got, want) {
		t.Fatalf("dispatched at %v, want %v", got, want)
	}
}
