package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/output"
	"github.com/flowsim/flowsim/sim/scenario"
)

// schemaOptions are the flags of "flowsim schema".
type schemaOptions struct {
	out string
}

// AddFlags registers the options on fs.
func (o *schemaOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.out, "out", "", "write the schema to `FILE` (atomically) instead of standard output")
}

func (o *schemaOptions) validate(fs *pflag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("schema takes no arguments, got %q", fs.Arg(0))
	}
	return nil
}

// schemaCommand prints the JSON Schema of scenario files, which editors use
// to complete and check them; scenarios/flowsim.schema.json is its output.
func schemaCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var o schemaOptions
	fs := newFlags("schema", stderr, "schema [--out FILE]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	b, err := scenario.Schema()
	if err != nil {
		return err // a scenario type the schema cannot express: a bug
	}
	if o.out == "" {
		_, err := stdout.Write(b)
		return err
	}
	err = output.WriteFile(o.out, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return &inputError{fmt.Errorf("--out: %w", err)}
	}
	return nil
}
