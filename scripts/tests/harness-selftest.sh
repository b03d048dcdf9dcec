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

[ "$nfail" -eq 0 ]
