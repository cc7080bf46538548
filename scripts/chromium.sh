# Sourced by the scripts that drive headless Chromium: sets $chromium to
# the browser (CHROMIUM names another binary) or exits saying how to get
# it. $1 is the calling script's name, for the message.
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
	echo "$1: Chromium not found; install it (apt-get install -y chromium) or set CHROMIUM" >&2
	exit 1
fi
