#!/usr/bin/env bash
# Screenshots of the first screen of "flowsim report" for the README: a
# Notts comparison (baseline against seven-day transfer-of-care hubs), as
# a planner opens it on a laptop (1280×800) and on a phone (390×844).
# Writes results/report-first-screen.png and
# results/report-first-screen-phone.png.
#
# Needs Go and Chromium (Debian: apt-get install -y chromium); CHROMIUM
# names another binary; REPS the replications (default the scenario's 20, as README's
# headline quotes). Run from
# anywhere: scripts/report-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/chromium.sh report-screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/flowsim" ./cmd/flowsim
"$work/flowsim" compare scenarios/notts/baseline.yaml scenarios/notts/toc-hubs-7day.yaml \
	${REPS:+--reps "$REPS"} --out "$work/run" --quiet
"$work/flowsim" report "$work/run" --quiet >/dev/null

mkdir -p results
shot() { # shot WIDTH HEIGHT FILE
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
		--hide-scrollbars --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$work/profile-$1" \
		--force-device-scale-factor=1 --window-size="$1,$2" --screenshot="$PWD/$3" "file://$work/run/report.html" \
		2>"$work/shot-$1.log" >/dev/null
	[ -s "$3" ] || { echo "report-screenshots: no $3" >&2; cat "$work/shot-$1.log" >&2; exit 1; }
	echo "$3"
}
shot 1280 800 results/report-first-screen.png
shot 390 844 results/report-first-screen-phone.png
