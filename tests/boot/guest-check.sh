#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The boot test's checks inside the image (installed as
# /usr/local/sbin/mpath2-boot-check, run by mpath2-boot-check.service once
# the system is up). Results and requests go to the host on the second
# serial port (/dev/ttyS1) as lines:
#   BOOT-RESULT: PASS|FAIL <case> [detail]
#   BOOT-STEP: <what the host must do now>  (pull-root-path,
#              return-root-path, pull-data-paths, poweroff, reboot)
#   BOOT-DONE: <boot number>
# The host (tests/boot/boot.sh) answers a step through QMP; this script
# sees the answer in the maps (it waits for it, with a bound).
# Kernel command line: mpath2boot.mode=test (one boot: the checks, a root
# path pulled and returned under a writer, the data LUN's paths pulled,
# then poweroff), soak (boot 1: the checks, then reboot; boot 2: the same
# names and the VG again, then the test mode's faults) or demo (the
# checks, then the console is left to a person).
set -uo pipefail
. /usr/local/lib/mpath2-boot/luns.sh

OUT=/dev/ttyS1
STATE=/var/lib/mpath2-boot
mode=$(sed -n 's/.*mpath2boot\.mode=\([a-z]*\).*/\1/p' /proc/cmdline)
mode=${mode:-test}
mkdir -p "$STATE"
nboot=$(($(cat "$STATE/boots" 2>/dev/null || echo 0) + 1))
echo "$nboot" >"$STATE/boots"
sync

say() { echo "$*" >"$OUT"; echo "mpath2-boot-check: $*"; }
nfailed=0
result() { # CASE COMMAND...: PASS if COMMAND succeeds
	local c=$1
	shift
	if "$@"; then
		say "BOOT-RESULT: PASS $c"
	else
		say "BOOT-RESULT: FAIL $c${why:+ ($why)}"
		nfailed=$((nfailed + 1))
	fi
	why=''
}
# After a failure: what mpath2d said, on the console for the host's log.
journal_tail() {
	[ "$nfailed" = 0 ] && return
	echo "mpath2-boot-check: mpath2d's journal:"
	journalctl -b -u mpath2d -o short-monotonic --no-pager | tail -n 40
	dmsetup table
	dmsetup status
}
why=''
wait_until() { # SECONDS COMMAND...
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 1
	done
}

# Paths of map $1 in its status: "<dev> <A|F>" per path.
paths_of() {
	dmsetup status "$1" 2>/dev/null | awk '{ for (i = 1; i < NF; i++)
		if ($i ~ /^[0-9]+:[0-9]+$/ && ($(i + 1) == "A" || $(i + 1) == "F"))
			print $i, $(i + 1) }'
}
active_paths() { paths_of "$1" | grep -c ' A$'; }
all_paths() { paths_of "$1" | wc -l; }
# The sd names of map $1's paths, one a line.
path_disks() {
	local d
	for d in /sys/block/"$(dm_of "$1")"/slaves/*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}
dm_of() { basename "$(readlink -f "/dev/mapper/$1")"; }
# sd disks whose WWID is $1 (sysfs: naa.<hex>).
disks_of_wwid() {
	local w
	for w in /sys/block/sd*/device/wwid; do
		[ -e "$w" ] && [ "$(cat "$w")" = "naa.${1#3}" ] && basename "$(dirname "$(dirname "$w")")"
	done
}

# ---- checks -------------------------------------------------------------------

root_on_map() {
	local src uuid
	src=$(findmnt -n -o SOURCE /)
	uuid=$(dmsetup info -c --noheadings -o uuid "$BOOT_ROOT_MAP" 2>/dev/null)
	why="/ from $src, $BOOT_ROOT_MAP uuid $uuid"
	[ "$(readlink -f "$src")" = "$(readlink -f "/dev/mapper/$BOOT_ROOT_MAP")" ] &&
		[ "$uuid" = "mpath2-$BOOT_ROOT_WWID" ]
}

maps_two_paths() {
	why="$BOOT_ROOT_MAP: $(paths_of "$BOOT_ROOT_MAP" | tr '\n' ' ');"
	why+=" $BOOT_DATA_MAP: $(paths_of "$BOOT_DATA_MAP" | tr '\n' ' ')"
	[ "$(active_paths "$BOOT_ROOT_MAP")" = 2 ] && [ "$(active_paths "$BOOT_DATA_MAP")" = 2 ]
}

# Every path disk: held by its map only, claimed for udev, nothing mounted.
paths_held_by_map_only() {
	local wwid map sd h n=0
	for wwid in "$BOOT_ROOT_WWID" "$BOOT_DATA_WWID"; do
		map=$BOOT_ROOT_MAP
		[ "$wwid" = "$BOOT_DATA_WWID" ] && map=$BOOT_DATA_MAP
		for sd in $(disks_of_wwid "$wwid"); do
			n=$((n + 1))
			h=$(ls "/sys/block/$sd/holders")
			if [ "$h" != "$(dm_of "$map")" ]; then
				why="$sd held by '$h', not $map"
				return 1
			fi
			if [ -n "$(lsblk -n -d -o MOUNTPOINT "/dev/$sd" | tr -d ' \n')" ]; then
				why="$sd mounted"
				return 1
			fi
			if ! udevadm info -q property -n "$sd" | grep -qx ID_FS_TYPE=mpath_member ||
			   ! udevadm info -q property -n "$sd" | grep -qx SYSTEMD_READY=0; then
				why="$sd not claimed: $(udevadm info -q property -n "$sd" | grep -E 'ID_FS_TYPE|SYSTEMD_READY|MPATH2' | tr '\n' ' ')"
				return 1
			fi
		done
	done
	why="$n path disks"
	[ $n = 4 ]
}

# The data LUN's VG: made on the map at the first boot; then (and at
# every later boot) LVM sees the PV on the map only, and the LV sits on
# the map.
vg_on_map() {
	local pvs lv sd
	if [ "$nboot" = 1 ] && ! vgs "$BOOT_VG" >/dev/null 2>&1; then
		pvcreate -q "/dev/mapper/$BOOT_DATA_MAP" && vgcreate -q "$BOOT_VG" "/dev/mapper/$BOOT_DATA_MAP" &&
			lvcreate -q -y -L 32M -n lv "$BOOT_VG" || { why="cannot make $BOOT_VG"; return 1; }
		# The paths' udev events again: LVM must still not take them.
		for sd in $(path_disks "$BOOT_DATA_MAP"); do
			udevadm trigger --action=change "/dev/$sd"
		done
		udevadm settle
	fi
	wait_until 30 test -e "/dev/$BOOT_VG/lv" || { why="no /dev/$BOOT_VG/lv"; return 1; }
	pvs=$(pvs --noheadings -o pv_name 2>/run/pvs.err | tr -d ' ')
	lv=$(ls "/sys/block/$(basename "$(readlink -f "/dev/$BOOT_VG/lv")")/slaves")
	why="pvs: $(echo "$pvs" | tr '\n' ' ') $(tr '\n' ' ' </run/pvs.err); lv on $lv"
	[ "$pvs" = "/dev/mapper/$BOOT_DATA_MAP" ] && [ "$lv" = "$(dm_of "$BOOT_DATA_MAP")" ]
}

# mpath2d runs and has looked at each of the four path disks.
daemon_checks_all() {
	local sd j
	systemctl is-active -q mpath2d || { why="mpath2d $(systemctl is-active mpath2d)"; return 1; }
	j=$(journalctl -b -u mpath2d -o cat --no-pager)
	for sd in $(path_disks "$BOOT_ROOT_MAP") $(path_disks "$BOOT_DATA_MAP"); do
		if ! grep -q "path $sd " <<<"$j"; then
			why="mpath2d never mentions $sd: $(tail -n 5 <<<"$j" | tr '\n' '|')"
			return 1
		fi
	done
}

# The names the bindings give, at every boot.
same_names() {
	why="$(dmsetup info -c --noheadings -o name,uuid 2>/dev/null | tr '\n' ' ')"
	[ "$(dmsetup info -c --noheadings -o uuid "$BOOT_ROOT_MAP")" = "mpath2-$BOOT_ROOT_WWID" ] &&
		[ "$(dmsetup info -c --noheadings -o uuid "$BOOT_DATA_MAP")" = "mpath2-$BOOT_DATA_WWID" ]
}

# ---- a writer on the root file system ------------------------------------------

writer() {
	local i=0 err=0
	while [ ! -e /run/mpath2-boot/stop ]; do
		if ! dd if=/dev/zero of="/var/tmp/writer.$((i % 4))" bs=64k count=4 \
			oflag=direct conv=fsync status=none; then
			err=$((err + 1))
		fi
		i=$((i + 1))
		echo "$i $err" >/run/mpath2-boot/writer
	done
}
writes() { cut -d' ' -f1 /run/mpath2-boot/writer; }
write_errors() { cut -d' ' -f2 /run/mpath2-boot/writer; }

root_path_pull() {
	local before n0
	mkdir -p /run/mpath2-boot
	rm -f /run/mpath2-boot/stop
	writer &
	wpid=$!
	wait_until 30 test -s /run/mpath2-boot/writer
	before=$(path_disks "$BOOT_ROOT_MAP" | sort | tr '\n' ' ')
	say "BOOT-STEP: pull-root-path"
	why="still $(paths_of "$BOOT_ROOT_MAP" | tr '\n' ' ')"
	result root-path-gone wait_until 180 eval '[ "$(all_paths "$BOOT_ROOT_MAP")" = 1 ] && [ "$(active_paths "$BOOT_ROOT_MAP")" = 1 ]'
	n0=$(writes)
	why="writes $n0 -> $(writes), errors $(write_errors)"
	result root-writer-goes-on wait_until 60 eval '[ "$(writes)" -gt $((n0 + 5)) ] && [ "$(write_errors)" = 0 ]'
	say "BOOT-STEP: return-root-path"
	# The returning disk is a new sd device (it may get the old name and
	# number back: the map had one path left, so a second one is an add).
	why="paths $(paths_of "$BOOT_ROOT_MAP" | tr '\n' ' '), before the pull: $before"
	result root-path-added wait_until 180 eval '[ "$(active_paths "$BOOT_ROOT_MAP")" = 2 ]'
	touch /run/mpath2-boot/stop
	wait "$wpid"
	why="$(writes) writes, $(write_errors) errors"
	result root-writer-no-error test "$(write_errors)" = 0
}

data_paths_pull() {
	local table
	table=$(dmsetup table "$BOOT_DATA_MAP")
	why="table: $table"
	result data-queue-if-no-path grep -qw queue_if_no_path <<<"$table"
	say "BOOT-STEP: pull-data-paths"
	why="still $(paths_of "$BOOT_DATA_MAP" | tr '\n' ' ')"
	result data-pathless wait_until 180 eval '[ "$(active_paths "$BOOT_DATA_MAP")" = 0 ]'
	# A reader on the LV: its I/O queues (the map has no path). It is
	# left to the shutdown: KillMode=process leaves it in the service's
	# cgroup, so nothing waits for it but the final kill.
	dd if="/dev/$BOOT_VG/lv" of=/dev/null bs=4k count=1 skip=77 iflag=direct status=none &
	qpid=$!
	sleep 5
	why="reader ended"
	result data-io-queued kill -0 "$qpid"
}

# ---- the boot -----------------------------------------------------------------

say "BOOT-START: $nboot mode $mode kernel $(uname -r)"
result root-on-map root_on_map
result maps-two-paths wait_until 60 maps_two_paths
result paths-held-by-map-only paths_held_by_map_only
result vg-on-map vg_on_map
result daemon-checks-all wait_until 60 daemon_checks_all
lsblk -o NAME,MAJ:MIN,TYPE,FSTYPE,MOUNTPOINT >"$OUT"
if [ "$mode" = soak ] && [ "$nboot" = 1 ]; then
	journal_tail
	say "BOOT-DONE: $nboot"
	say "BOOT-STEP: reboot"
	systemctl reboot --no-block
	exit 0
fi
[ "$nboot" -gt 1 ] && result same-names-after-reboot same_names
if [ "$mode" = demo ]; then
	say "BOOT-DONE: $nboot"
	exit 0
fi
root_path_pull
data_paths_pull
journal_tail
say "BOOT-DONE: $nboot"
say "BOOT-STEP: poweroff"
systemctl poweroff --no-block
exit 0
