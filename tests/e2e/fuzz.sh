#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "fuzz" (one boot): bad input through the real interface. A few
# hundred table lines and messages, mutated from valid ones with a fixed
# seed (so a failure can be replayed), go through dmsetup to mpath2 over
# two null_blk devices: a word dropped, doubled, swapped or replaced by a
# number out of range, garbage or another keyword, or the line cut short.
# Every one must be refused or taken (dmsetup returns in time either way);
# nothing may oops or WARN (kernel-log-clean), and the module must unload
# at the end. The 10,000-case campaign runs in KUnit (mpath2_fuzz).
#
# e2e-scenarios: fuzz-setup fuzz-bases-accepted fuzz-tables fuzz-messages
# e2e-scenarios: fuzz-module-unloads kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

N_TABLES=${E2E_FUZZ_TABLES:-300}
N_MESSAGES=${E2E_FUZZ_MESSAGES:-200}
E2E_KEEP="fuzz-module-unloads kernel-log-clean"
A="" B="" SECTORS=""

# What a mutated word may become.
REPLACEMENTS=(0 1 -1 2 65535 4294967295 4294967296 99999999999999999999
	x "" "%s%n" 1:0 0:0 253:0 queue_if_no_path alua round-robin
	no_path_timeout failback hold_down service-time 1024 1025 3601 86401)

base_tables() {
	BASES=(
		"0 0 1 1 round-robin 0 2 1 $A 1 $B 1"
		"1 queue_if_no_path 0 2 1 round-robin 0 1 1 $A 1 round-robin 0 1 1 $B 1"
		"4 no_path_timeout 30 failback immediate 3 alua poll 2 1 1 service-time 0 2 2 $A 1 1 $B 1 1"
		"6 queue_mode bio hold_down 3 30 5 0 2 2 queue-length 0 1 1 $A 1 round-robin 0 1 1 $B 1"
		"2 pg_init_retries 3 1 alua 1 1 historical-service-time 0 2 1 $A 1 $B 1"
	)
}

MESSAGES=()
base_messages() {
	MESSAGES=("fail_path $A" "reinstate_path $A" "switch_group 1"
		"disable_group 2" "enable_group 2" "queue_if_no_path"
		"fail_if_no_path" "path_stats" "probe_paths" "reinstate_path $B")
}

# mutate LINE: MUTATED = LINE with one random mutation. No subshell: bash
# reseeds $RANDOM in subshells, and the campaign must replay from its seed.
MUTATED=""
mutate() {
	local -a w
	read -r -a w <<<"$1"
	local n=${#w[@]} i j t
	i=$((RANDOM % n)) j=$((RANDOM % n))
	case $((RANDOM % 6)) in
	0) w=("${w[@]:0:i}" "${w[@]:i+1}") ;;			# drop
	1) w=("${w[@]:0:i}" "${w[i]}" "${w[@]:i}") ;;		# double
	2) t=${w[i]}; w[i]=${w[j]}; w[j]=$t ;;			# swap
	3) w[i]=${REPLACEMENTS[RANDOM % ${#REPLACEMENTS[@]}]} ;;	# replace
	4) w=("${w[@]:0:i}") ;;					# cut short
	5) printf -v t '%*s' $((RANDOM % 300 + 1)) ''
	   w=("${w[@]:0:i}" "${t// /z}" "${w[@]:i}") ;;		# garbage
	esac
	MUTATED=${w[*]}
}

s_setup() {
	modprobe null_blk nr_devices=2 gb=1 || { WHY="modprobe null_blk failed"; return 1; }
	mp_load_module || { WHY="modprobe $(mp_module) failed"; return 1; }
	A=$(blk_devt nullb0) B=$(blk_devt nullb1)
	SECTORS=$(cat /sys/block/nullb0/size)
	base_tables
	base_messages
}

s_bases() {
	local line why=""
	for line in "${BASES[@]}"; do
		if ! timeout 20 dmsetup create fz --table "0 $SECTORS mpath2 $line" >/dev/null 2>&1; then
			why="valid table refused: $line"
			break
		fi
		timeout 20 dmsetup remove fz || { why="cannot remove the map of: $line"; break; }
	done
	result_end fuzz-bases-accepted "$why"
}

s_tables() {
	local i line rc taken=0 refused=0 why=""
	RANDOM=4242
	for ((i = 0; i < N_TABLES; i++)); do
		mutate "${BASES[i % ${#BASES[@]}]}"
		line=$MUTATED
		rc=0
		timeout 20 dmsetup create fz --table "0 $SECTORS mpath2 $line" >/dev/null 2>&1 || rc=$?
		if [ $rc = 124 ]; then
			why="dmsetup create hung (case $i): $line"
			break
		elif [ $rc = 0 ]; then
			taken=$((taken + 1))
			if ! timeout 20 dmsetup remove fz; then
				why="cannot remove the map of case $i: $line"
				break
			fi
		else
			refused=$((refused + 1))
			dmsetup remove fz >/dev/null 2>&1	# an empty map, if any
		fi
	done
	e2e_log "tables: $i tried, $taken taken, $refused refused"
	e2e_figure "fuzz tables $i tried, $taken taken, $refused refused"
	[ -n "$why" ] || [ "$refused" -gt 0 ] || why="no mutated table was refused: the mutations do nothing"
	result_end fuzz-tables "$why"
}

s_messages() {
	local i msg rc ok=0 refused=0 why=""
	RANDOM=2424
	if ! mp_create fzm "0 $SECTORS mpath2 0 0 2 1 round-robin 0 1 1 $A 1 round-robin 0 1 1 $B 1"; then
		result_end fuzz-messages "cannot create the map for messages"
		return
	fi
	for ((i = 0; i < N_MESSAGES; i++)); do
		mutate "${MESSAGES[i % ${#MESSAGES[@]}]}"
		msg=$MUTATED
		[ -n "$msg" ] || msg=x
		rc=0
		# shellcheck disable=SC2086 # the message's words, as dmsetup wants them
		timeout 20 dmsetup message fzm 0 $msg >/dev/null 2>&1 || rc=$?
		if [ $rc = 124 ]; then
			why="dmsetup message hung (case $i): $msg"
			break
		fi
		[ $rc = 0 ] && ok=$((ok + 1)) || refused=$((refused + 1))
	done
	e2e_log "messages: $i sent, $ok taken, $refused refused"
	e2e_figure "fuzz messages $i sent, $ok taken, $refused refused"
	# Whatever the messages did, the map still works once repaired.
	dmsetup message fzm 0 fail_if_no_path >/dev/null 2>&1
	dmsetup message fzm 0 reinstate_path "$A" >/dev/null 2>&1
	dmsetup message fzm 0 reinstate_path "$B" >/dev/null 2>&1
	dmsetup message fzm 0 enable_group 1 >/dev/null 2>&1
	dmsetup message fzm 0 enable_group 2 >/dev/null 2>&1
	if [ -z "$why" ] && ! timeout 20 dd if=/dev/mapper/fzm of=/dev/null bs=4k count=16 iflag=direct 2>/dev/null; then
		why="the map does not read after the messages: $(dmsetup status fzm)"
	fi
	[ -n "$why" ] || [ "$refused" -gt 0 ] || why="no mutated message was refused"
	mp_remove fzm || why=${why:-cannot remove the message map}
	result_end fuzz-messages "$why"
}

# ---- main ------------------------------------------------------------------------

e2e_plan
WHY=""
if s_setup; then
	result_pass fuzz-setup
	s_bases
	s_tables
	s_messages
else
	result_fail fuzz-setup "$WHY"
	e2e_fail_rest "setup failed: $WHY"
fi
for m in fz fzm; do mp_remove "$m"; done
if mp_unload_module; then
	result_pass fuzz-module-unloads
else
	result_fail fuzz-module-unloads "rmmod $(mp_module) failed"
fi
e2e_finish
