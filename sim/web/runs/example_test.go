package runs_test

import (
	"errors"
	"log"
	"net/http"
	"path/filepath"

	"github.com/flowsim/flowsim/sim/web/runs"
)

// A server mounts the handler under /runs/ and /results/, with full
// paths (no http.StripPrefix), and gives it the app's scenario library
// and write check.
func Example() {
	library := map[string]string{"baseline": "scenarios/notts/baseline.yaml"}
	s, err := runs.New(runs.Config{
		ResultsDir: "results",
		ResolveScenario: func(name string) (string, error) {
			if p, ok := library[name]; ok {
				return filepath.Abs(p)
			}
			return "", errors.New("no such scenario in the library")
		},
		CheckWrite: func(r *http.Request) error {
			// The app's CSRF and same-origin check goes here.
			return errors.New("read-only")
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	mux := http.NewServeMux()
	mux.Handle("/runs/", s)
	mux.Handle("/results/", s)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", mux))
}
