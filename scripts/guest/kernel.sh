#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch and unpack the guest kernel for mpath2's qemu bench. Never installs
# it on this machine: the linux-image package is downloaded with
# `apt-get download`, unpacked with `dpkg-deb -x` into a cache, indexed with
# `depmod -b`, and an uncompressed vmlinux (for qemu's fast PVH entry) is
# pulled out of the bzImage with python3's lzma.
#
# Usage: kernel.sh [--dir|--vmlinux] [KVER]
#   (no option)  ensure the kernel is cached, print its release (kver)
#   --dir        ensure it is cached, print the unpacked tree (has lib/modules)
#   --vmlinux    ensure it is cached, print the path of the uncompressed vmlinux
#
# KVER defaults to the release linux-image-amd64 depends on (e.g.
# 6.1.0-56-amd64). Environment:
#   MPATH2_CACHE         cache root (default ~/.cache/mpath2)
#   MPATH2_GUEST_KVER    same as the KVER argument
#   MPATH2_GUEST_META    meta package to resolve the release from
#                        (default linux-image-amd64)
#   MPATH2_GUEST_RELEASE apt target release for the lookup and the download,
#                        e.g. bookworm-backports for the 6.12 series
set -euo pipefail

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

mode=kver
case ${1:-} in
--dir) mode=dir; shift ;;
--vmlinux) mode=vmlinux; shift ;;
-h|--help) sed -n '4,22s/^# \{0,1\}//p' "$0"; exit 0 ;;
-*) die "unknown option $1 (try --help)" ;;
esac
[ $# -le 1 ] || die "too many arguments (try --help)"

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}
meta=${MPATH2_GUEST_META:-linux-image-amd64}
release=${MPATH2_GUEST_RELEASE:-}
apt_release_opt=()
[ -z "$release" ] || apt_release_opt=(-t "$release")

# The release linux-image-amd64 (or $MPATH2_GUEST_META) currently depends on.
resolve_kver() {
	local dep
	dep=$(apt-cache "${apt_release_opt[@]}" depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n1)
	[ -n "$dep" ] || die "cannot resolve the kernel release from '$meta' (apt-cache depends; run apt-get update?)"
	echo "$dep"
}

# apt-cache takes ~0.5 s; remember the answer until the package lists change.
resolve_kver_cached() {
	local memo lists_mtime line
	memo=$cache/guest/.resolved-$meta${release:+-$release}
	lists_mtime=$(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0)
	if [ -r "$memo" ] && read -r line <"$memo" && [ "${line%% *}" = "$lists_mtime" ]; then
		echo "${line#* }"
		return
	fi
	line=$(resolve_kver)
	mkdir -p "$cache/guest"
	echo "$lists_mtime $line" >"$memo.$$" && mv "$memo.$$" "$memo"
	echo "$line"
}

kver=${1:-${MPATH2_GUEST_KVER:-}}
[ -n "$kver" ] || kver=$(resolve_kver_cached)
case $kver in
*/*|*' '*|'') die "bad kernel release '$kver'" ;;
esac

dir=$cache/guest/$kver
root=$dir/root
vmlinux=$dir/vmlinux
stamp=$dir/.complete

fetch_and_unpack() {
	local tmp deb
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
	# shellcheck disable=SC2064 # expand $tmp now
	trap "rm -rf '$tmp'" EXIT
	log "downloading linux-image-$kver"
	# The cache may be unreadable to apt's sandbox user (_apt): download as
	# the caller instead of warning about it.
	(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" \
		"${apt_release_opt[@]}" "linux-image-$kver") ||
		die "apt-get download linux-image-$kver failed"
	deb=$(find "$tmp" -maxdepth 1 -name "linux-image-${kver}_*.deb" | head -n1)
	[ -n "$deb" ] || die "no .deb downloaded for linux-image-$kver"
	log "unpacking $(basename "$deb")"
	dpkg-deb -x "$deb" "$tmp/root"
	[ -d "$tmp/root/lib/modules/$kver" ] || die "$deb has no lib/modules/$kver"
	depmod -b "$tmp/root" "$kver"
	rm -rf "$root"
	mv "$tmp/root" "$root"
	mv "$deb" "$dir/"
	rm -rf "$tmp"
	trap - EXIT
}

# bzImage -> vmlinux: the payload of a Debian amd64 kernel is one xz stream.
extract_vmlinux() {
	local bz=$root/boot/vmlinuz-$kver py
	[ -f "$bz" ] || die "no $bz in the unpacked image"
	py=/usr/bin/python3
	[ -x "$py" ] || py=python3
	log "extracting vmlinux from $(basename "$bz")"
	"$py" - "$bz" "$vmlinux.tmp" <<'PY'
import lzma, sys
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
magic = b"\xfd7zXZ\x00"
pos = data.find(magic)
while pos >= 0:
    try:
        out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[pos:])
    except lzma.LZMAError:
        out = b""
    if out[:4] == b"\x7fELF":
        open(dst, "wb").write(out)
        sys.exit(0)
    pos = data.find(magic, pos + 1)
sys.exit("no xz-compressed ELF payload found in " + src)
PY
	mv "$vmlinux.tmp" "$vmlinux"
}

if [ ! -e "$stamp" ]; then
	rm -f "$vmlinux"
	fetch_and_unpack
	extract_vmlinux
	touch "$stamp"
elif [ ! -s "$vmlinux" ]; then
	extract_vmlinux
fi

case $mode in
kver) echo "$kver" ;;
dir) echo "$root" ;;
vmlinux) echo "$vmlinux" ;;
esac
