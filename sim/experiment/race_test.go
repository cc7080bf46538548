//go:build race

package experiment

// raceEnabled: the race detector slows the model several times, so the
// longest paired tests run fewer points under it.
const raceEnabled = true
