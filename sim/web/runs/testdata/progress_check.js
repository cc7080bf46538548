// Drives assets/progress.js with a fake page and a fake EventSource:
// node progress_check.js PATH/TO/progress.js. Exits non-zero on a failure.
"use strict";
const fs = require("fs");
const vm = require("vm");
const assert = require("assert");
const src = fs.readFileSync(process.argv[2], "utf8");

function page(state) {
  const el = (attrs) => ({ attrs, textContent: "", max: 0, value: 0, getAttribute(n) { return this.attrs[n]; } });
  const els = {
    "run-status": el({ "data-events": "/runs/j/events", "data-state": state }),
    "run-text": el({}),
    "run-progress": el({}),
  };
  const p = { els, streams: [], assigned: null, reloaded: false };
  class FakeEventSource {
    constructor(url) { this.url = url; this.handlers = {}; this.closed = false; p.streams.push(this); }
    addEventListener(name, f) { this.handlers[name] = f; }
    close() { this.closed = true; }
  }
  const window = {
    EventSource: FakeEventSource,
    location: { assign(u) { p.assigned = u; }, reload() { p.reloaded = true; } },
  };
  vm.runInNewContext(src, { document: { getElementById: (id) => els[id] || null }, window, EventSource: FakeEventSource, JSON });
  p.send = (name, st) => p.streams[0].handlers[name]({ data: JSON.stringify(st) });
  return p;
}

// A running job: progress updates the text and the bar; done opens the results.
let p = page("running");
assert.strictEqual(p.streams.length, 1);
assert.strictEqual(p.streams[0].url, "/runs/j/events");
p.send("progress", { state: "running", done: 1, total: 4, text: "running: 1 of 4 replications" });
assert.strictEqual(p.els["run-text"].textContent, "running: 1 of 4 replications");
assert.strictEqual(p.els["run-progress"].max, 4);
assert.strictEqual(p.els["run-progress"].value, 1);
p.send("done", { state: "done", done: 4, total: 4, text: "done", results: "/results/j/" });
assert.ok(p.streams[0].closed, "the stream is closed when the job is done");
assert.strictEqual(p.assigned, "/results/j/");

// A job that fails: the page reloads to say why.
p = page("queued");
p.send("done", { state: "failed", text: "failed" });
assert.ok(p.reloaded && p.assigned === null);

// A stream the browser gave up on reloads the page; one it retries does not.
p = page("running");
p.streams[0].readyState = 0;
p.streams[0].handlers.error({});
assert.ok(!p.reloaded);
p.streams[0].readyState = 2;
p.streams[0].handlers.error({});
assert.ok(p.reloaded);

// A finished job's page follows nothing.
p = page("cancelled");
assert.strictEqual(p.streams.length, 0);
console.log("ok");
