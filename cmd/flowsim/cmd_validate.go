package main

import (
	"context"
	"fmt"
	"io"

	"github.com/flowsim/flowsim/sim/model"
	"github.com/flowsim/flowsim/sim/scenario"
)

// validateCommand checks scenario files without running them: it reports
// every problem in every file, then fails if any file had one.
func validateCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", stderr, "validate SCENARIO.yaml... [flags]")
	quiet := fs.BoolP("quiet", "q", false, "print nothing for files that are valid, only the problems and warnings")
	strict := fs.Bool("strict", false, "treat warnings (an extends file adding a site, place or cohort its base lacks; a site with no arrivals; a unit no patient can reach) as errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("validate needs at least one scenario file")
	}
	failed := 0
	// Every file's problems count against one limit, so that a directory
	// of broken files does not bury the first.
	lp := &linePrinter{w: stderr, limit: maxErrorLines}
	for _, path := range fs.Args() {
		sc, err := scenario.Load(path)
		if err == nil {
			// What run reads beyond the file (the census) is checked too,
			// so validate accepts exactly what run accepts.
			if _, perr := model.Prepare(sc); perr != nil {
				err = fmt.Errorf("%s: %w", path, perr)
			}
		}
		if err != nil {
			lp.print("", err.Error())
			failed++
			continue
		}
		if len(sc.Warnings) > 0 {
			for _, w := range sc.Warnings {
				if *strict {
					lp.print("", w.Error()+" (an error under --strict)")
				} else {
					lp.print("warning: ", w.Error())
				}
			}
			if *strict {
				failed++
				continue
			}
		}
		if !*quiet {
			fmt.Fprintf(stdout, "%s: ok\n", printable(path))
		}
	}
	lp.flush()
	if failed > 0 {
		return &inputError{fmt.Errorf("%d of %d files invalid", failed, fs.NArg())}
	}
	return nil
}
