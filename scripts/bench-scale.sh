#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The scale part of `make bench` (issue 21): boots the guest once (2 vCPUs,
# 4 GiB) and runs tests/e2e/scale.sh: 1,024 scsi_debug paths (4 hosts x
# 256 LUNs) under Debian's multipath-tools, then under mpath2ctl, same
# config and polling interval: discover and show times, the daemon's CPU
# per minute of checking and RSS, the time from a path's return to its
# reinstatement, and 5 minutes of one path flap a second.
#
# Output: the guest's "scale ..." figure lines, then one line per comparison
#   ratio mpath2ctl/multipath-tools <what> <value>
# (mpath2ctl's figure over multipath-tools', lower is better; the goals:
# discover-time <= 0.5, daemon-cpu-per-min <= 0.5, daemon-rss <= 1), the
# whole output in build/bench/scale-<time>.txt, and last
# "PASS bench-scale" or "FAIL bench-scale: <reason>".
#
# Usage: bench-scale.sh [--quick]
#   --quick   32 paths (4 x 8), 20 s windows: a smoke run of the bench
# Environment: E2E_SCALE_LUNS, E2E_SCALE_HOSTS, E2E_SCALE_POLL (s, 5),
# E2E_SCALE_CPU_S (60), E2E_SCALE_FLAP_S (300) override the sizes; the
# guest runs under `flock /tmp/mpath2-guest.lock` (one guest at a time).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = --quick ]; then
	export E2E_SCALE_LUNS=${E2E_SCALE_LUNS:-8} E2E_SCALE_CPU_S=${E2E_SCALE_CPU_S:-20}
	export E2E_SCALE_FLAP_S=${E2E_SCALE_FLAP_S:-20}
elif [ $# -gt 0 ]; then
	sed -n '2,21s/^# \{0,1\}//p' "$0"
	exit 2
fi
export E2E_SCALE_LUNS=${E2E_SCALE_LUNS:-256} E2E_SCALE_HOSTS=${E2E_SCALE_HOSTS:-4}
export E2E_SCALE_CPU_S=${E2E_SCALE_CPU_S:-60} E2E_SCALE_FLAP_S=${E2E_SCALE_FLAP_S:-300}
export E2E_SCALE_POLL=${E2E_SCALE_POLL:-5}
fail() { echo "FAIL bench-scale: $*"; exit 1; }

outdir=$top/build/bench
mkdir -p "$outdir"
out=$outdir/scale-$(date -u +%Y%m%dT%H%M%SZ).txt
# Probing 1,024 disks under TCG and two flap windows: generous.
timeout=$((3600 + 2 * E2E_SCALE_FLAP_S + 4 * E2E_SCALE_CPU_S))
{
	echo "commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null)"
	echo "paths $((E2E_SCALE_LUNS * E2E_SCALE_HOSTS)) luns $E2E_SCALE_LUNS" \
		"polling_interval $E2E_SCALE_POLL"
} >"$out"
rc=0
flock /tmp/mpath2-guest.lock "$top/scripts/guest/run.sh" --quiet --vcpus 2 --mem 4096 \
	--timeout "$timeout" "$top/tests/e2e/scale.sh" >>"$out" 2>&1 || rc=$?
sed -n 's/^E2E-TIME: scale /scale /p' "$out"
sed -n 's/^E2E-TIME: ratio /ratio /p' "$out"
echo "bench-scale: $out"
grep -q '^E2E-TIME: ratio ' "$out" || fail "no figures (guest exit $rc; see $out)"
[ "$rc" -eq 0 ] || fail "the guest run failed ($rc): $(grep -E '^E2E-RESULT: FAIL|^RUN-VERDICT' "$out" | tr '\n' ' ')"
echo "PASS bench-scale"
