#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "selectors" (one boot): each of mpath2's path selectors carries
# fio with crc32c verification over the two real iSCSI paths while one path
# goes offline, spreads I/O over both paths once it is reinstated, and
# shows its selector fields in status.
#
# io-affinity (2 vCPUs): `mpath2ctl create --selector io-affinity --group
# multibus` writes one cpumask per path (path 1 CPU 0, path 2 CPU 1). fio
# pinned to one CPU (--cpus_allowed) writes and verifies through the map:
# the I/Os land on that CPU's path, the other path gets (next to) none; a
# round-robin map under the same pinned fio spreads over both (the
# control, so the check can fail). With CPU 0's path offline, fio on CPU 0
# goes to the other path without an error; reinstated, back to its own.
#
# e2e-vcpus: 2
# e2e-scenarios: selectors-setup
# e2e-scenarios: round-robin-failover queue-length-failover
# e2e-scenarios: service-time-failover historical-service-time-failover
# e2e-scenarios: io-affinity-table io-affinity-cpus io-affinity-control
# e2e-scenarios: io-affinity-fallback
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

MAP=e2e-sel
MAPDEV=/dev/mapper/$MAP
FIO_MB=${E2E_SEL_FIO_MB:-24}
CTL=${E2E_CTL:-mpath2ctl}
IOA_MAP=e2e-ioa
IOA_MB=4                      # per pinned fio run: 1024 writes, 1024 reads
E2E_KEEP="kernel-log-clean"

# Per-path arguments each selector takes in its table line.
per_path_args() {
	case $1 in
	service-time) echo "2 1 1" ;;	# repeat_count relative_throughput
	*) echo "1 1" ;;		# repeat_count
	esac
}

_fio_ended() { ! kill -0 "$FIO_PID" 2>/dev/null; }
_fio_progress() { [ "$(blk_writes "$DMNAME")" -ge "$1" ] || _fio_ended; }

# selector_failover SELECTOR: PASS/FAIL "<selector>-failover".
selector_failover() {
	local sel=$1 name=$1-failover sd=${E2E_SD[0]} dev=${E2E_DEV[0]}
	local args n pp out=$E2E_TMP/fio-$1.txt rc=0 want i before=() after=()
	args=$(per_path_args "$sel")
	n=${args%% *} pp=${args#* }
	if ! e2e_run dmsetup create "$MAP" --table "0 $E2E_SECTORS mpath2 0 0 1 1 $sel 0 2 $n ${E2E_DEV[0]} $pp ${E2E_DEV[1]} $pp"; then
		result_fail "$name" "the table was refused"
		return
	fi
	mp_show "$MAP"
	DMNAME=$(mp_blkname "$MAP")
	want=$(($(blk_writes "$DMNAME") + FIO_MB * 64))
	fio --name="$sel" --filename="$MAPDEV" --ioengine=libaio --direct=1 \
		--bs=4k --iodepth=16 --rw=randwrite --size="${FIO_MB}M" \
		--verify=crc32c --verify_fatal=1 --do_verify=1 --randrepeat=1 \
		--eta=never --output="$out" &
	FIO_PID=$!
	# A quarter of the data written, then the path goes: with fio still
	# running, or the failover is not under I/O.
	if ! wait_until 120 0.1 _fio_progress "$want" || _fio_ended; then
		bg_stop "$FIO_PID"
		sed 's/^/  fio: /' "$out" | tail -n 15
		result_fail "$name" "fio did not write a quarter of its data in 120 s, or ended before the path was cut"
		dmsetup remove "$MAP" || dmsetup remove --force "$MAP"
		return
	fi
	sd_set_state "$sd" offline
	wait_until 300 0.5 _fio_ended || kill -9 "$FIO_PID"
	wait "$FIO_PID" || rc=$?
	e2e_log "$sel: fio exit $rc: $(fio_summary "$out")"
	mp_show "$MAP"
	if [ $rc -ne 0 ] || ! fio_ok "$out"; then
		sed 's/^/  fio: /' "$out" | tail -n 15
		result_fail "$name" "fio failed or verify failed (exit $rc)"
	elif ! mp_path_is "$MAP" "$dev" F; then
		result_fail "$name" "$dev not failed in status after going offline"
	else
		sd_set_state "$sd" running
		e2e_run dmsetup message "$MAP" 0 reinstate_path "$dev"
		for i in 0 1; do before[i]=$(blk_ios "${E2E_SD[i]}"); done
		fio --name=after --filename="$MAPDEV" --ioengine=libaio --direct=1 \
			--bs=4k --iodepth=16 --rw=randread --size=8M --eta=never \
			--output="$out.2" >/dev/null 2>&1
		for i in 0 1; do after[i]=$(blk_ios "${E2E_SD[i]}"); done
		e2e_log "$sel: I/Os per path after reinstate: ${E2E_SD[0]} +$((after[0] - before[0])), ${E2E_SD[1]} +$((after[1] - before[1]))"
		if mp_path_is "$MAP" "$dev" A && fio_ok "$out.2" &&
		   [ $((after[0] - before[0])) -gt 0 ] &&
		   [ $((after[1] - before[1])) -gt 0 ]; then
			result_pass "$name"
		else
			result_fail "$name" "after reinstate: $dev '$(mp_path_state "$MAP" "$dev")', I/O not on both paths"
		fi
	fi
	sd_set_state "$sd" running
	dmsetup remove "$MAP" || dmsetup remove --force "$MAP"
}

# ---- io-affinity (helpers of this group, not lib.sh's) ----------------------

# ioa_fio CPU NAME: 4k direct writes with crc32c verify through $IOA_MAP,
# from one thread pinned to CPU (psync: each bio submitted on that CPU).
ioa_fio() {
	timeout 300 fio --name="$2" --filename="/dev/mapper/$IOA_MAP" \
		--cpus_allowed="$1" --ioengine=psync --direct=1 --bs=4k \
		--rw=randwrite --size="${IOA_MB}M" --verify=crc32c --do_verify=1 \
		--verify_fatal=1 --randrepeat=1 --eta=never --output="$E2E_TMP/$2.txt"
}

# ioa_run CPU NAME: ioa_fio, then IOA_D0 / IOA_D1 the I/Os each path disk
# completed meanwhile; fails if fio did.
ioa_run() {
	local b0 b1 rc=0
	b0=$(blk_ios "${E2E_SD[0]}") b1=$(blk_ios "${E2E_SD[1]}")
	ioa_fio "$1" "$2" || rc=$?
	IOA_D0=$(($(blk_ios "${E2E_SD[0]}") - b0))
	IOA_D1=$(($(blk_ios "${E2E_SD[1]}") - b1))
	e2e_log "$2 (CPU $1): fio exit $rc, ${E2E_SD[0]} +$IOA_D0, ${E2E_SD[1]} +$IOA_D1 I/Os: $(fio_summary "$E2E_TMP/$2.txt")"
	[ "$rc" = 0 ] && fio_ok "$E2E_TMP/$2.txt"
}

# ioa_on MINE OTHER: MINE took the run (at least half its 2 x IOA_MB
# MiB of 4k I/Os) and OTHER at most 1 in 20 of MINE's.
ioa_on() {
	[ "$1" -ge $((IOA_MB * 256)) ] && [ $(($2 * 20)) -le "$1" ]
}

ioa_remove() {
	dmsetup remove "$IOA_MAP" 2>/dev/null || dmsetup remove --force "$IOA_MAP" 2>/dev/null
}

# mpath2ctl writes the table: each path its own CPU.
s_ioa_table() {
	local why="" t want
	want="io-affinity 0 2 1 ${E2E_DEV[0]} 1 ${E2E_DEV[1]} 2"
	[ "$(nproc)" = 2 ] || why="the guest has $(nproc) CPUs, not 2 (# e2e-vcpus: 2)"
	[ -z "$why" ] && ! e2e_run "$CTL" create "$IOA_MAP" --selector io-affinity \
		--group multibus "/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}" &&
		why="mpath2ctl create --selector io-affinity failed"
	t=$(dmsetup table "$IOA_MAP" 2>/dev/null)
	e2e_log "table: $t; status: $(dmsetup status "$IOA_MAP" 2>/dev/null)"
	[ -z "$why" ] && [[ $t != *"$want"* ]] && why="table '$t' has no '$want'"
	result io-affinity-table "$why" test -z "$why"
	[ -z "$why" ]
}

# fio on CPU 0 goes to path 1 alone, on CPU 1 to path 2 alone.
s_ioa_cpus() {
	local why=""
	ioa_run 0 ioa-cpu0 || why="fio on CPU 0 failed"
	[ -z "$why" ] && ! ioa_on "$IOA_D0" "$IOA_D1" &&
		why="CPU 0's I/O: ${E2E_SD[0]} +$IOA_D0, ${E2E_SD[1]} +$IOA_D1 (want all on ${E2E_SD[0]})"
	[ -z "$why" ] && ! ioa_run 1 ioa-cpu1 && why="fio on CPU 1 failed"
	[ -z "$why" ] && ! ioa_on "$IOA_D1" "$IOA_D0" &&
		why="CPU 1's I/O: ${E2E_SD[0]} +$IOA_D0, ${E2E_SD[1]} +$IOA_D1 (want all on ${E2E_SD[1]})"
	e2e_log "status: $(dmsetup status "$IOA_MAP")"
	result io-affinity-cpus "$why" test -z "$why"
}

# The same pinned fio over a round-robin map uses both paths: the counts
# above tell one selector from another.
s_ioa_control() {
	local why=""
	ioa_remove
	if ! e2e_run "$CTL" create "$IOA_MAP" --selector round-robin --group multibus \
		"/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}"; then
		why="mpath2ctl create --selector round-robin failed"
	elif ! ioa_run 0 ioa-control; then
		why="fio on CPU 0 over round-robin failed"
	elif ioa_on "$IOA_D0" "$IOA_D1" || ioa_on "$IOA_D1" "$IOA_D0"; then
		why="round-robin put CPU 0's I/O on one path (+$IOA_D0, +$IOA_D1): the io-affinity check tells nothing"
	fi
	ioa_remove
	result io-affinity-control "$why" test -z "$why"
}

# CPU 0's path offline: CPU 0's I/O goes to the other path, no error;
# reinstated, back to its own path.
s_ioa_fallback() {
	local why="" sd=${E2E_SD[0]} dev=${E2E_DEV[0]}
	if ! e2e_run "$CTL" create "$IOA_MAP" --selector io-affinity --group multibus \
		"/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}"; then
		result_fail io-affinity-fallback "mpath2ctl create failed"
		return
	fi
	sd_set_state "$sd" offline
	if ! ioa_run 0 ioa-fallback; then
		why="fio on CPU 0 failed with its path offline"
	elif ! mp_path_is "$IOA_MAP" "$dev" F; then
		why="$dev not failed in status after going offline"
	elif [ "$IOA_D1" -lt $((IOA_MB * 256)) ]; then
		why="CPU 0's I/O did not go to ${E2E_SD[1]} (+$IOA_D1)"
	fi
	e2e_log "status with $dev failed: $(dmsetup status "$IOA_MAP")"
	sd_set_state "$sd" running
	e2e_run dmsetup message "$IOA_MAP" 0 reinstate_path "$dev" ||
		why=${why:-"reinstate_path $dev refused"}
	if [ -z "$why" ]; then
		if ! ioa_run 0 ioa-back; then
			why="fio on CPU 0 failed after $dev was reinstated"
		elif ! ioa_on "$IOA_D0" "$IOA_D1"; then
			why="after reinstate, CPU 0's I/O: ${E2E_SD[0]} +$IOA_D0, ${E2E_SD[1]} +$IOA_D1 (want all on ${E2E_SD[0]})"
		fi
	fi
	ioa_remove
	result io-affinity-fallback "$why" test -z "$why"
}

e2e_plan
if iscsi_setup && modprobe dm-mpath2; then
	result_pass selectors-setup
	for sel in round-robin queue-length service-time historical-service-time; do
		selector_failover "$sel"
	done
	if s_ioa_table; then
		s_ioa_cpus
	else
		result_fail io-affinity-cpus "no io-affinity map"
	fi
	ioa_remove
	s_ioa_control
	s_ioa_fallback
else
	result_fail selectors-setup "no iSCSI paths or no module"
	e2e_fail_rest "setup failed"
fi
e2e_finish
