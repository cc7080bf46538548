package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/plot"
	"github.com/flowsim/flowsim/sim/run"
)

// plotOptions are the flags of "flowsim plot".
type plotOptions struct {
	kind    string
	formats []string
	out     string
	dpi     int
	logX    bool
	zoom    bool
	quiet   bool
}

// AddFlags registers the options on fs.
func (o *plotOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.kind, "kind", "", "make only this figure: "+strings.Join(plot.Kinds, ", ")+" (default: all that apply)")
	fs.StringSliceVar(&o.formats, "format", []string{"png"}, "image formats: png, svg or png,svg")
	fs.StringVar(&o.out, "out", "", "where the figures go (default DIR/plots)")
	fs.IntVar(&o.dpi, "dpi", 150, "resolution of PNG figures (300 for print)")
	fs.BoolVar(&o.logX, "log-x", false, "draw lengths of stay on a logarithmic axis")
	fs.BoolVar(&o.zoom, "zoom", false, "draw the occupancy and resource-usage axes over the range the lines use, not from zero")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
}

func (o *plotOptions) validate(fs *pflag.FlagSet) error {
	if fs.NArg() != 1 {
		return usagef("plot needs exactly one run directory, got %d", fs.NArg())
	}
	if o.kind != "" && !slices.Contains(plot.Kinds, o.kind) {
		return usagef("--kind %q: want one of %s", o.kind, strings.Join(plot.Kinds, ", "))
	}
	if len(o.formats) == 0 {
		return usagef("--format: want png, svg or both")
	}
	for _, f := range o.formats {
		if !slices.Contains(plot.Formats, f) {
			return usagef("--format %q: want png or svg", f)
		}
	}
	if o.dpi < 30 || o.dpi > 600 {
		return usagef("--dpi %d: want 30 to 600", o.dpi)
	}
	return nil
}

func plotCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var o plotOptions
	fs := newFlags("plot", stderr, "plot DIR [flags]")
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
	figs, skipped, err := plot.Figures(rd, plot.Options{Kind: o.kind, LogX: o.logX, Zoom: o.zoom})
	var ke *plot.KindError
	if errors.As(err, &ke) {
		return &inputError{fmt.Errorf("%s: %w", dir, err)}
	}
	if err != nil {
		return &inputError{err}
	}
	out := o.out
	if out == "" {
		out = filepath.Join(dir, run.PlotsDir)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return &inputError{fmt.Errorf("create output directory: %w", err)}
	}
	for _, f := range figs {
		if f.Name == "" || f.Name != filepath.Base(f.Name) || strings.HasPrefix(f.Name, ".") {
			// Figure names come from scenario names and sweep values.
			return fmt.Errorf("figure name %q is not a plain file name", f.Name)
		}
		for _, format := range slices.Compact(slices.Clone(o.formats)) {
			name := filepath.Join(out, f.Name+"."+format)
			if err := output.WriteFile(name, func(w io.Writer) error { return f.WriteDPI(w, format, o.dpi) }); err != nil {
				return err
			}
			fmt.Fprintln(stdout, name)
		}
	}
	if !o.quiet {
		for _, s := range skipped {
			// Comparison and sweep figures are for those runs only: no
			// need to say a plain run has none.
			if s.Kind != plot.KindComparison && s.Kind != plot.KindSweep {
				fmt.Fprintf(stderr, "no %s figure: %s\n", s.Kind, s.Reason)
			}
		}
	}
	return nil
}

// plotReadRun opens a run directory (run.Open verifies it, so that
// figures and reports are never drawn from a manifest or results edited
// after the run) and reads it for figures; every failure is bad input.
func plotReadRun(dir string, quiet bool, stderr io.Writer) (*plot.Run, error) {
	d, err := run.Open(dir)
	if err != nil {
		return nil, &inputError{err}
	}
	if !d.Manifest.Sealed() && !quiet {
		fmt.Fprintf(stderr, "flowsim: note: %s records no hashes (an older flowsim wrote it), so edits after the run cannot be detected\n",
			printable(filepath.Join(dir, output.ManifestFile)))
	}
	r, err := plot.FromDir(d)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &inputError{fmt.Errorf("%s is not a run directory: %w", dir, err)}
	}
	if err != nil {
		return nil, &inputError{err}
	}
	return r, nil
}
