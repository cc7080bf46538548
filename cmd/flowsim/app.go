package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/batch"
	"github.com/flowsim/flowsim/sim/experiment"
	"github.com/flowsim/flowsim/sim/inputfile"
	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/run"
	"github.com/flowsim/flowsim/sim/scenario"
)

// Exit codes (DESIGN.md's contract, and README's table).
const (
	exitOK       = 0
	exitBadInput = 1 // bad files or values, and I/O errors (disk full, read-only, …)
	exitUsage    = 2
	exitInternal = 3 // a bug: never the way a bad input ends
	// exitInterrupted is an interrupted run (SIGINT, SIGTERM): the
	// shells' 128 + SIGINT, so that scripts can tell it from a failure.
	// Finished replications are kept and the message says how to resume.
	exitInterrupted = 130
)

// maxErrorLines is how many lines of an error message are printed; the
// rest are counted, so that a file with thousands of mistakes does not
// bury the first ones.
const maxErrorLines = 20

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
  flowsim calibrate SCENARIO.yaml --fit history matching: the parameter sets that meet the targets
  flowsim sensitivity SCENARIO.yaml --metric M [--alt ALT.yaml]  which unknowns move the answer
  flowsim fit DATA.csv --column C       fit length-of-stay distributions, print a YAML snippet
  flowsim plot DIR [--kind K]           figures of a run (PNG or SVG) in DIR/plots
  flowsim report DIR                    self-contained HTML report, DIR/report.html
  flowsim schema [--out FILE]           print the JSON Schema of scenario files (for editors)
  flowsim serve [--addr 127.0.0.1:8080] the planner's web app: scenarios, diagram, settings, save changes
  flowsim version                       print the version

Run "flowsim COMMAND --help" for a command's flags.
Exit codes: 0 ok, 1 bad input or I/O error, 2 usage, 3 internal error, 130 interrupted.
`

// command is one subcommand: it parses its own flags and runs.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// runCLI is the whole program, testable: it returns the exit code.
func runCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	commands := map[string]command{
		"run":         runCommand,
		"compare":     compareCommand,
		"sweep":       sweepCommand,
		"merge":       mergeCommand,
		"calibrate":   calibrateCommand,
		"sensitivity": sensitivityCommand,
		"validate":    validateCommand,
		"fit":         fitCommand,
		"plot":        plotCommand,
		"report":      reportCommand,
		"schema":      schemaCommand,
		"serve":       serveCommand,
		"version":     versionCommand,
	}
	name := args[0]
	if name == "--version" || name == "-version" {
		name = "version"
	}
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "flowsim: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	out := &recordingWriter{w: stdout}
	err := cmd(ctx, args[1:], out, stderr)
	if rue := (*run.UsageError)(nil); errors.As(err, &rue) {
		err = &usageError{rue.Msg}
	}
	if err == nil && out.err != nil {
		// Results that did not reach standard output (a full disk, a
		// closed file) are not a success.
		err = &inputError{fmt.Errorf("write standard output: %w", out.err)}
	}
	if err == nil || errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	printError(stderr, "flowsim "+name+": ", err)
	return exitCode(err)
}

// recordingWriter passes writes on and keeps the first error.
type recordingWriter struct {
	w   io.Writer
	err error
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

// printError prints err after prefix: at most maxErrorLines lines, then a
// count of the rest, with control characters escaped so that a hostile
// file name or value cannot rewrite the terminal.
func printError(w io.Writer, prefix string, err error) {
	lp := &linePrinter{w: w, limit: maxErrorLines}
	lp.print(prefix, err.Error())
	lp.flush()
}

// linePrinter prints messages line by line, escaped, up to limit lines in
// all; flush then says how many more there were.
type linePrinter struct {
	w              io.Writer
	limit          int
	printed, extra int
}

// print prints msg, its first line after prefix.
func (lp *linePrinter) print(prefix, msg string) {
	for i, l := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		if lp.printed >= lp.limit {
			lp.extra++
			continue
		}
		if i == 0 {
			l = prefix + l
		}
		fmt.Fprintln(lp.w, printable(l))
		lp.printed++
	}
}

// flush reports the lines left out.
func (lp *linePrinter) flush() {
	if lp.extra > 0 {
		fmt.Fprintf(lp.w, "… and %d more not shown (%d in all)\n", lp.extra, lp.printed+lp.extra)
		lp.extra, lp.printed = 0, 0
	}
}

// printable escapes what a terminal would act on rather than show: control
// characters, invalid UTF-8 and the invisible direction overrides.
func printable(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || (unicode.IsPrint(r) || r == ' ') && !unicode.Is(unicode.Bidi_Control, r)
	}
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case !ok(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
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
	var intr *run.InterruptedError
	var rue *run.UsageError
	var rie *run.InputError
	var fe *inputfile.Error
	var ue2 *experiment.UndefinedError
	switch {
	case errors.As(err, &ue), errors.As(err, &rue):
		return exitUsage
	case errors.As(err, &intr), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return exitInterrupted
	case errors.As(err, &ie), errors.As(err, &rie), errors.As(err, &se), errors.As(err, &ses), run.IsIOError(err),
		errors.As(err, &fe), errors.As(err, &ue2), errors.Is(err, batch.ErrForeign), errors.Is(err, output.ErrTampered):
		return exitBadInput
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
