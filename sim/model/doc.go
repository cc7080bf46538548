// Package model is the urgent and emergency care system that flowsim
// simulates: places send emergency patients to sites, where they wait for
// and occupy general and acute beds for a length of stay.
//
// A Model is built from a resolved scenario for one replication and run on
// its own engine. Handlers are named after the care process (arrive, admit,
// discharge) so a planner can follow them. The model reports what happened
// through a Result: metrics per site and for the system, and one row per day.
package model
