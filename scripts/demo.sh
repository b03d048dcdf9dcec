#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mpath2's narrated demo (`make demo`): boots the qemu guest and runs
# tests/e2e/seed-demo.sh there, streaming its console: the seed topology (a
# host with two NICs, an array with two portals in its own network
# namespace, four iSCSI sessions to one LUN, ALUA port groups), the map
# from `mpath2ctl discover` (`mpath2ctl show`) and `mpath2ctl daemon`,
# fio writing with crc32c verification, NIC1 cut (two paths fail, I/O goes
# on), NIC1 back (the daemon reinstates the paths, failback to the
# optimized path), the array moving its optimized port group (I/O
# follows), and a final read-back verification. Ends with
# "DEMO: PASS (n/n checks passed)" or "DEMO: FAIL"; exit status 0 only on
# PASS. Leaves nothing running (the guest powers off; an interrupted run
# kills it).
#
# Usage: scripts/demo.sh [run.sh options, e.g. --vcpus 1]
# Needs kmod/dm-mpath2.ko built for the guest kernel and tools/mpath2ctl
# (`make demo` builds both):
#   make modules KERNELRELEASE=$(scripts/guest/kernel.sh) && make tools
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
script=$top/tests/e2e/seed-demo.sh
out=$(mktemp)
trap 'rm -f "$out"' EXIT

rc=0
"$top/scripts/guest/run.sh" --timeout 600 "$@" "$script" | tee "$out" || rc=$?

# Every scenario the demo declares must have passed.
want=$(sed -n 's/^# demo-scenarios://p' "$script" | wc -w)
# (Results appear twice: live on the console and in run.sh's summary.)
got=$(tr -d '\r' <"$out" | grep '^E2E-RESULT: PASS ' | sort -u | wc -l)
echo
if [ "$rc" -eq 0 ] && [ "$got" -eq "$want" ] && ! grep -q '^E2E-RESULT: FAIL' "$out"; then
	echo "DEMO: PASS ($got/$want checks passed)"
	exit 0
fi
tr -d '\r' <"$out" | grep '^E2E-RESULT: FAIL\|^RUN-VERDICT: FAIL' | sort -u | sed 's/^/  /' || true
echo "DEMO: FAIL ($got/$want checks passed)"
exit 1
