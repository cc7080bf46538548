// Package plot draws flowsim's figures with gonum/plot: fitted
// distributions against data, and the figures of a run directory.
package plot
