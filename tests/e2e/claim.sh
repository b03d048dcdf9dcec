#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "claim" (one boot, issue 17): a host's disks claimed for mpath2
# before blkid and LVM see them, and maps made by `mpath2ctl daemon` at
# "boot" and at hotplug, under a real systemd-udevd with Debian's stock
# rules, LVM's 69-lvm.rules (pvscan, autoactivation) and mpath2's rules
# as a package installs them (56-mpath2-claim.rules calls
# /usr/sbin/mpath2ctl is-path). lvm.conf says external_device_info_source
# "udev", as README.md tells an admin to. One LIO LUN (LUN 0) over two
# portals carries an LVM volume group, e2evg, made through one path first:
#   - control: with its WWID unknown (find_multipaths strict, no wwids
#     entry) a new login of a path is not claimed, and LVM activates e2evg
#     on the path disk itself - what claiming must prevent;
#   - claimed: the WWID in /etc/mpath2/wwids, both paths logged in: both
#     disks get MPATH2_CLAIM=wwids, ID_FS_TYPE=mpath_member,
#     SYSTEMD_READY=0, no event of theirs ever showed LVM2_member (udevadm
#     monitor), no by-uuid or lvm-pv-uuid link, no holder, e2evg inactive;
#   - boot: both paths there and no map: `mpath2ctl daemon --once` (what
#     the initramfs runs) makes the map (uuid mpath2-<WWID>) over both and
#     ends; the daemon then started watches it and makes no other;
#   - LVM on the map: e2evg active with the map as its LV's only slave;
#     `pvs` (udev device info) lists the PV on the map only;
#   - hotplug (find_multipaths smart, SIGHUP): LUN 2 added on both TPGs
#     and the sessions rescanned: the daemon makes its map over both new
#     disks, and its WWID lands in the wwids file;
#   - smart: LUN 3 on one TPG only: its lone disk is held (claimed,
#     MPATH2_CLAIM=wait) and released after find_multipaths_timeout (the
#     daemon's "add" uevent): unclaimed, no map;
#   - yes: is-path on LUN 3's disk says no (one path);
#   - greedy (SIGHUP): the lone disk gets a map of its own;
#   - remove (strict again): `mpath2ctl remove` of LUN 2's map takes its
#     WWID out of the wwids file, its disks are unclaimed, and the daemon
#     does not make the map again;
#   - teardown: everything down, the module unloads, udevd exits.
#
# e2e-needs: udev claim
# e2e-scenarios: clm-setup clm-control clm-claimed clm-boot-map clm-lvm-on-map
# e2e-scenarios: clm-hotplug-map clm-smart-release clm-yes clm-greedy clm-remove
# e2e-scenarios: clm-teardown kernel-log-clean
set -uo pipefail
ISCSI_LUN_MB=${ISCSI_LUN_MB:-${E2E_LUN_MB:-64}}
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/e2e/common/udev.sh
. "$(dirname "$0")/common/udev.sh"

CTL=${E2E_CTL:-mpath2ctl}
ULOG=$E2E_TMP/udevd.log
MLOG=$E2E_TMP/udev-monitor.log
DLOG=$E2E_TMP/daemon.log
CONF=/etc/mpath2.conf
WWIDS=/etc/mpath2/wwids
SERIAL2=6001405e2e2200000000000000000002
SERIAL3=6001405e2e3300000000000000000003
DPID='' MON_PID=''
WWID='' WWID2='' WWID3='' MAP='' MAP2='' SD3=''
SD=()
E2E_KEEP="clm-teardown kernel-log-clean"

# ---- udev (udevd itself: common/udev.sh) --------------------------------------

ubrief() {
	uprops "$1" | grep -E '^(ID_FS_TYPE|ID_FS_UUID|SYSTEMD_READY|DM_MULTIPATH_DEVICE_PATH|MPATH2_[A-Z_]*)=' |
		tr '\n' ' '
}

# Claimed as 56-mpath2-claim.rules claims: KEY=value pairs all present.
claimed_as() {
	local p
	p=$(uprops "$1") || return 1
	grep -qx DM_MULTIPATH_DEVICE_PATH=1 <<<"$p" && grep -qx ID_FS_TYPE=mpath_member <<<"$p" &&
		grep -qx SYSTEMD_READY=0 <<<"$p" && grep -qx "MPATH2_CLAIM=$2" <<<"$p" &&
		! grep -q '^ID_FS_UUID=' <<<"$p"
}

# Not claimed: none of the claim's properties (udev knows the disk).
unclaimed() {
	local p
	p=$(uprops "$1") || return 1
	[ -n "$p" ] && ! grep -qxE 'DM_MULTIPATH_DEVICE_PATH=1|ID_FS_TYPE=mpath_member|SYSTEMD_READY=0|MPATH2_CLAIMED=1' <<<"$p"
}

# The by-uuid, by-label and lvm-pv-uuid links that lead to /dev/$1.
links_to() {
	local l
	for l in /dev/disk/by-uuid/* /dev/disk/by-label/* /dev/disk/by-id/lvm-pv-uuid-*; do
		[ -e "$l" ] && [ "$(readlink -f "$l")" = "/dev/$1" ] && echo "$l"
	done
}

# Whether udevadm monitor saw an event of /dev/$1 with ID_FS_TYPE=$2.
monitor_saw() {
	awk -v dev="DEVNAME=/dev/$1" -v fs="ID_FS_TYPE=$2" 'BEGIN { RS = "" }
		{ n = split($0, l, "\n"); d = 0; f = 0
		  for (i = 1; i <= n; i++) { if (l[i] == dev) d = 1; if (l[i] == fs) f = 1 }
		  if (d && f) found = 1 }
		END { exit !found }' "$MLOG"
}

# ---- iSCSI: logins one portal at a time ----------------------------------------

initiator_prep() {
	local p kv
	modprobe scsi_dh_alua && modprobe sd_mod && modprobe iscsi_tcp || return 1
	iscsid_start || return 1
	iscsiadm -m discovery -t sendtargets -p "${ISCSI_PORTALS[0]}:$ISCSI_PORT" >/dev/null || return 1
	for p in "${ISCSI_PORTALS[@]}"; do
		for kv in "${ISCSI_TIMEOUTS[@]}"; do
			iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -o update \
				-n "${kv%%=*}" -v "${kv#*=}" || return 1
		done
	done
}

_sd_ready() {
	local sd
	sd=$(_sd_of_portal "${ISCSI_PORTALS[$1]}") || return 1
	[ -b "/dev/$sd" ] && [ "$(cat "/sys/block/$sd/size")" -gt 0 ] || return 1
	SD[$1]=$sd
}

# login N: portal N's session; SD[N] its disk, udev done with it.
login() {
	e2e_run iscsiadm -m node -T "$ISCSI_IQN" -p "${ISCSI_PORTALS[$1]}:$ISCSI_PORT" --login >/dev/null || return 1
	wait_until 30 0.2 _sd_ready "$1" || return 1
	settle
	e2e_log "portal ${ISCSI_PORTALS[$1]}: ${SD[$1]} ($(blk_devt "${SD[$1]}")): $(ubrief "${SD[$1]}")"
}

logout() {
	e2e_run timeout 60 iscsiadm -m node -T "$ISCSI_IQN" -p "${ISCSI_PORTALS[$1]}:$ISCSI_PORT" --logout >/dev/null
	settle
}

# LUN 3 on TPG 1 only: one path.
lio_add_lone_lun() {
	local dev=$LIO/core/rd_mcp_3/e2e tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_1
	mkdir -p "$dev" && echo "rd_pages=$((16 * 256))" >"$dev/control" &&
		echo "$SERIAL3" >"$dev/wwn/vpd_unit_serial" && echo 1 >"$dev/enable" || return 1
	LIO_EXTRA_DEVS+=("$dev")
	mkdir "$tpg/lun/lun_3" && ln -s "$dev" "$tpg/lun/lun_3/e2e"
}

# The disk (sdX) whose WWID is $1, not in the list $2.
sd_of_wwid() {
	local b
	for b in /sys/block/sd*; do
		[ "$("$CTL" wwid "/dev/${b##*/}" 2>/dev/null)" = "$1" ] || continue
		case " $2 " in *" ${b##*/} "*) continue ;; esac
		echo "${b##*/}"
	done
}

# ---- maps and the daemon ------------------------------------------------------

map_of_wwid() { dmsetup info -c --noheadings -o name,uuid --separator ' ' 2>/dev/null | awk -v u="mpath2-$1" '$2 == u { print $1 }'; }
map_paths() { dmsetup table "$1" 2>/dev/null | grep -oE '[0-9]+:[0-9]+' | sort | tr '\n' ' '; }
devs_of() {
	local sd
	for sd in "$@"; do blk_devt "$sd"; done | sort | tr '\n' ' '
}
map_over() { # WWID SD...: the map of WWID exists over exactly SD...
	local w=$1 m
	shift
	m=$(map_of_wwid "$w")
	[ -n "$m" ] && [ "$(map_paths "$m")" = "$(devs_of "$@")" ]
}
dlog_has() { grep -q -- "$1" "$DLOG"; }
# At least $1 "watching path" lines in the daemon log (each run counts).
_watching() { [ "$(grep -c 'watching path' "$DLOG")" -ge "$1" ]; }

daemon_start() {
	setsid "$CTL" daemon >>"$DLOG" 2>&1 </dev/null &
	DPID=$!
	e2e_log "daemon pid $DPID"
}

_reads_more() { [ "$(grep -c 'read again' "$DLOG")" -gt "$1" ]; }

# conf MODE [TIMEOUT]: /etc/mpath2.conf with find_multipaths MODE; SIGHUP
# to the daemon if it runs, and wait for it to have read it.
conf() {
	local n
	cat >"$CONF" <<-EOF
	defaults {
		polling_interval 2
		find_multipaths $1
		find_multipaths_timeout ${2:-4}
	}
	EOF
	[ -n "$DPID" ] || return 0
	n=$(grep -c 'read again' "$DLOG")
	kill -HUP "$DPID"
	wait_until 10 0.2 _reads_more "$n"
}

lv_slaves() {
	local s
	for s in "/sys/block/$(basename "$(readlink -f /dev/mapper/e2evg-lv)")"/slaves/*; do
		[ -e "$s" ] && printf '%s ' "${s##*/}"
	done
}
lv_active() { [ -e /dev/mapper/e2evg-lv ]; }
pv_names() { lvm pvs --noheadings -o pv_name 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //'; }

# ---- scenarios -------------------------------------------------------------------

s_setup() {
	local why=""
	if ! command -v "$CTL" >/dev/null || ! [ -x "$UDEVD" ] || ! command -v lvm >/dev/null ||
		! [ -e /usr/lib/udev/rules.d/56-mpath2-claim.rules ] || ! [ -e /usr/lib/udev/rules.d/69-lvm.rules ]; then
		result_fail clm-setup "$CTL, systemd-udevd, lvm or the claim/LVM rules are not in the guest (# e2e-needs: udev claim)"
		return 1
	fi
	mkdir -p /etc/mpath2 /etc/lvm
	conf strict
	# What README.md tells an admin: LVM takes udev's word on path disks.
	printf 'devices {\n\texternal_device_info_source = "udev"\n}\n' >/etc/lvm/lvm.conf
	if ! udevd_start; then
		tail -n 20 "$ULOG" | sed 's/^/  udevd: /'
		result_fail clm-setup "systemd-udevd did not start or coldplug did not settle"
		return 1
	fi
	unset DM_DISABLE_UDEV
	grep -q 'mpath2-' "$ULOG" && why="udevd complains about mpath2's rules: $(grep -m1 'mpath2-' "$ULOG")"
	if ! modprobe dm-mpath2 || ! _lio_target || ! initiator_prep; then
		result_fail clm-setup "no module, LIO target or iSCSI initiator"
		return 1
	fi
	# The volume group, made through path 1 while nothing claims it.
	if ! login 0; then
		iscsi_dump
		result_fail clm-setup "path 1 did not log in"
		return 1
	fi
	WWID=$("$CTL" wwid "/dev/${SD[0]}")
	e2e_log "LUN 0: WWID $WWID"
	unclaimed "${SD[0]}" || why=${why:-"${SD[0]} claimed with an empty wwids file: $(ubrief "${SD[0]}")"}
	e2e_run lvm pvcreate -y "/dev/${SD[0]}" >/dev/null &&
		e2e_run lvm vgcreate e2evg "/dev/${SD[0]}" >/dev/null &&
		e2e_run lvm lvcreate -y -L 8M -n lv e2evg >/dev/null &&
		e2e_run lvm vgchange -an e2evg >/dev/null || why=${why:-"the volume group could not be made"}
	logout 0
	# A new boot: no VG marked online yet (LVM's pvscan files live in /run).
	rm -f /run/lvm/vgs_online/* /run/lvm/pvs_online/*
	result clm-setup "$why" test -z "$why" -a -n "$WWID"
}

# Without a claim, LVM takes the path disk: the danger itself.
s_control() {
	local why=""
	login 0 || why="path 1 did not log in again"
	if [ -z "$why" ] && wait_until 20 0.2 lv_active; then
		e2e_log "e2evg-lv active on: $(lv_slaves); ${SD[0]}: $(ubrief "${SD[0]}")"
		[ "$(lv_slaves)" = "${SD[0]} " ] || why="e2evg-lv is on '$(lv_slaves)', not ${SD[0]}"
	else
		why=${why:-"LVM did not activate e2evg on the unclaimed path (69-lvm.rules): the claim test would prove nothing"}
	fi
	e2e_run lvm vgchange -an e2evg >/dev/null
	logout 0
	rm -f /run/lvm/vgs_online/* /run/lvm/pvs_online/*
	result clm-control "$why" test -z "$why"
}

s_claimed() {
	local why="" sd
	printf '# e2e: LUN 0 is a multipath LUN\n%s\n' "$WWID" >"$WWIDS"
	udevadm monitor --udev --property --subsystem-match=block >"$MLOG" 2>&1 &
	MON_PID=$!
	sleep 0.5	# the monitor's socket is bound before any event it must see
	login 0 && login 1 || why="the paths did not log in"
	for sd in "${SD[@]}"; do
		claimed_as "$sd" wwids || why=${why:-"$sd not claimed: $(ubrief "$sd")"}
		monitor_saw "$sd" LVM2_member && why=${why:-"an event of $sd showed LVM2_member: blkid ran before the claim"}
		[ -z "$(ls "/sys/block/$sd/holders")" ] || why=${why:-"$sd is held by $(ls "/sys/block/$sd/holders")"}
		[ -z "$(links_to "$sd")" ] || why=${why:-"$sd has links: $(links_to "$sd")"}
	done
	# Give LVM's rules every chance: nothing may come up on a path.
	settle
	lv_active && why=${why:-"e2evg-lv came up on a claimed path: $(lv_slaves)"}
	e2e_log "monitor: $(grep -c '^UDEV' "$MLOG") events; ${SD[0]}: $(ubrief "${SD[0]}")"
	result clm-claimed "$why" test -z "$why"
}

# Boot: both claimed paths there and no map. First what the initramfs
# does (scripts/local-top/mpath2: `mpath2ctl daemon --once`, which makes
# the map and ends), then mpath2d in the real root takes the map over.
s_boot_map() {
	local why="" t0 rc=0
	[ -z "$(map_of_wwid "$WWID")" ] || why="a map of LUN 0 exists before the boot"
	t0=$(e2e_now_cs)
	timeout 60 "$CTL" daemon --once >>"$DLOG" 2>&1 || rc=$?
	e2e_log "daemon --once: exit $rc after $(e2e_since "$t0")s"
	[ "$rc" = 0 ] || why=${why:-"mpath2ctl daemon --once failed (exit $rc)"}
	if map_over "$WWID" "${SD[0]}" "${SD[1]}"; then
		MAP=$(map_of_wwid "$WWID")
		e2e_marker "E2E-TIME: claim-boot-map $(e2e_since "$t0")s"
		e2e_log "map $MAP: $(dmsetup table "$MAP")"
		dlog_has "created over 2 paths" || why=${why:-"daemon --once did not say it made the map"}
	else
		why=${why:-"no map of LUN 0 over both paths after daemon --once: $(dmsetup table 2>&1 | tr '\n' ';')"}
		tail -n 20 "$DLOG" | sed 's/^/  daemon: /'
	fi
	# mpath2d: the map stays one, both paths watched.
	daemon_start
	wait_until 20 0.2 _watching 4 ||
		why=${why:-"mpath2d does not watch both paths of the map"}
	[ "$(grep -c 'created over' "$DLOG")" = 1 ] || why=${why:-"a map was made twice"}
	result clm-boot-map "$why" test -z "$why"
}

s_lvm_on_map() {
	local why="" dm pvs auto=yes sd
	[ -n "$MAP" ] || { result_fail clm-lvm-on-map "no map"; return; }
	dm=$(mp_blkname "$MAP")
	settle
	if ! wait_until 20 0.2 lv_active; then
		auto=no
		e2e_run lvm vgchange -ay e2evg >/dev/null || why="vgchange -ay e2evg failed"
	fi
	e2e_log "autoactivated on the map: $auto; e2evg-lv on: $(lv_slaves); map: $(ubrief "$dm")"
	[ "$(lv_slaves)" = "$dm " ] || why=${why:-"e2evg-lv is on '$(lv_slaves)', not the map $dm"}
	pvs=$(pv_names)
	e2e_log "pvs: '$pvs'"
	case $pvs in
	"/dev/mapper/$MAP " | "/dev/$dm ") ;;
	*) why=${why:-"pvs lists '$pvs', not the map alone"} ;;
	esac
	for sd in "${SD[@]}"; do
		[ "$(ls "/sys/block/$sd/holders")" = "$dm" ] || why=${why:-"$sd is held by '$(ls "/sys/block/$sd/holders")', not the map alone"}
		claimed_as "$sd" map || claimed_as "$sd" wwids || why=${why:-"$sd lost its claim: $(ubrief "$sd")"}
	done
	result clm-lvm-on-map "$why" test -z "$why"
}

# A WWID other than LUN 0's on two disks: LUN 2's, in WWID2.
_lun2_ready() {
	local b w
	w=$(for b in /sys/block/sd*; do "$CTL" wwid "/dev/${b##*/}" 2>/dev/null; done |
		grep -vx "$WWID" | sort | uniq -d | head -n 1)
	[ -n "$w" ] || return 1
	WWID2=$w
}

# Hotplug, find_multipaths smart: a new LUN on both sessions.
s_hotplug_map() {
	local why="" new
	conf smart 6 || why="the daemon did not read the config again"
	lio_add_lun 2 "$SERIAL2" 16 || why=${why:-"LUN 2 not added"}
	e2e_run iscsiadm -m session -R >/dev/null
	wait_until 30 0.2 _lun2_ready || why=${why:-"two disks of LUN 2 did not appear"}
	new=$(sd_of_wwid "$WWID2" "${SD[*]}" | tr '\n' ' ')
	e2e_log "LUN 2: WWID $WWID2 on $new"
	# shellcheck disable=SC2086 # two names
	if [ -z "$why" ] && wait_until 30 0.2 map_over "$WWID2" $new; then
		MAP2=$(map_of_wwid "$WWID2")
		e2e_log "map $MAP2: $(dmsetup table "$MAP2")"
		grep -qx "$WWID2" "$WWIDS" || why="LUN 2's WWID is not in $WWIDS: $(tr '\n' ' ' <"$WWIDS")"
		settle
		for sd in $new; do
			uprops "$sd" | grep -qx ID_FS_TYPE=mpath_member || why=${why:-"$sd not claimed: $(ubrief "$sd")"}
		done
	else
		why=${why:-"no map of LUN 2 over its two disks"}
		tail -n 20 "$DLOG" | sed 's/^/  daemon: /'
	fi
	result clm-hotplug-map "$why" test -z "$why"
}

# smart: a lone disk held for the timeout, then released.
s_smart_release() {
	local why="" held="" t0
	lio_add_lone_lun || why="LUN 3 not added"
	e2e_run iscsiadm -m session -R >/dev/null
	t0=$(e2e_now_cs)
	for _ in $(seq 150); do
		SD3=$(for b in /sys/block/sd*; do
			w=$("$CTL" wwid "/dev/${b##*/}" 2>/dev/null)
			[ -n "$w" ] && [ "$w" != "$WWID" ] && [ "$w" != "$WWID2" ] && echo "${b##*/}"
		done | head -n 1)
		[ -n "$SD3" ] && break
		sleep 0.2
	done
	[ -n "$SD3" ] || why=${why:-"LUN 3's disk did not appear"}
	if [ -z "$why" ]; then
		WWID3=$("$CTL" wwid "/dev/$SD3")
		# udev's first look: held. Polled, not settled: the hold is 6 s.
		wait_until 10 0.1 claimed_as "$SD3" wait && held=yes
		e2e_log "$SD3 (LUN 3, $WWID3) held: ${held:-no}: $(ubrief "$SD3")"
		[ -n "$held" ] || why="$SD3 was not held while smart waited: $(ubrief "$SD3")"
		wait_until 30 0.2 dlog_has "$SD3: released" || why=${why:-"the daemon did not release $SD3"}
		settle
		wait_until 10 0.2 unclaimed "$SD3" || why=${why:-"$SD3 still claimed after its release: $(ubrief "$SD3")"}
		e2e_marker "E2E-TIME: claim-smart-release $(e2e_since "$t0")s"
		[ -z "$(map_of_wwid "$WWID3")" ] || why=${why:-"a map of the lone LUN 3 was made"}
		e2e_log "$SD3 released: $(ubrief "$SD3")"
	fi
	result clm-smart-release "$why" test -z "$why"
}

# yes: one path is not enough (is-path against a yes config).
s_yes() {
	local out rc=0 yes=$E2E_TMP/yes.conf
	printf 'defaults {\n\tfind_multipaths yes\n}\n' >"$yes"
	out=$("$CTL" --config "$yes" is-path "$SD3" 2>&1) || rc=$?
	e2e_log "is-path $SD3 (yes): exit $rc: $(echo "$out" | tr '\n' ' ')"
	result clm-yes "is-path with find_multipaths yes: exit $rc, '$out'" \
		test "$rc" = 1 -a -n "$(grep -x 'MPATH2_CLAIM=no' <<<"$out")"
}

# greedy: the lone disk gets its own map (SIGHUP looks at every disk).
s_greedy() {
	local why=""
	conf greedy || why="the daemon did not read the config again"
	wait_until 20 0.2 map_over "$WWID3" "$SD3" || why=${why:-"no map of LUN 3 over $SD3 with greedy"}
	settle
	wait_until 10 0.2 eval 'uprops '"$SD3"' | grep -qx ID_FS_TYPE=mpath_member' ||
		why=${why:-"$SD3 not claimed under its map: $(ubrief "$SD3")"}
	result clm-greedy "$why" test -z "$why"
}

# strict again: a removed map stays removed, its disks go back to others.
s_remove() {
	local why="" sd
	conf strict || why="the daemon did not read the config again"
	[ -n "$MAP2" ] && e2e_run "$CTL" remove "$MAP2" || why=${why:-"mpath2ctl remove of LUN 2's map failed"}
	grep -qx "$WWID2" "$WWIDS" && why=${why:-"LUN 2's WWID is still in $WWIDS"}
	settle
	for sd in $(sd_of_wwid "$WWID2" ""); do
		wait_until 10 0.2 unclaimed "$sd" || why=${why:-"$sd still claimed: $(ubrief "$sd")"}
	done
	# Two polls of the daemon and an event: still no map.
	for sd in $(sd_of_wwid "$WWID2" ""); do echo change >"/sys/block/$sd/uevent"; done
	settle
	sleep 4
	[ -z "$(map_of_wwid "$WWID2")" ] || why=${why:-"the daemon made LUN 2's map again"}
	result clm-remove "$why" test -z "$why"
}

s_teardown() {
	local why="" m
	if [ -n "$DPID" ]; then
		kill -TERM "$DPID" 2>/dev/null
		wait_until 10 0.2 pid_gone "$DPID" || { why="the daemon did not stop"; bg_stop "$DPID"; }
		wait "$DPID" 2>/dev/null
	fi
	[ -n "$MON_PID" ] && kill "$MON_PID" 2>/dev/null
	lvm vgchange -an e2evg >/dev/null 2>&1
	for m in $(dmsetup info -c --noheadings -o name,uuid --separator ' ' 2>/dev/null | awk '$2 ~ /^mpath2-/ { print $1 }'); do
		e2e_run timeout 60 dmsetup remove "$m" || why=${why:-"map $m not removed"}
	done
	settle
	iscsi_teardown || why=${why:-"iSCSI teardown failed"}
	mod_unload dm-mpath2 || why=${why:-"dm-mpath2 did not unload"}
	udevd_stop || why=${why:-$UDEVD_WHY}
	sed 's/^/  daemon: /' "$DLOG" 2>/dev/null | tail -n 40
	result clm-teardown "$why" test -z "$why"
}

e2e_plan
if s_setup; then
	s_control
	s_claimed
	s_boot_map
	s_lvm_on_map
	s_hotplug_map
	s_smart_release
	s_yes
	s_greedy
	s_remove
else
	e2e_fail_rest "setup failed"
fi
s_teardown
e2e_finish
