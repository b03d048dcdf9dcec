#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the directory where Debian's multipath-tools is unpacked, for the
# guest only (tests/e2e/scale.sh compares mpath2ctl with multipath and
# multipathd in one boot), fetching it first if need be. The package
# starts multipathd as a service, so it is never installed on this
# machine: `apt-get download` and `dpkg-deb -x` unpack it and liburcu8
# (its one library the machine lacks) under
# ${MPATH2_CACHE:-~/.cache/mpath2}/multipath-tools/root (once; later runs
# download nothing). scripts/guest/initramfs.sh copies it into the image of
# a group with "# e2e-needs: multipath-tools".
#
# Usage: scripts/multipath-tools.sh      the root, or exit 1 with the reason
set -euo pipefail

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}/multipath-tools
root=$cache/root
if [ -x "$root/sbin/multipathd" ] && [ -e "$root/.complete" ]; then
	echo "$root"
	exit 0
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fetch() { # PACKAGE...
	(cd "$tmp" && apt-get download -qq "$@" >/dev/null 2>&1) && return 0
	# The package lists may be missing on a fresh machine.
	apt-get update -qq >/dev/null 2>&1 || true
	(cd "$tmp" && apt-get download -qq "$@" >/dev/null) || {
		echo "multipath-tools.sh: apt-get download $* failed" >&2
		exit 1
	}
}
fetch multipath-tools liburcu8
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root"
done
[ -x "$tmp/root/sbin/multipathd" ] || {
	echo "multipath-tools.sh: no sbin/multipathd in the package" >&2
	exit 1
}
(cd "$tmp" && ls ./*.deb) >"$tmp/root/.complete"
rm -rf "$root"
mv "$tmp/root" "$root"
echo "$root"
