#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The guest (qemu TCG) part of `make bench`: boots the guest with 1 vCPU,
# then with 2 (one boot each), and runs tests/bench/fio-in-guest.sh inside:
# fio 4k randread and randwrite, libaio, iodepth 32, numjobs = vCPUs, over
# null_blk, every variant interleaved round by round:
#   raw null_blk, dm-linear, dm-multipath queue_mode bio and request-based
#   (rr, ql, st), mpath2 (rr, ql, st, hst), over 2 and 4 paths, and a path
#   sweep 2/8/32/64 for mpath2 and dm-multipath bio round-robin;
# then failover (one of 2 paths starts failing under fio: longest completion
# gap, p99 latency in the 200 ms after) and fail-fast (all paths down, no
# queue_if_no_path: time from the last path's failure to EIO at the caller).
#
# Output: a table of min/median/max IOPS, one line per comparison
#   ratio <numerator>/<denominator> <workload>-4k-<N>p-<C>cpu <value>
# (value = median IOPS over median IOPS, higher is better; denominators
# dm-mpath-bio, dm-mpath-rq, dm-linear, raw), failover and fail-fast lines,
# build/bench/guest-<time>.txt (raw figures and the commit), PNG plots
# build/bench/guest-<time>-{iops,paths,failover}.png (gnuplot), and last
# "PASS bench-guest" or "FAIL bench-guest: <reason>".
#
# Usage: bench-guest.sh [--quick] [--vcpus "1 2"]
#   --quick   1 round, 1 s runs, a subset (a smoke run, < 2 min)
# Environment: E2E_BENCH_ROUNDS (default 3), E2E_BENCH_RUNTIME (s per fio run,
# default 3) for the full run; MPATH2_CACHE etc. as for scripts/guest/run.sh.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
quick=0 vcpus_list="1 2"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1; shift ;;
	--vcpus) vcpus_list=${2:?}; shift 2 ;;
	-h|--help) sed -n '3,26s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "FAIL bench-guest: unknown option $1"; exit 2 ;;
	esac
done
fail() { echo "FAIL bench-guest: $*"; exit 1; }

outdir=$top/build/bench
mkdir -p "$outdir"
stamp=$(date +%Y%m%d-%H%M%S)
[ "$quick" = 1 ] && stamp=$stamp-quick
result=$outdir/guest-$stamp.txt
gargs=()
[ "$quick" = 1 ] && gargs=(--quick)

# gnuplot draws the plots (Debian: gnuplot-nox).
if ! command -v gnuplot >/dev/null; then
	echo "bench-guest: installing gnuplot-nox" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox >/dev/null 2>&1 ||
		echo "bench-guest: warning: gnuplot-nox could not be installed; no plots" >&2
fi

"$top/scripts/guest/run.sh" --check || fail "the guest or the module is not ready (see above)"

commit=$(git -C "$top" rev-parse HEAD 2>/dev/null || echo unknown)
git -C "$top" diff --quiet HEAD -- kmod 2>/dev/null || commit="$commit (kmod dirty)"
{
	echo "# mpath2 guest fio benchmark, $(date -u +%FT%TZ), quick=$quick"
	echo "# commit $commit"
	echo "# kernel $("$top/scripts/guest/kernel.sh"), host $(nproc) CPUs, qemu TCG"
	echo "# BENCH-IOPS <cpus> <workload> <variant> <paths> <round> <iops>"
} >"$result"

t_all=$(date +%s)
failed=()
for c in $vcpus_list; do
	t0=$(date +%s)
	if [ "$quick" = 1 ]; then to=300; else to=2400; fi
	log=$outdir/guest-$stamp-${c}cpu.run
	"$top/scripts/guest/run.sh" --vcpus "$c" --quiet --timeout "$to" \
		"$top/tests/bench/fio-in-guest.sh" "${gargs[@]}" >"$log" 2>&1
	rc=$?
	con=$(sed -n 's/^RUN-LOG: //p' "$log" | tail -n 1)
	marks=${con%/*}/markers.log
	if [ -n "$con" ] && [ -f "$marks" ]; then
		tr -d '\r' <"$marks" | grep -E '^BENCH-' >>"$result"
	fi
	echo "bench-guest: ${c} vCPU boot took $(($(date +%s) - t0)) s (rc $rc, log $log)" >&2
	if [ "$rc" != 0 ]; then
		grep -E '^(RUN-VERDICT: FAIL|E2E-RESULT: FAIL|RUN-KERNEL-LOG)' "$log" >&2
		failed+=("${c} vCPU run failed ($(grep -m1 '^RUN-VERDICT: FAIL' "$log" | cut -c19-))")
	fi
done
echo "# total $(($(date +%s) - t_all)) s" >>"$result"

python3 - "$result" "$outdir/guest-$stamp" <<'PY' || failed+=("report: no results")
import sys, statistics as st
res, base = sys.argv[1], sys.argv[2]
iops, fo, ff, trace = {}, [], [], {}
for line in open(res):
    w = line.split()
    if not w: continue
    if w[0] == "BENCH-IOPS":
        c, wl, v, p, _, x = w[1:7]
        iops.setdefault((int(c), wl, int(p), v), []).append(float(x))
    elif w[0] == "BENCH-FO":
        fo.append(w[1:])
    elif w[0] == "BENCH-FAILFAST":
        ff.append(w[1:])
    elif w[0] == "BENCH-FOTRACE":
        trace.setdefault((w[1], int(w[2])), []).append(w[3:6])
if not iops:
    sys.exit(1)
med = {k: st.median(v) for k, v in iops.items()}
order = ["raw", "dm-linear"] + [f"dm-mpath-{m}-{s}" for m in ("bio", "rq") for s in ("rr", "ql", "st")] \
        + [f"mpath2-{s}" for s in ("rr", "ql", "st", "hst")]
rank = {v: i for i, v in enumerate(order)}
print(f"{'cpus':>4} {'workload':<10}{'paths':>6}  {'variant':<18}{'min':>9}{'median':>9}{'max':>9}  n")
for k in sorted(iops, key=lambda k: (k[0], k[1], k[2], rank.get(k[3], 99))):
    v = iops[k]
    print(f"{k[0]:>4} {k[1]:<10}{k[2]:>6}  {k[3]:<18}{min(v):>9.0f}{st.median(v):>9.0f}{max(v):>9.0f}  {len(v)}")
print()
def ctx(c, wl, p): return f"{wl}-4k-{p}p-{c}cpu"
def ratio(num, den, c, wl, p, den_p=None):
    a, b = med.get((c, wl, p, num)), med.get((c, wl, den_p or p, den))
    if a is None or b is None or b == 0: return
    dn = den if den in ("raw", "dm-linear") else den.rsplit("-", 1)[0]
    print(f"ratio {num}/{dn} {ctx(c, wl, p)} {a / b:.2f}")
for (c, wl, p) in sorted({k[:3] for k in med}):
    for s in ("rr", "ql", "st", "hst"):
        m = f"mpath2-{s}"
        if (c, wl, p, m) not in med: continue
        ratio(m, f"dm-mpath-bio-{s}", c, wl, p)
        ratio(m, f"dm-mpath-rq-{s}", c, wl, p)
        ratio(m, "dm-linear", c, wl, p, 2)
        ratio(m, "raw", c, wl, p, 2)
    for m in ("bio", "rq"):
        for s in ("rr", "ql", "st"):
            ratio(f"dm-mpath-{m}-{s}", "dm-linear", c, wl, p, 2)
    if p == 2: ratio("dm-linear", "raw", c, wl, p)
print()
for f in fo:
    t, c = f[0], f[1]; kv = dict(zip(f[2::2], f[3::2]))
    print(f"failover {t} {c}cpu: longest completion gap {kv['gap_ms']} ms, p99 {int(kv['p99_us'])/1000:.2f} ms "
          f"(max {int(kv['max_us'])/1000:.2f} ms) in the 200 ms after the failure, p99 before {int(kv['base_p99_us'])/1000:.2f} ms, "
          f"longest gap before {kv.get('base_gap_ms', '?')} ms, fio errors {kv['errors']}")
for f in ff:
    t, c = f[0], f[1]; kv = dict(zip(f[2::2], f[3::2]))
    print(f"failfast {t} {c}cpu: last path failed -> EIO at the caller {kv['eio_ms']} ms (kernel log clock); "
          f"{kv['since_resume_ms']} ms from the start of the error table's dmsetup resume (itself {kv['resume_ms']} ms); "
          f"a new read on the dead map {kv['newio_ms']} ms")

# ---- data files for gnuplot -------------------------------------------------
ctxs = sorted({(k[0], k[1], k[2]) for k in med if k[2] in (2, 4)})
vs = sorted({k[3] for k in med if k[2] in (2, 4)}, key=lambda v: rank.get(v, 99))
with open(base + "-iops.dat", "w") as o:
    o.write("variant " + " ".join(f"{wl}-{p}p-{c}cpu" for c, wl, p in ctxs) + "\n")
    for v in vs:
        o.write(v + " " + " ".join(f"{med.get((c, wl, p, v), float('nan')) / 1000:.1f}" for c, wl, p in ctxs) + "\n")
sweep = sorted({(k[0], k[1]) for k in med if k[2] not in (2, 4)})
with open(base + "-paths.dat", "w") as o:
    cols = [(c, wl, v) for c, wl in sorted({(k[0], k[1]) for k in med}) for v in ("mpath2-rr", "dm-mpath-bio-rr")]
    o.write("paths " + " ".join(f"{v}-{wl}-{c}cpu" for c, wl, v in cols) + "\n")
    for p in sorted({k[2] for k in med if k[3] == "mpath2-rr"}):
        o.write(f"{p} " + " ".join(f"{med.get((c, wl, p, v), float('nan')) / 1000:.1f}" for c, wl, v in cols) + "\n")
with open(base + "-failover.dat", "w") as o:
    for (t, c), rows in sorted(trace.items()):
        o.write(f"# {t} {c}cpu: ms count max_lat_ms\n")
        for r in rows:
            o.write(f"{r[0]} {r[1]} {int(r[2]) / 1000:.3f}\n")
        o.write("\n\n")
    o.write("# index: " + " ".join(f"{t}-{c}cpu" for t, c in sorted(trace)) + "\n")
with open(base + "-failover.idx", "w") as o:
    o.write("\n".join(f"{t} {c}cpu" for t, c in sorted(trace)) + "\n")
PY

# ---- plots --------------------------------------------------------------------
if command -v gnuplot >/dev/null && [ -s "$outdir/guest-$stamp-iops.dat" ]; then
	b=$outdir/guest-$stamp
	ncol=$(head -n1 "$b-iops.dat" | wc -w)
	nidx=$(wc -l <"$b-failover.idx")
	gnuplot -e "base='$b'; ncol=$ncol; nidx=$nidx" "$top/tests/bench/plot.gp" 2>"$b-gnuplot.err" ||
		{ cat "$b-gnuplot.err" >&2; failed+=("gnuplot failed"); }
	for f in iops paths failover; do
		[ -s "$b-$f.png" ] && echo "plot: ${b#"$top"/}-$f.png"
	done
fi
echo "results: ${result#"$top"/}"

if ! grep -q '^BENCH-IOPS' "$result"; then
	failed+=("no IOPS figures")
fi
if [ ${#failed[@]} -gt 0 ]; then
	fail "$(IFS=';'; echo "${failed[*]}")"
fi
echo "PASS bench-guest"
