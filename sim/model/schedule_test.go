package model

import (
	"math"
	"testing"

	"github.com/flowsim/flowsim/sim/engine"
	"github.com/flowsim/flowsim/sim/rng"
	"github.com/flowsim/flowsim/sim/scenario"
)

// TestScheduleOffTheHour: a schedule window whose edges are not on the
// hour applies for exactly its minutes (capacities were once re-read only
// on the hour, so 03:07-03:37 never applied and 08:30-17:30 applied
// 09:00-18:00). The time-weighted capacity over the run is exact:
// 5 beds for 24 h a day, less 5 for 30 minutes and plus 3 for 50 minutes
// every day.
func TestScheduleOffTheHour(t *testing.T) {
	const doc = `horizon: 10d
places: {town: {arrivals: 1/h}}
sites:
  main:
    beds:
      capacity: 5
      los: {dist: exponential, mean: 2h}
      schedule: [{hours: "03:07-03:37", capacity: 0}, {hours: "22:40-23:30", capacity: 8}]
`
	sc, err := scenario.LoadBytes("s.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := New(plan, rng.Seed(1).Replication(0))
	m.start()
	m.eng.RunUntil(plan.horizon)
	got := m.sites[0].beds.capacityHours(plan.horizon)
	want := 10 * (5*24 - 5*0.5 + 3*50.0/60)
	// The ticks sit ClockSlack/2 after each edge, both ends alike.
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("capacity hours %v, want %v", got, want)
	}
	if n := len(plan.scheduleEdges); n != 4 {
		t.Errorf("%d schedule edges, want 4", n)
	}
	// Whole-hour windows add no ticks: the hourly ones see them.
	plan.scheduleEdges = nil
	m = New(plan, rng.Seed(1).Replication(0))
	if next := m.nextCapacityTick(engine.Time(3.2)); next != 4 {
		t.Errorf("next tick without edges %v, want 4", next)
	}
}
