# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# The ALUA groups' helpers (alua.sh, alua-impolite.sh): LIO's port groups
# ao and ano on the LUN, and the two-path map "m" whose paths are A and B
# (maj:min), each in a group of its own. Sourced by those groups after
# lib.sh; they set A, B, MODE (own|dh), KLOG0 (the kernel log line their
# scenario started at), SPLIT_N and fio_job.

SAW_BY=""

# ---- LIO's port groups --------------------------------------------------------

# lio_set GROUP ATTR VALUE: one attribute of LIO port group GROUP.
lio_set() {
	e2e_log "LIO: $1/$2 <- $3"
	echo "$3" >"$LIO_DEV/alua/$1/$2"
}
# lio_state GROUP STATE: set port group ao|ano to an ALUA state number.
lio_state() { lio_set "$1" alua_access_state "$2"; }
lio_get() { cat "$LIO_DEV/alua/$1/$2"; }
lio_state_is() { [ "$(lio_get "$1" alua_access_state)" = "$2" ]; }
lio_state_not() { ! lio_state_is "$1" "$2"; }

# ---- where the map's I/O goes -------------------------------------------------

ios() { mp_path_stat m "$1" ios; }

# split N: path_stats ios of A and B over the next N bios on the map.
split() {
	local a0 b0 dm base
	a0=$(ios "$A") b0=$(ios "$B")
	dm=$(mp_blkname m)
	base=$(blk_ios "$dm")
	wait_until 30 0.1 blk_progress "$dm" "$base" "$1" || e2e_log "split: fewer than $1 I/Os in 30 s"
	echo "$(($(ios "$A") - a0)) $(($(ios "$B") - b0))"
}

# share_on a|b: >= 99% of the next SPLIT_N bios on that path.
share_on() {
	local s a b
	s=$(split "$SPLIT_N")
	a=${s% *} b=${s#* }
	e2e_log "bios: A $a, B $b (A $(mp_path_stat m "$A" alua) prio $(mp_path_stat m "$A" prio) / B $(mp_path_stat m "$B" alua) prio $(mp_path_stat m "$B" prio))"
	if [ "$1" = a ]; then
		[ $((a * 100)) -ge $(((a + b) * 99)) ] && [ "$a" -gt 0 ]
	else
		[ $((b * 100)) -ge $(((a + b) * 99)) ] && [ "$b" -gt 0 ]
	fi
}

# saw_transitioning DEV: the handler saw DEV's port group transitioning:
# in path_stats, or (scsi_dh_alua) in its RTPG line since line $KLOG0 of
# the kernel log ("port group 02 state T ..."). SAW_BY says which.
saw_transitioning() {
	SAW_BY=path_stats
	mp_path_stat_is m "$1" alua transitioning && return 0
	SAW_BY=kernel-log
	[ "$MODE" = dh ] &&
		dmesg | tail -n +"$((KLOG0 + 1))" | grep -qE 'alua: port group [0-9a-f]+ state T'
}

# ---- fio on the map -----------------------------------------------------------

fio_start() { fio_loop_start "$E2E_TMP/fio-$1" "${fio_job[@]}" --filename=/dev/mapper/m; }

# fio_end SCENARIO WHY [STOP_S]: stop fio (within STOP_S, default 180),
# add its verdict, report.
fio_end() {
	local why=$2
	fio_loop_stop "${3:-180}" || why=${why:-$FIO_LOOP_WHY}
	dmsetup message m 0 path_stats 2>/dev/null | sed 's/^/  path_stats: /'
	e2e_log "kernel: $(dmesg | tail -n +"$((KLOG0 + 1))" | grep -E 'mpath2|alua' | tail -n 6 | tr '\n' ' ')"
	result_end "$1" "$why"
}
