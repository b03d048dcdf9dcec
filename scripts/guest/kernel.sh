#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch and unpack the guest kernel for mpath2's qemu bench. Never installs
# it on this machine: the linux-image package (and, for kernels packaged in
# parts like sid's 7.x, its linux-binary/modules/base-<kver> packages) is
# downloaded with `apt-get download`, unpacked with `dpkg-deb -x` into a
# cache, indexed with `depmod -b`, and an uncompressed vmlinux (for qemu's
# fast PVH entry) is pulled out of the bzImage (xz with python3's lzma,
# zstd with the zstd tool).
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
#   MPATH2_GUEST_CHROOT  run apt-cache and apt-get download inside this
#                        Debian tree instead of on this machine, for a suite
#                        this machine's apt does not know (the sid chroot of
#                        scripts/check-kernels.sh for the 7.x series)
set -euo pipefail

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

mode=kver
case ${1:-} in
--dir) mode=dir; shift ;;
--vmlinux) mode=vmlinux; shift ;;
-h|--help) sed -n '4,28s/^# \{0,1\}//p' "$0"; exit 0 ;;
-*) die "unknown option $1 (try --help)" ;;
esac
[ $# -le 1 ] || die "too many arguments (try --help)"

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}
meta=${MPATH2_GUEST_META:-linux-image-amd64}
release=${MPATH2_GUEST_RELEASE:-}
apt_release_opt=()
[ -z "$release" ] || apt_release_opt=(-t "$release")
chroot_dir=${MPATH2_GUEST_CHROOT:-}
if [ -n "$chroot_dir" ]; then
	[ -x "$chroot_dir/usr/bin/apt-get" ] || die "MPATH2_GUEST_CHROOT=$chroot_dir has no apt-get"
	chroot_dir=$(cd "$chroot_dir" && pwd)
fi

# Run an apt command here, or in $MPATH2_GUEST_CHROOT if set.
apt_cmd() {
	if [ -n "$chroot_dir" ]; then
		chroot "$chroot_dir" "$@"
	else
		"$@"
	fi
}

# The release linux-image-amd64 (or $MPATH2_GUEST_META) currently depends on.
resolve_kver() {
	local dep
	dep=$(apt_cmd apt-cache "${apt_release_opt[@]}" depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n1)
	[ -n "$dep" ] || die "cannot resolve the kernel release from '$meta' (apt-cache depends; run apt-get update?)"
	echo "$dep"
}

# apt-cache takes ~0.5 s; remember the answer until the package lists change.
resolve_kver_cached() {
	local memo lists_mtime line
	memo=$cache/guest/.resolved-$meta${release:+-$release}${chroot_dir:+-${chroot_dir##*/}}
	lists_mtime=$(stat -c %Y "$chroot_dir/var/lib/apt/lists" 2>/dev/null || echo 0)
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

# The packages that make up linux-image-KVER: the image itself and, for
# kernels packaged in parts, its linux-*-KVER dependencies (sid's 7.x:
# linux-binary = vmlinuz, linux-modules = modules, linux-base = System.map,
# config and the modules.* lists).
image_packages() {
	echo "linux-image-$kver"
	apt_cmd apt-cache "${apt_release_opt[@]}" depends "linux-image-$kver" 2>/dev/null |
		sed -n 's/^ *|\{0,1\}Depends: \(linux-[a-z]*-[0-9][^ ]*\)$/\1/p' |
		grep -Fx -e "linux-binary-$kver" -e "linux-modules-$kver" -e "linux-base-$kver" || true
}

fetch_and_unpack() {
	local tmp dl deb pkgs
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
	dl=$tmp
	# apt in a chroot downloads into a directory inside it.
	[ -z "$chroot_dir" ] || dl=$(mktemp -d "$chroot_dir/tmp/mpath2-kernel.XXXXXX")
	# shellcheck disable=SC2064 # expand $tmp and $dl now
	trap "rm -rf '$tmp' '$dl'" EXIT
	mapfile -t pkgs < <(image_packages)
	log "downloading ${pkgs[*]}"
	# The cache may be unreadable to apt's sandbox user (_apt): download as
	# the caller instead of warning about it.
	# shellcheck disable=SC2016 # expanded by that sh
	apt_cmd sh -c 'cd "$1" && shift && exec "$@"' sh "${dl#"$chroot_dir"}" \
		apt-get download -qq -o APT::Sandbox::User="$(id -un)" \
		"${apt_release_opt[@]}" "${pkgs[@]}" ||
		die "apt-get download ${pkgs[*]} failed"
	for deb in "$dl"/*.deb; do
		[ -e "$deb" ] || die "no .deb downloaded for linux-image-$kver"
		log "unpacking $(basename "$deb")"
		dpkg-deb -x "$deb" "$tmp/root"
	done
	# Kernels packaged for merged /usr install to usr/lib/modules: give
	# depmod and modprobe their usual lib/modules through a lib -> usr/lib
	# link, as on the host.
	if [ ! -e "$tmp/root/lib" ] && [ -d "$tmp/root/usr/lib/modules" ]; then
		ln -s usr/lib "$tmp/root/lib"
	fi
	[ -d "$tmp/root/lib/modules/$kver" ] || die "linux-image-$kver has no lib/modules/$kver"
	depmod -b "$tmp/root" "$kver"
	rm -rf "$root"
	mv "$tmp/root" "$root"
	mv "$dl"/*.deb "$dir/"
	rm -rf "$tmp" "$dl"
	trap - EXIT
}

# bzImage -> vmlinux. The boot header locates the compressed payload
# (payload_offset/length); Debian compresses it with xz (6.1, 6.12) or
# zstd (7.x). The kernel appends the uncompressed size (4 bytes) to it.
extract_vmlinux() {
	local bz py
	bz=$root/boot/vmlinuz-$kver
	[ -f "$bz" ] || bz=$root/lib/modules/$kver/vmlinuz
	[ -f "$bz" ] || die "no boot/vmlinuz-$kver or lib/modules/$kver/vmlinuz in the unpacked image"
	py=/usr/bin/python3
	[ -x "$py" ] || py=python3
	log "extracting vmlinux from ${bz#"$root"/}"
	"$py" - "$bz" "$vmlinux.tmp" <<'PY'
import lzma, struct, subprocess, sys
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
setup_sects = data[0x1F1] or 4
payload_offset, payload_length = struct.unpack_from("<II", data, 0x248)
start = (setup_sects + 1) * 512 + payload_offset
payload = data[start:start + payload_length]
if payload.startswith(b"\xfd7zXZ\x00"):
    out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
elif payload.startswith(b"\x28\xb5\x2f\xfd"):
    try:
        out = subprocess.run(["zstd", "-dcq"], input=payload[:-4], stdout=subprocess.PIPE,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("zstd payload of %s: %s (is the zstd package installed?)" % (src, e))
else:
    sys.exit("%s: payload is neither xz nor zstd (magic %s)" % (src, payload[:6].hex()))
if out[:4] != b"\x7fELF":
    sys.exit("%s: the decompressed payload is not an ELF file" % src)
open(dst, "wb").write(out)
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
