# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# The seed topology: 2 NICs x 2 portals in network namespaces
# (opt-in: seed_setup).
# Sourced by tests/e2e/lib.sh.

#
#   root namespace (the host)              namespace "array" (the iSCSI array)
#   nic1 192.0.2.1/24    ==== veth ====  a1 -+
#                                            +- br0  192.0.2.10    portal 1, TPG 1,
#   nic2 198.51.100.1/24 ==== veth ====  a2 -+       198.51.100.10 portal 2, TPG 2
#
# Each NIC reaches both portals: its own subnet directly, the other one by a
# route through that NIC (metric 100, below the other NIC's own route).
# open-iscsi binds each session to its NIC (iface.net_ifacename: the socket
# is SO_BINDTODEVICE, so its route goes through that NIC only), and the
# root namespace answers ARP only on the NIC that owns the address
# (arp_ignore 1): the array's replies go back over the same NIC. So each of
# the 4 sessions really goes over its NIC, and `ip link set nic1 down` kills
# exactly the two NIC1 sessions. iscsid stays in the root namespace; LIO's
# portals are made from inside the array namespace (nsenter --net).

SEED_NETNS=/run/netns/array
SEED_NICS=(nic1 nic2)
SEED_NIC_IP=(192.0.2.1 198.51.100.1)
SEED_NET=(192.0.2.0/24 198.51.100.0/24)
SEED_PORTAL_IP=(192.0.2.10 198.51.100.10)

# Exported by seed_setup, one entry per session, in the order
# nic1->portal1, nic1->portal2, nic2->portal1, nic2->portal2:
SEED_SD=()       # sd names
SEED_DEV=()      # maj:min
SEED_NIC=()      # nic1|nic2
SEED_PORTAL=()   # 1|2

# Run a command in the array's network namespace (not `ip netns exec`,
# which remounts /sys and hides configfs).
in_array() { nsenter --net="$SEED_NETNS" "$@"; }

# _seed_sysctl NAME VALUE [array]: an IPv4 sysctl, in the root namespace or
# the array's.
_seed_sysctl() {
	if [ "${3:-}" = array ]; then
		in_array sh -c "echo $2 >/proc/sys/net/ipv4/$1"
	else
		echo "$2" >"/proc/sys/net/ipv4/$1"
	fi
}

# Route from NIC $1 (0-based) to the other NIC's subnet. `ip link set down`
# deletes it and link up does not restore it: seed_nic_up adds it again.
_seed_cross_route() {
	local o=$((1 - $1))
	ip route replace "${SEED_NET[o]}" dev "${SEED_NICS[$1]}" src "${SEED_NIC_IP[$1]}" metric 100
}

# The veth pairs, the array's bridge and portal addresses, the routes.
_seed_net() {
	local i
	modprobe veth && modprobe bridge || return 1
	ip netns add array || return 1
	in_array ip link set lo up &&
		in_array ip link add br0 type bridge forward_delay 0 &&
		in_array ip link set br0 up || return 1
	for i in 0 1; do
		ip link add "${SEED_NICS[i]}" type veth peer name "a$((i + 1))" &&
			ip link set "a$((i + 1))" netns array &&
			in_array ip link set "a$((i + 1))" master br0 &&
			in_array ip link set "a$((i + 1))" up &&
			in_array ip addr add "${SEED_PORTAL_IP[i]}/24" dev br0 || return 1
	done
	# Root namespace: ARP answered only on the NIC owning the address, ARP
	# asked with the NIC's own address, loose reverse-path filter (a reply
	# from the other subnet arrives on a NIC that is not its best route).
	_seed_sysctl conf/all/arp_ignore 1 && _seed_sysctl conf/all/arp_announce 2 &&
		_seed_sysctl conf/all/rp_filter 2 && _seed_sysctl conf/default/rp_filter 2 &&
		_seed_sysctl conf/all/arp_announce 2 array || return 1
	for i in 0 1; do
		ip addr add "${SEED_NIC_IP[i]}/24" dev "${SEED_NICS[i]}" &&
			ip link set "${SEED_NICS[i]}" up || return 1
	done
	for i in 0 1; do
		_seed_cross_route "$i" || return 1
	done
	e2e_log "network: nic1 ${SEED_NIC_IP[0]}, nic2 ${SEED_NIC_IP[1]} <-> array br0 portals ${SEED_PORTAL_IP[*]}"
}

# open-iscsi: one iface per NIC, a node per NIC x portal with multipath
# timeouts, then the 4 logins in the order of SEED_SD.
_seed_initiator() {
	local nic p kv t0
	modprobe scsi_dh_alua && modprobe sd_mod && modprobe iscsi_tcp || return 1
	iscsid_start || return 1
	for nic in "${SEED_NICS[@]}"; do
		iscsiadm -m iface -I "$nic" -o new >/dev/null &&
			iscsiadm -m iface -I "$nic" -o update -n iface.net_ifacename -v "$nic" >/dev/null || return 1
		e2e_log "iface $nic: $(iscsiadm -m iface -I "$nic" | grep -E 'iface.net_ifacename' | tr -s ' ')"
	done
	e2e_log "discovery through nic1 and nic2: $(iscsiadm -m discovery -t sendtargets \
		-p "${SEED_PORTAL_IP[0]}:$ISCSI_PORT" -I nic1 -I nic2 | tr '\n' ';')"
	for nic in "${SEED_NICS[@]}"; do
		for p in "${SEED_PORTAL_IP[@]}"; do
			# A portal sendtargets did not name gets its record by hand.
			iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$nic" >/dev/null 2>&1 ||
				iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$nic" -o new >/dev/null || return 1
			for kv in "${ISCSI_TIMEOUTS[@]}"; do
				iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$nic" -o update \
					-n "${kv%%=*}" -v "${kv#*=}" || return 1
			done
		done
	done
	e2e_log "node timeouts: $(iscsiadm -m node -T "$ISCSI_IQN" -p "${SEED_PORTAL_IP[0]}:$ISCSI_PORT" -I nic1 |
		grep -E 'replacement_timeout|noop_out_(interval|timeout)' | tr -s ' ' | tr '\n' ' ')"
	for nic in "${SEED_NICS[@]}"; do
		for p in "${SEED_PORTAL_IP[@]}"; do
			t0=$(e2e_now_cs)
			iscsiadm -m node -T "$ISCSI_IQN" -p "$p:$ISCSI_PORT" -I "$nic" --login >/dev/null || return 1
			e2e_log "logged in $nic -> $p in $(e2e_since "$t0")s"
		done
	done
}

# seed_sd_of NIC PORTAL_IP: the sd disk of the session bound to NIC whose
# connection goes to PORTAL_IP.
seed_sd_of() {
	local s sess b
	for s in /sys/class/iscsi_session/session*; do
		[ -e "$s" ] || continue
		[ "$(cat "$s/ifacename" 2>/dev/null)" = "$1" ] || continue
		sess=${s##*/session}
		[ "$(cat /sys/class/iscsi_connection/connection"$sess":*/persistent_address 2>/dev/null | head -n 1)" = "$2" ] || continue
		for b in /sys/block/sd*; do
			[ -e "$b" ] || continue
			if readlink -f "$b/device" | grep -q "/session$sess/"; then
				echo "${b##*/}"
				return 0
			fi
		done
	done
	return 1
}

# seed_session_state N: the iSCSI session state of path N (LOGGED_IN, FAILED...).
seed_session_state() {
	local s
	s=$(readlink -f "/sys/block/${SEED_SD[$1]}/device" | grep -oE 'session[0-9]+' | head -n 1)
	cat "/sys/class/iscsi_session/$s/state" 2>/dev/null || echo gone
}

# seed_sessions_in N...: the sessions of paths N... are logged in.
seed_sessions_in() {
	local n
	for n in "$@"; do
		[ "$(seed_session_state "$n")" = LOGGED_IN ] || return 1
	done
}

# seed_paths_are MAP STATE N...: paths N... are in STATE (A or F) in MAP.
seed_paths_are() {
	local map=$1 st=$2 n
	shift 2
	for n in "$@"; do
		mp_path_is "$map" "${SEED_DEV[n]}" "$st" || return 1
	done
}

# seed_ios MAP: path_stats ios of paths 0..3 (SEED_* order) on one line.
seed_ios() {
	dmsetup message "$1" 0 path_stats 2>/dev/null | awk -v list="${SEED_DEV[*]}" '
		{ for (i = 2; i <= NF; i++) if (index($i, "ios=") == 1) v[$1] = substr($i, 5) }
		END { n = split(list, d, " "); for (i = 1; i <= n; i++) printf "%s%s", (d[i] in v ? v[d[i]] : 0), (i < n ? " " : "\n") }'
}

# seed_split MAP N: bios each path (SEED_* order) took over the next N bios
# on MAP (at most 30 s), as "n0 n1 n2 n3".
seed_split() {
	local dm base i out=""
	local -a b a
	read -r -a b <<<"$(seed_ios "$1")"
	dm=$(mp_blkname "$1")
	base=$(blk_ios "$dm")
	wait_until 30 0.1 blk_progress "$dm" "$base" "$2" || e2e_log "seed_split: fewer than $2 I/Os in 30 s"
	read -r -a a <<<"$(seed_ios "$1")"
	for i in 0 1 2 3; do out="$out $((a[i] - b[i]))"; done
	echo "${out# }"
}

# Fill SEED_* from the live sessions; fails until all 4 disks are there
# with one WWID.
seed_paths_ready() {
	local n nic p sd w
	SEED_SD=() SEED_DEV=() SEED_NIC=() SEED_PORTAL=()
	n=0
	for nic in "${SEED_NICS[@]}"; do
		for p in 1 2; do
			sd=$(seed_sd_of "$nic" "${SEED_PORTAL_IP[p - 1]}") || return 1
			[ -b "/dev/$sd" ] && [ "$(cat "/sys/block/$sd/size")" -gt 0 ] || return 1
			w=$(cat "/sys/block/$sd/device/wwid" 2>/dev/null)
			[ -n "$w" ] || return 1
			[ "$n" -eq 0 ] && E2E_WWID=$w
			[ "$w" = "$E2E_WWID" ] || return 1
			SEED_SD+=("$sd") SEED_DEV+=("$(blk_devt "$sd")") SEED_NIC+=("$nic") SEED_PORTAL+=("$p")
			n=$((n + 1))
		done
	done
}

# Path N's label: "sdX (8:0) nic1 -> portal 1 192.0.2.10".
seed_path_name() {
	echo "${SEED_SD[$1]} (${SEED_DEV[$1]}) ${SEED_NIC[$1]} -> portal ${SEED_PORTAL[$1]} ${SEED_PORTAL_IP[${SEED_PORTAL[$1]} - 1]}"
}

# Bring up the 2x2 bench: network, LIO (portal 1 = TPG 1 = ALUA group "ao"
# active/optimized, portal 2 = TPG 2 = "ano" active/non-optimized), 4
# sessions. Sets SEED_*, E2E_WWID, E2E_SECTORS.
seed_setup() {
	local t0 i
	t0=$(e2e_now_cs)
	_seed_net || { e2e_log "network setup failed"; return 1; }
	ISCSI_PORTALS=("${SEED_PORTAL_IP[@]}")
	ISCSI_NP_NETNS=$SEED_NETNS
	_lio_target || { e2e_log "LIO target setup failed"; return 1; }
	e2e_log "LIO: portals listening in the array namespace: $(in_array cat /proc/net/tcp |
		awk '$4 == "0A" { print $2 }' | tr '\n' ' ')"
	_seed_initiator || { e2e_log "iSCSI login failed"; iscsi_dump; return 1; }
	if ! wait_until 30 0.1 seed_paths_ready; then
		e2e_log "four iSCSI disks with one WWID did not appear"
		iscsi_dump
		return 1
	fi
	E2E_SECTORS=$(cat "/sys/block/${SEED_SD[0]}/size")
	for i in 0 1 2 3; do
		e2e_log "path $((i + 1)): $(seed_path_name "$i") state $(sd_state "${SEED_SD[i]}")"
	done
	e2e_log "WWID $E2E_WWID, $E2E_SECTORS sectors"
	e2e_marker "E2E-TIME: seed_setup $(e2e_since "$t0")s"
}

# seed_nic_down N / seed_nic_up N: pull NIC N's cable (0-based) and put it
# back (with the route to the other subnet, as ifup would).
seed_nic_down() {
	e2e_kmsg "${SEED_NICS[$1]} down"
	ip link set "${SEED_NICS[$1]}" down
}

seed_nic_up() {
	e2e_kmsg "${SEED_NICS[$1]} up"
	ip link set "${SEED_NICS[$1]}" up && _seed_cross_route "$1"
}

# seed_portal_down N / seed_portal_up N: the array takes portal N (1-based)
# out of service (its TPG disabled: sessions dropped, logins refused) and
# back.
seed_portal_down() {
	e2e_kmsg "portal $1 down"
	echo 0 >"$LIO/iscsi/$ISCSI_IQN/tpgt_$1/enable"
}

seed_portal_up() {
	e2e_kmsg "portal $1 up"
	echo 1 >"$LIO/iscsi/$ISCSI_IQN/tpgt_$1/enable"
}

# Undo seed_setup, best effort. Returns non-zero if something stuck.
seed_teardown() {
	local rc=0 nic
	iscsi_teardown || rc=1
	for nic in "${SEED_NICS[@]}"; do
		ip link del "$nic" 2>/dev/null
	done
	[ -e "$SEED_NETNS" ] && { ip netns del array || rc=1; }
	ISCSI_NP_NETNS=
	return $rc
}
