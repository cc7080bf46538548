// Package plot draws flowsim's figures with gonum/plot: the fit figure of
// "flowsim fit" and the figures of a run directory ("flowsim plot").
//
// Figures of a run are made in two steps, kept apart so that tests can
// check what is plotted without comparing pixels:
//
//  1. ReadRun reads the run directory (summary.csv, replications.csv,
//     daily.csv, manifest.json and, when present, patients.csv and
//     comparison.csv) and the ...Data functions (OccupancyData, DelayData,
//     QueueData, LOSData, ComparisonData, SweepData) compute the plotted
//     series: per-day quantiles across replications, sums over the
//     reporting period, histograms, ECDFs, confidence intervals.
//  2. Figures turns those series into Figure values that draw themselves
//     as PNG or SVG.
//
// Colours are fixed: each site keeps its colour (by its place among the
// run's sites sorted by name) in every figure, and the system total is
// black.
package plot
