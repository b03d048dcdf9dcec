#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot mpath2's qemu guest once and run one test script inside it.
#
# Usage: run.sh [options] SCRIPT [ARGS...]
#   --vcpus N      guest CPUs (default 2; 1 gives steadier timings)
#   --mem MB       guest memory (default 2048)
#   --timeout S    kill the guest after S seconds, a failure (default 600)
#   --kver K       guest kernel release (default: scripts/guest/kernel.sh)
#   --log FILE     also copy the serial console log to FILE
#   --quiet        do not stream the console; print only results
#   --no-module    do not put kmod/dm-mpath2.ko into the guest
#   --check        only check that the kernel and the module are ready
#
# SCRIPT runs as root in the guest with bash, from a copy of tests/e2e/.
# Variables named E2E_* in the environment are passed into the guest (e.g.
# E2E_TARGET=multipath runs the tests against the in-tree target).
#
# Results: the guest prints marker lines on a second serial port
# (E2E-RESULT: PASS|FAIL ..., E2E-EXIT: rc); they are repeated on stdout
# together with RUN-* lines. The run passes (exit 0) only if the script
# exited 0, no scenario failed, and the kernel log shows no WARNING, BUG,
# oops, panic, hung task or call trace. A guest that dies or hangs (timeout)
# fails, and the tail of its console log is shown.
#
# Environment: MPATH2_CACHE (cache root, default ~/.cache/mpath2),
# MPATH2_KVM=1 (use KVM instead of TCG), MPATH2_TCG_THREAD=multi|single
# (TCG's threading; multi by default, single for kernels whose live code
# patching races with multi-threaded TCG, see smoke-kernels.sh),
# MPATH2_QEMU (qemu binary),
# MPATH2_APPEND (extra kernel command line), MPATH2_GUEST_KO (the module to
# put into the guest instead of kmod/dm-mpath2.ko, e.g. one built by
# scripts/check-kernels.sh for another kernel series).
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
die() { echo "$prog: $*" >&2; exit 2; }

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}
vcpus=2 mem=2048 timeout=600 kver="" logcopy="" quiet=0 no_module=0 check=0
while [ $# -gt 0 ]; do
	case $1 in
	--vcpus) vcpus=${2:?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--kver) kver=${2:?}; shift 2 ;;
	--log) logcopy=${2:?}; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--no-module) no_module=1; shift ;;
	--check) check=1; shift ;;
	-h|--help) sed -n '4,34s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) die "unknown option $1 (try --help)" ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || [ "$check" = 1 ] || die "missing SCRIPT (try --help)"
script=${1:-}
[ $# -eq 0 ] || shift
[ "$check" = 1 ] || [ -f "$script" ] || die "no such test script: $script"
[[ $vcpus =~ ^[1-9][0-9]*$ && $mem =~ ^[1-9][0-9]*$ && $timeout =~ ^[1-9][0-9]*$ ]] ||
	die "--vcpus, --mem and --timeout take positive integers"

qemu=${MPATH2_QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || die "$qemu not found (run scripts/deps.sh)"

kver=$("$here/kernel.sh" ${kver:+"$kver"})
vmlinux=$("$here/kernel.sh" --vmlinux "$kver")

# The project's module must exist and match the guest kernel, unless the
# run does not use it.
ko=${MPATH2_GUEST_KO:-$top/kmod/dm-mpath2.ko}
build_hint="build it with: make -C $top modules KERNELRELEASE=$kver (headers: linux-headers-$kver, pulled by linux-headers-amd64)"
image_opts=()
if [ "$no_module" = 1 ]; then
	image_opts+=(--no-module)
elif [ "${E2E_TARGET:-mpath2}" = mpath2 ]; then
	[ -e "$ko" ] || die "${ko#"$top"/} does not exist; $build_hint"
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	[ "${vermagic%% *}" = "$kver" ] ||
		die "${ko#"$top"/} is built for '${vermagic%% *}', the guest runs $kver; $build_hint"
	newer=$(find "$top/kmod" \( -name '*.[ch]' -o -name Kbuild \) ! -name '*.mod.c' -newer "$ko" -print -quit)
	[ -z "$newer" ] ||
		echo "$prog: warning: ${newer#"$top"/} is newer than ${ko#"$top"/}; $build_hint" >&2
elif [ -e "$ko" ] && [ "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" != "$kver" ]; then
	image_opts+=(--no-module)
fi

[ "$check" = 0 ] || exit 0

# Pass E2E_* variables through.
while IFS= read -r v; do
	image_opts+=(--env "$v=${!v}")
done < <(compgen -e | grep '^E2E_' || true)

name=${script##*/}
name=${name%.sh}
rundir=$cache/runs/$(date +%Y%m%d-%H%M%S)-$name-$$
mkdir -p "$rundir"
# Keep the 30 most recent runs.
find "$cache/runs" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' |
	sort -rn | tail -n +31 | cut -d' ' -f2- | xargs -r rm -rf

console=$rundir/console.log
markers=$rundir/markers.log
initrd=$rundir/initrd.cpio
qpid="" tpid=""
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	[ -n "$tpid" ] && kill "$tpid" 2>/dev/null
	rm -f "$initrd"
}
trap cleanup EXIT
trap 'echo "$prog: interrupted" >&2; exit 130' INT TERM

t_start=$(date +%s.%N)
"$here/initramfs.sh" image --kver "$kver" --out "$initrd" ${image_opts[@]+"${image_opts[@]}"} \
	"$script" "$@"

if [ "${MPATH2_KVM:-0}" = 1 ]; then
	accel=(-accel kvm -cpu host)
else
	tcg_thread=${MPATH2_TCG_THREAD:-multi}
	case $tcg_thread in
	multi|single) ;;
	*) die "MPATH2_TCG_THREAD must be multi or single, not '$tcg_thread'" ;;
	esac
	accel=(-accel "tcg,thread=$tcg_thread" -cpu max)
fi
append="console=ttyS0,115200 panic=-1 oops=panic loglevel=5 mitigations=off"
append+=" random.trust_cpu=on no_timer_check ${MPATH2_APPEND:-}"
: >"$console"
: >"$markers"
qemu_cmd=(
	"$qemu" -M pc "${accel[@]}" -smp "$vcpus" -m "$mem"
	-nodefaults -no-user-config -display none -nic none -no-reboot
	-kernel "$vmlinux" -initrd "$initrd" -append "$append"
	-chardev "file,id=con,path=$console" -serial chardev:con
	-chardev "file,id=mark,path=$markers" -serial chardev:mark
)
echo "RUN: $name on $kver, ${vcpus} vCPU (${accel[1]}), ${mem} MiB, timeout ${timeout}s, log $console"
t_boot=$(date +%s.%N)
timeout -k 5 "$timeout" "${qemu_cmd[@]}" </dev/null &
qpid=$!
if [ "$quiet" = 0 ]; then
	# The kernel log dump at the end is for the log file, not the screen.
	tail -s 0.2 -n +1 -f --pid="$qpid" "$console" > >(sed -u '/^E2E-DMESG-BEGIN/,/^E2E-DMESG-END/d') &
	tpid=$!
fi
qrc=0
wait "$qpid" || qrc=$?
qpid=""
if [ -n "$tpid" ]; then
	wait "$tpid" 2>/dev/null || true
	tpid=""
fi
t_end=$(date +%s.%N)
[ -z "$logcopy" ] || cp "$console" "$logcopy"

# ---- verdict ------------------------------------------------------------------
mk=$(tr -d '\r' <"$markers")
reasons=()
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	reasons+=("timeout: guest still running after ${timeout}s")
elif [ "$qrc" != 0 ]; then
	reasons+=("qemu exited with status $qrc")
fi
exit_line=$(grep -m1 '^E2E-EXIT:' <<<"$mk" || true)
if [ -z "$exit_line" ]; then
	[ "$qrc" = 124 ] || reasons+=("guest stopped before the test script finished (crash or panic?)")
else
	rc=$(awk '{ print $2 }' <<<"$exit_line")
	[ "$rc" = 0 ] || reasons+=("test script exited with status $rc")
fi
nfail=$(grep -c '^E2E-RESULT: FAIL' <<<"$mk" || true)
npass=$(grep -c '^E2E-RESULT: PASS' <<<"$mk" || true)
[ "$nfail" = 0 ] || reasons+=("$nfail scenario(s) failed")
klog_re='\[ *[0-9]+\.[0-9]{6}\].*(WARNING:|BUG:|Oops|Call Trace|general protection|Kernel panic|blocked for more than|INFO: task |possible circular locking|UBSAN:|KASAN:)'
klog_bad=$(tr -d '\r' <"$console" | grep -E "$klog_re" | sed -E 's/^.*(\[ *[0-9]+\.[0-9]{6}\])/\1/' |
	awk '!seen[$0]++' | head -n 10 || true)
[ -z "$klog_bad" ] || reasons+=("kernel log: $(head -n1 <<<"$klog_bad")")

# Marker lines for the caller (e2e.sh parses them).
grep -E '^E2E-(PLAN|RESULT|TIME|BOOT|SUMMARY|EXIT):' <<<"$mk" || true
if [ -n "$klog_bad" ]; then
	echo "RUN-KERNEL-LOG: problems found:"
	while IFS= read -r l; do echo "RUN-KERNEL-LOG:   $l"; done <<<"$klog_bad"
fi
wall=$(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }')
qemu_s=$(awk -v a="$t_boot" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }')
boot=$(sed -n 's/^E2E-BOOT: //p' <<<"$mk" | head -n1)
echo "RUN-TIME: total ${wall}s, qemu ${qemu_s}s, guest userspace reached at ${boot:-?}"
echo "RUN-LOG: $console"

if [ ${#reasons[@]} -eq 0 ]; then
	echo "RUN-VERDICT: PASS $name ($npass scenario(s) passed)"
	exit 0
fi
echo "---- tail of the guest console ($console) ----"
# Skip the final dmesg dump when the script got that far.
tr -d '\r' <"$console" | sed '/^E2E-DMESG-BEGIN/,$d' | tail -n 60
if [ -n "$klog_bad" ]; then
	echo "---- kernel log around the first problem ----"
	ts=$(head -n1 <<<"$klog_bad" | grep -o '^\[ *[0-9.]*\]')
	tr -d '\r' <"$console" | awk -v ts="$ts" '
		{ line[NR] = $0 }
		!hit && index($0, ts) == 1 { hit = NR }
		END { if (hit) for (i = (hit > 5 ? hit - 5 : 1); i <= hit + 30 && i <= NR; i++) print line[i] }'
fi
echo "---- end of tail ----"
for r in "${reasons[@]}"; do
	echo "RUN-VERDICT: FAIL $name: $r"
done
exit 1
