// Command gen writes the doc comments of the scenario package's types and
// fields to a Go file in that package. go generate runs it from
// sim/scenario (see schema.go there):
//
//	go generate ./sim/scenario
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/flowsim/flowsim/sim/scenario/internal/docgen"
)

func main() {
	out := flag.String("o", "schema_docs_gen.go", "output `file`")
	dir := flag.String("dir", ".", "package `directory` to read")
	flag.Parse()
	src, err := docgen.Generate(*dir)
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}
