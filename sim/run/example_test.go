package run_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/flowsim/flowsim/sim/run"
)

// Run a scenario into a directory, then open that directory as plot,
// report or a web front end would.
func Example() {
	dir, err := os.MkdirTemp("", "flowsim-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "mmc")
	if _, err := run.Run(context.Background(), "../../scenarios/examples/mmc.yaml",
		run.Options{Reps: 3, Horizon: "200h", Warmup: "20h", Workers: 2, Out: out, Version: "example"}); err != nil {
		log.Fatal(err)
	}
	d, err := run.Open(out)
	if err != nil {
		log.Fatal(err)
	}
	_, rows, err := d.Summary()
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		if r.Metric == "admissions" && r.Site == "all" {
			fmt.Printf("%s: %d replications, files %v, admissions over %d replications\n",
				d.Manifest.Scenario, d.Manifest.Reps, d.Manifest.Files, r.N)
		}
	}
	// Output:
	// mmc: 3 replications, files [summary.csv replications.csv daily.csv], admissions over 3 replications
}
