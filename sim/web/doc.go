// Package web is flowsim's planner's web app, served by "flowsim serve": a
// library of scenarios (the shipped ones, read-only, and the planner's
// own), a page per scenario with its care process drawn as a diagram and
// every setting in a form generated from the scenario JSON Schema, live
// validation with the messages "flowsim validate" prints, and saving a
// change as a new intervention file that extends the scenario it changes.
//
// Runs and results are another package's job: Config.Runs is mounted under
// /runs/ and /results/, and may use Server.CheckWrite, Server.CSRFToken and
// Server.Page to share the app's protection and layout.
//
// Everything is served from the binary (html/template, embed): the app
// works offline, its pages read with JavaScript off, and its one small
// script only adds live validation.
//
// Security: names in URLs and forms are confined to the scenario
// directories (see resolve), state-changing requests need the app's own
// Origin and its CSRF token (CheckWrite), request bodies are bounded
// (MaxBody), and every page carries a Content-Security-Policy without
// 'unsafe-inline'. The app never starts a program: only flowsim's own
// engine, in this process, ever runs a scenario.
package web
