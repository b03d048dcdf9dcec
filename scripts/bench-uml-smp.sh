#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The SMP microbenchmark (part of `make bench`): runs bench_smp
# (tests/kunit/mpath2_bench_smp.c) in the SMP UML kernel (sid's 7.x, as
# `scripts/kunit.sh --smp`), once with 2 vCPUs and once with 1 (the same
# kernel: its uniprocessor baseline). Each vCPU is a host thread, so on a
# 2-core host the two really run in parallel. One submitter per vCPU, one
# bio at a time (sync) and plugged batches (batch), raw null_blk,
# dm-linear, dm-multipath bio mode and mpath2 per selector, 2/4/64 paths.
#
# Prints the table (bios per second, all CPUs; min/median/max over
# interleaved rounds; ns per bio per CPU) and one line per comparison
# (medians, higher is better):
#   ratio mpath2-<sel>/dm-mpath-bio-<sel> uml-smp<C>-<N>p[-batch] <value>
#   ratio mpath2-<sel>/dm-linear uml-smp<C>-<N>p[-batch] <value>
#   scaling <config> uml-smp-<N>p[-batch] 1->2 <value>
# then, with --profile, a perf profile (top 15 symbols) of mpath2-rr and
# dm-multipath-rr at 2 vCPUs and 2 paths. Raw figures and the commit go
# to build/bench/uml-smp-<time>.txt. Last line: PASS/FAIL bench-uml-smp.
#
# Usage: bench-uml-smp.sh [--quick] [--profile]
#   --quick    1 round of 2000 bios per CPU (a smoke run)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}
quick=0 profile=0
for a in "$@"; do
	case $a in
	--quick) quick=1 ;;
	--profile) profile=1 ;;
	*) echo "FAIL bench-uml-smp: unknown option $a"; exit 2 ;;
	esac
done
args=()
[ $quick = 1 ] && args=(--kernel_args mpath2_kunit.bench_smp_rounds=1
			--kernel_args mpath2_kunit.bench_smp_bios=2000)
out=$top/build/bench
mkdir -p "$out"
stamp=$(date +%Y%m%d-%H%M%S)
result=$out/uml-smp-$stamp.txt
testlog=$(ls -d "$cache"/kunit/build-*-kunit-smp 2>/dev/null | head -n 1)/test.log
{
	echo "# mpath2 SMP UML microbenchmark, $(date -u +%FT%TZ)"
	echo "# commit $(git -C "$top" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$top" diff --quiet 2>/dev/null || echo ' (dirty)')"
	echo "# BENCH-SMP <config> <paths> <mode> <cpus> <min> <median> <max> <ns per bio per cpu>  (bios/s)"
} >"$result"

rc=0
for cpus in 2 1; do
	log=$out/uml-smp$cpus-$stamp.log
	if ! MPATH2_KUNIT_NCPUS=$cpus MPATH2_KUNIT_FILTER=bench_smp "$top/scripts/kunit.sh" --smp --bench \
		"${args[@]}" >"$log" 2>&1; then
		tail -n 20 "$log"
		echo "FAIL bench-uml-smp: the $cpus-vCPU run did not finish (log: $log)"
		rc=1
	fi
	testlog=$(ls -d "$cache"/kunit/build-*-kunit-smp | head -n 1)/test.log
	grep -aoE '(BENCH-SMP|BENCH-SKIP|BENCH-ERROR) .*' "$testlog" >>"$result" || true
done

python3 - "$result" <<'PY' || rc=1
import sys
rows, bad = {}, []
for line in open(sys.argv[1]):
    w = line.split()
    if w and w[0] == "BENCH-SMP":
        rows[(w[1], int(w[2]), w[3], int(w[4]))] = (int(w[5]), int(w[6]), int(w[7]), int(w[8]))
    elif w and w[0] in ("BENCH-SKIP", "BENCH-ERROR"):
        bad.append(" ".join(w))
print(f"{'config':<18}{'paths':>6}{'mode':>7}{'cpus':>5}{'min':>10}{'median':>10}{'max':>10}{'ns/bio/cpu':>12}")
for (name, paths, mode, cpus), (lo, med, hi, ns) in sorted(rows.items(), key=lambda kv: (kv[0][3], kv[0][1], kv[0][2], kv[0][0])):
    print(f"{name:<18}{paths:>6}{mode:>7}{cpus:>5}{lo:>10}{med:>10}{hi:>10}{ns:>12}")
print()
def med(name, paths, mode, cpus):
    r = rows.get((name, paths, mode, cpus))
    return r[1] if r else None
for cpus in (2, 1):
    for paths in (2, 4, 64):
        for mode in ("sync", "batch"):
            tag = f"uml-smp{cpus}-{paths}p" + ("-batch" if mode == "batch" else "")
            for sel in ("rr", "ql", "st"):
                a, b = med(f"mpath2-{sel}", paths, mode, cpus), med(f"dm-mpath-bio-{sel}", paths, mode, cpus)
                if a and b:
                    print(f"ratio mpath2-{sel}/dm-mpath-bio-{sel} {tag} {a / b:.3f}")
            for sel in ("rr", "ql", "st", "hst"):
                a, b = med(f"mpath2-{sel}", paths, mode, cpus), med("dm-linear", 1, mode, cpus)
                if a and b:
                    print(f"ratio mpath2-{sel}/dm-linear {tag} {a / b:.3f}")
for paths in (2, 4, 64):
    for mode in ("sync", "batch"):
        tag = f"uml-smp-{paths}p" + ("-batch" if mode == "batch" else "")
        for name in ("mpath2-rr", "mpath2-ql", "mpath2-st", "mpath2-hst",
                     "dm-mpath-bio-rr", "dm-mpath-bio-ql", "dm-mpath-bio-st"):
            a, b = med(name, paths, mode, 2), med(name, paths, mode, 1)
            if a and b:
                print(f"scaling {name} {tag} 1->2 {a / b:.3f}")
for mode in ("sync", "batch"):
    for name in ("mpath2-rr", "dm-mpath-bio-rr"):
        a, b = med(name, 64, mode, 2), med(name, 2, mode, 2)
        if a and b:
            print(f"paths {name} uml-smp2-{mode} 64p/2p cost {b / a:.3f}")
for b in bad:
    print(f"FAIL bench-uml-smp: {b}")
if not rows:
    print("FAIL bench-uml-smp: no results")
sys.exit(1 if bad or not rows else 0)
PY

if [ $profile = 1 ] && [ $rc -eq 0 ]; then
	# perf on the host against the UML kernel (a host process): one boot
	# per configuration, only it measured, 2 vCPUs.
	uml=$(dirname "$testlog")/linux
	for cfg in mpath2-rr dm-mpath-bio-rr; do
		data=$out/uml-smp-$stamp-$cfg.perf
		if perf record -q -F 2000 -g -o "$data" -- "$uml" \
			null_blk.nr_devices=64 null_blk.irqmode=0 null_blk.memory_backed=0 \
			ncpus=2 seccomp=on mpath2_kunit.bench_smp_only="$cfg" \
			kunit.filter_glob=bench_smp kunit.enable=1 mem=1G console=tty \
			kunit_shutdown=halt >"$data.log" 2>&1; then
			{
				# The UML binary only: its kernel code, not the host's
				# syscalls and signal masking that UML itself costs.
				echo "# perf: top 15 symbols of the UML kernel, $cfg, 2 paths, 2 vCPUs"
				perf report -i "$data" --no-children --dsos "$(basename "$uml")" \
					--sort symbol --stdio 2>/dev/null |
					grep -E '^ +[0-9]' | grep -vE 'calibrate_delay|__delay' | head -n 15
			} | tee -a "$result"
		else
			echo "FAIL bench-uml-smp: perf record failed for $cfg (see $data.log)"
			rc=1
		fi
	done
fi
echo "results: $result"
[ $rc -eq 0 ] && echo "PASS bench-uml-smp" || echo "FAIL bench-uml-smp"
exit $rc
