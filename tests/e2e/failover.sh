#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "failover" (one boot): a multipath map over two real iSCSI paths
# (LIO target + open-iscsi initiator inside the guest, portals 127.0.0.1 and
# 127.0.0.2, ALUA active/optimized + active/non-optimized), fio writing with
# crc32c verification while one path is cut, reinstatement, SCSI commands
# (SG_IO) through the map, both paths cut (fail fast: EIO, no stuck task,
# SG_IO fails too), and a clean unload.
#
# The target is E2E_TARGET (lib.sh): mpath2, or multipath for the in-tree
# reference (dm-multipath, queue_mode bio).
#
# e2e-scenarios: iscsi-setup load-module target-registered create-map
# e2e-scenarios: fio-verify-under-path-failure kernel-log-failing-path
# e2e-scenarios: status-path-failed reinstate-path io-on-both-paths
# e2e-scenarios: sgio-through-map sgio-one-path-failed
# e2e-scenarios: all-paths-down-eio sgio-all-paths-down no-stuck-tasks
# e2e-scenarios: all-paths-restored
# e2e-scenarios: remove-map-unload kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

MAP=e2e-mpath
MAPDEV=/dev/mapper/$MAP
FIO_MB=${E2E_FIO_MB:-64}                       # data written under failure
# I/O that must not overwrite the verified data goes past it.
SCRATCH_MB=$((FIO_MB + 8))
FAULT_AFTER_MB=${E2E_FAULT_AFTER_MB:-$((FIO_MB / 4))}
EIO_MAX_S=${E2E_EIO_MAX_S:-10}                 # "promptly" for fail-fast

# Scenarios that still run after a fatal failure earlier on.
E2E_KEEP="remove-map-unload kernel-log-clean"

fio_common=(
	--filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k --iodepth=16
	--randrepeat=1 --group_reporting --eta=never
)
fio_verify_job=(
	--name=failover "${fio_common[@]}" --rw=randwrite --size="${FIO_MB}M"
	--verify=crc32c --verify_fatal=1
)

fatal() {
	e2e_log "fatal: $*"
	e2e_fail_rest "$*"
}

# ---- setup --------------------------------------------------------------------

s_setup() {
	if iscsi_setup; then
		result_pass iscsi-setup
	else
		result_fail iscsi-setup "two iSCSI paths to one LUN did not come up"
		return 1
	fi

	e2e_log "target under test: $E2E_TARGET ($(mp_module))"
	if mp_load_module; then
		result_pass load-module
	else
		result_fail load-module "modprobe $(mp_module) failed"
		return 1
	fi

	local ver
	ver=$(mp_target_version)
	e2e_log "dmsetup targets: $(dmsetup targets | tr -s ' ' | tr '\n' ';')"
	if [[ $ver =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
		result_pass target-registered
	else
		result_fail target-registered "dmsetup targets does not list '$E2E_TARGET' with a version"
		return 1
	fi

	local table
	table=$(mp_table "$E2E_SECTORS" "${E2E_DEV[0]}" "${E2E_DEV[1]}")
	e2e_run dmsetup create "$MAP" --table "$table"
	if [ -b "$MAPDEV" ] && mp_path_is "$MAP" "${E2E_DEV[0]}" A &&
		mp_path_is "$MAP" "${E2E_DEV[1]}" A; then
		mp_show "$MAP"
		result_pass create-map
	else
		dmsetup status "$MAP" 2>&1 | sed 's/^/  status: /'
		result_fail create-map "no $MAPDEV with both paths active"
		return 1
	fi
}

# ---- one path fails under fio -------------------------------------------------

_fio_ended() { ! kill -0 "$FIO_PID" 2>/dev/null; }


s_fail_one_path() {
	local sd=${E2E_SD[0]} dev=${E2E_DEV[0]} other=${E2E_DEV[1]}
	local out=$E2E_TMP/fio-write.txt
	local w0 want rc=0 t0 w_fault w_end ok=1 why=""

	DMNAME=$(mp_blkname "$MAP")
	w0=$(blk_writes "$DMNAME")
	want=$((w0 + FAULT_AFTER_MB * 256))
	e2e_log "fio: ${FIO_MB} MiB 4k randwrite + crc32c verify on $MAPDEV; cutting $sd ($dev) after ${FAULT_AFTER_MB} MiB"
	t0=$(e2e_now_cs)
	fio "${fio_verify_job[@]}" --do_verify=1 --output="$out" &
	FIO_PID=$!
	if ! wait_until 300 0.1 fio_progress "$DMNAME" "$want" "$FIO_PID"; then
		why="fio made no progress in 300 s"
	elif ! kill -0 "$FIO_PID" 2>/dev/null; then
		why="fio ended before the fault could be injected (raise E2E_FIO_MB)"
	fi
	if [ -n "$why" ]; then
		kill "$FIO_PID" 2>/dev/null
		wait "$FIO_PID"
		result_fail fio-verify-under-path-failure "$why"
		return 1
	fi
	w_fault=$(blk_writes "$DMNAME")
	e2e_log "fio wrote $((w_fault - w0)) blocks in $(e2e_since "$t0")s; cutting path $sd"
	sd_set_state "$sd" offline
	e2e_marker "E2E-INFO: path $sd ($dev) offline during fio"

	if ! wait_until 600 0.5 _fio_ended; then
		why="fio still running 600 s after the fault"
		kill -9 "$FIO_PID"
	fi
	wait "$FIO_PID" || rc=$?
	w_end=$(blk_writes "$DMNAME")
	e2e_log "fio write+verify exit $rc after $(e2e_since "$t0")s, $((w_end - w_fault)) blocks written after the fault: $(fio_summary "$out")"
	if [ "$rc" -ne 0 ] || ! fio_ok "$out"; then
		ok=0 why=${why:-fio write/verify pass failed (exit $rc)}
	fi
	if [ "$w_end" -le "$w_fault" ]; then
		ok=0 why=${why:-no write completed after the fault}
	fi

	if [ $ok = 1 ]; then
		result_pass fio-verify-under-path-failure
	else
		sed 's/^/  fio: /' "$out" | tail -n 25
		result_fail fio-verify-under-path-failure "$why"
	fi

	if dmesg | grep -qE "Failing path $dev([^0-9]|$)"; then
		e2e_log "kernel: $(dmesg | grep -E "Failing path $dev([^0-9]|$)" | head -n 1)"
		result_pass kernel-log-failing-path
	else
		result_fail kernel-log-failing-path "no 'Failing path $dev' in the kernel log"
	fi

	mp_show "$MAP"
	if mp_path_is "$MAP" "$dev" F && mp_path_is "$MAP" "$other" A; then
		result_pass status-path-failed
	else
		result_fail status-path-failed "status shows $dev '$(mp_path_state "$MAP" "$dev")' and $other '$(mp_path_state "$MAP" "$other")', want F and A"
	fi
}

# ---- reinstate ------------------------------------------------------------------

s_reinstate() {
	local sd=${E2E_SD[0]} dev=${E2E_DEV[0]} i before=() after=() ok=1 out=$E2E_TMP/fio-both.txt

	sd_set_state "$sd" running
	e2e_run dmsetup message "$MAP" 0 reinstate_path "$dev"
	if wait_until 10 0.1 mp_path_is "$MAP" "$dev" A; then
		mp_show "$MAP"
		result_pass reinstate-path
	else
		mp_show "$MAP"
		result_fail reinstate-path "$dev still '$(mp_path_state "$MAP" "$dev")' after reinstate_path"
	fi

	for i in 0 1; do before[i]=$(blk_ios "${E2E_SD[i]}"); done
	fio --name=both "${fio_common[@]}" --rw=randrw --offset="${SCRATCH_MB}M" --size=8M \
		--output="$out" || ok=0
	for i in 0 1; do after[i]=$(blk_ios "${E2E_SD[i]}"); done
	e2e_log "I/Os per path under a short fio: ${E2E_SD[0]} +$((after[0] - before[0])), ${E2E_SD[1]} +$((after[1] - before[1]))"
	fio_ok "$out" || ok=0
	if [ $ok = 1 ] && [ $((after[0] - before[0])) -ge 100 ] && [ $((after[1] - before[1])) -ge 100 ]; then
		result_pass io-on-both-paths
	else
		result_fail io-on-both-paths "I/O did not flow on both paths (${E2E_SD[0]} +$((after[0] - before[0])), ${E2E_SD[1]} +$((after[1] - before[1])), fio ok=$ok)"
	fi
}

# ---- SCSI commands through the map ----------------------------------------------

# SG_IO on the map goes to one usable path (prepare_ioctl): an INQUIRY
# answered by the LUN, a TEST UNIT READY; with one path failed, through
# the other.
s_sgio() {
	local out why="" d0=${E2E_DEV[0]}

	out=$(timeout 30 sg_inq "$MAPDEV" 2>&1) || why="sg_inq through the map failed: $(echo "$out" | head -n 2 | tr '\n' ' ')"
	e2e_log "sg_inq $MAPDEV: $(echo "$out" | grep -E 'Vendor|Product' | tr -s ' ' | tr '\n' ' ')"
	[ -n "$why" ] || echo "$out" | grep -q 'Vendor identification: *LIO-ORG' ||
		why="sg_inq through the map: not the LIO LUN's answer"
	[ -n "$why" ] || timeout 30 sg_turs "$MAPDEV" >/dev/null 2>&1 ||
		why="sg_turs through the map failed"
	if [ -z "$why" ]; then
		result_pass sgio-through-map
	else
		result_fail sgio-through-map "$why"
	fi

	why=""
	e2e_run dmsetup message "$MAP" 0 fail_path "$d0" || why="fail_path $d0 refused"
	[ -n "$why" ] || timeout 30 sg_turs "$MAPDEV" >/dev/null 2>&1 ||
		why="sg_turs through the map failed with $d0 failed"
	e2e_run dmsetup message "$MAP" 0 reinstate_path "$d0"
	wait_until 10 0.1 mp_path_is "$MAP" "$d0" A || why=${why:-$d0 not active again}
	if [ -z "$why" ]; then
		result_pass sgio-one-path-failed
	else
		result_fail sgio-one-path-failed "$why"
	fi
}

# ---- all paths down: fail fast --------------------------------------------------

# dd_direct_eio if|of: one direct 4k read or write of the map must fail with
# EIO within EIO_MAX_S; sets DD_WHY on failure.
dd_direct_eio() {
	local t0 rc=0 err=$E2E_TMP/dd.err el
	t0=$(e2e_now_cs)
	if [ "$1" = read ]; then
		timeout $((EIO_MAX_S * 3)) dd if="$MAPDEV" of=/dev/null bs=4096 count=1 iflag=direct 2>"$err" || rc=$?
	else
		timeout $((EIO_MAX_S * 3)) dd if=/dev/zero of="$MAPDEV" bs=4096 count=1 seek=$((SCRATCH_MB * 256)) oflag=direct 2>"$err" || rc=$?
	fi
	el=$(e2e_since "$t0")
	e2e_log "$1 with all paths down: exit $rc after ${el}s: $(tr '\n' ' ' <"$err")"
	if [ "$rc" -eq 0 ]; then
		DD_WHY="$1 succeeded with all paths down"
	elif [ "$rc" -ge 124 ]; then
		DD_WHY="$1 did not return within $((EIO_MAX_S * 3))s"
	elif ! grep -qE 'Input/output error|I/O error' "$err"; then
		DD_WHY="$1 failed without EIO: $(head -n 1 "$err")"
	elif [ $(($(e2e_now_cs) - t0)) -gt $((EIO_MAX_S * 100)) ]; then
		DD_WHY="$1 took ${el}s to fail (> ${EIO_MAX_S}s)"
	else
		return 0
	fi
	return 1
}

s_all_paths_down() {
	local i ok=1 d
	DD_WHY=""
	for i in 0 1; do sd_set_state "${E2E_SD[i]}" offline; done
	dd_direct_eio read && dd_direct_eio write || ok=0
	mp_show "$MAP"
	for d in "${E2E_DEV[@]}"; do
		if ! mp_path_is "$MAP" "$d" F; then
			ok=0 DD_WHY=${DD_WHY:-path $d is "$(mp_path_state "$MAP" "$d")", want F}
		fi
	done
	if [ $ok = 1 ]; then
		result_pass all-paths-down-eio
	else
		result_fail all-paths-down-eio "$DD_WHY"
	fi

	# SG_IO with no usable path fails too, and does not hang.
	local rc=0
	timeout 60 sg_turs "$MAPDEV" >"$E2E_TMP/sgturs.out" 2>&1 || rc=$?
	e2e_log "sg_turs with all paths down: exit $rc: $(tr '\n' ' ' <"$E2E_TMP/sgturs.out")"
	if [ "$rc" -ne 0 ] && [ "$rc" -lt 124 ]; then
		result_pass sgio-all-paths-down
	else
		result_fail sgio-all-paths-down "sg_turs through the map with all paths down: exit $rc (want a failure, not a hang)"
	fi

	if wait_until 10 0.2 no_d_state_tasks; then
		result_pass no-stuck-tasks
	else
		result_fail no-stuck-tasks "tasks in D state: $(d_state_tasks | tr '\n' ' ')"
	fi

	ok=1
	for i in 0 1; do
		sd_set_state "${E2E_SD[i]}" running
		e2e_run dmsetup message "$MAP" 0 reinstate_path "${E2E_DEV[i]}" || ok=0
	done
	for d in "${E2E_DEV[@]}"; do
		wait_until 10 0.1 mp_path_is "$MAP" "$d" A || ok=0
	done
	mp_show "$MAP"
	# The data written under failure must still read back intact.
	if [ $ok = 1 ] && fio "${fio_verify_job[@]}" --verify_only=1 --output="$E2E_TMP/fio-verify2.txt" &&
		fio_ok "$E2E_TMP/fio-verify2.txt"; then
		result_pass all-paths-restored
	else
		result_fail all-paths-restored "paths not both active again, or data does not verify (ok=$ok)"
	fi
}

# ---- teardown ---------------------------------------------------------------------

s_remove() {
	local mod why=""
	mod=$(mp_module)
	if dmsetup info "$MAP" >/dev/null 2>&1; then
		e2e_run dmsetup remove "$MAP" || why="dmsetup remove failed"
	fi
	[ -e "$MAPDEV" ] && why="${why:-$MAPDEV still exists}"
	mp_unload_module || why="${why:-rmmod $mod failed}"
	grep -q "^${mod//-/_} " /proc/modules && why="${why:-$mod still loaded}"
	dmsetup targets | grep -q "^$E2E_TARGET " && why="${why:-target $E2E_TARGET still registered}"
	if [ -z "$why" ]; then
		result_pass remove-map-unload
	else
		result_fail remove-map-unload "$why"
	fi
}

e2e_plan
if s_setup; then
	s_fail_one_path
	s_reinstate
	s_sgio
	s_all_paths_down
else
	fatal "setup failed"
fi
s_remove
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
e2e_finish
