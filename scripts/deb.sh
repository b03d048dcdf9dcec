#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make deb: the Debian packages mpath2-tools and mpath2-dkms, built with
# `dpkg-buildpackage -us -uc -b` from a clean copy of the sources (git's
# files and the new ones it does not ignore, as k_stage_sources copies
# them for DKMS; no build products) in build/deb/mpath2-<v>,
# with debian/changelog written there from dkms.conf's PACKAGE_VERSION,
# the one source of mpath2's version. Then lintian on the result: any
# error fails, warnings are listed. The .debs end up in build/deb/.
#
#   make deb && apt install ./build/deb/mpath2-*.deb
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/deb

die() { echo "deb: $*" >&2; exit 1; }

version=$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)".*/\1/p' "$top/dkms.conf")
[ -n "$version" ] || die "no PACKAGE_VERSION in dkms.conf"
for t in dpkg-buildpackage dh dh_dkms lintian; do
	command -v "$t" >/dev/null || die "$t missing (make deps)"
done

src=$out/mpath2-$version
rm -rf "$out"
mkdir -p "$src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
	[ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
done | cpio -0 -pdm --quiet "$src") || die "cannot copy the sources"

# The changelog dpkg needs, from the version's one source. Native: no
# Debian revision; the date is the last commit's, so rebuilds match.
when=$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)
cat >"$src/debian/changelog" <<CHANGELOG
mpath2 ($version) unstable; urgency=medium

  * mpath2 $version ($(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)).

 -- mpath2 developers <mpath2-devel@lists.example.org>  $(date -R -u -d "@$when")
CHANGELOG

echo "deb: building mpath2 $version in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	die "dpkg-buildpackage failed (log: $out/build.log)"
}
changes=$(ls "$out"/mpath2_"$version"_*.changes)
ls -l "$out"/*.deb
# lintian: errors fail the build; warnings and info are listed.
lintian --fail-on error --info "$changes" >"$out/lintian.log" 2>&1 && lrc=0 || lrc=$?
sed 's/^/  lintian: /' "$out/lintian.log"
[ "$lrc" = 0 ] || die "lintian found errors (above)"
echo "deb: PASS:" "$out"/*.deb
