#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Install everything mpath2's build, tests and demo need from Debian's
# archive. Idempotent. Never installs a kernel image on this machine: guest
# kernels are unpacked into a cache by scripts/guest/kernel.sh instead.
# Then fetches sid's linux-source-X.Y (the UML kernel of the SMP KUnit run,
# scripts/kunit.sh --smp) into the cache through the sid chroot
# (scripts/lib/kernels.sh: sid_source); nothing of sid is installed on the
# machine. Cached: a second run downloads nothing. Exits non-zero, with a
# "deps: FAIL" line, when anything could not be had.
set -euo pipefail

pkgs=(
	build-essential make gcc bc flex bison libelf-dev libssl-dev dwarves
	linux-headers-amd64 linux-source-6.1 dkms sparse
	python3 cpio xz-utils kmod
	qemu-system-x86 busybox-static fio open-iscsi sg3-utils dmsetup
	iproute2 util-linux rsync debootstrap zstd gnuplot-nox stress-ng
	pkg-config libdevmapper-dev libsgutils2-dev
	libudev-dev libjson-c-dev jq libcmocka-dev
	clang libclang-rt-14-dev man-db
	udev kpartx fdisk e2fsprogs lvm2	# the udev e2e group's guest: udevd, sfdisk, mkfs, lvm
	tmux	# the top e2e group's guest: mpath2ctl top on a terminal
	debhelper dh-dkms lintian	# make deb: mpath2-tools and mpath2-dkms
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
else
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: need root to install: ${missing[*]}" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# open-iscsi and dkms pull in services; policy-rc.d keeps them from starting
	# on the host (iSCSI runs only inside the guest).
	policy=/usr/sbin/policy-rc.d
	created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod +x "$policy"
		created_policy=1
	fi
	trap '[ $created_policy = 1 ] && rm -f "$policy"' EXIT
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# promtool, unpacked from the prometheus package into the cache (never
# installed: the package brings a service); the top e2e group checks
# `mpath2ctl stats --prometheus` with it.
if ! promtool=$("$(dirname "$0")/promtool.sh"); then
	echo "deps: FAIL promtool could not be fetched (see above)" >&2
	exit 1
fi
echo "deps: promtool: $promtool"

# sid's kernel source, for the SMP KUnit run (scripts/kunit.sh --smp).
prog=deps
# shellcheck source=scripts/lib/kernels.sh
. "$(dirname "$0")/lib/kernels.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: FAIL sid's linux-source: needs root (debootstrap, chroot)" >&2
	exit 1
fi
if ! tarball=$(sid_source); then
	echo "deps: FAIL sid's linux-source could not be fetched (see above)" >&2
	exit 1
fi
echo "deps: sid's kernel source: $tarball"
