package engine_test

import (
	"fmt"

	"github.com/flowsim/flowsim/sim/engine"
)

// A clinic where a patient arrives every 2 hours and each visit takes 3:
// handlers are registered once and events carry an int32 argument (here a
// patient number).
func Example() {
	e := engine.New(16)
	var arrive, leave engine.Kind
	next := int32(0)
	leave = e.Register("leave", 0, func(p int32) {
		fmt.Printf("t=%v patient %d leaves\n", e.Now(), p)
	})
	arrive = e.Register("arrive", 1, func(p int32) {
		fmt.Printf("t=%v patient %d arrives\n", e.Now(), p)
		e.After(3, leave, p)
		next++
		e.After(2, arrive, next)
	})
	e.At(0, arrive, next)
	e.RunUntil(6)
	// Output:
	// t=0 patient 0 arrives
	// t=2 patient 1 arrives
	// t=3 patient 0 leaves
	// t=4 patient 2 arrives
	// t=5 patient 1 leaves
}
