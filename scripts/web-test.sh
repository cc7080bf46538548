#!/usr/bin/env bash
# Browser test of "flowsim serve" (issue 14): drives the app in headless
# Chromium through the DevTools protocol (chromedp, the Go test
# TestBrowser in sim/web/app, behind the "browser" build tag so that
# "go test ./..." needs no browser). It opens the library and the Notts
# baseline, changes QMC's p2 capacity to -5 and sees the validate message,
# sets it to 130 with a graded source, saves it as an intervention, checks
# that the saved file validates, compares the baseline with it over 4
# replications (live progress, then the results page: headline, figure),
# opens its report, sweeps the M/M/5 example's beds (a bad value refused
# with flowsim sweep's message, then the curve), compares erlang-loss with the example
# across two plausible baselines of a match (headline, ranks, figure),
# opens ED capacity's diagram (QMC's cubicles and clinicians), and fails on any console
# message. The
# browser runs offline (every host name but the app's fails to resolve).
# Screenshots go to results/web-*.png.
#
# Needs Go and Chromium (Debian: apt-get install -y chromium); CHROMIUM
# names another binary. Run from anywhere: scripts/web-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
	echo "web-test: Chromium not found; install it (apt-get install -y chromium) or set CHROMIUM" >&2
	exit 1
fi
mkdir -p results
CHROMIUM="$chromium" SCREENSHOTS="$PWD/results" \
	go test -tags browser -count=1 -run '^TestBrowser$' ./sim/web/app
for shot in web-library web-scenario web-validation web-saved web-run web-results web-sweep web-diagram; do
	if [ ! -s "results/$shot.png" ]; then
		echo "web-test: no screenshot results/$shot.png" >&2
		exit 1
	fi
done
echo "web-test: ok: library, baseline, validation error, saved intervention, compare, results, report, sweep, ensemble, ED capacity diagram; no console messages; screenshots in results/web-*.png ($(($(date +%s) - start)) s)"
