// Package output writes run results as tidy CSV files and a JSON manifest.
//
// Every file is written atomically: to a temporary file in the destination
// directory, synced, then renamed over the final name, so a reader (or an
// interrupted run) never sees a half-written file. Numbers are formatted
// deterministically, so the same results give byte-identical files on any
// machine with the same floating-point results.
package output
