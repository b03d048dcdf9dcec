#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The narrated demo (scripts/demo.sh boots the guest with it): the seed
# scenario. A host with two NICs and an iSCSI array with two portals (its
# own network namespace, lib.sh's seed_setup), one LUN seen as four paths,
# built into one map by `mpath2ctl discover` and watched by `mpath2ctl
# daemon`. fio writes with crc32c checksums throughout while NIC1 is cut
# and comes back, and while the array moves its optimized port group;
# then every block of the last pass is read back and verified.
#
# demo-scenarios: topology io-survives-nic-cut paths-reinstated
# demo-scenarios: failback-to-optimized array-move-followed data-verified
# demo-scenarios: kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
MAP=mpath0
MAPDEV=/dev/mapper/$MAP
POLL=1
CONF=$E2E_TMP/mpath2.conf
DLOG=$E2E_TMP/daemon.log
DPID=
FIO_MB=${E2E_FIO_MB:-16}
fio_job=(
	--name=demo --filename="$MAPDEV" --ioengine=libaio --direct=1 --bs=4k
	--iodepth=16 --rw=randwrite --size="${FIO_MB}M" --group_reporting
	--verify=crc32c --verify_fatal=1 --do_verify=1 --eta=never
)

# ---- narration ---------------------------------------------------------------

step=0
section() {
	step=$((step + 1))
	printf '\n======== %d. %s ========\n' "$step" "$*"
}
say() { printf '  %s\n' "$*"; }
show() { # show CMD...: print the command and its indented output
	printf '  $ %s\n' "$*"
	"$@" 2>&1 | sed 's/^/    /'
}
show_sh() { # show_sh 'SHELL COMMAND'
	printf '  $ %s\n' "$1"
	bash -c "$1" 2>&1 | sed 's/^/    /'
}

# Path N's short name: "nic1->portal1 (sda)".
label() { echo "${SEED_NIC[$1]}->portal${SEED_PORTAL[$1]} (${SEED_SD[$1]})"; }

PREV_IOS=""
# One line: bios each path took since the last line, and its dm state.
rate_line() {
	local -a now prev
	local i line="" st
	read -r -a now <<<"$(seed_ios "$MAP")"
	read -r -a prev <<<"${PREV_IOS:-${now[*]}}"
	for i in 0 1 2 3; do
		st=$(mp_path_state "$MAP" "${SEED_DEV[i]}")
		line="$line $(label "$i") $st +$((now[i] - prev[i])) |"
	done
	PREV_IOS="${now[*]}"
	say "bios/s:${line% |}"
}

# watch SECS [CMD...]: a rate line every second for SECS seconds, or until
# CMD succeeds (then returns 0; 1 if it never did).
watch() {
	local secs=$1 i
	shift
	rate_line
	for ((i = 0; i < secs; i++)); do
		sleep 1
		rate_line
		if [ $# -gt 0 ] && "$@"; then
			return 0
		fi
	done
	[ $# -eq 0 ]
}

# on_path N: >= 99% of the next 300 bios went through path N.
on_path() {
	local -a s
	read -r -a s <<<"$(seed_split "$MAP" 300)"
	[ "${s[$1]}" -gt 0 ] && [ $((s[$1] * 100)) -ge $(((s[0] + s[1] + s[2] + s[3]) * 99)) ]
}

# on_portal P: >= 99% of the next 300 bios went through portal P's paths.
on_portal() {
	local -a s
	local i on=0 all=0
	read -r -a s <<<"$(seed_split "$MAP" 300)"
	for i in 0 1 2 3; do
		all=$((all + s[i]))
		[ "${SEED_PORTAL[i]}" = "$1" ] && on=$((on + s[i]))
	done
	[ "$on" -gt 0 ] && [ $((on * 100)) -ge $((all * 99)) ]
}

alua_is() { mp_path_stat_is "$MAP" "${SEED_DEV[$1]}" alua "$2"; }

# Give up: fail what is left, clean up, end.
abort() {
	say "$*"
	e2e_fail_rest "$*"
	cleanup
	e2e_finish
	exit 1
}

cleanup() {
	[ -n "${FIO_LOOP_PID:-}" ] && ! pid_gone "$FIO_LOOP_PID" && bg_stop "$FIO_LOOP_PID"
	if [ -n "$DPID" ]; then
		kill -TERM "$DPID" 2>/dev/null
		wait_until 10 0.2 pid_gone "$DPID" || kill -KILL "$DPID"
		wait "$DPID" 2>/dev/null
		DPID=
	fi
	dmsetup info "$MAP" >/dev/null 2>&1 && "$CTL" remove "$MAP"
	mp_unload_module >/dev/null 2>&1
	seed_teardown >/dev/null 2>&1 || say "warning: teardown incomplete"
}

# ---- the story -----------------------------------------------------------------

e2e_plan
# The kernel's own lines would interleave with the story: the demo quotes
# the ones that matter (the whole log is still checked at the end).
dmesg -n 1
printf '\n#### mpath2 demo: 2 NICs x 2 portals, one LUN, four paths ####\n'
say "guest kernel $(uname -r); everything below runs inside this qemu guest"

section "The network: a host with two NICs, an array with two portals"
if ! seed_setup >"$E2E_TMP/setup.log" 2>&1; then
	cat "$E2E_TMP/setup.log"
	result_fail topology "the 2x2 iSCSI bench did not come up"
	abort "no storage"
fi
say "the host is the root network namespace; the array is namespace \"array\","
say "joined by two veth pairs (two cables); both portals are on the array's bridge:"
show ip -br addr show nic1
show ip -br addr show nic2
show in_array ip -br addr show br0
say "each NIC reaches the other subnet's portal too (route through itself):"
show_sh "ip route show | grep -E 'nic[12]'"

section "The array: LIO, one LUN, two portals, two ALUA port groups"
for i in 1 2; do
	say "portal $i: TPG $i on ${SEED_PORTAL_IP[i - 1]}:$ISCSI_PORT (opened in the array namespace), ALUA port group ${ISCSI_TPG_ALUA[i - 1]}"
done
for g in ao ano; do
	say "ALUA port group $g: id $(cat "$LIO_DEV/alua/$g/tg_pt_gp_id"), access type 3 ($(cat "$LIO_DEV/alua/$g/alua_access_type")), state $(cat "$LIO_DEV/alua/$g/alua_access_state") ($([ "$g" = ao ] && echo active/optimized || echo active/non-optimized))"
done

section "The initiator: one open-iscsi iface per NIC, every NIC logs in to every portal"
show_sh "iscsiadm -m iface | grep nic"
say "multipath timeouts, set on every node record before login:"
show_sh "iscsiadm -m node -T $ISCSI_IQN -p ${SEED_PORTAL_IP[0]}:$ISCSI_PORT -I nic1 | grep -E 'replacement_timeout|noop_out_(interval|timeout)'"
show iscsiadm -m session
say "four sessions, four disks, one LUN (WWID $E2E_WWID):"
for i in 0 1 2 3; do
	say "  $(seed_path_name "$i")"
done

section "The multipath map: mpath2ctl discover, and the path checker"
modprobe dm-mpath2 || abort "modprobe dm-mpath2 failed"
group=failover
grep -q group_by_prio <<<"$("$CTL" --help 2>&1)" && group=group_by_prio
printf 'defaults {\n\tpolling_interval %s\n\tchecker_timeout 5\n\tpath_selector "service-time 0"\n\tpath_grouping_policy %s\n\thardware_handler "1 alua"\n\tno_path_retry fail\n\tfailback immediate\n}\n' \
	"$POLL" "$group" >"$CONF"
show cat "$CONF"
show "$CTL" --config "$CONF" discover --friendly --bindings "$E2E_TMP/bindings" \
	--selector service-time --group "$group" --hwhandler alua \
	--no-path-retry fail --failback immediate
if [ "$group" = failover ]; then
	say "(a group per path; the ALUA handler ranks them: optimized prio 50, non-optimized 10)"
else
	say "(one group per ALUA priority: portal 1's paths first, prio 50; portal 2's, prio 10)"
fi
setsid "$CTL" --config "$CONF" daemon >>"$DLOG" 2>&1 </dev/null &
DPID=$!
say "mpath2ctl daemon started (pid $DPID): a TEST UNIT READY per path every ${POLL}s"
for i in 0 1 2 3; do
	wait_until 20 0.2 grep -q "watching path ${SEED_SD[i]} " "$DLOG"
	wait_until 15 0.2 alua_is "$i" "$([ "${SEED_PORTAL[i]}" = 1 ] && echo active/optimized || echo active/non-optimized)"
done
show "$CTL" show "$MAP"
if [ -b "$MAPDEV" ] && seed_paths_are "$MAP" A 0 1 2 3; then
	result_pass topology
else
	result_fail topology "no $MAPDEV with four active paths"
	abort "no map"
fi

section "fio: 4k random writes with crc32c checksums, read back and verified, pass after pass"
fio_loop_start "$E2E_TMP/fio" "${fio_job[@]}"
say "each pass writes ${FIO_MB} MiB at random offsets, then reads every block back and checks it"
say "bios per second per path (A = active, F = failed in dm):"
watch 4
ACTIVE=0
read -r -a s <<<"$(seed_split "$MAP" 200)"
for i in 0 1 2 3; do [ "${s[i]}" -gt "${s[ACTIVE]}" ] && ACTIVE=$i; done
if [ "$group" = failover ]; then
	say "=> I/O goes to an optimized path only: $(label "$ACTIVE")"
else
	say "=> I/O goes to the two optimized paths only (service-time between them)"
fi

section "Cut NIC1 (pull the cable) while fio runs"
show ip link set nic1 down
say "iSCSI notices (NOP-Out 2 s) and holds NIC1's I/O for replacement_timeout (5 s): fio"
say "pauses, no error; then the I/O fails back to mpath2, which resends it over NIC2:"
watch 30 seed_paths_are "$MAP" F 0 1
dmesg | grep -E 'detected conn error|session recovery timed out|Failing path' | tail -n 6 | sed 's/^/    kernel: /'
say "the daemon:"
grep -E "(${SEED_SD[0]}|${SEED_SD[1]}) " "$DLOG" | grep -vE 'watching|checker up \(' | tail -n 4 | sed 's/^/    /'
show "$CTL" show "$MAP"
say "I/O goes on over NIC2:"
base=$(blk_ios "$(mp_blkname "$MAP")")
watch 3
if seed_paths_are "$MAP" F 0 1 && seed_paths_are "$MAP" A 2 3 &&
	blk_progress "$(mp_blkname "$MAP")" "$base" 100; then
	result_pass io-survives-nic-cut
else
	result_fail io-survives-nic-cut "NIC1's paths not failed, or no I/O after the cut"
fi

section "NIC1 is back: the sessions log in again, the daemon reinstates the paths"
show_sh "ip link set nic1 up && ip route replace ${SEED_NET[1]} dev nic1 src ${SEED_NIC_IP[0]} metric 100"
t0=$(e2e_now_cs)
watch 60 seed_paths_are "$MAP" A 0 1
say "both NIC1 paths active again $(e2e_since "$t0")s after the link came back; the daemon:"
grep -E "reinstating path (${SEED_SD[0]}|${SEED_SD[1]}) " "$DLOG" | sed 's/^/    /'
if seed_paths_are "$MAP" A 0 1 && grep -q "reinstating path ${SEED_SD[0]} " "$DLOG"; then
	result_pass paths-reinstated
else
	result_fail paths-reinstated "NIC1's paths not reinstated by the daemon"
fi
if [ "$group" = failover ]; then
	say "failback immediate: I/O returns to $(label "$ACTIVE"):"
	watch 2
	back() { on_path "$ACTIVE"; }
else
	say "$(label 0) is back in the optimized group: I/O spreads over both optimized paths again:"
	watch 2
	back() {
		local -a s
		read -r -a s <<<"$(seed_split "$MAP" 300)"
		[ "${s[0]}" -gt 0 ] && [ "${s[2]}" -gt 0 ] && [ $((s[1] + s[3])) -eq 0 ]
	}
fi
if back; then
	result_pass failback-to-optimized
else
	result_fail failback-to-optimized "I/O not back on NIC1's optimized path"
fi

section "The array moves its optimized port group to portal 2"
show_sh "echo 1 >$LIO_DEV/alua/ao/alua_access_state; echo 0 >$LIO_DEV/alua/ano/alua_access_state"
say "the ALUA handler re-reads the port states every 5 s and I/O follows, no reload, no error:"
watch 15 alua_is 1 active/optimized
watch 2
show "$CTL" show "$MAP"
if on_portal 2; then
	result_pass array-move-followed
else
	result_fail array-move-followed "I/O did not move to portal 2"
fi

section "Final check: stop fio, read the last pass back once more"
rc=0
fio_loop_stop 120 || rc=1
say "fio: $FIO_LOOP_RUNS pass(es) of ${FIO_MB} MiB written and verified during all of the above${FIO_LOOP_WHY:+: $FIO_LOOP_WHY}"
grep -E 'err=|^ *(read|write):' "$FIO_LOOP_DIR/run-$FIO_LOOP_RUNS.txt" 2>/dev/null | sed 's/^ */    /'
vrc=0
fio "${fio_job[@]}" --randseed=$((4242 + FIO_LOOP_RUNS)) --verify_only=1 \
	--output="$E2E_TMP/fio-verify.txt" || vrc=$?
say "last pass read back again through portal 2 (verify_only):"
grep -E 'err=|^ *read:' "$E2E_TMP/fio-verify.txt" | sed 's/^ */    /'
if [ "$rc" = 0 ] && [ "$vrc" = 0 ] && fio_ok "$E2E_TMP/fio-verify.txt"; then
	say "=> no I/O error reached fio, no checksum mismatch"
	result_pass data-verified
else
	result_fail data-verified "fio loop ${FIO_LOOP_WHY:-ok}, verify_only exit $vrc"
fi

section "Clean up"
cleanup
say "daemon stopped, map removed, sessions logged out, array and network gone"
e2e_finish
