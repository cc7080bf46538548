package fit_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/flowsim/flowsim/sim/fit"
)

// Fit 2,000 lengths of stay in days, a fifth of them of patients still in
// hospital, and print the best fit as a scenario line.
func ExampleFit() {
	r := rand.New(rand.NewPCG(1, 2))
	var d fit.Data
	for range 2000 {
		stay := math.Exp(1.4 + 0.8*r.NormFloat64()) // median e^1.4 ≈ 4.06 days
		soFar := 20 * r.ExpFloat64()                // time since admission at the extract
		d.Values = append(d.Values, min(stay, soFar))
		d.Censored = append(d.Censored, soFar < stay)
	}
	res, err := fit.Fit(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Models {
		fmt.Printf("%-11s ΔAIC %6.1f\n", m.Family, m.AIC-res.Best().AIC)
	}
	snippet, _ := res.Best().Snippet("d")
	fmt.Println("los:", snippet)
	// Output:
	// lognormal   ΔAIC    0.0
	// gamma       ΔAIC  176.8
	// weibull     ΔAIC  285.7
	// exponential ΔAIC  476.8
	// los: {dist: lognormal, median: 4.167d, p95: 15.71d}
}
