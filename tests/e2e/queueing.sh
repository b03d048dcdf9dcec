#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "queueing" (one boot): what happens to I/O while no path is
# usable, over two real iSCSI paths (LIO target + open-iscsi in the guest).
#
#  - queue_if_no_path: both paths die under fio (crc32c verify): I/O is
#    held, never failed; one path back, fio completes and verifies clean.
#    The fail_if_no_path message then fails held I/O at once.
#  - fail fast (no features): all paths down means EIO. Measured: the time
#    from the last path failure reaching dm ("Failing path" in the kernel
#    log) to EIO at the caller, with the paths cut by sd offline and by the
#    network (then also iSCSI's detection time, from the cut to dm).
#  - no_path_timeout 10: held I/O fails with EIO after ~10 s (not before)
#    with no daemon involved, new I/O then fails without being queued
#    again, and a path back re-arms queueing.
#
# Every scenario also checks that no task is left in D state. Time is
# judged on order and outcome (EIO came, and not before the timeout), with
# bounds of at least 5x the expected value so that a stalled host passes;
# the figures themselves are printed as E2E-TIME lines (make e2e shows
# them), not judged.
#
# e2e-scenarios: setup queue-holds-io queue-resumes-verify-clean
# e2e-scenarios: fail-if-no-path-eio failfast-eio-sd-offline
# e2e-scenarios: failfast-eio-network-cut no-path-timeout-eio
# e2e-scenarios: no-path-timeout-new-io-eio no-path-timeout-queues-again
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

FIO_MB=${E2E_FIO_MB:-32}
# dd's blocks go past fio's verified data.
SCRATCH_BLK=$(((FIO_MB + 8) * 256))
# Long enough for a path to be cut and brought back well within it (the
# re-queueing scenario) on a stalled host.
NO_PATH_TIMEOUT=10
# How long held I/O is watched for (no completion, no error).
HOLD_WATCH_S=2
# "Promptly": EIO after fail_if_no_path, fail fast after the last path;
# expected well under a second, bounded at 10x that.
PROMPT_S=${E2E_PROMPT_S:-10}

E2E_KEEP="kernel-log-clean"

fio_verify_job=(
	--name=queueing --ioengine=libaio --direct=1 --bs=4k --iodepth=16
	--group_reporting --eta=never --rw=randwrite --size="${FIO_MB}M"
	--randrepeat=1 --verify=crc32c --verify_fatal=1 --do_verify=1
)

A_SD="" B_SD="" A="" B=""

# ---- helpers ------------------------------------------------------------------

eio_lines() { dmesg | grep -c 'no usable path, failing I/O'; }

both_failed() { mp_path_is "$1" "$A" F && mp_path_is "$1" "$B" F; }

# sd back to running and both paths reinstated in MAP.
paths_restore() {
	local map=$1 i
	for i in 0 1; do
		[ "$(sd_state "${E2E_SD[i]}")" = running ] || sd_set_state "${E2E_SD[i]}" running
		dmsetup message "$map" 0 reinstate_path "${E2E_DEV[i]}" || return 1
	done
	wait_until 10 0.1 mp_path_is "$map" "$A" A && wait_until 10 0.1 mp_path_is "$map" "$B" A
}

# One direct 4k write at block $2 of map $1, in the foreground; sets
# DD_RC, DD_EL (seconds) and DD_ERR.
dd_once() {
	local t0
	t0=$(e2e_now_cs)
	DD_RC=0
	timeout 30 dd if=/dev/zero of="/dev/mapper/$1" bs=4096 count=1 seek="$2" \
		oflag=direct 2>"$E2E_TMP/dd-once.err" || DD_RC=$?
	DD_EL=$(e2e_since "$t0")
	DD_ERR=$(tr '\n' ' ' <"$E2E_TMP/dd-once.err")
	e2e_log "dd to $1: exit $DD_RC after ${DD_EL}s: $DD_ERR"
}

# ---- setup --------------------------------------------------------------------

s_setup() {
	iscsi_setup || { WHY="two iSCSI paths to one LUN did not come up"; return 1; }
	mp_load_module || { WHY="modprobe $(mp_module) failed"; return 1; }
	A_SD=${E2E_SD[0]} B_SD=${E2E_SD[1]} A=${E2E_DEV[0]} B=${E2E_DEV[1]}
	mp_create q "$(mp_table_ex "$E2E_SECTORS" "queue_if_no_path" "$A,$B")" ||
		{ WHY="cannot create the queue_if_no_path map"; return 1; }
	mp_show q
	dmsetup table q | grep -q ' queue_if_no_path ' ||
		{ WHY="table of q does not show queue_if_no_path"; return 1; }
}

# ---- queue_if_no_path -------------------------------------------------------------

s_queue() {
	local out=$E2E_TMP/fio-q.txt dm w0 rc=0 eio0 t0
	WHY=""
	dm=$(mp_blkname q)
	eio0=$(eio_lines)
	w0=$(blk_writes "$dm")
	t0=$(e2e_now_cs)
	e2e_log "fio: ${FIO_MB} MiB randwrite + crc32c verify on q; all paths die after $((FIO_MB / 4)) MiB"
	fio "${fio_verify_job[@]}" --filename=/dev/mapper/q --output="$out" </dev/null &
	FIO_PID=$!
	if ! wait_until 120 0.1 fio_progress "$dm" $((w0 + FIO_MB * 64)) "$FIO_PID" ||
		pid_gone "$FIO_PID"; then
		WHY="fio ended or made no progress before the fault"
	else
		e2e_kmsg "q all paths down"
		sd_set_state "$A_SD" offline
		sd_set_state "$B_SD" offline
		if ! wait_until 15 0.1 both_failed q; then
			WHY="paths not both failed after both sd went offline"
		else
			mp_io_held q "$FIO_PID" "$HOLD_WATCH_S" || WHY=$HELD_WHY
		fi
		mp_show q
		[ "$(eio_lines)" = "$eio0" ] || WHY=${WHY:-mpath2 failed I/O with EIO while queueing}
	fi
	result_end queue-holds-io "$WHY"

	WHY=""
	sd_set_state "$A_SD" running
	e2e_run dmsetup message q 0 reinstate_path "$A" || WHY="reinstate_path $A failed"
	if ! wait_until 120 0.2 pid_gone "$FIO_PID"; then
		WHY=${WHY:-fio still running 120 s after a path came back}
		bg_stop "$FIO_PID"
	fi
	wait "$FIO_PID" || rc=$?
	e2e_log "fio exit $rc after $(e2e_since "$t0")s: $(fio_summary "$out")"
	if [ "$rc" -ne 0 ] || ! fio_ok "$out"; then
		sed 's/^/  fio: /' "$out" | tail -n 20
		WHY=${WHY:-fio write/verify failed (exit $rc)}
	fi
	[ "$(eio_lines)" = "$eio0" ] || WHY=${WHY:-mpath2 failed I/O with EIO while queueing}
	paths_restore q || WHY=${WHY:-paths not both active again}
	result_end queue-resumes-verify-clean "$WHY"
}

s_fail_if_no_path() {
	local t0 el
	WHY=""
	sd_set_state "$A_SD" offline
	sd_set_state "$B_SD" offline
	dd_bg qdd if=/dev/zero of=/dev/mapper/q bs=4096 count=1 seek="$SCRATCH_BLK" oflag=direct
	if ! wait_until 15 0.1 both_failed q; then
		WHY="paths not both failed after both sd went offline"
	elif ! mp_io_held q "$BG_PID" "$HOLD_WATCH_S"; then
		WHY=$HELD_WHY
	else
		t0=$(e2e_now_cs)
		e2e_run dmsetup message q 0 fail_if_no_path || WHY="fail_if_no_path refused"
		wait_until 30 0.05 pid_gone "$BG_PID"
		el=$(e2e_since "$t0")
		e2e_log "held dd: exit '$(bg_rc qdd)' ${el}s after fail_if_no_path: $(tr '\n' ' ' <"$E2E_TMP/qdd.err")"
		e2e_figure "fail_if_no_path_to_eio ${el}s"
		if ! bg_eio qdd; then
			WHY=${WHY:-held I/O did not fail with EIO after fail_if_no_path}
		elif ! float_between "$el" 0 "$PROMPT_S"; then
			WHY="held I/O failed ${el}s after fail_if_no_path (> ${PROMPT_S}s)"
		fi
	fi
	bg_stop "$BG_PID"
	e2e_run dmsetup message q 0 queue_if_no_path || WHY=${WHY:-queue_if_no_path refused}
	paths_restore q || WHY=${WHY:-paths not both active again}
	result_end fail-if-no-path-eio "$WHY"
}

# ---- fail fast ----------------------------------------------------------------------

# Start a long sequential direct write on map ff and wait until it runs.
_ff_writer() {
	local dm w0
	dm=$(mp_blkname ff)
	w0=$(blk_writes "$dm")
	dd_bg "$1" if=/dev/zero of=/dev/mapper/ff bs=4096 count=$((E2E_SECTORS / 8)) oflag=direct
	wait_until 30 0.05 fio_progress "$dm" $((w0 + 64)) "$BG_PID" && ! pid_gone "$BG_PID"
}

# Figures from the kernel log after "e2e: MARK": last "Failing path" and
# the writer NAME's end. Sets T_CUT T_FAIL1 T_FAILN T_EIO (seconds).
_ff_times() {
	T_CUT=$(klog_time "" "e2e: $1\$" last) &&
		T_FAIL1=$(klog_time "$1" "Failing path" first) &&
		T_FAILN=$(klog_time "$1" "Failing path" last) &&
		T_EIO=$(klog_time "$1" "e2e: $2 exit")
}

s_failfast_sd() {
	WHY=""
	mp_remove q
	if ! mp_create ff "$(mp_table_ex "$E2E_SECTORS" "" "$A,$B")"; then
		result_end failfast-eio-sd-offline "cannot create the fail-fast map"
		return 1
	fi
	if ! _ff_writer ffdd; then
		WHY="the writer did not start"
	else
		e2e_kmsg "ff sd offline"
		sd_set_state "$A_SD" offline
		sd_set_state "$B_SD" offline
		wait_until 30 0.05 pid_gone "$BG_PID" || WHY="writer still running 30 s after all paths went offline"
		e2e_log "writer: exit '$(bg_rc ffdd)': $(tr '\n' ' ' <"$E2E_TMP/ffdd.err")"
		if ! bg_eio ffdd; then
			WHY=${WHY:-the writer did not fail with EIO}
		elif ! _ff_times "ff sd offline" ffdd; then
			WHY="no 'Failing path' or end of the writer in the kernel log"
		else
			local ff
			ff=$(secs_between "$T_FAILN" "$T_EIO")
			e2e_log "kernel log: cut $T_CUT, first Failing path $T_FAIL1, last $T_FAILN, EIO at the caller $T_EIO"
			e2e_figure "failfast_sd_offline last_path_failed_to_eio ${ff}s (sd offline to eio $(secs_between "$T_CUT" "$T_EIO")s)"
			float_between "$ff" 0 "$PROMPT_S" || WHY="EIO ${ff}s after the last path failed (> ${PROMPT_S}s)"
		fi
		both_failed ff || WHY=${WHY:-paths not both F after the failure}
	fi
	bg_stop "$BG_PID"
	mp_show ff
	paths_restore ff || WHY=${WHY:-paths not both active again}
	result_end failfast-eio-sd-offline "$WHY"
}

s_failfast_net() {
	local det ff
	WHY=""
	if ! _ff_writer ffnet; then
		WHY="the writer did not start"
	else
		e2e_kmsg "ff net cut"
		iscsi_net_cut 0 && iscsi_net_cut 1 || WHY="cannot cut the network"
		wait_until 60 0.1 pid_gone "$BG_PID" || WHY=${WHY:-writer still running 60 s after the network cut}
		e2e_log "writer: exit '$(bg_rc ffnet)': $(tr '\n' ' ' <"$E2E_TMP/ffnet.err")"
		if ! bg_eio ffnet; then
			WHY=${WHY:-the writer did not fail with EIO}
		elif ! _ff_times "ff net cut" ffnet; then
			WHY="no 'Failing path' or end of the writer in the kernel log"
		else
			det=$(secs_between "$T_CUT" "$T_FAILN")
			ff=$(secs_between "$T_FAILN" "$T_EIO")
			e2e_log "kernel log: cut $T_CUT, first Failing path $T_FAIL1, last $T_FAILN, EIO at the caller $T_EIO"
			e2e_figure "failfast_network_cut detection_cut_to_last_path_failed ${det}s (first path $(secs_between "$T_CUT" "$T_FAIL1")s)"
			e2e_figure "failfast_network_cut last_path_failed_to_eio ${ff}s"
			float_between "$ff" 0 "$PROMPT_S" || WHY="EIO ${ff}s after the last path failed (> ${PROMPT_S}s)"
		fi
		both_failed ff || WHY=${WHY:-paths not both F after the failure}
		dmesg | grep -E 'ping timeout|conn error|recovery timed out' | tail -n 4 | sed 's/^/  kernel: /'
	fi
	bg_stop "$BG_PID"
	mp_show ff
	iscsi_net_restore 0
	iscsi_net_restore 1
	wait_until 60 0.2 sd_all_running || WHY=${WHY:-iSCSI disks not running 60 s after the network came back}
	paths_restore ff || WHY=${WHY:-paths not both active again}
	dd_once ff "$SCRATCH_BLK"
	[ "$DD_RC" = 0 ] || WHY=${WHY:-a write fails after the network came back}
	result_end failfast-eio-network-cut "$WHY"
}

# ---- no_path_timeout ------------------------------------------------------------------

s_no_path_timeout() {
	local held out=$E2E_TMP/fio-npt.txt dm w0 rc=0 t_fail expired0
	WHY=""
	mp_remove ff
	if ! mp_create npt "$(mp_table_ex "$E2E_SECTORS" "queue_if_no_path no_path_timeout $NO_PATH_TIMEOUT" "$A,$B")"; then
		e2e_fail_rest "cannot create the no_path_timeout map"
		return 1
	fi
	mp_show npt
	e2e_kmsg "npt all paths down"
	sd_set_state "$A_SD" offline
	sd_set_state "$B_SD" offline
	dd_bg nptdd if=/dev/zero of=/dev/mapper/npt bs=4096 count=1 seek="$SCRATCH_BLK" oflag=direct
	wait_until $((NO_PATH_TIMEOUT * 6)) 0.1 pid_gone "$BG_PID" ||
		WHY="held I/O still held $((NO_PATH_TIMEOUT * 6)) s after all paths failed"
	e2e_log "held dd: exit '$(bg_rc nptdd)': $(tr '\n' ' ' <"$E2E_TMP/nptdd.err")"
	if ! bg_eio nptdd; then
		WHY=${WHY:-held I/O did not fail with EIO}
	elif ! _ff_times "npt all paths down" nptdd; then
		WHY="no 'Failing path' or end of the writer in the kernel log"
	else
		held=$(secs_between "$T_FAILN" "$T_EIO")
		e2e_log "kernel log: last Failing path $T_FAILN, EIO at the caller $T_EIO"
		e2e_log "kernel: $(dmesg | grep -m1 'failing queued I/O')"
		e2e_figure "no_path_timeout_${NO_PATH_TIMEOUT} last_path_failed_to_eio ${held}s"
		# Not before the timeout (1 s for the clocks), within 5x it.
		float_between "$held" $((NO_PATH_TIMEOUT - 1)) $((NO_PATH_TIMEOUT * 5)) ||
			WHY="held I/O failed after ${held}s, want $((NO_PATH_TIMEOUT - 1))-$((NO_PATH_TIMEOUT * 5)) s (no_path_timeout ${NO_PATH_TIMEOUT}s)"
	fi
	bg_stop "$BG_PID"
	result_end no-path-timeout-eio "$WHY"

	# Expired: new I/O fails at once, not queued for another timeout
	# (that would log "failing queued I/O" again).
	WHY=""
	expired0=$(dmesg | grep -c 'failing queued I/O')
	dd_once npt "$SCRATCH_BLK"
	e2e_figure "no_path_timeout_expired new_io_to_eio ${DD_EL}s"
	if [ "$DD_RC" = 0 ] || ! grep -q 'Input/output error' "$E2E_TMP/dd-once.err"; then
		WHY="new I/O after the timeout: exit $DD_RC, $DD_ERR"
	elif [ "$(dmesg | grep -c 'failing queued I/O')" != "$expired0" ]; then
		WHY="new I/O after the timeout was queued until the timeout expired again"
	elif ! float_between "$DD_EL" 0 "$PROMPT_S"; then
		WHY="new I/O failed after ${DD_EL}s, not within ${PROMPT_S}s"
	fi
	result_end no-path-timeout-new-io-eio "$WHY"

	# A path back: I/O flows; it dies again: held again (not failed), and
	# released when the path returns within the timeout; data verifies.
	WHY=""
	sd_set_state "$A_SD" running
	e2e_run dmsetup message npt 0 reinstate_path "$A"
	wait_until 10 0.1 mp_path_is npt "$A" A || WHY="$A not active after reinstate_path"
	dd_once npt "$SCRATCH_BLK"
	[ "$DD_RC" = 0 ] || WHY=${WHY:-a write fails with a path back}
	dm=$(mp_blkname npt)
	w0=$(blk_writes "$dm")
	expired0=$(dmesg | grep -c 'failing queued I/O')
	# A seed of its own: the first run's data must not verify this one.
	fio "${fio_verify_job[@]}" --randseed=2024 --filename=/dev/mapper/npt --output="$out" </dev/null &
	FIO_PID=$!
	if [ -n "$WHY" ]; then
		:
	elif ! wait_until 120 0.1 fio_progress "$dm" $((w0 + FIO_MB * 64)) "$FIO_PID" ||
		pid_gone "$FIO_PID"; then
		WHY="fio ended or made no progress before the fault"
	else
		e2e_kmsg "npt path down again"
		sd_set_state "$A_SD" offline
		if wait_until 10 0.05 mp_path_is npt "$A" F; then
			t_fail=$(e2e_now_cs)
			# Watched for 1 s only: the path must return within the timeout.
			mp_io_held npt "$FIO_PID" 1 || WHY=$HELD_WHY
			sd_set_state "$A_SD" running
			e2e_run dmsetup message npt 0 reinstate_path "$A"
			e2e_log "path back $(e2e_since "$t_fail")s after it failed (no_path_timeout ${NO_PATH_TIMEOUT}s)"
			[ $(($(e2e_now_cs) - t_fail)) -lt $((NO_PATH_TIMEOUT * 100)) ] ||
				WHY=${WHY:-the path came back too late to test re-queueing}
		else
			WHY="$A not failed after its sd went offline"
		fi
	fi
	if ! wait_until 120 0.2 pid_gone "$FIO_PID"; then
		WHY=${WHY:-fio still running 120 s after the path came back}
		bg_stop "$FIO_PID"
	fi
	wait "$FIO_PID" || rc=$?
	e2e_log "fio exit $rc: $(fio_summary "$out")"
	if [ "$rc" -ne 0 ] || ! fio_ok "$out"; then
		sed 's/^/  fio: /' "$out" | tail -n 20
		WHY=${WHY:-fio write/verify failed (exit $rc)}
	fi
	[ "$(dmesg | grep -c 'failing queued I/O')" = "$expired0" ] ||
		WHY=${WHY:-no_path_timeout expired again although the path came back in time}
	paths_restore npt || WHY=${WHY:-paths not both active again}
	result_end no-path-timeout-queues-again "$WHY"
	mp_show npt
	mp_remove npt
}

# ---- main ------------------------------------------------------------------------------

e2e_plan
WHY=""
if s_setup; then
	result_pass setup
	s_queue
	s_fail_if_no_path
	s_failfast_sd
	s_failfast_net
	s_no_path_timeout
else
	result_fail setup "$WHY"
	e2e_fail_rest "setup failed: $WHY"
fi
for m in q ff npt; do mp_remove "$m"; done
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
e2e_finish
