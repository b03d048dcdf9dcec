#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The guest smoke test on every supported kernel series. For each suite
# (scripts/lib/kernels.sh: bookworm 6.1, bookworm-backports 6.12, sid 7.x):
# build the module for that suite's kernel as scripts/check-kernels.sh does
# (sid's in the sid chroot), boot Debian's own kernel of that suite in the
# qemu guest (scripts/guest/kernel.sh downloads and unpacks it, never
# installs it) with that module, and run one e2e group, tests/e2e/failover.sh
# by default (a map over two iSCSI paths, a path cut under fio verify,
# reinstatement, all paths down, unload). The guest's userspace comes from
# this machine, its kernel modules from the suite's image. One line per
# kernel:
#
#   PASS smoke <suite> (<kver>): <group> N scenarios passed, S s
#   FAIL smoke <suite> (<kver>): <reason>
#
# each followed by indented details (failed scenarios, timings, logs).
#
# Usage: smoke-kernels.sh [--vcpus N] [--group SCRIPT] [SUITE...]
#   (default: every suite; e2e.sh's full log per suite is kept in
#   ${MPATH2_CACHE:-~/.cache/mpath2}/check-kernels/<suite>/smoke.log)
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/kernels.sh
. "$here/../lib/kernels.sh"

group=$K_TOP/tests/e2e/failover.sh
e2e_opts=() suites=()
while [ $# -gt 0 ]; do
	case $1 in
	--vcpus) e2e_opts+=(--vcpus "${2:?--vcpus needs a value}"); shift 2 ;;
	--group) group=${2:?--group needs a value}; shift 2 ;;
	-h|--help) sed -n '4,23s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "$prog: unknown option $1 (try --help)" >&2; exit 2 ;;
	*) suites+=("$1"); shift ;;
	esac
done
all=$(k_suites)
[ ${#suites[@]} -gt 0 ] || read -r -a suites <<<"$all"
for s in "${suites[@]}"; do
	[[ " $all " = *" $s "* ]] || { echo "$prog: unknown suite '$s' (known: $all)" >&2; exit 2; }
done
[ -f "$group" ] || { echo "$prog: no such e2e group: $group" >&2; exit 2; }
gname=${group##*/}
gname=${gname%.sh}

npass=0 nfail=0
# Module builds share check-kernels.sh's directories: one run at a time.
mkdir -p "$K_CACHE/check-kernels"
exec {lock}>"$K_CACHE/check-kernels/.lock"
flock "$lock"

smoke() {
	local suite=$1 t0=$SECONDS what log rc=0 summary
	local guest_env=()
	if ! k_setup "$suite" 2>"$K_CACHE/check-kernels/$suite.setup.log"; then
		echo "FAIL smoke $suite: no headers: $(tail -n 1 "$K_CACHE/check-kernels/$suite.setup.log")"
		return 1
	fi
	what="$suite ($K_KVER)"
	if ! k_build "$suite"; then
		echo "FAIL smoke $what: module build failed (see $K_LOG)"
		return 1
	fi

	# Where kernel.sh finds the image of the same release as the headers.
	case $suite in
	# Debian's 7.x kernel, booted with two vCPUs on multi-threaded
	# TCG, now and then takes an int3 oops in early boot (a static key
	# being patched in sched_clock_cpu, before any module is loaded):
	# its batched text poking races with how multi-threaded TCG
	# invalidates translated code on another vCPU. One host thread
	# for both vCPUs keeps the guest SMP and removes the race.
	sid) guest_env=(MPATH2_GUEST_CHROOT="$SID_ROOT" MPATH2_TCG_THREAD=single) ;;
	"$(k_codename)") ;;
	*) guest_env=(MPATH2_GUEST_RELEASE="$suite") ;;
	esac
	log=$K_OUT/smoke.log
	env "${guest_env[@]}" MPATH2_GUEST_KO="$K_KO" \
		"$here/e2e.sh" --kver "$K_KVER" ${e2e_opts[@]+"${e2e_opts[@]}"} "$group" >"$log" 2>&1 || rc=$?
	summary=$(grep -E '^E2E: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
	if [ $rc = 0 ] && [ -n "$summary" ]; then
		echo "PASS smoke $what: $gname $(sed -E 's/^E2E: ([0-9]+) passed.*/\1/' <<<"$summary") scenarios passed, $((SECONDS - t0)) s"
	else
		echo "FAIL smoke $what: ${summary:-e2e.sh exited $rc without a summary}, $((SECONDS - t0)) s"
		grep -E '^FAIL ' "$log" | sed 's/^/   /' || tail -n 15 "$log" | sed 's/^/   | /'
		echo "   log: $log"
		return 1
	fi
	grep -E '(RUN-TIME|E2E-TIME):' "$log" | sed -E 's/^ *//; s/^/   /' || true
}

for suite in "${suites[@]}"; do
	if smoke "$suite"; then
		npass=$((npass + 1))
	else
		nfail=$((nfail + 1))
	fi
done
echo "smoke-kernels: $npass passed, $nfail failed, $SECONDS s"
[ $nfail -eq 0 ]
