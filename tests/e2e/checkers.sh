#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "checkers" (one boot): the daemon's path checkers and its
# polling back-off on a real two-path iSCSI map that carries no I/O, so
# that every read a path's disk completes (/sys/block/sdX/stat) is the
# checker's own:
#   - path_checker directio reads each path (one O_DIRECT read of sector 0
#     per check); the tur checker sends TEST UNIT READY, which the block
#     layer does not count as a read: the control that tells the two apart;
#   - max_polling_interval: a healthy path's interval doubles from
#     polling_interval up to max_polling_interval, so over one window it is
#     checked far less often than with max_polling_interval =
#     polling_interval (both windows measured in this boot; the counts
#     are printed, and the test asks only for half);
#   - directio fails a path whose network is cut (its read gets no answer
#     until iSCSI gives up, or the checker's timeout ends it) although no
#     I/O could have told the kernel, and reinstates it once the session
#     is back.
#
# e2e-scenarios: chk-setup chk-directio-reads chk-tur-no-reads
# e2e-scenarios: chk-backoff chk-directio-net-cut-failed
# e2e-scenarios: chk-directio-reinstated kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
MAP=e2e-chk
CONF=$E2E_TMP/mpath2.conf
DLOG=$E2E_TMP/daemon.log
WINDOW=${E2E_CHK_WINDOW:-30}        # seconds a window of checks lasts
E2E_KEEP="kernel-log-clean"

# conf CHECKER MAX: polling_interval 1, max_polling_interval MAX.
conf() {
	printf 'defaults {\n\tpath_checker %s\n\tpolling_interval 1\n\tmax_polling_interval %s\n\tchecker_timeout 5\n}\n' \
		"$1" "$2" >"$CONF"
}

# Reads completed by disk $1 (field 1 of its stat).
sd_reads() {
	local f
	read -r -a f <"/sys/block/$1/stat"
	echo "${f[0]}"
}

# window CHECKER MAX: start the daemon with that config, let it check for
# WINDOW seconds once it watches both paths, stop it, and print the reads
# each path completed meanwhile ("N0 N1") on stdout (logs go to stderr).
# Fails if the daemon never watched both paths.
window() {
	local r0 r1 ok=0
	conf "$1" "$2"
	daemon_start "$CONF" >&2
	if wait_until 30 0.2 dlog_has "watching path.*${E2E_DEV[1]}" &&
		wait_until 30 0.2 dlog_has "watching path.*${E2E_DEV[0]}"; then
		ok=1
		r0=$(sd_reads "${E2E_SD[0]}")
		r1=$(sd_reads "${E2E_SD[1]}")
		sleep "$WINDOW"
		r0=$(($(sd_reads "${E2E_SD[0]}") - r0))
		r1=$(($(sd_reads "${E2E_SD[1]}") - r1))
	fi
	daemon_stop >/dev/null
	[ $ok = 1 ] || return 1
	e2e_log "$1, max_polling_interval $2: reads in ${WINDOW}s: $r0 $r1" >&2
	echo "$r0 $r1"
}

s_setup() {
	if ! command -v "$CTL" >/dev/null; then
		result_fail chk-setup "$CTL is not in the guest"
		return 1
	fi
	if ! iscsi_setup || ! modprobe dm-mpath2; then
		result_fail chk-setup "no iSCSI paths or no module"
		return 1
	fi
	e2e_run "$CTL" create "$MAP" "/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}"
	mp_show "$MAP"
	result chk-setup "no map $MAP" test -b "/dev/mapper/$MAP"
}

FLAT=""

# directio with no back-off (max = polling_interval = 1 s): about one read
# per path per second. Asked: at least a fifth of that.
s_directio_reads() {
	local n why=""
	if ! n=$(window directio 1); then
		result_fail chk-directio-reads "the daemon did not watch both paths"
		return
	fi
	FLAT=$n
	e2e_figure "checkers directio_reads_per_path ${n// /,} in ${WINDOW}s (polling 1s, no back-off)"
	for r in $n; do
		[ "$r" -ge $((WINDOW / 5)) ] || why="a path completed $r reads in ${WINDOW}s (directio every 1 s)"
	done
	result_end chk-directio-reads "$why"
}

# The same window with the tur checker: the paths complete (almost) no
# reads. One is allowed, for anything else that opens the disk.
s_tur_no_reads() {
	local n why=""
	if ! n=$(window tur 1); then
		result_fail chk-tur-no-reads "the daemon did not watch both paths"
		return
	fi
	for r in $n; do
		[ "$r" -le 1 ] || why="$r reads on a path with the tur checker: the reads are not the checker's"
	done
	result_end chk-tur-no-reads "$why"
}

# max_polling_interval 16: checks at about 0, 1, 3, 7, 15 and 31 s, so ~5
# in a 30 s window against ~30 without back-off. Asked: fewer than half
# of the flat window's count, and at least 2 (the checker still runs).
s_backoff() {
	local n why="" i=0 flat
	if [ -z "$FLAT" ]; then
		result_fail chk-backoff "no flat window to compare with"
		return
	fi
	if ! n=$(window directio 16); then
		result_fail chk-backoff "the daemon did not watch both paths"
		return
	fi
	read -r -a flat <<<"$FLAT"
	e2e_figure "checkers backoff_reads_per_path ${n// /,} in ${WINDOW}s (max_polling_interval 16s) vs ${FLAT// /,} without"
	for r in $n; do
		[ "$r" -ge 2 ] || why=${why:-"a path was checked $r times in ${WINDOW}s"}
		[ $((r * 2)) -lt "${flat[i]}" ] ||
			why=${why:-"no back-off: $r checks with max_polling_interval 16 against ${flat[i]} with 1"}
		i=$((i + 1))
	done
	result_end chk-backoff "$why"
}

# The network to portal 0 cut while the map is idle: only the checker can
# notice. Then restored: the session logs in again and the path returns.
s_net_cut() {
	local dev=${E2E_DEV[0]} sd=${E2E_SD[0]} why=""
	conf directio 16
	daemon_start "$CONF"
	if ! wait_until 30 0.2 dlog_has "watching path.*$dev"; then
		result_fail chk-directio-net-cut-failed "the daemon did not watch $sd"
		e2e_fail_rest "the daemon did not start"
		daemon_stop
		return
	fi
	# Let the path's interval grow to its maximum first (1+2+4+8 s): the
	# failure must still be caught, with the back-off at 16 s.
	sleep 15
	iscsi_net_cut 0 || why="cannot cut the network"
	if [ -z "$why" ] && ! wait_until 120 0.5 mp_path_is "$MAP" "$dev" F; then
		why="$sd still active 120 s after its network was cut"
	fi
	[ -n "$why" ] || dlog_has "failing path $sd" ||
		why="the path is failed but the daemon did not say it failed it"
	result_end chk-directio-net-cut-failed "$why"
	why=""
	iscsi_net_restore 0
	if ! wait_until 120 0.5 mp_path_is "$MAP" "$dev" A; then
		why="$sd not reinstated 120 s after its network came back"
	fi
	dlog | grep -E "$sd" | tail -n 8 | sed 's/^/  daemon: /'
	result_end chk-directio-reinstated "$why"
	daemon_stop >/dev/null
}

e2e_plan
if s_setup; then
	s_directio_reads
	s_tur_no_reads
	s_backoff
	s_net_cut
else
	e2e_fail_rest "setup failed"
fi
mp_remove "$MAP"
e2e_finish
