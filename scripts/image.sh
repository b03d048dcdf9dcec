#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make image: a Debian 12 (bookworm) system for the boot test
# (tests/boot/), its root file system meant to sit on an mpath2 map.
# Never made by hand: debootstrap, then in a chroot Debian's kernel (the
# release scripts/guest/kernel.sh gives, the e2e groups' kernel) with its
# headers and dkms, then the project's packages from `make deb`
# (build/deb/*.deb) installed with apt: mpath2-dkms builds dm-mpath2.ko
# for that kernel there, and update-initramfs makes an initramfs with
# mpath2's hook (tools/initramfs/). The image's configuration is written
# by tests/boot/setup-image.sh in the chroot.
#
# Two caches under ~/.cache/mpath2/image/:
#   base-<key>.tar  debootstrap + kernel + headers + dkms (key: this
#                   script, the package list, the kernel release)
#   current/        root.raw (ext4, whole disk, no partition table),
#                   vmlinuz, initrd.img, key (the base key, the .debs and
#                   tests/boot/'s files hashed): rebuilt only when the key
#                   changes.
#
# Usage: image.sh [--force]   (prints the image directory)
# Environment: MPATH2_CACHE (default ~/.cache/mpath2), MPATH2_MIRROR
# (default http://deb.debian.org/debian), MPATH2_SECURITY_MIRROR (default
# http://deb.debian.org/debian-security), MPATH2_IMAGE_MB (root size,
# default 3072).
set -euo pipefail

prog=${0##*/}
top=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "$prog: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

force=0
case ${1:-} in
--force) force=1 ;;
'') ;;
-h|--help) sed -n '4,26s/^# \{0,1\}//p' "$0"; exit 0 ;;
*) die "unknown argument $1 (try --help)" ;;
esac

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
for t in debootstrap mkfs.ext4 unshare sha256sum; do
	command -v "$t" >/dev/null || die "$t missing (make deps)"
done

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}/image
mirror=${MPATH2_MIRROR:-http://deb.debian.org/debian}
security=${MPATH2_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
size_mb=${MPATH2_IMAGE_MB:-3072}
kver=$("$top/scripts/guest/kernel.sh") || die "no guest kernel release"
mkdir -p "$cache"

shopt -s nullglob
debs=("$top"/build/deb/mpath2-tools_*_amd64.deb "$top"/build/deb/mpath2-dkms_*_all.deb)
shopt -u nullglob
[ ${#debs[@]} = 2 ] || die "no .debs in build/deb (make deb)"

include=systemd,systemd-sysv,udev,dbus,kmod,lvm2,dmsetup,initramfs-tools,util-linux,procps,e2fsprogs,sg3-utils,less,ca-certificates
extra="linux-image-$kver linux-headers-$kver dkms"
base_key=$( { sed -n '/^# ---- base/,/^# ---- end base/p' "$0"; echo "$include $extra $mirror $security"; } |
	sha256sum | cut -c1-16)
base=$cache/base-$base_key.tar
# The packages by their contents (file names, modes and bytes; control
# files): dpkg-buildpackage's archives differ in time stamps from one
# build of the same tree to the next.
deb_contents() {
	local d x
	x=$(mktemp -d)
	for d in "$@"; do
		rm -rf "${x:?}"/*
		dpkg-deb -R "$d" "$x/pkg"
		(cd "$x/pkg" && find . -printf '%p %m %y %l\n' | LC_ALL=C sort &&
			find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
	done
	rm -rf "$x"
}
key=$( { echo "$base_key $size_mb"; deb_contents "${debs[@]}"
	 cat "$0" "$top"/tests/boot/setup-image.sh "$top"/tests/boot/guest-check.sh \
		"$top"/tests/boot/mpath2-boot-check.service "$top"/tests/boot/luns.sh; } | sha256sum | cut -c1-16)
out=$cache/current
if [ "$force" = 0 ] && [ -s "$out/key" ] && [ "$(cat "$out/key")" = "$key" ] &&
	[ -s "$out/root.raw" ] && [ -s "$out/initrd.img" ] && [ -s "$out/vmlinuz" ]; then
	log "image $key is current"
	echo "$out"
	exit 0
fi

work=$cache/work.$$
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work"
root=$work/root

# Run "$@" chrooted in $root with /proc, /sys and /dev there, in a
# mount namespace of its own: nothing stays mounted on this machine.
in_root() {
	unshare -m --propagation private sh -c '
		r=$1; shift
		mount -t proc proc "$r/proc" && mount -t sysfs sys "$r/sys" &&
		mount --bind /dev "$r/dev" && mount -t devpts devpts "$r/dev/pts" &&
		mount -t tmpfs tmpfs "$r/run" || exit 1
		exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 HOME=/root "$@"' \
		in_root "$root" "$@"
}

t0=$(date +%s)
# ---- base: debootstrap, the kernel, its headers, dkms -------------------------
if [ ! -s "$base" ]; then
	log "debootstrap bookworm ($mirror) into $root"
	mkdir -p "$cache/debs"
	debootstrap --variant=minbase --include="$include" --cache-dir="$cache/debs" \
		bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
		tail -n 30 "$work/debootstrap.log" >&2
		die "debootstrap failed"
	}
	# The guest kernel's release comes from the point releases or the
	# security archive, as on this machine.
	printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
		"$mirror" "$mirror" "$security" >"$root/etc/apt/sources.list"
	# No service starts in the chroot.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	log "installing $extra"
	in_root apt-get update -qq >"$work/apt.log" 2>&1 &&
		in_root apt-get install -y -qq --no-install-recommends $extra \
			>>"$work/apt.log" 2>&1 || {
		tail -n 30 "$work/apt.log" >&2
		die "apt-get install $extra failed"
	}
	in_root apt-get clean
	tar -C "$root" --numeric-owner -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -f "$cache"/base-*.tar.tmp
	for old in "$cache"/base-*.tar; do
		[ "$old" = "$base" ] || rm -f "$old"
	done
	log "base $base_key made in $(($(date +%s) - t0)) s"
else
	mkdir -p "$root"
	tar -C "$root" --numeric-owner -xf "$base"
fi
# ---- end base ------------------------------------------------------------------

# The project's packages, as an admin installs them: apt resolves their
# dependencies; mpath2-dkms's postinst builds the module for $kver.
log "installing $(for d in "${debs[@]}"; do basename "$d"; done | tr '\n' ' ')"
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
in_root apt-get install -y -qq --no-install-recommends \
	$(for d in "${debs[@]}"; do echo "/tmp/debs/${d##*/}"; done) >"$work/debs.log" 2>&1 || {
	tail -n 40 "$work/debs.log" >&2
	die "apt-get install of the .debs failed (log above)"
}
rm -rf "$root/tmp/debs"
ko=$(find "$root/lib/modules/$kver" -name 'dm-mpath2.ko*' | head -n 1)
[ -n "$ko" ] || {
	tail -n 40 "$work/debs.log" >&2
	die "mpath2-dkms built no dm-mpath2.ko for $kver"
}
log "dkms: ${ko#"$root"}"

# The image's configuration and the boot test's unit, then its initramfs.
mkdir -p "$root/usr/local/sbin"
install -m 0755 "$top/tests/boot/guest-check.sh" "$root/usr/local/sbin/mpath2-boot-check"
install -m 0644 "$top/tests/boot/mpath2-boot-check.service" \
	"$root/etc/systemd/system/mpath2-boot-check.service"
mkdir -p "$root/usr/local/lib/mpath2-boot"
install -m 0644 "$top/tests/boot/luns.sh" "$root/usr/local/lib/mpath2-boot/luns.sh"
install -m 0644 "$top/tests/boot/luns.sh" "$root/tmp/luns.sh"
install -m 0755 "$top/tests/boot/setup-image.sh" "$root/tmp/setup-image.sh"
in_root /tmp/setup-image.sh "$kver" >"$work/setup.log" 2>&1 || {
	tail -n 40 "$work/setup.log" >&2
	die "setup-image.sh failed"
}
rm -f "$root/tmp/setup-image.sh" "$root/tmp/luns.sh" "$root/usr/sbin/policy-rc.d"
in_root lsinitramfs "/boot/initrd.img-$kver" >"$work/initrd.list"
for f in dm-mpath2.ko usr/sbin/mpath2ctl etc/mpath2/bindings etc/mpath2/wwids \
	56-mpath2-claim.rules scripts/local-top/mpath2; do
	grep -q "$f" "$work/initrd.list" || die "the initramfs has no $f"
done

new=$cache/new.$$
rm -rf "$new"
mkdir -p "$new"
cp "$root/boot/vmlinuz-$kver" "$new/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$new/initrd.img"
cp "$root/etc/mpath2/bindings" "$new/bindings"
rm -rf "$root/boot/lost+found"
truncate -s "${size_mb}M" "$new/root.raw"
mkfs.ext4 -q -F -L mpath2root -d "$root" "$new/root.raw" ||
	die "mkfs.ext4 -d failed"
echo "$kver" >"$new/kver"
echo "$key" >"$new/key"
rm -rf "$out"
mv "$new" "$out"
log "image $key made in $(($(date +%s) - t0)) s: $out"
echo "$out"
