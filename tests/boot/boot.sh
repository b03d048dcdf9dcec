#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The boot test: the Debian 12 image of scripts/image.sh (`make image`)
# booted in qemu (TCG) with systemd as PID 1 and its root file system on
# an mpath2 map over two paths: one -blockdev raw node under two scsi-hd
# devices (one per virtio-scsi controller) with the same wwn and serial,
# share-rw=on. A second LUN, the same way, carries an LVM volume group.
# The kernel and initrd are the image's own (initramfs-tools with
# mpath2's hook makes the maps before / is mounted: root=/dev/mapper/...).
# In the guest, mpath2-boot-check.service (tests/boot/guest-check.sh)
# prints its results on the second serial port and asks for the faults,
# which this script makes through QMP:
#   pull-root-path    device_del of one root path (a writer on / goes on)
#   return-root-path  device_add of a NEW scsi-hd on the same node (a new
#                     sd device the daemon must add to the map)
#   pull-data-paths   device_del of both data paths (the map queues)
#   poweroff          the shutdown is timed until qemu exits: <= 90 s
#   reboot            (soak) the same image boots again
#
# Usage: boot.sh [--mode test|soak|demo] [--timeout S]
#   test  one boot: the checks, the path pull and return, the pathless
#         data LUN's shutdown (make test's boot stage)
#   soak  two boots with `systemctl reboot` between: the same map names
#         (bindings) and the VG again, then the faults (make soak)
#   demo  the checks, then the console on this terminal (make demo-boot);
#         log in as root (no password), poweroff to end
# Prints "PASS <case>" / "FAIL <case>" lines and "BOOT: N passed, N failed";
# exits non-zero if any case failed. Every case the mode declares that
# never reported counts as failed. Holds /tmp/mpath2-guest.lock around qemu.
#
# boot-cases: root-on-map maps-two-paths paths-held-by-map-only vg-on-map
# boot-cases: daemon-checks-all root-path-gone root-writer-goes-on
# boot-cases: root-path-added root-writer-no-error data-queue-if-no-path
# boot-cases: data-pathless data-io-queued shutdown-within-90s
# boot-cases: kernel-log-clean
set -uo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
die() { echo "$prog: $*" >&2; exit 2; }

mode=test timeout=1200
while [ $# -gt 0 ]; do
	case $1 in
	--mode) mode=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	-h|--help) sed -n '4,35s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown argument $1 (try --help)" ;;
	esac
done
case $mode in test|soak|demo) ;; *) die "mode test, soak or demo" ;; esac

# shellcheck source=tests/boot/luns.sh
. "$here/luns.sh"
cases=$(sed -n 's/^# boot-cases://p' "$0")
[ "$mode" = soak ] && cases+=" same-names-after-reboot"
[ "$mode" = demo ] && cases="root-on-map maps-two-paths paths-held-by-map-only vg-on-map daemon-checks-all"

npass=0 nfail=0
declare -A seen=()
pass() { echo "PASS $1${2:+ $2}"; npass=$((npass + 1)); seen[$1]=1; }
fail() { echo "FAIL $1${2:+ $2}"; nfail=$((nfail + 1)); seen[$1]=1; }
finish() {
	local c
	for c in $cases; do
		[ -n "${seen[$c]:-}" ] || fail "$c" "(never reported)"
	done
	echo "BOOT: $npass passed, $nfail failed"
	[ "$nfail" = 0 ]
	exit $?
}

qemu=${MPATH2_QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || { fail boot "($qemu missing: make deps)"; finish; }
# The packages the image installs, made when missing (make deb).
ls "$top"/build/deb/mpath2-tools_*.deb >/dev/null 2>&1 || "$top/scripts/deb.sh" >&2 ||
	{ fail boot "(make deb failed)"; finish; }
img=$("$top/scripts/image.sh") || { fail boot "(no image: scripts/image.sh failed)"; finish; }

run=${MPATH2_CACHE:-$HOME/.cache/mpath2}/runs/boot.$$
mkdir -p "$run"
cleanup() {
	[ -n "${qpid:-}" ] && kill "$qpid" 2>/dev/null
	rm -f "$run/root.raw" "$run/data.raw" "$run/vmlinuz" "$run/initrd.img"
}
trap cleanup EXIT
echo "boot: image $img ($(cat "$img/key")), run in $run"
# The run's own copies: a rebuild of the image meanwhile changes nothing here.
cp --sparse=always "$img/root.raw" "$run/root.raw"
cp "$img/vmlinuz" "$img/initrd.img" "$run/"
truncate -s 256M "$run/data.raw"
con=$run/console.log mark=$run/markers.log qmp=$run/qmp.sock
: >"$con"
: >"$mark"

accel=(-accel tcg,thread=multi)
[ "${MPATH2_KVM:-0}" = 1 ] && accel=(-accel kvm -cpu host)
lun() { # NODE FILE WWN SERIAL
	echo "-blockdev driver=file,filename=$2,node-name=$1f,cache.direct=off"
	echo "-blockdev driver=raw,file=$1f,node-name=$1"
}
path() { # ID NODE WWN SERIAL BUS
	echo "driver=scsi-hd,id=$1,bus=$5.0,drive=$2,wwn=$3,serial=$4,share-rw=on"
}
# shellcheck disable=SC2207
qemu_cmd=(
	"$qemu" -M q35 "${accel[@]}" -smp 2 -m 1536 -display none -nic none
	-kernel "$run/vmlinuz" -initrd "$run/initrd.img"
	-append "root=/dev/mapper/$BOOT_ROOT_MAP ro console=ttyS0 panic=-1 mpath2boot.mode=$mode"
	-chardev "file,id=con,path=$con" -serial chardev:con
	-chardev "file,id=mark,path=$mark" -serial chardev:mark
	-qmp "unix:$qmp,server=on,wait=off"
	-device virtio-scsi-pci,id=scsi0 -device virtio-scsi-pci,id=scsi1
	$(lun root "$run/root.raw") $(lun data "$run/data.raw")
	-device "$(path rootA root "$BOOT_ROOT_WWN" MP2ROOT scsi0)"
	-device "$(path rootB root "$BOOT_ROOT_WWN" MP2ROOT scsi1)"
	-device "$(path dataA data "$BOOT_DATA_WWN" MP2DATA scsi0)"
	-device "$(path dataB data "$BOOT_DATA_WWN" MP2DATA scsi1)"
)
if [ "$mode" = demo ]; then
	# The console on this terminal (Ctrl-A X quits qemu); no faults.
	qemu_cmd=("${qemu_cmd[@]/#file,id=con,path=$con/stdio,id=con,mux=on,signal=off}")
	qemu_cmd+=(-mon chardev=con -no-reboot)
fi

# One QMP command (JSON) and its answer; events are skipped.
qmp_cmd() {
	python3 - "$qmp" "$1" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sys.argv[1])
f = s.makefile("rw")
json.loads(f.readline())
def ask(c):
    f.write(json.dumps(c) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            return r
ask({"execute": "qmp_capabilities"})
r = ask(json.loads(sys.argv[2]))
print(json.dumps(r))
sys.exit(1 if "error" in r else 0)
PY
}
device_del() { qmp_cmd "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"$1\"}}"; }
device_add() { # the path() string as QMP arguments
	local kv args='' k v
	IFS=, read -ra kv <<<"$1"
	for k in "${kv[@]}"; do
		v=${k#*=}
		k=${k%%=*}
		[ "$k" = wwn ] && v=$((v))
		case $k in wwn) args+="\"$k\":$v," ;; share-rw) args+="\"$k\":true," ;;
			*) args+="\"$k\":\"$v\"," ;; esac
	done
	qmp_cmd "{\"execute\":\"device_add\",\"arguments\":{${args%,}}}"
}

echo "boot: ${qemu_cmd[*]}"
t0=$SECONDS
exec 9>/tmp/mpath2-guest.lock
flock 9 || { fail boot "(the guest lock was not taken)"; finish; }
echo "boot: guest lock taken after $((SECONDS - t0)) s"
t0=$SECONDS
if [ "$mode" = demo ]; then
	echo "boot: the console follows; log in as root (no password), 'poweroff' ends it"
	"${qemu_cmd[@]}" 9>&-
	echo "boot: qemu exited $? after $((SECONDS - t0)) s; the checks said:"
	grep -a '^BOOT-' "$mark" | tr -d '\r'
	flock -u 9
	npass=$(grep -ac '^BOOT-RESULT: PASS' "$mark")
	nfail=$(grep -ac '^BOOT-RESULT: FAIL' "$mark")
	echo "BOOT: $npass passed, $nfail failed"
	[ "$nfail" = 0 ]
	exit $?
fi
timeout -k 5 "$timeout" "${qemu_cmd[@]}" </dev/null 9>&- &
qpid=$!

done_steps=0 off_at='' boots=0
while kill -0 "$qpid" 2>/dev/null; do
	mapfile -t lines < <(grep -a -E '^BOOT-(STEP|RESULT|DONE|START)' "$mark" | tr -d '\r')
	while [ "$done_steps" -lt "${#lines[@]}" ]; do
		l=${lines[$done_steps]}
		done_steps=$((done_steps + 1))
		echo "boot: +$((SECONDS - t0))s $l"
		case $l in
		'BOOT-RESULT: PASS '*) read -r c d <<<"${l#BOOT-RESULT: PASS }"; pass "$c" "$d" ;;
		'BOOT-RESULT: FAIL '*) read -r c d <<<"${l#BOOT-RESULT: FAIL }"; fail "$c" "$d" ;;
		'BOOT-START: '*) boots=$((boots + 1)) ;;
		'BOOT-STEP: pull-root-path') device_del rootA >/dev/null || echo "boot: device_del rootA failed" ;;
		'BOOT-STEP: return-root-path')
			device_add "$(path rootA2 root "$BOOT_ROOT_WWN" MP2ROOT scsi0)" >/dev/null ||
				echo "boot: device_add rootA2 failed" ;;
		'BOOT-STEP: pull-data-paths')
			device_del dataA >/dev/null && device_del dataB >/dev/null ||
				echo "boot: device_del of the data paths failed" ;;
		'BOOT-STEP: poweroff') off_at=$SECONDS ;;
		esac
	done
	sleep 1
done
wait "$qpid"
qrc=$?
echo "boot: qemu exited $qrc after $((SECONDS - t0)) s, $boots boot(s)"
flock -u 9

if [ -n "$off_at" ]; then
	took=$((SECONDS - off_at))
	echo "boot: shutdown took $took s (from the poweroff request to qemu's exit)"
	if [ $qrc = 0 ] && [ $took -le 90 ]; then
		pass shutdown-within-90s "($took s)"
	else
		fail shutdown-within-90s "($took s, qemu status $qrc)"
	fi
fi
# The kernel's lines on the console, as scripts/guest/run.sh scans them.
if grep -aE '\[ *[0-9]+\.[0-9]{6}\].*(WARNING:|BUG:|Oops|Call Trace|general protection|Kernel panic|blocked for more than|INFO: task |UBSAN:|KASAN:)' \
	"$con" >"$run/kernel-bad.log"; then
	fail kernel-log-clean "($(head -n 3 "$run/kernel-bad.log" | tr '\n' '|'))"
else
	pass kernel-log-clean
fi
if [ "$nfail" != 0 ] || [ "${#seen[@]}" = 0 ]; then
	echo "boot: console tail ($con):"
	tail -n 60 "$con" | sed 's/^/  | /'
fi
finish
