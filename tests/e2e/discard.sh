#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "discard" (one boot): discards (blkdiscard, fstrim's requests)
# fail over like any I/O. The LUN is a LIO fileio backstore on tmpfs with
# UNMAP enabled (LIO's ramdisk has none), so the iSCSI paths advertise
# discard and mpath2 passes it on. The table comes from mp_table, so
# E2E_TARGET=multipath runs the group against in-tree dm-multipath.
#
# e2e-scenarios: discard-setup discard-advertised discard-across-failover
# e2e-scenarios: discard-data-kept kernel-log-clean
set -uo pipefail
E2E_BACKSTORE=fileio
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

MAP=e2e-discard
MAPDEV=/dev/mapper/$MAP
E2E_KEEP="kernel-log-clean"

s_setup() {
	if ! iscsi_setup || ! mp_load_module; then
		result_fail discard-setup "no iSCSI paths or no module"
		return 1
	fi
	mp_create "$MAP" "$(mp_table "$E2E_SECTORS" "${E2E_DEV[0]}" "${E2E_DEV[1]}")" ||
		{ result_fail discard-setup "create failed"; return 1; }
	result_pass discard-setup
}

s_discard() {
	local dm max rc=0 wrc=0 vrc=0 ones out=$E2E_TMP/fio-keep.txt
	dm=$(mp_blkname "$MAP")
	max=$(cat "/sys/block/$dm/queue/discard_max_bytes")
	e2e_log "discard_max_bytes: ${E2E_SD[0]} $(cat "/sys/block/${E2E_SD[0]}/queue/discard_max_bytes"), $dm $max"
	result discard-advertised "the map does not advertise discard ($max)" test "$max" -gt 0

	# Data the discards must not touch: 8 MiB at 16 MiB, with checksums.
	fio --name=keep --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k \
		--iodepth=8 --rw=write --offset=16M --size=8M --verify=crc32c \
		--do_verify=0 --eta=never --output="$out" >/dev/null 2>&1 || wrc=$?
	# Something to discard: 4 MiB of ones at 0. The LUN may start zeroed,
	# so "all zeros after the discard" proves something only if the ones
	# are there first: read them back.
	dd if=/dev/zero bs=1M count=4 2>/dev/null | tr '\0' '\1' |
		dd of="$MAPDEV" bs=1M oflag=direct 2>/dev/null || wrc=$?
	ones=$(dd if="$MAPDEV" bs=1M count=4 iflag=direct 2>/dev/null | tr -d '\0' | wc -c)
	e2e_log "setup writes: exit $wrc, fio $(fio_summary "$out"); non-zero bytes in the 4 MiB to discard: $ones"
	if [ "$wrc" -ne 0 ] || ! fio_ok "$out" || [ "$ones" -ne $((4 << 20)) ]; then
		result_fail discard-across-failover "the setup writes failed (exit $wrc, $ones of $((4 << 20)) bytes of ones)"
		result_fail discard-data-kept "the setup writes failed (exit $wrc)"
		dmsetup remove "$MAP"
		return 1
	fi

	# Path 1 dies; every discard bio sent to it fails and is retried.
	sd_set_state "${E2E_SD[0]}" offline
	for off in 0 1 2 3; do
		blkdiscard -o $((off << 20)) -l $((1 << 20)) "$MAPDEV" || rc=$?
	done
	mp_show "$MAP"
	local zeros
	zeros=$(dd if="$MAPDEV" bs=1M count=4 iflag=direct 2>/dev/null | tr -d '\0' | wc -c)
	e2e_log "blkdiscard exit $rc; non-zero bytes left in the discarded 4 MiB: $zeros"
	result discard-across-failover "blkdiscard failed ($rc), ${E2E_DEV[0]} '$(mp_path_state "$MAP" "${E2E_DEV[0]}")', $zeros non-zero bytes left" \
		test "$rc" -eq 0 -a "$zeros" -eq 0 -a "$(mp_path_state "$MAP" "${E2E_DEV[0]}")" = F

	fio --name=keep --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k \
		--iodepth=8 --rw=write --offset=16M --size=8M --verify=crc32c \
		--verify_only --eta=never --output="$out.2" >/dev/null 2>&1 || vrc=$?
	e2e_log "verify run: exit $vrc, $(fio_summary "$out.2")"
	if [ "$vrc" -eq 0 ] && fio_ok "$out.2"; then
		result_pass discard-data-kept
	else
		result_fail discard-data-kept "the data beside the discarded range changed (fio verify exit $vrc)"
	fi
	sd_set_state "${E2E_SD[0]}" running
	dmsetup remove "$MAP"
}

e2e_plan
if s_setup; then
	s_discard
else
	e2e_fail_rest "setup failed"
fi
e2e_finish
