#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Self-test of scripts/hotpath-check.py: it must pass a clean hot path and
# catch each way the per-I/O path could lock or allocate unseen (fixtures
# in scripts/tests/hotpath/, compiled with the host's gcc -O2):
#
#   kmalloc_trace  a fixed-size kzalloc() as 6.1 compiles it
#   queue_work     a call the old deny list did not name (queue_work_on)
#   cold           a lock under unlikely(), in GCC's .text.unlikely part
#   selector       a selector op, found through its *_selector table
#   unreadable     an object that cannot be read: a failure, not a pass
#
# One "PASS hotpath-selftest <case>" or "FAIL ..." line per case; exits
# non-zero if any case fails.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
check=$here/../hotpath-check.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

result() {
	if [ "$2" = ok ]; then
		echo "PASS hotpath-selftest $1"
	else
		echo "FAIL hotpath-selftest $1: $2"
		failed=1
	fi
}

# case expected-rc expected-text
run_case() {
	local name=$1 want_rc=$2 want=$3 out rc
	if ! gcc -O2 -c -fno-asynchronous-unwind-tables -fcf-protection=none \
	     -fno-stack-protector -o "$tmp/$name.o" "$here/hotpath/$name.c" 2>"$tmp/$name.err"; then
		result "$name" "does not compile: $(head -n 3 "$tmp/$name.err")"
		return
	fi
	out=$("$check" "$tmp/$name.o" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		result "$name" "exit $rc, want $want_rc: $(echo "$out" | tr '\n' ' ')"
	elif ! grep -qF -- "$want" <<<"$out"; then
		result "$name" "'$want' not in: $(echo "$out" | tr '\n' ' ')"
	else
		result "$name" ok
	fi
}

run_case clean 0 "PASS hot path rr_select_path"
run_case kmalloc_trace 1 "mpath2_map -> kmalloc_trace"
run_case queue_work 1 "mpath2_end_io -> queue_work_on"
run_case cold 1 "mpath2_map -> mpath2_map.cold -> rare -> _raw_spin_lock"
run_case selector 1 "qx_select_path -> mod_timer"

out=$("$check" "$tmp/no-such-object.o" 2>&1)
rc=$?
if [ "$rc" -eq 0 ] || ! grep -q '^FAIL ' <<<"$out"; then
	result unreadable "exit $rc: $out"
else
	result unreadable ok
fi
exit "$failed"
