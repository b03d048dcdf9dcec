#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Check that dkms.conf works with the machine's dkms: `dkms add`, `build`
# and `install` for kernel KVER, in private trees under a temporary
# directory so the machine's own DKMS state is never touched. Then check
# that dkms.conf refuses a kernel outside the supported range.
# Prints PASS/FAIL lines; exits non-zero on any failure.
set -uo pipefail

kver=${1:?usage: dkms-check.sh KVER}
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v dkms >/dev/null; then
	echo "FAIL dkms: not installed (make deps)"
	exit 1
fi

# A clean copy of the sources, as a release tarball would have them.
src=$tmp/src/mpath2-$version
mkdir -p "$src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard 2>/dev/null | xargs -0 cp --parents -t "$src") ||
	rsync -a --exclude=.git --exclude=build "$top/" "$src/"

trees=(--dkmstree "$tmp/dkms" --sourcetree "$tmp/src" --installtree "$tmp/install")
mkdir -p "$tmp/dkms" "$tmp/install/$kver"
fail=0
step() {
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		echo "PASS dkms $name"
	else
		echo "FAIL dkms $name"
		cat "$tmp/out"
		fail=1
	fi
}

step "add ($version)" dkms add -m mpath2 -v "$version" "${trees[@]}"
step "build -k $kver" dkms build -m mpath2 -v "$version" -k "$kver" "${trees[@]}"
step "install -k $kver" dkms install -m mpath2 -v "$version" -k "$kver" \
	--no-depmod "${trees[@]}"
ko=$(find "$tmp/install" -name 'dm-mpath2.ko*' | head -n 1)
if [ -n "$ko" ] && modinfo "$ko" | grep -q "^vermagic: *$kver "; then
	echo "PASS dkms installed module has vermagic $kver"
else
	echo "FAIL dkms installed module missing or wrong vermagic (${ko:-none})"
	fail=1
fi

# BUILD_EXCLUSIVE_KERNEL keeps DKMS from building for kernels before 6.1.
regex=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' "$top/dkms.conf")
ok=1
for k in 6.1.0-56-amd64 6.12.57+deb13-amd64 7.2.0-1-amd64 10.0.0-1-amd64; do
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
