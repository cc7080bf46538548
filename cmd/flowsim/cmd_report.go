package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/report"
	"github.com/flowsim/flowsim/sim/run"
)

// reportOptions are the flags of "flowsim report".
type reportOptions struct {
	out      string
	format   string
	scenario string
	dpi      int
	logX     bool
	zoom     bool
	quiet    bool
}

// AddFlags registers the options on fs.
func (o *reportOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.out, "out", "", "the report file (default DIR/report.html)")
	fs.StringVar(&o.format, "format", "png", "how figures are embedded: png or svg")
	fs.StringVar(&o.scenario, "scenario", "", "scenario file to read parameter sources from (default: the one the manifest names)")
	fs.IntVar(&o.dpi, "dpi", 150, "resolution of PNG figures (lower: a smaller file)")
	fs.BoolVar(&o.logX, "log-x", false, "draw lengths of stay on a logarithmic axis")
	fs.BoolVar(&o.zoom, "zoom", false, "draw the occupancy and resource-usage axes over the range the lines use, not from zero")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
}

func (o *reportOptions) validate(fs *pflag.FlagSet) error {
	if fs.NArg() != 1 {
		return usagef("report needs exactly one run directory, got %d", fs.NArg())
	}
	if o.format != "png" && o.format != "svg" {
		return usagef("--format %q: want png or svg", o.format)
	}
	if o.dpi < 30 || o.dpi > 600 {
		return usagef("--dpi %d: want 30 to 600", o.dpi)
	}
	return nil
}

func reportCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var o reportOptions
	fs := newFlags("report", stderr, "report DIR [flags]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	dir := fs.Arg(0)
	rd, err := plotReadRun(dir, o.quiet, stderr)
	if err != nil {
		return err
	}
	out := o.out
	if out == "" {
		out = filepath.Join(dir, run.ReportFile)
	}
	r, err := report.Build(rd, report.Options{Format: o.format, DPI: o.dpi, LogX: o.logX, Zoom: o.zoom, ScenarioFile: o.scenario,
		PageDir: filepath.Dir(out)})
	if err != nil {
		return &inputError{err}
	}
	if err := output.WriteFile(out, func(w io.Writer) error { return report.Write(w, r) }); err != nil {
		return err
	}
	if !o.quiet && r.SourcesNote != "" {
		fmt.Fprintf(stderr, "note: %s\n", r.SourcesNote)
	}
	if !o.quiet && len(r.Warnings) > 0 {
		fmt.Fprintf(stderr, "warning: unstable replications (see the report's banner)\n")
	}
	fmt.Fprintln(stdout, out)
	return nil
}
