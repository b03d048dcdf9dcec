#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "daemon" (one boot): mpath2ctl's path checker on a real
# two-path iSCSI map (one group per path: group 1 carries the I/O, group
# 2 stands by). With polling_interval 2 from a config file:
#   - show --json parses (jq) and agrees with the kernel's status, and
#     the tree names each path's iface -> portal;
#   - a path cut under fio verify (SCSI device offline) is failed, and
#     reinstated by it after it returns (expected within two polling
#     intervals; the bound is 5x that), with no fio error;
#   - a standby path that carries no I/O is failed by the checker alone
#     (no I/O error could have told the kernel), then reinstated;
#   - the network to a portal cut (blackhole): the TUR gets no answer
#     until iSCSI gives up; the path is failed, then reinstated once the
#     session logs in again;
#   - a disk deleted and rescanned leaves the map and joins it again
#     (udev events: the kernel's own, there is no udevd in the guest);
#   - SIGHUP rereads the config and reloads a map whose table the new
#     settings change (none other); SIGTERM ends it, maps left as they are.
#
# e2e-scenarios: dmn-setup dmn-json dmn-show-iface-portal
# e2e-scenarios: dmn-fail-under-fio dmn-reinstate-under-fio dmn-fio-verify
# e2e-scenarios: dmn-standby-failed dmn-standby-reinstated
# e2e-scenarios: dmn-net-cut-failed dmn-net-restored-reinstated
# e2e-scenarios: dmn-disk-leaves dmn-disk-rejoins
# e2e-scenarios: dmn-sighup dmn-sigterm kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
MAP=e2e-dmn
MAPDEV=/dev/mapper/$MAP
POLL=${E2E_DMN_POLL:-2}             # polling_interval, seconds
# Pass/fail bounds are 5x the expected time (a failure seen within a
# poll or two, a reinstatement within two polls), so a stalled host does
# not fail them; the measured times are printed (E2E-INFO), not judged.
BOUND=$((POLL * 10))
CONF=$E2E_TMP/mpath2.conf
DLOG=$E2E_TMP/daemon.log
DPID=
E2E_KEEP="dmn-sigterm kernel-log-clean"

fio_job=(
	--name=dmn --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k
	--iodepth=16 --randrepeat=1 --group_reporting --eta=never
	--rw=randwrite --size=32M --verify=crc32c --verify_fatal=1 --do_verify=1
)

daemon_start() {
	setsid "$CTL" daemon --config "$CONF" >>"$DLOG" 2>&1 </dev/null &
	DPID=$!
	e2e_log "daemon pid $DPID (polling_interval $POLL s)"
}

dlog_has() { grep -q -- "$1" "$DLOG"; }

# Seconds (2 decimals) until DEV is $2 (A or F) in the map, at most $3 s;
# prints the time or "timeout".
time_until_state() {
	local t0
	t0=$(e2e_now_cs)
	if wait_until "$3" 0.05 mp_path_is "$MAP" "$1" "$2"; then
		e2e_since "$t0"
	else
		echo timeout
	fi
}

# Whether $1 (s.cc) is at most $2 seconds.
secs_le() { [ "$1" != timeout ] && [ "$(echo "$1" | tr -d .)" -le $(($2 * 100)) ]; }

s_setup() {
	if ! command -v "$CTL" >/dev/null || ! command -v jq >/dev/null; then
		result_fail dmn-setup "$CTL or jq is not in the guest"
		return 1
	fi
	if ! iscsi_setup || ! modprobe dm-mpath2; then
		result_fail dmn-setup "no iSCSI paths or no module"
		return 1
	fi
	printf 'defaults {\n\tpolling_interval %s\n\tchecker_timeout 5\n}\n' "$POLL" >"$CONF"
	e2e_run "$CTL" create "$MAP" "/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}"
	mp_show "$MAP"
	daemon_start
	if [ -b "$MAPDEV" ] && wait_until 20 0.2 dlog_has "watching path.*${E2E_DEV[1]}"; then
		result_pass dmn-setup
	else
		sed 's/^/  daemon: /' "$DLOG"
		result_fail dmn-setup "no map, or the daemon does not watch its paths"
		return 1
	fi
}

# jq on show --json: format 1, and per path the kernel's A/F and fail count.
s_json() {
	local js why="" dev st fc jst jfc portal i
	js=$("$CTL" show "$MAP" --json 2>&1)
	printf '%s\n' "$js" | head -n 40 | sed 's/^/  json: /'
	if ! jq -e '.format_version == 1' >/dev/null <<<"$js"; then
		result_fail dmn-json "show --json does not parse or has no format_version 1"
		return
	fi
	for i in 0 1; do
		dev=${E2E_DEV[i]}
		st=$(mp_path_state "$MAP" "$dev")
		fc=$(mp_fail_count "$MAP" "$dev")
		jst=$(jq -r --arg d "$dev" '.maps[0].groups[].paths[] | select(.devt == $d) | .dm_state' <<<"$js")
		jfc=$(jq -r --arg d "$dev" '.maps[0].groups[].paths[] | select(.devt == $d) | .fail_count' <<<"$js")
		portal=$(jq -r --arg d "$dev" '.maps[0].groups[].paths[] | select(.devt == $d) | .iscsi.portal' <<<"$js")
		[ "$st" = A ] && st=active || st=failed
		[ "$jst" = "$st" ] || why=${why:-"$dev: json dm_state $jst, kernel $st"}
		[ "$jfc" = "$fc" ] || why=${why:-"$dev: json fail_count $jfc, kernel $fc"}
		[ "$portal" = "${ISCSI_PORTALS[i]}:$ISCSI_PORT" ] ||
			why=${why:-"$dev: json portal $portal, want ${ISCSI_PORTALS[i]}:$ISCSI_PORT"}
	done
	[ "$(jq -r '.maps[0].name' <<<"$js")" = "$MAP" ] || why=${why:-wrong map name}
	[ "$(jq -r '.maps[0].wwid' <<<"$js")" = "3${E2E_WWID#naa.}" ] ||
		why=${why:-"json wwid $(jq -r '.maps[0].wwid' <<<"$js"), kernel $E2E_WWID"}
	[ "$(jq -r '.maps[0].sectors' <<<"$js")" = "$E2E_SECTORS" ] || why=${why:-wrong size}
	result dmn-json "$why" test -z "$why"
}

s_show_text() {
	local out
	out=$("$CTL" show "$MAP" 2>&1)
	printf '%s\n' "$out" | sed 's/^/  show: /'
	result dmn-show-iface-portal "the tree lacks 'iface -> portal' per path" \
		sh -c "echo '$out' | grep -q '${E2E_SD[0]} ${E2E_DEV[0]} .* -> ${ISCSI_PORTALS[0]}:$ISCSI_PORT' &&
		       echo '$out' | grep -q '${E2E_SD[1]} ${E2E_DEV[1]} .* -> ${ISCSI_PORTALS[1]}:$ISCSI_PORT'"
}

# The active path (group 1) offline under fio, back after a while.
s_under_fio() {
	local sd=${E2E_SD[0]} dev=${E2E_DEV[0]} t out=$E2E_TMP/fio.txt rc=0 lines
	local dm base why=""
	dm=$(mp_blkname "$MAP")
	base=$(blk_ios "$dm")
	fio "${fio_job[@]}" --output="$out" &
	local fpid=$!
	# Cut the path only once fio has completed I/O through the map (4 MiB
	# of its 32) and still runs, as failover.sh does: a cut before fio
	# starts or after it ends tests nothing.
	if ! wait_until 300 0.1 eval "blk_progress $dm $base 1024 || pid_gone $fpid"; then
		why="fio completed no 4 MiB through the map in 300 s"
	elif pid_gone "$fpid"; then
		why="fio ended before the path could be cut"
	fi
	if [ -n "$why" ]; then
		bg_stop "$fpid"
		sed 's/^/  fio: /' "$out" | tail -n 20
		result_fail dmn-fail-under-fio "$why"
		result_fail dmn-reinstate-under-fio "$why"
		result_fail dmn-fio-verify "$why"
		return
	fi
	e2e_log "fio completed $(($(blk_ios "$dm") - base)) I/Os through $dm and runs; cutting $sd"
	sd_set_state "$sd" offline
	t=$(time_until_state "$dev" F "$BOUND")
	e2e_log "$dev failed ${t}s after it went offline"
	e2e_marker "E2E-INFO: path under fio failed ${t}s after it went offline"
	result dmn-fail-under-fio "$dev still active $BOUND s after going offline" \
		test "$t" != timeout
	sleep $((POLL * 2))
	lines=$(grep -c "path $sd (.*checker\|failing path $sd" "$DLOG")
	sd_set_state "$sd" running
	t=$(time_until_state "$dev" A "$BOUND")
	e2e_log "$dev reinstated ${t}s after it returned (polling_interval $POLL s)"
	e2e_marker "E2E-INFO: reinstated ${t}s after the path returned, under fio (polling_interval ${POLL}s)"
	if secs_le "$t" "$BOUND" && dlog_has "reinstating path $sd ($dev)"; then
		result_pass dmn-reinstate-under-fio
	else
		result_fail dmn-reinstate-under-fio "not reinstated by the daemon within ${BOUND}s (5x 2 polling intervals): ${t}"
	fi
	wait "$fpid" || rc=$?
	e2e_log "fio exit $rc: $(fio_summary "$out"); $lines daemon line(s) about $sd while it was down"
	if [ "$rc" = 0 ] && fio_ok "$out"; then
		result_pass dmn-fio-verify
	else
		sed 's/^/  fio: /' "$out" | tail -n 20
		result_fail dmn-fio-verify "fio exit $rc or errors"
	fi
}

# The standby path (group 2) carries no I/O: only the checker can see it die.
s_standby() {
	local sd=${E2E_SD[1]} dev=${E2E_DEV[1]} t
	sd_set_state "$sd" offline
	t=$(time_until_state "$dev" F "$BOUND")
	e2e_log "standby $dev failed by the daemon ${t}s after it went offline"
	e2e_marker "E2E-INFO: idle standby path failed ${t}s after it went offline"
	if [ "$t" != timeout ] && dlog_has "failing path $sd ($dev)"; then
		result_pass dmn-standby-failed
	else
		result_fail dmn-standby-failed "standby $dev not failed by the daemon (${t})"
	fi
	sleep 1
	sd_set_state "$sd" running
	t=$(time_until_state "$dev" A "$BOUND")
	e2e_marker "E2E-INFO: standby path reinstated ${t}s after it returned"
	if secs_le "$t" "$BOUND" && dlog_has "reinstating path $sd ($dev)"; then
		result_pass dmn-standby-reinstated
	else
		result_fail dmn-standby-reinstated "not reinstated by the daemon within ${BOUND}s (5x 2 polling intervals): ${t}"
	fi
}

# The network to the standby path's portal cut: no TUR answer.
s_net_cut() {
	local sd=${E2E_SD[1]} dev=${E2E_DEV[1]} t
	iscsi_net_cut 1
	t=$(time_until_state "$dev" F 40)
	e2e_log "net cut: $dev failed after ${t}s (device state $(sd_state "$sd"))"
	e2e_marker "E2E-INFO: network cut: path failed after ${t}s"
	result dmn-net-cut-failed "$dev not failed 40 s after the network cut" test "$t" != timeout
	iscsi_net_restore 1
	t=$(time_until_state "$dev" A 60)
	e2e_log "net restored: $dev reinstated after ${t}s (device state $(sd_state "$sd"))"
	e2e_marker "E2E-INFO: network restored: path reinstated after ${t}s (iSCSI relogin included)"
	result dmn-net-restored-reinstated "$dev not reinstated 60 s after the network returned" \
		test "$t" != timeout
}

# The standby disk deleted (udev "remove"), then found again by a rescan
# of its session (udev "add"): out of the map, then back in.
s_disk_rejoins() {
	local sd=${E2E_SD[1]} dev=${E2E_DEV[1]}
	e2e_log "deleting $sd ($dev)"
	echo 1 >"/sys/block/$sd/device/delete"
	if wait_until 15 0.2 map_lacks_dev "$MAP" "$dev"; then
		mp_show "$MAP"
		result_pass dmn-disk-leaves
	else
		mp_show "$MAP"
		result_fail dmn-disk-leaves "$dev still in the table 15 s after its disk was deleted"
	fi
	e2e_run iscsiadm -m session -R >/dev/null
	NEW_SD="" NEW_DEV=""
	if wait_until 20 0.2 sd_found_again && wait_until 15 0.2 map_has_dev "$MAP" "$NEW_DEV"; then
		mp_show "$MAP"
		E2E_SD[1]=$NEW_SD E2E_DEV[1]=$NEW_DEV
		result_pass dmn-disk-rejoins
	else
		mp_show "$MAP"
		sed 's/^/  daemon: /' "$DLOG" | tail -n 10
		result_fail dmn-disk-rejoins "the rescanned disk '${NEW_SD:-none}' did not join the map"
	fi
}

# The line number in the daemon's log of the first line matching $1 after
# line $2 (0 if none).
dlog_line_after() {
	awk -v re="$1" -v from="$2" 'NR > from && $0 ~ re { print NR; found = 1; exit }
		END { if (!found) print 0 }' "$DLOG"
}

_dlog_has_after() { [ "$(dlog_line_after "$1" "$2")" -gt 0 ]; }

# SIGHUP: the config is read again and its new settings take effect (the
# daemon prints the settings it applies: polling_interval goes from $POLL
# to 1 s, after the "read again" line, not before). A config that leaves
# the map's table as it is reloads nothing (the table stays, no "reloaded"
# line); one that changes it (no_path_retry queue) reloads the map: the
# kernel's table then has queue_if_no_path, and the log says so.
s_sighup() {
	local start l_read l_set t0 t1 t2 why=""
	start=$(wc -l <"$DLOG")
	t0=$(dmsetup table "$MAP" 2>/dev/null)
	printf 'defaults {\n\tpolling_interval 1\n\tchecker_timeout 5\n}\n' >"$CONF"
	kill -HUP "$DPID"
	wait_until 30 0.2 _dlog_has_after "polling_interval 1 s," "$start"
	l_read=$(dlog_line_after "read again" "$start")
	l_set=$(dlog_line_after "polling_interval 1 s," "$l_read")
	sed -n "$((start + 1)),\$p" "$DLOG" | sed 's/^/  daemon: /'
	t1=$(dmsetup table "$MAP" 2>/dev/null)
	if [ "$POLL" = 1 ]; then
		why="E2E_DMN_POLL=1: the re-read would change nothing"
	elif [ "$l_read" -eq 0 ]; then
		why="no 'read again' after SIGHUP"
	elif [ "$l_set" -eq 0 ]; then
		why="config read again, but polling_interval 1 s not applied"
	elif [ "$(dlog_line_after "$MAP: table changed by the config" "$start")" -gt 0 ] ||
	     [ "$t0" != "$t1" ]; then
		why="a config that changes no table reloaded $MAP: '$t0' -> '$t1'"
	fi
	if [ -z "$why" ]; then
		start=$(wc -l <"$DLOG")
		printf 'defaults {\n\tpolling_interval 1\n\tchecker_timeout 5\n\tno_path_retry queue\n}\n' >"$CONF"
		kill -HUP "$DPID"
		wait_until 30 0.2 _dlog_has_after "$MAP: table changed by the config, reloaded" "$start"
		t2=$(dmsetup table "$MAP" 2>/dev/null)
		sed -n "$((start + 1)),\$p" "$DLOG" | sed 's/^/  daemon: /'
		e2e_log "table before: $t1"
		e2e_log "table after:  $t2"
		if [ "$(dlog_line_after "$MAP: table changed by the config, reloaded" "$start")" -eq 0 ]; then
			why="no_path_retry queue: no 'reloaded' line for $MAP"
		elif ! grep -q queue_if_no_path <<<"$t2" || grep -q queue_if_no_path <<<"$t1"; then
			why="no_path_retry queue not in the kernel's table: '$t2'"
		elif [ "$(mp_path_state "$MAP" "${E2E_DEV[0]}")" != A ] ||
		     [ "$(mp_path_state "$MAP" "${E2E_DEV[1]}")" != A ]; then
			why="a path is not active after the reload"
		fi
	fi
	if [ -n "$why" ]; then
		result_fail dmn-sighup "$why"
	elif ! pid_gone "$DPID"; then
		result_pass dmn-sighup
	else
		result_fail dmn-sighup "the daemon died on SIGHUP"
	fi
}

s_sigterm() {
	local before after
	[ -n "$DPID" ] || { result_fail dmn-sigterm "no daemon"; return; }
	before=$(dmsetup table "$MAP" 2>/dev/null)
	kill -TERM "$DPID"
	if wait_until 10 0.2 pid_gone "$DPID"; then
		wait "$DPID"
		local rc=$?
		after=$(dmsetup table "$MAP" 2>/dev/null)
		e2e_log "daemon exit $rc; log:"
		sed 's/^/  daemon: /' "$DLOG"
		result dmn-sigterm "exit $rc, or the map changed on exit" \
			test "$rc" = 0 -a "$before" = "$after"
	else
		result_fail dmn-sigterm "still running 10 s after SIGTERM"
		kill -KILL "$DPID"
	fi
	DPID=
}

e2e_plan
if s_setup; then
	s_json
	s_show_text
	s_under_fio
	s_standby
	s_net_cut
	s_disk_rejoins
	s_sighup
else
	e2e_fail_rest "setup failed"
fi
s_sigterm
dmsetup remove "$MAP" 2>/dev/null
e2e_finish
