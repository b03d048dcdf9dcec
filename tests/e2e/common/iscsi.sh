# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# iSCSI: the LIO target (configfs), the open-iscsi initiator on two
# loopback portals, and cutting the network to a portal.
# Sourced by tests/e2e/lib.sh.

ISCSI_IQN=${ISCSI_IQN:-iqn.2003-01.org.linux-iscsi.mpath2:e2e}
ISCSI_SERIAL=${ISCSI_SERIAL:-6001405e2e0000000000000000000001}
ISCSI_LUN_MB=${ISCSI_LUN_MB:-${E2E_LUN_MB:-256}}
ISCSI_PORTALS=(127.0.0.1 127.0.0.2)
ISCSI_TPG_ALUA=(ao ano)           # port group of TPG 1 and TPG 2
ISCSI_PORT=3260
ISCSI_TIMEOUTS=(
	node.session.timeo.replacement_timeout=5
	node.conn[0].timeo.noop_out_interval=2
	node.conn[0].timeo.noop_out_timeout=2
)
LIO=/sys/kernel/config/target
LIO_DEV=$LIO/core/rd_mcp_0/e2e
ISCSID_PID=

# Exported by iscsi_setup: path N goes through portal N (TPG N).
E2E_SD=()       # sd names
E2E_DEV=()      # maj:min
E2E_WWID=
E2E_SECTORS=

_lio_target() {
	local tpg i=0 portal
	modprobe target_core_mod && modprobe target_core_file &&
		modprobe target_core_iblock && modprobe iscsi_target_mod || return 1
	[ -d "$LIO" ] || { e2e_log "no $LIO (configfs not mounted?)"; return 1; }

	# Backstore: a ramdisk with a fixed unit serial (one WWID on all paths);
	# with E2E_BACKSTORE=fileio, a file on tmpfs that also supports UNMAP
	# (discard), which LIO's ramdisk does not.
	if [ "${E2E_BACKSTORE:-rd_mcp}" = fileio ]; then
		LIO_DEV=$LIO/core/fileio_0/e2e
		mkdir -p /mnt/lio && mount -t tmpfs -o size=$((ISCSI_LUN_MB + 16))m lio /mnt/lio &&
			mkdir -p "$LIO_DEV" || return 1
		echo "fd_dev_name=/mnt/lio/lun0,fd_dev_size=$((ISCSI_LUN_MB << 20))" \
			>"$LIO_DEV/control" || return 1
	else
		mkdir -p "$LIO_DEV" || return 1
		echo "rd_pages=$((ISCSI_LUN_MB * 256))" >"$LIO_DEV/control" || return 1
	fi
	echo "$ISCSI_SERIAL" >"$LIO_DEV/wwn/vpd_unit_serial" || return 1
	echo 1 >"$LIO_DEV/enable" || return 1
	if [ "${E2E_BACKSTORE:-rd_mcp}" = fileio ]; then
		echo 1 >"$LIO_DEV/attrib/emulate_tpu" || return 1
	fi

	# ALUA: TPG 1 active/optimized (group 10), TPG 2 active/non-optimized
	# (group 20). The access type (implicit+explicit) must be set first.
	mkdir "$LIO_DEV/alua/ao" "$LIO_DEV/alua/ano" || return 1
	echo 10 >"$LIO_DEV/alua/ao/tg_pt_gp_id" &&
		echo 20 >"$LIO_DEV/alua/ano/tg_pt_gp_id" &&
		echo 3 >"$LIO_DEV/alua/ao/alua_access_type" &&
		echo 3 >"$LIO_DEV/alua/ano/alua_access_type" &&
		echo 0 >"$LIO_DEV/alua/ao/alua_access_state" &&
		echo 1 >"$LIO_DEV/alua/ano/alua_access_state" || return 1

	mkdir -p "$LIO/iscsi/$ISCSI_IQN" || return 1
	for portal in "${ISCSI_PORTALS[@]}"; do
		i=$((i + 1))
		tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_$i
		mkdir "$tpg" "$tpg/lun/lun_0" || return 1
		# LIO opens the portal's socket in the writer's network namespace
		# (ISCSI_NP_NETNS: the seed topology's array namespace).
		${ISCSI_NP_NETNS:+nsenter --net="$ISCSI_NP_NETNS"} mkdir "$tpg/np/$portal:$ISCSI_PORT" || return 1
		ln -s "$LIO_DEV" "$tpg/lun/lun_0/e2e" || return 1
		echo "${ISCSI_TPG_ALUA[i - 1]}" >"$tpg/lun/lun_0/alua_tg_pt_gp" || return 1
		echo 1 >"$tpg/attrib/generate_node_acls" &&
			echo 1 >"$tpg/attrib/cache_dynamic_acls" &&
			echo 0 >"$tpg/attrib/authentication" &&
			echo 0 >"$tpg/attrib/demo_mode_write_protect" &&
			echo 1 >"$tpg/enable" || return 1
		e2e_log "LIO: $ISCSI_IQN tpgt_$i portal $portal:$ISCSI_PORT alua group ${ISCSI_TPG_ALUA[i - 1]}"
	done
}

# lio_add_lun N SERIAL SIZE_MB (opt-in, after iscsi_setup): one more LUN,
# number N (1..255), on every TPG of the target: a ramdisk backstore
# rd_mcp_N/e2e with its own unit serial, so its own WWID. LIO derives the
# NAA WWID from the serial's first 25 hex digits: make them differ. The
# initiator sees it after a rescan (iscsiadm -m session -R).
LIO_EXTRA_DEVS=()

lio_add_lun() {
	local n=$1 dev=$LIO/core/rd_mcp_$1/e2e tpg k=0
	mkdir -p "$dev" && echo "rd_pages=$(($3 * 256))" >"$dev/control" &&
		echo "$2" >"$dev/wwn/vpd_unit_serial" && echo 1 >"$dev/enable" || return 1
	LIO_EXTRA_DEVS+=("$dev")
	for tpg in "$LIO/iscsi/$ISCSI_IQN"/tpgt_*; do
		mkdir "$tpg/lun/lun_$n" && ln -s "$dev" "$tpg/lun/lun_$n/e2e" || return 1
		k=$((k + 1))
	done
	e2e_log "LIO: LUN $n, serial $2, $3 MiB, on $k TPG(s)"
}

_iscsid_up() { grep -q ISCSIADM_ABSTRACT_NAMESPACE /proc/net/unix; }

# Start iscsid in the root namespace (its netlink socket lives only there).
iscsid_start() {
	mkdir -p /run/lock/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets /etc/iscsi/ifaces
	# Foreground iscsid in its own session (SIGTERM goes to its group).
	setsid iscsid -f >"$E2E_TMP/iscsid.log" 2>&1 </dev/null &
	ISCSID_PID=$!
	wait_until 10 0.1 _iscsid_up || { e2e_log "iscsid did not start"; return 1; }
}

_iscsi_initiator() {
	local p kv t0
	# E2E_SCSI_DH=0: no scsi_dh_alua, so it does not attach at scan time.
	if [ "${E2E_SCSI_DH:-1}" = 1 ]; then
		modprobe scsi_dh_alua || return 1
	fi
	modprobe sd_mod && modprobe iscsi_tcp || return 1
	iscsid_start || return 1

	iscsiadm -m discovery -t sendtargets -p "${ISCSI_PORTALS[0]}:$ISCSI_PORT" || return 1
	for p in "${ISCSI_PORTALS[@]}"; do
		# Multipath-friendly timeouts, set before login.
		for kv in "${ISCSI_TIMEOUTS[@]}"; do
			iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -o update \
				-n "${kv%%=*}" -v "${kv#*=}" || return 1
		done
		e2e_log "node $p: $(iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" |
			grep -E 'replacement_timeout|noop_out_(interval|timeout)' | tr -s ' ' | tr '\n' ' ')"
	done
	for p in "${ISCSI_PORTALS[@]}"; do
		t0=$(e2e_now_cs)
		iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" --login >/dev/null || return 1
		e2e_log "logged in to $p in $(e2e_since "$t0")s"
	done
}

# sd disk of the iSCSI session whose connection goes to portal $1.
_sd_of_portal() {
	local b dev sess addr
	for b in /sys/block/sd*; do
		[ -e "$b" ] || continue
		dev=$(readlink -f "$b/device")
		sess=$(echo "$dev" | grep -oE 'session[0-9]+' | head -n 1)
		[ -n "$sess" ] || continue
		addr=$(cat /sys/class/iscsi_connection/connection"${sess#session}":*/persistent_address 2>/dev/null | head -n 1)
		if [ "$addr" = "$1" ]; then
			echo "${b##*/}"
			return 0
		fi
	done
	return 1
}

_paths_ready() {
	local p sd i=0 w
	E2E_SD=() E2E_DEV=()
	for p in "${ISCSI_PORTALS[@]}"; do
		sd=$(_sd_of_portal "$p") || return 1
		[ -b "/dev/$sd" ] && [ -r "/sys/block/$sd/device/wwid" ] || return 1
		w=$(cat "/sys/block/$sd/device/wwid")
		[ -n "$w" ] || return 1
		[ "$i" -eq 0 ] && E2E_WWID=$w
		[ "$w" = "$E2E_WWID" ] || return 1
		[ "$(cat "/sys/block/$sd/size")" -gt 0 ] || return 1
		E2E_SD+=("$sd")
		E2E_DEV+=("$(blk_devt "$sd")")
		i=$((i + 1))
	done
}

# Bring up the whole iSCSI bench. Sets E2E_SD, E2E_DEV, E2E_WWID, E2E_SECTORS.
iscsi_setup() {
	local t0 i
	t0=$(e2e_now_cs)
	_lio_target || { e2e_log "LIO target setup failed"; return 1; }
	e2e_log "LIO target ready in $(e2e_since "$t0")s"
	_iscsi_initiator || { e2e_log "iSCSI login failed"; iscsi_dump; return 1; }
	if ! wait_until 30 0.1 _paths_ready; then
		e2e_log "two iSCSI disks with one WWID did not appear"
		iscsi_dump
		return 1
	fi
	E2E_SECTORS=$(cat "/sys/block/${E2E_SD[0]}/size")
	for i in 0 1; do
		e2e_log "path $((i + 1)): ${ISCSI_PORTALS[i]} -> ${E2E_SD[i]} (${E2E_DEV[i]}) state $(sd_state "${E2E_SD[i]}") dh $(cat "/sys/block/${E2E_SD[i]}/device/dh_state" 2>/dev/null)"
	done
	e2e_log "WWID $E2E_WWID, $E2E_SECTORS sectors"
	e2e_marker "E2E-TIME: iscsi_setup $(e2e_since "$t0")s"
}

iscsi_dump() {
	e2e_log "--- iscsi state"
	iscsiadm -m session -P 3 2>&1 | grep -E 'Target:|Current Portal|Attached scsi disk|State' || true
	ls /sys/block
	tail -n 20 "$E2E_TMP/iscsid.log" 2>/dev/null || true
}

# Undo iscsi_setup, best effort, bounded. Returns non-zero if something stuck.
iscsi_teardown() {
	local rc=0 tpg i
	# Bounded: a logout stuck on iscsid must fail the group, not hang it
	# until the guest's 600 s timeout (seen once in CI, discover group).
	local lrc=0
	timeout 60 iscsiadm -m node --logoutall=all >/dev/null 2>&1 || lrc=$?
	if [ $lrc != 0 ]; then
		rc=1
		e2e_log "iscsiadm logout failed (exit $lrc; 124 = timed out after 60 s)"
		[ $lrc = 124 ] && iscsi_dump
	fi
	if [ -n "$ISCSID_PID" ]; then
		kill -TERM "$ISCSID_PID" 2>/dev/null
		wait_until 10 0.1 eval '! kill -0 '"$ISCSID_PID"' 2>/dev/null' || rc=1
		wait "$ISCSID_PID" 2>/dev/null
		ISCSID_PID=
	fi
	# Every TPG and LUN, also those of lio_add_lun and groups' own TPGs.
	[ -d "$LIO/iscsi/$ISCSI_IQN" ] && for tpg in "$LIO/iscsi/$ISCSI_IQN"/tpgt_*; do
		[ -d "$tpg" ] || continue
		echo 0 >"$tpg/enable" 2>/dev/null
		rm -f "$tpg"/lun/lun_*/e2e
		rmdir "$tpg"/lun/lun_* "$tpg"/np/* "$tpg" 2>/dev/null || rc=1
	done
	rmdir "$LIO/iscsi/$ISCSI_IQN" 2>/dev/null
	rmdir "$LIO_DEV/alua/ao" "$LIO_DEV/alua/ano" "$LIO_DEV" "${LIO_DEV%/*}" 2>/dev/null || rc=1
	for i in "${LIO_EXTRA_DEVS[@]}"; do
		rmdir "$i" "${i%/*}" 2>/dev/null || rc=1
	done
	LIO_EXTRA_DEVS=()
	[ $rc -eq 0 ] || e2e_log "iSCSI teardown left something behind"
	return $rc
}

# A "pulled cable" between the initiator and portal N (0-based): everything
# the initiator sends to that portal is dropped silently by a blackhole
# policy-routing rule, so iSCSI notices only by its NOP-Out timeout and then
# waits replacement_timeout before failing I/O, as with a real link loss.
# (Both portals are on lo: the rule must come before the "local" table,
# which is moved once from priority 0 to 100.)
ISCSI_NET_RULES=0

_iscsi_net_rule() { # add|del N
	ip rule "$1" pref 5 to "${ISCSI_PORTALS[$2]}/32" ipproto 6 dport "$ISCSI_PORT" blackhole
}

iscsi_net_cut() {
	if [ "$ISCSI_NET_RULES" = 0 ]; then
		ip rule add pref 100 lookup local && ip rule del pref 0 lookup local || return 1
		ISCSI_NET_RULES=1
	fi
	e2e_log "network to portal ${ISCSI_PORTALS[$1]} cut"
	_iscsi_net_rule add "$1"
}

iscsi_net_restore() {
	e2e_log "network to portal ${ISCSI_PORTALS[$1]} restored"
	_iscsi_net_rule del "$1"
}

# All iSCSI disks of the bench are in state "running".
sd_all_running() {
	local sd
	for sd in "${E2E_SD[@]}"; do
		[ "$(sd_state "$sd")" = running ] || return 1
	done
}
