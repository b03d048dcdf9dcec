# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# Block devices: I/O counters and states of sd and dm disks,
# tasks stuck in D state.
# Sourced by tests/e2e/lib.sh.

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

# Bios of a map (dm-N) in flight right now: held ones included.
blk_inflight() {
	local r w
	read -r r w <"/sys/block/$1/inflight"
	echo $((r + w))
}

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

blk_has_inflight() { [ "$(blk_inflight "$1")" -gt 0 ]; }

# Flush requests completed by a block device (/sys/block/X/stat field 16).
blk_flushes() {
	local f
	read -r -a f <"/sys/block/$1/stat"
	echo "${f[15]:-0}"
}
