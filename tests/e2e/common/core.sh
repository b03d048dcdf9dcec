# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# The target under test (E2E_TARGET), logging, time
# (centiseconds since boot, kernel-log timestamps) and polling.
# Sourced by tests/e2e/lib.sh.

# mpath2 (the project's module) or multipath (in-tree dm-multipath in bio
# mode, the reference the bench was developed against). Override with
# E2E_TARGET=multipath in the host's environment.
E2E_TARGET=${E2E_TARGET:-mpath2}

E2E_MARKERS=${E2E_MARKERS:-/dev/null}
E2E_SCRIPT=${E2E_SCRIPT:-$0}
E2E_NAME=${E2E_SCRIPT##*/}
E2E_NAME=${E2E_NAME%.sh}
E2E_TMP=${E2E_TMP:-/tmp/e2e}
mkdir -p "$E2E_TMP"

# Centiseconds since boot.
e2e_now_cs() {
	local up
	read -r up _ </proc/uptime
	echo $((10#${up/./}))
}

# Seconds (with 2 decimals) since centisecond timestamp $1.
e2e_since() {
	local d=$(($(e2e_now_cs) - $1))
	printf '%d.%02d' $((d / 100)) $((d % 100))
}

E2E_T0=$(e2e_now_cs)

e2e_log() {
	printf '[e2e %s +%ss] %s\n' "$E2E_NAME" "$(e2e_since "$E2E_T0")" "$*"
}

# A line for the host: console and marker channel.
e2e_marker() {
	printf '%s\n' "$*"
	printf '%s\n' "$*" >>"$E2E_MARKERS" 2>/dev/null || true
}

# Run a command, logging it first.
e2e_run() {
	e2e_log "+ $*"
	"$@"
}

# wait_until TIMEOUT_S INTERVAL_S CMD...: poll CMD until it succeeds; fails
# after TIMEOUT_S seconds.
wait_until() {
	local timeout=$1 interval=$2 start
	shift 2
	start=$(e2e_now_cs)
	while ! "$@"; do
		if [ $(($(e2e_now_cs) - start)) -ge $((timeout * 100)) ]; then
			return 1
		fi
		sleep "$interval"
	done
}

# A line in the kernel log ("e2e: TEXT"), so that a test's own events and
# the kernel's share one clock.
e2e_kmsg() { echo "e2e: $*" >/dev/kmsg 2>/dev/null || true; }

# klog_time MARK ERE [first|last]: kernel timestamp (seconds) of the first
# (default) or last kernel log line matching ERE after the last "e2e: MARK"
# line (MARK "" = the whole log). Fails if there is none.
klog_time() {
	local re=$2 which=${3:-first} t
	t=$(dmesg | awk -v mark="e2e: $1" -v re="$re" -v which="$which" '
		function ts(line) { sub(/^\[ */, "", line); sub(/\].*$/, "", line); return line }
		mark != "e2e: " && index($0, mark) && substr($0, index($0, mark) + length(mark)) == "" { t = ""; next }
		$0 ~ re { if (which == "last" || t == "") t = ts($0) }
		END { if (t != "") print t }')
	[ -n "$t" ] || return 1
	echo "$t"
}

# secs_between A B: B - A for two timestamps in seconds, 3 decimals.
secs_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# float_between X LO HI: LO <= X <= HI.
float_between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }

# A measured figure for the host's summary (make e2e prints E2E-TIME lines).
e2e_figure() { e2e_marker "E2E-TIME: $*"; }

pid_gone() { ! kill -0 "$1" 2>/dev/null; }
