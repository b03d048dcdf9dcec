#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "top" (one boot): `mpath2ctl top` on a real terminal (tmux,
# read back with capture-pane) and `mpath2ctl stats --prometheus`
# (checked by promtool) on a two-path map under reads, while a path fails
# (its sd offline: I/O errors fail it in the kernel) and comes back
# (running, then `mpath2ctl reinstate`).
#
#   top-screen        the tree: map "2/2 up", both paths active with IOPS > 0
#   top-path-fails    the path "failed", fail count 1, IOPS 0.0, map "1/2 up",
#                     the other path carrying the reads
#   top-path-back     both active again with IOPS > 0
#   top-keys          i sorts by IOPS, r reverses, Enter shows one map
#   top-resize        a wider terminal is redrawn at once (interval 60 s)
#   top-suspend       under bash: Ctrl-Z gives the normal screen back and
#                     stops it, fg takes the screen again
#   top-quit          q ends it with status 0, the terminal given back
#   top-lines         stdout not a terminal: a header and 2 lines per sample
#   prom-check        promtool check metrics passes, with a path failed
#   prom-failed       the failed path's state, usable_paths 1
#   prom-monotonic    --state: ios_total does not go down across a table
#                     reload that restarts the kernel's counters
#   prom-textfile     --output: the file replaced whole, nothing left over
#
# e2e-scenarios: top-setup top-screen top-path-fails top-path-back top-keys
# e2e-scenarios: top-resize top-suspend top-quit top-lines prom-check prom-failed
# e2e-scenarios: prom-monotonic prom-textfile kernel-log-clean
# e2e-needs: tmux promtool
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
MAP=top0
E2E_KEEP="kernel-log-clean"
export TERM=screen
TMUX_CMD=(tmux -f /dev/null -L e2e)
PROM=$E2E_TMP/prom

pane() { "${TMUX_CMD[@]}" capture-pane -p -t "$1"; }

# Log the screen of session $1 (for the console log and docs/top.md).
show_pane() {
	e2e_log "screen of $1 ($2):"
	pane "$1" | sed -e 's/[[:space:]]*$//' -e '/^$/d' -e 's/^/  | /'
}

# Field N after the devnum on path DEV's line of the screen of session S:
# 1 dev, 2 state, 3 IOPS, 4 MB/s, 5 latency, 6 in flight, 7 errors, 8 fails.
path_field() {
	pane "$1" | awk -v d="$2" -v n="$3" '
		{ for (i = 1; i < NF; i++) if ($i == d) { print $(i + n); exit } }'
}

busy() { awk -v x="$1" 'BEGIN { exit !(x + 0 > 0) }'; }

path_busy() { # SESSION DEV: active and IOPS > 0
	[ "$(path_field "$1" "$2" 2)" = active ] && busy "$(path_field "$1" "$2" 3)"
}

map_up() { pane "$1" | grep -qE "^$MAP +dm-[0-9]+ +$2 up "; }

both_busy() {
	map_up top 2/2 && path_busy top "${E2E_DEV[0]}" && path_busy top "${E2E_DEV[1]}"
}

first_failed() {
	map_up top 1/2 && [ "$(path_field top "${E2E_DEV[0]}" 2)" = failed ] &&
		[ "$(path_field top "${E2E_DEV[0]}" 3)" = 0.0 ] &&
		[ "$(path_field top "${E2E_DEV[0]}" 8)" = 1 ] &&
		path_busy top "${E2E_DEV[1]}"
}

# Reads through the map, back to back, until $E2E_TMP/reads.stop exists.
reads_start() {
	rm -f "$E2E_TMP/reads.stop"
	(
		while [ ! -e "$E2E_TMP/reads.stop" ]; do
			dd if="/dev/mapper/$MAP" of=/dev/null bs=64k count=256 \
				iflag=direct 2>/dev/null
		done
	) &
	READS_PID=$!
}

reads_stop() {
	touch "$E2E_TMP/reads.stop"
	wait "$READS_PID" 2>/dev/null
}

s_setup() {
	local t
	if ! command -v "$CTL" >/dev/null || ! command -v tmux >/dev/null ||
		! command -v promtool >/dev/null; then
		result_fail top-setup "mpath2ctl, tmux or promtool missing in the guest"
		return 1
	fi
	if ! iscsi_setup || ! modprobe dm-mpath2; then
		result_fail top-setup "no iSCSI paths or no module"
		return 1
	fi
	t=$(mp_table_ex "$E2E_SECTORS" "" "${E2E_DEV[0]},${E2E_DEV[1]}")
	if ! mp_create "$MAP" "$t"; then
		result_fail top-setup "no map"
		return 1
	fi
	reads_start
	# Its exit status into a file, and the pane kept after it (the
	# screen it leaves).
	e2e_run "${TMUX_CMD[@]}" new-session -d -s top -x 100 -y 20 \
		"$CTL top --interval 1; echo \$? >$E2E_TMP/top.rc"
	"${TMUX_CMD[@]}" set-option -t top remain-on-exit on >/dev/null
	result_pass top-setup
}

s_screen() {
	wait_until 20 0.5 both_busy
	local ok=$?
	show_pane top "both paths up"
	result top-screen "the screen does not show both paths active and busy" \
		test $ok = 0
}

s_path_fails() {
	local ok
	sd_set_state "${E2E_SD[0]}" offline
	wait_until 20 0.5 first_failed
	ok=$?
	show_pane top "${E2E_SD[0]} offline"
	result top-path-fails "the screen does not show ${E2E_DEV[0]} failed" \
		test $ok = 0
	s_prom_failed
}

# While the path is failed: promtool on the real output, and its lines.
s_prom_failed() {
	local ok=1 sd0=${E2E_SD[0]}
	"$CTL" stats --prometheus >"$PROM" 2>&1 || ok=0
	sed 's/^/  prom: /' "$PROM" | grep -v '^  prom: #'
	result prom-check "promtool check metrics: $(promtool check metrics <"$PROM" 2>&1 | head -n 3)" \
		sh -c "[ $ok = 1 ] && promtool check metrics <'$PROM'"
	result prom-failed "the failed path or the usable paths are wrong" \
		sh -c "grep -qx 'mpath2_path_state{map=\"$MAP\",path=\"${E2E_DEV[0]}\",dev=\"$sd0\",state=\"failed\"} 1' '$PROM' &&
		       grep -qx 'mpath2_path_state{map=\"$MAP\",path=\"${E2E_DEV[1]}\",dev=\"${E2E_SD[1]}\",state=\"active\"} 1' '$PROM' &&
		       grep -qx 'mpath2_map_usable_paths{map=\"$MAP\"} 1' '$PROM' &&
		       grep -qx 'mpath2_path_failures_total{map=\"$MAP\",path=\"${E2E_DEV[0]}\",dev=\"$sd0\"} 1' '$PROM'"
}

s_path_back() {
	local ok
	sd_set_state "${E2E_SD[0]}" running
	e2e_run "$CTL" reinstate "$MAP" "${E2E_DEV[0]}"
	wait_until 20 0.5 both_busy
	ok=$?
	show_pane top "${E2E_SD[0]} back"
	result top-path-back "the screen does not show ${E2E_DEV[0]} back" test $ok = 0
}

s_keys() {
	local ok=1
	"${TMUX_CMD[@]}" send-keys -t top i
	wait_until 5 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t top | head -n 1 | grep -q 'sort: IOPS'" || ok=0
	"${TMUX_CMD[@]}" send-keys -t top r
	wait_until 5 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t top | head -n 1 | grep -q 'sort: IOPS (reversed)'" || ok=0
	"${TMUX_CMD[@]}" send-keys -t top Enter
	wait_until 5 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t top | head -n 1 | grep -q 'one map'" || ok=0
	show_pane top "keys i, r, Enter"
	result top-keys "a key did not change the title" test $ok = 1
}

# A second top, sampling every 60 s, on a 40-column terminal: the title is
# cut at 40; made 120 wide, the whole title must come at once (SIGWINCH),
# not at the next sample.
s_resize() {
	local ok=1
	e2e_run "${TMUX_CMD[@]}" new-session -d -s slow -x 40 -y 12 \
		"$CTL top --interval 60"
	wait_until 10 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t slow | head -n 1 | grep -q '^mpath2ctl top'" || ok=0
	pane slow | head -n 1 | grep -q 'sort:' && ok=0
	"${TMUX_CMD[@]}" resize-window -t slow -x 120 -y 12
	wait_until 10 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t slow | head -n 1 | grep -q 'sort: name'" || ok=0
	show_pane slow "made 120 wide"
	"${TMUX_CMD[@]}" kill-session -t slow 2>/dev/null
	result top-resize "the wider terminal was not redrawn" test $ok = 1
}

# Ctrl-Z under an interactive bash (job control, as a user has it): top
# stops with the normal screen and bash's "Stopped" back; fg brings the
# frame back; q returns to the prompt. (A pane's own command is in an
# orphaned process group, where the kernel ignores a stop: hence bash.)
s_suspend() {
	local ok=1
	e2e_run "${TMUX_CMD[@]}" new-session -d -s job -x 100 -y 20 \
		"env PS1='prompt\$ ' bash --norc --noprofile -i"
	"${TMUX_CMD[@]}" send-keys -t job "$CTL top --interval 1" Enter
	wait_until 10 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t job | grep -q 'MAP/GROUP/PATH'" || ok=0
	"${TMUX_CMD[@]}" send-keys -t job C-z
	wait_until 5 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t job | grep -q 'Stopped'" || ok=0
	pane job | grep -q 'MAP/GROUP/PATH' && ok=0
	show_pane job "Ctrl-Z"
	"${TMUX_CMD[@]}" send-keys -t job fg Enter
	wait_until 5 0.2 sh -c "${TMUX_CMD[*]} capture-pane -p -t job | grep -q 'MAP/GROUP/PATH'" || ok=0
	"${TMUX_CMD[@]}" send-keys -t job q
	wait_until 5 0.2 sh -c "! ${TMUX_CMD[*]} capture-pane -p -t job | grep -q 'MAP/GROUP/PATH'" || ok=0
	show_pane job "fg, then q"
	"${TMUX_CMD[@]}" kill-session -t job 2>/dev/null
	result top-suspend "Ctrl-Z did not give the screen back, or fg did not take it again" \
		test $ok = 1
}

top_exited() { [ -s "$E2E_TMP/top.rc" ]; }

s_quit() {
	local ok=0
	"${TMUX_CMD[@]}" send-keys -t top q
	wait_until 5 0.2 top_exited && [ "$(cat "$E2E_TMP/top.rc")" = 0 ] && ok=1
	e2e_log "after q: exit status '$(cat "$E2E_TMP/top.rc" 2>/dev/null)'"
	# Off the alternate screen: what is left is the (empty) normal one.
	pane top | grep -q 'MAP/GROUP/PATH' && ok=0
	"${TMUX_CMD[@]}" kill-server 2>/dev/null
	result top-quit "q did not end top with status 0 and the screen restored" \
		test $ok = 1
}

s_lines() {
	local out n bad
	out=$("$CTL" top "$MAP" --interval 0.5 --count 3 2>&1 | cat)
	printf '%s\n' "$out" | sed 's/^/  lines: /'
	n=$(printf '%s\n' "$out" | grep -c " $MAP ")
	bad=$(printf '%s\n' "$out" | grep -v '^#' | awk 'NF != 12' | head -n 1)
	result top-lines "$n path lines, not 6; odd line: '$bad'" \
		sh -c "[ $n = 6 ] && [ -z '$bad' ] && ! printf '%s' '$out' | grep -q \"\$(printf '\\033')\""
}

ios_total() { # FILE DEV
	awk -v k="mpath2_path_ios_total{map=\"$MAP\",path=\"$2\"," \
		'index($0, k) == 1 { print $2 }' "$1"
}

s_prom_monotonic() {
	local before after raw t ok=1
	"$CTL" stats --prometheus --output "$E2E_TMP/m.prom" --state "$E2E_TMP/st" || ok=0
	before=$(ios_total "$E2E_TMP/m.prom" "${E2E_DEV[1]}")
	# The same table again: new paths in the kernel, counters from 0.
	t=$(dmsetup table "$MAP")
	mp_reload "$MAP" "$t" || ok=0
	raw=$(mp_path_stat "$MAP" "${E2E_DEV[1]}" ios)
	"$CTL" stats --prometheus --output "$E2E_TMP/m.prom" --state "$E2E_TMP/st" || ok=0
	after=$(ios_total "$E2E_TMP/m.prom" "${E2E_DEV[1]}")
	e2e_log "ios_total of ${E2E_DEV[1]}: $before, after a reload $after (the kernel's: $raw)"
	result prom-monotonic "ios_total $before -> $after across a reload (kernel $raw)" \
		sh -c "[ $ok = 1 ] && [ -n '$before' ] && [ -n '$after' ] && [ -n '$raw' ] &&
		       [ '$raw' -lt '$before' ] && [ '$after' -ge '$before' ]"
	result prom-textfile "the textfile is not whole or a temporary file is left" \
		sh -c "promtool check metrics <'$E2E_TMP/m.prom' &&
		       [ \$(stat -c %a '$E2E_TMP/m.prom') = 644 ] &&
		       ! ls '$E2E_TMP' | grep -q '\\.tmp\$'"
}

e2e_plan
if s_setup; then
	s_screen
	s_path_fails
	s_path_back
	s_keys
	s_resize
	s_suspend
	s_quit
	s_lines
	s_prom_monotonic
	reads_stop
	mp_remove "$MAP"
else
	e2e_fail_rest "setup failed"
fi
e2e_finish
