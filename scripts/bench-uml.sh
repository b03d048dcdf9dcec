#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The in-kernel microbenchmark (part of `make bench`): runs bench_mpath2 in
# the UML test kernel (scripts/kunit.sh --bench) and reports ns per bio for
# raw null_blk, dm-linear, in-tree dm-multipath (bio mode) and mpath2 with
# each selector, min/median/max over interleaved rounds, then one line per
# comparison:
#   ratio <config>/<denominator> uml-<N>p <value>
# where the value is the denominator's ns per bio over the config's (so
# higher is better, as for IOPS). Raw figures and the commit measured go to
# build/bench/uml-<time>.txt. Then the ALUA handler's polling cost (RTPG
# and STPG per minute, 32 idle maps x 4 paths, `alua poll 5`, over a
# scripted array). A configuration that was skipped
# (BENCH-SKIP) or whose bios failed (BENCH-ERROR) fails the bench with a
# "FAIL bench-uml: ..." line, as does a run that did not finish; the last
# line is "PASS bench-uml" only when every configuration has figures.
#
# Usage: bench-uml.sh [--quick]   (--quick: 1 round of 2000 bios: a smoke run)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
args=()
alua_args=()
if [ "${1:-}" = --quick ]; then
	args=(--kernel_args mpath2_kunit.bench_rounds=1
	      --kernel_args mpath2_kunit.bench_bios=2000)
	alua_args=(--kernel_args mpath2_kunit.bench_alua_secs=5)
fi
out=$top/build/bench
mkdir -p "$out"
log=$out/uml-$(date +%Y%m%d-%H%M%S).log
rc=0
MPATH2_KUNIT_FILTER=bench_mpath2 "$top/scripts/kunit.sh" --bench "${args[@]}" >"$log" 2>&1 || rc=$?
result=${log%.log}.txt
{
	echo "# mpath2 UML microbenchmark, $(date -u +%FT%TZ)"
	echo "# commit $(git -C "$top" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$top" diff --quiet 2>/dev/null || echo ' (dirty)')"
	echo "# BENCH <config> <paths> <min> <median> <max>  (ns per bio x10)"
	echo "# BENCH-SKIP <config> <paths> <reason>; BENCH-ERROR <config> <paths> <errno> <bio>"
	grep -oE '(BENCH|BENCH-SKIP|BENCH-ERROR) .*' \
		"${MPATH2_CACHE:-$HOME/.cache/mpath2}/kunit/build-6.1-kunit/test.log" 2>/dev/null || true
} >"$result"
# The ALUA handler's polling cost: 32 idle maps x 4 paths over a scripted
# array (tests/kunit/mpath2_alua_array_test.c), RTPG and STPG per minute.
if MPATH2_KUNIT_FILTER=bench_alua_poll "$top/scripts/kunit.sh" --bench \
	"${alua_args[@]}" >>"$log" 2>&1; then
	grep -oE 'BENCH-ALUA .*' \
		"${MPATH2_CACHE:-$HOME/.cache/mpath2}/kunit/build-6.1-kunit/test.log" >>"$result" || true
else
	rc=1
fi

# A configuration that was skipped or whose bios failed fails the bench: a
# missing row would drop a comparison silently, and a bio that fails fast
# would look fastest.
verdict=0
python3 - "$result" <<'PY' || verdict=1
import sys
rows, bad = {}, []
for line in open(sys.argv[1]):
    w = line.split()
    if w and w[0] == "BENCH":
        rows[(w[1], int(w[2]))] = [int(x) / 10 for x in w[3:6]]
    elif w and w[0] == "BENCH-SKIP":
        bad.append(f"{w[1]} ({w[2]} paths) skipped: {' '.join(w[3:])}")
    elif w and w[0] == "BENCH-ERROR":
        bad.append(f"{w[1]} ({w[2]} paths): bio {w[4]} failed with error {w[3]}")
if rows:
    print(f"{'config':<22}{'paths':>6}{'min':>9}{'median':>9}{'max':>9}   ns per bio")
for (name, paths), (lo, med, hi) in rows.items():
    print(f"{name:<22}{paths:>6}{lo:>9.1f}{med:>9.1f}{hi:>9.1f}")
print()
def med(name, paths):
    r = rows.get((name, paths))
    return r[1] if r else None
def ratio(num, den, paths, den_paths=None):
    a, b = med(num, paths), med(den, den_paths or paths)
    if a and b:
        print(f"ratio {num}/{den} uml-{paths}p {b / a:.3f}")
for sel in ("rr", "ql", "st", "hst"):
    ratio(f"mpath2-{sel}", f"dm-mpath-bio-{sel}", 2)
    ratio(f"mpath2-{sel}", "dm-linear", 2, 1)
    ratio(f"dm-mpath-bio-{sel}", "dm-linear", 2, 1)
ratio("dm-linear", "raw", 1)
for paths in (8, 32, 64):
    ratio("mpath2-rr", "dm-mpath-bio-rr", paths)
    # Path-count scaling: the 2-path cost over the N-path cost.
    for name in ("mpath2-rr", "dm-mpath-bio-rr"):
        a, b = med(name, paths), med(name, 2)
        if a and b:
            print(f"scaling {name} {paths}p/2p {a / b:.3f}")
alua = [line.split() for line in open(sys.argv[1]) if line.startswith("BENCH-ALUA ")]
for w in alua:
    kv = dict(x.split("=", 1) for x in w[2:])
    print(f"alua {w[1]} {kv['maps']} maps x {kv['paths']} paths, poll {kv['poll']} s: "
          f"{kv['rtpg_per_min']} RTPG/min, {kv['stpg_per_min']} STPG/min")
if len(alua) != 2:
    bad.append(f"the ALUA polling bench gave {len(alua)} of 2 results")
for b in bad:
    print(f"FAIL bench-uml: {b}")
if not rows:
    print("FAIL bench-uml: no results")
sys.exit(1 if bad or not rows else 0)
PY
echo "results: $result"
if [ "$rc" -ne 0 ]; then
	tail -n 30 "$log"
	echo "FAIL bench-uml: the benchmark did not run to its end (kunit.sh exited $rc; log: $log)"
	exit 1
fi
[ "$verdict" -eq 0 ] || exit 1
echo "PASS bench-uml"
