// Package engine is a single-threaded discrete-event simulation core: a
// clock, an event calendar and a table of named handlers.
//
// It knows nothing about hospitals. A model registers its handlers once,
// receiving a Kind for each, and then schedules events as (time, kind, arg)
// triples; arg is typically an index into the model's own records, so
// scheduling and dispatching an event allocates nothing.
//
// Pending events wait in an agenda: a typed 4-ary heap for the current
// 7.5-minute window and, beyond it, a pointer-free ring of 7.5-minute buckets
// about 170 days deep (a calendar queue), so the many far-future events of a
// hospital model (the ends of stays) do not deepen the heap every event is
// popped from.
//
// Events are ordered by time, then by the priority of their kind, then by the
// order in which they were scheduled. That last tie-break makes every run
// with the same inputs process events in exactly the same order, which is
// what makes replications reproducible to the last digit.
//
// One Engine runs one replication. It is not safe for concurrent use;
// parallelism belongs across replications, each with its own Engine.
package engine
