#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The soak run (`make soak DURATION=<secs>`, not part of `make test`): for
# E2E_SOAK_S seconds, fio with four jobs writes with crc32c verification
# (verify_backlog: checked as it goes) while one path at a time is cut
# (its sd set offline) and restored after a random 0.5-3 s, then
# reinstated. The map queues if both paths are ever gone (no_path_timeout
# 30 bounds it). Prints operations, path events and error counts; passes
# only with zero I/O errors and zero verify failures.
#
# demo-scenarios: soak
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DURATION=${E2E_SOAK_S:-600}
MAP=soak
MAPDEV=/dev/mapper/$MAP
OUT=$E2E_TMP/fio-soak.txt

# A random number of centiseconds in [$1, $2].
rand_cs() { echo $(($1 + RANDOM % ($2 - $1 + 1))); }
sleep_cs() { sleep "$(($1 / 100)).$(printf '%02d' $(($1 % 100)))"; }

e2e_plan
if ! iscsi_setup || ! modprobe dm-mpath2; then
	result_fail soak "no iSCSI paths or no module"
	e2e_finish
	exit 1
fi
e2e_run dmsetup create "$MAP" --table "0 $E2E_SECTORS mpath2 3 queue_if_no_path no_path_timeout 30 0 1 1 service-time 0 2 2 ${E2E_DEV[0]} 1 1 ${E2E_DEV[1]} 1 1"
wait_until 5 0.1 test -b "$MAPDEV"

e2e_log "soak: ${DURATION}s, fio 4 jobs randwrite + crc32c verify_backlog, one path cut at a time"
fio --name=soak --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k \
	--iodepth=8 --numjobs=4 --size=32M --offset_increment=32M \
	--rw=randwrite --verify=crc32c --verify_backlog=256 --verify_fatal=1 \
	--time_based --runtime="$DURATION" --group_reporting --eta=never \
	--output="$OUT" &
FIO=$!

cuts=0 t0=$(e2e_now_cs)
while kill -0 "$FIO" 2>/dev/null; do
	i=$((RANDOM % 2))
	sd_set_state "${E2E_SD[i]}" offline >/dev/null
	cuts=$((cuts + 1))
	sleep_cs "$(rand_cs 50 300)"
	sd_set_state "${E2E_SD[i]}" running >/dev/null
	dmsetup message "$MAP" 0 reinstate_path "${E2E_DEV[i]}" 2>/dev/null
	sleep_cs "$(rand_cs 50 300)"
	if [ $((cuts % 20)) -eq 0 ]; then
		e2e_log "soak: $(e2e_since "$t0")s, $cuts cuts; $(dmsetup status "$MAP" | cut -d' ' -f4-)"
	fi
done
wait "$FIO"
rc=$?
for i in 0 1; do
	sd_set_state "${E2E_SD[i]}" running >/dev/null
	dmsetup message "$MAP" 0 reinstate_path "${E2E_DEV[i]}" 2>/dev/null
done

fails=$(dmesg | grep -c 'mpath2: .*Failing path')
reinstates=$(dmesg | grep -c 'mpath2: .*Reinstating path')
e2e_log "fio exit $rc: $(fio_summary "$OUT")"
dmsetup message "$MAP" 0 path_stats | sed 's/^/  path_stats: /'
e2e_figure "soak ${DURATION}s: $cuts path cuts, $fails path failures and $reinstates reinstatements seen by mpath2, fio exit $rc"
if [ "$rc" -eq 0 ] && fio_ok "$OUT"; then
	result_pass soak
else
	sed 's/^/  fio: /' "$OUT" | tail -n 20
	result_fail soak "fio reported errors or verify failures (exit $rc)"
fi
dmsetup remove "$MAP"
e2e_finish
