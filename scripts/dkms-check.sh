#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Check that dkms.conf works with DKMS: `dkms add`, `build` and `install`
# for each kernel given, in private trees under a temporary directory so
# the machine's own DKMS state is never touched. Then check that dkms.conf
# refuses kernels outside the supported range, with mpath2's message.
#
# Usage: dkms-check.sh [KVER|SUITE]...
#   KVER    a kernel whose headers are installed here (/lib/modules/KVER/build)
#   SUITE   bookworm, bookworm-backports or sid: that suite's kernel, with
#           its headers got as scripts/check-kernels.sh gets them
#           (scripts/lib/kernels.sh); sid's is checked with sid's dkms, in
#           the sid chroot, since its headers need sid's gcc
#   (no argument: every suite)
# Prints PASS/FAIL lines; exits non-zero on any failure.
set -euo pipefail

prog=${0##*/}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/kernels.sh
. "$top/scripts/lib/kernels.sh"

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
tmp=$(mktemp -d)
# (sid_run leaves an empty mount point for $tmp in the chroot: remove it too.)
trap 'rm -rf "$tmp"; rmdir "$SID_ROOT$tmp" 2>/dev/null || true' EXIT

if ! command -v dkms >/dev/null; then
	echo "FAIL dkms: not installed (make deps)"
	exit 1
fi
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
	read -r -a args <<<"$(k_suites)"
fi

# A clean copy of the sources, as a release tarball would have them.
k_stage_sources "$tmp/src/mpath2-$version"

fail=0
# step NAME CMD...: run CMD quietly, PASS/FAIL with its output on failure.
step() {
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		echo "PASS dkms $name"
	else
		echo "FAIL dkms $name"
		sed 's/^/   | /' "$tmp/out"
		fail=1
	fi
}

# check_kernel LABEL KVER KDIR [RUN...]: add, build and install in a fresh
# DKMS tree, dkms run through RUN (e.g. sid_run --bind DIR for the chroot).
check_kernel() {
	local label=$1 kver=$2 kdir=$3 trees ko vm dkmsv
	shift 3
	local run=("$@")
	local dir=$tmp/$label
	trees=(--dkmstree "$dir/dkms" --sourcetree "$tmp/src" --installtree "$dir/install")
	mkdir -p "$dir/dkms" "$dir/install/$kver"
	dkmsv=$("${run[@]}" dkms --version 2>/dev/null | sed -n 's/^dkms[- ]*//p' | head -n 1)
	label="$label, dkms ${dkmsv:-?}"
	step "add ($version) [$label]" "${run[@]}" dkms add -m mpath2 -v "$version" "${trees[@]}"
	step "build -k $kver [$label]" "${run[@]}" dkms build -m mpath2 -v "$version" \
		-k "$kver" --kernelsourcedir "$kdir" "${trees[@]}"
	step "install -k $kver [$label]" "${run[@]}" dkms install -m mpath2 -v "$version" \
		-k "$kver" --kernelsourcedir "$kdir" --no-depmod "${trees[@]}"
	ko=$(find "$dir/install" -name 'dm-mpath2.ko*' | head -n 1)
	vm=$([ -z "$ko" ] || modinfo -F vermagic "$ko" 2>/dev/null || true)
	if [ "${vm%% *}" = "$kver" ]; then
		echo "PASS dkms installed module has vermagic $kver [$label]"
	else
		echo "FAIL dkms installed module missing or wrong vermagic (${ko:-none}: '${vm%% *}') [$label]"
		fail=1
	fi
}

# check_refusal LABEL [RUN...]: dkms must refuse a 5.10 kernel before
# building, with exit 77 and mpath2's reason.
check_refusal() {
	local label=$1 dir=$tmp/refuse-$1 rc=0 out
	shift
	local run=("$@")
	mkdir -p "$dir/dkms" "$dir/install"
	"${run[@]}" dkms add -m mpath2 -v "$version" --dkmstree "$dir/dkms" \
		--sourcetree "$tmp/src" --installtree "$dir/install" >/dev/null 2>&1 || true
	out=$("${run[@]}" dkms build -m mpath2 -v "$version" --dkmstree "$dir/dkms" \
		--sourcetree "$tmp/src" --installtree "$dir/install" -k 5.10.0-30-amd64 2>&1) || rc=$?
	if [ $rc = 77 ] && grep -q 'mpath2: Linux 5.10.0-30-amd64 is not supported: mpath2 needs Linux 6.1 or later' <<<"$out"; then
		echo "PASS dkms refuses 5.10.0-30-amd64 with mpath2's reason [$label]"
	else
		echo "FAIL dkms refusal of 5.10.0-30-amd64 [$label]: exit $rc, want 77 and mpath2's message"
		while IFS= read -r line; do echo "   | $line"; done <<<"$out"
		fail=1
	fi
}

suites=$(k_suites)
host_checked=0 sid_checked=0
for a in "${args[@]}"; do
	if [[ " $suites " != *" $a "* ]]; then
		# A kernel release with headers installed here.
		check_kernel "$a" "$a" "/lib/modules/$a/build"
		host_checked=1
		continue
	fi
	if ! k_setup "$a" 2>"$tmp/setup.err"; then
		echo "FAIL dkms $a: no headers: $(tail -n 1 "$tmp/setup.err")"
		fail=1
		continue
	fi
	if [ "$K_WHERE" = sid ]; then
		# dkms, its trees and the sources at the same paths in the chroot.
		check_kernel "$a" "$K_KVER" "$K_KDIR" sid_run --bind "$tmp"
		check_refusal sid sid_run --bind "$tmp"
		sid_checked=1
	else
		check_kernel "$a" "$K_KVER" "$K_KDIR"
		host_checked=1
	fi
done
[ $host_checked = 0 ] || check_refusal host
[ "$sid_checked$host_checked" != 00 ] || { echo "FAIL dkms: nothing to check"; fail=1; }

# BUILD_EXCLUSIVE_KERNEL keeps DKMS from building for kernels before 6.1.
regex=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' "$top/dkms.conf")
ok=1
for k in 6.1.0-56-amd64 6.12.95+deb12-amd64 6.12.57+deb13-amd64 7.2.13+deb14-amd64 10.0.0-1-amd64; do
	[[ $k =~ $regex ]] || { echo "dkms.conf refuses supported kernel $k"; ok=0; }
done
for k in 6.0.0-1-amd64 5.10.0-30-amd64 4.19.0-1-amd64; do
	[[ $k =~ $regex ]] && { echo "dkms.conf accepts unsupported kernel $k"; ok=0; }
done
if [ $ok = 1 ]; then
	echo "PASS dkms.conf kernel range (6.1 and later)"
else
	echo "FAIL dkms.conf kernel range"
	fail=1
fi
exit $fail
