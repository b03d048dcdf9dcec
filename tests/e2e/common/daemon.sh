# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# The path checker daemon under test (`mpath2ctl daemon`) and the WWIDs the
# kernel reports. Sourced by tests/e2e/lib.sh. A group sets CTL (the
# mpath2ctl binary) and DLOG (the daemon's log file) before it calls these.

DPID=""
DLOG_FROM=1

# daemon_start [CONFIG] [ARGS...]: start `mpath2ctl [--config CONFIG] daemon
# ARGS` in its own session (pid in DPID), appending to DLOG. CONFIG ""
# means the default file. DLOG_FROM marks where this run's lines begin.
daemon_start() {
	local conf=${1:-}
	shift || true
	touch "$DLOG"
	DLOG_FROM=$(($(wc -l <"$DLOG") + 1))
	setsid "$CTL" ${conf:+--config "$conf"} daemon "$@" >>"$DLOG" 2>&1 </dev/null &
	DPID=$!
	e2e_log "daemon pid $DPID${conf:+ (config $conf)}"
}

# The running daemon's own log lines (from DLOG_FROM on).
dlog() { tail -n "+$DLOG_FROM" "$DLOG" 2>/dev/null; }

# dlog_has TEXT: the daemon logged TEXT since it was last started.
dlog_has() { dlog | grep -q -- "$1"; }

# dlog_count TEXT: how many of the daemon's lines since its start hold TEXT.
dlog_count() { dlog | grep -c -- "$1"; }

# daemon_stop: SIGTERM, wait up to 10 s for it to exit (then kill the
# tree), and show the end of its log.
daemon_stop() {
	[ -n "$DPID" ] || return 0
	kill -TERM "$DPID" 2>/dev/null
	wait_until 10 0.2 pid_gone "$DPID" || bg_stop "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=""
	dlog | tail -n 25 | sed 's/^/  daemon: /'
}

# kernel_wwid SD: the WWID the kernel reports for disk SD
# (/sys/block/SD/device/wwid) in scsi_id's form, as mpath2ctl prints it
# for the NAA designators LIO gives: naa.<hex> becomes 3<hex>.
kernel_wwid() {
	local w
	w=$(cat "/sys/block/$1/device/wwid" 2>/dev/null) || return 1
	case $w in
	naa.*) echo "3${w#naa.}" ;;
	*) echo "$w" ;;
	esac
}
