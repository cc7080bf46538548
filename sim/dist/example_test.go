package dist_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/flowsim/flowsim/sim/dist"
)

// A length of stay given the way planners quote it: half of patients go home
// within 5 hours, 95% within 30.
func ExampleNewLogNormalMedianP95() {
	los, err := dist.NewLogNormalMedianP95(5, 30)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v, median %.3g h\n", los, los.Median())

	_, err = dist.NewLogNormalMedianP95(5, 4)
	fmt.Println(err)
	// Output:
	// lognormal(mean=9.04976, sd=13.6526), median 5 h
	// lognormal: p95 must be > median (5), got 4
}

// 35% of patients leave the same day; the others stay a lognormal time. An
// intervention then shortens every stay by 10%.
func ExampleMixture() {
	stay, _ := dist.NewLogNormalMeanSD(9.1, 12)
	los, err := dist.NewMixture([]float64{0.35, 0.65}, []dist.Distribution{dist.Fixed{Value: 0}, stay})
	if err != nil {
		fmt.Println(err)
		return
	}
	shorter := dist.Scale(los, 0.9)
	fmt.Printf("%v: mean %.4g h\n", los, los.Mean())
	fmt.Printf("%v: mean %.4g h\n", shorter, shorter.Mean())

	r := rand.New(rand.NewPCG(1, 2)) // each process owns its stream
	_ = shorter.Sample(r)
	// Output:
	// mixture(0.35: fixed(0), 0.65: lognormal(mean=9.1, sd=12)): mean 5.915 h
	// 0.9*mixture(0.35: fixed(0), 0.65: lognormal(mean=9.1, sd=12)): mean 5.323 h
}
