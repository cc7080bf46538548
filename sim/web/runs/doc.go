// Package runs runs flowsim's engine for the web app and shows the
// results: it is the http.Handler that flowsim serve mounts under /runs/
// and /results/.
//
// A planner starts a run (one scenario) or a comparison (a base and its
// alternatives) with POST /runs/; the job waits in a first-come queue
// until one of Config.MaxRunning slots is free, then calls the run
// package exactly as the command line does (run.Run, run.Compare) with a
// context of its own, so that POST /runs/{id}/cancel stops it and the
// replications already finished stay checkpointed in its directory;
// POST /runs/{id}/resume then queues a job that finishes the run there
// (run.Options.Resume).
// GET /runs/{id} shows the job's state (with a meta refresh when
// JavaScript is off) and GET /runs/{id}/events streams it as server-sent
// events.
//
// Finished runs are directories of Config.ResultsDir, whichever tool
// wrote them: GET /results/ lists them from their manifests, GET
// /results/{run}/ shows one (the headline, the metric tables with better
// and worse marked, the figures as SVG, from sim/report), and GET
// /results/{run}/{file} downloads one of its files. Every path from a
// request is one plain name checked against what the run directory
// holds, opened through an os.Root on the results directory, never
// following a symbolic link.
package runs
