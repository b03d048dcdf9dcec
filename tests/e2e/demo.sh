#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The narrated demo (scripts/demo.sh boots the guest with it): two iSCSI
# paths to one LUN, fio writing with crc32c verification, one path cut in
# the middle, I/O carrying on over the other, the path reinstated, and a
# final read-back verification of every block.
#
# demo-scenarios: topology io-survives-path-loss path-reinstated
# demo-scenarios: data-verified kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

MAP=demo
MAPDEV=/dev/mapper/$MAP
FIO_MB=${E2E_FIO_MB:-64}
fio_job=(
	--name=demo --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k
	--iodepth=16 --rw=randwrite --size="${FIO_MB}M" --randrepeat=1
	--verify=crc32c --verify_fatal=1 --eta=never
)

step=0
section() {
	step=$((step + 1))
	printf '\n======== %d. %s ========\n' "$step" "$*"
}
say() { printf '  %s\n' "$*"; }
show() { # show CMD...: print the command and its indented output
	printf '  $ %s\n' "$*"
	"$@" 2>&1 | sed 's/^/    /'
}
show_sh() { # show_sh 'SHELL COMMAND'
	printf '  $ %s\n' "$1"
	sh -c "$1" 2>&1 | sed 's/^/    /'
}

# One line of I/O progress per path: I/Os done on the map and on each sd.
_stat_line() {
	local rs ws i line
	read -r _ _ rs _ _ _ ws _ <"/sys/block/$DMNAME/stat"
	line="$MAP: $((ws / 2048)) MiB written, $((rs / 2048)) MiB read |"
	for i in 0 1; do
		line="$line ${E2E_SD[i]} ($(sd_state "${E2E_SD[i]}")): $(blk_ios "${E2E_SD[i]}") I/Os |"
	done
	say "${line% |}"
}

# Print progress every second while fio runs; stop after $1 s or when
# the map has seen $2 writes, whichever first (0 = until fio ends).
_watch() {
	local until_cs=$(($(e2e_now_cs) + $1 * 100)) want=$2
	while kill -0 "$FIO_PID" 2>/dev/null; do
		_stat_line
		[ "$want" -gt 0 ] && [ "$(blk_writes "$DMNAME")" -ge "$want" ] && return 0
		[ "$(e2e_now_cs)" -ge "$until_cs" ] && return 0
		sleep 1
	done
}

alua_groups() { # condensed sg_rtpg: "group 0xa: active/optimized" lines
	sg_rtpg -d "/dev/$1" 2>/dev/null | awk '
		/target port group id/ { id = $6; sub(",", "", id) }
		/asymmetric access state/ { sub(/.*\(/, ""); sub(/\).*/, ""); print "ALUA group " id ": " $0 }'
}

e2e_plan
printf '\n#### mpath2 demo: I/O survives the loss of one of two iSCSI paths ####\n'
say "guest kernel $(uname -r), target under test: $E2E_TARGET"

section "Storage: a LIO iSCSI target and two initiator sessions"
if ! iscsi_setup >"$E2E_TMP/setup.log" 2>&1; then
	cat "$E2E_TMP/setup.log"
	result_fail topology "iSCSI setup failed"
	e2e_fail_rest "no storage"
	e2e_finish
	exit 1
fi
say "one LUN (${ISCSI_LUN_MB} MiB ramdisk), WWID $E2E_WWID, reachable through two portals:"
for i in 0 1; do
	say "  path $((i + 1)): portal ${ISCSI_PORTALS[i]}:$ISCSI_PORT (TPG $((i + 1))) -> /dev/${E2E_SD[i]} (${E2E_DEV[i]})"
done
show iscsiadm -m session
say "ALUA port groups as the initiator sees them (sg_rtpg -d /dev/${E2E_SD[0]}):"
alua_groups "${E2E_SD[0]}" | sed 's/^/    /'

section "The multipath map"
show modprobe "$(mp_module)"
say "dmsetup targets: $(dmsetup targets | grep "^$E2E_TARGET ")"
table=$(mp_table "$E2E_SECTORS" "${E2E_DEV[0]}" "${E2E_DEV[1]}")
show dmsetup create "$MAP" --table "$table"
show dmsetup table "$MAP"
show dmsetup status "$MAP"
if [ -b "$MAPDEV" ] && mp_path_is "$MAP" "${E2E_DEV[0]}" A && mp_path_is "$MAP" "${E2E_DEV[1]}" A; then
	result_pass topology
else
	result_fail topology "no $MAPDEV with two active paths"
	e2e_fail_rest "no map"
	e2e_finish
	exit 1
fi
DMNAME=$(mp_blkname "$MAP")

section "fio: ${FIO_MB} MiB of 4k random writes with crc32c checksums"
fio "${fio_job[@]}" --do_verify=1 --output="$E2E_TMP/fio.txt" &
FIO_PID=$!
_watch 120 $((FIO_MB * 256 / 4))

section "Cut path 1 (${E2E_SD[0]}, the ALUA active/optimized one) while fio runs"
show_sh "echo offline > /sys/block/${E2E_SD[0]}/device/state"
_watch 4 0
say "kernel: $(dmesg | grep -E "Failing path ${E2E_DEV[0]}([^0-9]|$)" | tail -n 1)"
show dmsetup status "$MAP"
say "I/O goes on through path 2 only:"
_watch 600 0
rc=0
wait "$FIO_PID" || rc=$?
say "fio finished (exit $rc); its own read-back verification:"
grep -E 'err=|^ *(read|write):' "$E2E_TMP/fio.txt" | sed 's/^ */    /'
if [ "$rc" -eq 0 ] && fio_ok "$E2E_TMP/fio.txt" && mp_path_is "$MAP" "${E2E_DEV[0]}" F; then
	say "=> no I/O error reached fio, no checksum mismatch"
	result_pass io-survives-path-loss
else
	result_fail io-survives-path-loss "fio exit $rc or path 1 not failed"
fi

section "Path 1 comes back: reinstate it"
show_sh "echo running > /sys/block/${E2E_SD[0]}/device/state"
show dmsetup message "$MAP" 0 reinstate_path "${E2E_DEV[0]}"
wait_until 10 0.1 mp_path_is "$MAP" "${E2E_DEV[0]}" A
show dmsetup status "$MAP"
b0=$(blk_ios "${E2E_SD[0]}") b1=$(blk_ios "${E2E_SD[1]}")
fio --name=both --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k --iodepth=16 \
	--rw=randread --size="${FIO_MB}M" --io_size=8M --eta=never --output=/dev/null
d0=$(($(blk_ios "${E2E_SD[0]}") - b0)) d1=$(($(blk_ios "${E2E_SD[1]}") - b1))
say "a short read load is spread again: ${E2E_SD[0]} +$d0 I/Os, ${E2E_SD[1]} +$d1 I/Os"
if mp_path_is "$MAP" "${E2E_DEV[0]}" A && [ "$d0" -gt 100 ] && [ "$d1" -gt 100 ]; then
	result_pass path-reinstated
else
	result_fail path-reinstated "path 1 not active or not used"
fi

section "Final check: read back and verify every block written"
rc=0
fio "${fio_job[@]}" --verify_only=1 --output="$E2E_TMP/fio-verify.txt" || rc=$?
grep -E 'err=|^ *read:' "$E2E_TMP/fio-verify.txt" | sed 's/^ */    /'
if [ "$rc" -eq 0 ] && fio_ok "$E2E_TMP/fio-verify.txt"; then
	say "=> all ${FIO_MB} MiB verified"
	result_pass data-verified
else
	result_fail data-verified "verify_only pass failed (exit $rc)"
fi

section "Clean up"
show dmsetup remove "$MAP"
mp_unload_module >/dev/null || say "warning: could not unload $(mp_module)"
iscsi_teardown || say "warning: iSCSI teardown incomplete"
e2e_finish
