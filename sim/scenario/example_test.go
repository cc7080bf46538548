package scenario_test

import (
	"fmt"

	"github.com/flowsim/flowsim/sim/scenario"
)

func ExampleLoadBytes() {
	s, err := scenario.LoadBytes("scenarios/mmc.yaml", []byte(`
horizon: 2000h
places:
  town: {arrivals: 96/d}
sites:
  main:
    beds:
      capacity: 5
      los: {dist: exponential, mean: 1h}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Start, s.Horizon, s.Reps, s.Places["town"].Arrivals, s.Places["town"].Sites)
	// Output: mmc 2025-04-07 2000h 20 4/h map[main:1]
}

func ExampleLoadBytes_errors() {
	_, err := scenario.LoadBytes("scenarios/bad.yaml", []byte(`
places:
  town: {arrivals: 4}
sites:
  main:
    beds:
      capcity: 5
      los: {dist: exponential, mean: 1h}
`))
	fmt.Println(err)
	// Output:
	// scenarios/bad.yaml:3: places.town.arrivals: bad rate "4": missing unit: write 4/h, 96/d or 29273/y
	// scenarios/bad.yaml:6: sites.main.beds.capacity: missing required field
	// scenarios/bad.yaml:7: sites.main.beds.capcity: unknown field (did you mean "capacity"?)
}
