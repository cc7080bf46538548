//go:build !race

package experiment

// raceEnabled: see race_test.go.
const raceEnabled = false
