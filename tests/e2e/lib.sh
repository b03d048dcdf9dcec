# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers for mpath2's end-to-end tests. Sourced by the test scripts inside
# the qemu guest (scripts/guest/run.sh boots it; /init runs the script with
# bash from /e2e).
#
# Results go to the console AND to $E2E_MARKERS (/dev/ttyS1), one line per
# scenario, which the host parses:
#   E2E-RESULT: PASS <name>
#   E2E-RESULT: FAIL <name>: <reason>
# A test script declares its scenarios in header comments, read both here
# and by scripts/guest/e2e.sh (so a scenario that never reports is a FAIL):
#   # e2e-scenarios: name1 name2 ...
# ("# demo-scenarios:" for scripts that `make e2e` must not pick up.)

# ---- which multipath target the tests drive ---------------------------------
# mpath2 (the project's module) or multipath (in-tree dm-multipath in bio
# mode, the reference the bench was developed against). Override with
# E2E_TARGET=multipath in the host's environment.
E2E_TARGET=${E2E_TARGET:-mpath2}

E2E_MARKERS=${E2E_MARKERS:-/dev/null}
E2E_SCRIPT=${E2E_SCRIPT:-$0}
E2E_NAME=${E2E_SCRIPT##*/}
E2E_NAME=${E2E_NAME%.sh}
E2E_TMP=${E2E_TMP:-/tmp/e2e}
mkdir -p "$E2E_TMP"

# ---- logging, time, polling -------------------------------------------------

# Centiseconds since boot.
e2e_now_cs() {
	local up
	read -r up _ </proc/uptime
	echo $((10#${up/./}))
}

# Seconds (with 2 decimals) since centisecond timestamp $1.
e2e_since() {
	local d=$(($(e2e_now_cs) - $1))
	printf '%d.%02d' $((d / 100)) $((d % 100))
}

E2E_T0=$(e2e_now_cs)

e2e_log() {
	printf '[e2e %s +%ss] %s\n' "$E2E_NAME" "$(e2e_since "$E2E_T0")" "$*"
}

# A line for the host: console and marker channel.
e2e_marker() {
	printf '%s\n' "$*"
	printf '%s\n' "$*" >>"$E2E_MARKERS" 2>/dev/null || true
}

# Run a command, logging it first.
e2e_run() {
	e2e_log "+ $*"
	"$@"
}

# wait_until TIMEOUT_S INTERVAL_S CMD...: poll CMD until it succeeds; fails
# after TIMEOUT_S seconds.
wait_until() {
	local timeout=$1 interval=$2 start
	shift 2
	start=$(e2e_now_cs)
	while ! "$@"; do
		if [ $(($(e2e_now_cs) - start)) -ge $((timeout * 100)) ]; then
			return 1
		fi
		sleep "$interval"
	done
}

# map_has_dev MAP MAJ:MIN: the path is in MAP's table; map_lacks_dev: not.
# (For wait_until, around a path leaving or joining a map.)
map_has_dev() { dmsetup table "$1" | grep -q " $2 "; }
map_lacks_dev() { ! map_has_dev "$1" "$2"; }

# sd_found_again: a disk of the LUN ($E2E_WWID) other than ${E2E_SD[0]}, as
# a rescan brings back a deleted one; its name and MAJ:MIN in NEW_SD and
# NEW_DEV. For wait_until.
sd_found_again() {
	local s
	for s in /sys/block/sd*; do
		[ "$(cat "$s/device/wwid" 2>/dev/null)" = "$E2E_WWID" ] || continue
		[ "${s##*/}" = "${E2E_SD[0]}" ] && continue
		NEW_SD=${s##*/}
		NEW_DEV=$(cat "$s/dev")
		return 0
	done
	return 1
}

# ---- scenario results -------------------------------------------------------

declare -A E2E_REPORTED=()
E2E_PLANNED=()
E2E_FAILED=0
E2E_PASSED=0

# The scenarios this script declares, in order.
e2e_plan() {
	local line
	E2E_PLANNED=()
	while IFS= read -r line; do
		# shellcheck disable=SC2206 # word splitting wanted
		E2E_PLANNED+=(${line#*:})
	done < <(grep -E '^# (e2e|demo)-scenarios:' "$E2E_SCRIPT")
	e2e_marker "E2E-PLAN: ${E2E_PLANNED[*]}"
}

_e2e_check_name() {
	local n
	for n in "${E2E_PLANNED[@]}"; do
		[ "$n" = "$1" ] && return 0
	done
	e2e_log "warning: scenario '$1' is not declared in '# e2e-scenarios:'"
}

result_pass() {
	_e2e_check_name "$1"
	E2E_REPORTED[$1]=pass
	E2E_PASSED=$((E2E_PASSED + 1))
	e2e_marker "E2E-RESULT: PASS $1"
}

result_fail() {
	local name=$1
	shift
	_e2e_check_name "$name"
	E2E_REPORTED[$name]=fail
	E2E_FAILED=$((E2E_FAILED + 1))
	e2e_marker "E2E-RESULT: FAIL $name: ${*:-failed}"
}

# result NAME REASON CMD...: PASS if CMD succeeds, else FAIL with REASON.
result() {
	local name=$1 reason=$2
	shift 2
	if "$@"; then
		result_pass "$name"
	else
		result_fail "$name" "$reason"
	fi
}

e2e_reported() { [ -n "${E2E_REPORTED[$1]:-}" ]; }
e2e_passed() { [ "${E2E_REPORTED[$1]:-}" = pass ]; }

# Fail every declared scenario that has not reported yet (after a fatal
# error), except those named in E2E_KEEP (run later regardless).
e2e_fail_rest() {
	local reason=$1 n keep
	for n in "${E2E_PLANNED[@]}"; do
		e2e_reported "$n" && continue
		for keep in ${E2E_KEEP:-}; do
			[ "$n" = "$keep" ] && continue 2
		done
		result_fail "$n" "$reason"
	done
}

# Kernel log problems: WARN, BUG, oops, lockdep, hung tasks...
E2E_KLOG_BAD='WARNING:|BUG:|Oops|Call Trace|general protection|Kernel panic|blocked for more than|INFO: task|possible circular locking|UBSAN|KASAN|kmemleak'

e2e_check_kernel_log() {
	local bad
	bad=$(dmesg | grep -E "$E2E_KLOG_BAD" | head -n 5)
	if [ -z "$bad" ]; then
		result_pass kernel-log-clean
	else
		result_fail kernel-log-clean "$(printf '%s' "$bad" | head -n 1)"
	fi
}

# End of a test script: the kernel-log scenario if declared, FAIL for
# anything never reported, a summary. Returns non-zero on any failure.
e2e_finish() {
	local n
	for n in "${E2E_PLANNED[@]}"; do
		if [ "$n" = kernel-log-clean ] && ! e2e_reported "$n"; then
			e2e_check_kernel_log
		fi
	done
	for n in "${E2E_PLANNED[@]}"; do
		e2e_reported "$n" || result_fail "$n" "not run"
	done
	e2e_marker "E2E-SUMMARY: $E2E_NAME $E2E_PASSED passed, $E2E_FAILED failed"
	[ "$E2E_FAILED" -eq 0 ]
}

# ---- block devices ----------------------------------------------------------

# maj:min of a block device name (sdb, dm-0).
blk_devt() { cat "/sys/block/$1/dev"; }

# I/Os completed on a block device: reads + writes (from /sys/block/X/stat).
blk_ios() {
	local r w
	read -r r _ _ _ w _ <"/sys/block/$1/stat"
	echo $((r + w))
}

blk_writes() {
	local w
	read -r _ _ _ _ w _ <"/sys/block/$1/stat"
	echo "$w"
}

# SCSI device state of sdX (running, offline, transport-offline...).
sd_state() { cat "/sys/block/$1/device/state"; }

sd_set_state() {
	e2e_log "set $1 $2 (was $(sd_state "$1"))"
	echo "$2" >"/sys/block/$1/device/state"
}

# Tasks in uninterruptible sleep (D), as "pid comm" lines.
d_state_tasks() {
	local f line comm rest
	for f in /proc/[0-9]*/stat; do
		# read, not $(cat): a fork per process is slow under emulation.
		read -r line <"$f" 2>/dev/null || continue
		comm=${line#*(}
		comm=${comm%)*}
		rest=${line##*) }
		[ "${rest%% *}" = D ] && echo "${f//[^0-9]/} $comm"
	done
	return 0
}

no_d_state_tasks() { [ -z "$(d_state_tasks)" ]; }

# ---- the multipath target under test -----------------------------------------

# Module and table for E2E_TARGET.
mp_module() {
	case $E2E_TARGET in
	mpath2) echo dm-mpath2 ;;
	multipath) echo dm-multipath ;;
	*) echo "unknown E2E_TARGET '$E2E_TARGET'" >&2; return 1 ;;
	esac
}

# mp_table SECTORS DEV... -> one round-robin group over DEVs (maj:min).
mp_table() {
	local sectors=$1 d paths=""
	shift
	for d in "$@"; do paths="$paths $d 1"; done
	case $E2E_TARGET in
	mpath2) echo "0 $sectors mpath2 0 0 1 1 round-robin 0 $# 1$paths" ;;
	multipath) echo "0 $sectors multipath 2 queue_mode bio 0 1 1 round-robin 0 $# 1$paths" ;;
	*) return 1 ;;
	esac
}

mp_load_module() {
	local mod
	mod=$(mp_module) || return 1
	e2e_run modprobe "$mod" || return 1
	# The in-tree target loads selectors on demand; mpath2 may too.
	return 0
}

# The version dmsetup reports for the target, e.g. "v1.0.0".
mp_target_version() {
	dmsetup targets | awk -v t="$E2E_TARGET" '$1 == t { print $2 }'
}

# Unload a module and, first, every module that holds it.
mod_unload() {
	local m=${1//-/_} h
	[ -d "/sys/module/$m" ] || return 0
	for h in /sys/module/"$m"/holders/*; do
		[ -e "$h" ] && { mod_unload "${h##*/}" || return 1; }
	done
	e2e_run rmmod "$m"
}

mp_unload_module() {
	local mod
	mod=$(mp_module) || return 1
	mod_unload "$mod"
}

# Path state (A or F) of maj:min DEV in MAP's status line.
mp_path_state() {
	dmsetup status "$1" | awk -v d="$2" '{ for (i = 1; i < NF; i++) if ($i == d) { print $(i + 1); exit } }'
}

mp_path_is() { [ "$(mp_path_state "$1" "$2")" = "$3" ]; }

mp_fail_count() {
	dmsetup status "$1" | awk -v d="$2" '{ for (i = 1; i < NF - 1; i++) if ($i == d) { print $(i + 2); exit } }'
}

mp_show() {
	e2e_log "dmsetup table $1: $(dmsetup table "$1")"
	e2e_log "dmsetup status $1: $(dmsetup status "$1")"
}

# dm-N block device name of a map.
mp_blkname() { echo "dm-$(dmsetup info -c --noheadings -o minor "$1" | tr -d ' ')"; }

# ---- fio ----------------------------------------------------------------------

# fio_ok OUTPUT_FILE: fio's text output reports no error and no verify failure.
fio_ok() {
	local out=$1
	grep -qE 'err= *0' "$out" || return 1
	! grep -qE 'err= *[1-9]|verify: bad|verify failed|fio: (io_u error|pid=.*got signal)' "$out"
}

# One-line summary of a fio output file.
fio_summary() {
	grep -E '^ *(read|write|WRITE|READ):|err=' "$1" | tr -s ' ' | head -n 4 | tr '\n' ';'
}

# ---- iSCSI: LIO target (configfs) + open-iscsi initiator ---------------------

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

# ---- more helpers: kernel-log timing, tables, background I/O, network cuts --
# (used by queueing.sh, reload.sh, stress.sh and failback.sh)

# A line in the kernel log ("e2e: TEXT"), so that a test's own events and
# the kernel's share one clock.
e2e_kmsg() { echo "e2e: $*" >/dev/kmsg 2>/dev/null || true; }

# klog_time MARK ERE [first|last]: kernel timestamp (seconds) of the first
# (default) or last kernel log line matching ERE after the last "e2e: MARK"
# line (MARK "" = the whole log). Fails if there is none.
klog_time() {
	local re=$2 which=${3:-first} t
	t=$(dmesg | awk -v mark="e2e: $1" -v re="$re" -v which="$which" '
		function ts(line) { sub(/^\[ */, "", line); sub(/\].*$/, "", line); return line }
		mark != "e2e: " && index($0, mark) && substr($0, index($0, mark) + length(mark)) == "" { t = ""; next }
		$0 ~ re { if (which == "last" || t == "") t = ts($0) }
		END { if (t != "") print t }')
	[ -n "$t" ] || return 1
	echo "$t"
}

# secs_between A B: B - A for two timestamps in seconds, 3 decimals.
secs_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# float_between X LO HI: LO <= X <= HI.
float_between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }

# A measured figure for the host's summary (make e2e prints E2E-TIME lines).
e2e_figure() { e2e_marker "E2E-TIME: $*"; }

# mp_table_ex SECTORS "FEATURE WORDS" GROUP...: a table for E2E_TARGET with
# the given features and one round-robin group per GROUP, a comma-separated
# list of maj:min ("8:0,8:16" = one group of two paths).
mp_table_ex() {
	local sectors=$1 features=$2
	shift 2
	mp_table_hw "$sectors" "$features" 0 "$@"
}

# mp_table_hw SECTORS "FEATURE WORDS" "HANDLER" GROUP...: the same with a
# hardware handler section ("0", "1 alua", "3 alua poll 1"). In-tree
# dm-multipath in bio mode ignores the handler words (it logs "bio-based
# multipath doesn't allow hardware handler args") and uses the attached
# scsi_dh handler instead.
mp_table_hw() {
	local sectors=$1 hw=$3 g d n paths line
	local -a fw=()
	read -r -a fw <<<"$2"
	shift 3
	case $E2E_TARGET in
	mpath2) ;;
	multipath) fw+=(queue_mode bio) ;;
	*) return 1 ;;
	esac
	line="0 $sectors $E2E_TARGET ${#fw[@]}${fw[*]:+ ${fw[*]}} $hw $# 1"
	for g in "$@"; do
		n=0 paths=""
		for d in ${g//,/ }; do
			paths="$paths $d 1"
			n=$((n + 1))
		done
		line="$line round-robin 0 $n 1$paths"
	done
	echo "$line"
}

# mp_create MAP TABLE: create a map and wait for its /dev/mapper node.
mp_create() {
	e2e_run dmsetup create "$1" --table "$2" || return 1
	wait_until 5 0.1 test -b "/dev/mapper/$1"
}

# mp_remove MAP: remove a map if it exists (retrying while it is busy).
mp_remove() {
	dmsetup info "$1" >/dev/null 2>&1 || return 0
	e2e_run timeout 30 dmsetup remove --retry "$1"
}

# mp_reload MAP TABLE: load TABLE and swap it in (a flush suspend).
mp_reload() {
	e2e_run dmsetup reload "$1" --table "$2" && e2e_run timeout 60 dmsetup resume "$1"
}

# mp_path_stat MAP DEV KEY: one field (state, fail_count, errors, ios,
# in_flight, group) of DEV's line in mpath2's path_stats message.
mp_path_stat() {
	dmsetup message "$1" 0 path_stats 2>/dev/null | awk -v d="$2" -v k="$3" '
		$1 == d { for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit } }'
}

mp_path_stat_is() { [ "$(mp_path_stat "$1" "$2" "$3")" = "$4" ]; }

# Group number (1-based) whose status letter is A (I/O goes there), or 0.
mp_active_group() {
	dmsetup status "$1" | awk '{
		i = 8; ng = $i; i += 2
		for (g = 1; g <= ng; g++) {
			if ($i == "A") { print g; exit }
			i++; i += 1 + $i          # selector status words
			np = $i; na = $(i + 1); i += 2 + np * (3 + na)
		}
		print 0 }'
}

# Bios of a map (dm-N) in flight right now: held ones included.
blk_inflight() {
	local r w
	read -r r w <"/sys/block/$1/inflight"
	echo $((r + w))
}

pid_gone() { ! kill -0 "$1" 2>/dev/null; }

# Tasks in D state must be gone within $1 seconds (default 10); on failure
# D_TASKS_WHY says which.
no_d_state_within() {
	# shellcheck disable=SC2034 # for the caller
	D_TASKS_WHY=""
	wait_until "${1:-10}" 0.2 no_d_state_tasks && return 0
	# shellcheck disable=SC2034 # for the caller
	D_TASKS_WHY="tasks in D state: $(d_state_tasks | tr '\n' ' ')"
	return 1
}

# ---- background I/O ------------------------------------------------------------

# dd_bg NAME DD_ARGS...: dd in the background (pid in BG_PID). When it ends
# its exit status goes to $E2E_TMP/NAME.rc, its stderr to NAME.err, and the
# line "e2e: NAME exit RC" to the kernel log (the end on the kernel's clock).
dd_bg() {
	local name=$1
	shift
	rm -f "$E2E_TMP/$name.rc" "$E2E_TMP/$name.err"
	(
		rc=0
		dd "$@" 2>"$E2E_TMP/$name.err" || rc=$?
		e2e_kmsg "$name exit $rc"
		echo "$rc" >"$E2E_TMP/$name.rc"
	) </dev/null &
	# shellcheck disable=SC2034 # for the caller
	BG_PID=$!
}

# bg_rc NAME: the exit status dd_bg recorded (empty while it runs).
bg_rc() { cat "$E2E_TMP/$1.rc" 2>/dev/null; }

# bg_eio NAME: the dd ended with an I/O error.
bg_eio() {
	local rc
	rc=$(bg_rc "$1")
	[ -n "$rc" ] && [ "$rc" != 0 ] && grep -q 'Input/output error' "$E2E_TMP/$1.err"
}

# Child pids of process $1 (the guest's busybox has no pkill).
pid_children() {
	local f line rest
	for f in /proc/[0-9]*/stat; do
		read -r line <"$f" 2>/dev/null || continue
		rest=${line##*) }
		rest=${rest#* }
		[ "${rest%% *}" = "$1" ] && echo "${f//[^0-9]/}"
	done
	return 0
}

# Kill process $1 and all its descendants (fio runs its jobs as children).
_kill_tree() {
	local c
	kill -STOP "$1" 2>/dev/null
	for c in $(pid_children "$1"); do
		_kill_tree "$c"
	done
	kill -KILL "$1" 2>/dev/null
}

# bg_stop PID: end a background job (and its descendants) that outlived its
# test. A task in D state ignores the signal: the caller's D-state check
# reports it.
bg_stop() {
	pid_gone "$1" && { wait "$1" 2>/dev/null; return 0; }
	_kill_tree "$1"
	wait "$1" 2>/dev/null
	return 0
}

# fio_loop_start DIR FIO_ARGS...: run fio with FIO_ARGS again and again,
# each run with a new random seed (so a run never finds the previous run's
# data by chance), until fio_loop_stop. Run N writes DIR/run-N.txt and
# appends "N <exit status>" to DIR/runs. Pid in FIO_LOOP_PID.
fio_loop_start() {
	local dir=$1
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	(
		i=0
		while [ ! -e "$dir/stop" ]; do
			i=$((i + 1))
			rc=0
			fio "$@" --randseed=$((4242 + i)) --output="$dir/run-$i.txt" || rc=$?
			echo "$i $rc" >>"$dir/runs"
		done
	) </dev/null &
	FIO_LOOP_PID=$!
	FIO_LOOP_DIR=$dir
}

# Runs the fio loop has finished.
fio_loop_runs() { wc -l <"$FIO_LOOP_DIR/runs" 2>/dev/null || echo 0; }

# fio_loop_stop TIMEOUT: let the current run end (killed after TIMEOUT s)
# and check every run: exit 0, no error, no verify failure. Sets
# FIO_LOOP_RUNS and, on failure, FIO_LOOP_WHY.
fio_loop_stop() {
	local timeout=$1 n rc f bad=0
	FIO_LOOP_WHY="" FIO_LOOP_RUNS=0
	touch "$FIO_LOOP_DIR/stop"
	if ! wait_until "$timeout" 0.2 pid_gone "$FIO_LOOP_PID"; then
		FIO_LOOP_WHY="fio still running ${timeout}s after it was asked to stop"
		bg_stop "$FIO_LOOP_PID"
	fi
	wait "$FIO_LOOP_PID" 2>/dev/null
	touch "$FIO_LOOP_DIR/runs"
	while read -r n rc; do
		FIO_LOOP_RUNS=$n
		f=$FIO_LOOP_DIR/run-$n.txt
		if [ "$rc" != 0 ] || ! fio_ok "$f"; then
			bad=$((bad + 1))
			if [ $bad = 1 ]; then
				e2e_log "fio run $n failed (exit $rc):"
				grep -E 'err=|error|verify|bad' "$f" | head -n 8 | sed 's/^/  fio: /'
				FIO_LOOP_WHY=${FIO_LOOP_WHY:-fio run $n failed (exit $rc): $(grep -m1 -E 'err= *[1-9]|verify|error' "$f")}
			fi
		fi
	done <"$FIO_LOOP_DIR/runs"
	e2e_log "fio loop: $FIO_LOOP_RUNS run(s), $bad failed; last: $(fio_summary "$FIO_LOOP_DIR/run-$FIO_LOOP_RUNS.txt" 2>/dev/null)"
	[ "$FIO_LOOP_RUNS" -gt 0 ] || FIO_LOOP_WHY=${FIO_LOOP_WHY:-no fio run completed}
	[ -z "$FIO_LOOP_WHY" ]
}

# blk_progress DEV BASE N: DEV has completed at least N I/Os since BASE
# (a blk_ios value).
blk_progress() { [ $(($(blk_ios "$1") - $2)) -ge "$3" ]; }

# io_split DM N SD...: wait (up to 30 s) for N more I/Os to complete on the
# map DM (dm-N), then print how many each SD completed meanwhile.
io_split() {
	local dm=$1 n=$2 base s out=""
	shift 2
	local -a before=()
	for s in "$@"; do before+=("$(blk_ios "$s")"); done
	base=$(blk_ios "$dm")
	wait_until 30 0.1 blk_progress "$dm" "$base" "$n" || e2e_log "io_split: fewer than $n I/Os on $dm in 30 s"
	local i=0
	for s in "$@"; do
		out="$out $(($(blk_ios "$s") - before[i]))"
		i=$((i + 1))
	done
	echo "${out# }"
}

# ---- iSCSI: cutting the network to a portal ----------------------------------

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

# result_end NAME WHY: the end of a scenario: PASS if WHY is empty and no
# task is left in D state (waiting up to 10 s), else FAIL with the reason.
result_end() {
	local name=$1 why=$2
	no_d_state_within 10 || why=${why:-$D_TASKS_WHY}
	if [ -z "$why" ]; then
		result_pass "$name"
	else
		result_fail "$name" "$why"
	fi
}

blk_has_inflight() { [ "$(blk_inflight "$1")" -gt 0 ]; }

# Flush requests completed by a block device (/sys/block/X/stat field 16).
blk_flushes() {
	local f
	read -r -a f <"/sys/block/$1/stat"
	echo "${f[15]:-0}"
}

# mp_io_held MAP PID [WATCH_S]: MAP holds I/O (no usable path, queueing):
# bios are in flight on it, none completes for WATCH_S seconds (default 2)
# and process PID, which issued them, still waits. On failure HELD_WHY
# says why.
# shellcheck disable=SC2034 # HELD_WHY is for the caller
mp_io_held() {
	local dm w0 w1 n watch=${3:-2}
	HELD_WHY=""
	dm=$(mp_blkname "$1")
	if ! wait_until 10 0.1 blk_has_inflight "$dm"; then
		HELD_WHY="no I/O in flight on $1 with all paths down"
		return 1
	fi
	w0=$(blk_ios "$dm")
	sleep "$watch"
	w1=$(blk_ios "$dm")
	n=$(blk_inflight "$dm")
	e2e_log "$1 ($dm): $n bio(s) in flight, $((w1 - w0)) completed in ${watch}s"
	if pid_gone "$2"; then
		HELD_WHY="the I/O was not held: its process ended"
	elif [ "$w1" != "$w0" ]; then
		HELD_WHY="$((w1 - w0)) I/Os completed with all paths down"
	elif [ "$n" -eq 0 ]; then
		HELD_WHY="nothing held in flight"
	else
		return 0
	fi
	return 1
}

# ---- the seed topology: 2 NICs x 2 portals (opt-in: seed_setup) ---------------
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
