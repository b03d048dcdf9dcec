#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "udev" (one boot): mpath2's udev rules (tools/udev/, put in
# place by the Makefile's install-config) under a real systemd-udevd with
# the stock rules of a Debian host (udev's, dmsetup's, kpartx's). This
# group starts udevd itself and unsets DM_DISABLE_UDEV, so libdevmapper
# (dmsetup, kpartx, mpath2ctl) waits on udev cookies and udev makes the
# /dev/mapper links. One LIO LUN over two portals, an ext4 signature put
# on it through one path before any map exists:
#   - udevd loads mpath2's rules without a complaint, scsi_id's ID_SERIAL
#     and by-id links are there (the stock rules run);
#   - before a map: both path disks show ext4 and no mpath2 mark;
#   - mpath2ctl create returns (its cookie completed), /dev/mapper/<map> is
#     udev's link, and the map's event re-triggers its disks: both get
#     ID_FS_TYPE=mpath_member, SYSTEMD_READY=0, DM_MULTIPATH_DEVICE_PATH=1
#     and MPATH2_PATH=1 with no manual trigger; the map has ID_FS_TYPE=ext4,
#     its dm-uuid-/dm-name- links, and the filesystem's by-uuid and
#     by-label links point at the map, not at a path;
#   - by-id (64-mpath2-by-id.rules): the LUN's names scsi-<ID_SERIAL> and
#     wwn-<ID_WWN_WITH_EXTENSION> (what the path disks had before the
#     map), dm-uuid-mpath2-<WWID> and dm-name-<map> lead to the map; no
#     by-id link leads to a path disk, which keeps its by-path link and
#     has no by-id, by-uuid or by-label one. The
#     control: with the rule file moved away (udevd reloaded, change
#     events) the same check fails, and passes again with it back. When
#     the map goes, the path disks get their by-id links back;
#   - a reload of the same table, a path failed and reinstated: no
#     "change" to the path disks (only a reload that adds or drops a disk
#     tells it);
#   - sfdisk writes a partition table on the map: udev's watch on the map
#     sends "change", 63-mpath2-parts.rules runs kpartx, <map>-part1 has
#     the right size, offset and UUID and reads what the map has there; a
#     table reload keeps it and the marks, a reload without path 2
#     unmarks its disk, path 2 back marks it again;
#   - kpartx -d, then mpath2ctl remove (the order the rules file gives):
#     the maps and their links go, and the disks lose their marks with no
#     manual trigger;
#   - maps whose UUID is not mpath2-* (LVM-*, none) mark nothing;
#   - mpath2ctl daemon takes udevd's events (not the kernel's) when udevd
#     runs; a disk deleted and rescanned rejoins the map, is marked, and
#     the partition the kernel found on it is deleted (kpartx's
#     68-del-part-nodes.rules, keyed on DM_MULTIPATH_DEVICE_PATH=1);
#   - an LVM PV made on the map: the map is LVM2_member, both disks stay
#     marked, and LVM reading udev's device info (external_device_info_source
#     "udev") takes the PV on the map alone, not on a path disk.
#
# e2e-needs: udev
# e2e-scenarios: udv-setup udv-udevd udv-unmarked udv-create
# e2e-scenarios: udv-paths-marked udv-map-ids udv-by-id udv-by-id-control
# e2e-scenarios: udv-path-uevents udv-quiet-reload udv-no-path-noscan
# e2e-scenarios: udv-parts udv-reload
# e2e-scenarios: udv-parts-remove udv-remove udv-paths-unmarked udv-by-id-back
# e2e-scenarios: udv-foreign-map udv-daemon-udev udv-daemon-rejoin
# e2e-scenarios: udv-lvm udv-teardown kernel-log-clean
set -uo pipefail
# A small LUN: mkfs and the rescans stay quick under emulation.
ISCSI_LUN_MB=${ISCSI_LUN_MB:-${E2E_LUN_MB:-64}}
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/e2e/common/udev.sh
. "$(dirname "$0")/common/udev.sh"

CTL=${E2E_CTL:-mpath2ctl}
MAP=e2e-udev
PART=$MAP-part1
PART_START=2048              # sectors
PART_SIZE=32768              # sectors (16 MiB)
ULOG=$E2E_TMP/udevd.log
CONF=$E2E_TMP/mpath2.conf
DLOG=$E2E_TMP/daemon.log
DPID=
MON_PID=
MAP_UUID=
BYID_SCSI=                   # the LUN's by-id names, as its path disks had them
BYID_WWN=
E2E_KEEP="udv-teardown kernel-log-clean"

# ---- udev helpers (udevd itself: common/udev.sh) ------------------------------

# The properties this group is about, on one line (for the log and reasons).
ubrief() {
	uprops "$1" | grep -E '^(ID_FS_TYPE|ID_PART_TABLE_TYPE|MPATH2_PATH|SYSTEMD_READY|DM_MULTIPATH_DEVICE_PATH|DM_UUID)=' |
		tr '\n' ' '
}

# A path disk as 62-mpath2-path.rules marks it: all four properties.
marked() {
	local p
	p=$(uprops "$1") || return 1
	grep -qx MPATH2_PATH=1 <<<"$p" && grep -qx ID_FS_TYPE=mpath_member <<<"$p" &&
		grep -qx SYSTEMD_READY=0 <<<"$p" && grep -qx DM_MULTIPATH_DEVICE_PATH=1 <<<"$p"
}

# Not marked at all: none of the four (an empty database fails too).
unmarked() {
	local p
	p=$(uprops "$1") || return 1
	[ -n "$p" ] && ! grep -qxE 'MPATH2_PATH=.*|ID_FS_TYPE=mpath_member|SYSTEMD_READY=.*|DM_MULTIPATH_DEVICE_PATH=.*' <<<"$p"
}

all_marked() {
	local sd
	for sd in "$@"; do marked "$sd" || return 1; done
}

# all_unmarked FSTYPE SD...: unmarked, and blkid's ID_FS_TYPE is FSTYPE
# (empty: none) - proof that the event that cleared the mark probed again.
all_unmarked() {
	local fs=$1 sd
	shift
	for sd in "$@"; do
		unmarked "$sd" && [ "$(uprop "$sd" ID_FS_TYPE)" = "$fs" ] || return 1
	done
}

# No libdevmapper cookie (SysV semaphore) left waiting.

# ---- map helpers ---------------------------------------------------------------

map_exists() { dmsetup info "$1" >/dev/null 2>&1; }
map_gone() { ! map_exists "$1" && [ ! -e "/dev/mapper/$1" ]; }

# A command bounded in time, logged, its output in the log; the exit status
# of the command (124: timed out).
brun() {
	local t=$1 out rc=0
	shift
	e2e_log "+ $*"
	out=$(timeout "$t" "$@" 2>&1) || rc=$?
	[ -z "$out" ] || printf '%s\n' "$out" | head -n 20 | sed 's/^/  | /'
	if [ "$rc" = 124 ]; then
		e2e_log "timed out after $t s"
	elif [ "$rc" != 0 ]; then
		e2e_log "exit $rc"
	fi
	return "$rc"
}

# ---- scenarios -------------------------------------------------------------------

s_setup() {
	if ! command -v "$CTL" >/dev/null || ! [ -x "$UDEVD" ] || ! command -v kpartx >/dev/null ||
		! command -v sfdisk >/dev/null || ! command -v mkfs.ext4 >/dev/null; then
		result_fail udv-setup "$CTL, systemd-udevd, kpartx, sfdisk or mkfs.ext4 is not in the guest (# e2e-needs: udev)"
		return 1
	fi
	if ! udevd_start; then
		udevd_log_tail
		result_fail udv-setup "systemd-udevd did not start or coldplug did not settle"
		return 1
	fi
	# From here on libdevmapper uses udev: cookies, links made by udev.
	unset DM_DISABLE_UDEV
	if ! iscsi_setup || ! modprobe dm-mpath2 || ! settle; then
		result_fail udv-setup "no iSCSI paths, no module, or udev did not settle"
		return 1
	fi
	result_pass udv-setup
}

# udevd took mpath2's rules without a complaint, and runs the stock rules:
# scsi_id's ID_SERIAL and the by-id links.
s_udevd() {
	local sd why="" w
	grep -q 'mpath2-' "$ULOG" && why="udevd complains about mpath2's rules: $(grep -m1 'mpath2-' "$ULOG")"
	BYID_SCSI=$(uprop "${E2E_SD[0]}" ID_BUS)-$(uprop "${E2E_SD[0]}" ID_SERIAL)
	BYID_WWN=wwn-$(uprop "${E2E_SD[0]}" ID_WWN_WITH_EXTENSION)
	e2e_log "the LUN's by-id names: $BYID_SCSI $BYID_WWN"
	for sd in "${E2E_SD[@]}"; do
		w=$(kernel_wwid "$sd")
		e2e_log "$sd: $(ubrief "$sd") ID_SERIAL=$(uprop "$sd" ID_SERIAL)"
		[ "$(uprop "$sd" ID_SERIAL)" = "$w" ] ||
			why=${why:-"$sd: ID_SERIAL '$(uprop "$sd" ID_SERIAL)', the kernel's WWID $w"}
		[ "$(readlink -f "/dev/disk/by-id/scsi-$w")" = "/dev/${E2E_SD[0]}" ] ||
			[ "$(readlink -f "/dev/disk/by-id/scsi-$w")" = "/dev/${E2E_SD[1]}" ] ||
			why=${why:-"no /dev/disk/by-id/scsi-$w link to a path disk"}
		case $(readlink -f "/dev/disk/by-id/$BYID_WWN") in
		"/dev/${E2E_SD[0]}" | "/dev/${E2E_SD[1]}") ;;
		*) why=${why:-"no /dev/disk/by-id/$BYID_WWN link to a path disk"} ;;
		esac
	done
	result udv-udevd "$why" test -z "$why"
}

# A real signature through one path, then a change event on both disks.
s_unmarked() {
	local sd why=""
	brun 60 mkfs.ext4 -q -F -L e2e-udev "/dev/${E2E_SD[0]}" || why="mkfs.ext4 failed"
	for sd in "${E2E_SD[@]}"; do
		echo change >"/sys/class/block/$sd/uevent"
	done
	settle || why=${why:-"udev did not settle"}
	for sd in "${E2E_SD[@]}"; do
		e2e_log "$sd before any map: $(ubrief "$sd")"
	done
	all_unmarked ext4 "${E2E_SD[@]}" || why=${why:-"a path disk is marked, or has no ID_FS_TYPE=ext4, before any map: $(ubrief "${E2E_SD[0]}")/ $(ubrief "${E2E_SD[1]}")"}
	result udv-unmarked "$why" test -z "$why"
}

s_create() {
	local why="" t0 link
	t0=$(e2e_now_cs)
	brun 60 "$CTL" create "$MAP" "/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}" || why="mpath2ctl create failed or hung on its cookie"
	e2e_log "create returned after $(e2e_since "$t0")s"
	# No wait: the cookie completes after udev's rules ran for the map.
	link=$(readlink "/dev/mapper/$MAP" 2>/dev/null)
	e2e_log "/dev/mapper/$MAP -> ${link:-nothing}"
	MAP_UUID=$(dmsetup info -c --noheadings -o uuid "$MAP" 2>/dev/null | tr -d ' ')
	[ -z "$why" ] && [ "$link" != "../$(mp_blkname "$MAP")" ] &&
		why="/dev/mapper/$MAP is not udev's link to the map when create returns (${link:-none})"
	[ -z "$why" ] && ! no_cookies && why="udev cookies left: $(dmsetup udevcookies | tail -n +2 | tr '\n' ' ')"
	result udv-create "$why" test -z "$why"
}

s_paths_marked() {
	local sd
	settle
	if wait_until 15 0.2 all_marked "${E2E_SD[@]}"; then
		result_pass udv-paths-marked
	else
		udevd_log_tail
		result_fail udv-paths-marked "path disks not marked after create: ${E2E_SD[0]}: $(ubrief "${E2E_SD[0]}")/ ${E2E_SD[1]}: $(ubrief "${E2E_SD[1]}")"
	fi
	for sd in "${E2E_SD[@]}"; do
		e2e_log "$sd with the map: $(ubrief "$sd")"
	done
}

# The map itself: the real filesystem, its dm links, the by-uuid link.
s_map_ids() {
	local dm why="" fsuuid l
	dm=$(mp_blkname "$MAP")
	fsuuid=$(uprop "$dm" ID_FS_UUID)
	e2e_log "$dm: $(ubrief "$dm") ID_FS_UUID=$fsuuid"
	[ "$(uprop "$dm" ID_FS_TYPE)" = ext4 ] || why="the map's ID_FS_TYPE is '$(uprop "$dm" ID_FS_TYPE)', not ext4"
	[ "$MAP_UUID" = "mpath2-$(kernel_wwid "${E2E_SD[0]}")" ] || why=${why:-"map UUID '$MAP_UUID'"}
	l=$(readlink -f "/dev/disk/by-id/dm-uuid-$MAP_UUID")
	[ "$l" = "/dev/$dm" ] || why=${why:-"/dev/disk/by-id/dm-uuid-$MAP_UUID -> '$l', not /dev/$dm"}
	l=$(readlink -f "/dev/disk/by-id/dm-name-$MAP")
	[ "$l" = "/dev/$dm" ] || why=${why:-"/dev/disk/by-id/dm-name-$MAP -> '$l', not /dev/$dm"}
	# The filesystem is the map's: mount UUID=... must not find a path disk.
	l=$(readlink -f "/dev/disk/by-uuid/$fsuuid")
	e2e_log "/dev/disk/by-uuid/$fsuuid -> $l, by-label/e2e-udev -> $(readlink -f /dev/disk/by-label/e2e-udev)"
	[ -n "$fsuuid" ] && [ "$l" = "/dev/$dm" ] ||
		why=${why:-"/dev/disk/by-uuid/${fsuuid:-?} -> '$l', not the map /dev/$dm"}
	l=$(readlink -f /dev/disk/by-label/e2e-udev)
	[ "$l" = "/dev/$dm" ] || why=${why:-"/dev/disk/by-label/e2e-udev -> '$l', not the map /dev/$dm"}
	if [ -n "$why" ]; then
		for l in "${E2E_SD[@]}" "$dm"; do
			e2e_log "$l links: $(udevadm info --query=symlink --name="$l")"
		done
		# Claims of the shared links: priority:device per claimant.
		for l in /run/udev/links/*by-uuid*/* /run/udev/links/*by-label*/*; do
			e2e_log "$l -> $(readlink "$l")"
		done
	fi
	result udv-map-ids "$why" test -z "$why"
}

# ---- by-id links (64-mpath2-by-id.rules) --------------------------------------

# The rule file as install-config put it in the guest.
byid_rule() {
	local d
	for d in /usr/lib/udev/rules.d /lib/udev/rules.d /etc/udev/rules.d; do
		[ -e "$d/64-mpath2-by-id.rules" ] && { echo "$d/64-mpath2-by-id.rules"; return 0; }
	done
	return 1
}

# byid_why DM SD...: why the by-id links are not as they should be (nothing
# when they are): the LUN's names and the map's dm-uuid/dm-name lead to
# /dev/DM, no by-id link leads to a path disk SD, and each SD keeps a
# by-path link.
byid_why() {
	local dm=$1 sd l t links
	shift
	for l in "dm-uuid-$MAP_UUID" "dm-name-$MAP" "$BYID_SCSI" "$BYID_WWN"; do
		t=$(readlink -f "/dev/disk/by-id/$l")
		[ "$t" = "/dev/$dm" ] || {
			echo "/dev/disk/by-id/$l -> '${t:-nothing}', not the map /dev/$dm"
			return
		}
	done
	for sd; do
		for l in /dev/disk/by-id/*; do
			[ "$(readlink -f "$l")" = "/dev/$sd" ] &&
				{ echo "$l leads to the path disk $sd"; return; }
		done
		links=$(udevadm info --query=symlink --name="$sd" 2>/dev/null)
		grep -qE 'disk/by-(id|uuid|label)/' <<<"$links" &&
			{ echo "$sd still claims by-id/by-uuid/by-label links: $links"; return; }
		grep -q 'disk/by-path/' <<<"$links" ||
			{ echo "$sd has no by-path link: '$links'"; return; }
	done
}

byid_log() {
	local d
	for d in "$@"; do
		e2e_log "$d links: $(udevadm info --query=symlink --name="$d" 2>/dev/null)"
	done
}

# A change event on the map and on its disks, then wait for udev.
byid_retrigger() {
	local d
	for d in "$@"; do
		echo change >"/sys/class/block/$d/uevent"
	done
	settle
}

# The LUN's by-id names are the map's.
s_by_id() {
	local dm why
	dm=$(mp_blkname "$MAP")
	why=$(byid_why "$dm" "${E2E_SD[@]}")
	[ "$BYID_SCSI" = - ] || [ "$BYID_WWN" = wwn- ] && why=${why:-"no ID_SERIAL or ID_WWN_WITH_EXTENSION on the path disks"}
	[ -n "$why" ] && byid_log "$dm" "${E2E_SD[@]}"
	result udv-by-id "$why" test -z "$why"
}

# Control: the check above fails without 64-mpath2-by-id.rules (udevd
# reloaded, change events on the map and its disks), and passes again
# with the file back.
s_by_id_control() {
	local dm rule why="" without with
	dm=$(mp_blkname "$MAP")
	if ! rule=$(byid_rule); then
		result_fail udv-by-id-control "64-mpath2-by-id.rules is not installed in the guest"
		return
	fi
	mv "$rule" "$rule.off" && udevadm control --reload || why="cannot move $rule away"
	byid_retrigger "$dm" "${E2E_SD[@]}"
	without=$(byid_why "$dm" "${E2E_SD[@]}")
	e2e_log "without the rule: ${without:-all as with it}"
	byid_log "$dm" "${E2E_SD[@]}"
	mv "$rule.off" "$rule" && udevadm control --reload || why=${why:-"cannot put $rule back"}
	byid_retrigger "$dm" "${E2E_SD[@]}"
	with=$(byid_why "$dm" "${E2E_SD[@]}")
	[ -z "$without" ] && why=${why:-"the by-id check passes without 64-mpath2-by-id.rules: it tests nothing"}
	[ -n "$with" ] && why=${why:-"with the rule back: $with"}
	result udv-by-id-control "$why" test -z "$why"
}

# The map gone: a path disk has the LUN's by-id names again.
s_by_id_back() {
	local why="" l t
	for l in "$BYID_SCSI" "$BYID_WWN"; do
		t=$(readlink -f "/dev/disk/by-id/$l")
		case $t in
		"/dev/${E2E_SD[0]}" | "/dev/${E2E_SD[1]}") ;;
		*) why=${why:-"/dev/disk/by-id/$l -> '${t:-nothing}' after the map went, not a path disk"} ;;
		esac
	done
	[ -n "$why" ] && byid_log "${E2E_SD[@]}"
	result udv-by-id-back "$why" test -z "$why"
}

part_there() { map_exists "$PART" && [ -b "/dev/mapper/$PART" ]; }

# A partition table on the map: the map's partition map appears by itself.
# dm-multipath's path uevents, which multipathd and udev rules act on: a
# KOBJ_CHANGE on the map with DM_ACTION=PATH_FAILED / PATH_REINSTATED,
# DM_PATH=<maj:min> and DM_NR_VALID_PATHS after the change.
s_path_uevents() {
	local why="" mon dev log=$E2E_TMP/uevents
	dev=$(cat "/sys/class/block/${E2E_SD[0]}/dev")
	udevadm monitor --kernel --property --subsystem-match=block >"$log" 2>&1 &
	mon=$!
	sleep 1
	dmsetup message "$MAP" 0 fail_path "$dev" || why="fail_path $dev refused"
	dmsetup message "$MAP" 0 reinstate_path "$dev" || why=${why:-"reinstate_path $dev refused"}
	wait_until 15 0.2 grep -q '^DM_ACTION=PATH_REINSTATED' "$log"
	sleep 0.5
	kill "$mon" 2>/dev/null
	wait "$mon" 2>/dev/null
	# One event's properties are the lines between two blank lines.
	awk -v RS= '/DM_ACTION=PATH_FAILED/' "$log" >"$log.failed"
	awk -v RS= '/DM_ACTION=PATH_REINSTATED/' "$log" >"$log.reinstated"
	e2e_log "PATH_FAILED event: $(tr '\n' ' ' <"$log.failed")"
	e2e_log "PATH_REINSTATED event: $(tr '\n' ' ' <"$log.reinstated")"
	grep -qx "DM_PATH=$dev" "$log.failed" && grep -qx 'DM_NR_VALID_PATHS=1' "$log.failed" &&
		grep -qx 'ACTION=change' "$log.failed" ||
		why=${why:-"no PATH_FAILED uevent with DM_PATH=$dev DM_NR_VALID_PATHS=1"}
	grep -qx "DM_PATH=$dev" "$log.reinstated" && grep -qx 'DM_NR_VALID_PATHS=2' "$log.reinstated" ||
		why=${why:-"no PATH_REINSTATED uevent with DM_PATH=$dev DM_NR_VALID_PATHS=2"}
	result udv-path-uevents "$why" test -z "$why"
}

# A map event that changes no disk's membership (a reload of the same
# table, a path failed and reinstated) sends its path disks no "change":
# each such event used to cost udev, blkid and the daemon one event per
# path (62-mpath2-path.rules tells only the disks a reload adds or drops;
# udv-reload checks those still are told).
s_quiet_reload() {
	local why="" mon log=$E2E_TMP/uevents-quiet dev n re
	dev=$(cat "/sys/class/block/${E2E_SD[1]}/dev")
	udevadm monitor --kernel --subsystem-match=block >"$log" 2>&1 &
	mon=$!
	sleep 1
	if ! dmsetup reload "$MAP" --table "$(dmsetup table "$MAP")" ||
		! dmsetup resume "$MAP"; then
		why="the reload of the same table failed"
	fi
	dmsetup message "$MAP" 0 fail_path "$dev" || why=${why:-"fail_path $dev refused"}
	dmsetup message "$MAP" 0 reinstate_path "$dev" || why=${why:-"reinstate_path $dev refused"}
	settle
	sleep 1
	kill "$mon" 2>/dev/null
	wait "$mon" 2>/dev/null
	re="change +/devices/[^ ]*/block/(${E2E_SD[0]}|${E2E_SD[1]}) "
	n=$(grep -cE "$re" "$log")
	e2e_log "map events: $(grep -c 'block/dm-' "$log"), path disk change events: $n"
	[ "$n" -eq 0 ] || why=${why:-"$n change event(s) on the path disks: $(grep -E "$re" "$log" | head -n 2 | tr '\n' ' ')"}
	result udv-quiet-reload "$why" test -z "$why"
}

# A map with no usable path under queue_if_no_path holds every read: udev
# must not run blkid on it (57-mpath2-map.rules), or its worker blocks and
# udevd stops settling. Both the PATH_FAILED event (0 valid paths) and a
# synthetic change (no path count: the rule asks the map's status) count.
s_no_path_noscan() {
	local why="" dm dev sd queued
	dm=$(basename "$(readlink -f "/dev/mapper/$MAP")")
	queued=$(dmsetup table "$MAP" | grep -c queue_if_no_path)
	dmsetup message "$MAP" 0 queue_if_no_path || why="queue_if_no_path refused"
	for sd in "${E2E_SD[@]}"; do
		dev=$(cat "/sys/class/block/$sd/dev")
		dmsetup message "$MAP" 0 fail_path "$dev" || why=${why:-"fail_path $dev refused"}
	done
	timeout 60 udevadm settle --timeout=30 ||
		why=${why:-"udevd did not settle after the last path failed (blkid blocked on the map?)"}
	[ "$(uprop "/dev/$dm" MPATH2_NO_USABLE_PATH)" = 1 ] ||
		why=${why:-"the map is not marked MPATH2_NO_USABLE_PATH after PATH_FAILED with 0 paths"}
	echo change >"/sys/class/block/$dm/uevent"
	timeout 60 udevadm settle --timeout=30 ||
		why=${why:-"udevd did not settle after a synthetic change on a map with no path"}
	[ "$(uprop "/dev/$dm" MPATH2_NO_USABLE_PATH)" = 1 ] ||
		why=${why:-"a synthetic change scanned the map with no usable path"}
	e2e_log "map with no path: $(ubrief "/dev/$dm")"
	for sd in "${E2E_SD[@]}"; do
		dmsetup message "$MAP" 0 reinstate_path "$(cat "/sys/class/block/$sd/dev")"
	done
	[ "$queued" -gt 0 ] || dmsetup message "$MAP" 0 fail_if_no_path
	echo change >"/sys/class/block/$dm/uevent"
	settle
	[ -z "$(uprop "/dev/$dm" MPATH2_NO_USABLE_PATH)" ] ||
		why=${why:-"the map is still marked after its paths returned"}
	result udv-no-path-noscan "$why" test -z "$why"
}

s_parts() {
	local why="" dm devt table uuid sz
	dm=$(mp_blkname "$MAP")
	devt=$(blk_devt "$dm")
	printf 'label: dos\nstart=%s, size=%s, type=83\n' "$PART_START" "$PART_SIZE" >"$E2E_TMP/pt"
	brun 60 sfdisk --wipe always --no-reread -q "/dev/mapper/$MAP" <"$E2E_TMP/pt" ||
		why="sfdisk failed"
	# No trigger: closing the written map is a "change" (udev's watch).
	if [ -z "$why" ] && ! wait_until 20 0.2 part_there; then
		udevd_log_tail
		why="no $PART 20 s after the partition table was written ($dm: $(ubrief "$dm"))"
	fi
	settle
	if [ -z "$why" ]; then
		table=$(dmsetup table "$PART")
		uuid=$(dmsetup info -c --noheadings -o uuid "$PART" | tr -d ' ')
		sz=$(blockdev --getsz "/dev/mapper/$PART")
		e2e_log "$PART: table '$table', uuid $uuid, $sz sectors; $(ubrief "$(readlink "/dev/mapper/$PART" | sed 's|.*/||')")"
		[ "$table" = "0 $PART_SIZE linear $devt $PART_START" ] ||
			why="$PART's table is '$table', want '0 $PART_SIZE linear $devt $PART_START'"
		[ "$sz" = "$PART_SIZE" ] || why=${why:-"$PART has $sz sectors, want $PART_SIZE"}
		[ "$uuid" = "part1-$MAP_UUID" ] || why=${why:-"$PART's UUID is '$uuid', want part1-$MAP_UUID"}
	fi
	if [ -z "$why" ]; then
		# 1 MiB written through the map at the partition's start reads
		# back through the partition map.
		dd if=/dev/urandom of="$E2E_TMP/pattern" bs=64k count=16 2>/dev/null
		if ! timeout 30 dd if="$E2E_TMP/pattern" of="/dev/mapper/$MAP" bs=64k \
			seek=$((PART_START / 128)) oflag=direct conv=fsync 2>/dev/null ||
			! timeout 30 dd if="/dev/mapper/$PART" of="$E2E_TMP/readback" bs=64k count=16 \
				iflag=direct 2>/dev/null ||
			! cmp -s "$E2E_TMP/pattern" "$E2E_TMP/readback"; then
			why="the partition map does not read what the map has at sector $PART_START"
		fi
	fi
	result udv-parts "$why" test -z "$why"
}

map_reload() { # TABLE
	brun 60 dmsetup reload "$MAP" --table "$1" && brun 60 dmsetup resume "$MAP" && settle
}

# Table reloads of the map (suspend, load, resume: a "change"): the same
# table keeps the partition map, the link and the marks; a table without
# path 2 unmarks its disk (no trigger), and path 2 back marks it again.
s_reload() {
	local why="" table one
	table=$(dmsetup table "$MAP")
	one=$(mp_table_ex "$E2E_SECTORS" "" "${E2E_DEV[0]}")
	map_reload "$table" || why="reload or resume failed (or hung on its cookie)"
	[ -z "$why" ] && ! part_there && why="$PART gone after a reload of $MAP"
	[ -z "$why" ] && ! all_marked "${E2E_SD[@]}" &&
		why="path disks not marked after a reload: $(ubrief "${E2E_SD[0]}")/ $(ubrief "${E2E_SD[1]}")"
	[ -z "$why" ] && [ "$(readlink "/dev/mapper/$MAP")" != "../$(mp_blkname "$MAP")" ] &&
		why="/dev/mapper/$MAP lost after a reload"
	if [ -z "$why" ]; then
		map_reload "$one" || why="reload to one path failed"
		e2e_log "one path: ${E2E_SD[0]}: $(ubrief "${E2E_SD[0]}")/ ${E2E_SD[1]}: $(ubrief "${E2E_SD[1]}")"
		[ -z "$why" ] && ! { wait_until 10 0.2 unmarked "${E2E_SD[1]}" && marked "${E2E_SD[0]}"; } &&
			why="after a reload without ${E2E_SD[1]}: ${E2E_SD[0]}: $(ubrief "${E2E_SD[0]}")/ ${E2E_SD[1]}: $(ubrief "${E2E_SD[1]}")"
		map_reload "$table" || why=${why:-"reload back to two paths failed"}
		[ -z "$why" ] && ! wait_until 10 0.2 all_marked "${E2E_SD[@]}" &&
			why="${E2E_SD[1]} not marked again when back in the table: $(ubrief "${E2E_SD[1]}")"
	fi
	result udv-reload "$why" test -z "$why"
}

s_parts_remove() {
	local why=""
	brun 30 kpartx -d -p -part "/dev/mapper/$MAP" || why="kpartx -d failed or hung"
	[ -z "$why" ] && ! map_gone "$PART" && why="$PART still there after kpartx -d"
	result udv-parts-remove "$why" test -z "$why"
}

s_remove() {
	local why="" devt
	devt=$(blk_devt "$(mp_blkname "$MAP")")
	brun 60 "$CTL" remove "$MAP" || why="mpath2ctl remove failed or hung on its cookie"
	# No wait: udev removed the links before the cookie completed.
	[ -z "$why" ] && ! map_gone "$MAP" && why="/dev/mapper/$MAP still there after remove returned"
	[ -z "$why" ] && [ -e "/dev/disk/by-id/dm-uuid-$MAP_UUID" ] && why="the dm-uuid link outlived the map"
	[ -z "$why" ] && [ -e "/run/udev/data/b$devt" ] && why="udev still has a database entry for the map ($devt)"
	[ -z "$why" ] && ! no_cookies && why="udev cookies left: $(dmsetup udevcookies | tail -n +2 | tr '\n' ' ')"
	result udv-remove "$why" test -z "$why"
}

# The map gone: its disks are plain disks again, with no manual trigger.
s_paths_unmarked() {
	local sd
	settle
	# The LUN now holds sfdisk's partition table, no filesystem: blkid
	# gives no ID_FS_TYPE and ID_PART_TABLE_TYPE=dos.
	if wait_until 15 0.2 all_unmarked "" "${E2E_SD[@]}" &&
		[ "$(uprop "${E2E_SD[0]}" ID_PART_TABLE_TYPE)" = dos ]; then
		result_pass udv-paths-unmarked
	else
		result_fail udv-paths-unmarked "marks left after the map was removed: ${E2E_SD[0]}: $(ubrief "${E2E_SD[0]}")/ ${E2E_SD[1]}: $(ubrief "${E2E_SD[1]}")"
	fi
	for sd in "${E2E_SD[@]}"; do
		e2e_log "$sd after the map: $(ubrief "$sd")"
	done
}

# held_by SD MAP: MAP (a dm name) holds SD.
held_by() {
	local h
	for h in /sys/class/block/"$1"/holders/*; do
		[ "$(cat "$h/dm/name" 2>/dev/null)" = "$2" ] && return 0
	done
	return 1
}

# Maps of other owners on a path disk leave it alone.
s_foreign_map() {
	local why="" sd=${E2E_SD[0]} uuid
	for uuid in LVM-e2eudevforeign ""; do
		if ! brun 30 dmsetup create e2e-foreign ${uuid:+--uuid "$uuid"} \
			--table "0 2048 linear ${E2E_DEV[0]} $PART_START"; then
			why=${why:-"dmsetup create (uuid '${uuid:-none}') failed or hung"}
			continue
		fi
		settle
		[ -L /dev/mapper/e2e-foreign ] || why=${why:-"no udev link for the map with uuid '${uuid:-none}'"}
		held_by "$sd" e2e-foreign || why=${why:-"$sd not held by e2e-foreign"}
		# The map's rules do not re-trigger it: send the disk a change.
		echo change >"/sys/class/block/$sd/uevent"
		settle
		e2e_log "$sd under a map with uuid '${uuid:-none}': $(ubrief "$sd")"
		unmarked "$sd" || why=${why:-"$sd marked under a map with uuid '${uuid:-none}': $(ubrief "$sd")"}
		brun 30 dmsetup remove e2e-foreign || why=${why:-"dmsetup remove e2e-foreign failed"}
		map_gone e2e-foreign || why=${why:-"e2e-foreign still there"}
	done
	result udv-foreign-map "$why" test -z "$why"
}

# The uevent socket the daemon listens on: netlink group 1 = the kernel's
# events, 2 = udevd's (libudev's "udev" monitor).
uevent_groups() {
	local fd ino
	for fd in /proc/"$1"/fd/*; do
		ino=$(readlink "$fd" 2>/dev/null) || continue
		case $ino in socket:\[*\]) ;; *) continue ;; esac
		ino=${ino#socket:[}
		ino=${ino%]}
		# sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode; Eth 15 = uevents
		awk -v i="$ino" '$2 == 15 && $NF == i { print $4 }' /proc/net/netlink
	done
}

has_uevent_socket() { [ -n "$(uevent_groups "$1")" ]; }

s_daemon() {
	local why="" g sd=${E2E_SD[1]} dev=${E2E_DEV[1]}
	brun 60 "$CTL" create "$MAP" "/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}" &&
		settle && wait_until 15 0.2 all_marked "${E2E_SD[@]}" ||
		why="the map again: create failed or its disks not marked"
	# The partition table is still on the LUN: kpartx made part1 again.
	wait_until 10 0.2 part_there || why=${why:-"no $PART when the map came back"}
	if [ -n "$why" ]; then
		result_fail udv-daemon-udev "$why"
		result_fail udv-daemon-rejoin "no map"
		return
	fi
	printf 'defaults {\n\tpolling_interval 2\n\tchecker_timeout 5\n}\n' >"$CONF"
	setsid "$CTL" daemon --config "$CONF" >>"$DLOG" 2>&1 </dev/null &
	DPID=$!
	e2e_log "daemon pid $DPID"
	wait_until 10 0.2 has_uevent_socket "$DPID"
	g=$(uevent_groups "$DPID")
	e2e_log "daemon's uevent socket netlink group(s): ${g:-none}"
	result udv-daemon-udev "the daemon's uevent socket is on group '${g:-none}', not udevd's (00000002)" \
		test "$g" = 00000002

	udevadm monitor --udev --subsystem-match=block >"$E2E_TMP/monitor.log" 2>&1 </dev/null &
	MON_PID=$!
	wait_until 10 0.1 grep -q "UDEV - the event" "$E2E_TMP/monitor.log"
	e2e_log "deleting $sd ($dev)"
	echo 1 >"/sys/block/$sd/device/delete"
	if ! wait_until 20 0.2 map_lacks_dev "$MAP" "$dev"; then
		why="$dev still in the table 20 s after its disk was deleted"
	else
		brun 30 iscsiadm -m session -R >/dev/null
		NEW_SD="" NEW_DEV=""
		if ! wait_until 20 0.2 sd_found_again || ! wait_until 20 0.2 map_has_dev "$MAP" "$NEW_DEV"; then
			why="the rescanned disk '${NEW_SD:-none}' did not join the map"
		else
			E2E_SD[1]=$NEW_SD E2E_DEV[1]=$NEW_DEV
			settle
			if ! wait_until 15 0.2 marked "$NEW_SD"; then
				why="the rejoined disk $NEW_SD is not marked: $(ubrief "$NEW_SD")"
			elif ! wait_until 10 0.2 test ! -e "/sys/block/$NEW_SD/${NEW_SD}1"; then
				why="the kernel's partition ${NEW_SD}1 of the rejoined path disk was not deleted"
			elif ! wait_until 5 0.2 grep -q "remove .*/$NEW_SD/${NEW_SD}1 (block)" "$E2E_TMP/monitor.log"; then
				why="udevd saw no partition ${NEW_SD}1 come and go on the rescanned disk"
			fi
			e2e_log "$NEW_SD ($NEW_DEV) rejoined: $(ubrief "$NEW_SD"); partitions: $(cd "/sys/block/$NEW_SD" && echo "$NEW_SD"[0-9]*)"
		fi
	fi
	bg_stop "$MON_PID"
	grep -E "/($sd|${NEW_SD:-none})(/| )" "$E2E_TMP/monitor.log" | sed 's/^/  monitor: /'
	mp_show "$MAP"
	[ -z "$why" ] || sed 's/^/  daemon: /' "$DLOG" | tail -n 15
	result udv-daemon-rejoin "$why" test -z "$why"
}

# The PVs LVM finds with the device info source @1 (udev or none), sorted,
# each followed by a space.
pv_names() {
	lvm pvs --config "devices { external_device_info_source=\"$1\" }" \
		--noheadings -o pv_name 2>&1 | sed 's/^ *//' | sort | tr '\n' ' '
}

_map_is_pv() { [ "$(uprop "/dev/mapper/$MAP" ID_FS_TYPE)" = LVM2_member ]; }

# A PV label written through the map reaches both path disks. LVM's own
# multipath check knows dm-multipath's "mpath-" UUIDs, not ours; reading
# udev's device info (what a host with multipath sets), it must skip the
# disks 62-mpath2-path.rules marks and take the PV on the map alone.
s_lvm() {
	local why="" sd pvs dm
	brun 30 kpartx -d -p -part "/dev/mapper/$MAP" || why="kpartx -d failed"
	# The partition table off, a PV label on the whole map.
	dd if=/dev/zero of="/dev/mapper/$MAP" bs=1M count=1 oflag=direct 2>/dev/null ||
		why=${why:-"cannot clear the map's first MiB"}
	# The map's events (the daemon's reload at the rejoin, kpartx, dd's
	# close) done first: while a worker handles an event of the map,
	# udevd's inotify watch on it is off, and pvcreate's close would go
	# unseen (udevd's own limit, with any dm device).
	settle
	brun 60 lvm pvcreate -y "/dev/mapper/$MAP" || why=${why:-"pvcreate on the map failed"}
	# Probe the disks again with what is on them now: the write went
	# through the map, their own page caches still hold the old sectors.
	for sd in "${E2E_SD[@]}"; do
		blockdev --flushbufs "/dev/$sd"
		echo change >"/sys/class/block/$sd/uevent"
	done
	settle
	if ! wait_until 15 0.2 _map_is_pv; then
		why=${why:-"the map is not LVM2_member: $(uprop "/dev/mapper/$MAP" ID_FS_TYPE)"}
		e2e_log "map: $(uprops "/dev/mapper/$MAP" | tr '\n' ' ')"
		e2e_log "map's first 4 KiB: $(dd if="/dev/mapper/$MAP" bs=4k count=1 iflag=direct 2>/dev/null | grep -ac LABELONE) LABELONE; status $(dmsetup status "$MAP")"
		udevd_log_tail
	fi
	for sd in "${E2E_SD[@]}"; do
		marked "$sd" || why=${why:-"$sd lost its mark after the PV label: $(ubrief "$sd")"}
	done
	dm=$(basename "$(readlink -f "/dev/mapper/$MAP")")
	pvs=$(pv_names udev)
	e2e_log "LVM's PVs with udev's device info: '$pvs'; with its own: '$(pv_names none)'"
	case $pvs in
	"/dev/mapper/$MAP " | "/dev/$dm ") ;;
	*) why=${why:-"LVM (udev device info) takes the PV on '$pvs', not on the map alone"} ;;
	esac
	brun 60 lvm pvremove -y "/dev/mapper/$MAP" || why=${why:-"pvremove failed"}
	result udv-lvm "$why" test -z "$why"
}

s_teardown() {
	local why=""
	if [ -n "$DPID" ]; then
		kill -TERM "$DPID" 2>/dev/null
		wait_until 10 0.2 pid_gone "$DPID" || { why="the daemon did not stop"; bg_stop "$DPID"; }
		wait "$DPID" 2>/dev/null
	fi
	if map_exists "$MAP"; then
		brun 30 kpartx -d -p -part "/dev/mapper/$MAP" || why=${why:-"kpartx -d failed"}
		brun 60 "$CTL" remove "$MAP" || why=${why:-"mpath2ctl remove failed"}
	fi
	map_exists e2e-foreign && brun 30 dmsetup remove e2e-foreign
	settle
	no_cookies || why=${why:-"udev cookies left: $(dmsetup udevcookies | tail -n +2 | tr '\n' ' ')"}
	iscsi_teardown || why=${why:-"iSCSI teardown failed"}
	mod_unload dm-mpath2 || why=${why:-"dm-mpath2 did not unload"}
	udevd_stop || why=${why:-$UDEVD_WHY}
	result udv-teardown "$why" test -z "$why"
}

e2e_plan
if s_setup; then
	s_udevd
	s_unmarked
	s_create
	s_paths_marked
	s_map_ids
	s_by_id
	s_by_id_control
	s_path_uevents
	s_quiet_reload
	s_no_path_noscan
	s_parts
	s_reload
	s_parts_remove
	s_remove
	s_paths_unmarked
	s_by_id_back
	s_foreign_map
	s_daemon
	s_lvm
else
	e2e_fail_rest "setup failed"
fi
s_teardown
e2e_finish
