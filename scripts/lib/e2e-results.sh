# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# How scripts/guest/e2e.sh judges one group from run.sh's output (its own
# lines, the console tail removed). Sourced by e2e.sh and by
# scripts/tests/harness-selftest.sh, which feeds it synthetic output.
# The caller defines report PASS|FAIL NAME [REASON].

# e2e_verdict RESFILE GROUP NAME: one report for scenario NAME. Every
# result line of the scenario counts: exactly one PASS is a PASS; none, a
# FAIL, or more than one result (PASS then FAIL, twice PASS) is a FAIL.
e2e_verdict() {
	local res=$1 group=$2 name=$3 lines n reason
	lines=$(grep -E "^E2E-RESULT: (PASS|FAIL) $name(:|$)" "$res" || true)
	n=$(grep -c . <<<"$lines" || true)
	if [ "$n" -eq 0 ]; then
		report FAIL "$group/$name" "no result (guest died, hung or the script stopped)"
	elif [ "$n" -gt 1 ]; then
		report FAIL "$group/$name" "$n results ($(sed -E 's/^E2E-RESULT: (PASS|FAIL) [^:]*(: )?/\1\2/' <<<"$lines" | paste -sd ';'))"
	elif [ "$lines" = "E2E-RESULT: PASS $name" ]; then
		report PASS "$group/$name"
	else
		reason=${lines#*"$name"}
		reason=${reason#: }
		report FAIL "$group/$name" "${reason:-failed}"
	fi
}

# e2e_results RESFILE GROUP DECLARED...: a report for every declared
# scenario, then for every other scenario that printed a result.
e2e_results() {
	local res=$1 group=$2 name
	shift 2
	local -A seen=()
	for name in "$@"; do
		[ -n "${seen[$name]:-}" ] && continue
		seen[$name]=1
		e2e_verdict "$res" "$group" "$name"
	done
	while read -r name; do
		[ -n "${seen[$name]:-}" ] && continue
		seen[$name]=1
		e2e_verdict "$res" "$group" "$name"
	done < <(sed -n 's/^E2E-RESULT: \(PASS\|FAIL\) \([^: ]*\).*/\2/p' "$res")
}

# e2e_guest RESFILE GROUP RC: the "<group>/guest" report. Every reason
# run.sh gave counts, its own count of failed scenarios and the script's
# exit status included (the second witness of a failure, never dropped).
e2e_guest() {
	local res=$1 group=$2 rc=$3 reasons
	reasons=$(sed -n "s/^RUN-VERDICT: FAIL $group: //p" "$res")
	if [ "$rc" -ne 0 ] && ! grep -q '^RUN-VERDICT:' "$res"; then
		reasons="run.sh failed (status $rc) before a verdict"
	fi
	if [ -z "$reasons" ]; then
		report PASS "$group/guest"
	else
		report FAIL "$group/guest" "$(paste -sd ';' <<<"$reasons")"
	fi
}
