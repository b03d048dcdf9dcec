#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "alua" (one boot): mpath2's ALUA handler against LIO's ALUA,
# whose port group states are changed at run time on the target side,
# under fio with crc32c verify. Path A goes through portal 1 (LIO port
# group "ao", active/optimized at first), path B through portal 2 ("ano",
# active/non-optimized); explicit ALUA is on (alua_access_type 3). The
# map lists B's group first: ALUA ranks the groups, not the table.
#
# Twice: first without scsi_dh_alua (mpath2 sends its own RTPG/STPG),
# then with scsi_dh_alua loaded before login (it attaches to the disks;
# mpath2 activates through it and reads its access_state):
#
#  (a) <mode>-optimized-only: >= 99% of bios on A (path_stats ios)
#  (b) <mode>-array-moves: A -> non-optimized, B -> optimized: within two
#      polls >= 99% of bios on B, no error
#  (c) <mode>-transitioning: B transitioning until the handler sees it,
#      then 3 s more, then optimized: no path failed (fail_count 0), no
#      error
#  (e) <mode>-unavailable: B unavailable: I/O moves to A, B is blocked
#      (not failed), no error
#  (d) <mode>-standby-stpg: then A standby too, so no port is usable: the
#      handler activates A's group (STPG), LIO shows it active/optimized
#      and I/O goes on, no error
#
# e2e-scenarios: own-setup own-optimized-only own-array-moves
# e2e-scenarios: own-transitioning own-unavailable own-standby-stpg
# e2e-scenarios: dh-setup dh-optimized-only dh-array-moves
# e2e-scenarios: dh-transitioning dh-unavailable dh-standby-stpg
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/e2e/common/alua.sh
. "$(dirname "$0")/common/alua.sh"

FIO_MB=${E2E_FIO_MB:-16}
POLL=1
SPLIT_N=400
E2E_KEEP="kernel-log-clean"

fio_job=(
	--name=alua --ioengine=libaio --direct=1 --bs=4k --iodepth=16
	--group_reporting --eta=never --rw=randwrite --size="${FIO_MB}M"
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

A="" B="" MODE="" KLOG0=0 SAW_BY=""

no_failures() {
	[ "$(mp_path_stat m "$A" fail_count)" = 0 ] &&
		[ "$(mp_path_stat m "$B" fail_count)" = 0 ]
}

s_setup() {
	local want=detached
	[ "$MODE" = dh ] && want=alua
	iscsi_setup || { WHY="two iSCSI paths did not come up"; return 1; }
	A=${E2E_DEV[0]} B=${E2E_DEV[1]}
	[ "$(cat "/sys/block/${E2E_SD[0]}/device/dh_state")" = "$want" ] ||
		{ WHY="dh_state $(cat "/sys/block/${E2E_SD[0]}/device/dh_state"), want $want"; return 1; }
	mp_create m "0 $E2E_SECTORS mpath2 0 3 alua poll $POLL 2 1 round-robin 0 1 1 $B 1 round-robin 0 1 1 $A 1" ||
		{ WHY="cannot create the alua map"; return 1; }
	mp_show m
	wait_until 10 0.2 mp_path_stat_is m "$A" alua active/optimized ||
		{ WHY="A's state not read: $(mp_path_stat m "$A" alua)"; return 1; }
	mp_path_stat_is m "$A" alua_mode "$([ "$MODE" = dh ] && echo scsi_dh || echo mpath2)" ||
		{ WHY="alua_mode $(mp_path_stat m "$A" alua_mode)"; return 1; }
}

s_scenarios() {
	local why t0 secs

	# (a) Only the optimized port.
	fio_start a
	why=""
	share_on a || why="not >= 99% of bios on optimized A"
	mp_path_stat_is m "$A" prio 50 || why=${why:-A prio $(mp_path_stat m "$A" prio)}
	mp_path_stat_is m "$B" prio 10 || why=${why:-B prio $(mp_path_stat m "$B" prio)}
	fio_end "$MODE-optimized-only" "$why"

	# (b) The array moves its optimized port group.
	fio_start b
	why=""
	t0=$(e2e_now_cs)
	lio_state ao 1 && lio_state ano 0 || why="LIO refused the states"
	if wait_until 20 0.1 mp_path_stat_is m "$B" alua active/optimized; then
		secs=$(e2e_since "$t0")
		e2e_figure "alua_${MODE} array_moved_seen_after ${secs}s (poll ${POLL}s)"
	else
		why=${why:-B never seen optimized: $(mp_path_stat m "$B" alua)}
	fi
	# Two polls, then the share.
	sleep $((2 * POLL))
	share_on b || why=${why:-not >= 99% of bios on B after the move}
	no_failures || why=${why:-a path failed}
	fio_end "$MODE-array-moves" "$why"

	# (c) B transitions for a few seconds. The handler must see it (a
	# transition nobody saw tests nothing): B stays transitioning until
	# path_stats says so (or, through scsi_dh_alua, its RTPG line in the
	# kernel log does), then 3 s more.
	fio_start c
	why=""
	KLOG0=$(dmesg | wc -l)
	t0=$(e2e_now_cs)
	lio_state ano 15 || why="LIO refused transitioning"
	if wait_until 30 0.1 saw_transitioning "$B"; then
		e2e_figure "alua_${MODE} transitioning_seen_after $(e2e_since "$t0")s in $SAW_BY (poll ${POLL}s)"
	else
		why=${why:-the handler never saw B transitioning in 30 s: $(mp_path_stat m "$B" alua)}
	fi
	sleep 3
	lio_state ano 0 || why=${why:-LIO refused optimized}
	wait_until 20 0.1 mp_path_stat_is m "$B" state active || why=${why:-B $(mp_path_stat m "$B" state) after the transition}
	no_failures || why=${why:-a path was failed during the transition}
	fio_end "$MODE-transitioning" "$why"

	# (e) B becomes unavailable: I/O moves to A, nothing fails.
	fio_start e
	why=""
	lio_state ano 3 || why="LIO refused unavailable"
	wait_until 20 0.1 mp_path_stat_is m "$B" state blocked || why=${why:-B $(mp_path_stat m "$B" state), want blocked}
	share_on a || why=${why:-not >= 99% of bios on A}
	no_failures || why=${why:-a path was failed}
	fio_end "$MODE-unavailable" "$why"

	# (d) A standby as well: only standby is left; STPG wakes it.
	fio_start d
	why=""
	lio_state ao 2 || why="LIO refused standby"
	wait_until 30 0.1 lio_state_is ao 0 || why=${why:-LIO group ao still in state $(cat "$LIO_DEV/alua/ao/alua_access_state")}
	e2e_log "kernel: $(dmesg | grep -E 'activating standby|scsi_dh_alua|alua:' | tail -n 3 | tr '\n' ' ')"
	wait_until 20 0.1 mp_path_stat_is m "$A" state active || why=${why:-A $(mp_path_stat m "$A" state) after STPG}
	share_on a || why=${why:-not >= 99% of bios on A after STPG}
	fio_end "$MODE-standby-stpg" "$why"
}

run_mode() {
	MODE=$1
	WHY=""
	if E2E_SCSI_DH=$([ "$MODE" = dh ] && echo 1 || echo 0) s_setup; then
		result_pass "$MODE-setup"
		s_scenarios
	else
		result_fail "$MODE-setup" "$WHY"
		for s in optimized-only array-moves transitioning unavailable standby-stpg; do
			result_fail "$MODE-$s" "setup failed: $WHY"
		done
	fi
	mp_remove m
	iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
}

# ---- main ------------------------------------------------------------------------

e2e_plan
if mp_load_module; then
	mod_unload scsi_dh_alua
	run_mode own
	run_mode dh
else
	e2e_fail_rest "modprobe $(mp_module) failed"
fi
e2e_finish
