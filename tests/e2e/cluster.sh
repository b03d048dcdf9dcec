#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "cluster" (one boot): SCSI-3 persistent reservations on every
# path with `mpath2ctl persist`, two hosts sharing one LUN, and online
# resize with `mpath2ctl resize` (issue 19).
#
# Two "hosts" in one guest: host A is open-iscsi's default iface, host B
# an iface of its own (iface.initiatorname $HOSTB_IQN) with its own two
# sessions, so LIO sees two initiators, each with two I_T nexuses (one per
# TPG). Both see LUN 0 (one WWID); each host gets its own explicit map
# over its own two disks (A: map "mpa", B: map "mpb"), never discover.
#   pr-register     A registers key 0xa through mpath2ctl persist: one
#                   registration per path (READ KEYS: 0xa twice, from
#                   either host's paths; sg_persist agrees)
#   pr-reserve      A reserves Write Exclusive, Registrants Only; B's paths
#                   report A's reservation
#   pr-conflict     B (unregistered) writes: the write fails with a
#                   reservation conflict, B's reads work, and B's paths are
#                   not failed (RESERVATION CONFLICT is no path error)
#   pr-path-cut     under fio verify on A: A's path 1 offline (failed by
#                   I/O), back and reinstated: A still registered on both
#                   paths, fio clean (no conflict ever reaches A)
#   pr-new-path     a third TPG: A's new disk on it is an unregistered
#                   nexus (a direct write conflicts); `persist --register`
#                   after the table reload registers it, then fio on 3
#                   paths is clean
#   pr-fence        fence_scsi's sequence: B registers 0xb (B's write works
#                   under WE_RO), A preempts and aborts 0xb: B's write fails,
#                   B's paths stay up, only 0xa is left, A's fio clean
#   pr-release-clear A releases (no reservation left), then clears (no key)
#   pr-ioctl-routing  the block layer's PR ioctls on the map (persist --ioctl),
#                   as dm core routes them: a register reaches all 3 paths;
#                   with path 2's disk offline the register fails (6.1: sd's
#                   raw result as the return value) and is undone on path 1
#   pr-daemon-rejoin  `mpath2ctl daemon` with reservation_key 0xa for the
#                   LUN (multipaths{} by WWID; B's map removed first): under
#                   fio verify, A's third path failed and its registration
#                   dropped (sg_persist): the daemon registers it again,
#                   then reinstates it; fio clean, 0xa on 3 paths
#   pr-daemon-fenced  B preempts and aborts A's key (sg_persist): a failed
#                   path of A stays failed and the log says why; once A
#                   registers again (persist), the daemon brings it back
#   pr-prkeys-file  reservation_key file for the LUN: `persist --register`
#                   (with that config) writes 0xc to /etc/mpath2/prkeys; the
#                   daemon registers 0xc, read from the file, on a path whose
#                   registration was dropped, and reinstates it; `persist
#                   --unregister` takes the line out of the file
#   resize-refused  LUN 1, LIO iblock over a dm-linear device that grows:
#                   one path rescanned by hand, `resize --no-rescan` refuses
#                   (paths differ), the map keeps its size
#   resize-grow     under fio verify: the backing device grows, `mpath2ctl
#                   resize` rescans both paths and reloads: the map has the
#                   new size, fio clean, the new range written and verified
#   resize-daemon   the same once more with `mpath2ctl daemon` running: the
#                   test rescans the two paths (LIO sends no capacity-changed
#                   unit attention), the daemon's change uevents grow the map
#
# e2e-scenarios: cl-setup pr-register pr-reserve pr-conflict pr-path-cut
# e2e-scenarios: pr-new-path pr-fence pr-release-clear pr-ioctl-routing
# e2e-scenarios: pr-daemon-rejoin
# e2e-scenarios: pr-daemon-fenced pr-prkeys-file
# e2e-scenarios: resize-refused resize-grow resize-daemon
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

E2E_KEEP="kernel-log-clean"
CTL=mpath2ctl
HOSTB_IFACE=hostb
HOSTB_IQN=iqn.2026-12.org.mpath2:hostb
PORTAL3=127.0.0.3
FIO_MB=16
BACK=e2e-back            # the dm-linear device under LUN 1
BACK_MB=32               # its size, then 64 MiB
fio_job=(
	--name=cluster --ioengine=libaio --direct=1 --bs=4k --iodepth=8
	--group_reporting --eta=never --rw=randwrite --size="${FIO_MB}M"
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

# ---- the two hosts' disks -----------------------------------------------------

# sd_of PORTAL IFACE LUN: the disk of LUN on the session of IFACE to PORTAL.
sd_of() {
	local s n addr d
	for s in /sys/class/iscsi_session/session*; do
		[ "$(cat "$s/ifacename" 2>/dev/null)" = "$2" ] || continue
		n=${s##*session}
		addr=$(cat /sys/class/iscsi_connection/connection"$n":*/persistent_address 2>/dev/null | head -n 1)
		[ "$addr" = "$1" ] || continue
		for d in "$s"/device/target*/*:*:*:"$3"/block/*; do
			[ -e "$d" ] && { echo "${d##*/}"; return 0; }
		done
	done
	return 1
}

# Host B: an iface with its own initiator name, logged in to both portals.
hostb_login() {
	local p kv
	iscsiadm -m iface -I "$HOSTB_IFACE" -o new >/dev/null &&
		iscsiadm -m iface -I "$HOSTB_IFACE" -o update -n iface.initiatorname -v "$HOSTB_IQN" >/dev/null &&
		iscsiadm -m iface -I "$HOSTB_IFACE" -o update -n iface.transport_name -v tcp >/dev/null || return 1
	for p in "${ISCSI_PORTALS[@]}"; do
		iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$HOSTB_IFACE" -o new >/dev/null || return 1
		for kv in "${ISCSI_TIMEOUTS[@]}"; do
			iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$HOSTB_IFACE" -o update \
				-n "${kv%%=*}" -v "${kv#*=}" || return 1
		done
		iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$HOSTB_IFACE" --login >/dev/null || return 1
	done
}

_disks_ready() { # sets A_SD, B_SD (LUN 0 on both portals of each host)
	local i
	A_SD=() B_SD=()
	for i in 0 1; do
		A_SD+=("$(sd_of "${ISCSI_PORTALS[i]}" default 0)") || return 1
		B_SD+=("$(sd_of "${ISCSI_PORTALS[i]}" "$HOSTB_IFACE" 0)") || return 1
	done
	[ -n "${A_SD[0]}" ] && [ -n "${A_SD[1]}" ] && [ -n "${B_SD[0]}" ] && [ -n "${B_SD[1]}" ]
}

devs() { local s; for s in "$@"; do blk_devt "$s"; done | tr '\n' ' '; }

s_setup() {
	# LIO keeps APTPL metadata there (targetcli's packages make it); it
	# answers a PR OUT with 08/00 (LU communication failure) without it.
	mkdir -p /var/target/pr
	if ! iscsi_setup || ! mp_load_module; then
		result_fail cl-setup "no iSCSI paths or no module"
		return 1
	fi
	if ! hostb_login || ! wait_until 30 0.2 _disks_ready; then
		iscsi_dump
		result_fail cl-setup "host B's iface did not log in (disks: A ${A_SD[*]:-}, B ${B_SD[*]:-})"
		return 1
	fi
	A_DEV=($(devs "${A_SD[@]}")) B_DEV=($(devs "${B_SD[@]}"))
	e2e_log "host A: ${A_SD[*]} (${A_DEV[*]}); host B ($HOSTB_IQN): ${B_SD[*]} (${B_DEV[*]})"
	if ! mp_create mpa "$(mp_table "$E2E_SECTORS" "${A_DEV[@]}")" ||
		! mp_create mpb "$(mp_table "$E2E_SECTORS" "${B_DEV[@]}")"; then
		result_fail cl-setup "the maps could not be created"
		return 1
	fi
	result_pass cl-setup
}

# ---- persistent reservations ------------------------------------------------------

# persist MAP ARGS...: mpath2ctl persist, its output in $E2E_TMP/persist.out
# and the log; its exit status.
persist() {
	local rc=0
	timeout 60 "$CTL" persist "$@" >"$E2E_TMP/persist.out" 2>&1 || rc=$?
	e2e_log "+ mpath2ctl persist $* -> exit $rc"
	sed 's/^/  /' "$E2E_TMP/persist.out"
	return $rc
}
out_has() { grep -q -- "$1" "$E2E_TMP/persist.out"; }
out_count() { grep -c -- "$1" "$E2E_TMP/persist.out"; }

# keys_are MAP "KEYS": every usable path of MAP reads exactly KEYS ("0xa 0xa").
keys_are() {
	persist "$1" --read-keys || return 1
	[ "$(out_count "GOOD, generation")" -ge 1 ] || return 1
	! grep -v -- "key.*: $2\$\|skipped" "$E2E_TMP/persist.out" | grep -q GOOD
}

# A write of 4 KiB at 100 MiB through MAP (direct), its exit status; the
# error text in $E2E_TMP/w.err.
write_through() { dd if=/dev/urandom of="/dev/mapper/$1" bs=4k count=1 seek=25600 oflag=direct 2>"$E2E_TMP/w.err"; }
read_through() { dd if="/dev/mapper/$1" of=/dev/null bs=4k count=1 skip=25600 iflag=direct 2>/dev/null; }

b_paths_up() {
	[ "$(mp_path_state mpb "${B_DEV[0]}")" = A ] && [ "$(mp_path_state mpb "${B_DEV[1]}")" = A ] &&
		[ "$(mp_fail_count mpb "${B_DEV[0]}")" = 0 ] && [ "$(mp_fail_count mpb "${B_DEV[1]}")" = 0 ]
}

s_register() {
	local why="" sg
	persist mpa --register a || why="persist --register failed"
	[ -z "$why" ] && [ "$(out_count ': GOOD$')" != 2 ] && why="not GOOD on both paths"
	[ -z "$why" ] && ! keys_are mpa "0xa 0xa" && why="A's paths do not read 0xa twice"
	[ -z "$why" ] && ! keys_are mpb "0xa 0xa" && why="B's paths do not read 0xa twice"
	# sg3_utils' reading, through B's first disk.
	sg=$(sg_persist -n -i -k "/dev/${B_SD[0]}" 2>&1)
	e2e_log "sg_persist -k ${B_SD[0]}: $(echo "$sg" | tr '\n' ' ')"
	[ -z "$why" ] && ! { echo "$sg" | grep -q '2 registered reservation keys' &&
		[ "$(echo "$sg" | grep -c '^ *0xa$')" = 2 ]; } && why="sg_persist does not see 0xa twice"
	result pr-register "$why" test -z "$why"
}

s_reserve() {
	local why=""
	persist mpa --reserve --key a --type we-ro || why="persist --reserve failed"
	[ -z "$why" ] && [ "$(out_count ': GOOD$')" != 1 ] && why="not exactly one GOOD"
	persist mpb --read-reservation || why=${why:-B cannot read the reservation}
	[ -z "$why" ] && [ "$(out_count "reservation by key 0xa, type we-ro")" != 2 ] &&
		why="B's paths do not both report 0xa's we-ro reservation"
	result pr-reserve "$why" test -z "$why"
}

s_conflict() {
	local why="" wrc=0
	write_through mpb || wrc=$?
	e2e_log "B's write: exit $wrc, $(cat "$E2E_TMP/w.err" | head -n 1)"
	mp_show mpb
	[ "$wrc" != 0 ] || why="B's write succeeded under A's reservation"
	[ -z "$why" ] && ! read_through mpb && why="B's read failed"
	[ -z "$why" ] && ! b_paths_up && why="a reservation conflict failed B's path(s): $(dmsetup status mpb)"
	result pr-conflict "$why" test -z "$why"
}

# fio_start NAME MAP: the fio verify loop on MAP; returns once I/O flows.
fio_start() {
	local dm base
	dm=$(mp_blkname "$2")
	base=$(blk_ios "$dm")
	fio_loop_start "$E2E_TMP/fio-$1" "${fio_job[@]}" --filename="/dev/mapper/$2"
	wait_until 30 0.2 blk_progress "$dm" "$base" 256 || e2e_log "fio on $2: no I/O after 30 s"
}

s_path_cut() {
	local why="" dm
	dm=$(mp_blkname mpa)
	fio_start cut mpa
	sd_set_state "${A_SD[0]}" offline
	wait_until 30 0.2 mp_path_is mpa "${A_DEV[0]}" F || why="A's path 1 was not failed"
	sleep 2
	sd_set_state "${A_SD[0]}" running
	e2e_run dmsetup message mpa 0 reinstate_path "${A_DEV[0]}" || why=${why:-reinstate refused}
	local base
	base=$(blk_ios "${A_SD[0]}")
	wait_until 30 0.2 blk_progress "${A_SD[0]}" "$base" 50 || why=${why:-no I/O on path 1 after reinstate}
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	[ -z "$why" ] && ! keys_are mpa "0xa 0xa" && why="A's registrations changed across the cut"
	result pr-path-cut "$why" test -z "$why"
}

# A third TPG with LUN 0 on $PORTAL3, and host A's login to it.
portal3_login() {
	local tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_3 kv
	mkdir "$tpg" "$tpg/lun/lun_0" "$tpg/np/$PORTAL3:$ISCSI_PORT" &&
		ln -s "$LIO_DEV" "$tpg/lun/lun_0/e2e" &&
		echo 1 >"$tpg/attrib/generate_node_acls" &&
		echo 1 >"$tpg/attrib/cache_dynamic_acls" &&
		echo 0 >"$tpg/attrib/authentication" &&
		echo 0 >"$tpg/attrib/demo_mode_write_protect" &&
		echo 1 >"$tpg/enable" || return 1
	iscsiadm -m node -T "$ISCSI_IQN" -p "$PORTAL3:$ISCSI_PORT" -o new >/dev/null || return 1
	for kv in "${ISCSI_TIMEOUTS[@]}"; do
		iscsiadm -m node -T "$ISCSI_IQN" -p "$PORTAL3:$ISCSI_PORT" -o update \
			-n "${kv%%=*}" -v "${kv#*=}" || return 1
	done
	iscsiadm -m node -T "$ISCSI_IQN" -p "$PORTAL3:$ISCSI_PORT" --login >/dev/null
}

s_new_path() {
	local why="" new="" dev wrc=0
	portal3_login || why="no login through $PORTAL3"
	[ -z "$why" ] && { wait_until 30 0.2 eval 'new=$(sd_of "$PORTAL3" default 0)' || why="no disk behind $PORTAL3"; }
	if [ -z "$why" ]; then
		dev=$(blk_devt "$new")
		NEW_SD=$new NEW_DEV=$dev
		# A nexus A never registered: under A's WE_RO reservation its
		# writes conflict. This is what a path joining unregistered does.
		dd if=/dev/urandom of="/dev/$new" bs=4k count=1 seek=25600 oflag=direct 2>"$E2E_TMP/w.err" || wrc=$?
		e2e_log "direct write to the new disk $new ($dev): exit $wrc, $(head -n 1 "$E2E_TMP/w.err")"
		[ "$wrc" != 0 ] || why="the unregistered nexus could write"
	fi
	if [ -z "$why" ]; then
		mp_reload mpa "$(mp_table "$E2E_SECTORS" "${A_DEV[@]}" "$dev")" || why="reload with 3 paths failed"
	fi
	[ -z "$why" ] && { persist mpa --register a || why="persist --register on 3 paths failed"; }
	[ -z "$why" ] && [ "$(out_count ': GOOD$')" != 3 ] && why="not GOOD on 3 paths"
	[ -z "$why" ] && ! keys_are mpa "0xa 0xa 0xa" && why="0xa not registered 3 times"
	if [ -z "$why" ]; then
		local base
		base=$(blk_ios "$new")
		fio_start new mpa
		wait_until 60 0.2 blk_progress "$new" "$base" 50 || why="no I/O on the new path"
		fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	fi
	result pr-new-path "$why" test -z "$why"
}

s_fence() {
	local why="" wrc=0
	persist mpb --register b || why="B's registration failed"
	[ -z "$why" ] && { write_through mpb || why="B's write failed once registered ($(head -n 1 "$E2E_TMP/w.err"))"; }
	fio_start fence mpa
	# fence_scsi on A: register (done), reserve (done), preempt-abort B.
	[ -z "$why" ] && { persist mpa --preempt-abort b --key a --type we-ro || why="preempt-abort failed"; }
	[ -z "$why" ] && [ "$(out_count ': GOOD$')" != 1 ] && why="preempt-abort: not exactly one GOOD"
	write_through mpb && why=${why:-B could still write after the preemption}
	e2e_log "B's write after the preemption: $(head -n 1 "$E2E_TMP/w.err")"
	[ -z "$why" ] && ! b_paths_up && why="the preemption failed B's path(s): $(dmsetup status mpb)"
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	[ -z "$why" ] && ! keys_are mpb "0xa 0xa 0xa" && why="keys other than A's 0xa left"
	result pr-fence "$why" test -z "$why"
}

s_release_clear() {
	local why=""
	persist mpa --release --key a --type we-ro || why="release failed"
	persist mpa --read-reservation || why=${why:-read-reservation failed}
	[ -z "$why" ] && [ "$(out_count "no reservation")" != 3 ] && why="a reservation is left"
	[ -z "$why" ] && { persist mpa --clear --key a || why="clear failed"; }
	[ -z "$why" ] && { persist mpb --read-keys || why="B's read-keys failed"; }
	[ -z "$why" ] && [ "$(out_count ", 0 keys")" != 2 ] && why="keys are left after clear"
	[ -z "$why" ] && { write_through mpb || why="B cannot write after clear"; }
	result pr-release-clear "$why" test -z "$why"
}

# ---- dm core's routing of the PR ioctls ------------------------------------------

s_ioctl() {
	local why="" rc=0
	# The clear left a UNIT ATTENTION on A's other nexuses; 6.1's sd sends
	# a PR command once, so it would fail the ioctl: persist's reads take
	# them (asked again).
	persist mpa --read-keys
	persist mpa --register c --ioctl || why="the register ioctl failed"
	[ -z "$why" ] && ! keys_are mpa "0xc 0xc 0xc" && why="the register ioctl did not reach the 3 paths"
	[ -z "$why" ] && { persist mpa --unregister --ioctl || why="the unregister ioctl failed"; }
	[ -z "$why" ] && { persist mpa --read-keys; [ "$(out_count ", 0 keys")" = 3 ] || why="keys left after unregister"; }
	if [ -z "$why" ]; then
		# Path 2 cannot answer: dm core stops there and undoes path 1.
		sd_set_state "${A_SD[1]}" offline
		persist mpa --register c --ioctl || rc=$?
		e2e_figure "PR register ioctl with a path offline: exit $rc, $(head -n 1 "$E2E_TMP/persist.out")"
		sd_set_state "${A_SD[1]}" running
		[ "$rc" != 0 ] || why="the register ioctl succeeded with a path offline"
		persist mpa --read-keys
		[ -z "$why" ] && [ "$(out_count ", 0 keys")" != 3 ] && why="the failed register was not undone"
	fi
	result pr-ioctl-routing "$why" test -z "$why"
}

# ---- the daemon: a path registered before it comes back, not when fenced ----

DLOG=$E2E_TMP/daemon.log
DPID=""
dlog_has() { grep -q -- "$1" "$DLOG"; }

# cluster_conf [KEY]: $E2E_TMP/cluster.conf with reservation_key KEY (0xa,
# or "file") for LUN 0's WWID.
cluster_conf() {
	local wwid key=${1:-0xa}
	wwid=$("$CTL" wwid "/dev/${A_SD[0]}") || return 1
	printf 'defaults {\n\tpolling_interval 1\n\tchecker_timeout 5\n}\n' >"$E2E_TMP/cluster.conf"
	printf 'multipaths {\n\tmultipath {\n\t\twwid %s\n\t\treservation_key %s\n\t}\n}\n' \
		"$wwid" "$key" >>"$E2E_TMP/cluster.conf"
	e2e_log "reservation_key $key for $wwid"
}

daemon_start() {
	cluster_conf "${1:-0xa}" || return 1
	setsid "$CTL" --config "$E2E_TMP/cluster.conf" daemon >>"$DLOG" 2>&1 </dev/null &
	DPID=$!
	e2e_log "daemon pid $DPID"
}

daemon_stop() {
	[ -n "$DPID" ] || return 0
	kill -TERM "$DPID" 2>/dev/null
	wait_until 10 0.2 pid_gone "$DPID" || bg_stop "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=""
	sed 's/^/  daemon: /' "$DLOG" | tail -n 25
}

# sg_persist on a disk, logged.
sgp() { e2e_log "+ sg_persist $*: $(sg_persist "$@" 2>&1 | tr '\n' ' ')"; }

s_daemon() {
	local why=""
	mp_remove mpb    # B's map shares the WWID, so the key: keep it apart
	persist mpa --register a && persist mpa --reserve --key a --type we-ro ||
		why="A could not register and reserve again"
	if [ -z "$why" ]; then
		fio_start dmn mpa
		# Before the daemon runs (it would reinstate the path at once):
		# the path failed, its nexus unregistered once its I/O is done,
		# as a path that comes back unregistered.
		e2e_run dmsetup message mpa 0 fail_path "$NEW_DEV"
		wait_until 10 0.1 eval '[ "$(blk_inflight "$NEW_SD")" = 0 ]' || e2e_log "$NEW_SD: I/O still in flight"
		sgp --out --register-ignore --param-sark=0 "/dev/$NEW_SD"
		keys_are mpa "0xa 0xa" || why="the registration on $NEW_SD did not go"
	fi
	[ -z "$why" ] && { daemon_start || why="the daemon did not start"; }
	[ -z "$why" ] && { wait_until 30 0.2 mp_path_is mpa "$NEW_DEV" A || why="$NEW_SD not reinstated by the daemon"; }
	[ -z "$why" ] && { wait_until 5 0.2 dlog_has "path $NEW_SD registered with reservation key 0xa" ||
		why="no registration in the daemon's log"; }
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	[ -z "$why" ] && ! keys_are mpa "0xa 0xa 0xa" && why="0xa not on 3 paths after the daemon"
	result pr-daemon-rejoin "$why" test -z "$why"

	why=""
	e2e_passed pr-daemon-rejoin || why="the daemon scenario before failed"
	if [ -z "$why" ]; then
		# Host B fences A (register, then preempt and abort 0xa); then
		# a path of A fails and comes back.
		sgp --out --register-ignore --param-sark=0xb "/dev/${B_SD[0]}"
		sgp --out --preempt-abort --param-rk=0xb --param-sark=0xa --prout-type=5 "/dev/${B_SD[0]}"
		e2e_run dmsetup message mpa 0 fail_path "$NEW_DEV"
		wait_until 30 0.2 dlog_has "path .*$NEW_SD.* not reinstated: reservation key 0xa is no longer registered" ||
			why="no refusal in the daemon's log"
		mp_path_is mpa "$NEW_DEV" F || why=${why:-the daemon reinstated a fenced path}
	fi
	if [ -z "$why" ]; then
		# B lets go, A registers again on its usable paths: the daemon
		# does the failed one and reinstates it.
		sgp --out --clear --param-rk=0xb "/dev/${B_SD[0]}"
		persist mpa --register a || why="A's registration failed"
		[ -z "$why" ] && { wait_until 30 0.2 mp_path_is mpa "$NEW_DEV" A || why="$NEW_SD not back after A registered again"; }
		[ -z "$why" ] && ! keys_are mpa "0xa 0xa 0xa" && why="0xa not on 3 paths"
	fi
	daemon_stop
	persist mpa --clear --key a || true
	result pr-daemon-fenced "$why" test -z "$why"
}

# persist_conf MAP ARGS...: persist under $E2E_TMP/cluster.conf.
persist_conf() {
	local rc=0
	timeout 60 "$CTL" --config "$E2E_TMP/cluster.conf" persist "$@" \
		>"$E2E_TMP/persist.out" 2>&1 || rc=$?
	e2e_log "+ mpath2ctl --config cluster.conf persist $* -> exit $rc"
	sed 's/^/  /' "$E2E_TMP/persist.out"
	return $rc
}

# reservation_key file: the key goes through /etc/mpath2/prkeys.
s_prkeys_file() {
	local why="" wwid prk=/etc/mpath2/prkeys
	wwid=$("$CTL" wwid "/dev/${A_SD[0]}")
	rm -f "$prk"
	cluster_conf file || why="no config"
	[ -z "$why" ] && ! persist_conf mpa --register c && why="persist --register c failed"
	[ -z "$why" ] && ! out_has "prkeys: 0xc for $wwid in $prk" &&
		why="persist did not say it kept the key in $prk"
	e2e_log "$prk: $(grep -v '^#' "$prk" 2>/dev/null | tr '\n' ' ')"
	[ -z "$why" ] && ! grep -qx "0xc $wwid" "$prk" && why="no '0xc $wwid' line in $prk"
	if [ -z "$why" ]; then
		# A path's registration dropped, as for pr-daemon-rejoin.
		e2e_run dmsetup message mpa 0 fail_path "$NEW_DEV"
		sgp --out --register-ignore --param-sark=0 "/dev/$NEW_SD"
		keys_are mpa "0xc 0xc" || why="the registration on $NEW_SD did not go"
	fi
	[ -z "$why" ] && { daemon_start file || why="the daemon did not start"; }
	[ -z "$why" ] && { wait_until 30 0.2 mp_path_is mpa "$NEW_DEV" A || why="$NEW_SD not reinstated by the daemon"; }
	[ -z "$why" ] && { wait_until 5 0.2 dlog_has "path $NEW_SD registered with reservation key 0xc" ||
		why="no registration of the file's key in the daemon's log"; }
	[ -z "$why" ] && ! keys_are mpa "0xc 0xc 0xc" && why="0xc not on 3 paths after the daemon"
	daemon_stop
	[ -z "$why" ] && ! persist_conf mpa --unregister && why="persist --unregister failed"
	[ -z "$why" ] && grep -q "$wwid" "$prk" && why="the key's line is still in $prk after --unregister"
	persist mpa --clear --key c >/dev/null || true
	rm -f "$prk"
	result pr-prkeys-file "$why" test -z "$why"
}

# ---- online resize ----------------------------------------------------------

# LUN 1: LIO iblock over the dm-linear device $BACK (on a brd ramdisk), on
# TPGs 1 and 2; host A's two disks of it in R_SD, R_DEV.
lun1_setup() {
	local dev=$LIO/core/iblock_1/e2e tpg i
	modprobe brd rd_nr=1 rd_size=$((128 << 10)) || return 1
	dmsetup create "$BACK" --table "0 $((BACK_MB << 11)) linear /dev/ram0 0" || return 1
	mkdir -p "$dev" && echo "udev_path=/dev/mapper/$BACK" >"$dev/control" &&
		echo 6001405e2e0000000000000000000b01 >"$dev/wwn/vpd_unit_serial" &&
		echo 1 >"$dev/enable" || return 1
	LIO_EXTRA_DEVS+=("$dev")
	for i in 1 2; do
		tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_$i
		mkdir "$tpg/lun/lun_1" && ln -s "$dev" "$tpg/lun/lun_1/e2e" || return 1
	done
	iscsiadm -m session -R >/dev/null || return 1
	wait_until 30 0.2 _lun1_ready
}

_lun1_ready() {
	local i s
	R_SD=() R_DEV=()
	for i in 0 1; do
		s=$(sd_of "${ISCSI_PORTALS[i]}" default 1) || return 1
		[ "$(cat "/sys/block/$s/size")" -gt 0 ] || return 1
		R_SD+=("$s") R_DEV+=("$(blk_devt "$s")")
	done
}

map_size() { blockdev --getsz /dev/mapper/mpr; }

s_resize() {
	local why="" old new rc=0
	if ! lun1_setup || ! mp_create mpr "$(mp_table $((BACK_MB << 11)) "${R_DEV[@]}")"; then
		result_fail resize-refused "LUN 1 (iblock over $BACK) not set up"
		result_fail resize-grow "LUN 1 not set up"
		return 1
	fi
	old=$(map_size)
	e2e_log "LUN 1: ${R_SD[*]} (${R_DEV[*]}), map mpr $old sectors"
	# The LUN grows to 64 MiB: the backing device first.
	dmsetup reload "$BACK" --table "0 $((BACK_MB << 12)) linear /dev/ram0 0" &&
		dmsetup resume "$BACK" || why="the backing device did not grow"
	# Only path 1 knows: resize must refuse, and change nothing.
	echo 1 >"/sys/block/${R_SD[0]}/device/rescan"
	e2e_log "path sizes: ${R_SD[0]} $(cat "/sys/block/${R_SD[0]}/size"), ${R_SD[1]} $(cat "/sys/block/${R_SD[1]}/size")"
	timeout 60 "$CTL" resize mpr --no-rescan >"$E2E_TMP/resize.out" 2>&1 || rc=$?
	e2e_log "resize --no-rescan: exit $rc: $(cat "$E2E_TMP/resize.out")"
	[ -z "$why" ] && [ "$rc" = 0 ] && why="resize took paths of two sizes"
	[ -z "$why" ] && ! grep -q 'paths differ in size' "$E2E_TMP/resize.out" && why="no clear refusal"
	[ -z "$why" ] && [ "$(map_size)" != "$old" ] && why="the map changed size"
	result resize-refused "$why" test -z "$why"

	why="" rc=0
	fio_start resize mpr
	timeout 60 "$CTL" resize mpr >"$E2E_TMP/resize.out" 2>&1 || rc=$?
	e2e_log "resize: exit $rc: $(cat "$E2E_TMP/resize.out")"
	new=$(map_size)
	[ "$rc" = 0 ] || why="resize failed: $(tail -n 1 "$E2E_TMP/resize.out")"
	[ -z "$why" ] && [ "$new" != $((BACK_MB << 12)) ] && why="the map has $new sectors, not $((BACK_MB << 12))"
	sleep 2
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	# The new half, written and verified through the map.
	if [ -z "$why" ]; then
		fio "${fio_job[@]}" --filename=/dev/mapper/mpr --offset=$((BACK_MB + 8))M \
			--output="$E2E_TMP/fio-tail.txt" >/dev/null 2>&1 && fio_ok "$E2E_TMP/fio-tail.txt" ||
			why="fio on the new range failed: $(fio_summary "$E2E_TMP/fio-tail.txt")"
	fi
	mp_show mpr
	result resize-grow "$why" test -z "$why"

	# Once more, the daemon growing the map from the paths' uevents.
	why=""
	e2e_passed resize-grow || why="resize-grow failed"
	[ -z "$why" ] && { daemon_start || why="the daemon did not start"; }
	if [ -z "$why" ]; then
		wait_until 10 0.2 dlog_has "mpr: watching path ${R_SD[1]}" || e2e_log "the daemon does not watch mpr yet"
		fio_start resize2 mpr
		dmsetup reload "$BACK" --table "0 $((BACK_MB * 3 << 11)) linear /dev/ram0 0" &&
			dmsetup resume "$BACK" || why="the backing device did not grow"
		echo 1 >"/sys/block/${R_SD[0]}/device/rescan"
		echo 1 >"/sys/block/${R_SD[1]}/device/rescan"
		[ -z "$why" ] && { wait_until 30 0.2 eval '[ "$(map_size)" = $((BACK_MB * 3 << 11)) ]' ||
			why="the daemon did not grow the map ($(map_size) sectors)"; }
		fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	fi
	daemon_stop
	[ -z "$why" ] && ! dlog_has "mpr: resized, $((BACK_MB << 12)) -> $((BACK_MB * 3 << 11)) sectors" &&
		why="no resize line in the daemon's log"
	result resize-daemon "$why" test -z "$why"
	mp_remove mpr
}

teardown() {
	daemon_stop
	mp_remove mpa
	mp_remove mpb
	mp_remove mpr
	iscsi_teardown || true
	dmsetup remove "$BACK" 2>/dev/null || true
}

e2e_plan
if s_setup; then
	s_register
	e2e_passed pr-register && s_reserve
	e2e_passed pr-reserve && s_conflict
	e2e_passed pr-register && s_path_cut
	e2e_passed pr-reserve && s_new_path
	e2e_passed pr-new-path && s_fence
	e2e_passed pr-register && s_release_clear
	e2e_passed pr-release-clear && s_ioctl
	e2e_passed pr-new-path && s_daemon
	e2e_passed pr-new-path && s_prkeys_file
	s_resize
	e2e_fail_rest "an earlier step failed"
	teardown
else
	e2e_fail_rest "setup failed"
fi
e2e_finish
