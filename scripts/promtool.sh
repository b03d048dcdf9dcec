#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the path of promtool (Prometheus' checker, for `promtool check
# metrics` on `mpath2ctl stats --prometheus`), fetching it first if need
# be. Debian ships it in the prometheus package, which also brings a
# service; so the package is never installed: `apt-get download` and
# `dpkg-deb -x` unpack it under ${MPATH2_CACHE:-~/.cache/mpath2}/promtool
# (once; later runs download nothing). Only promtool is kept.
#
# Usage: scripts/promtool.sh          the path, or exit 1 with the reason
set -euo pipefail

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}/promtool
bin=$cache/promtool
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
	echo "$bin"
	exit 0
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1); then
	# The package lists may be missing on a fresh machine.
	apt-get update -qq >/dev/null 2>&1 || true
	(cd "$tmp" && apt-get download -qq prometheus >/dev/null) || {
		echo "promtool.sh: apt-get download prometheus failed" >&2
		exit 1
	}
fi
dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/root"
[ -x "$tmp/root/usr/bin/promtool" ] || {
	echo "promtool.sh: no usr/bin/promtool in the prometheus package" >&2
	exit 1
}
mv "$tmp/root/usr/bin/promtool" "$bin.new"
mv "$bin.new" "$bin"
"$bin" --version >/dev/null
echo "$bin"
