#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make soak DURATION=<secs> [SOAK_TOPOLOGY=two-path|seed|suspend]` (default
# 600 s, two-path): paths cut and restored at random under fio verify for
# the duration, in the guest (2 vCPUs). two-path: tests/e2e/soak-two-path.sh (two
# loopback iSCSI paths, one sd set offline at a time); seed:
# tests/e2e/soak-seed.sh (2 NICs x 2 portals, discover + daemon; NICs,
# portals and single sessions cut); suspend: tests/e2e/suspend-stress.sh
# (the `make test` group, 60 s there) for the duration: flush/noflush
# suspends, reloads, fail/reinstate, switch_group and ALUA moves on the
# array at random with the alua handler. Ends with the guest's verdict;
# only the 60 s suspend stress is part of `make test`. Then, whatever the
# topology, what `make test` leaves to soak (docs/HACKING.md's budget):
# the impolite-array scenarios with scsi_dh_alua attached
# (tests/e2e/alua-impolite-dh.sh) and the boot test's reboot cycle
# (tests/boot/boot.sh --mode soak).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-600}
topology=${2:-${SOAK_TOPOLOGY:-two-path}}
if ! [[ $duration =~ ^[0-9]+$ ]] || [ "$duration" -lt 10 ]; then
	echo "soak: DURATION must be a number of seconds >= 10" >&2
	exit 2
fi
case $topology in
two-path) script=soak-two-path.sh ;;
seed) script=soak-seed.sh ;;
suspend) script=suspend-stress.sh ;;
*) echo "soak: SOAK_TOPOLOGY must be two-path, seed or suspend" >&2; exit 2 ;;
esac
rc=0
E2E_SOAK_S=$duration E2E_STRESS_S=$duration "$top/scripts/guest/run.sh" --vcpus 2 \
	--timeout $((duration + 300)) "$top/tests/e2e/$script" || rc=$?
"$top/scripts/guest/run.sh" --vcpus 2 "$top/tests/e2e/alua-impolite-dh.sh" || rc=$?
# Then the boot test's reboot cycle: the Debian image boots from its
# mpath2 root, `systemctl reboot`, boots again with the same map names
# (bindings) and its VG, then the faults of make test's boot stage.
"$top/tests/boot/boot.sh" --mode soak || rc=1
exit $rc
