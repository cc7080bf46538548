// flowsim serve: live validation of the scenario form. The page works
// without this script (the Check button posts the form); with it, each
// change is checked as it is typed, with the messages flowsim validate
// prints, and the source inputs appear beside the values that changed.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var form = document.getElementById("edit");
    var out = document.getElementById("check");
    if (!form || !out) { return; }
    var token = form.querySelector("input[name=csrf]").value;
    var timer = null, seq = 0;

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text !== undefined) { e.textContent = text; }
      return e;
    }
    function list(cls, items) {
      var ul = el("ul", cls);
      items.forEach(function (m) { var li = el("li"); li.appendChild(el("code", "", m)); ul.appendChild(li); });
      return ul;
    }
    function showFields(fields) {
      form.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
      form.querySelectorAll(".field").forEach(function (f) {
        var msgs = fields[f.getAttribute("data-path")];
        if (!msgs) { return; }
        var after = f.querySelector(".hint");
        msgs.forEach(function (m) {
          var p = el("p", "field-error");
          p.appendChild(el("code", "", m));
          after.insertAdjacentElement("afterend", p);
          after = p;
        });
      });
    }
    function show(r) {
      showFields(r.fields || {});
      out.textContent = "";
      if (r.error) { out.appendChild(el("p", "problem", r.error)); return; }
      var errors = r.errors || [], warnings = r.warnings || [], missing = r.missing || [];
      if (errors.length) {
        var box = el("div", "problem");
        box.appendChild(el("p", "", errors.length + (errors.length === 1 ? " problem" : " problems") + ", as flowsim validate reports them:"));
        box.appendChild(list("errors", errors));
        out.appendChild(box);
      } else if (r.changed) {
        out.appendChild(el("p", "ok", "The intervention is valid (" + r.changed + (r.changed === 1 ? " setting" : " settings") + " changed)."));
      } else {
        out.appendChild(el("p", "", "Nothing changed yet."));
      }
      if (warnings.length) { out.appendChild(list("warnings", warnings)); }
      if (missing.length) { out.appendChild(el("p", "missing", "Before saving, give a grade and a source for: " + missing.join(", ") + ".")); }
      if (r.changed) {
        var d = el("details"), s = el("summary", "", "The file, as it would be saved to " + r.file);
        d.appendChild(s);
        d.appendChild(el("pre", "", r.yaml));
        out.appendChild(d);
      }
    }
    function check() {
      var mine = ++seq;
      var body = new URLSearchParams(new FormData(form));
      fetch("/validate", { method: "POST", body: body, headers: { "X-CSRF-Token": token }, credentials: "same-origin" })
        .then(function (resp) { return resp.json(); })
        .then(function (r) { if (mine === seq) { show(r); } })
        .catch(function (err) { if (mine === seq) { show({ error: "Could not check: " + err.message }); } });
    }
    form.addEventListener("input", function (ev) {
      var t = ev.target;
      if (t.name && t.name.indexOf("v:") === 0) {
        var f = t.closest(".field");
        if (f) { f.classList.toggle("changed", t.value.trim() !== t.getAttribute("data-base")); }
      }
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(check, 100); });
  });
})();
