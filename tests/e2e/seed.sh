#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "seed" (one boot): the scenario mpath2 exists for. A host with
# two NICs reaches an iSCSI array with two portals; every NIC logs in to
# every portal, so one LUN is four sd paths (lib.sh's seed_setup: veth
# pairs into an "array" network namespace, LIO's portals opened there,
# open-iscsi ifaces bound to nic1/nic2). Portal 1 is ALUA active/optimized,
# portal 2 active/non-optimized (explicit + implicit ALUA). `mpath2ctl
# discover` builds the map (service-time, the alua handler, no_path_retry
# 0 = fail fast, failback immediate; --group group_by_prio when mpath2ctl
# has it, else failover: a group per path, ranked by the ALUA handler) and
# `mpath2ctl daemon` (polling_interval 1) checks the paths. Every scenario
# runs under fio with crc32c verify and wants zero I/O and verify errors,
# except seed-all-down-eio, which wants EIO at once:
#
# Timing is judged on order and outcome with a bound of at least 5x the
# expected value (a reinstatement is expected within 2 polls and must come
# within 10; EIO is expected within a second of the last path failing and
# must come after it, within 10 s), so a stalled host does not fail it;
# the measured figures are printed (E2E-TIME lines), not judged.
#
#   seed-setup             4 sessions, 4 sd, one WWID, map + daemon
#   seed-show              show lists the 4 paths with NIC -> portal
#   seed-optimized-only    bios only on portal 1's paths (path_stats ios)
#   seed-nic-down          nic1 down: its two paths fail, nic2's two stay
#                          logged in, I/O goes on
#   seed-nic-up-reinstated nic1 up: the daemon reinstates its paths within
#                          two polling intervals of the relogin
#   seed-nic-up-failback   I/O back on the optimized path it used before
#   seed-portal-down       portal 1's TPG disabled on the array: its two
#                          paths fail, I/O goes on over portal 2
#   seed-portal-up         TPG enabled: paths back, I/O back on portal 1
#   seed-logout-login      the busy session logged out (its disk leaves the
#                          map) and in again (a new disk joins it)
#   seed-array-moves       the array makes portal 2 optimized: I/O follows;
#                          and back
#   seed-sd-offline        the busy path's sd set offline: it fails, I/O
#                          goes on
#   seed-sd-online-reinstated  running again: the daemon reinstates it
#                          within two polls, I/O back on it
#   seed-transitioning     portal 1's port group transitioning for 3 s,
#                          then optimized: no path failed (fail_count)
#   seed-standby-stpg      portal 2 unavailable, portal 1 standby: the
#                          ALUA handler's STPG activates portal 1, I/O
#                          goes on
#   seed-daemon-killed     the daemon SIGKILLed, then the busy path's NIC
#                          cut: the kernel fails that path from I/O
#                          errors alone, I/O goes on
#   seed-daemon-restarted  the daemon restarted, the NIC back: the new
#                          daemon reinstates the NIC's paths within two
#                          polls of the relogin
#   seed-all-down-eio      both NICs down: EIO at fio promptly after the
#                          last path fails in dm (figures: iSCSI detection,
#                          replacement timeout, dm -> EIO)
#   seed-no-d-state        no task left in D state after that
#   seed-all-back          both NICs up: 4 paths active again, I/O on
#                          portal 1, fio verify clean
#
# e2e-scenarios: seed-setup seed-show seed-optimized-only
# e2e-scenarios: seed-nic-down seed-nic-up-reinstated seed-nic-up-failback
# e2e-scenarios: seed-portal-down seed-portal-up seed-logout-login
# e2e-scenarios: seed-array-moves seed-all-down-eio seed-no-d-state
# e2e-scenarios: seed-sd-offline seed-sd-online-reinstated
# e2e-scenarios: seed-transitioning seed-standby-stpg
# e2e-scenarios: seed-daemon-killed seed-daemon-restarted
# e2e-scenarios: seed-all-back kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
MAP=mpath0
MAPDEV=/dev/mapper/$MAP
POLL=1                               # the daemon's polling_interval, s
REINSTATE_BOUND=$((10 * POLL))       # s: 5x the 2 polls a reinstatement takes
EIO_BOUND=10                         # s: 10x the second fail fast takes
CONF=$E2E_TMP/mpath2.conf
DLOG=$E2E_TMP/daemon.log
DPID=
DLOG_FROM=1                          # the running daemon's first log line
GROUPING=failover
SPLIT_N=400
ACTIVE=0                             # the path that carries I/O at first
E2E_KEEP="kernel-log-clean"

fio_job=(
	--name=seed --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k
	--iodepth=16 --group_reporting --eta=never --rw=randwrite --size=16M
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

# ---- helpers ---------------------------------------------------------------

# Path N (0..3) of SEED_* in the map: A or F.
path_is() { mp_path_is "$MAP" "${SEED_DEV[$1]}" "$2"; }

# paths_are STATE N...: every listed path is in STATE (A or F).
paths_are() { seed_paths_are "$MAP" "$@"; }
sessions_in() { seed_sessions_in "$@"; }

split() { seed_split "$MAP" "$SPLIT_N"; }

# on_portal P: >= 99% of the next SPLIT_N bios on portal P's paths (and,
# grouped by priority, on each of them that is active). Leaves the split
# in LAST_SPLIT.
on_portal() {
	local -a s
	local i on=0 all=0 each=1
	read -r -a s <<<"$(split)"
	LAST_SPLIT="${s[*]}"
	for i in 0 1 2 3; do
		all=$((all + s[i]))
		if [ "${SEED_PORTAL[i]}" = "$1" ]; then
			on=$((on + s[i]))
			[ "${s[i]}" -gt 0 ] || ! path_is "$i" A || each=0
		fi
	done
	e2e_log "bios per path (nic1-p1 nic1-p2 nic2-p1 nic2-p2): ${s[*]}; on portal $1: $on of $all"
	[ "$GROUPING" = group_by_prio ] && [ "$each" = 0 ] && return 1
	[ "$on" -gt 0 ] && [ $((on * 100)) -ge $((all * 99)) ]
}

# on_path N: >= 99% of the next SPLIT_N bios on path N.
on_path() {
	local -a s
	local all
	read -r -a s <<<"$(split)"
	all=$((s[0] + s[1] + s[2] + s[3]))
	e2e_log "bios per path: ${s[*]}, want them on $(seed_path_name "$1")"
	[ "${s[$1]}" -gt 0 ] && [ $((s[$1] * 100)) -ge $((all * 99)) ]
}

lio_state() {
	e2e_log "array: port group $1 -> ALUA state $2"
	echo "$2" >"$LIO_DEV/alua/$1/alua_access_state"
}

alua_is() { mp_path_stat_is "$MAP" "${SEED_DEV[$1]}" alua "$2"; }

fio_start() { fio_loop_start "$E2E_TMP/fio-$1" "${fio_job[@]}"; }

# fio_end SCENARIO WHY: stop the fio loop, add its verdict, report.
fio_end() {
	local why=$2
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	dmsetup message "$MAP" 0 path_stats | sed 's/^/  path_stats: /'
	result_end "$1" "$why"
}

# The map goes on completing I/O: N more within 20 s.
io_goes_on() {
	local dm base
	dm=$(mp_blkname "$MAP")
	base=$(blk_ios "$dm")
	wait_until 20 0.1 blk_progress "$dm" "$base" "${1:-200}"
}

# time_until SECS CMD...: seconds (2 decimals) until CMD succeeds, or
# "timeout".
time_until() {
	local t0 limit=$1
	shift
	t0=$(e2e_now_cs)
	if wait_until "$limit" 0.05 "$@"; then e2e_since "$t0"; else echo timeout; fi
}

# The fio loop has finished a run.
fio_ran() { [ -s "$FIO_LOOP_DIR/runs" ]; }

secs_le() { [ "$1" != timeout ] && float_between "$1" 0 "$2"; }

# Start `mpath2ctl daemon` (common/daemon.sh) and wait until it watches
# the 4 paths. Sets WHY on failure.
seed_daemon_start() {
	local i
	daemon_start "$CONF"
	for i in 0 1 2 3; do
		wait_until 20 0.2 dlog_has "watching path ${SEED_SD[i]} " ||
			{ WHY="the daemon does not watch ${SEED_SD[i]}"; dlog | sed 's/^/  daemon: /'; return 1; }
	done
}

# fail_counts: path_stats fail_count of paths 0..3 on one line.
fail_counts() {
	local i
	for i in 0 1 2 3; do
		printf '%s ' "$(mp_path_stat "$MAP" "${SEED_DEV[i]}" fail_count)"
	done
}

lio_state_is() { [ "$(cat "$LIO_DEV/alua/$1/alua_access_state")" = "$2" ]; }

# The array as at setup: portal 1 optimized, portal 2 non-optimized, and
# mpath2 seeing it so, with all 4 paths active.
array_default() {
	lio_state ano 1 && lio_state ao 0 &&
		wait_until 20 0.1 alua_is 0 active/optimized &&
		wait_until 20 0.1 alua_is 1 active/non-optimized &&
		wait_until 20 0.1 paths_are A 0 1 2 3
}

# ---- scenarios -------------------------------------------------------------

s_setup() {
	local i opts
	seed_setup || { WHY="the 2x2 iSCSI bench did not come up"; return 1; }
	iscsiadm -m session | sed 's/^/  session: /'
	modprobe dm-mpath2 || { WHY="no module"; return 1; }
	# Not `--help | grep -q`: with pipefail, grep leaving early can SIGPIPE
	# the help (over 4 KiB) and the pipeline then fails.
	if grep -q group_by_prio <<<"$("$CTL" --help 2>&1)"; then
		GROUPING=group_by_prio
	fi
	# The same settings as discover's options below, for reload and the
	# daemon.
	printf 'defaults {\n\tpolling_interval %s\n\tchecker_timeout 5\n\tpath_selector "service-time 0"\n\tpath_grouping_policy %s\n\thardware_handler "1 alua"\n\tno_path_retry fail\n\tfailback immediate\n}\n' \
		"$POLL" "$GROUPING" >"$CONF"
	sed 's/^/  conf: /' "$CONF"
	opts=(--friendly --bindings "$E2E_TMP/bindings" --selector service-time
		--group "$GROUPING" --hwhandler alua --no-path-retry fail --failback immediate)
	e2e_run "$CTL" --config "$CONF" discover "${opts[@]}" ||
		{ WHY="mpath2ctl discover failed"; return 1; }
	[ -b "$MAPDEV" ] || { WHY="discover made no $MAPDEV"; return 1; }
	mp_show "$MAP"
	seed_daemon_start || return 1
	e2e_log "daemon pid $DPID, polling_interval $POLL s, grouping $GROUPING"
	for i in 0 1 2 3; do
		wait_until 15 0.2 alua_is "$i" "$([ "${SEED_PORTAL[i]}" = 1 ] && echo active/optimized || echo active/non-optimized)" ||
			{ WHY="ALUA state of path $i: $(mp_path_stat "$MAP" "${SEED_DEV[i]}" alua)"; return 1; }
	done
}

s_show() {
	local out i why=""
	out=$("$CTL" show "$MAP" 2>&1)
	printf '%s\n' "$out" | sed 's/^/  show: /'
	for i in 0 1 2 3; do
		grep -qE " ${SEED_SD[i]} ${SEED_DEV[i]} .*${SEED_NIC[i]} -> ${SEED_PORTAL_IP[SEED_PORTAL[i] - 1]}:$ISCSI_PORT" <<<"$out" ||
			why=${why:-"no line '${SEED_SD[i]} ... ${SEED_NIC[i]} -> ${SEED_PORTAL_IP[SEED_PORTAL[i] - 1]}:$ISCSI_PORT'"}
	done
	result seed-show "$why" test -z "$why"
}

s_optimized_only() {
	local why="" i
	local -a s
	fio_start opt
	on_portal 1 || why="not >= 99% of bios on portal 1's paths: $LAST_SPLIT"
	read -r -a s <<<"$LAST_SPLIT"
	for i in 0 1 2 3; do
		[ "${s[i]}" -gt "${s[ACTIVE]}" ] && ACTIVE=$i
	done
	e2e_log "I/O goes through $(seed_path_name "$ACTIVE") (prio $(mp_path_stat "$MAP" "${SEED_DEV[ACTIVE]}" prio))"
	[ "$GROUPING" = failover ] &&
		e2e_log "note: --group failover (a group per path) sends I/O to one optimized path at a time"
	fio_end seed-optimized-only "$why"
}

s_nic_down() {
	local why="" t
	fio_start nicdown
	io_goes_on 100
	seed_nic_down 0
	t=$(time_until 30 paths_are F 0 1)
	e2e_log "nic1 down: its paths failed in dm after ${t}s"
	[ "$t" != timeout ] || why="nic1's paths not failed 30 s after the cut: $(dmsetup status "$MAP")"
	e2e_figure "seed nic_down_paths_failed_after ${t}s"
	paths_are A 2 3 || why=${why:-the nic2 paths not active}
	sessions_in 2 3 || why=${why:-a nic2 session is not logged in: $(seed_session_state 2) $(seed_session_state 3)}
	e2e_log "sessions: nic1 $(seed_session_state 0)/$(seed_session_state 1), nic2 $(seed_session_state 2)/$(seed_session_state 3)"
	io_goes_on 200 || why=${why:-no I/O after nic1 went down}
	on_portal 1 || why=${why:-I/O not on the optimized nic2 path}
	fio_end seed-nic-down "$why"
}

# Wait for paths $1 and $2 to be logged in again, then for the daemon to
# reinstate them; REINSTATE_SECS is the time between the two.
wait_back_and_reinstated() {
	local t0 back=""
	REINSTATE_SECS=timeout
	t0=$(e2e_now_cs)
	wait_until 60 0.05 sessions_in "$1" "$2" || return 1
	back=$(e2e_now_cs)
	e2e_log "sessions logged in again $(e2e_since "$t0")s after the link came back"
	wait_until 30 0.05 paths_are A "$1" "$2" || return 1
	REINSTATE_SECS=$(e2e_since "$back")
}

s_nic_up() {
	local why=""
	fio_start nicup
	seed_nic_up 0
	if wait_back_and_reinstated 0 1; then
		e2e_figure "seed nic_up_reinstated_after_relogin ${REINSTATE_SECS}s (polling_interval ${POLL}s)"
		secs_le "$REINSTATE_SECS" "$REINSTATE_BOUND" ||
			why="reinstated ${REINSTATE_SECS}s after the relogin, not within ${REINSTATE_BOUND}s (5x 2 polling intervals)"
	else
		why="nic1's sessions or paths not back: $(seed_session_state 0) $(seed_session_state 1); $(dmsetup status "$MAP")"
	fi
	grep -E "reinstating path (${SEED_SD[0]}|${SEED_SD[1]}) " "$DLOG" | sed 's/^/  daemon: /'
	result seed-nic-up-reinstated "$why" test -z "$why"
	why=""
	sleep 1
	if [ "$GROUPING" = group_by_prio ]; then
		# Both optimized paths in one group: nic1's carries I/O again.
		on_portal 1 || why="I/O not back on both optimized paths: $LAST_SPLIT"
	else
		on_path "$ACTIVE" || why="I/O not back on $(seed_path_name "$ACTIVE"): $LAST_SPLIT"
	fi
	fio_end seed-nic-up-failback "$why"
}

s_portal() {
	local why="" t
	fio_start portal
	seed_portal_down 1
	t=$(time_until 40 paths_are F 0 2)
	e2e_log "portal 1 down: its paths failed after ${t}s"
	[ "$t" != timeout ] || why="portal 1's paths not failed 40 s after the TPG was disabled"
	paths_are A 1 3 || why=${why:-the portal 2 paths not active}
	io_goes_on 200 || why=${why:-no I/O with portal 1 down}
	on_portal 2 || why=${why:-I/O not on portal 2}
	e2e_log "array ALUA states: ao $(cat "$LIO_DEV/alua/ao/alua_access_state"), ano $(cat "$LIO_DEV/alua/ano/alua_access_state")"
	fio_end seed-portal-down "$why"

	why=""
	fio_start portalup
	seed_portal_up 1
	if wait_back_and_reinstated 0 2; then
		e2e_figure "seed portal_up_reinstated_after_relogin ${REINSTATE_SECS}s"
	else
		why="portal 1's paths not back: $(dmsetup status "$MAP")"
	fi
	# If pg_init's STPG made portal 2 optimized meanwhile, the array is
	# set back: portal 1 optimized again.
	lio_state ano 1 && lio_state ao 0
	wait_until 15 0.2 alua_is 0 active/optimized || why=${why:-portal 1 not optimized again}
	wait_until 15 0.2 alua_is 1 active/non-optimized || why=${why:-portal 2 not non-optimized again}
	sleep 1
	on_portal 1 || why=${why:-I/O not back on portal 1: $LAST_SPLIT}
	fio_end seed-portal-up "$why"
}

# The daemon adds a returning disk to the map's last group, whatever its
# ALUA priority (remap_add() in tools/table/remap.c knows failover and multibus
# only): with group_by_prio an optimized path lands among the
# non-optimized ones. `mpath2ctl reload` rebuilds the table by the
# config's grouping, which puts path N back with the other path to its
# portal.
regroup() {
	local other=$(($1 ^ 2))
	e2e_log "the daemon put path $1 in group $(mp_path_stat "$MAP" "${SEED_DEV[$1]}" group), path $other is in group $(mp_path_stat "$MAP" "${SEED_DEV[other]}" group); regrouping"
	e2e_run "$CTL" --config "$CONF" reload "$MAP" || return 1
	mp_show "$MAP"
	wait_until 10 0.2 path_is "$1" A &&
		[ "$(mp_path_stat "$MAP" "${SEED_DEV[$1]}" group)" = "$(mp_path_stat "$MAP" "${SEED_DEV[other]}" group)" ]
}

# The session that carries I/O logged out (its disk goes away: the daemon
# takes it out of the map) and in again (a new disk: the daemon adds it).
s_logout_login() {
	local why="" n=$ACTIVE nic p old new
	nic=${SEED_NIC[n]} p=${SEED_PORTAL_IP[SEED_PORTAL[n] - 1]} old=${SEED_DEV[n]}
	fio_start logout
	io_goes_on 100
	e2e_run iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$nic" --logout >/dev/null ||
		why="logout failed"
	wait_until 20 0.2 map_lacks_dev "$MAP" "$old" || why=${why:-$old still in the table 20 s after logout}
	mp_show "$MAP"
	io_goes_on 200 || why=${why:-no I/O after the logout}
	e2e_run iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$nic" --login >/dev/null ||
		why=${why:-login failed}
	if wait_until 30 0.2 seed_paths_ready; then
		new=${SEED_DEV[n]}
		e2e_log "$nic -> $p is $(seed_path_name "$n") now"
		wait_until 20 0.2 map_has_dev "$MAP" "$new" || why=${why:-$new not added to the map}
		wait_until 20 0.2 path_is "$n" A || why=${why:-$new not active}
	else
		why=${why:-the disk did not come back}
	fi
	mp_show "$MAP"
	grep -E "(removed|added) path" "$DLOG" | sed 's/^/  daemon: /'
	if [ "$GROUPING" = group_by_prio ] && [ -z "$why" ]; then
		regroup "$n" || why="path $n not regrouped: $(dmsetup table "$MAP")"
	fi
	io_goes_on 200 || why=${why:-no I/O after the login}
	fio_end seed-logout-login "$why"
}

s_array_moves() {
	local why="" t0
	fio_start moves
	t0=$(e2e_now_cs)
	lio_state ao 1 && lio_state ano 0 || why="LIO refused the states"
	if wait_until 20 0.1 alua_is 1 active/optimized; then
		e2e_figure "seed array_move_seen_after $(e2e_since "$t0")s (alua poll 5s)"
	else
		why=${why:-portal 2 never seen optimized}
	fi
	sleep 1
	on_portal 2 || why=${why:-I/O did not follow to portal 2: $LAST_SPLIT}
	lio_state ano 1 && lio_state ao 0 || why=${why:-LIO refused the states}
	wait_until 20 0.1 alua_is 0 active/optimized || why=${why:-portal 1 never seen optimized again}
	sleep 1
	on_portal 1 || why=${why:-I/O did not follow back to portal 1: $LAST_SPLIT}
	fio_end seed-array-moves "$why"
}

# The path that carries I/O (ACTIVE) set offline under fio: it fails (the
# I/O errors, the ALUA handler's unanswered RTPG or the daemon's TUR) and
# I/O goes on; set running again: the daemon reinstates it within two
# polling intervals and I/O comes back to it.
s_sd_offline() {
	local why="" t sd=${SEED_SD[ACTIVE]}
	fio_start offline
	io_goes_on 100
	e2e_kmsg "seed sd offline"
	sd_set_state "$sd" offline
	t=$(time_until 20 path_is "$ACTIVE" F)
	e2e_log "$(seed_path_name "$ACTIVE") offline: failed in dm after ${t}s"
	[ "$t" != timeout ] || why="$sd not failed 20 s after going offline: $(dmsetup status "$MAP")"
	e2e_figure "seed sd_offline_path_failed_after ${t}s"
	io_goes_on 200 || why=${why:-no I/O with $sd offline}
	result seed-sd-offline "$why" test -z "$why"
	why=""
	sleep 1
	sd_set_state "$sd" running
	t=$(time_until $((REINSTATE_BOUND + 10)) path_is "$ACTIVE" A)
	e2e_figure "seed sd_running_reinstated_after ${t}s (polling_interval ${POLL}s)"
	secs_le "$t" "$REINSTATE_BOUND" || why="$sd reinstated after ${t}s, not within ${REINSTATE_BOUND}s (5x 2 polling intervals)"
	dlog | grep -E "(failing|reinstating) path $sd " | sed 's/^/  daemon: /'
	sleep 1
	on_portal 1 || why=${why:-I/O not back on portal 1: $LAST_SPLIT}
	fio_end seed-sd-online-reinstated "$why"
}

# The array's optimized port group transitioning (ALUA state 15) for 3 s,
# then optimized again: I/O waits or moves, but no path is failed
# (path_stats fail_count unchanged) and fio sees no error.
s_transitioning() {
	local why="" fc0 fc1
	fio_start trans
	io_goes_on 100
	fc0=$(fail_counts)
	lio_state ao 15 || why="LIO refused transitioning"
	sleep 3
	lio_state ao 0 || why=${why:-LIO refused optimized}
	wait_until 20 0.1 alua_is 0 active/optimized || why=${why:-portal 1 not optimized again: $(mp_path_stat "$MAP" "${SEED_DEV[0]}" alua)}
	wait_until 20 0.1 paths_are A 0 1 2 3 || why=${why:-paths not all active: $(dmsetup status "$MAP")}
	fc1=$(fail_counts)
	e2e_log "fail_count per path before/after: $fc0/ $fc1"
	[ "$fc0" = "$fc1" ] || why=${why:-a path was failed: fail_count $fc0-> $fc1}
	sleep 1
	on_portal 1 || why=${why:-I/O not back on portal 1: $LAST_SPLIT}
	fio_end seed-transitioning "$why"
}

# Explicit ALUA: portal 2's group unavailable, then portal 1's standby,
# so no port is usable: the kernel's ALUA handler activates the standby
# group with SET TARGET PORT GROUPS, LIO shows it optimized, I/O goes on.
s_standby_stpg() {
	local why="" t0
	fio_start stpg
	io_goes_on 100
	lio_state ano 3 || why="LIO refused unavailable"
	wait_until 20 0.1 alua_is 1 unavailable || why=${why:-portal 2 not seen unavailable: $(mp_path_stat "$MAP" "${SEED_DEV[1]}" alua)}
	t0=$(e2e_now_cs)
	e2e_kmsg "seed standby"
	lio_state ao 2 || why=${why:-LIO refused standby}
	if wait_until 30 0.1 lio_state_is ao 0; then
		e2e_figure "seed standby_activated_by_stpg_after $(e2e_since "$t0")s"
	else
		why=${why:-LIO group ao still in state $(cat "$LIO_DEV/alua/ao/alua_access_state"): no STPG}
	fi
	dmesg | sed -n '/e2e: seed standby/,$p' | grep -iE 'alua|stpg|standby' | tail -n 4 | sed 's/^/  kernel: /'
	wait_until 20 0.1 paths_are A 0 2 || why=${why:-portal 1 paths not active after STPG: $(dmsetup status "$MAP")}
	io_goes_on 200 || why=${why:-no I/O after STPG}
	on_portal 1 || why=${why:-I/O not on portal 1 after STPG: $LAST_SPLIT}
	array_default || why=${why:-the array not back to portal 1 optimized, portal 2 non-optimized: $(dmsetup status "$MAP")}
	fio_end seed-standby-stpg "$why"
}

# `mpath2ctl daemon` SIGKILLed under fio, then the NIC of the path that
# carries I/O cut while no daemon runs: the kernel fails that path on
# its own (I/O errors) and I/O goes on. The daemon restarted with the
# NIC still down, then the NIC back: the new daemon reinstates both of
# its paths within two polling intervals of the relogin.
s_daemon_killed() {
	local why="" t pid=$DPID nic=$((ACTIVE / 2)) p0 p1
	p0=$((nic * 2)) p1=$((nic * 2 + 1))
	fio_start dkill
	io_goes_on 100
	e2e_log "SIGKILL to the daemon (pid $pid)"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	DPID=
	pid_gone "$pid" || why="the daemon survived SIGKILL"
	seed_nic_down "$nic"
	t=$(time_until 30 path_is "$ACTIVE" F)
	e2e_log "${SEED_NICS[nic]} down, no daemon: $(seed_path_name "$ACTIVE") failed by the kernel after ${t}s; idle $(seed_path_name $((ACTIVE ^ 1))) is $(mp_path_state "$MAP" "${SEED_DEV[ACTIVE ^ 1]}")"
	[ "$t" != timeout ] || why=${why:-the busy path not failed 30 s after the cut without a daemon}
	e2e_figure "seed nic_down_no_daemon_path_failed_after ${t}s"
	io_goes_on 200 || why=${why:-no I/O with the daemon dead and ${SEED_NICS[nic]} down}
	result seed-daemon-killed "$why" test -z "$why"
	why=""
	e2e_log "restarting the daemon"
	seed_daemon_start || why="restart: $WHY"
	wait_until 15 0.1 paths_are F "$p0" "$p1" || why=${why:-the restarted daemon did not fail the idle path: $(dmsetup status "$MAP")}
	seed_nic_up "$nic"
	if wait_back_and_reinstated "$p0" "$p1"; then
		e2e_figure "seed daemon_restarted_reinstated_after_relogin ${REINSTATE_SECS}s (polling_interval ${POLL}s)"
		secs_le "$REINSTATE_SECS" "$REINSTATE_BOUND" ||
			why=${why:-reinstated ${REINSTATE_SECS}s after the relogin, not within ${REINSTATE_BOUND}s (5x 2 polling intervals)}
	else
		why=${why:-the paths of ${SEED_NICS[nic]} not back: $(dmsetup status "$MAP")}
	fi
	dlog | grep -E "(failing|reinstating) path" | sed 's/^/  daemon: /'
	io_goes_on 200 || why=${why:-no I/O after the restart}
	fio_end seed-daemon-restarted "$why"
}

# Everything down with fail fast: fio must get EIO at once once dm has
# failed the last path.
s_all_down() {
	local why="" fpid rc t_cut t_det1 t_det t_rec t_fail t_nopath t_eio t_last
	rm -f "$E2E_TMP/eio.rc"
	(
		rc=0
		fio "${fio_job[@]}" --time_based --runtime=120 --output="$E2E_TMP/eio.txt" || rc=$?
		e2e_kmsg "seed-eio exit $rc"
		echo "$rc" >"$E2E_TMP/eio.rc"
	) </dev/null &
	fpid=$!
	io_goes_on 100
	e2e_kmsg "seed all-down"
	seed_nic_down 0
	seed_nic_down 1
	if ! wait_until 60 0.1 pid_gone "$fpid"; then
		why="fio still running 60 s after both NICs went down"
		bg_stop "$fpid"
	fi
	wait "$fpid" 2>/dev/null
	rc=$(cat "$E2E_TMP/eio.rc" 2>/dev/null)
	grep -E 'err=|error' "$E2E_TMP/eio.txt" | head -n 3 | sed 's/^/  fio: /'
	[ "${rc:-0}" != 0 ] && grep -qE 'Input/output error|err= *5' "$E2E_TMP/eio.txt" ||
		why=${why:-fio did not end with EIO (exit ${rc:-none})}
	dmesg | sed -n '/e2e: seed all-down/,$p' | grep -E 'conn error|recovery timed out|mpath2|seed-eio' |
		head -n 20 | sed 's/^/  kernel: /'
	# Kernel clock: the cut, iSCSI noticing (NOP-Out), iSCSI giving the
	# held I/O back (replacement_timeout), dm failing the paths (I/O
	# errors or the daemon), dm failing bios for want of a path, fio's end.
	t_cut=$(klog_time "" 'e2e: seed all-down$' last)
	t_det1=$(klog_time "seed all-down" 'detected conn error')
	t_det=$(klog_time "seed all-down" 'detected conn error' last)
	t_rec=$(klog_time "seed all-down" 'session recovery timed out' last)
	t_fail=$(klog_time "seed all-down" 'Failing path' last)
	t_nopath=$(klog_time "seed all-down" 'no usable path, failing I/O')
	t_eio=$(klog_time "seed all-down" 'e2e: seed-eio exit')
	if [ -n "$t_cut" ] && [ -n "$t_det" ] && [ -n "$t_rec" ] && [ -n "$t_fail" ] && [ -n "$t_eio" ]; then
		# dm can fail I/O once its last path is failed AND iSCSI has
		# handed back the bios it held: the later of the two.
		t_last=$(awk -v a="$t_fail" -v b="$t_rec" 'BEGIN { print (a > b ? a : b) }')
		e2e_figure "seed iscsi_detection $(secs_between "$t_cut" "$t_det1")-$(secs_between "$t_cut" "$t_det")s after the cut (first-last session, NOP-Out 2s/2s)"
		e2e_figure "seed iscsi_io_returned $(secs_between "$t_cut" "$t_rec")s after the cut (last session, replacement_timeout 5s)"
		e2e_figure "seed last_path_failed_in_dm $(secs_between "$t_cut" "$t_fail")s after the cut"
		e2e_figure "seed last_failed_path_to_eio $(secs_between "$t_fail" "$t_eio")s (last 'Failing path' -> fio's EIO)"
		[ -n "$t_nopath" ] && e2e_figure "seed fail_fast_dm $(secs_between "$t_last" "$t_nopath")s (last path down and I/O back from iSCSI -> dm fails the bio)"
		e2e_figure "seed fail_fast_to_fio $(secs_between "$t_last" "$t_eio")s (last path down and I/O back from iSCSI -> fio's EIO)"
		# Order: EIO after dm failed its last path, never before (a
		# path was still usable then). Then promptly (fail fast) once
		# iSCSI handed back the I/O it held (replacement_timeout), within
		# a bound a stalled host meets; t_last may be an idle session's
		# recovery, which fio need not wait for, so only the upper bound
		# counts there.
		if ! float_between "$(secs_between "$t_fail" "$t_eio")" 0 86400; then
			why=${why:-EIO at fio $(secs_between "$t_fail" "$t_eio") s after dm failed its last path: before it}
		elif ! float_between "$(secs_between "$t_last" "$t_eio")" -86400 "$EIO_BOUND"; then
			why=${why:-EIO at fio $(secs_between "$t_last" "$t_eio") s after dm lost its last path and iSCSI returned the I/O (want at most ${EIO_BOUND} s)}
		fi
	else
		why=${why:-kernel log lacks the events (cut $t_cut, detection $t_det, recovery $t_rec, failed $t_fail, eio $t_eio)}
	fi
	result seed-all-down-eio "$why" test -z "$why"
	if no_d_state_within 10; then
		result_pass seed-no-d-state
	else
		result_fail seed-no-d-state "$D_TASKS_WHY"
	fi
}

s_all_back() {
	local why="" i
	seed_nic_up 0
	seed_nic_up 1
	wait_until 60 0.1 sessions_in 0 1 2 3 || why="sessions not back: $(for i in 0 1 2 3; do seed_session_state "$i"; done | tr '\n' ' ')"
	wait_until 30 0.1 paths_are A 0 1 2 3 || why=${why:-paths not reinstated: $(dmsetup status "$MAP")}
	mp_show "$MAP"
	fio_start back
	on_portal 1 || why=${why:-I/O not on portal 1: $LAST_SPLIT}
	wait_until 120 0.5 fio_ran || why=${why:-no fio pass}
	fio_end seed-all-back "$why"
}

daemon_stop() {
	[ -n "$DPID" ] || return 0
	kill -TERM "$DPID"
	wait_until 10 0.2 pid_gone "$DPID" || kill -KILL "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=
	e2e_log "daemon log:"
	sed 's/^/  daemon: /' "$DLOG" | tail -n 40
}

# ---- main --------------------------------------------------------------------

e2e_plan
WHY=""
if s_setup; then
	result_pass seed-setup
	s_show
	s_optimized_only
	s_nic_down
	s_nic_up
	s_portal
	s_logout_login
	s_array_moves
	s_sd_offline
	s_transitioning
	s_standby_stpg
	s_daemon_killed
	s_all_down
	s_all_back
else
	result_fail seed-setup "$WHY"
	e2e_fail_rest "setup failed: $WHY"
fi
daemon_stop
mp_remove "$MAP"
seed_teardown || e2e_log "warning: seed teardown incomplete"
e2e_finish
