#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "failback" (one boot): what mpath2 does when a path comes
# back, on real iSCSI paths (LIO target + open-iscsi in the guest), under
# fio with crc32c verify all along.
#
#  - hold_down 3 30 5: a flapping path (sd offline, its I/O fails, sd
#    running + reinstate_path, every ~0.5 s) is held after its third
#    failure: path_stats shows state=held, no I/O goes to it, and it
#    returns by itself ~5 s later: not before (measured from before the
#    failure that got it held), and within 5x that. fio sees no error.
#  - failback immediate, path A in group 1 and path B in group 2: I/O on A;
#    A dies -> I/O on B; A reinstated -> I/O back on A at once (checked in
#    /sys/block/sdX/stat). The same with the default (manual): I/O stays
#    on B.
#
# e2e-scenarios: setup hold-down-flapping-path-held hold-down-path-returns
# e2e-scenarios: failover-to-group2 failback-immediate failback-manual-stays
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

FIO_MB=${E2E_FIO_MB:-16}
HOLD_FAILURES=3 HOLD_WINDOW=30 HOLD_SECS=5
# I/Os on the map over which the share of each path is measured.
SPLIT_N=256
# Bios still in flight on the old path when the group changes.
TAIL_MAX=32

E2E_KEEP="kernel-log-clean"

fio_job=(
	--name=failback --ioengine=libaio --direct=1 --bs=4k --iodepth=16
	--group_reporting --eta=never --rw=randwrite --size="${FIO_MB}M"
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

A_SD="" B_SD="" A="" B=""

# ---- setup --------------------------------------------------------------------

s_setup() {
	iscsi_setup || { WHY="two iSCSI paths to one LUN did not come up"; return 1; }
	mp_load_module || { WHY="modprobe $(mp_module) failed"; return 1; }
	A_SD=${E2E_SD[0]} B_SD=${E2E_SD[1]} A=${E2E_DEV[0]} B=${E2E_DEV[1]}
}

wait_io_start() {
	local dm base
	dm=$(mp_blkname "$1")
	base=$(blk_ios "$dm")
	wait_until 60 0.1 blk_progress "$dm" "$base" 256
}

# kill_path MAP: A's sd goes offline; fio's I/O must fail A in MAP (a
# checker's fail_path is the fallback, logged, if no I/O reached it).
kill_path() {
	sd_set_state "$A_SD" offline
	wait_until 10 0.05 mp_path_is "$1" "$A" F && return 0
	e2e_log "no I/O failed $A in 10 s: fail_path by message"
	dmsetup message "$1" 0 fail_path "$A"
	return 1
}

# ---- hold_down ------------------------------------------------------------------

s_hold_down() {
	local why="" n st="" t_flap t_held=0 held dm split
	if ! mp_create h "$(mp_table_ex "$E2E_SECTORS" "hold_down $HOLD_FAILURES $HOLD_WINDOW $HOLD_SECS" "$A,$B")"; then
		result_end hold-down-flapping-path-held "cannot create the hold_down map"
		result_end hold-down-path-returns "cannot create the hold_down map"
		return
	fi
	mp_show h
	dm=$(mp_blkname h)
	fio_loop_start "$E2E_TMP/fio-hold" "${fio_job[@]}" --filename=/dev/mapper/h
	wait_io_start h || why="fio made no progress"

	# Flap A until a reinstatement is held.
	for n in 1 2 3 4 5 6; do
		[ -z "$why" ] || break
		# The hold starts at this flap's failure or later: a time
		# measured from here is never shorter than the hold.
		t_flap=$(e2e_now_cs)
		kill_path h || why="fio's I/O did not fail $A (flap $n)"
		sd_set_state "$A_SD" running
		dmsetup message h 0 reinstate_path "$A" || why=${why:-reinstate_path refused}
		st=$(mp_path_stat h "$A" state)
		e2e_log "flap $n: $A $st, fail_count $(mp_path_stat h "$A" fail_count), status $(mp_path_state h "$A")"
		if [ "$st" = held ]; then
			t_held=$t_flap
			break
		fi
		sleep 0.5 # the flapping's pace
	done
	dmsetup message h 0 path_stats | sed 's/^/  path_stats: /'
	if [ -n "$why" ]; then
		:
	elif [ "$st" != held ]; then
		why="$A never held after $n flaps"
	elif [ "$n" -ne "$HOLD_FAILURES" ]; then
		why="$A held after $n failures, want $HOLD_FAILURES"
	elif ! mp_path_is h "$A" F; then
		why="held $A is '$(mp_path_state h "$A")' in dmsetup status, want F"
	else
		e2e_log "kernel: $(dmesg | grep -m1 'is flapping')"
		split=$(io_split "$dm" "$SPLIT_N" "$A_SD" "$B_SD")
		e2e_log "I/Os while $A is held: $A_SD ${split% *}, $B_SD ${split#* }"
		[ "${split% *}" -eq 0 ] || why="$((${split% *})) I/Os went to held $A"
	fi
	result_end hold-down-flapping-path-held "$why"

	# It stays up: back by itself after HOLD_SECS, not before; the bound
	# above is 5x, for a stalled host (the figure is printed, not judged).
	if [ "$st" = held ]; then
		why=""
		if wait_until $((HOLD_SECS * 6)) 0.1 mp_path_stat_is h "$A" state active; then
			held=$(e2e_since "$t_held")
			e2e_figure "hold_down_${HOLD_SECS}s path_held_for ${held}s (from before the failure)"
			float_between "$held" $((HOLD_SECS - 1)) $((HOLD_SECS * 5)) ||
				why="held for ${held}s, want ${HOLD_SECS}s at least (1 s for the clocks) and at most $((HOLD_SECS * 5)) s"
			split=$(io_split "$dm" "$SPLIT_N" "$A_SD" "$B_SD")
			e2e_log "I/Os after the hold: $A_SD ${split% *}, $B_SD ${split#* }"
			[ "${split% *}" -gt 0 ] || why=${why:-no I/O on $A after the hold}
		else
			why="$A still $(mp_path_stat h "$A" state) $((HOLD_SECS * 6)) s after it was held"
		fi
	else
		why="not held: nothing to return"
	fi
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	mp_show h
	result_end hold-down-path-returns "$why"
	sd_set_state "$A_SD" running
	dmsetup message h 0 reinstate_path "$A"
	mp_remove h
}

# ---- failback ---------------------------------------------------------------------

# check_split MAP WANT_A WANT_B: where MAP's I/O goes now; WANT is "yes"
# (at least a tenth of SPLIT_N) or "no" (at most TAIL_MAX, bios that were
# already in flight). Sets WHY on a mismatch.
check_split() {
	local split a b
	split=$(io_split "$(mp_blkname "$1")" "$SPLIT_N" "$A_SD" "$B_SD")
	a=${split% *} b=${split#* }
	e2e_log "I/Os on $1 (group $(mp_active_group "$1") active): $A_SD (group 1) $a, $B_SD (group 2) $b"
	_want "$A_SD" "$a" "$2" && _want "$B_SD" "$b" "$3"
}

_want() {
	if [ "$3" = yes ] && [ "$2" -lt $((SPLIT_N / 10)) ]; then
		WHY="${WHY:-only $2 I/Os on $1, want I/O there}"
		return 1
	elif [ "$3" = no ] && [ "$2" -gt "$TAIL_MAX" ]; then
		WHY="${WHY:-$2 I/Os on $1, want none}"
		return 1
	fi
}

s_failback() {
	local why
	if ! mp_create fb "$(mp_table_ex "$E2E_SECTORS" "failback immediate" "$A" "$B")"; then
		e2e_fail_rest "cannot create the failback map"
		return
	fi
	mp_show fb
	fio_loop_start "$E2E_TMP/fio-fb" "${fio_job[@]}" --filename=/dev/mapper/fb
	WHY=""
	wait_io_start fb || WHY="fio made no progress"
	[ -n "$WHY" ] || check_split fb yes no
	if [ -z "$WHY" ]; then
		kill_path fb || WHY="fio's I/O did not fail $A"
		check_split fb no yes
		[ "$(mp_active_group fb)" = 2 ] || WHY=${WHY:-group $(mp_active_group fb) active, want 2}
	fi
	why=$WHY
	result_end failover-to-group2 "$why"

	WHY=""
	sd_set_state "$A_SD" running
	e2e_run dmsetup message fb 0 reinstate_path "$A" || WHY="reinstate_path refused"
	e2e_log "kernel: $(dmesg | grep 'failing back to group' | tail -n 1)"
	check_split fb yes no
	[ "$(mp_active_group fb)" = 1 ] || WHY=${WHY:-group $(mp_active_group fb) active, want 1}
	mp_show fb
	why=$WHY
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	result_end failback-immediate "$why"

	# The default (manual): A returns, I/O stays on B.
	WHY=""
	mp_reload fb "$(mp_table_ex "$E2E_SECTORS" "" "$A" "$B")" || WHY="reload without failback failed"
	fio_loop_start "$E2E_TMP/fio-manual" "${fio_job[@]}" --filename=/dev/mapper/fb
	wait_io_start fb || WHY=${WHY:-fio made no progress}
	if [ -z "$WHY" ]; then
		kill_path fb || WHY="fio's I/O did not fail $A"
		check_split fb no yes
		sd_set_state "$A_SD" running
		e2e_run dmsetup message fb 0 reinstate_path "$A" || WHY=${WHY:-reinstate_path refused}
		mp_path_is fb "$A" A || WHY=${WHY:-$A not active after reinstate_path}
		check_split fb no yes
		[ "$(mp_active_group fb)" = 2 ] || WHY=${WHY:-group $(mp_active_group fb) active, want 2}
	fi
	mp_show fb
	why=$WHY
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	result_end failback-manual-stays "$why"
	sd_set_state "$A_SD" running
	mp_remove fb
}

# ---- main ------------------------------------------------------------------------

e2e_plan
WHY=""
if s_setup; then
	result_pass setup
	s_hold_down
	s_failback
else
	result_fail setup "$WHY"
	e2e_fail_rest "setup failed: $WHY"
fi
for m in h fb; do mp_remove "$m"; done
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
e2e_finish
