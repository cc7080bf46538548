// Package report writes a run directory's results as one self-contained
// HTML page: the scenario and its settings with their source comments,
// key metrics with confidence intervals, the comparison table, the
// figures (embedded as data: URIs, so the page needs no network), the run
// manifest with the command that reproduces it, and a STRESS-DES
// reporting checklist filled in from the run.
//
// Build gathers the page's content from a plot.Run; Write renders it with
// html/template. ReadSources reads a scenario file and the files it
// extends, pairing every setting with the comment written next to it
// ("# S: …", "# E: …").
package report
