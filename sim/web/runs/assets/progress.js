// Follows a flowsim job's server-sent events on its status page, in place
// of the page's meta refresh (which only works without JavaScript).
(function () {
  "use strict";
  var box = document.getElementById("run-status");
  if (!box || !window.EventSource) {
    return;
  }
  var state = box.getAttribute("data-state");
  if (state === "done" || state === "failed" || state === "cancelled") {
    return;
  }
  var text = document.getElementById("run-text");
  var bar = document.getElementById("run-progress");
  var es = new EventSource(box.getAttribute("data-events"));
  function show(st) {
    text.textContent = st.text;
    if (bar && st.state === "running" && st.total > 0) {
      bar.max = st.total;
      bar.value = st.done;
      bar.textContent = st.done + " of " + st.total;
    }
  }
  es.addEventListener("progress", function (e) {
    show(JSON.parse(e.data));
  });
  es.addEventListener("error", function () {
    // The browser retries a dropped stream by itself; one it gave up on
    // (the server restarted and forgot the job) leaves the page to say.
    if (es.readyState === 2) {
      window.location.reload();
    }
  });
  es.addEventListener("done", function (e) {
    es.close();
    var st = JSON.parse(e.data);
    show(st);
    if (st.results) {
      window.location.assign(st.results);
    } else {
      // Failed or cancelled: the page says why.
      window.location.reload();
    }
  });
})();
