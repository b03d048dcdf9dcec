#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mpath2's guest fio benchmark, run INSIDE the qemu guest by
# scripts/bench-guest.sh (through scripts/guest/run.sh). Not an e2e group.
#
# demo-scenarios: bench failover failfast kernel-log-clean
#
# Usage (in the guest): fio-in-guest.sh [--quick]
#
# Over null_blk (irqmode=0, not memory backed, scheduler none everywhere):
# fio 4k randread/randwrite, libaio, iodepth 32, numjobs = CPUs, every
# variant interleaved round by round. Output lines on the marker channel:
#   BENCH-IOPS <cpus> <workload> <variant> <paths> <round> <iops>
#   BENCH-FO <target> <cpus> gap_ms <g> p99_us <p> max_us <m> base_p99_us <b> errors <e>
#   BENCH-FOTRACE <target> <cpus> <ms rel. to failure> <completions> <max lat us>
#   BENCH-FAILFAST <target> <cpus> eio_ms <t> since_resume_ms <s> resume_ms <r> newio_ms <n>
# (eio_ms: kernel log time from the target's last "Failing path" to a
# marker written as soon as dd, reading one 4k block at a time, got EIO;
# since_resume_ms: from the start of the error table's `dmsetup resume`,
# which itself takes resume_ms; newio_ms: a new read on the dead map)
# shellcheck source=../e2e/lib.sh
. /e2e/lib.sh

quick=0
[ "${1:-}" = --quick ] && quick=1
ncpu=$(nproc)
NPATHS=64
if [ "$quick" = 1 ]; then
	ROUNDS=1 RUNTIME=1 RAMP=0.3
	WORKLOADS=(randread randwrite)
	SETS=("2:raw dm-linear dm-mpath-bio-rr dm-mpath-bio-st dm-mpath-rq-rr mpath2-rr mpath2-st"
	)
	FO_RUNTIME=4
else
	ROUNDS=${E2E_BENCH_ROUNDS:-3} RUNTIME=${E2E_BENCH_RUNTIME:-3} RAMP=0.5
	WORKLOADS=(randread randwrite)
	all="dm-mpath-bio-rr dm-mpath-bio-ql dm-mpath-bio-st dm-mpath-rq-rr dm-mpath-rq-ql dm-mpath-rq-st mpath2-rr mpath2-ql mpath2-st mpath2-hst"
	SETS=("2:raw dm-linear $all" "4:$all"
	      "8:dm-mpath-bio-rr mpath2-rr" "32:dm-mpath-bio-rr mpath2-rr" "64:dm-mpath-bio-rr mpath2-rr")
	FO_RUNTIME=6
fi

out() { e2e_marker "$*"; }
die_bench() { e2e_log "FATAL: $*"; e2e_fail_rest "$*"; e2e_finish; exit 1; }

e2e_plan
e2e_log "guest bench: $ncpu CPU(s), rounds $ROUNDS, runtime ${RUNTIME}s, quick=$quick"

modprobe null_blk nr_devices=$NPATHS irqmode=0 queue_mode=2 gb=16 ||
	die_bench "modprobe null_blk"
for m in dm-mod dm-multipath dm-round-robin dm-queue-length dm-service-time dm-mpath2; do
	modprobe "$m" || die_bench "modprobe $m"
done
for q in /sys/block/nullb*/queue/scheduler; do echo none >"$q" 2>/dev/null; done
SECTORS=$(blockdev --getsz /dev/nullb0)
devt() { cat "/sys/block/nullb$1/dev"; }

# table VARIANT PATHS -> dm table line (empty for raw)
table() {
	local v=$1 p=$2 i paths="" sel target feat
	for ((i = 0; i < p; i++)); do paths+=" $(devt $i) 1"; done
	case $v in
	raw) return 0 ;;
	dm-linear) echo "0 $SECTORS linear $(devt 0) 0"; return 0 ;;
	esac
	case ${v##*-} in
	rr) sel=round-robin ;; ql) sel=queue-length ;; st) sel=service-time ;;
	hst) sel=historical-service-time ;;
	esac
	case $v in
	mpath2-*) target=mpath2 feat=0 ;;
	dm-mpath-bio-*) target=multipath feat="2 queue_mode bio" ;;
	dm-mpath-rq-*) target=multipath feat=0 ;;
	esac
	echo "0 $SECTORS $target $feat 0 1 1 $sel 0 $p 1$paths"
}

# Devices of every (paths, variant), created once, kept for all rounds.
declare -A DEV=()
RUNS=()
for s in "${SETS[@]}"; do
	p=${s%%:*}
	for v in ${s#*:}; do
		if [ "$v" = raw ]; then
			DEV[$v:$p]=/dev/nullb0
		else
			name=b-$v-$p
			dmsetup create "$name" --table "$(table "$v" "$p")" ||
				die_bench "dmsetup create $name: $(table "$v" "$p" | cut -c1-120)"
			DEV[$v:$p]=/dev/mapper/$name
			bn=$(mp_blkname "$name")
			echo none >"/sys/block/$bn/queue/scheduler" 2>/dev/null
		fi
		RUNS+=("$v:$p")
	done
done
e2e_log "${#RUNS[@]} variants: ${RUNS[*]}"

# fio_iops DEV WORKLOAD -> IOPS (0 on error)
fio_iops() {
	local dev=$1 wl=$2 res f
	res=$(fio --name=b --filename="$dev" --ioengine=libaio --direct=1 --rw="$wl" \
		--bs=4k --iodepth=32 --numjobs="$ncpu" --group_reporting --time_based \
		--runtime="$RUNTIME" --ramp_time="$RAMP" --norandommap --randrepeat=0 \
		--minimal 2>&1 | tail -n 1)
	[ "$wl" = randread ] && f=8 || f=49
	awk -F';' -v f=$f '$5 == 0 && NF > 50 { print $f; ok = 1 } END { if (!ok) print 0 }' <<<"$res"
}

t0=$(e2e_now_cs)
bad=0
n=${#RUNS[@]}
for ((r = 1; r <= ROUNDS; r++)); do
	for wl in "${WORKLOADS[@]}"; do
		# Rotate the order each round so no variant always runs first.
		for ((k = 0; k < n; k++)); do
			vp=${RUNS[(k + r - 1) % n]}
			iops=$(fio_iops "${DEV[$vp]}" "$wl")
			[ "$iops" = 0 ] && bad=$((bad + 1))
			out "BENCH-IOPS $ncpu $wl ${vp%:*} ${vp#*:} $r $iops"
		done
	done
	e2e_log "round $r done at +$(e2e_since "$t0")s"
done
for vp in "${RUNS[@]}"; do
	[ "${vp%:*}" = raw ] || dmsetup remove "b-${vp%:*}-${vp#*:}"
done
if [ "$bad" = 0 ]; then result_pass bench; else result_fail bench "$bad fio run(s) failed"; fi

# ---- failover: one of two paths starts returning errors under load ----------
# The paths are dm-linear maps over null_blk ("fo-p0", "fo-p1"); failing one
# = loading the error target into it (dm-error swap).
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

mk_paths() {
	local i
	for i in 0 1; do
		dmsetup remove "fo-p$i" 2>/dev/null
		dmsetup create "fo-p$i" --table "0 $SECTORS linear $(devt $i) 0" || return 1
	done
}
fail_path() { # N: sets FAIL_T (us, resume started) and RDUR (resume us)
	local b
	dmsetup load "fo-p$1" --table "0 $SECTORS error" || return 1
	FAIL_T=$(now_us)
	dmsetup resume "fo-p$1" || return 1
	b=$(now_us)
	RDUR=$((b - FAIL_T))
}
# pct FILE P -> the P-th percentile of the numbers in FILE (0 if empty)
pct() {
	local n
	n=$(wc -l <"$1")
	[ "$n" -gt 0 ] || { echo 0; return; }
	sort -n "$1" | awk -v k=$(((n * $2 + 99) / 100)) 'NR == k { print int($1); exit }'
}
fo_table() { # TARGET -> table of the 2-path map over fo-p0/fo-p1
	local d0 d1
	d0=$(cat "/sys/block/$(mp_blkname fo-p0)/dev")
	d1=$(cat "/sys/block/$(mp_blkname fo-p1)/dev")
	case $1 in
	mpath2) echo "0 $SECTORS mpath2 0 0 1 1 round-robin 0 2 1 $d0 1 $d1 1" ;;
	dm-mpath-bio) echo "0 $SECTORS multipath 2 queue_mode bio 0 1 1 round-robin 0 2 1 $d0 1 $d1 1" ;;
	esac
}

fo_ok=1
for tgt in mpath2 dm-mpath-bio; do
	mk_paths || { fo_ok=0; break; }
	dmsetup create fo --table "$(fo_table $tgt)" || { fo_ok=0; break; }
	bn=$(mp_blkname fo)
	rm -f /tmp/fo_lat.*.log
	fio --name=fo --filename=/dev/mapper/fo --ioengine=libaio --direct=1 --rw=randread \
		--bs=4k --iodepth=32 --numjobs="$ncpu" --time_based --runtime="$FO_RUNTIME" \
		--norandommap --randrepeat=0 --write_lat_log=/tmp/fo --log_unix_epoch=1 \
		>/tmp/fo.out 2>&1 &
	fpid=$!
	# Fail the path once fio's I/O flows and has flowed for over the 1 s
	# the baseline below is taken from; fio runs FO_RUNTIME s, so at least
	# the 1 s after the failure the gap is sought in (checked below).
	wait_until 30 0.05 eval '[ $(blk_ios '"$bn"') -ge 1000 ]' || e2e_log "fio slow to start"
	sleep 1.2
	if ! kill -0 $fpid 2>/dev/null; then
		e2e_log "$tgt failover: fio ended before the failure: nothing measured"
		fo_ok=0
	fi
	fail_path 1 || fo_ok=0
	rdur=$RDUR
	wait $fpid
	frc=$?
	errs=0
	fio_ok /tmp/fo.out || errs=1
	[ "$frc" = 0 ] || errs=1
	mp_show fo
	e2e_log "$tgt failover: fio rc $frc, resume took ${rdur}us; $(fio_summary /tmp/fo.out)"
	# Latency logs: "epoch_ms, lat_ns, dir, bs, offset[, prio]" per I/O, per job.
	: >/tmp/fo.base; : >/tmp/fo.win
	cat /tmp/fo_lat.*.log | tr -d ',' | awk -v ft=$((FAIL_T / 1000)) -v tgt=$tgt -v cpus=$ncpu '
		{ t = $1 - ft; l = int($2 / 1000)
		  if (t >= -1000 && t < -100) print l >"/tmp/fo.base"
		  if (t >= 0 && t < 200) { print l >"/tmp/fo.win"; if (l > mx) mx = l }
		  if (t >= -1000 && t <= 1100) { cnt[t]++; if (l > bmax[t]) bmax[t] = l } }
		END {
			# Longest run of milliseconds without a completion, from 200 ms
			# before the failure to 1 s after (1 ms resolution); a run
			# still open at the end counts too (no completion at all is
			# a gap of the whole window, not none).
			gap = 0; run = 0
			for (t = -200; t <= 1000; t++) { if (cnt[t] + 0 == 0) run++; else { if (run > gap) gap = run; run = 0 } }
			if (run > gap) gap = run
			bgap = 0; run = 0
			for (t = -1000; t < -100; t++) { if (cnt[t] + 0 == 0) run++; else { if (run > bgap) bgap = run; run = 0 } }
			if (run > bgap) bgap = run
			# The window must be covered: completions before the failure
			# and after the 1 s the gap is sought in.
			first = 2000; last = -2000
			for (t = -1000; t <= 1100; t++) if (cnt[t] + 0) { if (t < first) first = t; last = t }
			printf "MAX %d GAP %d BGAP %d FIRST %d LAST %d\n", mx, gap + 1, bgap + 1, first, last
			for (t = -200; t <= 500; t++) printf "BENCH-FOTRACE %s %d %d %d %d\n", tgt, cpus, t, cnt[t] + 0, bmax[t] + 0
		}' >/tmp/fo.res
	read -r _ mx _ gap _ bgap _ first _ last </tmp/fo.res
	if [ "$first" -gt "$last" ]; then
		e2e_log "$tgt failover: no completion within 1 s of the failure: nothing measured"
		fo_ok=0
	elif [ "$first" -gt -900 ] || [ "$last" -lt 1000 ]; then
		e2e_log "$tgt failover: fio's completions span ${first}..${last} ms around the failure, not -1000..1000: the measurement does not cover its window"
		fo_ok=0
	fi
	out "BENCH-FO $tgt $ncpu gap_ms $gap base_gap_ms $bgap p99_us $(pct /tmp/fo.win 99) max_us $mx base_p99_us $(pct /tmp/fo.base 99) errors $errs"
	grep '^BENCH-FOTRACE' /tmp/fo.res | while IFS= read -r l; do out "$l"; done
	[ "$errs" = 0 ] || fo_ok=0
	dmsetup remove fo
	dmsetup remove fo-p0 fo-p1

	# ---- fail fast: all paths down, no queue_if_no_path ----------------------
	mk_paths || { fo_ok=0; break; }
	dmsetup create fo --table "$(fo_table $tgt)" || { fo_ok=0; break; }
	dd if=/dev/mapper/fo of=/dev/null bs=4k iflag=direct count=100000000 2>/tmp/dd.err &
	ddpid=$!
	sleep 0.5
	fail_path 0
	sleep 0.3
	kill -0 $ddpid 2>/dev/null || e2e_log "dd ended after the first path failed"
	fail_path 1
	rdur=$RDUR t_fail=$FAIL_T
	wait $ddpid
	ddrc=$?
	t_eio=$(now_us)
	echo "mpath2-bench: EIO seen by the caller ($tgt)" >/dev/kmsg
	a=$(now_us)
	dd if=/dev/mapper/fo of=/dev/null bs=4k iflag=direct count=1 2>/dev/null && fo_ok=0
	b=$(now_us)
	e2e_log "$tgt fail-fast: dd rc $ddrc: $(tail -n 3 /tmp/dd.err | tr '\n' ' ')"
	[ "$ddrc" != 0 ] || fo_ok=0
	# Kernel clock: the target's last "Failing path" message to the marker
	# written just after dd saw EIO.
	kms=$(dmesg | tr -d '[]' | awk '/Failing path/ { f = $1 } /mpath2-bench: EIO seen/ { e = $1 }
		END { if (f && e) printf "%.2f", (e - f) * 1000; else print -1 }')
	awk -v e=$((t_eio - t_fail)) -v r="$rdur" -v n=$((b - a)) -v tgt=$tgt -v c=$ncpu -v k="$kms" \
		'BEGIN { printf "BENCH-FAILFAST %s %d eio_ms %s since_resume_ms %.2f resume_ms %.2f newio_ms %.2f\n", tgt, c, k, e / 1000, r / 1000, n / 1000 }' |
		while IFS= read -r l; do out "$l"; done
	dmsetup remove fo
	dmsetup remove fo-p0 fo-p1
done
if [ "$fo_ok" = 1 ]; then result_pass failover; result_pass failfast
else result_fail failover "see the log"; result_fail failfast "see the log"; fi

e2e_finish
