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

	# Backstore: a ramdisk with a fixed unit serial (one WWID on all paths).
	mkdir -p "$LIO_DEV" || return 1
	echo "rd_pages=$((ISCSI_LUN_MB * 256))" >"$LIO_DEV/control" || return 1
	echo "$ISCSI_SERIAL" >"$LIO_DEV/wwn/vpd_unit_serial" || return 1
	echo 1 >"$LIO_DEV/enable" || return 1

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
		mkdir "$tpg" "$tpg/np/$portal:$ISCSI_PORT" "$tpg/lun/lun_0" || return 1
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

_iscsid_up() { grep -q ISCSIADM_ABSTRACT_NAMESPACE /proc/net/unix; }

_iscsi_initiator() {
	local p kv t0
	modprobe scsi_dh_alua && modprobe sd_mod && modprobe iscsi_tcp || return 1
	mkdir -p /run/lock/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets
	# Foreground iscsid in its own session (SIGTERM goes to its group).
	setsid iscsid -f >"$E2E_TMP/iscsid.log" 2>&1 </dev/null &
	ISCSID_PID=$!
	wait_until 10 0.1 _iscsid_up || { e2e_log "iscsid did not start"; return 1; }

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
	iscsiadm -m node --logoutall=all >/dev/null 2>&1 || rc=1
	if [ -n "$ISCSID_PID" ]; then
		kill -TERM "$ISCSID_PID" 2>/dev/null
		wait_until 10 0.1 eval '! kill -0 '"$ISCSID_PID"' 2>/dev/null' || rc=1
		wait "$ISCSID_PID" 2>/dev/null
		ISCSID_PID=
	fi
	[ -d "$LIO/iscsi/$ISCSI_IQN" ] && for i in 1 2; do
		tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_$i
		[ -d "$tpg" ] || continue
		echo 0 >"$tpg/enable" 2>/dev/null
		rm -f "$tpg/lun/lun_0/e2e"
		rmdir "$tpg/lun/lun_0" "$tpg"/np/* "$tpg" 2>/dev/null || rc=1
	done
	rmdir "$LIO/iscsi/$ISCSI_IQN" 2>/dev/null
	rmdir "$LIO_DEV/alua/ao" "$LIO_DEV/alua/ano" "$LIO_DEV" "${LIO_DEV%/*}" 2>/dev/null || rc=1
	[ $rc -eq 0 ] || e2e_log "iSCSI teardown left something behind"
	return $rc
}
