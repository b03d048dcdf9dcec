# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# Scenario results: the plan a script declares, one PASS/FAIL
# marker per scenario for the host, the kernel-log check and the end.
# Sourced by tests/e2e/lib.sh.

declare -A E2E_REPORTED=()
E2E_PLANNED=()
E2E_FAILED=0
E2E_PASSED=0

# The scenarios this script declares, in order.
e2e_plan() {
	local line
	E2E_PLANNED=()
	while IFS= read -r line; do
		# shellcheck disable=SC2206 # word splitting wanted
		E2E_PLANNED+=(${line#*:})
	done < <(grep -E '^# (e2e|demo|soak)-scenarios:' "$E2E_SCRIPT")
	e2e_marker "E2E-PLAN: ${E2E_PLANNED[*]}"
}

_e2e_check_name() {
	local n
	for n in "${E2E_PLANNED[@]}"; do
		[ "$n" = "$1" ] && return 0
	done
	e2e_log "warning: scenario '$1' is not declared in '# e2e-scenarios:'"
}

result_pass() {
	_e2e_check_name "$1"
	E2E_REPORTED[$1]=pass
	E2E_PASSED=$((E2E_PASSED + 1))
	e2e_marker "E2E-RESULT: PASS $1"
}

result_fail() {
	local name=$1
	shift
	_e2e_check_name "$name"
	E2E_REPORTED[$name]=fail
	E2E_FAILED=$((E2E_FAILED + 1))
	e2e_marker "E2E-RESULT: FAIL $name: ${*:-failed}"
}

# result NAME REASON CMD...: PASS if CMD succeeds, else FAIL with REASON.
result() {
	local name=$1 reason=$2
	shift 2
	if "$@"; then
		result_pass "$name"
	else
		result_fail "$name" "$reason"
	fi
}

e2e_reported() { [ -n "${E2E_REPORTED[$1]:-}" ]; }

e2e_passed() { [ "${E2E_REPORTED[$1]:-}" = pass ]; }

# Fail every declared scenario that has not reported yet (after a fatal
# error), except those named in E2E_KEEP (run later regardless).
e2e_fail_rest() {
	local reason=$1 n keep
	for n in "${E2E_PLANNED[@]}"; do
		e2e_reported "$n" && continue
		for keep in ${E2E_KEEP:-}; do
			[ "$n" = "$keep" ] && continue 2
		done
		result_fail "$n" "$reason"
	done
}

# Kernel log problems: WARN, BUG, oops, lockdep, hung tasks...
E2E_KLOG_BAD='WARNING:|BUG:|Oops|Call Trace|general protection|Kernel panic|blocked for more than|INFO: task|possible circular locking|UBSAN|KASAN|kmemleak'

e2e_check_kernel_log() {
	local bad
	bad=$(dmesg | grep -E "$E2E_KLOG_BAD" | head -n 5)
	if [ -z "$bad" ]; then
		result_pass kernel-log-clean
	else
		result_fail kernel-log-clean "$(printf '%s' "$bad" | head -n 1)"
	fi
}

# End of a test script: the kernel-log scenario if declared, FAIL for
# anything never reported, a summary. Returns non-zero on any failure.
e2e_finish() {
	local n
	for n in "${E2E_PLANNED[@]}"; do
		if [ "$n" = kernel-log-clean ] && ! e2e_reported "$n"; then
			e2e_check_kernel_log
		fi
	done
	for n in "${E2E_PLANNED[@]}"; do
		e2e_reported "$n" || result_fail "$n" "not run"
	done
	e2e_marker "E2E-SUMMARY: $E2E_NAME $E2E_PASSED passed, $E2E_FAILED failed"
	[ "$E2E_FAILED" -eq 0 ]
}

# result_end NAME WHY: the end of a scenario: PASS if WHY is empty and no
# task is left in D state (waiting up to 10 s), else FAIL with the reason.
result_end() {
	local name=$1 why=$2
	no_d_state_within 10 || why=${why:-$D_TASKS_WHY}
	if [ -z "$why" ]; then
		result_pass "$name"
	else
		result_fail "$name" "$why"
	fi
}
