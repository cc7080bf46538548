#!/usr/bin/env bash
# Browser test of "flowsim report": renders the report of a small Notts
# comparison (with --patients, so every kind of figure but the sweep is in
# it) in headless Chromium and checks that
#   - the page logs nothing to the console: it has no scripts, so any
#     console line is an error (a failed load, a blocked resource);
#   - every figure is present, decoded and visible (non-zero size on the
#     page), and every section is there;
#   - it renders with the network unreachable;
# and saves a screenshot to results/report-screenshot.png.
#
# Needs Go and Chromium (Debian: apt-get install -y chromium); CHROMIUM
# names another binary. Run from anywhere: scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

. scripts/chromium.sh browser-test

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/flowsim" ./cmd/flowsim
"$work/flowsim" compare scenarios/notts/baseline.yaml scenarios/notts/toc-hubs-7day.yaml \
	--reps 3 --patients --out "$work/run" --quiet
"$work/flowsim" report "$work/run" --quiet >/dev/null
report="$work/run/report.html"
want_figures=$(grep -c '<figure id=' "$report")

# Flags for a quiet, offline, throw-away browser.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--disable-dev-shm-usage --hide-scrollbars --host-resolver-rules="MAP * ~NOTFOUND"
	--enable-logging=stderr --v=0)
browser() { # browser PROFILE ARGS... : run Chromium, stderr to $work/PROFILE.log
	local profile=$1
	shift
	timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/$profile" "$@" 2>"$work/$profile.log"
}

# 1. The page as it is: console messages and a screenshot.
mkdir -p results
browser shot --window-size=1280,2400 --screenshot="$PWD/results/report-screenshot.png" "file://$report" >/dev/null
# 2. A copy with a checker appended, which measures each figure once the
#    page has loaded and writes its verdict into the DOM.
cat >"$work/check.js" <<'EOF'
addEventListener("load", function () {
  var imgs = document.querySelectorAll("figure img"), bad = [];
  imgs.forEach(function (img) {
    var r = img.getBoundingClientRect();
    if (!img.complete || img.naturalWidth < 100 || r.width < 300 || r.height < 150) bad.push(img.alt);
  });
  var missing = ["answer", "scenario", "metrics", "comparison", "figures", "stress", "reproduce", "parameters", "data"]
    .filter(function (id) { return !document.getElementById(id); });
  var out = document.createElement("pre");
  out.id = "browser-check";
  out.textContent = "BROWSER-CHECK figures=" + imgs.length + " bad=" + bad.length +
    " missing=" + missing.join(",") + " bad-figures=" + bad.join("|");
  document.body.appendChild(out);
});
EOF
awk -v js="$work/check.js" '/<\/body>/ { print "<script>"; while ((getline l < js) > 0) print l; print "</script>" } { print }' \
	"$report" >"$work/run/check.html"
browser check --window-size=1280,2400 --virtual-time-budget=15000 --dump-dom "file://$work/run/check.html" >"$work/dom.html"

fail=0
for log in "$work/shot.log" "$work/check.log"; do
	if grep -E ':CONSOLE[:(]|Uncaught' "$log" >/dev/null; then
		echo "browser-test: console messages ($(basename "$log" .log)):" >&2
		grep -E ':CONSOLE[:(]|Uncaught' "$log" >&2
		fail=1
	fi
done
verdict=$(grep -o '<pre id="browser-check">[^<]*' "$work/dom.html" | sed 's/.*>//' || true)
if [ "$verdict" != "BROWSER-CHECK figures=$want_figures bad=0 missing= bad-figures=" ]; then
	echo "browser-test: want $want_figures visible figures and every section; got: ${verdict:-no verdict (the page did not load)}" >&2
	fail=1
fi
if [ ! -s results/report-screenshot.png ]; then
	echo "browser-test: no screenshot" >&2
	fail=1
fi
if [ "$fail" != 0 ]; then
	exit 1
fi
echo "browser-test: ok: $want_figures figures visible, no console messages, screenshot in results/report-screenshot.png ($(($(date +%s) - start)) s)"
