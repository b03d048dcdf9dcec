#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Self-test of the harness's own checkers on synthetic input (no kernel,
# no guest, well under a second): each case is a log the checker used to
# pass or must pass, and the verdict it must give now. Prints one
# "PASS harness <case>" / "FAIL harness <case>: ..." line per case (make
# test counts them); exits non-zero if any case failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib/e2e-results.sh
. "$top/scripts/lib/e2e-results.sh"
# shellcheck source=scripts/lib/kernlog.sh
. "$top/scripts/lib/kernlog.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfail=0
ok() { echo "PASS harness $1"; }
bad() { nfail=$((nfail + 1)); echo "FAIL harness $1: $2"; }
expect() { # CASE WANT GOT
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'"; fi
}

# --- scripts/lib/e2e-results.sh: one group's run.sh output -----------------
report() { echo "$1 $2${3:+: $3}"; }
verdicts() { sed 's/: .*//' | paste -sd ';'; }	# the lines without reasons
res=$tmp/e2e.res
# A scenario that reported PASS, then FAIL: a FAIL (it used to count as PASS).
printf '%s\n' 'E2E-RESULT: PASS a' 'E2E-RESULT: PASS b' 'E2E-RESULT: FAIL b: late' \
	'E2E-EXIT: 1' 'RUN-VERDICT: FAIL g: test script exited with status 1' \
	'RUN-VERDICT: FAIL g: 1 scenario(s) failed' >"$res"
expect "e2e PASS then FAIL is FAIL" "PASS g/a;FAIL g/b" \
	"$(e2e_results "$res" g a b | verdicts)"
# The same result twice is not a PASS either.
printf '%s\n' 'E2E-RESULT: PASS a' 'E2E-RESULT: PASS a' >"$res"
expect "e2e two PASS is FAIL" "FAIL g/a" "$(e2e_results "$res" g a | verdicts)"
# A declared scenario without a result fails; an undeclared one counts.
printf '%s\n' 'E2E-RESULT: PASS x' >"$res"
expect "e2e missing and undeclared" "FAIL g/a;PASS g/x" \
	"$(e2e_results "$res" g a | verdicts)"
# run.sh's reasons are all kept, even when a scenario FAIL explains them.
printf '%s\n' 'E2E-RESULT: FAIL a: x' 'RUN-VERDICT: FAIL g: test script exited with status 1' \
	'RUN-VERDICT: FAIL g: 1 scenario(s) failed' >"$res"
got=$(e2e_guest "$res" g 1)
case $got in
"FAIL g/guest: "*"exited with status 1"*"1 scenario(s) failed") ok "e2e guest keeps every reason" ;;
*) bad "e2e guest keeps every reason" "got '$got'" ;;
esac
printf '%s\n' 'E2E-RESULT: PASS a' 'RUN-VERDICT: PASS g (1 scenario(s) passed)' >"$res"
expect "e2e clean group" "PASS g/a;PASS g/guest" \
	"$( { e2e_results "$res" g a; e2e_guest "$res" g 0; } | verdicts)"

# --- scripts/lib/kernlog.sh: the kernel log of a KUnit run -----------------
# scan CASE WANT: kernlog_scan on $log must give verdict WANT (PASS|FAIL).
scan() {
	local got
	got=$(kernlog_scan "$log" selftest | tail -n 1)
	if kernlog_scan "$log" selftest >/dev/null; then
		[ "${got%% *}" = PASS ] || got="returned 0 after: $got"
	else
		[ "${got%% *}" = FAIL ] || got="returned 1 after: $got"
	fi
	expect "$1" "$2" "${got%% *}"
}
log=$tmp/test.log
ktap='KTAP version 1
1..1
    KTAP version 1
    # Subtest: mpath2_x
    1..1
    ok 1 mpath2_x_case
ok 1 mpath2_x'
# The tests never started (kunit.py died, or the header never matched): it
# used to PASS with nothing scanned.
printf '%s
' 'Linux version 6.1' 'WARNING: something before the tests' >"$log"
scan "kernlog no TAP header is FAIL" FAIL
: >"$log"
scan "kernlog empty log is FAIL" FAIL
rm -f "$log"
scan "kernlog missing log is FAIL" FAIL
# A report in the tests' log, one kind at a time.
while IFS= read -r report; do
	printf '%s\n' 'Linux version 6.1' "$ktap" "$report" >"$log"
	scan "kernlog finds '$report'" FAIL
done <<'REPORTS'
Call Trace:
INFO: task kworker/0:1:12 blocked for more than 120 seconds.
Kernel panic - not syncing: hung task: blocked tasks
rcu: INFO: rcu_sched self-detected stall on CPU
RCU stall detected
WARNING: CPU: 0 PID: 1 at kmod/x.c:1 f+0x1/0x2
BUG: KASAN: slab-use-after-free in f+0x1/0x2
REPORTS
# With a prefix (a timestamp), as kunit.py accepts it.
printf '%s\n' '[    0.500000] TAP version 14' 'ok 1 x' >"$log"
scan "kernlog TAP after a prefix is PASS" PASS
# Clean: warnings before the tests started do not count.
printf '%s\n' 'WARNING: virtio PCI emulation at boot' "$ktap" >"$log"
scan "kernlog clean log is PASS" PASS

[ "$nfail" -eq 0 ]
