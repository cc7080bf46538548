// Package scenario loads the YAML files that describe a system to simulate
// into a validated, fully resolved Scenario.
//
// A minimal file is a textbook M/M/c queue:
//
//	name: mmc
//	horizon: 2000h
//	warmup: 200h
//	places:
//	  town: {arrivals: 4/h}
//	sites:
//	  main:
//	    beds:
//	      capacity: 5
//	      los: {dist: exponential, mean: 1h}
//	      when_full: queue
//
// Durations carry a unit (30m, 4h, 6.5d, 2w; see Duration), rates a period
// (4/h, 96/d, 29273/y; see Rate), dates are YYYY-MM-DD (see Date).
//
// An intervention states only what it changes:
//
//	extends: baseline.yaml
//	sites:
//	  qmc:
//	    beds: {capacity: 1100}
//
// See Scenario.Extends for the merge rules.
//
// Decoding is strict and generic: it walks the Go types by reflection over
// their yaml tags, so new fields need no loader code. The conventions:
//
//   - a key that names no field is an error;
//   - a field is required unless its yaml tag has omitempty or it has a
//     default:"…" struct tag; a default is decoded as if written in the file;
//   - a key whose value is null counts as absent;
//   - ",inline" structs contribute their fields to the enclosing mapping.
//
// YAML anchors, aliases and << merge keys may be used within one file.
//
// Every problem is reported as an *Error, "file:line: field: message", where
// file and line point into whichever file of an extends chain set the value;
// Load returns them all at once as Errors.
package scenario
