#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make check-kernels`: build mpath2 from one source for every supported
# kernel series (scripts/lib/kernels.sh: Debian bookworm's 6.1,
# bookworm-backports' 6.12, sid's 7.x in a sid chroot), with W=1, and
# check the result. Nothing is installed or loaded on this machine's
# kernel. One line per check:
#
#   PASS headers <suite>: <kver> (<kbuild directory>)
#   PASS build <suite> (<kver>): W=1, no warnings
#   PASS vermagic <suite> (<kver>)
#   PASS probes <suite> (<kver>): compat.mk finds a known API, not a missing one
#   PASS hotpath <suite> (<kver>): N roots, no lock, no allocation
#   FAIL <check> <suite>...: <reason>
#
# then scripts/dkms-check.sh's lines for the same kernels, and a summary.
# Exits non-zero if any check fails.
#
# Usage: check-kernels.sh [--refresh] [--no-dkms] [SUITE...]
#   SUITE       bookworm, bookworm-backports, sid (default: all three)
#   --refresh   make the sid chroot again even if it is recent
#   --no-dkms   skip scripts/dkms-check.sh
#
# Build logs: ${MPATH2_CACHE:-~/.cache/mpath2}/check-kernels/<suite>/build.log;
# the modules stay next to them (src/kmod/dm-mpath2.ko) until the next run.
# The first run downloads headers and makes the sid chroot (~75 s on 2
# cores); later runs take ~40 s, the DKMS checks included.
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/kernels.sh
. "$here/lib/kernels.sh"

refresh="" dkms=1 suites=()
while [ $# -gt 0 ]; do
	case $1 in
	--refresh) refresh=--refresh; shift ;;
	--no-dkms) dkms=0; shift ;;
	-h|--help) sed -n '4,29s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "$prog: unknown option $1 (try --help)" >&2; exit 2 ;;
	*) suites+=("$1"); shift ;;
	esac
done
all=$(k_suites)
[ ${#suites[@]} -gt 0 ] || read -r -a suites <<<"$all"
for s in "${suites[@]}"; do
	[[ " $all " = *" $s "* ]] || { echo "$prog: unknown suite '$s' (known: $all)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "$prog: needs root (apt, debootstrap, chroot)" >&2; exit 2; }

npass=0 nfail=0 failures=()
pass() { npass=$((npass + 1)); echo "PASS $*"; }
fail() { nfail=$((nfail + 1)); failures+=("$*"); echo "FAIL $*"; }

# The probe mechanism of kmod/compat.mk against this kernel, with this
# build's flags: a probe of an API every supported kernel has must
# succeed, one of a function no kernel has must fail, and compat.h must
# compile. Flags that broke every probe would otherwise silently select
# every fallback. Prints the reason on failure.
check_probes() {
	local dir=$K_OUT/probe-selftest out
	rm -rf "$dir"
	mkdir -p "$dir"
	cat >"$dir/have.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0-only
		#include <linux/device-mapper.h>

		int mpath2_selftest(struct dm_target *ti, const char *path, struct dm_dev **dev);

		int mpath2_selftest(struct dm_target *ti, const char *path, struct dm_dev **dev)
		{
			return dm_get_device(ti, path, dm_table_get_mode(ti->table), dev);
		}
	EOF
	sed 's/dm_get_device(/mpath2_no_such_function(/' "$dir/have.c" >"$dir/missing.c"
	cat >"$dir/Kbuild" <<-EOF
		include $K_OUT/src/kmod/compat.mk
		\$(info mpath2-probe-selftest: have=\$(call mpath2-probe,$dir/have.c) missing=\$(call mpath2-probe,$dir/missing.c))
	EOF
	out=$(k_run make -C "$K_KDIR" M="$dir" W=1 modules 2>&1) || true
	case $out in
	*"mpath2-probe-selftest: have=y missing=n"*) return 0 ;;
	*"mpath2-probe-selftest: "*) echo "$(grep -o 'mpath2-probe-selftest: .*' <<<"$out"), want have=y missing=n" ;;
	*) echo "kbuild did not evaluate the probes: $(tail -n 2 <<<"$out" | tr '\n' ' ')" ;;
	esac
	return 1
}

# All checks for one suite. Per-suite wall time goes to $times.
times=()
check_suite() {
	local suite=$1 t0=$SECONDS what why vm err
	err=$K_CACHE/check-kernels/$suite.setup.log
	if ! k_setup "$suite" $refresh 2>"$err"; then
		cat "$err" >&2
		fail "headers $suite: $(tail -n 1 "$err")"
		return
	fi
	cat "$err" >&2
	pass "headers $suite: $K_KVER ($([ "$K_WHERE" = sid ] && echo "sid chroot: ")$K_KDIR)"
	what="$suite ($K_KVER)"

	if k_build "$suite"; then
		if k_warnings "$K_LOG" >/dev/null; then
			fail "build $what: W=1 warnings: $(k_warnings "$K_LOG" | head -n 1)"
			k_warnings "$K_LOG" | head -n 20 | sed 's/^/   | /'
		else
			pass "build $what: W=1, no warnings"
		fi
	else
		fail "build $what: make failed: $( (k_warnings "$K_LOG" || tail -n 1 "$K_LOG") | head -n 1)"
		tail -n 20 "$K_LOG" | sed 's/^/   | /'
	fi

	if [ -e "$K_KO" ]; then
		vm=$(modinfo -F vermagic "$K_KO" 2>/dev/null || true)
		if [ "${vm%% *}" = "$K_KVER" ]; then
			pass "vermagic $what"
		else
			fail "vermagic $what: module says '${vm%% *}'"
		fi
	else
		fail "vermagic $what: no module built"
	fi

	if why=$(check_probes); then
		pass "probes $what: compat.mk finds a known API, not a missing one"
	else
		fail "probes $what: $why"
	fi

	# The per-I/O path, as this kernel's compiler and headers built it.
	if [ -e "$K_KO" ]; then
		if out=$("$here/hotpath-check.py" "$K_KO" 2>&1); then
			pass "hotpath $what: $(grep -c '^PASS ' <<<"$out") roots, no lock, no allocation"
		else
			fail "hotpath $what: $(grep -A2 '^FAIL ' <<<"$out" | head -n 3 | tr '\n' ' ')"
		fi
	else
		fail "hotpath $what: no module built"
	fi
	times+=("$suite $((SECONDS - t0)) s")
}

# One run at a time: runs share the build directories.
mkdir -p "$K_CACHE/check-kernels"
exec {lock}>"$K_CACHE/check-kernels/.lock"
flock "$lock"

for suite in "${suites[@]}"; do
	check_suite "$suite"
done

if [ $dkms = 1 ]; then
	t0=$SECONDS
	out=$(mktemp)
	rc=0
	"$here/dkms-check.sh" "${suites[@]}" >"$out" 2>&1 || rc=$?
	cat "$out"
	p=$(grep -c '^PASS ' "$out" || true)
	f=$(grep -c '^FAIL ' "$out" || true)
	npass=$((npass + p))
	nfail=$((nfail + f))
	while read -r line; do failures+=("${line#FAIL }"); done < <(grep '^FAIL ' "$out" || true)
	if [ $rc -ne 0 ] && [ "$f" = 0 ]; then
		fail "dkms: dkms-check.sh exited $rc"
	fi
	rm -f "$out"
	times+=("dkms $((SECONDS - t0)) s")
fi

echo "check-kernels: time per step: $(printf '%s, ' "${times[@]}")total $SECONDS s"
[ ${#failures[@]} -eq 0 ] || printf 'check-kernels: failed: %s\n' "${failures[@]}"
echo "check-kernels: $npass passed, $nfail failed"
[ $nfail -eq 0 ]
