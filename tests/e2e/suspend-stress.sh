#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "suspend-stress" (one boot, 2 vCPUs): suspends racing
# failovers with a hardware handler. A map with mpath2's ALUA handler
# (`1 alua`, pg_init_retries 50) over the two iSCSI paths, one priority
# group each (A: portal 1, LIO port group "ao"; B: portal 2, "ano"), with
# scsi_dh_alua attached (E2E_SCSI_DH=0: mpath2's own RTPG/STPG), under fio
# with 2 jobs writing and verifying (crc32c). For E2E_STRESS_S seconds
# (default 60; `make soak SOAK_TOPOLOGY=suspend` runs it for DURATION)
# three loops pick operations at random (seed E2E_STRESS_SEED):
#
#   dm loop      flush suspend + resume; noflush suspend + resume; the same
#                table reloaded and resumed (flush or noflush, as multipathd
#                does); and "failover + suspend": fail_path on the path of
#                the group I/O goes to, then at once a flush or noflush
#                suspend, so the suspend meets the failover and the other
#                group's activation (the hang fixed in pg_init.c)
#   message loop fail_path on one path, a pause, reinstate_path; switch_group
#   array loop   LIO moves its optimized port group, or puts one group in
#                transitioning (state 15) for 1-4 s before it ends optimized
#                or non-optimized
#
# At most one path is failed by message at a time (a token shared by the
# dm and message loops) and at most one LIO port group is not active, so
# I/O always has a way to go: fio must see no error, also when a flush
# suspend meets a path failed while the other group transitions (see "the
# loops" below; E2E_STRESS_DOUBLE_FAULT=0 keeps that out). Every suspend and
# resume runs under `timeout 60` and must return (a watchdog also catches
# one stuck in D state, where timeout cannot end it). EBUSY from a message
# that met a suspended map is what dm-multipath answers too: counted as
# "busy", not as a failure; any other failed operation fails the group.
# After the loops: both paths reinstated and active, the map active, its
# table as created, reads and writes work; the kernel log is clean (no
# hung task, WARN, BUG, lockdep or KASAN report).
#
# e2e-vcpus: 2
# e2e-scenarios: setup suspend-stress-fio-verify suspend-stress-suspends-return
# e2e-scenarios: suspend-stress-operations suspend-stress-final-state
# e2e-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

STRESS_S=${E2E_STRESS_S:-60}
SEED=${E2E_STRESS_SEED:-$(($(e2e_now_cs) % 32768))}
FIO_MB=${E2E_FIO_MB:-16}           # per fio job
HW=${E2E_STRESS_HW:-1 alua}
FEATURES="pg_init_retries 50"
SUSPEND_TIMEOUT=60                 # per suspend/resume (expected: < 5 s)
MAP=sstress
OPS=$E2E_TMP/sstress
E2E_KEEP="kernel-log-clean"

A="" B="" TABLE="" TABLE_SHAPE="" HUNG=0

fio_job=(
	--name=sstress --filename="/dev/mapper/$MAP" --ioengine=libaio --direct=1
	--bs=4k --iodepth=8 --numjobs=2 --offset_increment="${FIO_MB}M"
	--size="${FIO_MB}M" --rw=randwrite --verify=crc32c --verify_fatal=1
	--do_verify=1 --group_reporting --eta=never
)

# ---- bookkeeping -------------------------------------------------------------------
# Every operation appends "<loop> <op> <ok|busy|fail|hung> <centiseconds>"
# to $OPS/events.<loop>; failures also go to $OPS/errors.

event() { echo "$2 $3 $4" >>"$OPS/events.$1"; }
op_error() { echo "$(e2e_since "$E2E_T0")s $*" >>"$OPS/errors"; }
stopping() { [ -e "$OPS/stop" ]; }

# rnd N: 0..N-1 ($RANDOM, seeded per loop).
rnd() { echo $((RANDOM % $1)); }
# nap MAX_CS: sleep 0..MAX_CS centiseconds.
nap() {
	local cs
	cs=$(rnd "$1")
	sleep "$((cs / 100)).$(printf '%02d' $((cs % 100)))"
}

# The "one path failed by message at a time" token.
token_get() { mkdir "$OPS/token" 2>/dev/null; }
token_put() { rmdir "$OPS/token" 2>/dev/null; }

# dm_op LOOP OP DMSETUP_ARGS...: a suspend, resume or reload with a bound.
# The watchdog in the main loop sees $OPS/inflight.LOOP if it never returns.
dm_op() {
	local loop=$1 name=$2 t0 rc=0 out dur
	shift 2
	t0=$(e2e_now_cs)
	echo "$t0 $name: dmsetup $*" >"$OPS/inflight.$loop"
	# On the kernel's clock too, beside mpath2's path messages.
	e2e_kmsg "$name begins"
	out=$(timeout "$SUSPEND_TIMEOUT" dmsetup "$@" 2>&1) || rc=$?
	dur=$(($(e2e_now_cs) - t0))
	e2e_kmsg "$name ends, exit $rc"
	rm -f "$OPS/inflight.$loop"
	if [ "$rc" = 0 ]; then
		event "$loop" "$name" ok "$dur"
		return 0
	fi
	if [ "$dur" -ge $((SUSPEND_TIMEOUT * 100 - 100)) ]; then
		event "$loop" "$name" hung "$dur"
		op_error "$name did not return in ${SUSPEND_TIMEOUT}s (timeout fired): dmsetup $*"
		touch "$OPS/hung"
	else
		event "$loop" "$name" fail "$dur"
		op_error "$name failed (exit $rc): dmsetup $*: $out"
	fi
	return 1
}

# msg_op LOOP OP WORDS...: a message; EBUSY (the map was suspended) is
# "busy" and returns 2.
msg_op() {
	local loop=$1 name=$2 t0 rc=0 out
	shift 2
	t0=$(e2e_now_cs)
	out=$(dmsetup message "$MAP" 0 "$@" 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then
		event "$loop" "$name" ok $(($(e2e_now_cs) - t0))
		return 0
	fi
	if [[ $out == *"Device or resource busy"* ]]; then
		event "$loop" "$name" busy $(($(e2e_now_cs) - t0))
		return 2
	fi
	event "$loop" "$name" fail $(($(e2e_now_cs) - t0))
	op_error "message $* failed (exit $rc): $out"
	return 1
}

# msg_until_done LOOP OP WORDS...: retry a message refused with EBUSY (the
# dm loop resumes the map within seconds) for up to 120 s.
msg_until_done() {
	local t0 rc
	t0=$(e2e_now_cs)
	while :; do
		rc=0
		msg_op "$@" || rc=$?
		[ "$rc" = 2 ] || return "$rc"
		if [ $(($(e2e_now_cs) - t0)) -ge 12000 ]; then
			op_error "message ${*:3} still refused with EBUSY after 120 s"
			return 1
		fi
		sleep 0.1
	done
}

# The path of the group I/O goes to now (A if none is active).
active_path() {
	case $(mp_active_group "$MAP") in
	2) echo "$B" ;;
	*) echo "$A" ;;
	esac
}

# ---- the loops -------------------------------------------------------------------------
#
# The double fault: a path failed by message while the other port group
# transitions (mpath2's handler blocks that port's path and holds I/O), met
# by a FLUSH suspend. Before f2db750 the flush suspend failed the held I/O
# (fio got EIO; this group's second run found it), where dm-multipath with
# scsi_dh_alua sends it to the transitioning port and SCSI retries it; now
# the suspend waits for the handler's verdict, and the group lets the
# double fault through. E2E_STRESS_DOUBLE_FAULT=0 keeps it out, to stress
# a module from before that fix: fail_path, the start of a transition and
# every flush suspend (plain, failover, reload's resume) take one lock, and
# a flush suspend that would meet the double fault is made a noflush one
# ("made noflush" in the figures).

lock() { flock 9; }
unlock() { flock -u 9; }

# degraded: a path is failed by message and the other port may be unusable
# to mpath2 (a transition begun, or a path blocked by the handler).
degraded() {
	[ "${E2E_STRESS_DOUBLE_FAULT:-1}" = 1 ] && return 1
	[ -d "$OPS/token" ] || return 1
	[ -e "$OPS/transitioning" ] && return 0
	[ "$E2E_TARGET" = mpath2 ] &&
		dmsetup message "$MAP" 0 path_stats 2>/dev/null | grep -q 'state=blocked'
}

# flush_or_not NAME: "NAME" and "--noflush"-less args, or the noflush
# variant when degraded; sets SUSP_NAME and SUSP_ARGS.
flush_or_not() {
	SUSP_NAME=$1 SUSP_ARGS=()
	if degraded; then
		event dm flush-downgraded ok 0
		SUSP_NAME=${1/flush/noflush} SUSP_ARGS=(--noflush)
	fi
}

loop_dm() {
	local mode p table rc got
	RANDOM=$SEED
	exec 9>>"$OPS/lock"
	while ! stopping && [ ! -e "$OPS/hung" ]; do
		mode=$(rnd 2)
		case $(rnd 8) in
		0|1)	lock
			flush_or_not flush-suspend
			rc=0
			dm_op dm "$SUSP_NAME" suspend "${SUSP_ARGS[@]}" "$MAP" || rc=1
			unlock
			[ $rc = 0 ] || break
			nap 30
			dm_op dm resume resume "$MAP" || break ;;
		2|3)	dm_op dm noflush-suspend suspend --noflush "$MAP" || break
			nap 30
			dm_op dm resume resume "$MAP" || break ;;
		4|5)	# The same table: both dm core and mpath2 build and
			# swap in a new one.
			table=$TABLE
			dm_op dm reload reload "$MAP" --table "$table" || break
			if [ "$mode" = 0 ]; then
				lock
				flush_or_not reload-resume-flush
				rc=0
				dm_op dm "$SUSP_NAME" resume "${SUSP_ARGS[@]}" "$MAP" || rc=1
				unlock
				[ $rc = 0 ] || break
			else
				dm_op dm reload-resume-noflush resume --noflush "$MAP" || break
			fi ;;
		*)	# Failover + suspend: fail the busy path, suspend at once
			# (waiting up to 3 s for the message loop's failed path).
			got=0
			for _ in $(seq 30); do
				lock
				token_get && { got=1; break; }
				unlock
				sleep 0.1
			done
			[ $got = 1 ] || continue
			p=$(active_path)
			msg_op dm failover-fail_path fail_path "$p"
			if [ "$mode" = 0 ]; then
				flush_or_not failover-flush-suspend
			else
				SUSP_NAME=failover-noflush-suspend SUSP_ARGS=(--noflush)
			fi
			rc=0
			dm_op dm "$SUSP_NAME" suspend "${SUSP_ARGS[@]}" "$MAP" || rc=1
			unlock
			[ $rc = 0 ] || { token_put; break; }
			nap 30
			dm_op dm resume resume "$MAP" || { token_put; break; }
			msg_until_done dm failover-reinstate reinstate_path "$p"
			token_put ;;
		esac
		nap 20
	done
}

loop_msg() {
	local p
	RANDOM=$((SEED + 1))
	exec 9>>"$OPS/lock"
	while ! stopping && [ ! -e "$OPS/hung" ]; do
		case $(rnd 3) in
		0|1)	lock
			if token_get; then
				if [ "$(rnd 2)" = 0 ]; then p=$A; else p=$B; fi
				msg_until_done msg fail_path fail_path "$p"
				unlock
				nap 100
				# Never leave it failed: the next fail could take
				# the last path.
				msg_until_done msg reinstate_path reinstate_path "$p" ||
					{ op_error "cannot reinstate $p: message loop stopped"; token_put; return 1; }
				token_put
			else
				unlock
			fi ;;
		2)	msg_op msg switch_group switch_group $(($(rnd 2) + 1)) ;;
		esac
		nap 50
	done
}

# lio_state GROUP STATE: LIO port group ao|ano to an ALUA state.
lio_state() { echo "$2" >"$LIO_DEV/alua/$1/alua_access_state"; }

# lio_optimized GROUP: GROUP active/optimized, the other non-optimized.
lio_optimized() {
	local o=ano
	[ "$1" = ano ] && o=ao
	lio_state "$1" 0 && lio_state "$o" 1
}

loop_array() {
	local g o t0 rc
	RANDOM=$((SEED + 2))
	while ! stopping && [ ! -e "$OPS/hung" ]; do
		if [ "$(rnd 2)" = 0 ]; then g=ao o=ano; else g=ano o=ao; fi
		t0=$(e2e_now_cs)
		if [ "$(rnd 3)" = 0 ]; then
			# One group transitioning (the other stays active), then
			# either side optimized.
			exec 9>>"$OPS/lock"
			lock
			touch "$OPS/transitioning"
			if lio_state "$o" 0 && lio_state "$g" 15; then
				unlock
				sleep $(($(rnd 4) + 1))
				[ "$(rnd 2)" = 0 ] || g=$o
				lio_optimized "$g"
				rc=$?
				rm -f "$OPS/transitioning"
				if [ $rc = 0 ]; then
					event array alua-transitioning ok $(($(e2e_now_cs) - t0))
				else
					event array alua-transitioning fail 0
					op_error "LIO refused to make $g optimized"
				fi
			else
				unlock
				event array alua-transitioning fail 0
				op_error "LIO refused transitioning for $g"
			fi
		else
			if lio_optimized "$g"; then
				event array alua-move ok $(($(e2e_now_cs) - t0))
			else
				event array alua-move fail 0
				op_error "LIO refused to make $g optimized"
			fi
		fi
		sleep "$(($(rnd 3) + 1))"
	done
	lio_optimized ao || op_error "LIO refused to make ao optimized at the end"
}

# ---- reporting -----------------------------------------------------------------------

# count OP RESULT: how many OP ended with RESULT, over all loops.
count() { cat "$OPS"/events.* 2>/dev/null | awk -v o="$1" -v r="$2" '$1 == o && $2 == r { n++ } END { print n + 0 }'; }

# durations OP: "n=N max=Xs median=Ys" of the successful OPs.
durations() {
	cat "$OPS"/events.* 2>/dev/null | awk -v o="$1" '$1 == o && $2 == "ok" { print $3 }' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR == 0) { print "n=0"; exit }
			printf "n=%d median=%.2fs max=%.2fs", NR, v[int((NR + 1) / 2)] / 100, v[NR] / 100 }'
}

# The map's table without the current group (switch_group and the
# handler change it).
table_shape() {
	dmsetup table "$MAP" | awk '{ i = 4; i += $i + 1; i += $i + 1; $(i + 1) = "-"; print }'
}

# A loop's suspend or resume has been running for longer than the timeout
# plus 15 s: stuck where `timeout` cannot end it.
watchdog() {
	local f t0 what
	for f in "$OPS"/inflight.*; do
		[ -e "$f" ] || continue
		read -r t0 what <"$f" 2>/dev/null || continue
		if [ $(($(e2e_now_cs) - t0)) -ge $(((SUSPEND_TIMEOUT + 15) * 100)) ]; then
			op_error "still in $what after $((SUSPEND_TIMEOUT + 15))s (stuck in the kernel?)"
			touch "$OPS/hung"
		fi
	done
	[ -e "$OPS/hung" ] || [ -e "$OPS/loopdied" ] || pid_gone "$FIO_LOOP_PID"
}

# Tasks in D state and their kernel stacks, and the blocked-task dump.
dump_hang() {
	local pid comm
	e2e_log "--- hang: map $(dmsetup info -c --noheadings -o attr "$MAP" 2>/dev/null); status: $(timeout 5 dmsetup status "$MAP" 2>&1)"
	while read -r pid comm; do
		e2e_log "D: $pid $comm: $(tr '\n' ' ' <"/proc/$pid/stack" 2>/dev/null)"
	done < <(d_state_tasks)
	echo w >/proc/sysrq-trigger 2>/dev/null
}

# ---- scenarios -----------------------------------------------------------------------

s_setup() {
	iscsi_setup || { WHY="two iSCSI paths to one LUN did not come up"; return 1; }
	mp_load_module || { WHY="modprobe $(mp_module) failed"; return 1; }
	A=${E2E_DEV[0]} B=${E2E_DEV[1]}
	TABLE=$(mp_table_hw "$E2E_SECTORS" "$FEATURES" "$HW" "$A" "$B")
	mp_create "$MAP" "$TABLE" || { WHY="cannot create the map"; return 1; }
	mp_show "$MAP"
	TABLE_SHAPE=$(table_shape)
	e2e_log "$(nproc) vCPU(s), seed $SEED, ${STRESS_S}s, dh_state $(cat "/sys/block/${E2E_SD[0]}/device/dh_state" 2>/dev/null)"
	[ "$E2E_TARGET" = mpath2 ] && dmsetup message "$MAP" 0 path_stats | sed 's/^/  path_stats: /'
	return 0
}

s_stress() {
	local why="" t0 pids=() pid i f el dm base ios0=() ios1=() st
	rm -rf "$OPS"
	mkdir -p "$OPS"
	for i in 0 1; do ios0[i]=$(blk_ios "${E2E_SD[i]}"); done
	fio_loop_start "$E2E_TMP/fio-sstress" "${fio_job[@]}"
	dm=$(mp_blkname "$MAP")
	base=$(blk_ios "$dm")
	if ! wait_until 60 0.1 blk_progress "$dm" "$base" 256; then
		why="fio made no progress"
	else
		e2e_log "suspend stress: ${STRESS_S}s of suspends, reloads, messages and ALUA moves under fio (2 jobs)"
		e2e_kmsg "suspend stress begins"
		t0=$(e2e_now_cs)
		for f in loop_dm loop_msg loop_array; do
			( "$f" || touch "$OPS/loopdied" ) </dev/null &
			pids+=($!)
		done
		wait_until "$STRESS_S" 1 watchdog
		touch "$OPS/stop"
		el=$(e2e_since "$t0")
		e2e_kmsg "suspend stress ends"
		if [ -e "$OPS/hung" ]; then
			HUNG=1
			dump_hang
		else
			# A suspend in the middle of its 60 s bound may still
			# return: give the loops the bound and the watchdog's slack.
			for pid in "${pids[@]}"; do
				wait_until $((SUSPEND_TIMEOUT + 20)) 0.5 pid_gone "$pid" ||
					{ watchdog; HUNG=1; why=${why:-an operation loop did not stop}; }
			done
			# A suspend whose timeout fired leaves bios parked: fio
			# would never end. Do not wait for it.
			[ -e "$OPS/hung" ] && HUNG=1
			[ "$HUNG" = 0 ] || dump_hang
		fi
	fi
	# Whatever the loops left: the map resumed, both paths reinstated.
	st=$(dmsetup info -c --noheadings -o attr "$MAP" 2>/dev/null)
	if [ "$HUNG" = 0 ]; then
		[[ $st == *s* ]] && { e2e_log "map left suspended ($st): resuming"; timeout 60 dmsetup resume "$MAP"; }
		for i in "$A" "$B"; do timeout 30 dmsetup message "$MAP" 0 reinstate_path "$i"; done
		fio_loop_stop 180 || why=${why:-$FIO_LOOP_WHY}
	else
		why=${why:-a suspend or resume never returned}
		e2e_log "not waiting for fio: the map is stuck"
	fi
	for i in 0 1; do ios1[i]=$(blk_ios "${E2E_SD[i]}"); done
	e2e_log "I/Os: ${E2E_SD[0]} +$((ios1[0] - ios0[0])), ${E2E_SD[1]} +$((ios1[1] - ios0[1]))"
	[ $((ios1[0] - ios0[0])) -gt 0 ] && [ $((ios1[1] - ios0[1])) -gt 0 ] ||
		why=${why:-I/O did not flow on both paths}
	result_end suspend-stress-fio-verify "$why"

	# Figures.
	local s_ok s_hung flush noflush reload fo msgs busy
	flush=$(($(count flush-suspend ok) + $(count failover-flush-suspend ok)))
	noflush=$(($(count noflush-suspend ok) + $(count failover-noflush-suspend ok)))
	reload=$(count reload ok)
	fo=$(($(count failover-flush-suspend ok) + $(count failover-noflush-suspend ok)))
	msgs=0 busy=0
	for i in fail_path reinstate_path switch_group failover-fail_path failover-reinstate; do
		msgs=$((msgs + $(count "$i" ok)))
		busy=$((busy + $(count "$i" busy)))
	done
	e2e_figure "suspend_stress ${el:-0}s seed $SEED: suspends $((flush + noflush)) (flush $flush, noflush $noflush; $fo of them right after failing the busy path), reloads $reload (resumed flush $(count reload-resume-flush ok), noflush $(count reload-resume-noflush ok)), flush suspends made noflush (double fault) $(count flush-downgraded ok), resumes $(count resume ok), messages $msgs ok + $busy EBUSY (fail_path $(($(count fail_path ok) + $(count failover-fail_path ok))), reinstate_path $(($(count reinstate_path ok) + $(count failover-reinstate ok))), switch_group $(count switch_group ok)), ALUA moves $(count alua-move ok), transitionings $(count alua-transitioning ok), fio runs ${FIO_LOOP_RUNS:-0}"
	for i in flush-suspend noflush-suspend failover-flush-suspend failover-noflush-suspend reload-resume-flush reload-resume-noflush resume; do
		e2e_figure "suspend_stress $i $(durations "$i")"
	done

	# Every suspend and resume returned.
	why=""
	s_hung=$(cat "$OPS"/events.* 2>/dev/null | awk '$2 == "hung"' | wc -l)
	s_ok=$((flush + noflush))
	[ "$HUNG" = 0 ] && [ "$s_hung" = 0 ] ||
		why="$(head -n 1 "$OPS/errors" 2>/dev/null)"
	[ "$HUNG" = 0 ] || why=${why:-a suspend or resume did not return}
	[ "$s_ok" -ge 1 ] || why=${why:-no suspend ran}
	[ "$fo" -ge 1 ] || why=${why:-no suspend met a failover}
	result_end suspend-stress-suspends-return "$why"

	# Every other operation did what it should.
	why=""
	if [ -s "$OPS/errors" ]; then
		e2e_log "failed operations:"
		head -n 10 "$OPS/errors" | sed 's/^/  /'
		why="$(wc -l <"$OPS/errors") operation(s) failed: $(head -n 1 "$OPS/errors")"
	fi
	[ -e "$OPS/loopdied" ] && why=${why:-an operation loop gave up}
	for i in reload fail_path switch_group alua-move; do
		[ "$(count "$i" ok)" -ge 1 ] || why=${why:-no $i ran}
	done
	result_end suspend-stress-operations "$why"
}

s_final_state() {
	local why="" d
	if [ "$HUNG" = 1 ]; then
		result_fail suspend-stress-final-state "the map is stuck"
		return
	fi
	dmsetup info "$MAP" | grep -q 'State: *ACTIVE' || why="map not active"
	lio_optimized ao
	for d in "$A" "$B"; do
		wait_until 30 0.5 mp_path_is "$MAP" "$d" A ||
			why=${why:-path $d is $(mp_path_state "$MAP" "$d"), want A}
		if [ "$E2E_TARGET" = mpath2 ]; then
			wait_until 30 0.5 mp_path_stat_is "$MAP" "$d" state active ||
				why=${why:-path $d state=$(mp_path_stat "$MAP" "$d" state)}
		fi
	done
	[ "$(table_shape)" = "$TABLE_SHAPE" ] || why=${why:-table changed: $(dmsetup table "$MAP")}
	mp_show "$MAP"
	[ "$E2E_TARGET" = mpath2 ] && dmsetup message "$MAP" 0 path_stats | sed 's/^/  path_stats: /'
	# Usable: a verified write and read-back, and a suspend/resume cycle.
	fio --name=final --filename="/dev/mapper/$MAP" --ioengine=libaio --direct=1 --bs=64k \
		--iodepth=4 --size=8M --rw=write --verify=crc32c --verify_fatal=1 --do_verify=1 \
		--eta=never --output="$E2E_TMP/fio-final.txt" && fio_ok "$E2E_TMP/fio-final.txt" ||
		why=${why:-the map cannot be written and read back: $(fio_summary "$E2E_TMP/fio-final.txt")}
	timeout 60 dmsetup suspend "$MAP" && timeout 60 dmsetup resume "$MAP" ||
		why=${why:-a quiet suspend/resume failed}
	mp_remove "$MAP" || why=${why:-dmsetup remove failed}
	mp_unload_module || why=${why:-rmmod failed}
	result_end suspend-stress-final-state "$why"
}

# ---- main ------------------------------------------------------------------------------

e2e_plan
WHY=""
if s_setup; then
	result_pass setup
	s_stress
	s_final_state
else
	result_fail setup "$WHY"
	e2e_fail_rest "setup failed: $WHY"
fi
if [ "$HUNG" = 0 ]; then
	mp_remove "$MAP"
	iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
else
	e2e_log "no teardown: the map is stuck"
fi
e2e_finish
