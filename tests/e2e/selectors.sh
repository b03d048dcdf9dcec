#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "selectors" (one boot): each of mpath2's path selectors carries
# fio with crc32c verification over the two real iSCSI paths while one path
# goes offline, spreads I/O over both paths once it is reinstated, and
# shows its selector fields in status.
#
# e2e-scenarios: selectors-setup
# e2e-scenarios: round-robin-failover queue-length-failover
# e2e-scenarios: service-time-failover historical-service-time-failover
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

MAP=e2e-sel
MAPDEV=/dev/mapper/$MAP
FIO_MB=${E2E_SEL_FIO_MB:-24}
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

e2e_plan
if iscsi_setup && modprobe dm-mpath2; then
	result_pass selectors-setup
	for sel in round-robin queue-length service-time historical-service-time; do
		selector_failover "$sel"
	done
else
	result_fail selectors-setup "no iSCSI paths or no module"
	e2e_fail_rest "setup failed"
fi
e2e_finish
