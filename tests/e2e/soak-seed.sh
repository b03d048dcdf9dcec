#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The soak run on the seed topology (`make soak DURATION=<secs>
# SOAK_TOPOLOGY=seed`, not part of `make test`): lib.sh's seed_setup (2
# NICs x 2 portals, 4 sessions), the map from `mpath2ctl discover`
# (service-time, group_by_prio, alua, no_path_retry fail, failback
# immediate) and `mpath2ctl daemon` (polling_interval 1). For E2E_SOAK_S
# seconds fio with four jobs writes with crc32c verification
# (verify_backlog: checked as it goes) while every random 0.5-3 s a fault
# is made (it lasts a random 0.5-15 s: often past iSCSI's detection plus
# replacement_timeout, ~7-9 s, so that dm sees the path fail, not only
# iSCSI reconnect) and those whose time is up are undone:
#   nicN      NIC N down (its 2 paths), up again
#   portalP   portal P's TPG disabled on the array (its 2 paths), enabled
#             again; the array is then set back to portal 1 optimized if
#             a path activation (STPG) moved it
#   sessionI  path I's session alone blackholed (ip rule from its NIC's
#             address to its portal), restored
# Faults overlap, but never everything at once, since the map fails I/O
# at once with no path: a fault is made only if some path that neither it
# nor a fault in place touches is healthy (session logged in, active in
# dm, and SETTLE_S s past its last fault, for an iSCSI timeout that fires
# after the restore). Prints operations, path events and
# error counts; passes only with zero I/O errors, zero verify failures and
# all 4 paths active again at the end.
#
# demo-scenarios: soak-seed
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DURATION=${E2E_SOAK_S:-600}
CTL=${E2E_CTL:-mpath2ctl}
MAP=mpath0
MAPDEV=/dev/mapper/$MAP
POLL=1                          # the daemon's polling_interval, s
SETTLE_S=5                      # NOP-Out 2 s + 2 s, and a margin
CONF=$E2E_TMP/mpath2.conf
DLOG=$E2E_TMP/daemon.log
OUT=$E2E_TMP/fio-soak.txt
DPID=
FAULTS=(nic1 nic2 portal1 portal2 session0 session1 session2 session3)
declare -A OPS=()               # faults made, by kind
declare -A HELD_TILL=()             # faults in place -> when to undo them (cs)
SKIPPED=0                       # rounds with no fault allowed
QUIET_FROM=(0 0 0 0)            # path N trusted again from then (cs)

# A random number of centiseconds in [$1, $2], and a sleep that long.
rand_cs() { echo $(($1 + RANDOM % ($2 - $1 + 1))); }
sleep_cs() { sleep "$(($1 / 100)).$(printf '%02d' $(($1 % 100)))"; }

# The map (discover, as seed.sh) and the daemon.
setup() {
	local i opts
	seed_setup && modprobe dm-mpath2 || return 1
	printf 'defaults {\n\tpolling_interval %s\n\tchecker_timeout 5\n\tpath_selector "service-time 0"\n\tpath_grouping_policy group_by_prio\n\thardware_handler "1 alua"\n\tno_path_retry fail\n\tfailback immediate\n}\n' \
		"$POLL" >"$CONF"
	opts=(--friendly --bindings "$E2E_TMP/bindings" --selector service-time
		--group group_by_prio --hwhandler alua --no-path-retry fail --failback immediate)
	e2e_run "$CTL" --config "$CONF" discover "${opts[@]}" && [ -b "$MAPDEV" ] || return 1
	mp_show "$MAP"
	setsid "$CTL" --config "$CONF" daemon >>"$DLOG" 2>&1 </dev/null &
	DPID=$!
	for i in 0 1 2 3; do
		wait_until 20 0.2 grep -q "watching path ${SEED_SD[i]} " "$DLOG" || return 1
	done
}

# fault_paths FAULT: the paths (0..3, SEED_* order) FAULT cuts.
fault_paths() {
	local i
	case $1 in
	nic*) i=$((${1#nic} - 1)); echo "$((2 * i)) $((2 * i + 1))" ;;
	portal1) echo "0 2" ;;
	portal2) echo "1 3" ;;
	session*) echo "${1#session}" ;;
	esac
}

# Path N is healthy: logged in, active in dm, settled.
healthy() {
	[ "$(e2e_now_cs)" -ge "${QUIET_FROM[$1]}" ] &&
		seed_sessions_in "$1" && seed_paths_are "$MAP" A "$1"
}

# The paths the faults in place cut, one per line.
cut_paths() {
	local f
	for f in "${!HELD_TILL[@]}"; do
		fault_paths "$f"
	done
}

# healthy_paths: the healthy paths, " 0 2 " style (one look per tick).
healthy_paths() {
	local i s=" "
	for i in 0 1 2 3; do
		healthy "$i" && s="$s$i "
	done
	echo "$s"
}

# allowed FAULT HEALTHY: some path of HEALTHY (healthy_paths) is left out
# of FAULT and of the faults in place.
allowed() {
	local i cut
	cut=" $(cut_paths | tr '\n' ' ') $(fault_paths "$1") "
	for i in $2; do
		[[ $cut == *" $i "* ]] || return 0
	done
	return 1
}

# session_rule add|del N: blackhole path N's session (its NIC's address
# to its portal), nothing else.
session_rule() {
	ip rule "$1" pref 5 from "${SEED_NIC_IP[${SEED_NIC[$2]#nic} - 1]}" \
		to "${SEED_PORTAL_IP[SEED_PORTAL[$2] - 1]}" ipproto 6 dport "$ISCSI_PORT" blackhole
}

# The array back to portal 1 optimized, portal 2 non-optimized.
array_default() {
	[ "$(cat "$LIO_DEV/alua/ao/alua_access_state")" = 0 ] &&
		[ "$(cat "$LIO_DEV/alua/ano/alua_access_state")" = 1 ] && return 0
	OPS[alua-reset]=$((${OPS[alua-reset]:-0} + 1))
	echo 1 >"$LIO_DEV/alua/ano/alua_access_state" && echo 0 >"$LIO_DEV/alua/ao/alua_access_state"
}

# fault FAULT down|up: make or undo one fault.
fault() {
	case $1-$2 in
	nic*-down) seed_nic_down $((${1#nic} - 1)) ;;
	nic*-up) seed_nic_up $((${1#nic} - 1)) ;;
	portal*-down) seed_portal_down "${1#portal}" ;;
	portal*-up) seed_portal_up "${1#portal}" && array_default ;;
	session*-down) e2e_kmsg "$1 down"; session_rule add "${1#session}" ;;
	session*-up) e2e_kmsg "$1 up"; session_rule del "${1#session}" ;;
	esac
}

# undo FAULT: undo a fault in place; its paths are not trusted for
# SETTLE_S s.
undo() {
	local i now
	fault "$1" up
	unset "HELD_TILL[$1]"
	now=$(e2e_now_cs)
	for i in $(fault_paths "$1"); do
		QUIET_FROM[i]=$((now + SETTLE_S * 100))
	done
}

# pick: a random fault not in place and allowed, the less used of two
# such draws (so that every kind gets its turn though path 2, nic2 ->
# portal 1, is often the last healthy one); nothing if none is allowed.
pick() {
	local flt n h
	local -a ok=()
	h=$(healthy_paths)
	for flt in "${FAULTS[@]}"; do
		[ -z "${HELD_TILL[$flt]:-}" ] && allowed "$flt" "$h" && ok+=("$flt")
	done
	[ ${#ok[@]} -gt 0 ] || return 0
	flt=${ok[RANDOM % ${#ok[@]}]}
	n=${ok[RANDOM % ${#ok[@]}]}
	[ "${OPS[$n]:-0}" -lt "${OPS[$flt]:-0}" ] && flt=$n
	echo "$flt"
}

# One tick: undo the faults whose time is up, make a random allowed one
# (held 0.5-15 s), sleep 0.5-3 s.
soak_tick() {
	local flt now
	now=$(e2e_now_cs)
	for flt in "${!HELD_TILL[@]}"; do
		[ "$now" -ge "${HELD_TILL[$flt]}" ] && undo "$flt"
	done
	flt=$(pick)
	if [ -n "$flt" ]; then
		fault "$flt" down
		OPS[$flt]=$((${OPS[$flt]:-0} + 1))
		HELD_TILL[$flt]=$((now + $(rand_cs 50 1500)))
	else
		SKIPPED=$((SKIPPED + 1))
	fi
	sleep_cs "$(rand_cs 50 300)"
}

ops_line() {
	local k s=""
	for k in "${FAULTS[@]}" alua-reset; do
		s="$s $k=${OPS[$k]:-0}"
	done
	echo "${s# } (no fault allowed: $SKIPPED ticks; faults in place now: ${#HELD_TILL[@]})"
}

# Undo every fault in place, wait for the 4 paths to be active again.
restore_all() {
	local flt
	for flt in "${!HELD_TILL[@]}"; do
		undo "$flt"
	done
	array_default
	wait_until 60 0.2 seed_sessions_in 0 1 2 3 && wait_until 30 0.2 seed_paths_are "$MAP" A 0 1 2 3
}

# Path events: the kernel's, iSCSI's and the daemon's.
events_line() {
	local k
	k=$(dmesg)
	printf 'dm failed %s, dm reinstated %s, iSCSI conn errors %s, session timeouts %s, daemon failed %s, daemon reinstated %s' \
		"$(grep -c 'mpath2: .*Failing path' <<<"$k")" "$(grep -c 'mpath2: .*Reinstating path' <<<"$k")" \
		"$(grep -c 'detected conn error' <<<"$k")" "$(grep -c 'session recovery timed out' <<<"$k")" \
		"$(grep -c 'failing path' "$DLOG")" "$(grep -c 'reinstating path' "$DLOG")"
}

# ---- main --------------------------------------------------------------------

e2e_plan
if ! setup; then
	sed 's/^/  daemon: /' "$DLOG" 2>/dev/null
	result_fail soak-seed "seed topology, map or daemon did not come up"
	e2e_finish
	exit 1
fi

e2e_log "soak-seed: ${DURATION}s, fio 4 jobs randwrite + crc32c verify_backlog; NICs, portals and sessions cut, never all paths"
fio --name=soak --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k \
	--iodepth=8 --numjobs=4 --size=32M --offset_increment=32M \
	--rw=randwrite --verify=crc32c --verify_backlog=256 --verify_fatal=1 \
	--time_based --runtime="$DURATION" --group_reporting --eta=never \
	--output="$OUT" &
FIO=$!

ticks=0 t0=$(e2e_now_cs)
while kill -0 "$FIO" 2>/dev/null; do
	soak_tick
	ticks=$((ticks + 1))
	if [ $((ticks % 20)) -eq 0 ]; then
		e2e_log "soak-seed: $(e2e_since "$t0")s, $(ops_line); $(dmsetup status "$MAP" | cut -d' ' -f4-)"
	fi
done
wait "$FIO"
rc=$?
why=""
restore_all || why="the 4 paths not all active 90 s after the end: $(dmsetup status "$MAP")"
mp_show "$MAP"
dmsetup message "$MAP" 0 path_stats | sed 's/^/  path_stats: /'

e2e_log "fio exit $rc: $(fio_summary "$OUT")"
e2e_figure "soak-seed ${DURATION}s operations: $(ops_line)"
e2e_figure "soak-seed path events: $(events_line)"
e2e_figure "soak-seed errors: fio exit $rc, $(grep -oE 'err= *[0-9]+' "$OUT" | head -n 1), verify failures $(grep -ciE 'verify: bad|verify failed' "$OUT")"
if [ "$rc" -ne 0 ] || ! fio_ok "$OUT"; then
	sed 's/^/  fio: /' "$OUT" | tail -n 20
	why="fio reported errors or verify failures (exit $rc)${why:+; $why}"
fi
result soak-seed "$why" test -z "$why"

kill -TERM "$DPID" 2>/dev/null
wait_until 10 0.2 pid_gone "$DPID" || kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
grep -E 'failing|reinstating' "$DLOG" | tail -n 10 | sed 's/^/  daemon: /'
mp_remove "$MAP"
seed_teardown || e2e_log "warning: seed teardown incomplete"
e2e_finish
