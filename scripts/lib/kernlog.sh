# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The kernel-log scan of a KUnit run (scripts/kunit.sh): kunit.py judges
# test results only, so a KASAN, lockdep, WARN, hung task, RCU stall or
# call trace report in the kernel log must fail the run too. Only what
# the kernel printed once the tests started counts (UML's own boot may
# warn about its virtio PCI emulation); a log in which the tests never
# started (no "KTAP version"/"TAP version" line) fails as well: it proves
# nothing. Self-test: scripts/tests/harness-selftest.sh.

kernlog_re='BUG:|WARNING:|KASAN|UBSAN|possible circular locking|inconsistent lock state|possible recursive locking|Kernel panic|general protection|Oops|hung task|blocked for more than|rcu_sched self-detected stall|RCU stall|rcu: INFO|Call Trace'
# The start line as kunit.py finds it (kunit_parser.py: KTAP_START,
# TAP_START): "KTAP version N" or "TAP version N" after any prefix.
kernlog_start_re='K?TAP version [0-9]+$'

# kernlog_scan LOG NAME: prints the report lines found (at most 40) and one
# "PASS|FAIL kunit kernel log (NAME): ..." line; returns 1 on FAIL.
kernlog_scan() {
	local log=$1 name=$2 reports
	if [ ! -f "$log" ]; then
		echo "FAIL kunit kernel log ($name): no kernel log ($log)"
		return 1
	fi
	if ! grep -qE "$kernlog_start_re" "$log"; then
		echo "FAIL kunit kernel log ($name): the tests never started (no KTAP/TAP version line)"
		return 1
	fi
	reports=$(awk -v re="$kernlog_start_re" 'on || $0 ~ re { on = 1; print }' "$log" |
		grep -E "$kernlog_re" || true)
	if [ -n "$reports" ]; then
		head -n 40 <<<"$reports"
		echo "FAIL kunit kernel log ($name): $(wc -l <<<"$reports") report line(s)"
		return 1
	fi
	echo "PASS kunit kernel log ($name): no BUG/WARNING/KASAN/lockdep/hung task/RCU stall/call trace"
}
