#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mpath2's end-to-end tests (`make e2e`): boots the qemu guest once per
# scenario group (a script in tests/e2e/ with "# e2e-scenarios:" header
# lines) and reports every declared scenario:
#
#   PASS <group>/<scenario>
#   FAIL <group>/<scenario>: <reason>
#   ...
#   E2E: N passed, N failed
#
# A declared scenario with no result (the guest died, hung or the script
# stopped early) or with more than one (PASS then FAIL) is a FAIL. Each
# group also gets a "<group>/guest" line for the guest-level checks: it
# booted, the script ran to its end and exited 0, no scenario failed, no
# timeout, and the kernel log has no WARNING/BUG/oops/panic/hung task/call
# trace (every reason run.sh gives is kept). The judging is in
# scripts/lib/e2e-results.sh (self-test: scripts/tests/harness-selftest.sh).
# Exit status 0 only if everything passed.
#
# Usage: e2e.sh [--jobs N] [--vcpus N] [--timeout S] [--kver K] [GROUP_SCRIPT...]
# (default: every tests/e2e/*.sh that declares scenarios). --jobs N (or
# E2E_JOBS) boots up to N guests at once, one group each; results are
# still reported group by group in the order given. The module must
# be built first: make modules KERNELRELEASE=<guest kver>. E2E_* variables
# pass through to the guest (E2E_TARGET=multipath: in-tree reference).
# A group that needs a number of vCPUs declares it in a header line
# "# e2e-vcpus: N", which takes precedence over --vcpus for that group;
# one that may take longer than run.sh's 600 s, "# e2e-timeout: S".
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
die() { echo "$prog: $*" >&2; exit 2; }
# shellcheck source=scripts/lib/e2e-results.sh
. "$top/scripts/lib/e2e-results.sh"

run_opts=()
kver=""
jobs=${E2E_JOBS:-1}
while [ $# -gt 0 ]; do
	case $1 in
	--jobs) jobs=${2:?--jobs needs a value}; shift 2 ;;
	--vcpus|--timeout) run_opts+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
	--kver) kver=${2:?--kver needs a value}; shift 2 ;;
	-h|--help) sed -n '4,30s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option $1 (try --help)" ;;
	*) break ;;
	esac
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs takes a positive integer"

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
	# Every group; those that declare a longer timeout (the longest
	# runs) first, so that with --jobs N they do not start last and
	# finish alone.
	for f in "$top"/tests/e2e/*.sh; do
		grep -qE '^# e2e-scenarios:' "$f" && grep -qE '^# e2e-timeout:' "$f" &&
			groups+=("$f")
	done
	for f in "$top"/tests/e2e/*.sh; do
		grep -qE '^# e2e-scenarios:' "$f" && ! grep -qE '^# e2e-timeout:' "$f" &&
			groups+=("$f")
	done
fi
[ ${#groups[@]} -gt 0 ] || die "no scenario groups found in tests/e2e/"

planned() { # SCRIPT -> declared scenario names, one per line
	sed -n 's/^# e2e-scenarios://p' "$1" | tr -s ' \t' '\n' | sed '/^$/d'
}

npass=0 nfail=0
failed_lines=()
report() { # PASS|FAIL NAME [REASON]
	if [ "$1" = PASS ]; then
		npass=$((npass + 1))
		echo "PASS $2"
	else
		nfail=$((nfail + 1))
		echo "FAIL $2${3:+: $3}"
		failed_lines+=("FAIL $2${3:+: $3}")
	fi
}

# The guest cannot run at all: every declared scenario of every group, and
# its <group>/guest line, fails (one failure would hide the rest).
not_run() { # REASON
	local script group name
	for script in "${groups[@]}"; do
		group=${script##*/}
		group=${group%.sh}
		while read -r name; do
			report FAIL "$group/$name" "not run: $1"
		done < <(planned "$script" 2>/dev/null)
		report FAIL "$group/guest" "not run: $1"
	done
	echo "E2E: not run, $npass passed, $nfail failed"
	exit 2
}

t0=$(date +%s.%N)
kver=$("$here/kernel.sh" ${kver:+"$kver"}) || not_run "the guest kernel release could not be resolved"
# The module must be built for the guest kernel (run.sh says how if not).
"$here/run.sh" --check --kver "$kver" || not_run "the guest kernel or the module is not ready (run.sh --check)"
"$here/initramfs.sh" base --kver "$kver" >/dev/null || not_run "the guest initramfs could not be built"
echo "E2E: guest kernel $kver, target ${E2E_TARGET:-mpath2}, ${#groups[@]} group(s)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_group I: boot the guest for group I in the background; its output
# goes to $work/I.out, then its exit status to I.rc and its time to I.sec
# (I.rc appears last: the group is over once it exists).
run_group() {
	local i=$1 script=${groups[$1]} vcpus tmo g0 rc=0
	local -a group_opts=()
	# "# e2e-vcpus: N", "# e2e-timeout: S" (after run_opts: they win).
	vcpus=$(sed -n 's/^# e2e-vcpus:[[:space:]]*\([1-9][0-9]*\)[[:space:]]*$/\1/p' "$script" | head -n 1)
	[ -z "$vcpus" ] || group_opts+=(--vcpus "$vcpus")
	tmo=$(sed -n 's/^# e2e-timeout:[[:space:]]*\([1-9][0-9]*\)[[:space:]]*$/\1/p' "$script" | head -n 1)
	[ -z "$tmo" ] || group_opts+=(--timeout "$tmo")
	echo "== $(basename "$script" .sh): booting the guest${vcpus:+ ($vcpus vCPUs)}"
	g0=$(date +%s.%N)
	"$here/run.sh" --quiet --kver "$kver" ${run_opts[@]+"${run_opts[@]}"} \
		${group_opts[@]+"${group_opts[@]}"} "$script" >"$work/$i.out" || rc=$?
	awk -v a="$g0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }' >"$work/$i.sec"
	echo "$rc" >"$work/$i.rc"
}

# judge I: report group I's scenarios and guest checks.
judge() {
	local i=$1 script=${groups[$1]} group rc gsec out=$work/$1.out
	group=${script##*/}
	group=${group%.sh}
	rc=$(cat "$work/$i.rc")
	gsec=$(cat "$work/$i.sec")
	# Parse only run.sh's own lines, not the console tail it shows on failure.
	sed '/^---- tail of the guest console/,/^---- end of tail ----/d' "$out" >"$out.res"

	mapfile -t declared < <(planned "$script")
	e2e_results "$out.res" "$group" ${declared[@]+"${declared[@]}"}
	e2e_guest "$out.res" "$group" "$rc"
	grep -E '^(E2E-TIME|RUN-TIME):' "$out.res" | sed "s/^/   $group: /" || true
	if [ "$rc" -ne 0 ]; then
		sed -n '/^RUN-KERNEL-LOG:/p; /^---- tail of the guest console/,/^---- end of tail ----/p' "$out" |
			sed "s/^/   | /"
		grep '^RUN-LOG:' "$out.res" | sed "s/^/   /" || true
	fi
	echo "== $group: done in ${gsec}s"
}

for script in "${groups[@]}"; do
	[ -f "$script" ] || die "no such group script: $script"
done
[ "$jobs" -eq 1 ] || echo "E2E: up to $jobs guests at once"
# Start groups while fewer than $jobs run; report them in order.
started=0 reported=0
while [ "$reported" -lt ${#groups[@]} ]; do
	while [ "$started" -lt ${#groups[@]} ] &&
		[ $((started - $(find "$work" -name '*.rc' | wc -l))) -lt "$jobs" ]; do
		run_group "$started" &
		started=$((started + 1))
	done
	if [ -e "$work/$reported.rc" ]; then
		judge "$reported"
		reported=$((reported + 1))
	else
		sleep 1
	fi
done
wait

wall=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if [ "$nfail" -gt 0 ]; then
	# Indented: only the lines above count (scripts/test.sh counts FAIL
	# lines that start a line), this recap must not count them twice.
	echo "== failures:"
	printf '  %s\n' "${failed_lines[@]}"
fi
echo "E2E: $npass passed, $nfail failed (${wall}s)"
[ "$nfail" -eq 0 ]
