#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "stress" (one boot, 2 vCPUs): control operations racing the
# I/O path. For E2E_STRESS_S seconds (default 60), fio with 2 jobs writes
# and verifies (crc32c) a map of two priority groups, one real iSCSI path
# each, while three loops run flat out:
#
#   fail_path/reinstate_path   one path at a time, both paths in turn
#   switch_group               1, 2, 1, 2...
#   table reload               dmsetup reload + resume, cycling through
#                              mpath2's four selectors
#
# At least one path is usable at every moment, so fio must see no error
# and no verify failure. The loops count what they did (printed as an
# E2E-TIME line); every operation must succeed, and the kernel log must
# stay clean.
#
# e2e-vcpus: 2
# e2e-scenarios: setup stress-fio-verify stress-operations
# e2e-scenarios: stress-final-state kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

STRESS_S=${E2E_STRESS_S:-60}
FIO_MB=${E2E_FIO_MB:-16}           # per fio job
MAP=stress
OPS=$E2E_TMP/ops

A="" B="" TABLE="" TABLE_SHOWN=""

fio_job=(
	--name=stress --filename="/dev/mapper/$MAP" --ioengine=libaio --direct=1
	--bs=4k --iodepth=8 --numjobs=2 --offset_increment="${FIO_MB}M"
	--size="${FIO_MB}M" --rw=randwrite --verify=crc32c --verify_fatal=1
	--do_verify=1 --group_reporting --eta=never
)

# ---- the operation loops ----------------------------------------------------------
# Each runs until $OPS/stop exists, counts in $OPS/<name>.count and logs
# failed operations to $OPS/<name>.err.

# op NAME CMD...: run one operation, count it, log a failure. A message
# that reaches the map while a concurrent reload has it suspended is
# refused with EBUSY, as dm-multipath refuses it: sent again (counted in
# $OPS/<name>.busy), as a checker would at its next round.
op() {
	local name=$1 try
	shift
	for try in 1 2 3 4 5 6 7 8 9 10; do
		if "$@" 2>"$OPS/$name.last"; then
			cat "$OPS/$name.last" >>"$OPS/$name.stderr"
			echo >>"$OPS/$name.count"
			return 0
		fi
		cat "$OPS/$name.last" >>"$OPS/$name.stderr"
		grep -q 'Device or resource busy' "$OPS/$name.last" || break
		echo >>"$OPS/$name.busy"
		sleep 0.05
	done
	echo "$(e2e_since "$E2E_T0")s: failed after $try tries: $*" >>"$OPS/$name.err"
	return 1
}

loop_fail_reinstate() {
	local p
	while [ ! -e "$OPS/stop" ]; do
		for p in "$A" "$B"; do
			op fail_path dmsetup message "$MAP" 0 fail_path "$p" || true
			# Never leave a path failed: the next fail would take the last one.
			for _ in 1 2 3 4 5; do
				op reinstate_path dmsetup message "$MAP" 0 reinstate_path "$p" && continue 2
				sleep 0.1
			done
			echo "cannot reinstate $p: loop stopped" >>"$OPS/reinstate_path.err"
			return 1
		done
	done
}

loop_switch_group() {
	local g
	while [ ! -e "$OPS/stop" ]; do
		for g in 1 2; do
			op switch_group dmsetup message "$MAP" 0 switch_group "$g" || true
		done
	done
}

# The same two groups with each of mpath2's selectors (with in-tree
# multipath: the table as created), so every selector meets the races.
reload_tables() {
	local sel pp
	if [ "$E2E_TARGET" != mpath2 ]; then
		echo "$TABLE"
		return
	fi
	for sel in round-robin queue-length service-time historical-service-time; do
		pp="1 1"
		[ "$sel" = service-time ] && pp="2 1 1"
		echo "0 $E2E_SECTORS mpath2 0 0 2 1 $sel 0 1 ${pp%% *} $A ${pp#* } $sel 0 1 ${pp%% *} $B ${pp#* }"
	done
}

loop_reload() {
	local t
	local -a tables
	mapfile -t tables < <(reload_tables)
	while [ ! -e "$OPS/stop" ]; do
		for t in "${tables[@]}"; do
			if op reload dmsetup reload "$MAP" --table "$t"; then
				op resume timeout 60 dmsetup resume "$MAP"
			fi
		done
	done
	# End on the table the final-state check expects.
	op reload dmsetup reload "$MAP" --table "$TABLE" &&
		op resume timeout 60 dmsetup resume "$MAP"
}

count() { [ -e "$OPS/$1.count" ] && wc -l <"$OPS/$1.count" || echo 0; }
errors() { [ -e "$OPS/$1.err" ] && wc -l <"$OPS/$1.err" || echo 0; }
busy() { cat "$OPS"/*.busy 2>/dev/null | wc -l; }

# ---- scenarios -----------------------------------------------------------------------

s_setup() {
	iscsi_setup || { WHY="two iSCSI paths to one LUN did not come up"; return 1; }
	mp_load_module || { WHY="modprobe $(mp_module) failed"; return 1; }
	A=${E2E_DEV[0]} B=${E2E_DEV[1]}
	TABLE=$(mp_table_ex "$E2E_SECTORS" "" "$A" "$B")
	mp_create "$MAP" "$TABLE" || { WHY="cannot create the map"; return 1; }
	mp_show "$MAP"
	TABLE_SHOWN=$(table_shape)
	e2e_log "$(nproc) vCPU(s)"
}

s_stress() {
	local why="" t0 pids=() pid i name ios0=() ios1=() el
	rm -rf "$OPS"
	mkdir -p "$OPS"
	for i in 0 1; do ios0[i]=$(blk_ios "${E2E_SD[i]}"); done
	fio_loop_start "$E2E_TMP/fio-stress" "${fio_job[@]}"
	if ! wait_io_start; then
		why="fio made no progress"
	else
		e2e_log "stress: ${STRESS_S}s of fail/reinstate, switch_group and reload under fio (2 jobs)"
		t0=$(e2e_now_cs)
		loop_fail_reinstate </dev/null &
		pids+=($!)
		loop_switch_group </dev/null &
		pids+=($!)
		loop_reload </dev/null &
		pids+=($!)
		# Watch the loops and fio; stop early if a loop died.
		wait_until "$STRESS_S" 1 stress_broken
		touch "$OPS/stop"
		el=$(e2e_since "$t0")
		for pid in "${pids[@]}"; do
			wait_until 60 0.2 pid_gone "$pid" || { why="an operation loop did not stop"; bg_stop "$pid"; }
			wait "$pid" 2>/dev/null
		done
	fi
	fio_loop_stop 180 || why=${why:-$FIO_LOOP_WHY}
	for i in 0 1; do ios1[i]=$(blk_ios "${E2E_SD[i]}"); done
	e2e_log "I/Os: ${E2E_SD[0]} +$((ios1[0] - ios0[0])), ${E2E_SD[1]} +$((ios1[1] - ios0[1]))"
	[ $((ios1[0] - ios0[0])) -gt 0 ] && [ $((ios1[1] - ios0[1])) -gt 0 ] ||
		why=${why:-I/O did not flow on both paths}
	result_end stress-fio-verify "$why"

	why=""
	e2e_figure "stress ${el:-0}s: fail_path $(count fail_path), reinstate_path $(count reinstate_path), switch_group $(count switch_group), reload+resume $(count resume) (reload loaded $(count reload)), fio runs $FIO_LOOP_RUNS, refused while suspended (EBUSY, sent again) $(busy)"
	for name in fail_path reinstate_path switch_group reload resume; do
		if [ "$(errors "$name")" != 0 ]; then
			e2e_log "$name failures: $(head -n 3 "$OPS/$name.err" | tr '\n' ';') $(head -n 3 "$OPS/$name.stderr" 2>/dev/null | tr '\n' ';')"
			why=${why:-$(errors "$name") $name operation(s) failed}
		fi
		[ "$(count "$name")" -ge 10 ] || why=${why:-only $(count "$name") $name operation(s) ran}
	done
	result_end stress-operations "$why"
}

# The map's table without the current group, which switch_group changes
# (dm-multipath's table line shows it too).
table_shape() {
	dmsetup table "$MAP" | awk '{ i = 4; i += $i + 1; i += $i + 1; $(i + 1) = "-"; print }'
}

# A loop gave up (it could not reinstate), or fio stopped looping.
stress_broken() {
	[ -e "$OPS/reinstate_path.err" ] || pid_gone "$FIO_LOOP_PID"
}

wait_io_start() {
	local dm base
	dm=$(mp_blkname "$MAP")
	base=$(blk_ios "$dm")
	wait_until 60 0.1 blk_progress "$dm" "$base" 256
}

s_final_state() {
	local why="" d
	for d in "$A" "$B"; do
		dmsetup message "$MAP" 0 reinstate_path "$d" || why="reinstate_path $d refused"
		mp_path_is "$MAP" "$d" A || why=${why:-path $d is $(mp_path_state "$MAP" "$d"), want A}
	done
	dmsetup info "$MAP" | grep -q 'State: *ACTIVE' || why=${why:-map not active}
	[ "$(table_shape)" = "$TABLE_SHOWN" ] || why=${why:-table changed: $(dmsetup table "$MAP")}
	mp_show "$MAP"
	dmsetup message "$MAP" 0 path_stats | sed 's/^/  path_stats: /'
	# The map still does I/O on both groups.
	dd if="/dev/mapper/$MAP" of=/dev/null bs=4096 count=16 iflag=direct 2>/dev/null ||
		why=${why:-the map cannot be read}
	mp_remove "$MAP" || why=${why:-dmsetup remove failed}
	mp_unload_module || why=${why:-rmmod failed}
	result_end stress-final-state "$why"
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
mp_remove "$MAP"
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
e2e_finish
