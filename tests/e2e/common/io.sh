# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# I/O: fio runs and their results, background dd and fio loops.
# Sourced by tests/e2e/lib.sh.

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

# fio_progress DEV N PID: DEV has completed at least N writes, or process
# PID (the writer) has ended. For wait_until before a fault: the fault must
# hit a writer that runs, and a writer that ended early must not be waited
# for; the caller then checks which of the two it was (pid_gone).
fio_progress() { [ "$(blk_writes "$1")" -ge "$2" ] || pid_gone "$3"; }
