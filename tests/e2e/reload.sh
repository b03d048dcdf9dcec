#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "reload" (one boot): the life cycle of a map around live I/O,
# over two real iSCSI paths (LIO target + open-iscsi in the guest).
#
#  - table reload (dmsetup reload + resume) under fio with crc32c verify:
#    one path -> two paths -> the other path alone; I/O follows the table;
#  - suspend/resume, flush and --noflush, under fio verify;
#  - with I/O held (queue_if_no_path, all paths down): a --noflush suspend
#    keeps it (it completes, verified, once a path returns), and so does a
#    table reload resumed with --noflush, multipathd's way, even with
#    every path's disk offline; a flush suspend fails it with EIO, and
#    `dmsetup remove --force` fails it and removes the map without hanging;
#  - fsync across a failover: fio writing with fsync after every write
#    while a path dies, and empty flushes that land on a dead path;
#  - rmmod is refused while a map exists and is clean once none is left.
#
# The LUN is given a write-back cache (LIO emulate_write_cache) so that
# flushes reach mpath2 and the paths at all.
#
# e2e-scenarios: setup reload-add-remove-path suspend-resume-under-io
# e2e-scenarios: noflush-suspend-keeps-held-io noflush-reload-keeps-held-io
# e2e-scenarios: flush-suspend-fails-held-io
# e2e-scenarios: remove-force-fails-held-io fsync-across-failover
# e2e-scenarios: rmmod-refused-while-map-exists kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

FIO_MB=${E2E_FIO_MB:-16}
SCRATCH_BLK=$(((FIO_MB + 8) * 256))
# "Promptly" for held I/O failed by a flush suspend or a forced remove.
PROMPT_S=${E2E_PROMPT_S:-5}

E2E_KEEP="rmmod-refused-while-map-exists kernel-log-clean"

fio_job=(
	--name=reload --ioengine=libaio --direct=1 --bs=4k --iodepth=16
	--group_reporting --eta=never --rw=randwrite --size="${FIO_MB}M"
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

A_SD="" B_SD="" A="" B="" WC_OK=0

# I/O completed on a map since $2 (a blk_ios value): at least $3.
_progress() { blk_progress "$(mp_blkname "$1")" "$2" "$3"; }

# wait_io MAP N: N more I/Os complete on MAP within 60 s.
wait_io() {
	local base
	base=$(blk_ios "$(mp_blkname "$1")")
	wait_until 60 0.1 _progress "$1" "$base" "$2"
}

# MAP's dm device completed N writes, or process PID ended.
_writes_or_gone() { [ "$(blk_writes "$1")" -ge "$2" ] || pid_gone "$3"; }

map_paths() { dmsetup table "$1" | grep -oE '[0-9]+:[0-9]+' | tr '\n' ' '; }

# ---- setup --------------------------------------------------------------------

s_setup() {
	local sd
	iscsi_setup || { WHY="two iSCSI paths to one LUN did not come up"; return 1; }
	mp_load_module || { WHY="modprobe $(mp_module) failed"; return 1; }
	A_SD=${E2E_SD[0]} B_SD=${E2E_SD[1]} A=${E2E_DEV[0]} B=${E2E_DEV[1]}

	# A write-back cache on the LUN, so that flushes go down the paths.
	WC_OK=1
	echo 1 >"$LIO_DEV/attrib/emulate_write_cache" || WC_OK=0
	for sd in "$A_SD" "$B_SD"; do
		echo 1 >"/sys/block/$sd/device/rescan" || WC_OK=0
		wait_until 10 0.1 grep -q 'write back' "/sys/block/$sd/queue/write_cache" || WC_OK=0
		e2e_log "$sd: write cache '$(cat "/sys/block/$sd/queue/write_cache")'"
	done

	mp_create r "$(mp_table_ex "$E2E_SECTORS" "" "$A")" ||
		{ WHY="cannot create the map"; return 1; }
	mp_show r
}

# ---- table reload under I/O ---------------------------------------------------------

s_reload_paths() {
	local dm split why=""
	dm=$(mp_blkname r)
	fio_loop_start "$E2E_TMP/fio-reload" "${fio_job[@]}" --filename=/dev/mapper/r
	wait_io r 256 || why="fio made no progress"

	# One path -> two.
	if [ -z "$why" ]; then
		mp_reload r "$(mp_table_ex "$E2E_SECTORS" "" "$A,$B")" || why="reload to two paths failed"
		e2e_log "table paths: $(map_paths r)"
		split=$(io_split "$dm" 512 "$A_SD" "$B_SD")
		e2e_log "I/Os with paths $A+$B: $A_SD ${split% *}, $B_SD ${split#* }"
		[ "$(map_paths r)" = "$A $B " ] || why=${why:-table does not list $A and $B}
		[ "${split% *}" -gt 0 ] && [ "${split#* }" -gt 0 ] ||
			why=${why:-I/O not on both paths after adding $B ($split)}
	fi
	# Two -> the other one alone ($A, the first path, removed).
	if [ -z "$why" ]; then
		mp_reload r "$(mp_table_ex "$E2E_SECTORS" "" "$B")" || why="reload to one path failed"
		e2e_log "table paths: $(map_paths r)"
		split=$(io_split "$dm" 512 "$A_SD" "$B_SD")
		e2e_log "I/Os with path $B: $A_SD ${split% *}, $B_SD ${split#* }"
		[ "$(map_paths r)" = "$B " ] || why=${why:-table does not list $B alone}
		[ "${split% *}" -eq 0 ] && [ "${split#* }" -gt 0 ] ||
			why=${why:-I/O still on $A after its removal ($split)}
	fi
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	e2e_log "fio runs during the reloads: $FIO_LOOP_RUNS"
	result_end reload-add-remove-path "$why"
}

# ---- suspend / resume under I/O -------------------------------------------------------

# suspended_quiet MAP: MAP is suspended and completes no I/O for 1 s.
suspended_quiet() {
	local dm w0
	dm=$(mp_blkname "$1")
	dmsetup info "$1" | grep -q 'State: *SUSPENDED' || return 1
	w0=$(blk_ios "$dm")
	sleep 1
	[ "$(blk_ios "$dm")" = "$w0" ]
}

s_suspend_resume() {
	local why="" mode t0
	mp_reload r "$(mp_table_ex "$E2E_SECTORS" "" "$A,$B")" || why="reload to two paths failed"
	fio_loop_start "$E2E_TMP/fio-suspend" "${fio_job[@]}" --filename=/dev/mapper/r
	for mode in flush noflush; do
		[ -z "$why" ] || break
		wait_io r 256 || { why="fio made no progress before the $mode suspend"; break; }
		t0=$(e2e_now_cs)
		if [ $mode = flush ]; then
			e2e_run timeout 60 dmsetup suspend r || why="dmsetup suspend failed"
		else
			e2e_run timeout 60 dmsetup suspend --noflush r || why="dmsetup suspend --noflush failed"
		fi
		e2e_log "$mode suspend took $(e2e_since "$t0")s"
		suspended_quiet r || why=${why:-I/O completed while suspended ($mode)}
		e2e_run timeout 60 dmsetup resume r || why=${why:-dmsetup resume failed}
		wait_io r 256 || why=${why:-no I/O after the resume ($mode)}
	done
	fio_loop_stop 120 || why=${why:-$FIO_LOOP_WHY}
	result_end suspend-resume-under-io "$why"
}

# ---- held I/O: noflush suspend, flush suspend, forced remove ---------------------------

# Fail both paths of MAP by message (the concept here is what a suspend
# does with held I/O, not how paths die).
fail_both() {
	dmsetup message "$1" 0 fail_path "$A" && dmsetup message "$1" 0 fail_path "$B"
}

both_failed() { mp_path_is "$1" "$A" F && mp_path_is "$1" "$B" F; }

reinstate_both() {
	dmsetup message "$1" 0 reinstate_path "$A" && dmsetup message "$1" 0 reinstate_path "$B" &&
		mp_path_is "$1" "$A" A && mp_path_is "$1" "$B" A
}

s_noflush_held() {
	local why="" out=$E2E_TMP/fio-held.txt rc=0 dm w0
	mp_reload r "$(mp_table_ex "$E2E_SECTORS" "queue_if_no_path" "$A,$B")" ||
		why="reload with queue_if_no_path failed"
	dm=$(mp_blkname r)
	w0=$(blk_writes "$dm")
	fio "${fio_job[@]}" --randseed=99 --filename=/dev/mapper/r --output="$out" </dev/null &
	FIO_PID=$!
	if [ -n "$why" ]; then
		:
	elif ! wait_until 60 0.1 _writes_or_gone "$dm" $((w0 + 256)) "$FIO_PID" ||
		pid_gone "$FIO_PID"; then
		why="fio ended or made no progress before the paths failed"
	else
		fail_both r || why="fail_path refused"
		if ! mp_io_held r "$FIO_PID" 1; then
			why=${why:-$HELD_WHY}
		else
			e2e_run timeout 60 dmsetup suspend --noflush r || why="noflush suspend failed or hung"
			dmsetup info r | grep -q 'State: *SUSPENDED' || why=${why:-map not suspended}
			e2e_run timeout 60 dmsetup resume r || why=${why:-resume failed}
			# Still held, not failed.
			mp_io_held r "$FIO_PID" 1 || why=${why:-after the noflush suspend: $HELD_WHY}
		fi
		e2e_run dmsetup message r 0 reinstate_path "$A" || why=${why:-reinstate_path refused}
	fi
	if ! wait_until 120 0.2 pid_gone "$FIO_PID"; then
		why=${why:-fio still running 120 s after a path came back}
		bg_stop "$FIO_PID"
	fi
	wait "$FIO_PID" || rc=$?
	e2e_log "fio exit $rc: $(fio_summary "$out")"
	if [ "$rc" -ne 0 ] || ! fio_ok "$out"; then
		sed 's/^/  fio: /' "$out" | tail -n 20
		why=${why:-fio write/verify failed (exit $rc)}
	fi
	reinstate_both r || why=${why:-paths not both active again}
	result_end noflush-suspend-keeps-held-io "$why"
}

# multipathd's reload: a new table swapped in with a noflush suspend while
# I/O is held and every path's disk is offline (dm reuses the open devices
# of the old table). The held bios go back to dm core, then to the new
# table, which finds the paths dead, fails them and holds the bios again;
# they complete, verified, when a path returns.
s_noflush_reload() {
	local why="" out=$E2E_TMP/fio-reload-held.txt rc=0 dm w0
	dm=$(mp_blkname r)
	w0=$(blk_writes "$dm")
	fio "${fio_job[@]}" --randseed=98 --filename=/dev/mapper/r --output="$out" </dev/null &
	FIO_PID=$!
	if ! wait_until 60 0.1 _writes_or_gone "$dm" $((w0 + 256)) "$FIO_PID" ||
		pid_gone "$FIO_PID"; then
		why="fio ended or made no progress before the paths failed"
	else
		sd_set_state "$A_SD" offline
		sd_set_state "$B_SD" offline
		if ! wait_until 15 0.1 both_failed r; then
			why="paths not both failed after both sd went offline"
		elif ! mp_io_held r "$FIO_PID" 1; then
			why=$HELD_WHY
		else
			e2e_run dmsetup reload r --table \
				"$(mp_table_ex "$E2E_SECTORS" "queue_if_no_path no_path_timeout 60" "$A,$B")" ||
				why="reload with every path offline failed"
			e2e_run timeout 60 dmsetup resume --noflush r || why=${why:-resume --noflush failed or hung}
			mp_show r
			dmsetup table r | grep -q 'no_path_timeout 60' || why=${why:-the new table is not live}
			mp_io_held r "$FIO_PID" 1 || why=${why:-after the reload: $HELD_WHY}
		fi
		sd_set_state "$A_SD" running
		e2e_run dmsetup message r 0 reinstate_path "$A" || why=${why:-reinstate_path refused}
	fi
	if ! wait_until 120 0.2 pid_gone "$FIO_PID"; then
		why=${why:-fio still running 120 s after a path came back}
		bg_stop "$FIO_PID"
	fi
	wait "$FIO_PID" || rc=$?
	e2e_log "fio exit $rc: $(fio_summary "$out")"
	if [ "$rc" -ne 0 ] || ! fio_ok "$out"; then
		sed 's/^/  fio: /' "$out" | tail -n 20
		why=${why:-fio write/verify failed (exit $rc)}
	fi
	sd_set_state "$B_SD" running
	reinstate_both r || why=${why:-paths not both active again}
	result_end noflush-reload-keeps-held-io "$why"
}

s_flush_held() {
	local why="" t0 el
	fail_both r || why="fail_path refused"
	dd_bg fdd if=/dev/zero of=/dev/mapper/r bs=4096 count=1 seek="$SCRATCH_BLK" oflag=direct
	if [ -n "$why" ]; then
		:
	elif ! mp_io_held r "$BG_PID" 1; then
		why=$HELD_WHY
	else
		t0=$(e2e_now_cs)
		e2e_run timeout 60 dmsetup suspend r || why="flush suspend failed or hung"
		wait_until 30 0.05 pid_gone "$BG_PID"
		el=$(e2e_since "$t0")
		e2e_log "held dd: exit '$(bg_rc fdd)' ${el}s after the flush suspend began: $(tr '\n' ' ' <"$E2E_TMP/fdd.err")"
		e2e_figure "flush_suspend_held_io_to_eio ${el}s"
		if ! bg_eio fdd; then
			why=${why:-held I/O did not fail with EIO on a flush suspend}
		elif ! float_between "$el" 0 "$PROMPT_S"; then
			why=${why:-held I/O failed ${el}s after the flush suspend (> ${PROMPT_S}s)}
		fi
		e2e_run timeout 60 dmsetup resume r || why=${why:-resume failed}
	fi
	bg_stop "$BG_PID"
	reinstate_both r || why=${why:-paths not both active again}
	# Queueing works again after the resume.
	mp_show r
	result_end flush-suspend-fails-held-io "$why"
}

s_remove_force() {
	local why="" t0 el rc=0
	fail_both r || why="fail_path refused"
	dd_bg rdd if=/dev/zero of=/dev/mapper/r bs=4096 count=1 seek="$SCRATCH_BLK" oflag=direct
	if [ -n "$why" ]; then
		:
	elif ! mp_io_held r "$BG_PID" 1; then
		why=$HELD_WHY
	else
		t0=$(e2e_now_cs)
		e2e_run timeout 60 dmsetup remove --force --retry r || rc=$?
		el=$(e2e_since "$t0")
		wait_until 30 0.05 pid_gone "$BG_PID"
		e2e_log "dmsetup remove --force: exit $rc after ${el}s; held dd: exit '$(bg_rc rdd)': $(tr '\n' ' ' <"$E2E_TMP/rdd.err")"
		e2e_figure "remove_force_with_held_io ${el}s"
		if [ "$rc" -ne 0 ]; then
			why="dmsetup remove --force failed (exit $rc)"
		elif ! bg_eio rdd; then
			why="held I/O did not fail with EIO"
		elif dmsetup info r >/dev/null 2>&1 || [ -e /dev/mapper/r ]; then
			why="the map still exists"
		elif ! float_between "$el" 0 "$PROMPT_S"; then
			why="the forced remove took ${el}s (> ${PROMPT_S}s)"
		fi
	fi
	bg_stop "$BG_PID"
	result_end remove-force-fails-held-io "$why"
}

# ---- fsync across a failover -------------------------------------------------------------

s_fsync() {
	local why="" out=$E2E_TMP/fio-fsync.txt rc=0 dm w0 f0 f1 i e0
	mp_remove r
	if [ "$WC_OK" != 1 ]; then
		result_end fsync-across-failover "the paths have no write-back cache: flushes would not reach them"
		return
	fi
	mp_create f "$(mp_table_ex "$E2E_SECTORS" "" "$A,$B")" || {
		result_end fsync-across-failover "cannot create the map"
		return
	}
	dm=$(mp_blkname f)
	e2e_log "$dm write cache: $(cat "/sys/block/$dm/queue/write_cache")"
	grep -q 'write back' "/sys/block/$dm/queue/write_cache" || why="the map has no write-back cache"

	# 1. fio: every write followed by fsync (a flush), a path dies midway.
	w0=$(blk_writes "$dm")
	f0=$(blk_flushes "$B_SD")
	fio --name=fsync --filename=/dev/mapper/f --ioengine=psync --direct=1 --bs=4k \
		--rw=randwrite --size=8M --fsync=1 --randseed=7 --verify=crc32c \
		--verify_fatal=1 --do_verify=1 --eta=never --output="$out" </dev/null &
	FIO_PID=$!
	if ! wait_until 60 0.1 _writes_or_gone "$dm" $((w0 + 128)) "$FIO_PID" ||
		pid_gone "$FIO_PID"; then
		why=${why:-fio ended or made no progress before the fault}
	fi
	sd_set_state "$A_SD" offline
	if ! wait_until 120 0.2 pid_gone "$FIO_PID"; then
		why=${why:-fio still running 120 s after the fault}
		bg_stop "$FIO_PID"
	fi
	wait "$FIO_PID" || rc=$?
	f1=$(blk_flushes "$B_SD")
	e2e_log "fio exit $rc: $(fio_summary "$out") flushes on $B_SD: +$((f1 - f0))"
	grep -E 'sync' "$out" | head -n 3 | sed 's/^/  fio: /'
	if [ "$rc" -ne 0 ] || ! fio_ok "$out"; then
		sed 's/^/  fio: /' "$out" | tail -n 20
		why=${why:-fio write+fsync/verify failed (exit $rc)}
	fi
	mp_path_is f "$A" F || why=${why:-$A not failed after its sd went offline}
	[ $((f1 - f0)) -gt 0 ] || why=${why:-no flush reached $B_SD}

	# 2. An idle map, $A dead but not yet failed: empty flushes (fsync of
	# the device) until one lands on $A and fails over. Each must succeed.
	sd_set_state "$A_SD" running
	e2e_run dmsetup message f 0 reinstate_path "$A"
	wait_until 10 0.1 mp_path_is f "$A" A || why=${why:-$A not active after reinstate_path}
	sd_set_state "$A_SD" offline
	e0=$(mp_path_stat f "$A" errors)
	e2e_kmsg "flush to a dead path"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		if ! timeout 30 dd if=/dev/null of=/dev/mapper/f conv=fsync 2>"$E2E_TMP/flush.err"; then
			why=${why:-fsync $i of the map failed: $(tr '\n' ' ' <"$E2E_TMP/flush.err")}
			break
		fi
		mp_path_is f "$A" F && break
	done
	e2e_log "after $i fsync(s): $A is $(mp_path_state f "$A"), path errors $e0 -> $(mp_path_stat f "$A" errors)"
	dmesg | awk '/e2e: flush to a dead path/ { p = 1 } p' | grep -E 'I/O error|Failing' | head -n 3 | sed 's/^/  kernel: /'
	mp_path_is f "$A" F || why=${why:-no flush was sent to the dead path $A in 10 fsyncs}
	timeout 30 sync || why=${why:-sync failed}

	sd_set_state "$A_SD" running
	e2e_run dmsetup message f 0 reinstate_path "$A"
	wait_until 10 0.1 mp_path_is f "$A" A || why=${why:-$A not active again}
	result_end fsync-across-failover "$why"
}

# ---- module unload -------------------------------------------------------------------------

s_rmmod() {
	local why="" mod
	mod=$(mp_module)
	mod=${mod//-/_}
	if ! dmsetup info f >/dev/null 2>&1; then
		mp_create f "$(mp_table_ex "$E2E_SECTORS" "" "$A,$B")" || why="cannot create a map"
	fi
	if [ -z "$why" ]; then
		if rmmod "$mod" 2>"$E2E_TMP/rmmod.err"; then
			why="rmmod $mod succeeded while a map exists"
		else
			e2e_log "rmmod with a map: $(cat "$E2E_TMP/rmmod.err")"
		fi
		[ -d "/sys/module/$mod" ] || why=${why:-$mod unloaded under a map}
		dmsetup status f >/dev/null 2>&1 || why=${why:-the map is gone}
	fi
	mp_remove f || why=${why:-dmsetup remove failed}
	mp_remove r
	e2e_run rmmod "$mod" || why=${why:-rmmod $mod failed with no map left}
	[ -d "/sys/module/$mod" ] && why=${why:-$mod still loaded}
	dmsetup targets | grep -q "^$E2E_TARGET " && why=${why:-target $E2E_TARGET still registered}
	result_end rmmod-refused-while-map-exists "$why"
}

# ---- main ----------------------------------------------------------------------------------

e2e_plan
WHY=""
if s_setup; then
	result_pass setup
	s_reload_paths
	s_suspend_resume
	s_noflush_held
	s_noflush_reload
	s_flush_held
	s_remove_force
	s_fsync
else
	result_fail setup "$WHY"
	e2e_fail_rest "setup failed: $WHY"
fi
[ -n "$A" ] && s_rmmod
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
e2e_finish
