# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# The multipath target under test: module, tables built for
# E2E_TARGET (mpath2 or in-tree multipath), map and path state.
# Sourced by tests/e2e/lib.sh.

# map_has_dev MAP MAJ:MIN: the path is in MAP's table; map_lacks_dev: not.
# (For wait_until, around a path leaving or joining a map.)
map_has_dev() { dmsetup table "$1" | grep -q " $2 "; }

map_lacks_dev() { ! map_has_dev "$1" "$2"; }

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
