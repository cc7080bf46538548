package main

import (
	"io"

	"github.com/flowsim/flowsim/sim/run"
)

// printResult prints a finished run, unless err: its warnings on stderr
// and, unless quiet, its table and where its files are on stdout.
func printResult(stdout, stderr io.Writer, res *run.Result, err error, quiet bool) error {
	if err != nil {
		return err
	}
	for _, w := range res.Warnings() {
		printError(stderr, "flowsim: ", errorString(w))
	}
	if !quiet {
		res.WriteText(stdout)
	}
	return nil
}

// errorString prints a message through printError.
type errorString string

func (e errorString) Error() string { return string(e) }
