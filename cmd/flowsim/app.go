package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/scenario"
)

// Exit codes (DESIGN.md's contract).
const (
	exitOK       = 0
	exitBadInput = 1
	exitUsage    = 2
	exitInternal = 3
)

// version is the release; build information adds the VCS revision.
const version = "0.1.0-dev"

const usage = `flowsim simulates patient flow through urgent and emergency care.

Usage:
  flowsim run SCENARIO.yaml [flags]     run replications, write results
  flowsim compare BASE.yaml ALT.yaml... paired comparison (common random numbers)
  flowsim sweep SCENARIO.yaml --set PATH=V1,V2,...  run a grid of settings
  flowsim merge SHARD_DIR... --out DIR  combine the shards of one run
  flowsim validate SCENARIO.yaml...     check scenario files without running
  flowsim calibrate SCENARIO.yaml       simulated against calibration targets
  flowsim fit DATA.csv --column C       fit length-of-stay distributions, print a YAML snippet
  flowsim plot DIR [--kind K]           figures of a run (PNG or SVG) in DIR/plots
  flowsim report DIR                    self-contained HTML report, DIR/report.html
  flowsim schema [--out FILE]           print the JSON Schema of scenario files (for editors)
  flowsim version                       print the version

Run "flowsim COMMAND --help" for a command's flags.
Exit codes: 0 ok, 1 bad input, 2 usage, 3 internal error.
`

// command is one subcommand: it parses its own flags and runs.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// run is the whole program, testable: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	commands := map[string]command{
		"run":       runCommand,
		"compare":   compareCommand,
		"sweep":     sweepCommand,
		"merge":     mergeCommand,
		"calibrate": calibrateCommand,
		"validate":  validateCommand,
		"fit":       fitCommand,
		"plot":      plotCommand,
		"report":    reportCommand,
		"schema":    schemaCommand,
		"version":   versionCommand,
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "flowsim: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "flowsim %s: %s\n", name, strings.TrimRight(err.Error(), "\n"))
	return exitCode(err)
}

// usageError is a mistake in how flowsim was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg + " (see --help)" }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// inputError wraps a problem with the user's files or values.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var ue *usageError
	var ie *inputError
	var se *scenario.Error
	var ses scenario.Errors
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ie), errors.As(err, &se), errors.As(err, &ses):
		return exitBadInput
	case errors.Is(err, context.Canceled):
		return exitInternal
	}
	return exitInternal
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer, synopsis string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: flowsim %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args, turning flag mistakes into usage errors.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard) // we print our own message once
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err // pflag has printed the usage
		}
		return usagef("%v", err)
	}
	return nil
}

func versionString() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return v
}

func versionCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", stderr, "version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "flowsim %s\n", versionString())
	return nil
}
