#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "alua-impolite" (one boot): mpath2's ALUA handler against an
# array that is not polite (issue 16), made of LIO's ALUA knobs (6.1's
# target_core_alua.c): `trans_delay_msecs` (LIO sleeps inside the STPG,
# the group transitioning meanwhile, then answers GOOD), `alua_access_state`
# 15 written from configfs (transitioning), `implicit_trans_secs` (the RTPG
# header's transition time: 30 s here, so the handler's wait bound is
# longer than any transition below), `preferred` (the PREF bit), 20 target
# port groups. Path A goes through portal 1 (LIO port group "ao", id 10),
# path B through portal 2 ("ano", id 20); explicit+implicit ALUA
# (alua_access_type 3), nonop_delay_msecs 0 (LIO's default 100 ms per
# command on non-optimized ports would only slow the bench). The map is
# `3 alua poll 1`, A's group listed first, no features (pg_init_retries 0,
# no queue_if_no_path), under fio with crc32c verify unless said otherwise.
# "No path failed": fail_count unchanged and state not "failed" in
# path_stats, on both paths.
#
# Without scsi_dh_alua (mpath2's own RTPG/STPG):
#  preferred-first     A and B both active/non-optimized, PREF on B's group,
#                      map created: >= 99% of bios on B, B's prio above A's
#  slow-stpg           B standby with trans_delay_msecs 20000, A unavailable:
#                      the handler STPGs B's group, LIO sleeps 20 s in it:
#                      I/O held meanwhile (in flight, none completing), then
#                      on B (>= 99%), no path failed, no command of B timed
#                      out (iotmo_cnt: no SCSI error handling of the STPG),
#                      no session dropped, fio clean
#  good-then-transitioning
#                      B standby, A unavailable: the STPG answers GOOD and B's
#                      group is transitioning when the handler looks again
#                      (a configfs write of state 15 queued on LIO's
#                      transition mutex behind the STPG, trans_delay 3 s), for
#                      8 s, then optimized: the handler saw it transitioning
#                      and did not cut it short (no second STPG), no path
#                      failed, I/O ends on B, fio clean
#  moves-while-transitioning
#                      A transitioning (the handler sees it), then B becomes
#                      optimized while A still transitions, then A ends
#                      non-optimized: A's group left non-optimized (no STPG
#                      from the host promotes it), >= 99% of bios on B, no
#                      path failed, fio clean
#  dead-portal-during-activation
#                      B standby, trans_delay 20000, A unavailable, dd
#                      writing: while LIO sleeps in the STPG, portal 2's
#                      network is cut (replacement_timeout 5 s): dmsetup
#                      suspend, resume and remove each return within 120 s
#                      (times printed), no task left in D state
#  twenty-setup        the LUN in 20 TPGs, each its own target port group
#                      (18 without portals); B's port moved to group "far"
#                      (id 200), made last, so the 20th in RTPG
#  twenty-port-groups  path_stats: A active/optimized tpg=10, B
#                      active/non-optimized tpg=200; >= 99% of bios on A
#  twenty-port-groups-move
#                      the array moves optimized to the 20th group: B seen
#                      optimized within 20 s, >= 99% of bios on B, no path
#                      failed, fio clean
# With scsi_dh_alua loaded before login (it attaches, sends the STPG when
# mpath2 activates through it): dh-preferred-first, dh-slow-stpg,
# dh-good-then-transitioning, dh-moves-while-transitioning as above. That
# half is its own group, alua-impolite-dh.sh (IMPOLITE_HALF=dh, sourcing
# this file), run by `make soak`, not `make test` (the scsi_dh_alua
# matrix: docs/HACKING.md's budget).
#
# e2e-scenarios: setup preferred-first slow-stpg good-then-transitioning
# e2e-scenarios: moves-while-transitioning dead-portal-during-activation
# e2e-scenarios: twenty-setup twenty-port-groups twenty-port-groups-move
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/e2e/common/alua.sh
. "$(dirname "$0")/common/alua.sh"

FIO_MB=${E2E_FIO_MB:-16}
POLL=1
SPLIT_N=400
TRANS_SECS=30          # implicit_trans_secs: the handler's wait bound
SLOW_STPG_MS=20000     # trans_delay_msecs of the slow STPG
BOUND=120              # dmsetup suspend/resume/remove must return within
E2E_KEEP="kernel-log-clean"

# LIO runs an STPG in the connection's receive thread, so while it sleeps
# (trans_delay_msecs) it answers no NOP-Out either: lib.sh's 2 s/2 s
# NOP-Out would drop the session in the middle of every slow STPG (and
# LIO's sleep is interrupted then), which is a dead transport, not a slow
# array. NOP-Out every 5 s with 30 s to answer outlasts the 20 s STPG; the
# replacement timeout stays 5 s (the dead portal is found ~35 s after its
# cut, then fails its commands 5 s later).
ISCSI_TIMEOUTS=(
	node.session.timeo.replacement_timeout=5
	node.conn[0].timeo.noop_out_interval=5
	node.conn[0].timeo.noop_out_timeout=30
)

fio_job=(
	--name=impolite --ioengine=libaio --direct=1 --bs=4k --iodepth=16
	--group_reporting --eta=never --rw=randwrite --size="${FIO_MB}M"
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

A="" B="" MODE="" P="" KLOG0=0 SAW_BY="" FC_A=0 FC_B=0

# ---- LIO -----------------------------------------------------------------------

# lio_groups_tune GROUP...: our transition time, no non-optimized delay.
lio_groups_tune() {
	local g
	for g in "$@"; do
		lio_set "$g" implicit_trans_secs "$TRANS_SECS" &&
			lio_set "$g" nonop_delay_msecs 0 || return 1
	done
}

# ---- the map -------------------------------------------------------------------

map_table() {
	echo "0 $E2E_SECTORS mpath2 0 3 alua poll $POLL 2 1 round-robin 0 1 1 $A 1 round-robin 0 1 1 $B 1"
}

# Remember the paths' fail counts (no_failures compares with them).
fail_base() {
	FC_A=$(mp_path_stat m "$A" fail_count)
	FC_B=$(mp_path_stat m "$B" fail_count)
}

# no_failures: no path failed since fail_base; on failure FAIL_WHY says how.
no_failures() {
	local fa fb sa sb
	fa=$(mp_path_stat m "$A" fail_count) fb=$(mp_path_stat m "$B" fail_count)
	sa=$(mp_path_stat m "$A" state) sb=$(mp_path_stat m "$B" state)
	FAIL_WHY="A: fail_count $FC_A -> $fa, state $sa; B: fail_count $FC_B -> $fb, state $sb"
	[ "$fa" = "$FC_A" ] && [ "$fb" = "$FC_B" ] && [ "$sa" != failed ] && [ "$sb" != failed ]
}

path_usable() { mp_path_stat_is m "$1" state active; }

# Commands of sd disk $1 that timed out (the SCSI layer's count).
sd_timeouts() { cat "/sys/block/$1/device/iotmo_cnt"; }

# Kernel log lines since the scenario started that show a session dropped
# or a command aborted.
klog_transport_errors() {
	dmesg | tail -n +"$((KLOG0 + 1))" | grep -E 'detected conn error|ping timeout|abort|reset|offline' | head -n 3 | tr '\n' ' '
}

reset_states() {
	local d
	lio_set ao trans_delay_msecs 0
	lio_set ano trans_delay_msecs 0
	lio_set ano preferred 0
	# An STPG LIO may still be sleeping in ends first (the state write
	# would wait for it on the transition mutex anyway).
	wait_until 40 0.2 lio_state_not ano 15 || e2e_log "LIO group ano still transitioning"
	lio_state ao 0
	lio_state ano 1
	for d in "$A" "$B"; do
		if mp_path_stat_is m "$d" state failed; then
			e2e_run dmsetup message m 0 reinstate_path "$d"
		fi
	done
	wait_until 20 0.2 mp_path_stat_is m "$A" alua active/optimized ||
		e2e_log "warning: A not seen optimized after the reset: $(mp_path_stat m "$A" alua)"
	wait_until 20 0.2 path_usable "$A" ||
		e2e_log "warning: A $(mp_path_stat m "$A" state) after the reset"
}

scenario_start() {
	KLOG0=$(dmesg | wc -l)
	e2e_kmsg "scenario $1"
	fail_base
}

# ---- scenarios -------------------------------------------------------------------

# A and B both active/non-optimized, B's group preferred: B first.
s_preferred_first() {
	local name=${P}preferred-first why="" pa pb
	lio_state ao 1 && lio_state ano 1 && lio_set ano preferred 1 || why="LIO refused the set-up"
	mp_create m "$(map_table)" || { result_fail "$name" "cannot create the map"; return 1; }
	mp_show m
	scenario_start "$name"
	fio_start pref
	wait_until 10 0.2 mp_path_stat_is m "$B" alua active/non-optimized ||
		why=${why:-state of B not read: $(mp_path_stat m "$B" alua)}
	share_on b || why=${why:-not >= 99% of bios on preferred B}
	pa=$(mp_path_stat m "$A" prio) pb=$(mp_path_stat m "$B" prio)
	e2e_log "prio: A $pa, B (preferred) $pb"
	[ "${pb:-0}" -gt "${pa:-0}" ] 2>/dev/null || why=${why:-preferred B prio $pb not above A prio $pa}
	fio_end "$name" "$why"
	reset_states
}

# B standby, A unavailable: the handler activates B's group; LIO sleeps
# 20 s in the STPG.
s_slow_stpg() {
	local name=${P}slow-stpg why="" t0 tmo0 tmo1 terr
	scenario_start "$name"
	tmo0=$(sd_timeouts "${E2E_SD[1]}")
	lio_state ano 2 && lio_set ano trans_delay_msecs "$SLOW_STPG_MS" || why="LIO refused the set-up"
	wait_until 20 0.2 mp_path_stat_is m "$B" alua standby || e2e_log "B not seen standby: $(mp_path_stat m "$B" alua)"
	fio_start slow
	sleep 1
	t0=$(e2e_now_cs)
	lio_state ao 3 || why=${why:-LIO refused unavailable}
	if wait_until 40 0.1 lio_state_is ano 15; then
		e2e_figure "alua_impolite ${MODE} slow_stpg_started_after $(e2e_since "$t0")s"
		# LIO sleeps in the STPG: I/O has nowhere to go and must wait.
		if mp_io_held m "$FIO_LOOP_PID" 3; then
			e2e_log "I/O held during the STPG"
		else
			why=${why:-I/O not held during the slow STPG: $HELD_WHY}
		fi
	else
		why=${why:-no STPG to the group of B within 40 s (LIO ano state $(lio_get ano alua_access_state))}
	fi
	wait_until 60 0.2 lio_state_is ano 0 || why=${why:-LIO group ano not optimized: $(lio_get ano alua_access_state)}
	e2e_figure "alua_impolite ${MODE} slow_stpg_done_after $(e2e_since "$t0")s"
	if wait_until 90 0.2 path_usable "$B"; then
		e2e_figure "alua_impolite ${MODE} slow_stpg_io_on_b_after $(e2e_since "$t0")s"
	else
		why=${why:-B $(mp_path_stat m "$B" state) \($(mp_path_stat m "$B" alua)\) 90 s after the STPG}
	fi
	share_on b || why=${why:-I/O did not resume on B}
	no_failures || why=${why:-a path failed: $FAIL_WHY}
	# A slow STPG that answers is not a path error: no command of B timed
	# out (so no SCSI error handling: abort, reset), no session dropped.
	tmo1=$(sd_timeouts "${E2E_SD[1]}")
	[ "$tmo1" = "$tmo0" ] || why=${why:-$((tmo1 - tmo0)) command(s) timed out on B (iotmo_cnt $tmo0 -> $tmo1): the STPG went through SCSI error handling}
	terr=$(klog_transport_errors)
	[ -z "$terr" ] || why=${why:-transport errors during the slow STPG: $terr}
	fio_end "$name" "$why"
	reset_states
}

# B standby, A unavailable: STPG GOOD, then B's group transitioning 8 s.
s_good_then_transitioning() {
	local name=${P}good-then-transitioning why="" t0 wpid
	scenario_start "$name"
	lio_state ano 2 && lio_set ano trans_delay_msecs 3000 || why="LIO refused the set-up"
	wait_until 20 0.2 mp_path_stat_is m "$B" alua standby || e2e_log "B not seen standby: $(mp_path_stat m "$B" alua)"
	fio_start gtt
	sleep 1
	lio_state ao 3 || why=${why:-LIO refused unavailable}
	if wait_until 40 0.05 lio_state_is ano 15; then
		# The STPG is under way (LIO holds the group's transition mutex
		# while it sleeps): this write waits for it and makes the group
		# transitioning right after the STPG's GOOD, before the handler
		# can ask again.
		e2e_log "STPG under way; queueing the transition behind it"
		(echo 15 >"$LIO_DEV/alua/ano/alua_access_state") &
		wpid=$!
		wait_until 30 0.05 pid_gone "$wpid" || why=${why:-the state write did not return}
		wait "$wpid" || why=${why:-LIO refused transitioning}
		t0=$(e2e_now_cs)
		e2e_log "LIO: STPG answered, group ano now state $(lio_get ano alua_access_state) ($(lio_get ano alua_access_status))"
		lio_set ano trans_delay_msecs 0
		if wait_until 8 0.1 saw_transitioning "$B"; then
			e2e_figure "alua_impolite ${MODE} good_then_transitioning_seen_after $(e2e_since "$t0")s in $SAW_BY"
		else
			why=${why:-the handler never saw B transitioning: $(mp_path_stat m "$B" alua)}
		fi
		while [ $(($(e2e_now_cs) - t0)) -lt 800 ]; do sleep 0.2; done
		# Waited out, not cut short by another STPG.
		lio_state_is ano 15 ||
			why=${why:-group ano left transitioning before the array ended it: state $(lio_get ano alua_access_state), $(lio_get ano alua_access_status)}
		lio_state ano 0 || why=${why:-LIO refused optimized}
	else
		why=${why:-no STPG to the group of B within 40 s (LIO ano state $(lio_get ano alua_access_state))}
	fi
	wait_until 30 0.2 path_usable "$B" || why=${why:-B $(mp_path_stat m "$B" state) \($(mp_path_stat m "$B" alua)\) after the transition}
	share_on b || why=${why:-I/O not on B after the transition}
	no_failures || why=${why:-a path failed: $FAIL_WHY}
	fio_end "$name" "$why"
	reset_states
}

# A (optimized) transitions; meanwhile the array makes B optimized; A ends
# non-optimized.
s_moves_while_transitioning() {
	local name=${P}moves-while-transitioning why="" t0
	scenario_start "$name"
	fio_start mwt
	share_on a || e2e_log "warning: I/O not on A before the move"
	t0=$(e2e_now_cs)
	lio_state ao 15 || why="LIO refused transitioning"
	if wait_until 30 0.1 saw_transitioning "$A"; then
		e2e_figure "alua_impolite ${MODE} a_transitioning_seen_after $(e2e_since "$t0")s in $SAW_BY"
	else
		why=${why:-the handler never saw A transitioning: $(mp_path_stat m "$A" alua)}
	fi
	lio_state ano 0 || why=${why:-LIO refused optimized on B}
	wait_until 20 0.1 mp_path_stat_is m "$B" alua active/optimized ||
		why=${why:-B not seen optimized while A transitions: $(mp_path_stat m "$B" alua)}
	e2e_log "A: LIO state $(lio_get ao alua_access_state); B $(mp_path_stat m "$B" alua) $(mp_path_stat m "$B" state)"
	lio_state_is ao 15 || why=${why:-A left transitioning before B was followed: state $(lio_get ao alua_access_state), $(lio_get ao alua_access_status)}
	sleep 2
	lio_state ao 1 || why=${why:-LIO refused non-optimized on A}
	wait_until 20 0.2 path_usable "$B" || why=${why:-B $(mp_path_stat m "$B" state)}
	sleep $((2 * POLL))
	# The host leaves the array's choice alone: no STPG promotes A's
	# non-optimized group once B is optimized.
	lio_state_is ao 1 || why=${why:-A group changed by the host after the move: state $(lio_get ao alua_access_state), $(lio_get ao alua_access_status)}
	share_on b || why=${why:-not >= 99% of bios on the new optimized group B}
	no_failures || why=${why:-a path failed: $FAIL_WHY}
	fio_end "$name" "$why"
	reset_states
}

# bounded NAME SECS CMD...: run CMD in the background, wait up to SECS
# for it; BOUNDED_RC its status (124: still running), BOUNDED_S its time.
bounded() {
	local name=$1 secs=$2 pid t0
	shift 2
	t0=$(e2e_now_cs)
	e2e_log "+ $* (bounded ${secs}s)"
	"$@" >"$E2E_TMP/$name.out" 2>&1 &
	pid=$!
	if wait_until "$secs" 0.2 pid_gone "$pid"; then
		wait "$pid"
		BOUNDED_RC=$?
	else
		BOUNDED_RC=124
	fi
	BOUNDED_S=$(e2e_since "$t0")
	e2e_figure "alua_impolite dead_portal $name returned_after ${BOUNDED_S}s rc $BOUNDED_RC"
	[ "$BOUNDED_RC" = 0 ] || e2e_log "$name: $(head -c 300 "$E2E_TMP/$name.out")"
}

session_of() { readlink -f "/sys/block/$1/device" | grep -oE 'session[0-9]+' | head -n 1; }
session_up() { [ "$(cat "/sys/class/iscsi_session/$(session_of "$1")/state" 2>/dev/null)" = LOGGED_IN ]; }

s_dead_portal() {
	local name=dead-portal-during-activation why="" t0 sess ddpid
	scenario_start "$name"
	sess=$(session_of "${E2E_SD[1]}")
	e2e_log "B's session $sess: recovery_tmo $(cat "/sys/class/iscsi_session/$sess/recovery_tmo" 2>/dev/null) s"
	lio_state ano 2 && lio_set ano trans_delay_msecs "$SLOW_STPG_MS" || why="LIO refused the set-up"
	wait_until 20 0.2 mp_path_stat_is m "$B" alua standby || e2e_log "B not seen standby: $(mp_path_stat m "$B" alua)"
	dd_bg dp if=/dev/zero of=/dev/mapper/m bs=4k count=1000000 oflag=direct
	ddpid=$BG_PID
	sleep 1
	lio_state ao 3 || why=${why:-LIO refused unavailable}
	if wait_until 40 0.1 lio_state_is ano 15; then
		e2e_log "STPG under way: cutting portal 2"
		iscsi_net_cut 1 || why=${why:-cannot cut portal 2}
		sleep 1
		bounded suspend "$BOUND" dmsetup suspend m
		[ "$BOUNDED_RC" = 0 ] || why=${why:-dmsetup suspend: rc $BOUNDED_RC after ${BOUNDED_S}s}
		e2e_log "LIO group ano: state $(lio_get ano alua_access_state), $(lio_get ano alua_access_status)"
		if [ "$BOUNDED_RC" != 124 ]; then
			bounded resume "$BOUND" dmsetup resume m
			[ "$BOUNDED_RC" = 0 ] || why=${why:-dmsetup resume: rc $BOUNDED_RC after ${BOUNDED_S}s}
			dmsetup message m 0 path_stats 2>/dev/null | sed 's/^/  path_stats: /'
		fi
	else
		why=${why:-no STPG to the group of B within 40 s (LIO ano state $(lio_get ano alua_access_state))}
	fi
	# The writer ends with EIO once B's session is given up (no usable
	# path, no queue_if_no_path); remove needs the map closed.
	t0=$(e2e_now_cs)
	if wait_until "$BOUND" 0.2 pid_gone "$ddpid"; then
		e2e_log "dd ended after $(e2e_since "$t0")s: rc $(bg_rc dp) $(head -c 200 "$E2E_TMP/dp.err" | tr '\n' ' ')"
	else
		e2e_log "dd still running after ${BOUND}s"
	fi
	if [ "$BOUNDED_RC" != 124 ]; then
		if pid_gone "$ddpid"; then
			bounded remove "$BOUND" dmsetup remove m
		else
			bounded remove "$BOUND" dmsetup remove --force m
		fi
		[ "$BOUNDED_RC" = 0 ] || why=${why:-dmsetup remove: rc $BOUNDED_RC after ${BOUNDED_S}s}
		dmsetup info m >/dev/null 2>&1 && why=${why:-the map is still there after remove}
	fi
	bg_stop "$ddpid"
	result_end "$name" "$why"
	iscsi_net_restore 1
	wait_until 60 0.5 session_up "${E2E_SD[1]}" || e2e_log "warning: B's session not back: $(cat "/sys/class/iscsi_session/$sess/state" 2>/dev/null)"
	wait_until 40 0.2 lio_state_not ano 15 || e2e_log "LIO group ano still transitioning"
}

# ---- set-ups ----------------------------------------------------------------------

# want_dh: dh_state of both disks as MODE wants it.
check_dh() {
	local want=detached sd
	[ "$MODE" = dh ] && want=alua
	for sd in "${E2E_SD[@]}"; do
		[ "$(cat "/sys/block/$sd/device/dh_state")" = "$want" ] ||
			{ WHY="$sd dh_state $(cat "/sys/block/$sd/device/dh_state"), want $want"; return 1; }
	done
}

s_setup() {
	WHY=""
	iscsi_setup || { WHY="two iSCSI paths did not come up"; return 1; }
	A=${E2E_DEV[0]} B=${E2E_DEV[1]}
	check_dh || return 1
	lio_groups_tune ao ano || { WHY="LIO refused the groups' settings"; return 1; }
}

# The map of the scenarios that start from A optimized, B non-optimized.
map_up() {
	mp_create m "$(map_table)" || { WHY="cannot create the alua map"; return 1; }
	mp_show m
	wait_until 10 0.2 mp_path_stat_is m "$A" alua active/optimized ||
		{ WHY="A's state not read: $(mp_path_stat m "$A" alua)"; return 1; }
	mp_path_stat_is m "$A" alua_mode "$([ "$MODE" = dh ] && echo scsi_dh || echo mpath2)" ||
		{ WHY="alua_mode $(mp_path_stat m "$A" alua_mode)"; return 1; }
}

run_own() {
	MODE=own P=""
	if E2E_SCSI_DH=0 s_setup; then
		result_pass setup
		s_preferred_first
		mp_remove m
		if map_up; then
			s_slow_stpg
			s_good_then_transitioning
			s_moves_while_transitioning
			s_dead_portal
		else
			e2e_fail_rest_of "$WHY" slow-stpg good-then-transitioning \
				moves-while-transitioning dead-portal-during-activation
		fi
	else
		result_fail setup "$WHY"
		e2e_fail_rest_of "setup failed: $WHY" preferred-first slow-stpg \
			good-then-transitioning moves-while-transitioning dead-portal-during-activation
	fi
	mp_remove m
	iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
}

# e2e_fail_rest_of WHY NAME...: FAIL the named scenarios.
e2e_fail_rest_of() {
	local why=$1 n
	shift
	for n in "$@"; do
		e2e_reported "$n" || result_fail "$n" "$why"
	done
}

# 20 port groups: ao (TPG 1, portal 1, path A), f3..f20 (TPGs 3..20, no
# portal), far (TPG 2, portal 2, path B). LIO lists groups in the order
# their ids were set and leaves empty ones out (ano, once B's port left it,
# and the default group): far comes 20th.
TWENTY_GROUPS=()
lio_twenty() {
	local i g tpg
	for i in $(seq 3 20); do
		g=f$i
		tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_$i
		mkdir "$LIO_DEV/alua/$g" &&
			echo $((100 + i)) >"$LIO_DEV/alua/$g/tg_pt_gp_id" &&
			echo 3 >"$LIO_DEV/alua/$g/alua_access_type" &&
			echo 1 >"$LIO_DEV/alua/$g/alua_access_state" || return 1
		TWENTY_GROUPS+=("$g")
		mkdir "$tpg" "$tpg/lun/lun_0" &&
			ln -s "$LIO_DEV" "$tpg/lun/lun_0/e2e" &&
			echo "$g" >"$tpg/lun/lun_0/alua_tg_pt_gp" || return 1
	done
	mkdir "$LIO_DEV/alua/far" &&
		echo 200 >"$LIO_DEV/alua/far/tg_pt_gp_id" &&
		echo 3 >"$LIO_DEV/alua/far/alua_access_type" &&
		echo 1 >"$LIO_DEV/alua/far/alua_access_state" || return 1
	TWENTY_GROUPS+=(far)
	echo far >"$LIO/iscsi/$ISCSI_IQN/tpgt_2/lun/lun_0/alua_tg_pt_gp" || return 1
	lio_groups_tune ao far || return 1
	e2e_log "LIO: groups with members: $(for g in "$LIO_DEV"/alua/*/; do
		[ "$(grep -c . "$g/members" 2>/dev/null)" -gt 0 ] && printf '%s(%s) ' "$(basename "$g")" "$(cat "$g/tg_pt_gp_id")"
	done)"
}

twenty_setup() {
	local t0
	WHY=""
	t0=$(e2e_now_cs)
	_lio_target || { WHY="LIO target setup failed"; return 1; }
	lio_twenty || { WHY="LIO refused the 20 port groups"; return 1; }
	_iscsi_initiator || { WHY="iSCSI login failed"; iscsi_dump; return 1; }
	wait_until 30 0.1 _paths_ready || { WHY="two iSCSI disks with one WWID did not appear"; return 1; }
	E2E_SECTORS=$(cat "/sys/block/${E2E_SD[0]}/size")
	A=${E2E_DEV[0]} B=${E2E_DEV[1]}
	e2e_figure "alua_impolite twenty_setup $(e2e_since "$t0")s"
	check_dh || return 1
	mp_create m "$(map_table)" || { WHY="cannot create the alua map"; return 1; }
	mp_show m
	wait_until 10 0.2 mp_path_stat_is m "$A" alua active/optimized ||
		{ WHY="A's state not read: $(mp_path_stat m "$A" alua)"; return 1; }
}

twenty_teardown() {
	local g
	mp_remove m
	iscsi_teardown
	for g in "${TWENTY_GROUPS[@]}"; do
		rmdir "$LIO_DEV/alua/$g" 2>/dev/null
	done
	TWENTY_GROUPS=()
	rmdir "$LIO_DEV/alua/ao" "$LIO_DEV/alua/ano" "$LIO_DEV" "${LIO_DEV%/*}" 2>/dev/null
	[ ! -e "$LIO_DEV" ] || e2e_log "warning: LIO device left behind"
}

s_twenty() {
	local why="" t0
	scenario_start twenty-port-groups
	fio_start twenty
	wait_until 10 0.2 mp_path_stat_is m "$B" tpg 200 || why="tpg of B $(mp_path_stat m "$B" tpg), want 200"
	wait_until 10 0.2 mp_path_stat_is m "$B" alua active/non-optimized ||
		why=${why:-B (20th port group) state $(mp_path_stat m "$B" alua), want active/non-optimized}
	mp_path_stat_is m "$A" tpg 10 || why=${why:-tpg of A $(mp_path_stat m "$A" tpg), want 10}
	share_on a || why=${why:-not >= 99% of bios on optimized A}
	fio_end twenty-port-groups "$why"

	why=""
	scenario_start twenty-port-groups-move
	fio_start twenty-move
	t0=$(e2e_now_cs)
	lio_state ao 1 && lio_state far 0 || why="LIO refused the states"
	if wait_until 20 0.1 mp_path_stat_is m "$B" alua active/optimized; then
		e2e_figure "alua_impolite twenty move_seen_after $(e2e_since "$t0")s (poll ${POLL}s)"
	else
		why=${why:-B (20th port group) never seen optimized: $(mp_path_stat m "$B" alua)}
	fi
	sleep $((2 * POLL))
	share_on b || why=${why:-not >= 99% of bios on B after the move to the 20th group}
	no_failures || why=${why:-a path failed: $FAIL_WHY}
	fio_end twenty-port-groups-move "$why"
}

run_twenty() {
	MODE=own P=""
	if E2E_SCSI_DH=0 twenty_setup; then
		result_pass twenty-setup
		s_twenty
	else
		result_fail twenty-setup "$WHY"
		e2e_fail_rest_of "setup failed: $WHY" twenty-port-groups twenty-port-groups-move
	fi
	twenty_teardown
}

run_dh() {
	MODE=dh P=dh-
	if E2E_SCSI_DH=1 s_setup; then
		result_pass dh-setup
		s_preferred_first
		mp_remove m
		if map_up; then
			s_slow_stpg
			s_good_then_transitioning
			s_moves_while_transitioning
		else
			e2e_fail_rest_of "$WHY" dh-slow-stpg dh-good-then-transitioning \
				dh-moves-while-transitioning
		fi
	else
		result_fail dh-setup "$WHY"
		e2e_fail_rest_of "setup failed: $WHY" dh-preferred-first dh-slow-stpg \
			dh-good-then-transitioning dh-moves-while-transitioning
	fi
	mp_remove m
	iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
}

# ---- main ------------------------------------------------------------------------

e2e_plan
T_GROUP=$(e2e_now_cs)
if mp_load_module; then
	mod_unload scsi_dh_alua
	if [ "${IMPOLITE_HALF:-own}" = dh ]; then
		run_dh
	else
		run_own
		mod_unload scsi_dh_alua
		run_twenty
	fi
else
	e2e_fail_rest "modprobe $(mp_module) failed"
fi
e2e_figure "alua_impolite group $(e2e_since "$T_GROUP")s"
e2e_finish
